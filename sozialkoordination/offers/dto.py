"""What the Angebote feature hands to the window and the documents: list rows, the Präventionskette matrix."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date


@dataclass(frozen=True)
class AngebotListRow:
    id: int
    name: str
    kind: str
    life_phases: str  # labels, comma-separated
    themes: str
    organisation: str | None
    place: str | None  # "37115 Duderstadt"
    gemeinde: str | None
    sozialraum: str | None
    reach: str
    period: str  # "ab 01.01.2026", "01.01.2026 – 31.12.2026", ""


@dataclass(frozen=True)
class ChainArea:
    """A column of the matrix: a Sozialraum or a Gemeinde (level "sozialraum" | "gemeinde"), keyed ARS or AGS."""

    level: str
    key: str
    name: str
    id: int
    sozialraum_id: int | None  # the Sozialraum itself, or the one the Gemeinde lies in
    need_text: str = "–"  # the need indicator's value, "< 3" when protected
    high_need: bool = False


@dataclass(frozen=True)
class ChainCell:
    phase: str  # life phase code
    area_key: str
    angebot_ids: tuple[int, ...]
    population_text: str  # matching population ("1.234", "< 3", "–")
    per_1000_text: str  # offers per 1,000 of the group ("2,4", "–")
    high_need_low_supply: bool = False  # high need (see high_need) and no offer at all
    high_need: bool = False  # the area's need is above the Landkreis's and the indicator's ages meet this phase

    @property
    def count(self) -> int:
        return len(self.angebot_ids)


@dataclass(frozen=True)
class ChainData:
    """The Präventionskette: life phases × areas, with the need beside the supply."""

    title: str  # "Präventionskette – Sozialraum Duderstadt" or "… – Sozialräume des Landkreises"
    phases: list[tuple[str, str]]  # (code, label)
    areas: list[ChainArea]
    cells: dict[tuple[str, str], ChainCell]  # (phase code, area key)
    district_counts: dict[str, int]  # phase → offers in the whole Landkreis, for comparison
    need_name: str | None  # the indicator that measures need, with its date
    population_names: dict[str, str] = field(default_factory=dict)  # phase → indicator giving its group
    reference_date: date | None = None
    limit: int = 3  # small-number limit
    district_need: str = "–"  # the need indicator's value for the whole Landkreis: what "▲ hoch" is measured against
    district_per_1000: dict[str, str] = field(default_factory=dict)  # phase → the Landkreis's offers per 1,000

    def cell(self, phase: str, area_key: str) -> ChainCell:
        return self.cells[(phase, area_key)]


@dataclass(frozen=True)
class MapPoint:
    """An offer on the Angebotslandkarte, in WGS84 degrees. `approximate`: no coordinates of its own – placed at the
    middle of its Gemeinde (from the shipped boundaries) and marked "ungefähr"."""

    id: int
    name: str
    organisation: str | None
    latitude: float
    longitude: float
    approximate: bool

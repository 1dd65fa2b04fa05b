"""What crosses from the Sozialraumprofil service to its document: the profile's data."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from sozialkoordination.core.enums import IndicatorDirection
from sozialkoordination.core.formatting import german_number
from sozialkoordination.indicators.service import (
    AreaRef,
    AreaValue,
    IndicatorDTO,
    value_text,
)
from sozialkoordination.networks.dto import GapTable
from sozialkoordination.offers.dto import ChainData

CHARTED_INDICATORS = 3  # trend and comparison for the first three key indicators keep the report readable
MEETING_MONTHS = 12
CHART_DPI = 200  # sharp on paper at the 16 cm the charts take in the document


@dataclass(frozen=True)
class IndicatorLine:
    indicator: IndicatorDTO
    latest: AreaValue
    earlier: AreaValue | None
    landkreis: AreaValue | None
    limit: int

    @property
    def value(self) -> str:
        return value_text(self.latest, self.limit, self.indicator.decimals)

    @property
    def change(self) -> str:
        """ "+3,2 % seit 2019" for counts, "−0,4 Punkte seit 2019" for rates; "" where not computable."""
        old, new = self.earlier, self.latest
        if old is None or old.shown is None or new.shown is None or old.reference_date == new.reference_date:
            return ""
        since = f"seit {_date_word(old.reference_date)}"
        if self.indicator.is_rate:
            diff = new.shown - old.shown
            return f"{_signed(diff, 1)} Punkte {since}"
        if not old.shown:
            return ""
        return f"{_signed((new.shown / old.shown - 1) * 100, 1)} % {since}"

    @property
    def landkreis_text(self) -> str:
        return value_text(self.landkreis, self.limit, self.indicator.decimals) if self.landkreis else "–"

    @property
    def assessment(self) -> str:
        """Compared with the Landkreis, in words (rates only: a count of a small area is no comparison)."""
        ind, mine, lk = self.indicator, self.latest.shown, self.landkreis.shown if self.landkreis else None
        if not ind.is_rate or mine is None or lk is None:
            return ""
        if abs(mine - lk) < 0.05 * abs(lk):
            return "etwa wie im Landkreis"
        higher = mine > lk
        word = "höher" if higher else "niedriger"
        if ind.direction == IndicatorDirection.NEUTRAL:
            return f"{word} als im Landkreis"
        good = higher == (ind.direction == IndicatorDirection.HIGHER_BETTER)
        return f"{word} als im Landkreis ({'günstiger' if good else 'ungünstiger'})"


@dataclass
class ProfileData:
    area: AreaRef
    region: AreaRef | None
    raeume: list[AreaRef]
    gemeinden: list[str]
    today: date
    user_name: str | None
    limit: int
    population: IndicatorLine | None
    indicators: list[IndicatorLine]
    raum_table: list[tuple[str, list[str]]]  # region profiles: Sozialraum → the key indicators' values
    charts: list[tuple[str, str, bytes]] = field(default_factory=list)  # (heading, caption, PNG)
    map_png: bytes | None = None
    map_caption: str = ""
    actor_types: list[tuple[str, int]] = field(default_factory=list)
    missing_types: list[str] = field(default_factory=list)  # chosen actor types the area lacks (weiße Flecken)
    missing_kinds: list[str] = field(default_factory=list)  # chosen offer kinds the area lacks
    # Weiße Flecken je Sozialraum (region profiles): ("Akteure" | "Angebote", its Sozialräume × the chosen kinds)
    gap_tables: list[tuple[str, GapTable]] = field(default_factory=list)
    gap_phases: list[str] = field(default_factory=list)  # the life phases offers were narrowed to (labels)
    organisations: int = 0
    networks: list[tuple[str, str, str, int]] = field(default_factory=list)  # name, type, area, active members
    meetings: list[tuple[date, str, str, str]] = field(default_factory=list)  # date, type, title, area
    open_tasks: list[tuple[str, str, date | None, bool]] = field(default_factory=list)  # who, what, due, overdue
    participation: list[tuple] = field(default_factory=list)  # year, activities, participants, *responses
    volunteering: dict[str, int] = field(default_factory=dict)
    sources: list[str] = field(default_factory=list)
    chain: ChainData | None = None  # the Präventionskette of a Sozialraum (its Gemeinden)


@dataclass(frozen=True)
class ProfileResult:
    path: Path
    seconds: float
    indicators: int
    charts: int

    @property
    def pages_hint(self) -> str:
        return f"{self.indicators} Kennzahlen, {self.charts} Grafiken, {self.seconds:.1f} s".replace(".", ",")


def _signed(value: float, decimals: int) -> str:
    text = german_number(abs(round(value, decimals)), decimals)
    return ("+" if value > 0 else "−" if value < 0 else "±") + text


def _date_word(day: date) -> str:
    return str(day.year) if (day.month, day.day) == (12, 31) else day.strftime("%d.%m.%Y")

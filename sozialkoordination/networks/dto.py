"""What crosses from the network service to the window and the documents: rows and constants."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sozialkoordination.core.enums import AreaLevel
from sozialkoordination.core.letters import Addressee

NETWORK_TYPES = ("Arbeitskreis", "Präventionskette", "Netzwerk", "Verbund", "Steuerungsgruppe", "Projekt", "Sonstiges")
ROLES = ("Mitglied", "Sprecher*in", "Koordination", "Gast")
LEVELS = {
    AreaLevel.SOZIALRAUM: "Sozialraum",
    AreaLevel.SOZIALREGION: "Sozialregion",
    AreaLevel.LANDKREIS: "Landkreis",
}
ORGANISATION, PERSON = "organisation", "person"
# What counts for the weiße Flecken until the user chooses: the actor types every Sozialraum should have.
DEFAULT_GAP_TYPES = ("Familienzentrum", "Kita", "Schule", "Jugendpflege", "Beratungsstelle", "Seniorenangebot")


@dataclass
class NetworkData:
    name: str = ""
    network_type: str | None = "Arbeitskreis"
    level: str = AreaLevel.SOZIALREGION
    sozialregion_id: int | None = None
    sozialraum_id: int | None = None
    project_id: int | None = None
    organiser_person_id: int | None = None
    description: str | None = None
    id: int | None = None
    version: int | None = None


@dataclass(frozen=True)
class MemberRow:
    membership_id: int
    kind: str  # ORGANISATION or PERSON
    actor_id: int
    name: str
    organisation: str | None  # for persons: where they work; for organisations: their type
    role: str | None
    valid_from: date | None
    valid_until: date | None
    active: bool
    contact: Addressee  # e-mail, phone and address for the member list
    sozialraum: str | None


@dataclass(frozen=True)
class GapTable:
    """Counts per Sozialraum (rows) and column (actor type or network); 0 is a gap."""

    columns: list[str]
    rows: list[tuple[str, list[int]]]

    def gaps(self) -> list[tuple[str, str]]:
        return [
            (raum, column)
            for raum, counts in self.rows
            for column, n in zip(self.columns, counts, strict=True)
            if not n
        ]


@dataclass(frozen=True)
class GapChoice:
    """What counts for the weiße Flecken: actor types, offer kinds and, narrowing the offers, life phases (codes;
    none = every phase). Stored per database, so the gap tables and the Sozialraumprofil agree."""

    org_types: tuple[str, ...] = DEFAULT_GAP_TYPES
    offer_kinds: tuple[str, ...] = ()
    life_phases: tuple[str, ...] = ()


def is_active(valid_from: date | None, valid_until: date | None, day: date) -> bool:
    return (valid_from is None or valid_from <= day) and (valid_until is None or valid_until >= day)


@dataclass(frozen=True)
class NetworkListRow:
    """One row of the network list."""

    id: int
    name: str
    network_type: str | None
    level: str  # as shown: "Sozialraum", "Sozialregion", "Landkreis"
    area: str | None  # the Sozialraum's or Sozialregion's name, or the district's
    project: str | None  # the project's code, e.g. "TP1"
    active_members: int  # memberships valid today
    description: str | None

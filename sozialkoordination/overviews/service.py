"""Read-only overview lists of networks, volunteering and participation (meetings and tasks have their own
service, services/meetings.py; indicators services/indicators.py)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date

from sqlalchemy import ColumnElement, Select, and_, case, func, literal, or_, select
from sqlalchemy.orm import Session, sessionmaker

from sozialkoordination.actors.columns import ColumnSpec
from sozialkoordination.core.enums import AreaLevel, OfferStatus, PlacementStatus, TimePattern
from sozialkoordination.core.formatting import german_date
from sozialkoordination.models import (
    Network,
    NetworkMembership,
    Offer,
    Organisation,
    ParticipationActivity,
    Person,
    Placement,
    Project,
    Proposal,
    Sozialraum,
    Sozialregion,
    Theme,
    Volunteer,
)
from sozialkoordination.models.volunteering import volunteer_interest

log = logging.getLogger(__name__)

LANDKREIS_NAME = "Landkreis Göttingen"

NETWORK_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("name", "Name", width=36),
    ColumnSpec("network_type", "Art", width=18),
    ColumnSpec("level", "Ebene", width=12),
    ColumnSpec("area", "Gebiet", width=24),
    ColumnSpec("project", "Projekt", width=9),
    ColumnSpec("active_members", "aktive Mitglieder", kind="int", width=10),
    ColumnSpec("description", "Beschreibung", width=40),
)

VOLUNTEER_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("name", "Name", width=26),
    ColumnSpec("role", "Rolle", width=20),
    ColumnSpec("interests", "Interessen", width=30),
    ColumnSpec("ortschaft", "Ortschaft", width=18),
    ColumnSpec("sozialraum", "Sozialraum", width=20),
    ColumnSpec("mobility", "Mobilität", width=24),
    ColumnSpec("active_placements", "Einsätze aktiv", kind="int", width=9),
    ColumnSpec("last_activity_on", "Letzte Aktivität", kind="date", width=12),
)

OFFER_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("title", "Titel", width=34),
    ColumnSpec("organisation", "Organisation", width=30),
    ColumnSpec("place", "Ort", width=18),
    ColumnSpec("sozialraum", "Sozialraum", width=20),
    ColumnSpec("time", "Zeit", width=24),
    ColumnSpec("places", "Plätze", kind="int", width=7),
    ColumnSpec("status", "Status", width=10),
)

PARTICIPATION_COLUMNS: tuple[ColumnSpec, ...] = (
    ColumnSpec("starts_on", "Beginn", kind="date", width=11),
    ColumnSpec("format", "Format", width=20),
    ColumnSpec("title", "Titel", width=36),
    ColumnSpec("sozialraum", "Sozialraum", width=20),
    ColumnSpec("ortschaft", "Ortschaft", width=18),
    ColumnSpec("participants", "Teilnehmende", kind="int", width=11),
    ColumnSpec("proposals", "Vorschläge", kind="int", width=10),
    ColumnSpec("status", "Status", width=13),
)

LEVEL_NAMES = {
    AreaLevel.LANDKREIS: "Landkreis",
    AreaLevel.SOZIALREGION: "Sozialregion",
    AreaLevel.SOZIALRAUM: "Sozialraum",
    AreaLevel.GEMEINDE: "Gemeinde",
}
_OFFER_STATUS_RANK = {status: rank for rank, status in enumerate(OfferStatus)}
WEEKDAY_ADVERBS = ("montags", "dienstags", "mittwochs", "donnerstags", "freitags", "samstags", "sonntags")
_SEPARATOR = "\x1f"  # joins theme names in SQL; split and sorted again in Python


def _level_name(column: ColumnElement) -> ColumnElement:
    return case(LEVEL_NAMES, value=column, else_=column)


def _full_name(person: type[Person]) -> ColumnElement:
    """ "Vorname Nachname", or only the last name where the first name is missing."""
    return func.trim(func.coalesce(person.first_name, "") + " " + person.last_name)


def _raeume_of(sozialregion_id: int) -> Select:
    return select(Sozialraum.id).where(Sozialraum.sozialregion_id == sozialregion_id)


def offer_time_text(
    time_pattern: str | None, weekday: int | None, part_of_day: str | None, one_off_date: date | None
) -> str:
    """ "dienstags nachmittags", "einmalig am 12.03.2026", "flexibel" …"""
    if time_pattern == TimePattern.ONCE:
        return f"einmalig am {german_date(one_off_date)}" if one_off_date else "einmalig"
    if time_pattern == TimePattern.FLEXIBLE:
        return "flexibel"
    day = WEEKDAY_ADVERBS[weekday] if weekday is not None and 0 <= weekday < len(WEEKDAY_ADVERBS) else ""
    return " ".join(p for p in (day, part_of_day) if p) or (time_pattern or "")


def mobility_text(has_car: bool, uses_public_transport: bool, range_km: int | None) -> str:
    parts = []
    if has_car:
        parts.append("eigenes Auto")
    if uses_public_transport:
        parts.append("ÖPNV")
    if range_km:
        parts.append(f"bis {range_km} km")
    return ", ".join(parts)


class OverviewService:
    """One method per area; each runs a single SELECT and returns (id, *values) in the order of its columns."""

    def __init__(self, session_factory: sessionmaker[Session], today: Callable[[], date] = date.today):
        self._sf = session_factory
        self._today = today  # injectable so "überfällig" and "aktiv" can be tested on a fixed day

    # -- Netzwerke -----------------------------------------------------------------------------
    def networks(self, sozialregion_id: int | None) -> list[tuple]:
        today = self._today()
        active = (
            select(func.count(NetworkMembership.id))
            .where(
                NetworkMembership.network_id == Network.id,
                or_(NetworkMembership.valid_from.is_(None), NetworkMembership.valid_from <= today),
                or_(NetworkMembership.valid_until.is_(None), NetworkMembership.valid_until >= today),
            )
            .scalar_subquery()
        )
        area = case(
            (Network.level == AreaLevel.SOZIALRAUM, Sozialraum.name),
            (Network.level == AreaLevel.LANDKREIS, literal(LANDKREIS_NAME)),
            else_=func.coalesce(Sozialregion.name, Sozialraum.name),
        )
        stmt = (
            select(
                Network.id,
                Network.name,
                Network.network_type,
                _level_name(Network.level),
                area,
                Project.code,
                active,
                Network.description,
            )
            .outerjoin(Sozialraum, Network.sozialraum_id == Sozialraum.id)
            .outerjoin(Sozialregion, Network.sozialregion_id == Sozialregion.id)
            .outerjoin(Project, Network.project_id == Project.id)
            .order_by(func.lower(Network.name), Network.id)
        )
        if sozialregion_id is not None:
            # District-wide ones (Steuerungsgruppe, FBL-Runde) concern every region's coordinator.
            stmt = stmt.where(
                or_(
                    Network.level == AreaLevel.LANDKREIS,
                    Network.sozialregion_id == sozialregion_id,
                    Network.sozialraum_id.in_(_raeume_of(sozialregion_id)),
                )
            )
        with self._sf() as s:
            return [tuple(r) for r in s.execute(stmt)]

    # -- Ehrenamt ------------------------------------------------------------------------------
    def volunteers(self, sozialregion_id: int | None) -> list[tuple]:
        interests = (
            select(func.aggregate_strings(Theme.name, _SEPARATOR))
            .join(volunteer_interest, volunteer_interest.c.theme_id == Theme.id)
            .where(volunteer_interest.c.volunteer_id == Volunteer.id)
            .scalar_subquery()
        )
        active = (
            select(func.count(Placement.id))
            .where(Placement.volunteer_id == Volunteer.id, Placement.status == PlacementStatus.ACTIVE)
            .scalar_subquery()
        )
        stmt = (
            select(
                Volunteer.id,
                _full_name(Person),
                Volunteer.role,
                interests,
                Volunteer.ortschaft,
                Sozialraum.name,
                Volunteer.has_car,
                Volunteer.uses_public_transport,
                Volunteer.range_km,
                active,
                Volunteer.last_activity_on,
            )
            .join(Person, Volunteer.person_id == Person.id)
            .outerjoin(Sozialraum, Volunteer.sozialraum_id == Sozialraum.id)
            .order_by(func.lower(Person.last_name), func.lower(Person.first_name), Volunteer.id)
        )
        if sozialregion_id is not None:
            stmt = stmt.where(Sozialraum.sozialregion_id == sozialregion_id)
        rows = []
        with self._sf() as s:
            for vid, name, role, themes, ortschaft, raum, car, bus, range_km, placements, last in s.execute(stmt):
                # group_concat has no ORDER BY before SQLite 3.44, so the themes are sorted here.
                themes_text = ", ".join(sorted((themes or "").split(_SEPARATOR), key=str.casefold)) if themes else ""
                rows.append(
                    (vid, name, role, themes_text, ortschaft, raum, mobility_text(car, bus, range_km), placements, last)
                )
        return rows

    def offers(self, sozialregion_id: int | None) -> list[tuple]:
        status_rank = case(_OFFER_STATUS_RANK, value=Offer.status, else_=len(_OFFER_STATUS_RANK))
        stmt = (
            select(
                Offer.id,
                Offer.title,
                Organisation.name,
                Offer.place,
                Sozialraum.name,
                Offer.time_pattern,
                Offer.weekday,
                Offer.part_of_day,
                Offer.one_off_date,
                Offer.places,
                Offer.status,
            )
            .outerjoin(Organisation, Offer.organisation_id == Organisation.id)
            .outerjoin(Sozialraum, Offer.sozialraum_id == Sozialraum.id)
            .order_by(status_rank, func.lower(Offer.title), Offer.id)
        )
        if sozialregion_id is not None:
            stmt = stmt.where(Sozialraum.sozialregion_id == sozialregion_id)
        with self._sf() as s:
            return [
                (oid, title, org, place, raum, offer_time_text(pattern, weekday, part, one_off), places, status)
                for oid, title, org, place, raum, pattern, weekday, part, one_off, places, status in s.execute(stmt)
            ]

    # -- Bürgerbeteiligung ---------------------------------------------------------------------
    def participation(self, sozialregion_id: int | None) -> list[tuple]:
        a = ParticipationActivity
        channels = (a.participants_on_site, a.participants_online, a.participants_paper)
        # Not recorded at all stays empty rather than pretending nobody came.
        participants = case(
            (and_(*(c.is_(None) for c in channels)), None),
            else_=sum((func.coalesce(c, 0) for c in channels[1:]), func.coalesce(channels[0], 0)),
        )
        proposals = select(func.count(Proposal.id)).where(Proposal.activity_id == a.id).scalar_subquery()
        stmt = (
            select(
                a.id, a.starts_on, a.format, a.title, Sozialraum.name, a.ortschaft, participants, proposals, a.status
            )
            .outerjoin(Sozialraum, a.sozialraum_id == Sozialraum.id)
            .order_by(a.starts_on.is_(None), a.starts_on.desc(), func.lower(a.title), a.id)
        )
        if sozialregion_id is not None:
            stmt = stmt.where(Sozialraum.sozialregion_id == sozialregion_id)
        with self._sf() as s:
            return [tuple(r) for r in s.execute(stmt)]

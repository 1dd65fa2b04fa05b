"""Volunteering: matching volunteers and Engagementangebote with the reasons in words, and placements without
double-booking.

Score of a volunteer for an offer (the reasons name each point):
- +3 per shared interest (the offer's themes against the volunteer's interests);
- +3 available at the offer's weekday and time of day (regular offers), +2 on the weekday of a one-off date,
  +1 for a flexible offer;
- +2 lives in the offer's Sozialraum, +2 the offer's place is one of the places the volunteer can reach,
  +1 has a car (and a range);
- not suitable at all: not available on the date, the availability period is over, or placed already.
A volunteer already busy at the same time (an active or arranged placement at the same weekday and time of day,
or the same one-off date) is listed last with the conflict named, and cannot be placed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session, sessionmaker

from sozialkoordination.actors.service import clean_theme_names, person_display_name, themes_by_name
from sozialkoordination.core.enums import OfferStatus, PlacementStatus, TimePattern
from sozialkoordination.core.errors import ConflictError, NotFoundError, ValidationError
from sozialkoordination.core.formatting import german_date
from sozialkoordination.core.normalize import clean, fold
from sozialkoordination.core.progress import Progress
from sozialkoordination.documents.tables import Column, write_table
from sozialkoordination.models import (
    Offer,
    Organisation,
    Person,
    Placement,
    Sozialraum,
    Theme,
    Volunteer,
    VolunteerAvailability,
)
from sozialkoordination.models.volunteering import PARTS_OF_DAY, volunteer_interest
from sozialkoordination.volunteering.dto import OfferListRow, VolunteerListRow

WEEKDAYS = ("montags", "dienstags", "mittwochs", "donnerstags", "freitags", "samstags", "sonntags")
BUSY = (PlacementStatus.PLACED, PlacementStatus.ACTIVE)  # placements that take the volunteer's time


_OFFER_STATUS_RANK = {status: rank for rank, status in enumerate(OfferStatus)}  # the offer list's order
_SEPARATOR = "\x1f"  # joins theme names in SQL; split and sorted again in Python
ROLES = ("Ehrenamtliche*r", "Freiwilligendienst", "Dorfmoderator*in", "Ortsbürgermeister*in")
VOLUNTEER_FIELDS = (
    "role",
    "skills",
    "languages",
    "ortschaft",
    "sozialraum_id",
    "available_from",
    "available_until",
    "has_car",
    "uses_public_transport",
    "range_km",
    "reachable_places",
    "notes",
    "last_activity_on",
)


@dataclass
class VolunteerData:
    person_id: int | None = None
    role: str | None = "Ehrenamtliche*r"
    skills: str | None = None
    languages: str | None = None
    ortschaft: str | None = None
    sozialraum_id: int | None = None
    available_from: date | None = None
    available_until: date | None = None
    has_car: bool = False
    uses_public_transport: bool = False
    range_km: int | None = None
    reachable_places: str | None = None
    notes: str | None = None
    last_activity_on: date | None = None
    interests: list[str] = field(default_factory=list)
    availability: list[tuple[int, str]] = field(default_factory=list)  # (weekday 0 = Montag, time of day)
    name: str = ""  # shown in the form's title; not saved
    id: int | None = None


@dataclass
class OfferData:
    title: str = ""
    organisation_id: int | None = None
    description: str | None = None
    tasks: str | None = None
    place: str | None = None
    sozialraum_id: int | None = None
    time_pattern: str = TimePattern.REGULAR
    one_off_date: date | None = None
    weekday: int | None = None
    part_of_day: str | None = None
    places: int = 1
    requirements: str | None = None
    contact_person_id: int | None = None
    status: str = OfferStatus.OPEN
    themes: list[str] = field(default_factory=list)
    id: int | None = None


OPEN_OFFER_COLUMNS = [
    Column("Titel", "text", 32),
    Column("Organisation", "text", 30),
    Column("Beschreibung", "text", 40),
    Column("Aufgaben", "text", 30),
    Column("Einsatzort", "text", 20),
    Column("PLZ", "postcode", 7),
    Column("Sozialraum", "text", 18),
    Column("Zeit", "text", 22),
    Column("Plätze", "int", 7),
    Column("Voraussetzungen", "text", 24),
    Column("Themen", "text", 24),
    Column("Ansprechperson", "text", 22),
    Column("E-Mail", "text", 28),
    Column("Telefon", "phone", 16),
]


@dataclass(frozen=True)
class Match:
    id: int  # the volunteer (matches for an offer) or the offer (matches for a volunteer)
    name: str
    score: int
    reasons: list[str]
    conflict: str | None = None

    @property
    def reason_text(self) -> str:
        return "; ".join(self.reasons)


def _slots(offer: Offer) -> set[tuple[int, str | None]]:
    """(weekday, time of day) the offer takes; a one-off date counts for its weekday."""
    if offer.time_pattern == TimePattern.REGULAR and offer.weekday is not None:
        return {(offer.weekday, offer.part_of_day)}
    if offer.time_pattern == TimePattern.ONCE and offer.one_off_date is not None:
        return {(offer.one_off_date.weekday(), offer.part_of_day)}
    return set()


def _overlap(a: Offer, b: Offer) -> bool:
    """Do two offers take the same time? One-off dates only collide on the same day."""
    if a.time_pattern == TimePattern.ONCE and b.time_pattern == TimePattern.ONCE:
        return (
            a.one_off_date is not None
            and a.one_off_date == b.one_off_date
            and (a.part_of_day is None or b.part_of_day is None or a.part_of_day == b.part_of_day)
        )
    for day, part in _slots(a):
        for other_day, other_part in _slots(b):
            if day == other_day and (part is None or other_part is None or part == other_part):
                return True
    return False


def _when(offer: Offer) -> str:
    if offer.time_pattern == TimePattern.ONCE and offer.one_off_date:
        return f"am {german_date(offer.one_off_date)}" + (f" {offer.part_of_day}" if offer.part_of_day else "")
    if offer.weekday is not None:
        return WEEKDAYS[offer.weekday] + (f" {offer.part_of_day}" if offer.part_of_day else "")
    return "zeitlich flexibel"


def offer_time_text(
    time_pattern: str | None, weekday: int | None, part_of_day: str | None, one_off_date: date | None
) -> str:
    """ "dienstags nachmittags", "einmalig am 12.03.2026", "flexibel" … (the offer list's column "Zeit")"""
    if time_pattern == TimePattern.ONCE:
        return f"einmalig am {german_date(one_off_date)}" if one_off_date else "einmalig"
    if time_pattern == TimePattern.FLEXIBLE:
        return "flexibel"
    day = WEEKDAYS[weekday] if weekday is not None and 0 <= weekday < len(WEEKDAYS) else ""
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


def _places(text: str | None) -> set[str]:
    return {fold(p.strip()) for p in (text or "").split(",") if p.strip()}


class VolunteeringService:
    def __init__(self, session_factory: sessionmaker[Session], today: Callable[[], date] = date.today):
        self._sf = session_factory
        self._today = today

    # -- matching ------------------------------------------------------------------------------
    def matches_for_offer(self, offer_id: int, limit: int = 50) -> list[Match]:
        with self._sf() as s:
            offer = self._offer(s, offer_id)
            volunteers = list(s.scalars(select(Volunteer)))
            results = []
            for volunteer in volunteers:
                scored = self._score(s, volunteer, offer)
                if scored is not None:
                    score, reasons, conflict = scored
                    results.append(Match(volunteer.id, _name(volunteer.person), score, reasons, conflict))
        return _ranked(results)[:limit]

    def matches_for_volunteer(self, volunteer_id: int, limit: int = 50) -> list[Match]:
        with self._sf() as s:
            volunteer = self._volunteer(s, volunteer_id)
            offers = list(s.scalars(select(Offer).where(Offer.status == OfferStatus.OPEN)))
            results = []
            for offer in offers:
                scored = self._score(s, volunteer, offer)
                if scored is not None:
                    score, reasons, conflict = scored
                    results.append(Match(offer.id, offer.title, score, reasons, conflict))
        return _ranked(results)[:limit]

    def _score(self, s: Session, volunteer: Volunteer, offer: Offer) -> tuple[int, list[str], str | None] | None:
        today = self._today()
        if volunteer.available_until is not None and volunteer.available_until < today:
            return None
        placements = list(s.scalars(select(Placement).where(Placement.volunteer_id == volunteer.id)))
        if any(p.offer_id == offer.id and p.status != PlacementStatus.ENDED for p in placements):
            return None
        score, reasons = 0, []
        shared = sorted({t.name for t in volunteer.interests} & {t.name for t in offer.themes}, key=str.casefold)
        if shared:
            score += 3 * len(shared)
            reasons.append("Interesse: " + ", ".join(shared))
        slots = {(a.weekday, a.part_of_day) for a in volunteer.availability}
        if offer.time_pattern == TimePattern.FLEXIBLE:
            score += 1
            reasons.append("zeitlich flexibles Angebot")
        elif offer.time_pattern == TimePattern.REGULAR and offer.weekday is not None:
            wanted = (offer.weekday, offer.part_of_day)
            if wanted in slots or (offer.part_of_day is None and any(d == offer.weekday for d, _p in slots)):
                score += 3
                reasons.append(f"verfügbar {_when(offer)}")
        elif offer.time_pattern == TimePattern.ONCE and offer.one_off_date is not None:
            if volunteer.available_from and offer.one_off_date < volunteer.available_from:
                return None
            if volunteer.available_until and offer.one_off_date > volunteer.available_until:
                return None
            if not slots or any(d == offer.one_off_date.weekday() for d, _p in slots):
                score += 2
                reasons.append(f"kann {_when(offer)}")
        if offer.sozialraum_id and volunteer.sozialraum_id == offer.sozialraum_id:
            score += 2
            raum = s.get(Sozialraum, offer.sozialraum_id)
            reasons.append(f"wohnt im selben Sozialraum ({raum.name})")
        if offer.place and fold(offer.place) in _places(volunteer.reachable_places) | _places(volunteer.ortschaft):
            score += 2
            reasons.append(f"{offer.place} ist erreichbar")
        if volunteer.has_car:
            score += 1
            reasons.append("hat ein Auto" + (f" ({volunteer.range_km} km)" if volunteer.range_km else ""))
        conflict = None
        for placement in placements:
            if placement.status in BUSY and placement.offer_id != offer.id:
                other = s.get(Offer, placement.offer_id)
                if _overlap(other, offer):
                    conflict = f"schon belegt {_when(other)} ({other.title})"
        return score, reasons, conflict

    # -- placements ----------------------------------------------------------------------------
    def request(self, volunteer_id: int, offer_id: int) -> int:
        """A placement "angefragt" – refused if the volunteer is busy at that time already."""
        with self._sf.begin() as s:
            volunteer, offer = self._volunteer(s, volunteer_id), self._offer(s, offer_id)
            scored = self._score(s, volunteer, offer)
            if scored is None:
                raise ValidationError(
                    {
                        "offer": f"{_name(volunteer.person)} ist für „{offer.title}“ schon eingetragen oder nicht "
                        "verfügbar."
                    }
                )
            if scored[2]:
                raise ConflictError(f"{_name(volunteer.person)} ist {scored[2]}: keine Doppelbelegung.")
            placement = Placement(
                volunteer_id=volunteer.id,
                offer_id=offer.id,
                status=PlacementStatus.REQUESTED,
                requested_on=self._today(),
            )
            s.add(placement)
            volunteer.last_activity_on = self._today()
            s.flush()
            return placement.id

    def set_status(self, placement_id: int, status: str, reason: str | None = None, on: date | None = None) -> None:
        if status not in tuple(PlacementStatus):
            raise ValidationError({"status": f"Bitte wählen Sie: {', '.join(tuple(PlacementStatus))}."})
        reason = (reason or "").strip() or None
        if status in (PlacementStatus.PAUSED, PlacementStatus.ENDED) and not reason:
            raise ValidationError({"status_reason": "Bitte geben Sie einen Grund an (z. B. Umzug, Projektende)."})
        day = on or self._today()
        with self._sf.begin() as s:
            placement = s.get(Placement, placement_id)
            if placement is None:
                raise NotFoundError("Diese Vermittlung gibt es nicht mehr.")
            offer = self._offer(s, placement.offer_id)
            if status in BUSY:
                for other in s.scalars(
                    select(Placement).where(
                        Placement.volunteer_id == placement.volunteer_id,
                        Placement.id != placement.id,
                        Placement.status.in_(BUSY),
                    )
                ):
                    other_offer = s.get(Offer, other.offer_id)
                    if _overlap(other_offer, offer):
                        raise ConflictError(
                            f"Schon belegt {_when(other_offer)} ({other_offer.title}): keine Doppelbelegung."
                        )
            placement.status, placement.status_reason = status, reason
            if status == PlacementStatus.ACTIVE and placement.started_on is None:
                placement.started_on = day
            if status == PlacementStatus.ENDED:
                placement.ended_on = day
            s.get(Volunteer, placement.volunteer_id).last_activity_on = self._today()
            s.flush()
            busy = sum(
                1 for p in s.scalars(select(Placement).where(Placement.offer_id == offer.id)) if p.status in BUSY
            )
            if offer.status == OfferStatus.OPEN and busy >= offer.places:
                offer.status = OfferStatus.FILLED
            elif offer.status == OfferStatus.FILLED and busy < offer.places:
                offer.status = OfferStatus.OPEN

    def placements(self, offer_id: int | None = None, volunteer_id: int | None = None) -> list[tuple]:
        """(id, volunteer, offer, status, reason, requested, started, ended) – newest first."""
        stmt = select(Placement).order_by(Placement.requested_on.desc(), Placement.id.desc())
        if offer_id is not None:
            stmt = stmt.where(Placement.offer_id == offer_id)
        if volunteer_id is not None:
            stmt = stmt.where(Placement.volunteer_id == volunteer_id)
        with self._sf() as s:
            return [
                (
                    p.id,
                    _name(p.volunteer.person),
                    p.offer.title,
                    p.status,
                    p.status_reason,
                    p.requested_on,
                    p.started_on,
                    p.ended_on,
                )
                for p in s.scalars(stmt)
            ]

    def offer_title(self, offer_id: int) -> str:
        with self._sf() as s:
            return self._offer(s, offer_id).title

    # -- the lists -------------------------------------------------------------------------------
    def volunteer_list(self, sozialregion_id: int | None) -> list[VolunteerListRow]:
        """Volunteers of a Sozialregion (None: all) by name, with interests and active placements, in one SELECT."""
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
        name = func.trim(func.coalesce(Person.first_name, "") + " " + Person.last_name)
        stmt = (
            select(
                Volunteer.id,
                name,
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
                themes_text = ", ".join(sorted(themes.split(_SEPARATOR), key=str.casefold)) if themes else ""
                rows.append(
                    VolunteerListRow(
                        vid,
                        name,
                        role,
                        themes_text,
                        ortschaft,
                        raum,
                        mobility_text(car, bus, range_km),
                        placements,
                        last,
                    )
                )
        return rows

    def offer_list(self, sozialregion_id: int | None) -> list[OfferListRow]:
        """Offers of a Sozialregion (None: all), open ones first, in one SELECT."""
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
                OfferListRow(
                    oid, title, org, place, raum, offer_time_text(pattern, weekday, part, one_off), places, status
                )
                for oid, title, org, place, raum, pattern, weekday, part, one_off, places, status in s.execute(stmt)
            ]

    # -- volunteers and offers ------------------------------------------------------------------
    def get_volunteer(self, volunteer_id: int) -> VolunteerData:
        with self._sf() as s:
            v = self._volunteer(s, volunteer_id)
            data = VolunteerData(**{f.name: getattr(v, f.name) for f in fields(VolunteerData) if hasattr(v, f.name)})
            data.interests = [t.name for t in v.interests]
            data.availability = sorted((a.weekday, a.part_of_day) for a in v.availability)
            data.name = _name(v.person)
            return data

    def save_volunteer(self, data: VolunteerData) -> int:
        errors = {}
        if data.person_id is None:
            errors["person_id"] = "Bitte wählen Sie die Person (oder legen Sie sie zuerst unter Akteure an)."
        if data.range_km is not None and not 0 <= data.range_km <= 300:
            errors["range_km"] = "Die Reichweite liegt zwischen 0 und 300 km."
        if data.available_from and data.available_until and data.available_until < data.available_from:
            errors["available_until"] = "Das Ende der Verfügbarkeit liegt vor ihrem Beginn."
        if any(part not in PARTS_OF_DAY or not 0 <= day <= 6 for day, part in data.availability):
            errors["availability"] = "Unbekannte Zeit: Wochentag 0–6, vormittags, nachmittags oder abends."
        if errors:
            raise ValidationError(errors)
        with self._sf.begin() as s:
            existing = s.scalar(select(Volunteer).where(Volunteer.person_id == data.person_id))
            if data.id is None:
                if existing is not None:
                    raise ValidationError({"person_id": "Diese Person ist schon als Ehrenamtliche*r eingetragen."})
                volunteer = Volunteer(person_id=data.person_id)
                s.add(volunteer)
            else:
                volunteer = self._volunteer(s, data.id)
                if existing is not None and existing.id != volunteer.id:
                    raise ValidationError({"person_id": "Diese Person ist schon als Ehrenamtliche*r eingetragen."})
            for name in VOLUNTEER_FIELDS:
                setattr(volunteer, name, getattr(data, name))
            volunteer.person_id = data.person_id
            volunteer.interests = themes_by_name(s, clean_theme_names(data.interests))
            volunteer.availability = [
                VolunteerAvailability(weekday=d, part_of_day=p) for d, p in set(data.availability)
            ]
            s.flush()
            return volunteer.id

    def delete_volunteer(self, volunteer_id: int) -> None:
        """The volunteering profile only; the person stays among the actors."""
        with self._sf.begin() as s:
            s.delete(self._volunteer(s, volunteer_id))

    def get_offer(self, offer_id: int) -> OfferData:
        with self._sf() as s:
            o = self._offer(s, offer_id)
            data = OfferData(**{f.name: getattr(o, f.name) for f in fields(OfferData) if f.name != "themes"})
            data.themes = [t.name for t in o.themes]
            return data

    def save_offer(self, data: OfferData) -> int:
        errors = {}
        title = clean(data.title)
        if not title:
            errors["title"] = "Bitte geben Sie dem Angebot einen Titel."
        if data.time_pattern not in tuple(TimePattern):
            errors["time_pattern"] = f"Bitte wählen Sie: {', '.join(tuple(TimePattern))}."
        elif data.time_pattern == TimePattern.ONCE and data.one_off_date is None:
            errors["one_off_date"] = "Bitte geben Sie das Datum des einmaligen Einsatzes an."
        elif data.time_pattern == TimePattern.REGULAR and data.weekday is None:
            errors["weekday"] = "Bitte geben Sie den Wochentag des regelmäßigen Einsatzes an."
        if data.part_of_day is not None and data.part_of_day not in PARTS_OF_DAY:
            errors["part_of_day"] = "Tageszeit: vormittags, nachmittags oder abends."
        if data.places < 1:
            errors["places"] = "Mindestens ein Platz."
        if data.status not in tuple(OfferStatus):
            errors["status"] = f"Bitte wählen Sie: {', '.join(tuple(OfferStatus))}."
        if errors:
            raise ValidationError(errors)
        with self._sf.begin() as s:
            offer = Offer() if data.id is None else self._offer(s, data.id)
            s.add(offer)
            for f in fields(OfferData):
                if f.name not in ("id", "themes"):
                    setattr(offer, f.name, getattr(data, f.name))
            offer.title, offer.place = title, clean(data.place)
            offer.themes = themes_by_name(s, clean_theme_names(data.themes))
            s.flush()
            return offer.id

    def delete_offer(self, offer_id: int) -> None:
        with self._sf.begin() as s:
            s.delete(self._offer(s, offer_id))

    # -- lists for reports and volunteer databases ---------------------------------------------
    def export_open_offers(self, path: Path, progress: Progress | None = None) -> int:
        """Open offers in the column layout volunteer databases (Freiwilligenagentur, Ehrenamtsportale) import."""
        with self._sf() as s:
            offers = list(s.scalars(select(Offer).where(Offer.status == OfferStatus.OPEN).order_by(Offer.title)))
            rows = []
            for o in offers:
                org = s.get(Organisation, o.organisation_id) if o.organisation_id else None
                contact = s.get(Person, o.contact_person_id) if o.contact_person_id else None
                raum = s.get(Sozialraum, o.sozialraum_id) if o.sozialraum_id else None
                rows.append(
                    [
                        o.title,
                        org.name if org else "",
                        o.description or "",
                        o.tasks or "",
                        o.place or "",
                        org.postcode if org else "",
                        raum.name if raum else "",
                        _when(o),
                        o.places,
                        o.requirements or "",
                        ", ".join(t.name for t in o.themes),
                        _name(contact) if contact else "",
                        (contact.email if contact else None) or (org.email if org else None) or "",
                        (contact.phone if contact else None) or (org.phone if org else None) or "",
                    ]
                )
        return write_table(path, OPEN_OFFER_COLUMNS, rows, len(rows), sheet_name="Offene Angebote", progress=progress)

    def counts(self, year: int, sozialregion_id: int | None = None, sozialraum_id: int | None = None) -> dict[str, int]:
        """Figures for reports: open offers, active volunteers, placements begun in the year, per region (or one
        Sozialraum, for the Sozialraumprofil)."""
        with self._sf() as s:
            raeume = None
            if sozialregion_id is not None:
                raeume = set(s.scalars(select(Sozialraum.id).where(Sozialraum.sozialregion_id == sozialregion_id)))
            if sozialraum_id is not None:
                raeume = {sozialraum_id}

            def inside(raum_id) -> bool:
                return raeume is None or raum_id in raeume

            offers = [o for o in s.scalars(select(Offer)) if inside(o.sozialraum_id)]
            placements = [p for p in s.scalars(select(Placement)) if inside(p.offer.sozialraum_id)]
            return {
                "offene Angebote": sum(1 for o in offers if o.status == OfferStatus.OPEN),
                "aktive Ehrenamtliche": len({p.volunteer_id for p in placements if p.status == PlacementStatus.ACTIVE}),
                f"Vermittlungen {year}": sum(
                    1
                    for p in placements
                    if p.requested_on and p.requested_on.year == year and p.status != PlacementStatus.REQUESTED
                ),
                f"Anfragen {year}": sum(1 for p in placements if p.requested_on and p.requested_on.year == year),
            }

    # -- helpers -------------------------------------------------------------------------------
    @staticmethod
    def _offer(s: Session, offer_id: int) -> Offer:
        offer = s.get(Offer, offer_id)
        if offer is None:
            raise NotFoundError("Dieses Engagementangebot gibt es nicht mehr.")
        return offer

    @staticmethod
    def _volunteer(s: Session, volunteer_id: int) -> Volunteer:
        volunteer = s.get(Volunteer, volunteer_id)
        if volunteer is None:
            raise NotFoundError("Diese*n Ehrenamtliche*n gibt es nicht mehr.")
        return volunteer


def _name(person: Person) -> str:
    return person_display_name(None, person.first_name, person.last_name)


def _ranked(results: list[Match]) -> list[Match]:
    """Best first; anyone with a time conflict after everyone without."""
    return sorted(results, key=lambda m: (m.conflict is not None, -m.score, m.name.lower()))

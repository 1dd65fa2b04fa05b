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
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from ..models import Offer, Person, Placement, Sozialraum, Volunteer
from .errors import ConflictError, NotFoundError, ValidationError
from .formatting import german_date
from .normalize import fold

WEEKDAYS = ("montags", "dienstags", "mittwochs", "donnerstags", "freitags", "samstags", "sonntags")
BUSY = ("vermittelt", "aktiv")  # placements that take the volunteer's time
PLACEMENT_STATUSES = ("angefragt", "vermittelt", "aktiv", "pausiert", "beendet")


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
    if offer.time_pattern == "regelmäßig" and offer.weekday is not None:
        return {(offer.weekday, offer.part_of_day)}
    if offer.time_pattern == "einmalig" and offer.one_off_date is not None:
        return {(offer.one_off_date.weekday(), offer.part_of_day)}
    return set()


def _overlap(a: Offer, b: Offer) -> bool:
    """Do two offers take the same time? One-off dates only collide on the same day."""
    if a.time_pattern == "einmalig" and b.time_pattern == "einmalig":
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
    if offer.time_pattern == "einmalig" and offer.one_off_date:
        return f"am {german_date(offer.one_off_date)}" + (f" {offer.part_of_day}" if offer.part_of_day else "")
    if offer.weekday is not None:
        return WEEKDAYS[offer.weekday] + (f" {offer.part_of_day}" if offer.part_of_day else "")
    return "zeitlich flexibel"


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
            offers = list(s.scalars(select(Offer).where(Offer.status == "offen")))
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
        if any(p.offer_id == offer.id and p.status != "beendet" for p in placements):
            return None
        score, reasons = 0, []
        shared = sorted({t.name for t in volunteer.interests} & {t.name for t in offer.themes}, key=str.casefold)
        if shared:
            score += 3 * len(shared)
            reasons.append("Interesse: " + ", ".join(shared))
        slots = {(a.weekday, a.part_of_day) for a in volunteer.availability}
        if offer.time_pattern == "flexibel":
            score += 1
            reasons.append("zeitlich flexibles Angebot")
        elif offer.time_pattern == "regelmäßig" and offer.weekday is not None:
            wanted = (offer.weekday, offer.part_of_day)
            if wanted in slots or (offer.part_of_day is None and any(d == offer.weekday for d, _p in slots)):
                score += 3
                reasons.append(f"verfügbar {_when(offer)}")
        elif offer.time_pattern == "einmalig" and offer.one_off_date is not None:
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
                    {"offer": f"{_name(volunteer.person)} ist für „{offer.title}“ schon eingetragen oder nicht "
                              "verfügbar."}
                )  # fmt: skip
            if scored[2]:
                raise ConflictError(f"{_name(volunteer.person)} ist {scored[2]}: keine Doppelbelegung.")
            placement = Placement(volunteer_id=volunteer.id, offer_id=offer.id, status="angefragt",
                                  requested_on=self._today())  # fmt: skip
            s.add(placement)
            volunteer.last_activity_on = self._today()
            s.flush()
            return placement.id

    def set_status(self, placement_id: int, status: str, reason: str | None = None, on: date | None = None) -> None:
        if status not in PLACEMENT_STATUSES:
            raise ValidationError({"status": f"Bitte wählen Sie: {', '.join(PLACEMENT_STATUSES)}."})
        reason = (reason or "").strip() or None
        if status in ("pausiert", "beendet") and not reason:
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
            if status == "aktiv" and placement.started_on is None:
                placement.started_on = day
            if status == "beendet":
                placement.ended_on = day
            s.get(Volunteer, placement.volunteer_id).last_activity_on = self._today()
            s.flush()
            busy = sum(
                1 for p in s.scalars(select(Placement).where(Placement.offer_id == offer.id)) if p.status in BUSY
            )
            if offer.status == "offen" and busy >= offer.places:
                offer.status = "besetzt"
            elif offer.status == "besetzt" and busy < offer.places:
                offer.status = "offen"

    def placements(self, offer_id: int | None = None, volunteer_id: int | None = None) -> list[tuple]:
        """(id, volunteer, offer, status, reason, requested, started, ended) – newest first."""
        stmt = select(Placement).order_by(Placement.requested_on.desc(), Placement.id.desc())
        if offer_id is not None:
            stmt = stmt.where(Placement.offer_id == offer_id)
        if volunteer_id is not None:
            stmt = stmt.where(Placement.volunteer_id == volunteer_id)
        with self._sf() as s:
            return [
                (p.id, _name(p.volunteer.person), p.offer.title, p.status, p.status_reason, p.requested_on,
                 p.started_on, p.ended_on)
                for p in s.scalars(stmt)
            ]  # fmt: skip

    def offer_title(self, offer_id: int) -> str:
        with self._sf() as s:
            return self._offer(s, offer_id).title

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
    return " ".join(p for p in (person.first_name, person.last_name) if p)


def _ranked(results: list[Match]) -> list[Match]:
    """Best first; anyone with a time conflict after everyone without."""
    return sorted(results, key=lambda m: (m.conflict is not None, -m.score, m.name.lower()))

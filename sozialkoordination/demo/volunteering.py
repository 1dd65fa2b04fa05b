"""Demo Ehrenamt: volunteers with skills and free times, engagement offers of the organisations, placements."""

from __future__ import annotations

from datetime import timedelta

from sozialkoordination.core.enums import OfferStatus, PlacementStatus
from sozialkoordination.demo.world import DEMO_NOTE, World, workday
from sozialkoordination.models import Offer, Organisation, Person, Placement, Volunteer, VolunteerAvailability

VOLUNTEERS = 80
OFFERS = 40
PLACEMENTS = 45
PARTS_OF_DAY = ("vormittags", "nachmittags", "abends")
# Placement statuses that fit the offer's status.
PLACEMENT_STATUSES = {
    "besetzt": ("aktiv", "aktiv", "vermittelt"),
    "beendet": ("beendet",),
    "pausiert": ("pausiert",),
    "offen": ("angefragt", "vermittelt"),
}


def make_volunteering(w: World) -> None:
    rng = w.rng
    data = w.data.volunteering
    chosen: list[tuple[Person, str]] = [
        (person, function)
        for person, function in w.local_roles.items()
        if function in ("Ortsbürgermeister*in", "Dorfmoderator*in", "Ehrenamtliche*r")
    ]
    chosen += [(p, "Freiwilligendienst") for p in w.persons if "freiwilligendienst" in (p.function or "").lower()]
    taken = {p for p, _ in chosen}
    verein_functions = set(w.data.persons["verein_functions"])
    verein = [p for p in w.persons if p.function in verein_functions and p not in taken]
    chosen += [(p, "Ehrenamtliche*r") for p in rng.sample(verein, min(len(verein), max(0, VOLUNTEERS - len(chosen))))]
    theme_list = list(w.themes.values())
    for person, role in chosen:
        raum = w.raum_of(person.sozialraum_id)
        org = w.person_org.get(person)
        place = person.city or (org.city if org else raum.seat[0] if raum else None)
        reachable = rng.sample([p for p, _ in raum.places], min(len(raum.places), rng.randint(1, 4))) if raum else []
        has_car = role != "Freiwilligendienst" and w.chance(0.7)
        volunteer = Volunteer(
            person=person,
            role=role,
            skills=", ".join(rng.sample(data["skills"], rng.randint(1, 3))),
            languages=rng.choice(data["languages"]),
            ortschaft=place,
            sozialraum_id=person.sozialraum_id,
            available_from=w.day_between(w.today - timedelta(days=900), w.today - timedelta(days=20)),
            has_car=has_car,
            uses_public_transport=not has_car or w.chance(0.3),
            range_km=rng.choice((5, 10, 15, 25)) if has_car else rng.choice((3, 5, 10)),
            reachable_places=", ".join(reachable) or None,
            notes=DEMO_NOTE + ".",
            last_activity_on=person.last_activity_on,
            interests=rng.sample(theme_list, rng.randint(1, 3)),
        )
        if role == "Freiwilligendienst":
            volunteer.available_from = person.affiliations[0].valid_from
            volunteer.available_until = volunteer.available_from + timedelta(days=364)
        slots = rng.sample([(d, p) for d in range(7) for p in PARTS_OF_DAY], rng.randint(1, 4))
        volunteer.availability = [VolunteerAvailability(weekday=d, part_of_day=p) for d, p in sorted(slots)]
        w.volunteers.append(volunteer)
    w.s.add_all(w.volunteers)
    _make_offers(w)
    _make_placements(w)


def _make_offers(w: World) -> None:
    rng = w.rng
    used: set[tuple[str, Organisation]] = set()
    attempts = 0
    while len(w.offers) < OFFERS and attempts < 1000:
        attempts += 1
        spec = rng.choice(w.data.offers)
        candidates = [o for o in w.orgs if o.org_type in spec.organisation_types]
        if not candidates:
            continue
        org = rng.choice(candidates)
        if (spec.title, org) in used:
            continue
        used.add((spec.title, org))
        pattern = "flexibel" if w.chance(0.15) else spec.time_pattern
        contact = w.staff[org][0] if w.staff[org] else None
        offer = Offer(
            organisation=org,
            title=spec.title,
            description=f"{spec.description} ({DEMO_NOTE})",
            place=org.city,
            tasks=spec.description,
            sozialraum_id=w.org_raum[org].id,
            time_pattern=pattern,
            places=rng.randint(1, 4),
            requirements=spec.requirements,
            contact_person_id=contact.id if contact else None,
            status=w.pick((("offen", 5), ("besetzt", 3), ("pausiert", 1), ("beendet", 1.5))),
            themes=[w.themes[t] for t in spec.themes if t in w.themes],
        )
        if pattern == "regelmäßig":
            offer.weekday = rng.randint(0, 5)
            offer.part_of_day = rng.choice(PARTS_OF_DAY)
        elif pattern == "einmalig":
            offer.one_off_date = workday(w.today + timedelta(days=rng.randint(-60, 90)))
        w.offers.append(offer)
    w.s.add_all(w.offers)


def _make_placements(w: World) -> None:
    rng = w.rng
    reasons = w.data.volunteering
    placements: list[Placement] = []
    pairs: set[tuple[Volunteer, Offer]] = set()
    for offer in w.offers:
        statuses = PLACEMENT_STATUSES.get(offer.status, ("angefragt",))
        count = (
            rng.randint(1, 2)
            if offer.status == OfferStatus.FILLED
            else rng.randint(0, 2)
            if offer.status == OfferStatus.OPEN
            else 1
        )
        nearby = [v for v in w.volunteers if v.sozialraum_id == offer.sozialraum_id] or w.volunteers
        for volunteer in rng.sample(nearby, min(count, len(nearby))):
            if (volunteer, offer) in pairs or len(placements) >= PLACEMENTS:
                continue
            pairs.add((volunteer, offer))
            status = rng.choice(statuses)
            requested = w.day_between(w.today - timedelta(days=420), w.today - timedelta(days=10))
            placement = Placement(volunteer=volunteer, offer=offer, status=status, requested_on=requested)
            if status != "angefragt":
                placement.started_on = min(requested + timedelta(days=rng.randint(7, 30)), w.today)
            if status == PlacementStatus.ENDED:
                placement.ended_on = w.day_between(placement.started_on, w.today)
                placement.status_reason = rng.choice(reasons["ended_reasons"])
            elif status == "pausiert":
                placement.status_reason = rng.choice(reasons["paused_reasons"])
            placements.append(placement)
    w.s.add_all(placements)

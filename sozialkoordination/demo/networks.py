"""Demo networks of the Landkreis, of each Sozialregion and of a few Sozialräume, with their members over time."""

from __future__ import annotations

from datetime import date, timedelta

from sozialkoordination.core.enums import AreaLevel
from sozialkoordination.demo.data import NetworkSpec
from sozialkoordination.demo.world import DEMO_NOTE, Raum, World
from sozialkoordination.models import Network, NetworkMembership, Sozialregion

LOCAL_NETWORKS = 4  # Sozialräume with a network of their own


def make_networks(w: World) -> None:
    specs = w.data.networks
    plan: list[tuple[NetworkSpec, str, str, Sozialregion | None, Raum | None]] = [
        (spec, spec.name, "landkreis", None, None) for spec in specs["landkreis"]
    ]
    half = len(w.regions) // 2
    for group, regions in (
        ("every_sozialregion", w.regions),
        ("first_half_of_sozialregionen", w.regions[:half]),
        ("second_half_of_sozialregionen", w.regions[half:]),
    ):
        for spec in specs[group]:
            plan += [(spec, spec.name.format(region=r.name), "sozialregion", r, None) for r in regions]
    local = w.rng.sample(w.raeume, min(LOCAL_NETWORKS, len(w.raeume)))
    for raum, spec in zip(local, specs["sozialraum"], strict=False):
        plan.append((spec, spec.name.format(raum=raum.name), "sozialraum", raum.region, raum))
    for spec, name, level, region, raum in plan:
        w.networks.append(_make_network(w, spec, name, level, region, raum))
    w.s.add_all(w.networks)


def _make_network(
    w: World, spec: NetworkSpec, name: str, level: str, region: Sozialregion | None, raum: Raum | None
) -> Network:
    rng = w.rng
    if raum is not None:
        area = [raum]
    elif region is not None:
        area = w.raeume_of_region(region)
    else:
        area = w.raeume
    candidates = [o for r in area for o in w.orgs_by_raum[r.id] if o.org_type in spec.organisation_types]
    size = rng.randint(12, 24) if level == AreaLevel.LANDKREIS else rng.randint(6, 16)
    members = rng.sample(candidates, min(size, len(candidates)))
    organiser = w.coordinator_of(region)
    founded = w.day_between(date(2016, 1, 1), date(2023, 6, 30))
    network = Network(
        name=name,
        network_type=spec.kind,
        level=level,
        sozialregion_id=region.id if region else None,
        sozialraum_id=raum.id if raum else None,
        project_id=w.projects[spec.project].id if spec.project else None,
        organiser_person_id=organiser.id if organiser else None,
        description=f"{spec.kind} „{name}“ – {DEMO_NOTE}. Gegründet {founded.year}.",
    )
    memberships = []
    for org in members:
        former = w.chance(0.1)
        start = w.day_between(founded, w.today - timedelta(days=400 if former else 30))
        memberships.append(
            NetworkMembership(
                organisation=org,
                role="Gast" if w.chance(0.1) else "Mitglied",
                valid_from=start,
                valid_until=w.day_between(start + timedelta(days=90), w.today - timedelta(days=10)) if former else None,
            )
        )
    people = [p for org in members for p in w.staff[org][:1]]
    people += [p for r in area for p in w.locals_by_raum[r.id] if w.chance(0.3)]
    chosen = rng.sample(people, min(len(people), rng.randint(3, 8)))
    if organiser is not None and organiser not in chosen:
        memberships.append(NetworkMembership(person=organiser, role="Geschäftsstelle", valid_from=founded))
    for i, person in enumerate(chosen):
        role = "Sprecher*in" if i < (2 if len(chosen) > 5 else 1) else "Gast" if w.chance(0.15) else "Mitglied"
        former = role == "Mitglied" and w.chance(0.12)
        start = w.day_between(founded, w.today - timedelta(days=400 if former else 30))
        memberships.append(
            NetworkMembership(
                person=person,
                role=role,
                valid_from=start,
                valid_until=w.day_between(start + timedelta(days=60), w.today - timedelta(days=5)) if former else None,
            )
        )
    network.memberships = memberships
    return network

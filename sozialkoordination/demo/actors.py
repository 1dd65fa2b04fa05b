"""Demo themes, projects, organisations and the persons working for them or for their village."""

from __future__ import annotations

from datetime import date, timedelta

from sozialkoordination.config import resource_path
from sozialkoordination.core.normalize import normalize_phone
from sozialkoordination.demo.data import OrganisationType
from sozialkoordination.demo.world import DEMO_NOTE, Raum, World, slug
from sozialkoordination.models import Affiliation, Consent, Organisation, Person, Project, Theme

ORGANISATION_TYPES_TXT = "organisationstypen.txt"
ORGANISATION_TARGET = 300
AFFILIATED_PERSON_TARGET = 560
SECOND_AFFILIATIONS = 70
# Organisations that run others (Träger) and the types they may run.
CARRIED_TYPES = ("Kita", "Familienzentrum", "Beratungsstelle", "Jugendpflege", "Seniorenangebot")


def make_themes_and_projects(w: World) -> None:
    w.themes = {name: Theme(name=name) for name in w.data.themes}
    w.s.add_all(w.themes.values())
    for p in w.data.projects:
        w.projects[p.code] = Project(
            code=p.code,
            name=p.name,
            kind=p.kind,
            starts_on=p.starts_on,
            ends_on=p.ends_on,
            description=f"{p.description} ({DEMO_NOTE})",
        )
    w.s.add_all(w.projects.values())


# -- organisations ---------------------------------------------------------------------------------
def _type(w: World, org_type: str) -> OrganisationType:
    """The type's data; a type of the catalogue the demo files do not know gets plain defaults."""
    known = w.data.organisation_types.get(org_type)
    if known is not None:
        return known
    roles = tuple(w.data.persons["default_roles"])
    return OrganisationType(2, 1, False, ("Nachbarschaft",), roles, (f"{org_type} {{ort}}",))


def make_organisations(w: World) -> None:
    rng = w.rng
    path = resource_path("reference", ORGANISATION_TYPES_TXT)
    types = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    types = types or list(w.data.organisation_types)
    weights = [_type(w, t).weight for t in types]
    total_population = sum(r.population for r in w.raeume) or 1
    base = 8
    extra = max(0, ORGANISATION_TARGET - base * len(w.raeume))
    slots: list[tuple[Raum, str]] = []
    fixed: set[int] = set()
    for raum in w.raeume:
        count = base + round(extra * raum.population / total_population)
        chosen = [t for t in w.data.organisations["in_every_sozialraum"] if t in types] or [types[0]]
        fixed.update(range(len(slots), len(slots) + len(chosen)))
        chosen += rng.choices(types, weights, k=max(0, count - len(chosen)))
        slots += [(raum, t) for t in chosen]
    # Every type of the catalogue appears (and enough Träger to run other organisations).
    for org_type in types:
        while sum(1 for _, t in slots if t == org_type) < _type(w, org_type).at_least:
            replaceable = [i for i, (_, t) in enumerate(slots) if t in ("Verein", "Kita") and i not in fixed]
            if not replaceable:
                break
            i = rng.choice(replaceable)
            slots[i] = (slots[i][0], org_type)
            fixed.add(i)
    first_kommune: set[int] = set()
    for raum, org_type in slots:
        seat_name = raum.id not in first_kommune and org_type == "Kommune"
        if seat_name:
            first_kommune.add(raum.id)
        w.orgs.append(_make_organisation(w, raum, org_type, seat_name))
    _assign_parents(w)
    w.s.add_all(w.orgs)


def _choose_place(w: World, raum: Raum, org_type: str) -> tuple[str, str]:
    if org_type == "Freier Träger":
        return raum.seat
    if _type(w, org_type).at_seat or len(raum.places) == 1:
        return raum.seat if w.chance(0.8) else w.rng.choice(raum.places)
    seat_weight = 1 if org_type == "Verein" else 4
    return w.rng.choices(raum.places, [seat_weight] + [1] * (len(raum.places) - 1))[0]


def _organisation_name(w: World, raum: Raum, org_type: str, seat_name: bool) -> tuple[str, tuple[str, str]]:
    rng = w.rng
    templates = _type(w, org_type).names
    place = _choose_place(w, raum, org_type)
    for attempt in range(40):
        if attempt:
            place = _choose_place(w, raum, org_type) if attempt < 20 else rng.choice(raum.places)
        first_kommune = seat_name and attempt == 0
        template = w.data.organisations["first_kommune_name"] if first_kommune else rng.choice(templates)
        if first_kommune:
            place = raum.seat
        name = template.format(ort=place[0], jahr=rng.randint(1880, 1990))
        if name not in w.used_names:
            break
    else:
        name = f"{name} ({raum.name})"
    w.used_names.add(name)
    return name, place


def _make_organisation(w: World, raum: Raum, org_type: str, seat_name: bool) -> Organisation:
    rng = w.rng
    texts = w.data.organisations
    name, (place, postcode) = _organisation_name(w, raum, org_type, seat_name)
    org_slug = slug(name)
    pool = _type(w, org_type).themes
    themes = rng.sample(pool, rng.randint(1, min(3, len(pool))))
    notes = DEMO_NOTE + "."
    if w.chance(0.3):
        notes += " " + rng.choice(texts["notes"])
    org = Organisation(
        name=name,
        org_type=org_type,
        sozialraum=raum.obj,
        street=rng.choice(w.data.names["streets"]),
        house_number=str(rng.randint(1, 48)) + ("a" if w.chance(0.08) else ""),
        postcode=postcode,
        city=place,
        phone=w.phone(raum),
        email=f"{rng.choice(texts['email_names'])}@{org_slug}.example",
        website=f"www.{org_slug}.example" if w.chance(0.6) else None,
        notes=notes,
        themes=[w.themes[t] for t in themes if t in w.themes],
    )
    w.orgs_by_raum[raum.id].append(org)
    w.org_raum[org] = raum
    w.org_slug[org] = org_slug
    return org


def _assign_parents(w: World) -> None:
    traeger = [o for o in w.orgs if o.org_type == "Freier Träger"]
    for org in w.orgs:
        if org.org_type in CARRIED_TYPES:
            if traeger and w.chance(0.22):
                org.parent = w.rng.choice(traeger)
            elif org.org_type == "Kita" and w.chance(0.2):
                churches = [o for o in w.orgs_by_raum[w.org_raum[org].id] if o.org_type == "Kirche"]
                if churches:
                    org.parent = w.rng.choice(churches)


# -- persons ---------------------------------------------------------------------------------------
def person_name(w: World) -> tuple[str | None, str, str]:
    rng = w.rng
    names = w.data.names
    for _ in range(50):
        salutation = w.pick((("Frau", 57), ("Herr", 39), (None, 4)))
        pool = names["female"] if salutation == "Frau" else names["male"] if salutation == "Herr" else names["neutral"]
        first, last = rng.choice(pool), rng.choice(names["last"])
        if (first, last) not in w.used_person_names:
            break
    w.used_person_names.add((first, last))
    return salutation, first, last


def _new_person(w: World, raum: Raum, function: str, domain: str | None) -> Person:
    rng = w.rng
    salutation, first, last = person_name(w)
    title = w.pick((("Dr.", 4), ("Prof. Dr.", 1), (None, 95)))
    local = slug(first, 30).replace("-", "") + "." + slug(last, 30)
    email = f"{local}@{domain}.example" if domain and w.chance(0.92) else None
    person = Person(
        salutation=salutation,
        title=title,
        first_name=first,
        last_name=last,
        function=function,
        email=email,
        sozialraum=raum.obj,
        notes=DEMO_NOTE + ".",
        mobile=normalize_phone(f"0151 9901 {rng.randint(1000, 9999)}") if w.chance(0.2) else None,
        last_activity_on=w.day_between(w.today - timedelta(days=700), w.today - timedelta(days=30)),
    )
    if w.chance(0.04):
        person.last_activity_on = w.day_between(w.today - timedelta(days=6 * 365), w.today - timedelta(days=4 * 365))
    _add_consents(w, person)
    w.persons.append(person)
    return person


def _add_consents(w: World, person: Person) -> None:
    if not w.chance(0.88):
        return
    given = w.day_between(date(2019, 1, 15), w.today - timedelta(days=45))
    source = w.pick((("schriftlich", 4), ("Formular", 4), ("mündlich", 2)))
    consents = [Consent(purpose="Einladungen", given_on=given, source=source)]
    if w.chance(0.4):
        consents.append(
            Consent(
                purpose="Weitergabe an Netzwerkpartner",
                given_on=w.day_between(given, w.today - timedelta(days=30)),
                source=w.rng.choice(("schriftlich", "Formular")),
            )
        )
    if w.chance(0.03):
        consents[-1].withdrawn_on = w.day_between(consents[-1].given_on, w.today - timedelta(days=7))
    person.consents = consents


def make_persons(w: World) -> None:
    rng = w.rng
    counts = {}
    for org in w.orgs:
        if org.org_type == "Kommune":
            options = (2, 3)
        elif org.org_type in ("Schule", "Kita", "Familienzentrum", "Freier Träger"):
            options = (1, 2, 3)
        else:
            options = (1, 2)
        counts[org] = rng.choice(options)
    ordered = list(w.orgs)
    while sum(counts.values()) < AFFILIATED_PERSON_TARGET:
        org = rng.choice(ordered)
        if counts[org] < 3:
            counts[org] += 1
    while sum(counts.values()) > AFFILIATED_PERSON_TARGET:
        org = rng.choice(ordered)
        if counts[org] > 1:
            counts[org] -= 1
    for org in w.orgs:
        raum = w.org_raum[org]
        roles = _type(w, org.org_type or "").roles
        for i in range(counts[org]):
            person = _new_person(w, raum, roles[i % len(roles)], w.org_slug[org])
            person.phone = normalize_phone(f"{org.phone}-{rng.randint(10, 39)}")
            if org.themes and w.chance(0.3):
                person.themes = rng.sample(list(org.themes), 1)
            person.affiliations = [
                Affiliation(
                    organisation=org,
                    role=person.function,
                    is_primary=True,
                    valid_from=w.day_between(date(2008, 1, 1), w.today - timedelta(days=200)),
                )
            ]
            w.staff[org].append(person)
            w.staff_by_raum[raum.id].append(person)
            w.person_org[person] = org
    _make_freiwilligendienst(w)
    _make_second_affiliations(w)
    _make_local_persons(w)


def _make_freiwilligendienst(w: World) -> None:
    """A dozen young people in a Freiwilligendienst, placed in Kitas, Schulen and Seniorenangeboten."""
    leading = set(w.data.persons["leading_functions"])
    candidates = [
        p
        for p in w.persons
        if w.person_org[p].org_type in ("Kita", "Schule", "Seniorenangebot", "Freiwilligendienst")
        and p.function not in leading
        and p.function not in ("Leitung", "Koordination")
    ]
    for person in w.rng.sample(candidates, min(12, len(candidates))):
        person.function = w.rng.choice(w.data.persons["freiwilligendienst_functions"])
        person.title = None
        person.affiliations[0].role = person.function
        person.affiliations[0].valid_from = w.day_between(w.today - timedelta(days=300), w.today - timedelta(days=30))


def _make_second_affiliations(w: World) -> None:
    rng = w.rng
    done = 0
    for person in rng.sample(w.persons, len(w.persons)):
        if done >= SECOND_AFFILIATIONS:
            break
        own = w.person_org[person]
        others = [o for o in w.orgs_by_raum[w.org_raum[own].id] if o is not own]
        if not others or "freiwilligendienst" in (person.function or "").lower():
            continue
        other = rng.choice(others)
        roles = w.data.persons["second_roles_verein" if other.org_type == "Verein" else "second_roles"]
        person.affiliations.append(
            Affiliation(
                organisation=other,
                role=rng.choice(roles),
                is_primary=False,
                valid_from=w.day_between(date(2015, 1, 1), w.today - timedelta(days=60)),
            )
        )
        done += 1


def _make_local_persons(w: World) -> None:
    """Persons without organisation: coordinators, (Orts-)Bürgermeister*innen, Dorfmoderator*innen …"""
    rng = w.rng
    texts = w.data.persons
    for region in w.regions:
        raeume = w.raeume_of_region(region)
        if not raeume:
            continue
        office = max(raeume, key=lambda r: r.population)
        person = _new_person(w, office, texts["coordinator_function"], "sozialregion-demo")
        person.title = None
        person.phone = w.phone(office, "9902")
        person.notes = f"{DEMO_NOTE}. Koordination der Sozialregion {region.name}."
        person.last_activity_on = w.today - timedelta(days=rng.randint(1, 10))
        w.coordinators[region.id] = person
    # Ortsbürgermeister*innen in the villages of Einheitsgemeinden, honorary Bürgermeister*innen in the
    # member municipalities of Samtgemeinden, Dorfmoderator*innen and Ehrenamtliche anywhere.
    villages = [(raum, place) for raum in w.raeume for place in raum.places if place not in raum.towns]
    places = {
        "villages": villages,
        "ortsteile": [(raum, place) for raum, place in villages if raum.obj.kind != "Samtgemeinde"] or villages,
        "member_towns": [(raum, place) for raum in w.raeume for place in raum.towns[1:]],
    }
    for plan in texts["local_functions"]:
        function, pool = plan["function"], places[plan["places"]]
        for raum, (place, postcode) in rng.sample(pool, min(plan["count"], len(pool))):
            person = _new_person(w, raum, function, rng.choice(texts["local_mail_domains"]))
            person.title = None if w.chance(0.9) else person.title
            person.street = rng.choice(w.data.names["streets"])
            person.house_number = str(rng.randint(1, 60))
            person.postcode = postcode
            person.city = place
            person.phone = w.phone(raum, "9902")
            where = f"für {place}" if function != "Ehrenamtliche*r" else f"in {place}"
            person.notes = f"{DEMO_NOTE}. {function} {where}."
            w.locals_by_raum[raum.id].append(person)
            w.local_roles[person] = function
    w.s.add_all(w.persons)

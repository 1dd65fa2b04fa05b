"""Demo Angebote for the Präventionskette, and the figures per Gemeinde they are read against (children under 3,
3 to 5, child poverty).

The story the demo tells (resources/demo/angebote.json, "story"): in the Sozialraum Gieboldehausen two Gemeinden with
child poverty well above the Landkreis have no offer for 0–3-year-olds, so a coordinator finds the gap in the
Präventionskette and puts it on the next Sozialraumkonferenz. Elsewhere offers for the youngest are local (reach
Gemeinde) and found in most, not all, Gemeinden; counselling sits at the seat and reaches the whole Sozialraum."""

from __future__ import annotations

from datetime import date, time, timedelta

from sozialkoordination.demo.world import DEMO_NOTE, World, workday
from sozialkoordination.models import Angebot, Indicator, IndicatorValue, Meeting, Organisation, Theme

DAY = date(2024, 12, 31)


def make_angebote(w: World) -> None:
    spec = w.data.angebote
    story = spec["story"]
    poverty_high = story["high_child_poverty"]
    without_early = set(story["without_early_offers"])
    _gemeinde_indicators(w, spec["indicators"], poverty_high)
    for raum in w.raeume:
        members = sorted(
            (g for g in w.gemeinden if g.sozialraum_id == raum.id), key=lambda g: -w.population.get(g.ags, (0, 0))[1]
        )  # the order of raum.towns
        orgs = w.orgs_by_raum.get(raum.id) or w.orgs[:1]
        seat_org = next((o for o in orgs if "familienzentrum" in o.name.lower()), orgs[0] if orgs else None)
        seat_town, _seat_postcode = raum.seat
        for template in spec["at_seat"]:
            _add(w, spec, template, seat_org, members[0] if members else None, raum, raum.seat, {"raum": raum.name})
        story_raum = raum.name == story["sozialraum"]
        if story_raum:
            _planned_conference(w, raum)
        for gemeinde, town in zip(members, raum.towns, strict=False):
            org = _local(orgs, w.rng.choice(orgs), town) if orgs else None
            names = {"ort": town[0], "raum": raum.name}
            early_wanted = story_raum or w.chance(0.75)
            if gemeinde.name in without_early:
                early_wanted = False
            if early_wanted:
                _add(w, spec, w.rng.choice(spec["early"]), org, gemeinde, raum, town, names, reach="Gemeinde")
            for template in spec["local"]:
                if w.chance(0.45):
                    _add(w, spec, template, org, gemeinde, raum, town, names, reach="Gemeinde")
    first = w.raeume[0]
    for template in spec["district"]:
        org = (w.orgs_by_raum.get(first.id) or w.orgs[:1] or [None])[0]
        _add(w, spec, template, org, None, first, first.seat, {"raum": first.name}, reach="Landkreis")


def _local(orgs: list[Organisation], drawn: Organisation, town: tuple[str, str]) -> Organisation:
    """An organisation of the offer's own place runs it where there is one (then it takes place there and sits on the
    map at the organisation); which one follows the draw, so the demo's random source goes on as before."""
    local = [o for o in orgs if (o.city, o.postcode) == tuple(town)]
    if not local or drawn in local:
        return drawn
    return local[orgs.index(drawn) % len(local)]


def _planned_conference(w: World, raum) -> None:
    """The story needs the next Sozialraumkonferenz ahead, where the gap can go on the agenda."""
    if any(m.meeting_date >= w.today for m in w.srk_by_raum.get(raum.id, [])):
        return
    meeting = Meeting(
        meeting_type="Sozialraumkonferenz",
        title=f"Sozialraumkonferenz {raum.name}",
        level="sozialraum",
        sozialregion_id=raum.region.id if raum.region else None,
        sozialraum_id=raum.id,
        meeting_date=workday(w.today + timedelta(days=40)),
        start_time=time(16, 0),
        end_time=time(18, 0),
        venue=f"Rathaus {raum.seat[0]}",
        notes=f"{DEMO_NOTE}.",
    )
    w.s.add(meeting)
    w.meetings.append(meeting)
    w.srk_by_raum[raum.id].append(meeting)


def _add(w, spec, template, org: Organisation | None, gemeinde, raum, town, names, reach: str | None = None) -> None:
    themes = []
    for name in template["themes"]:
        if name not in w.themes:
            w.themes[name] = Theme(name=name)
            w.s.add(w.themes[name])
        themes.append(w.themes[name])
    starts_on = date(w.today.year - w.rng.randint(0, 6), w.rng.choice((1, 4, 8, 9)), 1)
    # Where the organisation sits in the offer's place, the offer takes place there (and has its map point).
    at_organisation = org is not None and (org.city, org.postcode) == tuple(town)
    street = " ".join(p for p in (org.street, org.house_number) if p) if at_organisation else None
    w.s.add(
        Angebot(
            name=template["name"].format(**names),
            kind=template["kind"],
            description=f"{DEMO_NOTE}.",
            target_groups=", ".join(template["groups"]),
            life_phases=", ".join(template["phases"]),
            themes=themes,
            organisation=org,
            at_organisation=at_organisation,
            place_street=street or None,
            place_postcode=town[1],
            place_city=town[0],
            gemeinde_id=gemeinde.id if gemeinde is not None else None,
            sozialraum_id=raum.id,
            reach=reach or template.get("reach", "Sozialraum"),
            cost=template.get("cost"),
            language=w.rng.choice(spec["languages"]),
            accessibility=w.rng.choice(spec["accessibility"]),
            starts_on=starts_on,
            contact=org.email if org is not None else None,
        )
    )


def _gemeinde_indicators(w: World, specs: dict, poverty_high: dict[str, float]) -> None:
    """Children under 3 and 3 to 5 and child poverty per Gemeinde, at the end of the last demo year."""
    made = {}
    for name, spec in specs.items():
        fields = {k: v for k, v in spec.items() if k not in ("share", "rate", "children_share")}
        made[name] = Indicator(**{**fields, "definition": spec["definition"].format(note=DEMO_NOTE)})
    w.s.add_all(made.values())
    w.indicators += list(made.values())
    rng = w.rng
    values = []
    for gemeinde in w.gemeinden:
        if gemeinde.sozialraum_id is None or gemeinde.ags not in w.population:
            continue
        people = w.population[gemeinde.ags][1]
        for name in ("under_3", "from_3_to_5"):
            low, high = specs[name]["share"]
            values.append(_value(made[name], gemeinde.ags, value=float(round(people * rng.uniform(low, high)))))
        poverty = specs["child_poverty"]
        children = max(1, round(people * poverty["children_share"]))
        rate = poverty_high.get(gemeinde.name, rng.uniform(*poverty["rate"]))
        poor = round(children * rate / 100)
        values.append(
            _value(
                made["child_poverty"],
                gemeinde.ags,
                numerator=float(poor),
                denominator=float(children),
                value=round(poor / children * 100, 1),
            )
        )
    w.s.add_all(values)
    w.indicator_values += len(values)


def _value(indicator: Indicator, ags: str, **figures) -> IndicatorValue:
    return IndicatorValue(
        indicator=indicator, area_level="gemeinde", area_key=ags, reference_date=DAY, source=indicator.source, **figures
    )

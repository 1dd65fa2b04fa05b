"""A small Präventionskette in the Sozialraum Gieboldehausen, built through the services (and the indicator
tables, which have no form for single values): a family centre, offers for 0–3 in two of its ten Gemeinden, child
poverty high in Rhumspringe and Wollbrandshausen, and a Sozialraumkonferenz planned in five weeks."""

from __future__ import annotations

from datetime import date, time, timedelta

from sozialkoordination.actors.service import OrganisationData
from sozialkoordination.meetings.dto import MeetingData
from sozialkoordination.models import Indicator, IndicatorValue
from sozialkoordination.offers.service import AngebotData, AngebotService

TODAY = date.today()  # the window's services use the real day: the dates below follow it
MEETING_DAY = TODAY + timedelta(days=38)
DAY = date(2025, 12, 31)
GIEBOLDEHAUSEN = "031595402"
CHILD_POVERTY = {"03159027": (50, 200), "03159037": (40, 180)}  # Rhumspringe, Wollbrandshausen: 25 %, 22 %
CHILDREN_0_3 = {"03159027": 60.0, "03159037": 2.0, "03159014": 120.0}  # 2 children: protected


def build(context) -> dict:
    tree = context.indicators.area_tree()
    members = tree.members[GIEBOLDEHAUSEN]
    with context.session_factory.begin() as s:
        poverty = Indicator(
            key="kinderarmut",
            name="Kinderarmut",
            kind="rate",
            direction="higher_worse",
            rate_base=100,
            age_to=14,
            unit="%",
        )
        children = Indicator(key="kinder_0_2", name="Kinder unter 3 Jahren", kind="count", age_from=0, age_to=2)
        s.add_all([poverty, children])
        for ags in members:
            num, den = CHILD_POVERTY.get(ags, (16, 200))  # 8 % elsewhere
            s.add(
                IndicatorValue(
                    indicator=poverty,
                    area_level="gemeinde",
                    area_key=ags,
                    reference_date=DAY,
                    numerator=num,
                    denominator=den,
                    value=num / den * 100,
                )
            )
            s.add(
                IndicatorValue(
                    indicator=children,
                    area_level="gemeinde",
                    area_key=ags,
                    reference_date=DAY,
                    value=CHILDREN_0_3.get(ags, 30.0),
                )
            )
    org = context.actors.save_organisation(
        OrganisationData(
            name="Familienzentrum Gieboldehausen",
            org_type="Familienzentrum",
            street="Marktstraße",
            house_number="3",
            postcode="37434",
            city="Gieboldehausen",
        )
    )
    service = AngebotService(context.session_factory, context.indicators, context.meetings, today=lambda: TODAY)
    ids = {
        "babytreff": service.save(
            AngebotData(
                name="Babytreff",
                kind="Treffpunkt",
                life_phases=["0-3"],
                themes=["Frühe Hilfen"],
                target_groups=["Eltern"],
                organisation_id=org,
                reach="Gemeinde",
            )
        ),
        "krabbel": service.save(
            AngebotData(
                name="Krabbelgruppe Bilshausen",
                kind="Gruppe",
                life_phases=["0-3"],
                themes=["Frühe Hilfen"],
                at_organisation=False,
                place_postcode="37434",
                place_city="Bilshausen",
                reach="Gemeinde",
                organisation_id=org,
            )
        ),
        "beratung": service.save(
            AngebotData(
                name="Erziehungsberatung",
                kind="Beratung",
                life_phases=["familie", "6-10"],
                themes=["Bildung"],
                organisation_id=org,
                reach="Sozialraum",
            )
        ),
        "ended": service.save(
            AngebotData(
                name="Eltern-Kind-Kurs Rhumspringe",
                kind="Kurs",
                life_phases=["0-3"],
                at_organisation=False,
                place_postcode="37434",
                place_city="Rhumspringe",
                reach="Gemeinde",
                ends_on=TODAY - timedelta(days=160),
            )
        ),
    }
    raum = context.areas.find_sozialraum(GIEBOLDEHAUSEN)
    meeting = context.meetings.save(
        MeetingData(
            meeting_type="Sozialraumkonferenz",
            title="Sozialraumkonferenz Gieboldehausen",
            level="sozialraum",
            sozialraum_id=raum.id,
            meeting_date=MEETING_DAY,
            start_time=time(16, 0),
        )
    )
    return {"service": service, "org": org, "raum": raum.id, "meeting": meeting, **ids}

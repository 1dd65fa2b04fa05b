"""Matching volunteers and offers on a constructed case with a known best match and a time conflict;
placements and their status changes."""

from datetime import date

import pytest

from sozialkoordination.core.errors import ConflictError, ValidationError
from sozialkoordination.models import Offer, Person, Placement, Theme, Volunteer, VolunteerAvailability
from sozialkoordination.volunteering.service import VolunteeringService

TODAY = date(2026, 3, 10)
TUESDAY, WEDNESDAY = 1, 2


@pytest.fixture
def case(context):
    raum = context.areas.find_sozialraum("Bovenden").id
    other_raum = context.areas.find_sozialraum("Rosdorf").id
    with context.session_factory.begin() as s:
        lesen, kinder = Theme(name="Lesen"), Theme(name="Kinder")
        offer = Offer(
            title="Lesepaten Grundschule Lenglern",
            place="Lenglern",
            sozialraum_id=raum,
            time_pattern="regelmäßig",
            weekday=TUESDAY,
            part_of_day="nachmittags",
            places=1,
            themes=[lesen, kinder],
        )
        busy_offer = Offer(
            title="Hausaufgabenhilfe",
            place="Rosdorf",
            sozialraum_id=other_raum,
            time_pattern="regelmäßig",
            weekday=TUESDAY,
            part_of_day="nachmittags",
        )

        def volunteer(first, **values):
            person = Person(first_name=first, last_name="Muster", sort_key=f"muster {first.lower()}", search_text="")
            slots = values.pop("slots", [])
            v = Volunteer(person=person, **values)
            v.availability = [VolunteerAvailability(weekday=d, part_of_day=p) for d, p in slots]
            return v

        gisela = volunteer(
            "Gisela",
            interests=[lesen, kinder],
            sozialraum_id=raum,
            reachable_places="Lenglern, Bovenden",
            slots=[(TUESDAY, "nachmittags")],
        )
        hans = volunteer(
            "Hans", interests=[lesen], sozialraum_id=raum, has_car=True, range_km=15, slots=[(WEDNESDAY, "vormittags")]
        )
        ida = volunteer("Ida", interests=[lesen, kinder], sozialraum_id=other_raum, slots=[(TUESDAY, "nachmittags")])
        jan = volunteer(
            "Jan",
            interests=[lesen, kinder],
            sozialraum_id=raum,
            available_until=date(2026, 1, 31),
            slots=[(TUESDAY, "nachmittags")],
        )
        s.add_all([offer, busy_offer, gisela, hans, ida, jan])
        s.flush()
        s.add(Placement(volunteer_id=ida.id, offer_id=busy_offer.id, status="aktiv", started_on=date(2025, 9, 1)))
        ids = {"offer": offer.id, "gisela": gisela.id, "hans": hans.id, "ida": ida.id, "jan": jan.id}
    return VolunteeringService(context.session_factory, today=lambda: TODAY), ids


def test_ranked_matches_with_reasons_and_conflict(case):
    service, ids = case
    matches = service.matches_for_offer(ids["offer"])
    assert [(m.name, m.score, m.conflict is not None) for m in matches] == [
        ("Gisela Muster", 13, False),
        ("Hans Muster", 6, False),
        ("Ida Muster", 9, True),  # would fit, but is busy at that time: last
    ]  # Jan's availability ended in January: not listed
    assert matches[0].reasons == [
        "Interesse: Kinder, Lesen",
        "verfügbar dienstags nachmittags",
        "wohnt im selben Sozialraum (Bovenden)",
        "Lenglern ist erreichbar",
    ]
    assert matches[1].reason_text == "Interesse: Lesen; wohnt im selben Sozialraum (Bovenden); hat ein Auto (15 km)"
    assert matches[2].conflict == "schon belegt dienstags nachmittags (Hausaufgabenhilfe)"
    for_hans = service.matches_for_volunteer(ids["hans"])
    assert [m.name for m in for_hans] == ["Lesepaten Grundschule Lenglern", "Hausaufgabenhilfe"]


def test_placements_without_double_booking_and_offer_status(case, context):
    service, ids = case
    with pytest.raises(ConflictError, match="keine Doppelbelegung"):
        service.request(ids["ida"], ids["offer"])
    placement = service.request(ids["gisela"], ids["offer"])
    with pytest.raises(ValidationError):
        service.request(ids["gisela"], ids["offer"])  # asked already
    assert [m.name for m in service.matches_for_offer(ids["offer"])] == ["Hans Muster", "Ida Muster"]
    service.set_status(placement, "vermittelt")
    with context.session_factory() as s:
        assert s.get(Offer, ids["offer"]).status == "besetzt"  # one place, taken
        assert s.get(Volunteer, ids["gisela"]).last_activity_on == TODAY
    service.set_status(placement, "aktiv", on=date(2026, 3, 17))
    with pytest.raises(ValidationError, match="Grund"):
        service.set_status(placement, "beendet")
    service.set_status(placement, "beendet", reason="Umzug", on=date(2026, 6, 30))
    with context.session_factory() as s:
        done = s.get(Placement, placement)
        assert (done.started_on, done.ended_on, done.status_reason) == (date(2026, 3, 17), date(2026, 6, 30), "Umzug")
        assert s.get(Offer, ids["offer"]).status == "offen"  # the place is free again
    with pytest.raises(ConflictError):  # Ida's Tuesday afternoon stays taken
        service.request(ids["ida"], ids["offer"])
    rows = service.placements(offer_id=ids["offer"])
    assert [(r[1], r[3]) for r in rows] == [("Gisela Muster", "beendet")]


def test_volunteer_and_offer_forms_data_export_and_counts(context, tmp_path):
    import openpyxl

    from sozialkoordination.actors.service import OrganisationData, PersonData
    from sozialkoordination.volunteering.service import OfferData, VolunteerData

    service = VolunteeringService(context.session_factory, today=lambda: TODAY)
    raum = context.areas.find_sozialraum("Bovenden").id
    fz = context.actors.save_organisation(
        OrganisationData(name="Familienzentrum Regenbogen", postcode="37120", email="info@fz.example")
    )
    person = context.actors.save_person(PersonData(first_name="Olga", last_name="Neu"))
    with pytest.raises(ValidationError) as error:
        service.save_offer(OfferData(title=" ", time_pattern="einmalig", places=0))
    assert set(error.value.fields) == {"title", "one_off_date", "places"}
    offer_id = service.save_offer(
        OfferData(
            title="Lesepaten",
            organisation_id=fz,
            place="Lenglern",
            sozialraum_id=raum,
            weekday=TUESDAY,
            part_of_day="nachmittags",
            themes=["Lesen", "lesen", "Kinder"],
            requirements="Führungszeugnis",
        )
    )
    assert service.get_offer(offer_id).themes == ["Kinder", "Lesen"]  # the same theme only once, sorted
    with pytest.raises(ValidationError):
        service.save_volunteer(VolunteerData(person_id=None))
    volunteer_id = service.save_volunteer(
        VolunteerData(
            person_id=person,
            interests=["Kinder"],
            availability=[(TUESDAY, "nachmittags")],
            sozialraum_id=raum,
            has_car=True,
            range_km=10,
        )
    )
    with pytest.raises(ValidationError, match="schon als Ehrenamtliche"):
        service.save_volunteer(VolunteerData(person_id=person))
    saved = service.get_volunteer(volunteer_id)
    assert (saved.name, saved.interests, saved.availability) == ("Olga Neu", ["Kinder"], [(TUESDAY, "nachmittags")])
    assert service.matches_for_offer(offer_id)[0].name == "Olga Neu"

    assert service.export_open_offers(tmp_path / "angebote.xlsx") == 1
    rows = list(openpyxl.load_workbook(tmp_path / "angebote.xlsx").active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Titel", "Organisation", "Beschreibung")
    offer_row = dict(zip(rows[0], rows[1], strict=True))
    assert (offer_row["Titel"], offer_row["Zeit"], offer_row["PLZ"], offer_row["E-Mail"]) == (
        "Lesepaten",
        "dienstags nachmittags",
        "37120",
        "info@fz.example",
    )
    placement = service.request(volunteer_id, offer_id)
    service.set_status(placement, "aktiv")
    assert service.counts(2026) == {
        "offene Angebote": 0,
        "aktive Ehrenamtliche": 1,
        "Vermittlungen 2026": 1,
        "Anfragen 2026": 1,
    }
    service.delete_volunteer(volunteer_id)
    assert context.actors.get_person(person).last_name == "Neu"  # the person stays

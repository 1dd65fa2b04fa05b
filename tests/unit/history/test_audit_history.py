"""The change history of one record: German field labels, readable values, related records of a person, and
"(gelöscht)" instead of an erased person's data."""

from datetime import date

from sozialkoordination.actors.service import AffiliationData, ConsentData, OrganisationData, PersonData
from sozialkoordination.history.service import ERASED
from sozialkoordination.meetings.dto import MeetingData


def test_the_history_of_a_person_names_fields_and_values_in_german(context):
    raum = context.areas.find_sozialraum
    org = context.actors.save_organisation(OrganisationData(name="Familienzentrum Regenbogen"))
    person = context.actors.save_person(
        PersonData(
            first_name="Erika",
            last_name="Schulz",
            sozialraum_id=raum("Bovenden").id,
            affiliations=[AffiliationData(org)],
            consents=[ConsentData("Einladungen", date(2025, 1, 10))],
        )
    )
    data = context.actors.get_person(person)
    data.sozialraum_id = raum("Rosdorf").id
    data.email = "e.schulz@fz.example"
    data.consents[0].withdrawn_on = date(2026, 2, 1)
    context.actors.save_person(data)

    entries = context.privacy.history("person", person)
    changes = {(e.record, e.action, e.field, e.before, e.after) for e in entries}
    assert ("Person", "geändert", "Sozialraum", "Bovenden", "Rosdorf") in changes
    assert ("Person", "geändert", "E-Mail", "", "e.schulz@fz.example") in changes
    assert ("Einwilligung (Einladungen)", "geändert", "widerrufen am", "", "01.02.2026") in changes
    assert ("Zugehörigkeit (Familienzentrum Regenbogen)", "angelegt", "", "", "") in changes
    assert entries[-1].action == "angelegt" and entries[0].changed_at >= entries[-1].changed_at  # newest first


def test_the_history_of_an_organisation_and_a_meeting(context):
    org = context.actors.save_organisation(OrganisationData(name="Kita Pusteblume"))
    data = context.actors.get_organisation(org)
    data.name = "Kita Pusteblume e. V."
    context.actors.save_organisation(data)
    assert [(e.field, e.before, e.after) for e in context.privacy.history("organisation", org)][0] == (
        "Name",
        "Kita Pusteblume",
        "Kita Pusteblume e. V.",
    )

    chair = context.actors.save_person(PersonData(first_name="Xaverine", last_name="Quaggelmeier"))
    meeting = context.meetings.save(MeetingData(title="Sozialforum", meeting_date=date(2026, 3, 12), level="landkreis"))
    sheet = context.meetings.get(meeting)
    sheet.chair_person_id = chair
    context.meetings.save(sheet)
    context.meetings.save_item(meeting, "Begrüßung")
    entries = context.privacy.history("meeting", meeting)
    assert ("Leitung", "", "Xaverine Quaggelmeier") in [(e.field, e.before, e.after) for e in entries]
    assert "TOP 1: Begrüßung" in [e.record for e in entries]

    context.privacy.erase_person(chair)  # the chair's name is shown only as long as the person exists
    assert ("Leitung", "", ERASED) in [
        (e.field, e.before, e.after) for e in context.privacy.history("meeting", meeting)
    ]


def test_after_an_erasure_the_history_keeps_the_facts_without_the_data(context):
    person = context.actors.save_person(PersonData(first_name="Xaverine", last_name="Quaggelmeier"))
    data = context.actors.get_person(person)
    data.email = "xq@privat.example"
    context.actors.save_person(data)
    context.privacy.erase_person(person)
    entries = context.privacy.history("person", person)
    assert entries[0].action == "gelöscht (DSGVO Art. 17)" and entries[0].after == "Löschung nach Art. 17 DSGVO"
    assert ("E-Mail", ERASED, ERASED) in [(e.field, e.before, e.after) for e in entries]
    assert not any("Quaggelmeier" in f"{e.before}{e.after}{e.record}" for e in entries)

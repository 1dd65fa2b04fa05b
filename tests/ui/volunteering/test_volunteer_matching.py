"""Matching in the window: from an offer in the list to ranked volunteers with reasons, asked, placed, ended."""

from PySide6.QtWidgets import QDialogButtonBox

from sozialkoordination.models import Offer, Person, Theme, Volunteer, VolunteerAvailability
from sozialkoordination.ui.volunteering.match_dialog import MatchDialog
from tests.ui.helpers import (
    choose_area,
    choose_in,
    click,
    click_box_button,
    click_opens,
    pick_record,
    select_row,
    select_text,
    set_checked,
    type_text,
)


def test_offer_to_volunteers_and_placement(window, qtbot, context, type_in):
    raum = context.areas.find_sozialraum("Bovenden").id
    with context.session_factory.begin() as s:
        lesen = Theme(name="Lesen")
        offer = Offer(
            title="Lesepaten",
            place="Lenglern",
            sozialraum_id=raum,
            time_pattern="regelmäßig",
            weekday=1,
            part_of_day="nachmittags",
            themes=[lesen],
        )
        person = Person(first_name="Gisela", last_name="Öztürk", sort_key="oeztuerk gisela", search_text="")
        gisela = Volunteer(
            person=person,
            interests=[lesen],
            sozialraum_id=raum,
            availability=[VolunteerAvailability(weekday=1, part_of_day="nachmittags")],
        )
        s.add_all([offer, gisela])
        s.flush()
        offer_id = offer.id
    offers = choose_area(qtbot, window, "offers")
    select_text(qtbot, offers.table, "Lesepaten")
    assert offers.model.row_id(offers.proxy.mapToSource(offers.table.currentIndex()).row()) == offer_id
    dialog = click_opens(qtbot, offers, "offerMatchButton", MatchDialog)
    assert dialog.matches.item(0, 0).text() == "Gisela Öztürk"
    assert dialog.matches.item(0, 2).text() == (
        "Interesse: Lesen; verfügbar dienstags nachmittags; wohnt im selben Sozialraum (Bovenden)"
    )
    click(qtbot, dialog, "askButton")
    assert "Bitte wählen" in dialog.message.text()
    select_row(qtbot, dialog.matches, 0)
    click(qtbot, dialog, "askButton")
    assert dialog.message.text() == "Angefragt: Gisela Öztürk."
    assert dialog.placements.item(0, 2).text() == "angefragt"
    choose_in(qtbot, dialog.status, "aktiv")
    click(qtbot, dialog, "setStatusButton")
    assert "Bitte wählen Sie zuerst eine Vermittlung." in dialog.message.text()  # none chosen yet
    assert dialog.placements.item(0, 2).text() == "angefragt"
    select_row(qtbot, dialog.placements, 0)
    click(qtbot, dialog, "setStatusButton")
    assert dialog.placements.item(0, 2).text() == "aktiv"
    select_row(qtbot, dialog.placements, 0)
    choose_in(qtbot, dialog.status, "beendet")
    type_in("Umzug")
    click(qtbot, dialog, "setStatusButton")
    assert type_in.asked == ["Grund"]
    assert [dialog.placements.item(0, c).text() for c in (2, 3)] == ["beendet", "Umzug"]
    click_box_button(qtbot, dialog, QDialogButtonBox.StandardButton.Close)
    assert not dialog.isVisible()
    with context.session_factory() as s:
        assert s.get(Offer, offer_id).status == "offen"


def test_forms_create_an_offer_and_a_volunteer_who_then_match(window, qtbot, context, sample_actors):
    offers = choose_area(qtbot, window, "offers")
    dialog = click_opens(qtbot, offers, "newOfferButton")
    assert dialog.objectName() == "offerDialog"
    click(qtbot, dialog, "saveButton")
    assert "Titel" in dialog.error_label.text()  # nothing saved without a title
    type_text(qtbot, dialog.title, "Vorlesen im Familienzentrum")
    type_text(qtbot, dialog.themes, "Lesen")
    choose_in(qtbot, dialog.weekday, dialog.weekday.itemText(dialog.weekday.findData(2)))
    choose_in(qtbot, dialog.part, dialog.part.itemText(dialog.part.findData("vormittags")))
    choose_in(qtbot, dialog.raum, "Bovenden")
    click(qtbot, dialog, "saveButton")
    assert not dialog.isVisible()
    assert "Vorlesen im Familienzentrum" in [offers.model.index(r, 0).data() for r in range(offers.model.rowCount())]

    volunteers = choose_area(qtbot, window, "volunteers")
    form = click_opens(qtbot, volunteers, "newVolunteerButton")
    assert form.objectName() == "volunteerDialog"
    pick_record(qtbot, form.person.picker, "Schulz", "Dr. Erika Schulz (Familienzentrum Regenbogen)")
    assert form.person.label.text() == "Dr. Erika Schulz (Familienzentrum Regenbogen)"
    type_text(qtbot, form.interests, "Lesen")
    set_checked(qtbot, form.slots[(2, "vormittags")])
    choose_in(qtbot, form.raum, "Bovenden")
    click(qtbot, form, "saveButton")
    assert not form.isVisible(), form.error_label.text()
    assert volunteers.model.rowCount() == 1
    volunteer_id = volunteers.model.row_id(0)
    matches = context.volunteering.matches_for_volunteer(volunteer_id)
    assert matches[0].name == "Vorlesen im Familienzentrum"
    assert matches[0].reasons == [
        "Interesse: Lesen",
        "verfügbar mittwochs vormittags",
        "wohnt im selben Sozialraum (Bovenden)",
    ]

"""Matching in the window: from an offer in the list to ranked volunteers with reasons, asked, placed, ended."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QPushButton

from sozialkoordination.models import Offer, Person, Theme, Volunteer, VolunteerAvailability
from sozialkoordination.ui.dialogs.match_dialog import MatchDialog


def test_offer_to_volunteers_and_placement(window, qtbot, context, monkeypatch):
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
    window.show_area("offers")
    offers = window.stack.currentWidget()
    offers.refresh()
    offers.select_id(offer_id)
    qtbot.mouseClick(offers.findChild(QPushButton, "offerMatchButton"), Qt.MouseButton.LeftButton)
    dialog = window.findChildren(MatchDialog)[0]
    assert dialog.matches.item(0, 0).text() == "Gisela Öztürk"
    assert dialog.matches.item(0, 2).text() == (
        "Interesse: Lesen; verfügbar dienstags nachmittags; wohnt im selben Sozialraum (Bovenden)"
    )
    dialog.ask_button.click()
    assert "Bitte wählen" in dialog.message.text()
    dialog.matches.selectRow(0)
    dialog.ask_button.click()
    assert dialog.message.text() == "Angefragt: Gisela Öztürk."
    assert dialog.placements.item(0, 2).text() == "angefragt"
    dialog.placements.selectRow(0)
    dialog.set_status("aktiv")
    assert dialog.placements.item(0, 2).text() == "aktiv"
    dialog.placements.selectRow(0)
    dialog.set_status("beendet", reason="Umzug")
    assert [dialog.placements.item(0, c).text() for c in (2, 3)] == ["beendet", "Umzug"]
    dialog.close()
    with context.session_factory() as s:
        assert s.get(Offer, offer_id).status == "offen"


def test_forms_create_an_offer_and_a_volunteer_who_then_match(window, qtbot, context, sample_actors):
    from tests.ui.helpers import type_text

    window.show_area("offers")
    offers = window.stack.currentWidget()
    qtbot.mouseClick(offers.findChild(QPushButton, "newOfferButton"), Qt.MouseButton.LeftButton)
    dialog = next(w for w in window.findChildren(QDialog) if w.objectName() == "offerDialog")
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert "Titel" in dialog.error_label.text()  # nothing saved without a title
    type_text(qtbot, dialog.title, "Vorlesen im Familienzentrum")
    type_text(qtbot, dialog.themes, "Lesen")
    dialog.weekday.setCurrentIndex(dialog.weekday.findData(2))
    dialog.part.setCurrentIndex(dialog.part.findData("vormittags"))
    dialog.raum.setCurrentIndex(dialog.raum.findText("Bovenden"))
    qtbot.mouseClick(dialog.save_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert "Vorlesen im Familienzentrum" in [offers.model.index(r, 0).data() for r in range(offers.model.rowCount())]

    window.show_area("volunteers")
    volunteers = window.stack.currentWidget()
    qtbot.mouseClick(volunteers.findChild(QPushButton, "newVolunteerButton"), Qt.MouseButton.LeftButton)
    form = next(w for w in window.findChildren(QDialog) if w.objectName() == "volunteerDialog")
    type_text(qtbot, form.person.picker, "Schulz")
    form.person.picker.choose("Dr. Erika Schulz (Familienzentrum Regenbogen)")
    type_text(qtbot, form.interests, "Lesen")
    form.slots[(2, "vormittags")].setChecked(True)
    form.raum.setCurrentIndex(form.raum.findText("Bovenden"))
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
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

"""Matching in the window: from an offer in the list to ranked volunteers with reasons, asked, placed, ended."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QPushButton

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

"""The DSGVO in the window: Änderungsverlauf and Auskunft from the person list and form, the retention review
under Extras, erasing from the form, and the consent question before exporting contact data."""

import csv
import json
import os
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QPushButton
from sqlalchemy import select

from sozialkoordination.models import AuditEntry, Person
from sozialkoordination.services.actors import ConsentData, PersonData
from sozialkoordination.ui.dialogs.audit_history_dialog import AuditHistoryDialog
from sozialkoordination.ui.dialogs.retention_dialog import RetentionDialog

SHOTS = os.environ.get("PRIVACY_SCREENSHOTS")  # a folder: the dialogs are saved there as PNG to look at


def shot(widget, name: str) -> None:
    if SHOTS:
        widget.grab().save(os.path.join(SHOTS, f"{name}.png"))


def persons_tab(window):
    window.show_area("actors")
    view = window.actors_view
    view.kind_tabs.setCurrentIndex(1)
    view.show_whole_district()
    return view


def select_person(view, person_id):
    view.select_id(person_id)
    assert view.selected_ids() == [person_id]


def test_history_from_the_context_menu_and_the_form(window, context, sample_actors, qtbot):
    data = context.actors.get_person(sample_actors["schulz"])
    data.phone = "0551 400 12"
    data.function = "Leitung"
    context.actors.save_person(data)
    view = persons_tab(window)
    select_person(view, sample_actors["schulz"])
    assert {a.objectName() for a in view.table.actions()} >= {"historyAction", "reportAction"}
    view.history_action.trigger()
    dialog = window.findChild(AuditHistoryDialog)
    assert dialog.windowTitle() == "Änderungsverlauf – Dr. Erika Schulz"
    rows = [[dialog.table.item(r, c).text() for c in range(7)] for r in range(dialog.table.rowCount())]
    assert rows[0][1:] == ["Anna Beispiel", "Person", "geändert", "Telefon", "", "0551 400 12"] or any(
        r[1:] == ["Anna Beispiel", "Person", "geändert", "Telefon", "", "0551 400 12"] for r in rows
    )
    assert "Einträge im Änderungsprotokoll" in dialog.summary.text()
    shot(dialog, "aenderungsverlauf")
    dialog.close()

    form = view._dialog(sample_actors["schulz"])
    qtbot.addWidget(form)
    names = {b.objectName() for b in form.buttons.buttons()}
    assert {"historyButton", "reportButton", "deleteButton"} <= names
    form.findChild(QPushButton, "historyButton").click()
    assert form.findChild(AuditHistoryDialog).isVisible()
    form.reject()


def test_history_of_an_organisation(window, context, sample_actors):
    data = context.actors.get_organisation(sample_actors["kita"])
    data.email = "kita@pusteblume.example"
    context.actors.save_organisation(data)
    window.show_area("actors")
    view = window.actors_view
    view.show_whole_district()
    select_person(view, sample_actors["kita"])
    dialog = view.show_history()
    assert dialog.windowTitle() == "Änderungsverlauf – Kita Pusteblume"
    fields = [dialog.table.item(r, 4).text() for r in range(dialog.table.rowCount())]
    assert "E-Mail" in fields


def test_auskunft_from_the_list_writes_word_and_json(window, context, sample_actors, tmp_path):
    view = persons_tab(window)
    select_person(view, sample_actors["schulz"])
    view.write_report(target=tmp_path / "Auskunft Schulz.docx")
    data = json.loads((tmp_path / "Auskunft Schulz.json").read_text(encoding="utf-8"))
    assert data["person"]["email"] == "e.schulz@fz.example"
    assert data["zugehoerigkeiten"][0]["organisation"] == "Familienzentrum Regenbogen"
    assert (tmp_path / "Auskunft Schulz.docx").stat().st_size > 5000
    assert "Auskunft gespeichert" in window.statusBar().currentMessage()


def test_auskunft_failure_is_a_calm_message(window, context, sample_actors, tmp_path, message_boxes):
    view = persons_tab(window)
    view.write_report(sample_actors["schulz"], tmp_path / "fehlt" / "auskunft.docx")
    assert "existiert nicht" in message_boxes[-1]


@pytest.fixture
def forgotten(context):
    """A person nobody has heard of for years, without consent."""
    person = context.actors.save_person(PersonData(first_name="Xaverine", last_name="Quaggelmeier"))
    with context.session_factory.begin() as s:
        s.get(Person, person).last_activity_on = date(2019, 4, 1)
        s.query(AuditEntry).filter(AuditEntry.entity == "person").delete()
    return person


def test_retention_review_keep_and_erase(window, context, sample_actors, forgotten, answer_yes, qtbot):
    old = context.actors.save_person(PersonData(first_name="Otto", last_name="Altmann"))
    with context.session_factory.begin() as s:
        s.get(Person, old).last_activity_on = date(2020, 2, 1)
        s.query(AuditEntry).filter(AuditEntry.entity == "person").delete()
    window.retention_action.trigger()
    dialog = window.findChild(RetentionDialog)
    assert dialog.isVisible()
    names = [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]
    assert names == ["Xaverine Quaggelmeier", "Otto Altmann"]  # Dr. Schulz was entered today
    assert dialog.table.item(0, 2).text() == "01.04.2019"
    assert "keine Einwilligung erfasst" in dialog.table.item(0, 3).text()
    assert dialog.summary.text() == "2 Personen zu prüfen. Frist: 24 Monate."
    shot(dialog, "aufbewahrung")

    dialog.table.selectRow(1)
    qtbot.mouseClick(dialog.keep_button, Qt.MouseButton.LeftButton)
    assert [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())] == ["Xaverine Quaggelmeier"]
    assert "weiter aufbewahrt" in dialog.summary.text()

    dialog.table.selectRow(0)
    qtbot.mouseClick(dialog.erase_button, Qt.MouseButton.LeftButton)
    assert "Xaverine Quaggelmeier" in answer_yes[-1]
    assert dialog.table.rowCount() == 0
    with context.session_factory() as s:
        assert s.get(Person, forgotten) is None
        assert s.get(Person, old).last_activity_on == date.today()

    dialog.months.setValue(6)  # the period is stored with the data
    assert context.privacy.retention_months() == 6
    dialog.close()


def test_retention_review_opens_a_person(window, context, forgotten, monkeypatch):
    opened = []
    monkeypatch.setattr(window.actors_view, "open_record", lambda kind, pid: opened.append((kind, pid)))
    dialog = window.review_retention()
    dialog.table.selectRow(0)
    dialog.open_button.click()
    assert opened == [("person", forgotten)]
    dialog.close()


def test_erase_from_the_person_form(window, context, forgotten, answer_yes, qtbot):
    view = persons_tab(window)
    form = view._dialog(forgotten)
    qtbot.addWidget(form)
    form.delete_button.click()
    assert form.deleted
    with context.session_factory() as s:
        erase = s.scalar(select(AuditEntry).where(AuditEntry.action == "erase"))
        assert erase.entity_id == forgotten  # through the erasure, not a plain delete


def test_export_asks_about_persons_without_consent(window, context, sample_actors, tmp_path, monkeypatch):
    context.actors.save_person(
        PersonData(first_name="Jonas", last_name="Müller", email="jm@example.org",
                   consents=[ConsentData("Weitergabe an Netzwerkpartner", date(2025, 1, 1))])
    )  # fmt: skip
    view = persons_tab(window)
    target = tmp_path / "personen.csv"
    monkeypatch.setattr("sozialkoordination.ui.views.actors_view.choose_save_path", lambda *a, **k: target)
    asked = []

    def answer(button):
        def question(parent, title, text, *args, **kwargs):
            asked.append(text)
            return button

        return question

    from PySide6.QtWidgets import QMessageBox

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Cancel))
    view.export_list()
    assert "1 von 2 Personen hat keine gültige Einwilligung „Weitergabe an Netzwerkpartner“" in asked[-1]
    assert not target.exists()

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.Yes))
    view.export_list()
    rows = list(csv.reader(target.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert [r[0] for r in rows[1:]] == ["Müller"]

    monkeypatch.setattr(QMessageBox, "question", answer(QMessageBox.StandardButton.No))
    view.export_list()
    rows = list(csv.reader(target.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert [r[0] for r in rows[1:]] == ["Müller", "Schulz"]


def test_network_member_list_asks_too(window, context, sample_actors, tmp_path, monkeypatch, answer_yes):
    from sozialkoordination.services.networks import NetworkData

    network = context.networks.save(NetworkData(name="AK Frühe Hilfen", level="landkreis"))
    context.networks.add_members(network, organisation_ids=[sample_actors["fz"]], person_ids=[sample_actors["schulz"]])
    window.show_area("networks")
    view = window.networks_view
    target = tmp_path / "mitglieder.csv"
    monkeypatch.setattr("sozialkoordination.ui.views.networks_view.choose_save_path", lambda *a, **k: target)
    assert view.current_id() == network
    view.export_members()
    assert "1 von 2 Personen" in answer_yes[-1]
    text = target.read_text(encoding="utf-8-sig")
    assert "Familienzentrum Regenbogen" in text and "Schulz" not in text


def test_invitation_tab_marks_missing_consent(window, context, sample_actors, qtbot):
    from sozialkoordination.services.meetings import MeetingData

    bovenden = context.areas.find_sozialraum("Bovenden").id
    meeting = context.meetings.save(
        MeetingData(title="Sozialraumkonferenz Bovenden", meeting_date=date(2026, 12, 3), sozialraum_id=bovenden)
    )
    context.meetings.invite(meeting, [sample_actors["schulz"]])
    context.actors.save_person(
        PersonData(first_name="Jonas", last_name="Müller", sozialraum_id=bovenden,
                   consents=[ConsentData("Einladungen", date(2025, 1, 1))])
    )  # fmt: skip
    window.open_meeting(meeting)
    view = window.meetings_view
    panel = view.invitation_panel
    view.tabs.setCurrentWidget(panel)
    assert panel.invitees.item(0, 5).text() == "fehlt"
    assert panel.invitees.item(0, 5).toolTip().startswith("Keine gültige Einwilligung für Einladungen")
    assert "1 ohne Einwilligung" in panel.summary.text()
    panel.raum_filter.setCurrentIndex(panel.raum_filter.findText("Bovenden"))
    panel.suggest()
    ticks = {
        panel.candidates.item(r, 1).text(): panel.candidates.item(r, 0) for r in range(panel.candidates.rowCount())
    }
    assert ticks["Jonas Müller"].checkState() == Qt.CheckState.Checked
    assert ticks["Dr. Erika Schulz"].text() == "eingeladen"  # already on the list, by hand
    QApplication.processEvents()
    shot(window, "einladung")


def test_dialog_buttons_say_schliessen(window, forgotten):
    dialog = window.review_retention()
    box = dialog.findChild(QDialogButtonBox)
    assert box.button(QDialogButtonBox.StandardButton.Close).text() == "Schließen"
    dialog.close()


def test_history_of_a_meeting_names_an_erased_chair_no_more(window, context, forgotten):
    from sozialkoordination.services.meetings import MeetingData

    meeting = context.meetings.save(MeetingData(title="Sozialforum", meeting_date=date(2026, 3, 12), level="landkreis"))
    data = context.meetings.get(meeting)
    data.chair_person_id = forgotten
    context.meetings.save(data)
    context.privacy.erase_person(forgotten)
    window.open_meeting(meeting)
    view = window.meetings_view
    assert view.history_action in view.table.actions()
    dialog = view.show_history()
    assert dialog.windowTitle() == "Änderungsverlauf – 12.03.2026 Sozialforum"
    rows = [[dialog.table.item(r, c).text() for c in range(7)] for r in range(dialog.table.rowCount())]
    assert ["Sitzung", "geändert", "Leitung", "", "(gelöscht)"] in [r[2:] for r in rows]
    shot(dialog, "verlauf-sitzung")

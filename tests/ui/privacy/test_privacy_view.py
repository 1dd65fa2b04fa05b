"""The DSGVO in the window: Änderungsverlauf and Auskunft from the person list and form, the retention review
under Extras, erasing from the form, and the consent question before exporting contact data."""

import csv
import json
import os
from datetime import date

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QMessageBox
from sqlalchemy import select

from sozialkoordination.actors.service import ConsentData, PersonData
from sozialkoordination.models import AuditEntry, Person
from sozialkoordination.ui.history.dialog import AuditHistoryDialog
from sozialkoordination.ui.privacy.retention_dialog import RetentionDialog
from tests.ui.helpers import (
    answer_modal,
    ask_answers,
    choose_area,
    choose_in,
    click,
    click_box_button,
    click_tab,
    double_click_row,
    row_menu,
    select_text,
    use_action,
)

SHOTS = os.environ.get("PRIVACY_SCREENSHOTS")  # a folder: the dialogs are saved there as PNG to look at


def shot(widget, name: str) -> None:
    if SHOTS:
        widget.grab().save(os.path.join(SHOTS, f"{name}.png"))


def persons_tab(window, qtbot):
    view = choose_area(qtbot, window, "actors")
    click_tab(qtbot, view.kind_tabs, "Personen")
    choose_in(qtbot, view.region_combo, "Ganzer Landkreis")
    return view


def open_meeting_in_list(window, qtbot, title: str):
    """Meetings area, whole district, click the meeting in the list."""
    view = choose_area(qtbot, window, "meetings")
    if view.region_combo.currentText() != "Ganzer Landkreis":
        choose_in(qtbot, view.region_combo, "Ganzer Landkreis")
    select_text(qtbot, view.table, title, column=1)
    return view


def history_dialog(parent) -> AuditHistoryDialog:
    dialogs = [d for d in parent.findChildren(AuditHistoryDialog) if d.isVisible()]
    assert len(dialogs) == 1
    return dialogs[0]


def test_history_from_the_context_menu_and_the_form(window, context, sample_actors, qtbot):
    data = context.actors.get_person(sample_actors["schulz"])
    data.phone = "0551 400 12"
    data.function = "Leitung"
    context.actors.save_person(data)
    view = persons_tab(window, qtbot)
    row = select_text(qtbot, view.table, "Schulz")
    row_menu(qtbot, view.table, row, "Änderungsverlauf …")
    dialog = history_dialog(window)
    assert dialog.windowTitle() == "Änderungsverlauf – Dr. Erika Schulz"
    rows = [[dialog.table.item(r, c).text() for c in range(7)] for r in range(dialog.table.rowCount())]
    # The number as stored: in the DIN 5008 grouping
    assert ["Anna Beispiel", "Person", "geändert", "Telefon", "", "0551 40012"] in [r[1:] for r in rows]
    assert "Einträge im Änderungsprotokoll" in dialog.summary.text()
    shot(dialog, "aenderungsverlauf")
    click_box_button(qtbot, dialog, QDialogButtonBox.StandardButton.Close)
    assert not dialog.isVisible()

    seen = {}

    def from_the_form(form):
        seen["buttons"] = {b.objectName() for b in form.buttons.buttons() if b.isVisible()}
        click(qtbot, form, "historyButton")
        history = history_dialog(form)
        seen["title"] = history.windowTitle()
        click_box_button(qtbot, history, QDialogButtonBox.StandardButton.Close)
        click(qtbot, form, "cancelButton")

    shown = answer_modal(qtbot, from_the_form)
    double_click_row(qtbot, view.table, row)
    assert shown and not shown[0].isVisible()
    assert {"historyButton", "reportButton", "deleteButton"} <= seen["buttons"]
    assert seen["title"] == "Änderungsverlauf – Dr. Erika Schulz"


def test_history_of_an_organisation(window, context, sample_actors, qtbot):
    data = context.actors.get_organisation(sample_actors["kita"])
    data.email = "kita@pusteblume.example"
    context.actors.save_organisation(data)
    view = choose_area(qtbot, window, "actors")
    choose_in(qtbot, view.region_combo, "Ganzer Landkreis")
    row = select_text(qtbot, view.table, "Kita Pusteblume")
    assert "Auskunft (Art. 15) …" not in [a.text() for a in view.table.actions() if a.isVisible()]  # persons only
    row_menu(qtbot, view.table, row, "Änderungsverlauf …")
    dialog = history_dialog(window)
    assert dialog.windowTitle() == "Änderungsverlauf – Kita Pusteblume"
    fields = [dialog.table.item(r, 4).text() for r in range(dialog.table.rowCount())]
    assert "E-Mail" in fields


def test_auskunft_from_the_list_writes_word_and_json(window, context, sample_actors, tmp_path, qtbot, save_as):
    view = persons_tab(window, qtbot)
    row = select_text(qtbot, view.table, "Schulz")
    save_as(tmp_path / "Auskunft Schulz.docx")
    row_menu(qtbot, view.table, row, "Auskunft (Art. 15) …")
    assert save_as.asked == ["Auskunft speichern"]
    data = json.loads((tmp_path / "Auskunft Schulz.json").read_text(encoding="utf-8"))
    assert data["person"]["email"] == "e.schulz@fz.example"
    assert data["zugehoerigkeiten"][0]["organisation"] == "Familienzentrum Regenbogen"
    assert (tmp_path / "Auskunft Schulz.docx").stat().st_size > 5000
    assert "Auskunft gespeichert" in window.statusBar().currentMessage()


def test_auskunft_from_the_form_and_its_failure_is_a_calm_message(
    window, context, sample_actors, tmp_path, qtbot, save_as, message_boxes
):
    view = persons_tab(window, qtbot)

    def ask_for_the_report(form):
        save_as(tmp_path / "fehlt" / "auskunft.docx")  # a folder that does not exist (any more)
        click(qtbot, form, "reportButton")
        click(qtbot, form, "cancelButton")

    shown = answer_modal(qtbot, ask_for_the_report)
    double_click_row(qtbot, view.table, select_text(qtbot, view.table, "Schulz"))
    assert shown and save_as.done()
    assert "existiert nicht" in message_boxes[-1]
    assert not (tmp_path / "fehlt").exists()


@pytest.fixture
def forgotten(context):
    """A person nobody has heard of for years, without consent."""
    person = context.actors.save_person(PersonData(first_name="Xaverine", last_name="Quaggelmeier"))
    with context.session_factory.begin() as s:
        s.get(Person, person).last_activity_on = date(2019, 4, 1)
        s.query(AuditEntry).filter(AuditEntry.entity == "person").delete()
    return person


def retention_dialog(window, qtbot) -> RetentionDialog:
    use_action(qtbot, window, "retentionAction")  # Extras → Aufbewahrung prüfen …
    dialog = window.findChild(RetentionDialog)
    assert dialog is not None and dialog.isVisible()
    return dialog


def retention_names(dialog) -> list[str]:
    return [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]


def test_retention_review_keep_and_erase(window, context, sample_actors, forgotten, answer_yes, qtbot):
    old = context.actors.save_person(PersonData(first_name="Otto", last_name="Altmann"))
    with context.session_factory.begin() as s:
        s.get(Person, old).last_activity_on = date(2020, 2, 1)
        s.query(AuditEntry).filter(AuditEntry.entity == "person").delete()
    dialog = retention_dialog(window, qtbot)
    assert retention_names(dialog) == ["Xaverine Quaggelmeier", "Otto Altmann"]  # Dr. Schulz was entered today
    assert dialog.table.item(0, 2).text() == "01.04.2019"
    assert "keine Einwilligung erfasst" in dialog.table.item(0, 3).text()
    assert dialog.summary.text() == "2 Personen zu prüfen. Frist: 24 Monate."
    shot(dialog, "aufbewahrung")

    select_text(qtbot, dialog.table, "Otto Altmann")
    click(qtbot, dialog, "keepButton")
    assert retention_names(dialog) == ["Xaverine Quaggelmeier"]
    assert "weiter aufbewahrt" in dialog.summary.text()

    select_text(qtbot, dialog.table, "Xaverine Quaggelmeier")
    click(qtbot, dialog, "eraseButton")
    assert "Xaverine Quaggelmeier" in answer_yes[-1]
    assert dialog.table.rowCount() == 0
    with context.session_factory() as s:
        assert s.get(Person, forgotten) is None
        assert s.get(Person, old).last_activity_on == date.today()

    qtbot.keyClick(dialog.months, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClicks(dialog.months, "6")  # the period is stored with the data
    assert dialog.months.value() == 6
    assert context.privacy.retention_months() == 6
    click_box_button(qtbot, dialog, QDialogButtonBox.StandardButton.Close)
    assert not dialog.isVisible()


def test_retention_review_opens_a_person(window, context, forgotten, qtbot):
    choose_area(qtbot, window, "tasks")  # wherever the coordinator is when opening the review
    dialog = retention_dialog(window, qtbot)
    select_text(qtbot, dialog.table, "Xaverine Quaggelmeier")
    opened = []

    def look_and_close(form):
        opened.append((form.first_name.text(), form.last_name.text()))
        opened.append((window.area_key(), window.actors_view.selected_ids()))  # the list behind the form
        click(qtbot, form, "cancelButton")

    shown = answer_modal(qtbot, look_and_close)
    click(qtbot, dialog, "openPersonButton")
    assert shown and opened == [("Xaverine", "Quaggelmeier"), ("actors", [forgotten])]
    assert window.area_key() == "actors" and window.actors_view.kind_tabs.currentIndex() == 1
    click_box_button(qtbot, dialog, QDialogButtonBox.StandardButton.Close)


def test_erase_from_the_person_form(window, context, forgotten, answer_yes, qtbot):
    view = persons_tab(window, qtbot)

    def erase(form):
        click(qtbot, form, "deleteButton")

    shown = answer_modal(qtbot, erase)
    double_click_row(qtbot, view.table, select_text(qtbot, view.table, "Quaggelmeier"))
    assert shown and shown[0].deleted and not shown[0].isVisible()
    assert "Xaverine Quaggelmeier" in answer_yes[-1] or "Quaggelmeier" in answer_yes[-1]
    assert "Quaggelmeier" not in [view.model.index(r, 0).data() for r in range(view.model.rowCount())]
    assert window.statusBar().currentMessage() == "Gelöscht."
    with context.session_factory() as s:
        erase = s.scalar(select(AuditEntry).where(AuditEntry.action == "erase"))
        assert erase.entity_id == forgotten  # through the erasure, not a plain delete


def test_export_asks_about_persons_without_consent(
    window, context, sample_actors, tmp_path, qtbot, monkeypatch, save_as
):
    context.actors.save_person(
        PersonData(
            first_name="Jonas",
            last_name="Müller",
            email="jm@example.org",
            consents=[ConsentData("Weitergabe an Netzwerkpartner", date(2025, 1, 1))],
        )
    )
    view = persons_tab(window, qtbot)
    target = tmp_path / "personen.csv"

    asked = ask_answers(monkeypatch, QMessageBox.StandardButton.Cancel)
    click(qtbot, view, "exportButton")
    assert "1 von 2 Personen hat keine gültige Einwilligung „Weitergabe an Netzwerkpartner“" in asked[-1]
    assert not target.exists() and save_as.asked == []  # cancelled before the file was chosen

    asked = ask_answers(monkeypatch, QMessageBox.StandardButton.Yes)
    save_as(target)
    click(qtbot, view, "exportButton")
    rows = list(csv.reader(target.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert [r[0] for r in rows[1:]] == ["Müller"]

    asked = ask_answers(monkeypatch, QMessageBox.StandardButton.No)
    save_as(target)
    click(qtbot, view, "exportButton")
    rows = list(csv.reader(target.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    assert [r[0] for r in rows[1:]] == ["Müller", "Schulz"]
    assert save_as.done() and asked


def test_network_member_list_asks_too(window, context, sample_actors, tmp_path, qtbot, answer_yes, save_as):
    from sozialkoordination.networks.dto import NetworkData

    network = context.networks.save(NetworkData(name="AK Frühe Hilfen", level="landkreis"))
    context.networks.add_members(network, organisation_ids=[sample_actors["fz"]], person_ids=[sample_actors["schulz"]])
    view = choose_area(qtbot, window, "networks")
    assert view.current_id() == network
    target = tmp_path / "mitglieder.csv"
    save_as(target)
    click(qtbot, view, "membersXlsxButton")
    assert "1 von 2 Personen" in answer_yes[-1]
    assert save_as.asked == ["Mitgliederliste speichern"]
    text = target.read_text(encoding="utf-8-sig")
    assert "Familienzentrum Regenbogen" in text and "Schulz" not in text


def test_invitation_tab_marks_missing_consent(window, context, sample_actors, qtbot):
    from sozialkoordination.meetings.dto import MeetingData

    bovenden = context.areas.find_sozialraum("Bovenden").id
    meeting = context.meetings.save(
        MeetingData(title="Sozialraumkonferenz Bovenden", meeting_date=date(2026, 12, 3), sozialraum_id=bovenden)
    )
    context.meetings.invite(meeting, [sample_actors["schulz"]])
    context.actors.save_person(
        PersonData(
            first_name="Jonas",
            last_name="Müller",
            sozialraum_id=bovenden,
            consents=[ConsentData("Einladungen", date(2025, 1, 1))],
        )
    )
    view = open_meeting_in_list(window, qtbot, "Sozialraumkonferenz Bovenden")
    assert view.current_id() == meeting
    panel = view.invitation_panel
    click_tab(qtbot, view.tabs, "Einladung")
    assert panel.invitees.item(0, 5).text() == "fehlt"
    assert panel.invitees.item(0, 5).toolTip().startswith("Keine gültige Einwilligung für Einladungen")
    assert "1 ohne Einwilligung" in panel.summary.text()
    choose_in(qtbot, panel.raum_filter, "Bovenden")
    click(qtbot, panel, "suggestButton")
    ticks = {
        panel.candidates.item(r, 1).text(): panel.candidates.item(r, 0) for r in range(panel.candidates.rowCount())
    }
    assert ticks["Jonas Müller"].checkState() == Qt.CheckState.Checked
    assert ticks["Dr. Erika Schulz"].text() == "eingeladen"  # already on the list, by hand
    QApplication.processEvents()
    shot(window, "einladung")


def test_dialog_buttons_say_schliessen(window, forgotten, qtbot):
    dialog = retention_dialog(window, qtbot)
    box = dialog.findChild(QDialogButtonBox)
    assert box.button(QDialogButtonBox.StandardButton.Close).text() == "Schließen"
    click_box_button(qtbot, dialog, QDialogButtonBox.StandardButton.Close)
    assert not dialog.isVisible()


def test_history_of_a_meeting_names_an_erased_chair_no_more(window, context, forgotten, qtbot):
    from sozialkoordination.meetings.dto import MeetingData

    meeting = context.meetings.save(MeetingData(title="Sozialforum", meeting_date=date(2026, 3, 12), level="landkreis"))
    data = context.meetings.get(meeting)
    data.chair_person_id = forgotten
    context.meetings.save(data)
    context.privacy.erase_person(forgotten)
    view = open_meeting_in_list(window, qtbot, "Sozialforum")
    row_menu(qtbot, view.table, view.table.currentRow(), "Änderungsverlauf …", column=1)
    dialog = history_dialog(window)
    assert dialog.windowTitle() == "Änderungsverlauf – 12.03.2026 Sozialforum"
    rows = [[dialog.table.item(r, c).text() for c in range(7)] for r in range(dialog.table.rowCount())]
    assert ["Sitzung", "geändert", "Leitung", "", "(gelöscht)"] in [r[2:] for r in rows]
    shot(dialog, "verlauf-sitzung")

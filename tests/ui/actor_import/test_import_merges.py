"""Issue 18.7 through the widgets: possible duplicates shown side by side and kept apart unless chosen, every merge
counted on the wizard's pages and listed in the history, and undo asks before it drops later edits."""

from dataclasses import replace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from sozialkoordination.actor_import.service import MERGE, Decision
from sozialkoordination.actors.service import ActorFilter, OrganisationData
from sozialkoordination.ui.actor_import.wizard import ImportWizard
from sozialkoordination.ui.import_journal.dialog import ImportHistoryDialog
from sozialkoordination.ui.shell import theme
from tests.ui.helpers import click, new_dialog, open_windows, trigger, type_text
from tests.unit.actor_import.test_import_merges import BILSHAUSEN, MARIEN, RHUMSPRINGE, write_xlsx


def click_next(qtbot, wizard):
    qtbot.mouseClick(wizard.button(wizard.WizardButton.NextButton), Qt.MouseButton.LeftButton)


def open_wizard(qtbot, window, path):
    before = open_windows()
    trigger(qtbot, window, "importAction")
    wizard = new_dialog(qtbot, before, ImportWizard)
    type_text(qtbot, wizard.file_page.file_edit, str(path))
    for _ in range(3):  # file → sheet → mapping → preview
        click_next(qtbot, wizard)
    assert wizard.currentPage() is wizard.preview_page
    return wizard


def open_history(qtbot, window):
    before = open_windows()
    trigger(qtbot, window, "historyAction")
    return new_dialog(qtbot, before, ImportHistoryDialog)


def stored(context):
    rows = context.actors.rows(ActorFilter())
    return sorted((o.name, o.city, o.phone) for o in (context.actors.get_organisation(r.id) for r in rows))


def test_two_kindergartens_of_one_name_are_shown_as_a_pair_and_both_kept(window, context, qtbot, tmp_path):
    again = [MARIEN, "Kirchstr. 5", "37434", "Bilshausen", None]  # the Bilshausen row once more
    wizard = open_wizard(qtbot, window, write_xlsx(tmp_path / "kitas.xlsx", [BILSHAUSEN, RHUMSPRINGE, again]))
    summary = wizard.preview_page.summary.text()
    assert "1 mögliche Dublette<br>" in summary
    assert "0 Zeilen mit vorhandenen Einträgen zusammengeführt, 1 Zeile mit gleichen Einträgen der Datei" in summary
    click_next(qtbot, wizard)

    dups = wizard.duplicates_page
    assert wizard.currentPage() is dups and dups.list.count() == 1
    assert dups.list.item(0).text() == f"Zeile 3 · Organisation: {MARIEN} · mögliche Dublette"
    shown = {dups.compare.item(r, 0).text(): r for r in range(dups.compare.rowCount())}
    for label, existing, new in (("Straße", "Kirchstraße 5", "Mühlenweg 2"), ("Ort", "Bilshausen", "Rhumspringe")):
        row = shown[label]
        assert (dups.compare.item(row, 1).text(), dups.compare.item(row, 2).text()) == (existing, new)
        assert dups.compare.item(row, 1).background().color() == theme.tint(theme.WARNING)  # the difference is marked
    assert "vielleicht dieselbe Einrichtung" in dups.reason.text()
    assert dups.findChild(type(dups.decision_buttons.buttons()[0]), "decision_create").isChecked()  # keep both
    assert dups.default_combo.currentData() == MERGE  # … although certain duplicates are merged by default
    qtbot.mouseClick(wizard.button(wizard.WizardButton.CommitButton), Qt.MouseButton.LeftButton)

    result = wizard.result_page.result_label.text()
    assert "2 neu angelegt (2 Organisationen, 0 Personen), 0 Zeilen mit vorhandenen Einträgen zusammengeführt" in result
    assert "1 Zeile mit gleichen Einträgen der Datei zusammengeführt" in result
    assert stored(context) == [(MARIEN, "Bilshausen", "05528 1234"), (MARIEN, "Rhumspringe", "05529 5678")]

    history = open_history(qtbot, window)
    assert history.table.item(0, 6).text() == "1"  # the column "zusammengeführt"
    assert [history.merge_list.item(i).text() for i in range(history.merge_list.count())] == [
        f"Zeile 4 → Organisation „{MARIEN}“ (Eintrag aus derselben Datei)"
    ]


def test_the_user_merges_a_possible_pair_and_the_count_follows(window, context, qtbot, tmp_path):
    wizard = open_wizard(qtbot, window, write_xlsx(tmp_path / "kitas.xlsx", [BILSHAUSEN, RHUMSPRINGE]))
    click_next(qtbot, wizard)
    dups = wizard.duplicates_page
    assert "0 Zeilen mit vorhandenen Einträgen zusammengeführt" in dups.merge_count.text()
    click(qtbot, dups, "decision_merge")
    assert "1 Zeile mit gleichen Einträgen der Datei" in dups.merge_count.text()
    qtbot.mouseClick(wizard.button(wizard.WizardButton.CommitButton), Qt.MouseButton.LeftButton)
    assert "1 Zeile mit gleichen Einträgen der Datei zusammengeführt" in wizard.result_page.result_label.text()
    assert stored(context) == [(MARIEN, "Bilshausen", "05528 1234")]


@pytest.fixture
def imported_then_edited(context, tmp_path):
    """An import that merged into "Kita Ahorn" and created "Kita Neu"; afterwards someone edited "Kita Neu"."""
    ahorn = context.actors.save_organisation(OrganisationData(name="Kita Ahorn", postcode="37120"))
    rows = [["Kita Ahorn", None, "37120", "Bovenden", "0551 2"], ["Kita Neu", None, "37120", "Bovenden", "0551 3"]]
    service = context.actor_import
    path = write_xlsx(tmp_path / "kitas.xlsx", rows)
    data = service.read(path)
    plan = service.prepare(path, data, 0, service.suggest_mapping(data.rows[0]))
    service.run(plan, default=Decision(MERGE))
    new_id = context.actors.rows(ActorFilter(text="Kita Neu"))[0].id
    context.actors.save_organisation(replace(context.actors.get_organisation(new_id), notes="nach dem Import"))
    return ahorn, new_id


def test_undo_names_what_was_edited_since_and_does_nothing_unless_confirmed(
    window, context, qtbot, imported_then_edited, message_boxes
):
    history = open_history(qtbot, window)
    click(qtbot, history, "undoButton")
    assert message_boxes[0].startswith("1 Eintrag wurde nach dem Import geändert: Kita Neu (Organisation).")
    assert "Trotzdem rückgängig machen?" in message_boxes[0]
    assert message_boxes[1].startswith("Nur unveränderte entfernen?")
    assert stored(context) == [("Kita Ahorn", "Bovenden", "0551 2"), ("Kita Neu", "Bovenden", "0551 3")]
    assert history.undo_button.isEnabled()


def test_undo_confirmed_removes_and_restores_with_the_true_count(
    window, context, qtbot, imported_then_edited, answer_yes
):
    ahorn, _new = imported_then_edited
    history = open_history(qtbot, window)
    click(qtbot, history, "undoButton")
    assert "Kita Neu (Organisation)" in answer_yes[0] and "Trotzdem rückgängig machen?" in answer_yes[0]
    assert "1 Akteure entfernt, 1 zusammengeführte Einträge wiederhergestellt" in history.message.text()
    assert stored(context) == [("Kita Ahorn", None, None)]
    assert context.actors.get_organisation(ahorn).phone is None


def test_undo_may_keep_what_was_edited_since(window, context, qtbot, imported_then_edited, monkeypatch):
    answers = [QMessageBox.StandardButton.No, QMessageBox.StandardButton.Yes]  # not everything; only the unchanged
    asked = []

    def question(parent, title, text, *args, **kwargs):
        asked.append(title)
        return answers.pop(0)

    monkeypatch.setattr(QMessageBox, "question", question)
    history = open_history(qtbot, window)
    click(qtbot, history, "undoButton")
    assert asked == ["Import rückgängig machen", "Nur unveränderte entfernen"]
    assert "1 geänderte Einträge behalten" in history.message.text()
    assert stored(context) == [("Kita Ahorn", None, None), ("Kita Neu", "Bovenden", "0551 3")]

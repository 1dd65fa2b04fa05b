"""Small shared widgets: the save dialog's suffix handling and remembered folder, the area combo."""

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QWidget

from sozialkoordination.ui.widgets.area_combo import AreaCombo
from sozialkoordination.ui.widgets.first_paint import after_first_paint
from sozialkoordination.ui.widgets.save_dialog import CSV, XLSX, choose_save_path
from tests.ui.helpers import click_into


def test_save_path_gets_the_chosen_format_and_remembers_the_folder(qtbot, monkeypatch, tmp_path):
    parent = QWidget()
    qtbot.addWidget(parent)
    answers = [(str(tmp_path / "Liste 2026.v2"), "CSV für Excel (*.csv)"), ("", "")]
    asked = []

    def dialog(parent, title, proposal, filters):
        asked.append((title, proposal, filters))
        return answers.pop(0)

    monkeypatch.setattr(QFileDialog, "getSaveFileName", dialog)
    assert choose_save_path(parent, "Exportieren", "Liste.xlsx", [XLSX, CSV]) == tmp_path / "Liste 2026.v2.csv"
    assert asked[0][2] == "Excel-Arbeitsmappe (*.xlsx);;CSV für Excel (*.csv)"
    assert QSettings().value("folders/export") == str(tmp_path)
    assert choose_save_path(parent, "Exportieren", "Liste.xlsx", [XLSX]) is None  # cancelled
    assert asked[1][1].startswith(str(tmp_path))  # the folder used last time is offered


def test_area_combo_follows_the_level(qtbot, context):
    combo = AreaCombo(context.areas)
    qtbot.addWidget(combo)
    bovenden = context.areas.find_sozialraum("Bovenden").id
    combo.set_level("sozialraum", bovenden)
    assert combo.currentText() == "Bovenden" and combo.sozialraum_id() == bovenden and combo.sozialregion_id() is None
    combo.set_level("sozialregion")
    assert combo.count() == 7 and combo.sozialregion_id() is None  # "– bitte wählen –" and six regions
    combo.set_level("landkreis")
    assert not combo.isEnabled() and combo.currentText() == "Landkreis Göttingen"


def test_after_first_paint_waits_for_the_window_on_screen_and_runs_once(qtbot):
    window = QWidget()
    qtbot.addWidget(window)
    calls = []
    after_first_paint(window, lambda: calls.append("check"))
    qtbot.wait(50)
    assert calls == []  # built, not shown: nothing yet
    window.show()
    qtbot.waitUntil(lambda: calls == ["check"])
    window.repaint()
    qtbot.wait(50)
    assert calls == ["check"]  # later paints do not start it again


def test_tab_leaves_a_notes_field_and_ctrl_tab_types_a_tab(qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QVBoxLayout, QWidget

    from sozialkoordination.ui.widgets import accessibility

    form = QWidget()
    qtbot.addWidget(form)
    notes, after = QPlainTextEdit(form), QLineEdit(form)
    layout = QVBoxLayout(form)
    layout.addWidget(notes)
    layout.addWidget(after)
    accessibility.prepare(form)
    form.show()
    qtbot.waitExposed(form)
    click_into(qtbot, notes)
    qtbot.keyClicks(notes, "Zeile")
    qtbot.keyClick(notes, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert notes.toPlainText() == "Zeile\t"
    qtbot.keyClick(notes, Qt.Key.Key_Tab)
    assert notes.toPlainText() == "Zeile\t" and after.hasFocus()

"""Citizen participation in the window: an activity through its form, results typed in, a summary for the Gemeinde."""

import docx
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QPushButton

from tests.ui.helpers import type_text


def open_dialog(window, name: str) -> QDialog:
    return next(w for w in window.findChildren(QDialog) if w.objectName() == name and w.isVisible())


def test_activity_results_and_summary(window, qtbot, context, sample_actors, tmp_path):
    window.show_area("participation")
    view = window.stack.currentWidget()
    qtbot.mouseClick(view.findChild(QPushButton, "newActivityButton"), Qt.MouseButton.LeftButton)
    form = open_dialog(window, "activityDialog")
    form.format.setCurrentText("Zukunftswerkstatt")
    type_text(qtbot, form.title, "Dorfzukunft Lenglern")
    form.raum.setCurrentIndex(form.raum.findText("Bovenden"))
    form.starts.check.setChecked(True)
    form.on_site.setValue(42)
    form.online.setValue(17)
    type_text(qtbot, form.partner_picker, "Regenb")
    form.partner_picker.choose("Familienzentrum Regenbogen (Bovenden)")
    form.status.setCurrentText("abgeschlossen")
    qtbot.mouseClick(form.save_button, Qt.MouseButton.LeftButton)
    assert not form.isVisible(), form.error_label.text()
    view.region_combo.setCurrentIndex(0)
    activity_id = view.model.row_id(0)
    assert view.model.index(0, 2).data() == "Dorfzukunft Lenglern"

    view.select_id(activity_id)
    qtbot.mouseClick(view.findChild(QPushButton, "proposalsButton"), Qt.MouseButton.LeftButton)
    results = open_dialog(window, "proposalsDialog")
    qtbot.mouseClick(results.findChild(QPushButton, "saveProposalButton"), Qt.MouseButton.LeftButton)
    assert "Vorschlag ein" in results.message.text()  # an empty proposal is refused
    type_text(qtbot, results.text, "Bänke am Dorfteich")
    results.response.setCurrentText("angenommen")
    type_text(qtbot, results.responsible.picker, "Regenb")
    results.responsible.picker.choose("Familienzentrum Regenbogen (Bovenden)")
    type_text(qtbot, results.cost, "1.800")
    qtbot.mouseClick(results.findChild(QPushButton, "saveProposalButton"), Qt.MouseButton.LeftButton)
    assert results.table.rowCount() == 1 and results.table.item(0, 3).text() == "1.800,00 €"
    results.table.selectRow(0)
    results.add_milestone("Standorte festlegen")
    results.add_milestone("Bänke aufstellen")
    results.table.selectRow(0)
    results.milestone_done()
    assert results.table.item(0, 4).text() == "50 %"
    assert results.table.item(0, 6).text() == "Bänke aufstellen"
    results.table.selectRow(0)
    results.add_task("Angebote für Bänke einholen")
    assert results.table.item(0, 7).text() == "Angebote für Bänke einholen"
    results.close()
    assert [t.description for t in context.meetings.tasks()] == ["Angebote für Bänke einholen"]

    window.write_summary(activity_id, tmp_path / "zusammenfassung.docx")
    text = "\n".join(p.text for p in docx.Document(tmp_path / "zusammenfassung.docx").paragraphs)
    assert "1 Vorschlag: 1 angenommen." in text and "Bänke aufstellen (Bänke am Dorfteich)" in text
    window.export_participation(tmp_path / "beteiligung.xlsx")
    assert (tmp_path / "beteiligung.xlsx").exists()


def test_figures_for_reports(window, context):
    from datetime import date

    from sozialkoordination.services.participation import ActivityData

    raum = context.areas.find_sozialraum("Bovenden").id
    context.participation.save(ActivityData(title="Ortsbegehung", format="Ortsbegehung", sozialraum_id=raum,
                                            starts_on=date(2026, 4, 2), participants_on_site=12))  # fmt: skip
    dialog = window.participation_figures()
    assert [dialog.table.item(0, c).text() for c in range(4)] == ["Bovenden", "2026", "1", "12"]
    figures = window.volunteering_figures()
    assert figures.table.rowCount() == 3
    assert figures.table.item(0, 0).text() == str(date.today().year)


def test_an_untouched_activity_closes_without_a_question(window, qtbot, context, sample_actors, message_boxes):
    from sozialkoordination.services.participation import ActivityData

    raum = context.areas.find_sozialraum("Bovenden").id
    activity_id = context.participation.save(
        ActivityData(title="Dorfzukunft Lenglern", format="Zukunftswerkstatt", sozialraum_id=raum,
                     partner_ids=[sample_actors["fz"], sample_actors["kita"]])
    )  # fmt: skip
    window.show_area("participation")
    view = window.stack.currentWidget()
    view.region_combo.setCurrentIndex(0)
    view.select_id(activity_id)
    edit = view.findChild(QPushButton, "editActivityButton")
    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    form = open_dialog(window, "activityDialog")
    assert form.partners.count() == 2
    qtbot.mouseClick(form.findChild(QPushButton, "cancelButton"), Qt.MouseButton.LeftButton)
    assert not form.isVisible()
    assert message_boxes == []  # the stored partners shown are no change

    qtbot.mouseClick(edit, Qt.MouseButton.LeftButton)
    form = open_dialog(window, "activityDialog")
    form.partners.setCurrentRow(0)
    qtbot.mouseClick(form.findChild(QPushButton, "removePartnerButton"), Qt.MouseButton.LeftButton)
    qtbot.mouseClick(form.findChild(QPushButton, "cancelButton"), Qt.MouseButton.LeftButton)
    assert message_boxes and "nicht gespeichert" in message_boxes[0]  # a removed partner is a change
    assert len(context.participation.get(activity_id).partner_ids) == 2

"""Citizen participation used the way a coordinator does: an activity through its form, results typed in with
milestones and a task, a summary for the Gemeinde and the export – all through the area's buttons."""

from datetime import date

import docx
import openpyxl
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from tests.ui.helpers import (
    choose,
    choose_area,
    click,
    click_opens,
    pick,
    replace_text,
    select_row,
    select_text,
    type_date,
    type_text,
)


def close_dialog(qtbot, dialog) -> None:
    button = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close)
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()


def test_activity_results_and_summary(window, qtbot, context, sample_actors, tmp_path, save_as, type_in, message_boxes):
    view = choose_area(qtbot, window, "participation")
    form = click_opens(qtbot, view, "newActivityButton")
    assert form.objectName() == "activityDialog"
    replace_text(qtbot, form.format, "Zukunftswerkstatt")
    type_text(qtbot, form.title, "Dorfzukunft Lenglern")
    choose(qtbot, form.raum, "Bovenden")
    click(qtbot, form, "startsOnEditCheck")
    type_date(qtbot, form.starts.edit, date(2026, 4, 18))
    replace_text(qtbot, form.on_site.lineEdit(), "42")
    replace_text(qtbot, form.online.lineEdit(), "17")
    pick(qtbot, form.partner_picker, "Regenb", "Familienzentrum Regenbogen (Bovenden)")
    partners = [form.partners.item(r).text() for r in range(form.partners.count())]
    assert partners == ["Familienzentrum Regenbogen (Bovenden)"]
    choose(qtbot, form.status, "abgeschlossen")
    click(qtbot, form, "saveButton")
    assert not form.isVisible(), form.error_label.text()
    choose(qtbot, view.region_combo, view.region_combo.itemText(0))  # the whole district
    assert view.model.index(0, 2).data() == "Dorfzukunft Lenglern"
    activity_id = view.model.row_id(0)
    stored = context.participation.get(activity_id)
    assert (stored.format, stored.starts_on, stored.participants_on_site, stored.participants_online) == (
        "Zukunftswerkstatt",
        date(2026, 4, 18),
        42,
        17,
    )
    assert stored.partner_ids == [sample_actors["fz"]] and stored.status == "abgeschlossen"

    select_text(qtbot, view.table, "Dorfzukunft Lenglern", column=2)
    results = click_opens(qtbot, view, "proposalsButton")
    assert results.objectName() == "proposalsDialog"
    click(qtbot, results, "saveProposalButton")
    assert "Vorschlag ein" in results.message.text()  # an empty proposal is refused
    type_text(qtbot, results.text, "Bänke am Dorfteich")
    choose(qtbot, results.response, "angenommen")
    pick(qtbot, results.responsible.picker, "Regenb", "Familienzentrum Regenbogen (Bovenden)")
    type_text(qtbot, results.cost, "1.800")
    click(qtbot, results, "saveProposalButton")
    assert results.table.rowCount() == 1 and results.table.item(0, 3).text() == "1.800,00 €"

    select_row(qtbot, results.table, 0)
    type_in("Standorte festlegen")
    click(qtbot, results, "milestoneButton")
    select_row(qtbot, results.table, 0)
    type_in("Bänke aufstellen")
    click(qtbot, results, "milestoneButton")
    assert type_in.asked == ["Meilenstein", "Meilenstein"]
    (proposal,) = context.participation.proposals(activity_id)
    titles = [title for _id, title, _day, _done in proposal.milestones]
    assert titles == ["Standorte festlegen", "Bänke aufstellen"]  # the typed titles, never "False"
    assert results.table.item(0, 6).text() == "Standorte festlegen; Bänke aufstellen"
    select_row(qtbot, results.table, 0)
    click(qtbot, results, "milestoneDoneButton")
    assert results.table.item(0, 4).text() == "50 %"
    assert results.table.item(0, 6).text() == "Bänke aufstellen"
    (proposal,) = context.participation.proposals(activity_id)
    assert [(title, bool(done)) for _id, title, _day, done in proposal.milestones] == [
        ("Standorte festlegen", True),
        ("Bänke aufstellen", False),
    ]
    select_row(qtbot, results.table, 0)
    type_in("Angebote für Bänke einholen")
    click(qtbot, results, "proposalTaskButton")
    assert type_in.asked[-1] == "Aufgabe"
    assert results.table.item(0, 7).text() == "Angebote für Bänke einholen"
    close_dialog(qtbot, results)
    tasks = context.meetings.tasks()
    assert [t.description for t in tasks] == ["Angebote für Bänke einholen"]

    shown = len(message_boxes)
    save_as(None)  # Abbrechen: nothing written, no message
    click(qtbot, view, "summaryButton")
    assert save_as.done() and not list(tmp_path.glob("*.docx")) and len(message_boxes) == shown
    save_as(tmp_path / "zusammenfassung.docx")
    click(qtbot, view, "summaryButton")
    assert save_as.asked[-1] == "Zusammenfassung speichern"
    document = docx.Document(tmp_path / "zusammenfassung.docx")
    text = "\n".join(p.text for p in document.paragraphs)
    text += "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)
    assert "1 Vorschlag: 1 angenommen." in text and "Bänke aufstellen (Bänke am Dorfteich)" in text
    assert "Angebote für Bänke einholen" in text and "False" not in text
    assert "Zusammenfassung gespeichert" in window.statusBar().currentMessage()

    save_as(None)
    click(qtbot, view, "exportParticipationButton")
    assert save_as.done() and not list(tmp_path.glob("*.xlsx")) and len(message_boxes) == shown
    save_as(tmp_path / "beteiligung.xlsx")
    click(qtbot, view, "exportParticipationButton")
    assert "1 Vorschlag exportiert" in window.statusBar().currentMessage()
    cells = [
        value
        for sheet in openpyxl.load_workbook(tmp_path / "beteiligung.xlsx").worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
    ]
    assert "Dorfzukunft Lenglern" in cells and "Bänke am Dorfteich" in cells and "False" not in cells
    assert len(message_boxes) == shown


def test_an_untouched_activity_closes_without_a_question(window, qtbot, context, sample_actors, message_boxes):
    from sozialkoordination.participation.dto import ActivityData

    raum = context.areas.find_sozialraum("Bovenden").id
    activity_id = context.participation.save(
        ActivityData(
            title="Ortsbegehung",
            format="Ortsbegehung",
            sozialraum_id=raum,
            starts_on=date(2026, 4, 2),
            participants_on_site=12,
            partner_ids=[sample_actors["fz"]],
        )
    )
    view = choose_area(qtbot, window, "participation")
    choose(qtbot, view.region_combo, view.region_combo.itemText(0))
    select_text(qtbot, view.table, "Ortsbegehung", column=2)
    form = click_opens(qtbot, view, "editActivityButton")
    assert form.title.text() == "Ortsbegehung"
    click(qtbot, form, "cancelButton")
    assert not form.isVisible()
    form = click_opens(qtbot, view, "editActivityButton")
    qtbot.keyClick(form, Qt.Key.Key_Escape)
    assert not form.isVisible()
    assert message_boxes == []  # nothing was changed: no "Änderungen verwerfen?"

    # Removing a partner is a change: closing asks (answered "Verwerfen"), and nothing is stored.
    form = click_opens(qtbot, view, "editActivityButton")
    select_row(qtbot, form.partners, 0)
    click(qtbot, form, "removePartnerButton")
    assert form.partners.count() == 0
    click(qtbot, form, "cancelButton")
    assert not form.isVisible()
    assert len(message_boxes) == 1 and "Änderungen" in message_boxes[0]
    assert context.participation.get(activity_id).partner_ids == [sample_actors["fz"]]


def test_figures_for_reports(window, qtbot, context):
    from sozialkoordination.participation.dto import ActivityData

    raum = context.areas.find_sozialraum("Bovenden").id
    context.participation.save(
        ActivityData(
            title="Ortsbegehung",
            format="Ortsbegehung",
            sozialraum_id=raum,
            starts_on=date(2026, 4, 2),
            participants_on_site=12,
        )
    )
    view = choose_area(qtbot, window, "participation")
    dialog = click_opens(qtbot, view, "participationOverviewButton")
    assert [dialog.table.item(0, c).text() for c in range(4)] == ["Bovenden", "2026", "1", "12"]
    offers = choose_area(qtbot, window, "offers")
    figures = click_opens(qtbot, offers, "volunteeringFiguresButton")
    assert figures.table.rowCount() == 3
    assert figures.table.item(0, 0).text() == str(date.today().year)

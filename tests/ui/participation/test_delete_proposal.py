"""Deleting a proposal typed in twice, as a coordinator does it in the results of an activity: asked first (the
question names what goes with it), the row and the stored proposal gone with its milestones, its task kept, every
touched row in the change log; "Nein" and an empty selection change nothing."""

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox
from sqlalchemy import select

from sozialkoordination.models import AuditEntry, Task
from sozialkoordination.participation.dto import ActivityData, ProposalData
from tests.ui.helpers import ask_answers, choose, choose_area, click, click_opens, select_text

YES, NO = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No


def shown_proposals(dialog) -> list[str]:
    return [dialog.table.item(r, 0).text() for r in range(dialog.table.rowCount())]


def logged(context, entity: str, action: str) -> list[tuple[int, str | None, str | None]]:
    with context.session_factory() as s:
        stmt = select(AuditEntry.entity_id, AuditEntry.field, AuditEntry.new_value).where(
            AuditEntry.entity == entity, AuditEntry.action == action
        )
        return [tuple(row) for row in s.execute(stmt)]


def test_a_proposal_typed_twice_is_deleted_after_asking(window, qtbot, context, sample_actors, monkeypatch):
    service = context.participation
    raum = context.areas.find_sozialraum("Bovenden").id
    activity_id = service.save(
        ActivityData(
            title="Dorfzukunft Lenglern", format="Zukunftswerkstatt", sozialraum_id=raum, starts_on=date(2026, 4, 18)
        )
    )
    kept = service.save_proposal(activity_id, ProposalData(text="Bänke am Dorfteich"))
    twice = service.save_proposal(
        activity_id, ProposalData(text="Bänke am Dorfteich aufstellen", responsible_organisation_id=sample_actors["fz"])
    )
    step = service.add_milestone(twice, "Standorte festlegen")
    task = service.add_task(twice, "Angebote einholen", sample_actors["fz"], None)

    view = choose_area(qtbot, window, "participation")
    select_text(qtbot, view.table, "Dorfzukunft Lenglern", column=2)
    assert view.proxy.index(0, 6).data() == "2"  # Vorschläge
    results = click_opens(qtbot, view, "proposalsButton")
    assert shown_proposals(results) == ["Bänke am Dorfteich", "Bänke am Dorfteich aufstellen"]

    # Nothing selected: a hint in the dialog, no question.
    asked = ask_answers(monkeypatch, YES)
    click(qtbot, results, "deleteProposalButton")
    assert asked == [] and "Bitte wählen Sie zuerst den Vorschlag" in results.message.text()
    assert len(service.proposals(activity_id)) == 2

    # "Nein": the question names the proposal, its milestone and its task; nothing changes.
    select_text(qtbot, results.table, "Bänke am Dorfteich aufstellen")
    asked = ask_answers(monkeypatch, NO)
    click(qtbot, results, "deleteProposalButton")
    assert len(asked) == 1
    assert asked[0].startswith("Den Vorschlag „Bänke am Dorfteich aufstellen“ löschen?")
    assert "Sein Meilenstein wird mit gelöscht." in asked[0]
    assert "Die Aufgabe daraus bleibt in der Aufgabenliste stehen." in asked[0]
    assert "abgelehnt" in asked[0]  # a rejected proposal is answered, not deleted
    assert len(shown_proposals(results)) == 2 and len(service.proposals(activity_id)) == 2

    # "Ja": gone from the table and the database; the milestone with it, the task stays without the proposal.
    select_text(qtbot, results.table, "Bänke am Dorfteich aufstellen")
    asked = ask_answers(monkeypatch, YES)
    click(qtbot, results, "deleteProposalButton")
    assert len(asked) == 1
    assert shown_proposals(results) == ["Bänke am Dorfteich"]
    assert results.text.toPlainText() == "" and results.message.text() == ""  # the form is empty again
    assert [p.id for p in service.proposals(activity_id)] == [kept]
    with context.session_factory() as s:
        stored_task = s.get(Task, task)
        assert stored_task.description == "Angebote einholen" and stored_task.proposal_id is None
    assert [t.description for t in context.meetings.tasks()] == ["Angebote einholen"]
    # The change log names every row the deletion touched: nothing changed silently by a database cascade.
    assert [entity_id for entity_id, _f, _v in logged(context, "proposal", "delete")] == [twice]
    assert [entity_id for entity_id, _f, _v in logged(context, "milestone", "delete")] == [step]
    assert (task, "proposal_id", None) in logged(context, "task", "update")
    assert window.statusBar().currentMessage() == "Vorschlag gelöscht."

    close = results.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close)
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    assert not results.isVisible()
    choose(qtbot, view.region_combo, view.region_combo.itemText(0))
    assert view.proxy.index(0, 6).data() == "1"  # the list counts the proposals anew

"""Removing a member entered by mistake, as a coordinator does it in the network view: asked first (the question
tells it apart from leaving), the row and the stored membership gone, the deletion in the change log; "Nein"
and an empty selection change nothing; leaving stays a dated Austritt."""

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox
from sqlalchemy import select

from sozialkoordination.models import AuditEntry
from sozialkoordination.networks.dto import NetworkData
from tests.ui.helpers import answer_date, ask_answers, choose_area, click, select_text

YES, NO = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No


def shown_members(view) -> list[str]:
    return [view.members.item(r, 0).text() for r in range(view.members.rowCount())]


def stored_members(context, network_id) -> list[str]:
    return sorted(m.name for m in context.networks.members(network_id))


def membership_deletions(context) -> list[int]:
    with context.session_factory() as s:
        stmt = select(AuditEntry.entity_id).where(
            AuditEntry.entity == "network_membership", AuditEntry.action == "delete"
        )
        return list(s.scalars(stmt))


def test_a_wrongly_added_member_is_removed_after_asking(window, qtbot, context, sample_actors, monkeypatch):
    network_id = context.networks.save(
        NetworkData(
            name="AK Familie Bovenden", level="sozialregion", sozialregion_id=context.areas.find_region("SR-B").id
        )
    )
    context.networks.add_members(
        network_id, [sample_actors["fz"], sample_actors["kita"]], [sample_actors["schulz"]], valid_from=date(2025, 1, 1)
    )
    view = choose_area(qtbot, window, "networks")
    assert view.current_id() == network_id
    assert shown_members(view) == ["Dr. Erika Schulz", "Familienzentrum Regenbogen", "Kita Pusteblume"]
    assert view.member_count.text() == "3 aktive Mitglieder"

    # Nothing selected: nothing is asked, nothing removed.
    view.members.clearSelection()
    asked = ask_answers(monkeypatch, YES)
    click(qtbot, view, "removeMembershipButton")
    assert asked == [] and len(stored_members(context, network_id)) == 3

    # "Nein": the question says what removing means and points to leaving instead; nothing changes.
    select_text(qtbot, view.members, "Kita Pusteblume")
    asked = ask_answers(monkeypatch, NO)
    click(qtbot, view, "removeMembershipButton")
    assert len(asked) == 1
    assert asked[0].startswith("„Kita Pusteblume“ aus dem Netzwerk entfernen?")
    assert "irrtümlich" in asked[0] and "„Austritt …“ mit dem Datum" in asked[0]
    assert "Kita Pusteblume" in shown_members(view) and "Kita Pusteblume" in stored_members(context, network_id)
    assert membership_deletions(context) == []

    # "Ja": gone from the list, from the database (not kept as a former member) and logged.
    (kita,) = [m for m in context.networks.members(network_id) if m.name == "Kita Pusteblume"]
    select_text(qtbot, view.members, "Kita Pusteblume")
    asked = ask_answers(monkeypatch, YES)
    click(qtbot, view, "removeMembershipButton")
    assert len(asked) == 1
    assert shown_members(view) == ["Dr. Erika Schulz", "Familienzentrum Regenbogen"]
    assert view.member_count.text() == "2 aktive Mitglieder"  # no "ehemaliges (grau)": it never was a member
    assert stored_members(context, network_id) == ["Dr. Erika Schulz", "Familienzentrum Regenbogen"]
    assert membership_deletions(context) == [kita.membership_id]
    assert "„Kita Pusteblume“ aus dem Netzwerk entfernt." in window.statusBar().currentMessage()
    assert view.table.item(0, 3).text() == "2"  # the network list counts the active members anew

    # Leaving is still the other way: the member stays, as a former one with the date.
    select_text(qtbot, view.members, "Familienzentrum Regenbogen")
    answer_date(qtbot, date(2025, 12, 31))
    click(qtbot, view, "endMembershipButton")
    assert view.member_count.text() == "1 aktives Mitglied, 1 ehemaliges (grau)"

    # Two selected at once: one question for both, both removed.
    select_text(qtbot, view.members, "Dr. Erika Schulz")
    qtbot.keyClick(view.members, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert len(view.selected_memberships()) == 2
    asked = ask_answers(monkeypatch, YES)
    click(qtbot, view, "removeMembershipButton")
    assert asked[0].startswith("2 Mitglieder aus dem Netzwerk entfernen?")
    assert shown_members(view) == [] and stored_members(context, network_id) == []
    assert "2 Mitglieder aus dem Netzwerk entfernt." in window.statusBar().currentMessage()
    assert len(membership_deletions(context)) == 3

"""Networks used the way a coordinator does: a network through its form, members ticked in a filtered list,
leaving with a date (kept in the history), the member list and the weiße Flecken exported, the network map."""

from datetime import date

import docx
import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QMessageBox

from sozialkoordination.networks.dto import NetworkData
from tests.ui.helpers import (
    answer_date,
    choose,
    choose_area,
    choose_tab,
    click,
    click_ok,
    click_opens,
    context_menu,
    new_dialog,
    open_windows,
    pick,
    replace_text,
    select_text,
    tick,
    type_date,
    type_text,
)


@pytest.fixture
def answer_no(monkeypatch):
    """The consent question answered "Nein: alle exportieren"; records the questions asked."""
    asked = []

    def question(parent, title, text, *args, **kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.No

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


def candidate_names(dialog) -> list[str]:
    return [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())]


def stored_members(context, network_id):
    return {m.name: m for m in context.networks.members(network_id)}


def test_network_members_leaving_and_exports(
    window, qtbot, context, sample_actors, tmp_path, message_boxes, save_as, answer_no
):
    view = choose_area(qtbot, window, "networks")
    form = click_opens(qtbot, view, "newNetworkButton")
    type_text(qtbot, form.name, "Netzwerk Frühe Hilfen Nord")
    choose(qtbot, form.level, "Sozialregion")
    choose(qtbot, form.area, "Adelebsen/Bovenden")
    click(qtbot, form, "saveButton")
    assert not form.isVisible(), form.error_label.text()
    network = next(n for n in context.networks.network_choices() if n[1] == "Netzwerk Frühe Hilfen Nord")
    network_id = network[0]
    assert context.networks.get(network_id).sozialregion_id == context.areas.find_region("SR-B").id
    assert view.current_id() == network_id  # the new network is selected
    assert "Netzwerk Frühe Hilfen Nord" in view.heading.text()

    dialog = click_opens(qtbot, view, "addMembersButton")
    choose(qtbot, dialog.org_type, "Familienzentrum")
    assert candidate_names(dialog) == ["Familienzentrum Regenbogen"]
    click(qtbot, dialog, "addCheckedButton")  # nothing ticked: a hint, the dialog stays
    assert "Bitte haken Sie an" in dialog.count.text() and dialog.isVisible()
    tick(qtbot, dialog.table, 0)
    click(qtbot, dialog, "addCheckedButton")
    assert not dialog.isVisible() and dialog.added == 1
    dialog = click_opens(qtbot, view, "addMembersButton")
    choose(qtbot, dialog.kind, "Personen")
    type_text(qtbot, dialog.text, "Schulz")
    qtbot.waitUntil(lambda: candidate_names(dialog) == ["Erika Schulz"], timeout=2000)
    tick(qtbot, dialog.table, 0)
    replace_text(qtbot, dialog.role, "Sprecher*in")
    click(qtbot, dialog, "addCheckedButton")
    assert not dialog.isVisible()
    assert view.members.rowCount() == 2
    assert view.member_count.text() == "2 aktive Mitglieder"
    names = [view.members.item(r, 0).text() for r in range(2)]
    assert names == ["Dr. Erika Schulz", "Familienzentrum Regenbogen"]
    assert view.members.item(0, 2).text() == "Sprecher*in"
    assert stored_members(context, network_id)["Dr. Erika Schulz"].role == "Sprecher*in"

    # Leaving before the membership began: a message, nothing changes.
    select_text(qtbot, view.members, "Familienzentrum Regenbogen")
    asked = answer_date(qtbot, date(2020, 1, 1))
    click(qtbot, view, "endMembershipButton")
    assert asked and asked[0].windowTitle() == "Austritt"
    assert message_boxes[-1].endswith("Das Ende der Mitgliedschaft liegt vor ihrem Beginn.")
    assert view.member_count.text() == "2 aktive Mitglieder"
    assert stored_members(context, network_id)["Familienzentrum Regenbogen"].valid_until is None
    assert "eingetragen" not in window.statusBar().currentMessage()

    # The Familienzentrum has been a member since 2024: role and period through its dialog.
    select_text(qtbot, view.members, "Familienzentrum Regenbogen")
    membership = click_opens(qtbot, view, "editMembershipButton")
    assert membership.since.check.isChecked()
    type_date(qtbot, membership.since.edit, date(2024, 1, 1))
    click_ok(qtbot, membership)
    assert not membership.isVisible()
    assert view.members.item(1, 3).text() == "01.01.2024"
    assert stored_members(context, network_id)["Familienzentrum Regenbogen"].valid_from == date(2024, 1, 1)

    select_text(qtbot, view.members, "Familienzentrum Regenbogen")
    answer_date(qtbot, date(2025, 12, 31))
    click(qtbot, view, "endMembershipButton")
    assert stored_members(context, network_id)["Familienzentrum Regenbogen"].valid_until == date(2025, 12, 31)
    assert view.member_count.text() == "1 aktives Mitglied, 1 ehemaliges (grau)"
    assert view.members.item(1, 4).text() == "31.12.2025"  # the end date stays visible
    assert "Austritt zum 31.12.2025 eingetragen." in window.statusBar().currentMessage()
    click(qtbot, view, "showFormerCheck")
    assert view.members.rowCount() == 1 and view.member_count.text() == "1 aktives Mitglied"
    click(qtbot, view, "showFormerCheck")
    assert [view.members.item(r, 0).text() for r in range(view.members.rowCount())] == [
        "Dr. Erika Schulz",
        "Familienzentrum Regenbogen",
    ]
    assert view.members.item(1, 0).toolTip() == "ehemaliges Mitglied"

    # The member list as Word: Dr. Schulz has no consent to passing on; "Nein" exports everyone active.
    save_as(tmp_path / "mitglieder.docx")
    click(qtbot, view, "membersDocxButton")
    assert save_as.done() and len(answer_no) == 1 and "Einwilligung" in answer_no[0]
    table = docx.Document(tmp_path / "mitglieder.docx").tables[-1]
    assert [row.cells[0].text for row in table.rows][1:] == ["Dr. Erika Schulz"]
    assert "Mitgliederliste mit 1 Mitgliedern gespeichert" in window.statusBar().currentMessage()

    shown = len(message_boxes)
    save_as(None)  # Abbrechen in the file chooser
    click(qtbot, view, "membersXlsxButton")
    assert save_as.done() and not list(tmp_path.glob("*.xlsx")) and len(message_boxes) == shown

    gaps = choose_tab(qtbot, view.tabs, "Weiße Flecken")
    header = [gaps.types_table.horizontalHeaderItem(c).text() for c in range(gaps.types_table.columnCount())]
    row = next(r for r in range(gaps.types_table.rowCount()) if gaps.types_table.item(r, 0).text() == "Bovenden")
    assert gaps.types_table.item(row, header.index("Familienzentrum")).text() == "1"
    assert gaps.types_table.item(row, header.index("Schule")).text() == "–"
    save_as(None)
    click(qtbot, gaps, "exportGapsButton")
    assert save_as.done() and not list(tmp_path.glob("*.xlsx")) and len(message_boxes) == shown
    save_as(tmp_path / "luecken.xlsx")
    click(qtbot, gaps, "exportGapsButton")
    assert save_as.asked[-1] == "Weiße Flecken exportieren"
    assert "Weiße Flecken" in window.statusBar().currentMessage()
    book = openpyxl.load_workbook(tmp_path / "luecken.xlsx")
    sheet = book["Akteurstypen"]
    rows = list(sheet.iter_rows(values_only=True))
    columns = [c for c in rows[0]]
    bovenden = next(r for r in rows if r[0] == "Bovenden")
    assert bovenden[columns.index("Familienzentrum")] == 1
    assert not bovenden[columns.index("Schule")]  # a gap
    assert len(message_boxes) == shown


def dot_position(karte, key):
    dot = karte.dot(key)
    assert dot is not None, key
    return karte.view.mapFromScene(dot.scenePos())


def test_network_map_filters_click_through_and_export(
    window, qtbot, context, sample_actors, tmp_path, monkeypatch, save_as, message_boxes
):
    from sozialkoordination.actors.connections import ORG
    from sozialkoordination.ui.actors.organisation_dialog import OrganisationDialog

    region = context.areas.find_region("SR-B").id
    network_id = context.networks.save(NetworkData(name="AK Nord", sozialregion_id=region))
    context.networks.add_members(network_id, [sample_actors["fz"], sample_actors["verein"]])
    view = choose_area(qtbot, window, "networks")
    choose(qtbot, view.region_combo, view.region_combo.itemText(0))  # the whole district
    karte = choose_tab(qtbot, view.tabs, "Netzwerkkarte")
    assert len(karte.graph.nodes) == 4  # three organisations and Dr. Erika Schulz
    assert len(karte.graph.edges) == 2  # she works for the Familienzentrum; two members of AK Nord
    assert "4 Akteure, 2 Verbindungen" in karte.info.text()
    assert [karte.unconnected.item(r).text() for r in range(karte.unconnected.count())] == ["Kita Pusteblume"]
    choose(qtbot, karte.network, "AK Nord")
    assert set(karte.graph.nodes) == {(ORG, sample_actors["fz"]), (ORG, sample_actors["verein"])}
    choose(qtbot, karte.network, "alle Netzwerke")
    choose(qtbot, karte.raum, "Rosdorf")
    assert set(karte.graph.nodes) == {(ORG, sample_actors["kita"])}
    choose(qtbot, karte.raum, "alle Sozialräume")
    choose(qtbot, karte.who, "nur Organisationen")
    assert all(key[0] == ORG for key in karte.graph.nodes)

    opened = []
    monkeypatch.setattr(OrganisationDialog, "exec", lambda dialog: opened.append(dialog.name.text()) or 0)
    qtbot.mouseClick(
        karte.view.viewport(), Qt.MouseButton.LeftButton, pos=dot_position(karte, (ORG, sample_actors["fz"]))
    )
    assert opened == ["Familienzentrum Regenbogen"] and window.area_key() == "actors"

    view = choose_area(qtbot, window, "networks")
    assert view.tabs.currentWidget() is karte
    verein = (ORG, sample_actors["verein"])
    context_menu(qtbot, karte.view.viewport(), dot_position(karte, verein), "Ansicht um diesen Akteur zentrieren")
    assert karte.centre == verein
    assert set(karte.graph.nodes) == {(ORG, sample_actors["fz"]), verein}
    for suffix, magic in ((".png", b"\x89PNG"), (".svg", b"<?xml"), (".pdf", b"%PDF")):
        save_as(tmp_path / f"karte{suffix}")
        click(qtbot, karte, "mapExportButton")
        assert (tmp_path / f"karte{suffix}").read_bytes().startswith(magic)
        assert f"Netzwerkkarte gespeichert: {tmp_path / f'karte{suffix}'}" == window.statusBar().currentMessage()
    save_as(None)
    click(qtbot, karte, "mapExportButton")
    assert save_as.done() and len(list(tmp_path.glob("karte*"))) == 3 and message_boxes == []
    click(qtbot, karte, "mapResetButton")
    assert karte.centre is None and len(karte.graph.nodes) == 3  # organisations only, the whole district


def test_relationships_entered_by_hand_from_the_map(window, qtbot, context, sample_actors):
    from sozialkoordination.actors.connections import ORG

    view = choose_area(qtbot, window, "networks")
    choose(qtbot, view.region_combo, view.region_combo.itemText(0))
    karte = choose_tab(qtbot, view.tabs, "Netzwerkkarte")
    kita, verein = (ORG, sample_actors["kita"]), (ORG, sample_actors["verein"])
    assert frozenset((kita, verein)) not in karte.graph.edges
    before = open_windows()
    context_menu(qtbot, karte.view.viewport(), dot_position(karte, kita), "Beziehungen eintragen …")
    dialog = new_dialog(qtbot, before)
    assert dialog.objectName() == "relationshipDialog"
    click(qtbot, dialog, "addRelationshipButton")
    assert "beide Akteure" in dialog.error.text()  # no target chosen: a message, nothing saved
    assert dialog.table.rowCount() == 0
    pick(qtbot, dialog.target_org.picker, "Heimat", "Heimatverein Adelebsen (Adelebsen)")
    choose(qtbot, dialog.relation_type, "Kooperation")
    type_text(qtbot, dialog.note, "Vorlesepaten")
    click(qtbot, dialog, "addRelationshipButton")
    assert dialog.table.rowCount() == 1
    assert [dialog.table.item(0, c).text() for c in range(3)] == [
        "Kita Pusteblume",
        "Heimatverein Adelebsen",
        "Kooperation",
    ]
    close = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Close)
    qtbot.mouseClick(close, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert karte.graph.edges[frozenset((kita, verein))].reasons == {"Kooperation"}

"""Networks in the window: members added from a filtered list, leaving kept in the history, lists, gaps."""

from datetime import date

import docx
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QPushButton

from sozialkoordination.services.networks import NetworkData
from tests.ui.helpers import enter, type_text


def test_members_from_filtered_lists_history_and_export(window, qtbot, context, sample_actors, tmp_path, message_boxes):
    region = context.areas.find_region("SR-B").id
    network_id = context.networks.save(NetworkData(name="Netzwerk Frühe Hilfen Nord", sozialregion_id=region))
    window.show_area("networks")
    view = window.networks_view
    view.select_network(network_id)
    assert "Netzwerk Frühe Hilfen Nord" in view.heading.text()

    dialog = view.add_members()
    dialog.org_type.setCurrentIndex(dialog.org_type.findData("Familienzentrum"))
    assert [dialog.table.item(r, 1).text() for r in range(dialog.table.rowCount())] == ["Familienzentrum Regenbogen"]
    dialog.check_all()
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert dialog.added == 1
    dialog = view.add_members()
    dialog.kind.setCurrentIndex(dialog.kind.findData("person"))
    type_text(qtbot, dialog.text, "Schulz")
    dialog.reload()
    dialog.check_all()
    dialog.role.setCurrentText("Sprecher*in")
    qtbot.mouseClick(dialog.add_button, Qt.MouseButton.LeftButton)
    assert view.members.rowCount() == 2
    assert view.member_count.text() == "2 aktive Mitglieder"
    names = [view.members.item(r, 0).text() for r in range(2)]
    assert names == ["Dr. Erika Schulz", "Familienzentrum Regenbogen"]
    assert view.members.item(0, 2).text() == "Sprecher*in"

    view.members.selectRow(1)
    view.end_membership(until=date(2020, 1, 1))  # before it began: a message, nothing changes
    assert message_boxes[-1].endswith("Das Ende der Mitgliedschaft liegt vor ihrem Beginn.")
    assert view.member_count.text() == "2 aktive Mitglieder"
    view.members.selectRow(1)
    membership = view.edit_membership()  # the Familienzentrum has been a member since 2024
    enter(qtbot, membership.since.edit, "1.1.2024")
    qtbot.mouseClick(membership.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)  # fmt: skip
    assert membership.result() == QDialog.DialogCode.Accepted
    assert view.members.item(1, 3).text() == "01.01.2024"
    view.members.selectRow(1)
    view.end_membership(until=date(2025, 12, 31))
    assert view.member_count.text() == "1 aktives Mitglied, 1 ehemaliges (grau)"
    assert view.members.item(1, 4).text() == "31.12.2025"  # the end date stays visible
    view.show_former.setChecked(False)
    assert view.members.rowCount() == 1

    view.export_members(tmp_path / "mitglieder.docx", suffix=".docx")
    table = docx.Document(tmp_path / "mitglieder.docx").tables[-1]
    assert [row.cells[0].text for row in table.rows][1:] == ["Dr. Erika Schulz"]

    view.tabs.setCurrentWidget(view.gaps)
    gaps = view.gaps
    header = [gaps.types_table.horizontalHeaderItem(c).text() for c in range(gaps.types_table.columnCount())]
    row = next(r for r in range(gaps.types_table.rowCount()) if gaps.types_table.item(r, 0).text() == "Bovenden")
    assert gaps.types_table.item(row, header.index("Familienzentrum")).text() == "1"
    assert gaps.types_table.item(row, header.index("Schule")).text() == "–"
    gaps.export(tmp_path / "luecken.xlsx")
    assert (tmp_path / "luecken.xlsx").exists()
    assert "Weiße Flecken" in window.statusBar().currentMessage()


def test_network_map_filters_click_through_and_export(window, qtbot, context, sample_actors, tmp_path, monkeypatch):
    from sozialkoordination.services.connections import ORG
    from sozialkoordination.ui.dialogs.organisation_dialog import OrganisationDialog

    region = context.areas.find_region("SR-B").id
    network_id = context.networks.save(NetworkData(name="AK Nord", sozialregion_id=region))
    context.networks.add_members(network_id, [sample_actors["fz"], sample_actors["verein"]])
    window.show_area("networks")
    view = window.networks_view
    view.region_combo.setCurrentIndex(0)  # the whole district
    view.tabs.setCurrentWidget(view.map)
    karte = view.map
    assert len(karte.graph.nodes) == 4  # three organisations and Dr. Erika Schulz
    assert len(karte.graph.edges) == 2  # she works for the Familienzentrum; two members of AK Nord
    assert "4 Akteure, 2 Verbindungen" in karte.info.text()
    assert [karte.unconnected.item(r).text() for r in range(karte.unconnected.count())] == ["Kita Pusteblume"]
    karte.network.setCurrentIndex(karte.network.findData(network_id))
    assert set(karte.graph.nodes) == {(ORG, sample_actors["fz"]), (ORG, sample_actors["verein"])}
    karte.network.setCurrentIndex(0)
    karte.raum.setCurrentIndex(karte.raum.findText("Rosdorf"))
    assert set(karte.graph.nodes) == {(ORG, sample_actors["kita"])}
    karte.raum.setCurrentIndex(0)
    karte.who.setCurrentIndex(1)  # organisations only
    assert all(key[0] == ORG for key in karte.graph.nodes)

    opened = []
    monkeypatch.setattr(OrganisationDialog, "exec", lambda dialog: opened.append(dialog.name.text()) or 0)
    dot = karte.dot((ORG, sample_actors["fz"]))
    view_point = karte.view.mapFromScene(dot.scenePos())
    qtbot.mouseClick(karte.view.viewport(), Qt.MouseButton.LeftButton, pos=view_point)
    assert opened == ["Familienzentrum Regenbogen"] and window.area_key() == "actors"

    karte.set_centre((ORG, sample_actors["verein"]))
    assert set(karte.graph.nodes) == {(ORG, sample_actors["fz"]), (ORG, sample_actors["verein"])}
    for suffix, magic in ((".png", b"\x89PNG"), (".svg", b"<?xml"), (".pdf", b"%PDF")):
        karte.export(tmp_path / f"karte{suffix}")
        assert (tmp_path / f"karte{suffix}").read_bytes().startswith(magic)


def test_relationships_entered_by_hand_from_the_map(window, qtbot, context, sample_actors):
    from sozialkoordination.services.connections import ORG
    from tests.ui.helpers import type_text

    window.show_area("networks")
    view = window.networks_view
    view.region_combo.setCurrentIndex(0)
    view.tabs.setCurrentWidget(view.map)
    karte = view.map
    kita, verein = (ORG, sample_actors["kita"]), (ORG, sample_actors["verein"])
    assert frozenset((kita, verein)) not in karte.graph.edges
    dialog = karte.edit_relationships(kita)
    qtbot.mouseClick(dialog.findChild(QPushButton, "addRelationshipButton"), Qt.MouseButton.LeftButton)
    assert "beide Akteure" in dialog.error.text()  # no target chosen: a message, nothing saved
    type_text(qtbot, dialog.target_org.picker, "Heimat")
    dialog.target_org.picker.choose("Heimatverein Adelebsen (Adelebsen)")
    dialog.relation_type.setCurrentText("Kooperation")
    type_text(qtbot, dialog.note, "Vorlesepaten")
    qtbot.mouseClick(dialog.findChild(QPushButton, "addRelationshipButton"), Qt.MouseButton.LeftButton)
    assert dialog.table.rowCount() == 1
    assert [dialog.table.item(0, c).text() for c in range(3)] == ["Kita Pusteblume", "Heimatverein Adelebsen",
                                                                  "Kooperation"]  # fmt: skip
    dialog.close()
    assert karte.graph.edges[frozenset((kita, verein))].reasons == {"Kooperation"}

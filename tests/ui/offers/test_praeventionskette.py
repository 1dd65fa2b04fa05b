"""Angebote and the Präventionskette in the window, driven like a coordinator: record an offer in the form (a
mistake first), open the chain of the Sozialraum Gieboldehausen, see the empty 0–3 cells where child poverty is
high, open a cell, put the finding on the agenda of the next Sozialraumkonferenz, and export the matrix."""

from __future__ import annotations

from openpyxl import load_workbook
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from sozialkoordination.actors.service import OrganisationData
from sozialkoordination.core.formatting import german_date
from sozialkoordination.models import Angebot, Organisation
from sozialkoordination.ui.actors.organisation_dialog import OrganisationDialog
from sozialkoordination.ui.offers.chain_view import CellOffersDialog
from sozialkoordination.ui.offers.dialogs import AngebotDialog
from sozialkoordination.ui.offers.map_dialog import AngebotMapDialog
from tests.ui.helpers import choose, choose_area, click, click_opens, pick_record, select_text, set_checked, type_text
from tests.unit.offers.scenario import MEETING_DAY, build

RHUMSPRINGE = "03159027"


def _cell(table, phase_label: str, area_name: str):
    rows = [table.verticalHeaderItem(r).text() for r in range(table.rowCount())]
    columns = [table.horizontalHeaderItem(c).text() for c in range(table.columnCount())]
    return rows.index(phase_label), columns.index(area_name)


def _on_map(dialog, xy: tuple[float, float]) -> QPoint:
    """Where a point drawn at map coordinates xy lies on the canvas widget."""
    canvas = dialog.canvas
    x, y = canvas.figure.axes[0].transData.transform(xy)
    ratio = canvas.device_pixel_ratio
    return QPoint(round(x / ratio), round((canvas.figure.bbox.height - y) / ratio))


def _map_width(dialog) -> float:
    """How much of the Landkreis the map shows, in its own units (longitude × cos 51.6°)."""
    low, high = dialog.canvas.figure.axes[0].get_xlim()
    return high - low


def _click_cell(qtbot, table, row: int, column: int) -> None:
    index = table.model().index(row, column)
    table.scrollTo(index)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=table.visualRect(index).center())


def test_new_angebot_in_the_form_with_a_mistake_first(window, qtbot, context):
    build(context)
    view = choose_area(qtbot, window, "angebote")
    choose(qtbot, view.region_combo, view.region_combo.itemText(0))  # the whole district
    assert view.count_label.text() == "4 Einträge"
    dialog = click_opens(qtbot, view, "newAngebotButton", AngebotDialog)
    type_text(qtbot, dialog.name, "Hebammensprechstunde")
    choose(qtbot, dialog.kind, "Sprechstunde")
    set_checked(qtbot, dialog.at_organisation, False)
    type_text(qtbot, dialog.postcode, "374")
    click(qtbot, dialog, "saveButton")
    assert dialog.isVisible()
    assert "mindestens eine Lebensphase" in dialog.error_label.text()
    assert "fünf Ziffern" in dialog.error_label.text()
    with context.session_factory() as s:
        assert s.query(Angebot).filter_by(name="Hebammensprechstunde").count() == 0
    set_checked(qtbot, dialog.phase_boxes["geburt"])
    set_checked(qtbot, dialog.phase_boxes["0-3"])
    type_text(qtbot, dialog.postcode, "34")
    type_text(qtbot, dialog.city, "Rhumspringe")
    type_text(qtbot, dialog.target_groups, "Schwangere, Eltern")
    type_text(qtbot, dialog.themes, "Frühe Hilfen")
    pick_record(qtbot, dialog.organisation.picker, "Familienz", "Familienzentrum Gieboldehausen (Gieboldehausen)")
    choose(qtbot, dialog.reach, "Gemeinde")
    click(qtbot, dialog, "saveButton")
    assert not dialog.isVisible()
    row = select_text(qtbot, view.table, "Hebammensprechstunde")
    shown = [view.proxy.index(row, c).data() for c in range(view.proxy.columnCount())]
    assert shown[:3] == ["Hebammensprechstunde", "Sprechstunde", "Schwangerschaft und Geburt, 0–3 Jahre"]
    assert shown[6:9] == ["Rhumspringe", "Gieboldehausen", "Gemeinde"]
    # the global search finds it and opens it in its area
    type_text(qtbot, window.global_search, "hebammen")
    qtbot.keyClick(window.global_search, Qt.Key.Key_Return)
    assert window.area_key() == "angebote"
    assert view.selected_ids() and view.selected_ids()[0] == dialog.saved_id


def test_chain_of_a_sozialraum_from_empty_cell_to_the_agenda(window, qtbot, context, answer_yes, save_as, tmp_path):
    world = build(context)
    view = choose_area(qtbot, window, "praeventionskette")
    choose(qtbot, view.area_combo, "Sozialraum Gieboldehausen")
    assert view.title_label.text() == "Präventionskette – Sozialraum Gieboldehausen"
    table = view.table
    row, column = _cell(table, "0–3 Jahre", "Rhumspringe")
    text = table.item(row, column).text()
    assert text.startswith("0") and "⚠ hoher Bedarf, kein Angebot" in text  # a symbol and words, not colour alone
    need_row = 0
    assert table.item(need_row, column).text() == "25,0 ▲ hoch"
    wolle = _cell(table, "0–3 Jahre", "Wollbrandshausen")
    assert "⚠" in table.item(*wolle).text()
    assert "✕ kein Angebot" in table.item(*_cell(table, "0–3 Jahre", "Rollshausen")).text()
    assert "◔ dünn" in table.item(*_cell(table, "0–3 Jahre", "Bilshausen")).text()
    assert "8,3 je 1.000" in table.item(*_cell(table, "0–3 Jahre", "Gieboldehausen")).text()
    assert "Kleine Zahlen" in view.legend.text()

    # the Gieboldehausen cell opens with the keyboard: its offer is listed
    _click_cell(qtbot, table, *_cell(table, "0–3 Jahre", "Gieboldehausen"))
    before = {w for w in table.window().findChildren(CellOffersDialog)}
    qtbot.keyClick(table, Qt.Key.Key_Return)
    dialog = next(d for d in view.findChildren(CellOffersDialog) if d not in before)
    assert dialog.table.item(0, 0).text() == "Babytreff"
    dialog.close()

    # the empty Rhumspringe cell: opened by the button, then put on the agenda from the dialog
    _click_cell(qtbot, table, row, column)
    dialog = click_opens(qtbot, view, "cellOffersButton", CellOffersDialog)
    assert dialog.empty.isVisible() and dialog.table.rowCount() == 0 and not dialog.table.isVisible()
    assert dialog.focusWidget().objectName() == "cellAgendaButton"  # Enter puts the gap on the agenda
    click(qtbot, dialog, "cellAgendaButton")
    assert f"Sozialraumkonferenz Gieboldehausen ({german_date(MEETING_DAY)})" in answer_yes[-1]
    agenda = context.meetings.agenda(world["meeting"])
    assert [a.title for a in agenda] == [
        "Präventionskette: kein Angebot für 0–3 Jahre in Gemeinde Rhumspringe (hoher Bedarf: Kinderarmut 25,0)"
    ]
    assert "Als TOP vorgemerkt" in window.statusBar().currentMessage()

    # from the cell to the actors nearby, and back
    click(qtbot, dialog, "cellActorsButton")
    assert window.area_key() == "actors"
    actors = window.actors_view
    assert (actors.raum_combo.currentText(), actors.search_edit.text()) == ("Gieboldehausen", "Rhumspringe")
    view = choose_area(qtbot, window, "praeventionskette")

    # the filter by theme: "Bildung" leaves no 0–3 offer in Gieboldehausen
    choose(qtbot, view.theme_combo, "Bildung")
    assert table.item(*_cell(table, "0–3 Jahre", "Gieboldehausen")).text().startswith("0")

    # export to Excel, read back
    target = tmp_path / "kette.xlsx"
    save_as(target)
    click(qtbot, view, "exportChainButton")
    rows = [[c.value for c in r] for r in load_workbook(target).active.iter_rows()]
    assert rows[[r[:2] for r in rows].index(["0–3 Jahre", "Rhumspringe"])][:3] == ["0–3 Jahre", "Rhumspringe", 0]


def test_no_meeting_planned_is_said_and_nothing_is_stored(window, qtbot, context, message_boxes):
    world = build(context)
    context.meetings.delete(world["meeting"])
    view = choose_area(qtbot, window, "praeventionskette")
    choose(qtbot, view.area_combo, "Sozialraum Gieboldehausen")
    _click_cell(qtbot, view.table, *_cell(view.table, "0–3 Jahre", "Rhumspringe"))
    click(qtbot, view, "chainAgendaButton")
    assert "keine Sitzung geplant" in message_boxes[-1]


def test_angebotslandkarte_points_open_the_offer_and_the_map_is_saved(window, qtbot, context, save_as, tmp_path):
    world = build(context)
    with context.session_factory.begin() as s:  # the partner list gave the family centre its place
        org = s.get(Organisation, world["org"])
        org.latitude, org.longitude = 51.6097, 10.2213
    verein = context.actors.save_organisation(
        OrganisationData(name="Schützenverein Rhumspringe", org_type="Verein", postcode="37434", city="Rhumspringe")
    )
    view = choose_area(qtbot, window, "praeventionskette")
    choose(qtbot, view.area_combo, "Sozialraum Gieboldehausen")
    _click_cell(qtbot, view.table, *_cell(view.table, "0–3 Jahre", "Gieboldehausen"))
    dialog = click_opens(qtbot, view, "chainMapButton", AngebotMapDialog)
    assert dialog.phase_combo.currentText() == "0–3 Jahre"
    points = {p.name: p for p in dialog.points}
    assert set(points) == {"Babytreff", "Krabbelgruppe Bilshausen"}  # the ended course is not on the map
    assert not points["Babytreff"].approximate  # at the organisation, which has coordinates
    assert points["Krabbelgruppe Bilshausen"].approximate  # the middle of Bilshausen
    assert "davon 1 mit ungefährem Ort" in dialog.info.text()
    assert dialog.extent_combo.currentText() == "Sozialraum Gieboldehausen"  # the Sozialraum fills the map
    near = _map_width(dialog)
    choose(qtbot, dialog.extent_combo, "ganzer Landkreis")
    assert _map_width(dialog) > 3 * near
    choose(qtbot, dialog.extent_combo, "Sozialraum Gieboldehausen")

    # the organisations are there too: the club without coordinates at the middle of Rhumspringe
    organisations = {p.name: p for p in dialog.organisations}
    assert set(organisations) == {"Familienzentrum Gieboldehausen", "Schützenverein Rhumspringe"}
    assert organisations["Schützenverein Rhumspringe"].approximate
    assert "2 Organisationen, davon 1 ungefähr" in dialog.info.text()
    club = dialog.organisation_offsets[verein]
    qtbot.mouseMove(dialog.canvas, _on_map(dialog, club))
    # (to the dialog's window: offscreen, a cursor move goes to the first window under it, the blocked main window)
    QTest.mouseMove(dialog.windowHandle(), dialog.canvas.mapTo(dialog, _on_map(dialog, club)))
    qtbot.waitUntil(lambda: dialog.canvas.toolTip() == "Organisation: Schützenverein Rhumspringe (Ort ungefähr)")
    qtbot.mouseClick(dialog.canvas, Qt.MouseButton.LeftButton, pos=_on_map(dialog, club))
    assert isinstance(dialog.opened, OrganisationDialog) and dialog.opened.name.text() == "Schützenverein Rhumspringe"
    dialog.opened.close()

    # where an offer sits at its organisation, the click opens the offer
    babytreff = dialog.offsets[points["Babytreff"].id]
    qtbot.mouseClick(dialog.canvas, Qt.MouseButton.LeftButton, pos=_on_map(dialog, babytreff))
    assert isinstance(dialog.opened, AngebotDialog) and dialog.opened.name.text() == "Babytreff"
    dialog.opened.close()

    # the same points as a list, by keyboard: the chosen one is ringed on the map, Enter opens it
    listed = [dialog.point_list.item(r, 0).text() for r in range(dialog.point_list.rowCount())]
    assert listed == [
        "Babytreff",
        "Krabbelgruppe Bilshausen",
        "Familienzentrum Gieboldehausen",
        "Schützenverein Rhumspringe",
    ]
    dialog.point_list.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(dialog.point_list, Qt.Key.Key_Down)
    qtbot.keyClick(dialog.point_list, Qt.Key.Key_Down)
    assert dialog.point_list.currentRow() == 1
    assert tuple(dialog._ring.get_offsets()[0]) == dialog.offsets[points["Krabbelgruppe Bilshausen"].id]
    qtbot.keyClick(dialog.point_list, Qt.Key.Key_Return)
    assert isinstance(dialog.opened, AngebotDialog) and dialog.opened.name.text() == "Krabbelgruppe Bilshausen"
    dialog.opened.close()

    set_checked(qtbot, dialog.show_organisations, False)
    assert dialog.organisations == [] and "Organisationen" not in dialog.info.text()
    choose(qtbot, dialog.phase_combo, "alle Lebensphasen")
    assert len(dialog.points) == 3
    choose(qtbot, dialog.theme_combo, "Bildung")  # the map filters by theme as the chain does
    assert {p.name for p in dialog.points} == {"Erziehungsberatung"}
    choose(qtbot, dialog.theme_combo, "alle Themen")
    target = tmp_path / "karte.svg"
    save_as(target)
    click(qtbot, dialog, "saveMapButton")
    text = target.read_text(encoding="utf-8")
    assert text.startswith("<?xml") and "ungefähr" in text and "Kinderarmut" in text
    # the map in the window still answers clicks after a copy was saved
    babytreff = next(p for p in dialog.points if p.name == "Babytreff")
    qtbot.mouseClick(dialog.canvas, Qt.MouseButton.LeftButton, pos=_on_map(dialog, dialog.offsets[babytreff.id]))
    assert isinstance(dialog.opened, AngebotDialog) and dialog.opened.name.text() == "Babytreff"


def test_the_chain_opens_on_the_own_sozialregion_and_changes_to_another(window, qtbot, context):
    """Like every list, the Präventionskette shows the coordinator's own region first (here Adelebsen/Bovenden)."""
    build(context)
    view = choose_area(qtbot, window, "praeventionskette")
    assert view.area_combo.currentText() == "Sozialregion Adelebsen/Bovenden"
    assert view.title_label.text() == "Präventionskette – Sozialregion Adelebsen/Bovenden"
    names = [view.table.horizontalHeaderItem(c).text() for c in range(view.table.columnCount())]
    assert names == ["Adelebsen", "Bovenden", "Landkreis gesamt"]
    assert view.table.item(0, 2).text() == view.chain.district_need  # the need the ▲ is measured against
    choose(qtbot, view.area_combo, "Sozialregion Eichsfeld/Duderstadt")
    row, column = _cell(view.table, "0–3 Jahre", "Gieboldehausen")
    assert view.table.item(row, column).text().startswith("2")
    _click_cell(qtbot, view.table, row, column)
    dialog = click_opens(qtbot, view, "cellOffersButton", CellOffersDialog)
    assert dialog.table.rowCount() == 2
    dialog.close()
    map_dialog = click_opens(qtbot, view, "chainMapButton", AngebotMapDialog)
    assert map_dialog.extent_combo.currentText() == "Sozialregion Eichsfeld/Duderstadt"
    assert map_dialog.windowTitle() == "Angebotslandkarte" and map_dialog.points
    map_dialog.close()


def test_the_district_matrix_keeps_its_columns_readable(window, qtbot, context):
    """Seen at 200 % text: 18 Sozialräume were squeezed into the window's width ("rund", "erber", "l Sac") and the
    widths of an earlier choice were restored for other columns. Every column is as wide as its cells need; the
    table scrolls sideways instead."""
    from PySide6.QtCore import QSettings

    build(context)
    QSettings().setValue("lists/praeventionskette/chainTable/header", b"rubbish of an earlier start")
    view = choose_area(qtbot, window, "praeventionskette")
    choose(qtbot, view.area_combo, "Landkreis – alle Sozialräume")
    table = view.table
    header = table.horizontalHeader()
    widths = {header.sectionSize(c) for c in range(table.columnCount())}
    assert len(widths) == 1 and min(widths) >= 90
    for column in range(table.columnCount()):
        assert header.sectionSize(column) >= table.sizeHintForColumn(column)  # no cell text cut
    names = [table.model().headerData(c, Qt.Orientation.Horizontal) for c in range(table.columnCount())]
    tips = [
        table.model().headerData(c, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole) for c in range(len(names))
    ]
    assert tips == names  # a long name shortened in the heading is whole in its tooltip


def test_the_map_of_an_empty_database_says_where_offers_come_from(window, qtbot):
    view = choose_area(qtbot, window, "praeventionskette")
    dialog = click_opens(qtbot, view, "chainMapButton", AngebotMapDialog)
    assert dialog.points == [] and dialog.point_list.rowCount() == 0
    assert dialog.info.text().startswith("Noch keine laufenden Angebote.")
    assert "Akteursliste importieren" in dialog.info.text()
    choose(qtbot, dialog.phase_combo, "0–3 Jahre")  # a filter: the advice where offers come from is not repeated
    assert dialog.info.text() == "Keine laufenden Angebote für diese Auswahl."


def test_an_empty_chain_says_what_it_needs_and_the_hint_goes_once_there_are_offers(window, qtbot, context):
    view = choose_area(qtbot, window, "praeventionskette")
    assert view.hint.isVisible()
    assert "Noch keine laufenden Angebote" in view.hint.text() and "Kennzahl" in view.hint.text()
    build(context)
    choose_area(qtbot, window, "start")  # away and back: the area reads the new offers
    view = choose_area(qtbot, window, "praeventionskette")
    choose(qtbot, view.area_combo, "Sozialraum Gieboldehausen")
    assert not view.hint.isVisible()

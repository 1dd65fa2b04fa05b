"""RecordListView (the list under volunteers, offers and participation) over a task list: count, free-text search,
region filter and the empty hint."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from dataclasses import dataclass  # noqa: E402
from datetime import date  # noqa: E402

import pytest  # noqa: E402
from PySide6.QtCore import Qt  # noqa: E402
from sqlalchemy import select  # noqa: E402

from sozialkoordination.actors.service import ActorService
from sozialkoordination.areas.service import AreaService
from sozialkoordination.db.engine import make_engine, make_session_factory  # noqa: E402
from sozialkoordination.documents.columns import ColumnSpec
from sozialkoordination.meetings.dto import TaskFilter
from sozialkoordination.meetings.service import MeetingService
from sozialkoordination.models import Base, Meeting, Organisation, Person, Sozialraum, Sozialregion, Task  # noqa: E402
from sozialkoordination.ui.widgets.record_list import RecordListView
from sozialkoordination.ui.widgets.record_table_model import SORT_ROLE, RecordTableModel
from tests.ui.helpers import choose_in, click_header, select_row  # noqa: E402

TODAY = date(2026, 3, 10)
COLUMNS = (
    ColumnSpec("due_on", "Fällig", kind="date", width=11),
    ColumnSpec("description", "Aufgabe", width=40),
    ColumnSpec("assignee", "Wer", width=28),
    ColumnSpec("meeting", "Sitzung", width=30),
    ColumnSpec("state", "Status", width=11),
    ColumnSpec("done_on", "Erledigt am", kind="date", width=11),
)


def task_rows(meetings: MeetingService):
    def load(region_id):
        return [
            (t.id, t.due_on, t.description, t.assignee, t.meeting, t.state(TODAY), t.done_on)
            for t in meetings.tasks(TaskFilter(sozialregion_id=region_id))
        ]

    return load


@pytest.fixture
def setup(tmp_path):
    engine = make_engine(f"sqlite:///{tmp_path / 't.sqlite'}")
    Base.metadata.create_all(engine)
    sf = make_session_factory(engine)
    areas = AreaService(sf)
    areas.seed_reference()
    with sf.begin() as s:
        region = {r.code: r.id for r in s.scalars(select(Sozialregion))}
        raum = {r.name: r.id for r in s.scalars(select(Sozialraum))}
        anna = Person(first_name="Anna", last_name="Becker")
        diakonie = Organisation(name="Diakonie Bovenden")
        forum = Meeting(
            meeting_type="Regionales Sozialforum",
            title="Sozialforum Osterode",
            level="sozialregion",
            sozialregion_id=region["SR-A"],
            meeting_date=date(2026, 2, 5),
        )
        s.add_all(
            [
                Task(description="Flyer drucken", meeting=forum, assignee_person=anna, due_on=date(2026, 3, 1)),
                Task(description="Protokoll versenden", meeting=forum, assignee_person=anna, due_on=date(2026, 3, 20)),
                Task(
                    description="Bericht schreiben",
                    sozialraum_id=raum["Herzberg am Harz"],
                    due_on=date(2026, 2, 1),
                    status="erledigt",
                    done_on=date(2026, 1, 30),
                ),
                Task(
                    description="Raum buchen",
                    sozialraum_id=raum["Bovenden"],
                    assignee_organisation=diakonie,
                    due_on=date(2026, 4, 1),
                ),
            ]
        )
    yield task_rows(MeetingService(sf, ActorService(sf), today=lambda: TODAY)), areas, region
    engine.dispose()


def make_view(qtbot, setup, own_region: str | None = "SR-A") -> RecordListView:
    load, areas, region = setup
    view = RecordListView(
        "Aufgaben",
        "Offene und erledigte Aufgaben aus Sitzungen und Beteiligung, die überfälligen zuerst.",
        COLUMNS,
        load,
        areas.regions(),
        region.get(own_region),
    )
    qtbot.addWidget(view)
    view.resize(1000, 400)
    view.show()
    return view


def shown(view: RecordListView, column: int = 1) -> list[str]:
    proxy = view.proxy
    return [proxy.index(r, column).data() for r in range(proxy.rowCount())]


def test_defaults_to_own_region_and_counts(qtbot, setup):
    view = make_view(qtbot, setup)
    combo = view.findChild(type(view.region_combo), "regionFilter")
    assert combo.currentText() == "Osterode/Herzberg"
    assert view.findChild(type(view.count_label), "countLabel").text() == "3 Einträge"
    assert shown(view) == ["Flyer drucken", "Protokoll versenden", "Bericht schreiben"]
    assert shown(view, 0) == ["01.03.2026", "20.03.2026", "01.02.2026"]
    assert shown(view, 4) == ["überfällig", "offen", "erledigt"]
    assert view.empty_hint.isHidden()


def test_search_filters_across_columns(qtbot, setup):
    view = make_view(qtbot, setup)
    search = view.findChild(type(view.search_edit), "searchEdit")
    qtbot.keyClicks(search, "ANNA")
    assert view.count_label.text() == "2 Einträge"
    search.clear()
    qtbot.keyClicks(search, "30.01.2026")  # dates are searched as shown
    assert view.count_label.text() == "1 Eintrag"
    assert shown(view) == ["Bericht schreiben"]


def test_region_switch_reloads(qtbot, setup):
    view = make_view(qtbot, setup)
    choose_in(qtbot, view.region_combo, "Adelebsen/Bovenden")
    assert shown(view) == ["Raum buchen"]
    assert shown(view, 2) == ["Diakonie Bovenden"]
    choose_in(qtbot, view.region_combo, "Ganzer Landkreis")
    assert view.region_combo.currentIndex() == 0
    assert view.count_label.text() == "4 Einträge"


def test_empty_result_shows_hint(qtbot, setup):
    view = make_view(qtbot, setup)
    choose_in(qtbot, view.region_combo, "Südharz")
    table = view.findChild(type(view.table), "recordListTable")
    assert table.model().rowCount() == 0
    assert view.count_label.text() == "0 Einträge"
    hint = view.findChild(type(view.empty_hint), "emptyHint")
    assert hint.isVisible() and hint.label.text() == "Keine Treffer für diese Auswahl."
    qtbot.mouseClick(hint.reset_button, Qt.MouseButton.LeftButton)  # back to the whole district
    assert view.region_combo.currentText() == "Ganzer Landkreis"
    assert view.count_label.text() == "4 Einträge"
    assert not hint.isVisible()


def test_search_without_hits_names_it_and_resets(qtbot, setup):
    view = make_view(qtbot, setup)
    qtbot.keyClicks(view.search_edit, "xyz")
    hint = view.empty_hint
    assert hint.isVisible() and hint.label.text() == "Keine Treffer für „xyz“."
    assert hint.reset_button.isVisible() and hint.reset_button.text() == "Filter zurücksetzen"
    qtbot.mouseClick(hint.reset_button, Qt.MouseButton.LeftButton)
    assert view.search_edit.text() == ""
    assert shown(view) and not hint.isVisible()


def test_header_click_sorts_dates_as_dates(qtbot, setup):
    view = make_view(qtbot, setup, own_region=None)
    click_header(qtbot, view.table, "Fällig")
    assert view.table.horizontalHeader().sortIndicatorOrder() == Qt.SortOrder.AscendingOrder
    assert shown(view, 0) == ["01.02.2026", "01.03.2026", "20.03.2026", "01.04.2026"]
    click_header(qtbot, view.table, "Fällig")
    assert shown(view, 0) == ["01.04.2026", "20.03.2026", "01.03.2026", "01.02.2026"]


def test_model_formats_and_sorts_without_a_view(qtbot):
    from sozialkoordination.documents.columns import ColumnSpec

    model = RecordTableModel((ColumnSpec("n", "Anzahl", kind="int"), ColumnSpec("d", "Datum", kind="date")))
    model.set_rows([(7, 12345, date(2026, 3, 1)), (8, None, None)])
    assert model.rowCount() == 2 and model.row_id(1) == 8
    assert model.headerData(0, Qt.Orientation.Horizontal) == "Anzahl"
    assert model.index(0, 0).data() == "12.345"
    assert model.index(0, 0).data(Qt.ItemDataRole.TextAlignmentRole) & int(Qt.AlignmentFlag.AlignRight)
    assert model.index(0, 1).data() == "01.03.2026"
    assert model.index(0, 0).data(SORT_ROLE) == 12345
    assert model.index(1, 0).data() == ""


def test_a_header_click_sorts_names_in_quotes_under_their_first_letter(qtbot):
    """The overview lists sort as the actor list does: „Die Brücke“ under D, not before A."""
    from PySide6.QtCore import QSortFilterProxyModel

    model = RecordTableModel((ColumnSpec("title", "Titel"),))
    model.set_rows([(1, "„Die Brücke“ – Lesepaten"), (2, "Besuchsdienst"), (3, '"Altes Handwerk"'), (4, "Chor")])
    # Some collations skip leading punctuation by themselves, others (the C locale) do not: the sort key does.
    assert model.index(0, 0).data(SORT_ROLE) == "Die Brücke“ – Lesepaten"
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.setSortLocaleAware(True)
    proxy.sort(0, Qt.SortOrder.AscendingOrder)
    assert [proxy.index(r, 0).data() for r in range(proxy.rowCount())] == [
        '"Altes Handwerk"',
        "Besuchsdienst",
        "Chor",
        "„Die Brücke“ – Lesepaten",
    ]


@dataclass(frozen=True)
class _Row:
    id: int
    title: str
    places: int | None
    hidden_extra: str = "not shown"


def test_dto_rows_are_shown_by_their_columns_keys(qtbot, setup):
    """The feature lists hand over dataclasses: the columns pick their fields by key, in the columns' order."""
    _load, areas, region = setup
    columns = (ColumnSpec("places", "Plätze", kind="int"), ColumnSpec("title", "Titel"))
    rows = [_Row(7, "Lesepatenschaft", 1200), _Row(8, "Besuchsdienst", None)]
    view = RecordListView("Angebote", "", columns, lambda _region: rows, areas.regions(), None)
    qtbot.addWidget(view)
    view.show()
    assert shown(view, 0) == ["1.200", ""] and shown(view, 1) == ["Lesepatenschaft", "Besuchsdienst"]
    assert view.model.columnCount() == 2 and view.count_label.text() == "2 Einträge"
    select_row(qtbot, view.table, 1)
    assert view.selected_ids() == [8]

"""Tables of the lists, detail panels and dialogs: building them alike, keeping their state, opening rows by Enter,
and the hint an empty list shows over its table."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QByteArray, QEvent, QObject, QSettings, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QListWidget,
    QPushButton,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QTreeView,
    QTreeWidget,
    QVBoxLayout,
    QWidget,
)

from sozialkoordination.ui.shell import theme
from sozialkoordination.ui.widgets.accessibility import prepare

ID_ROLE = Qt.ItemDataRole.UserRole + 1


def make_table(parent: QWidget, headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers), parent, objectName=name)
    table.setHorizontalHeaderLabels(headers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setAlternatingRowColors(True)
    table.setShowGrid(False)
    table.setWordWrap(False)  # rows have one fixed height: long texts end in "…" and show in full as tooltip
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(26)
    header = table.horizontalHeader()
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(True)
    return table


def cell(text: str, record_id: int | None = None) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    item.setToolTip(text)
    if record_id is not None:
        item.setData(ID_ROLE, record_id)
    return item


def select_row_with_id(table: QTableWidget, record_id: int | None) -> bool:
    """Select (and show) the row whose first cell carries this id; False if there is none."""
    for row in range(table.rowCount()):
        if table.item(row, 0).data(ID_ROLE) == record_id:
            table.selectRow(row)
            table.scrollToItem(table.item(row, 0))
            return True
    return False


# -- list state kept between starts, and Enter opens a row -----------------------------------------------------------
SETTINGS_GROUP = "lists"
SHORT_COLUMN = 150  # px: "11.01.2027 09:30", "versendet": such columns are never cut
FIRST_COLUMN = 260  # px: the name of an organisation or person, before the other wide columns give way
WIDEST_FIRST_FIT = 360  # px: on first start a column grows to its contents up to this, longer texts end in "…"


class HeaderMemory(QObject):
    """Keeps one list's column widths, order, hidden columns and sort in QSettings under `lists/<key>`.

    Saved on every change (a resize, a move, a click on a header), so nothing depends on how the window is closed.
    Without a stored state the columns grow once to their contents when the first rows arrive."""

    def __init__(self, view: QTableView | QTreeView, key: str):
        header = view.header() if isinstance(view, QTreeView) else view.horizontalHeader()
        super().__init__(header)
        self._view, self._header, self._key = view, header, key
        self._settings = QSettings()
        self._paused = False
        self._fitted = False
        self._refit = QTimer(self, singleShot=True, interval=100)
        self._refit.timeout.connect(self._fit_again)
        view.installEventFilter(self)  # fits the columns when first shown, see fit_to_contents
        header.sectionResized.connect(self._resized)
        header.sectionMoved.connect(self._save)
        header.sortIndicatorChanged.connect(self._save)
        self._watch_model()
        self.restore()

    @property
    def key(self) -> str:
        return self._key

    def use_key(self, key: str) -> None:
        """The list now shows other columns (organisations or persons): restore what is stored for those."""
        self._key = key
        self.restore()

    def restore(self) -> bool:
        """Apply the stored state; False (and a fit to the contents) where there is none for these columns."""
        state = self._settings.value(f"{SETTINGS_GROUP}/{self._key}/header")
        count = self._settings.value(f"{SETTINGS_GROUP}/{self._key}/columns")
        self._paused = True
        try:
            if isinstance(state, QByteArray) and int(count or -1) == self._header.count() and self._header.count():
                self._fitted = self._header.restoreState(state)
            else:
                self._fitted = False
                self._fit_when_filled()
        finally:
            self._paused = False
        return self._fitted

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Show and not self._fitted:
            self._fit_when_filled()
        elif event.type() == QEvent.Type.Resize and not self._user_state():
            self._refit.start()  # until the user sets widths, they follow the list's width
        return False

    def _user_state(self) -> bool:
        return self._settings.contains(f"{SETTINGS_GROUP}/{self._key}/header")

    def _fit_again(self) -> None:
        if not self._user_state():
            self._fitted = False
            self.fit_to_contents()

    @contextmanager
    def paused(self) -> Iterator[None]:
        """Changes made by the program (other columns shown), not by the user: nothing is stored."""
        self._paused, before = True, self._paused
        try:
            yield
        finally:
            self._paused = before

    def _resized(self, column: int, _old: int, new: int) -> None:
        header = self._header
        shown = [c for c in range(header.count()) if not header.isSectionHidden(c)]
        last = max(shown, key=header.visualIndex, default=-1)
        if new and header.stretchLastSection() and column == last:
            return  # the stretched last column follows the list's width: not a user's choice
        self._save()

    def _save(self, *_args) -> None:
        if self._paused or not self._header.count():
            return
        self._settings.setValue(f"{SETTINGS_GROUP}/{self._key}/header", self._header.saveState())
        self._settings.setValue(f"{SETTINGS_GROUP}/{self._key}/columns", self._header.count())

    def _watch_model(self) -> None:
        model = self._view.model()
        if model is None:
            return
        # A reset (another filter, persons instead of organisations) re-creates the sections: not a user's change.
        model.modelAboutToBeReset.connect(self._pause)
        model.modelReset.connect(self._resume)
        model.rowsInserted.connect(lambda *_: self._fit_when_filled())

    def _pause(self) -> None:
        self._paused = True

    def _resume(self) -> None:
        self._paused = False
        self._fit_when_filled()

    def _fit_when_filled(self) -> None:
        if not self._fitted and self._view.model() is not None and self._view.model().rowCount():
            QTimer.singleShot(0, self, self.fit_to_contents)  # a QTableWidget sets its cells after adding rows

    def fit_to_contents(self) -> None:
        """First start: each column as wide as its header and contents (up to WIDEST_FIRST_FIT), all of them within
        the list's width, the last one stretching. Waits until the list is shown: hidden, it has no width yet."""
        header = self._header
        if self._fitted or not self._view.isVisible():
            return
        if not self._view.model().rowCount():
            self._squeeze({c: header.sectionSize(c) for c in range(header.count())})  # empty: fit the headers only
            return
        self._fitted = True
        shown = sorted((i for i in range(header.count()) if not header.isSectionHidden(i)), key=header.visualIndex)
        if len(shown) < 2:
            return
        *fixed, last = shown
        wanted = {
            c: min(WIDEST_FIRST_FIT, max(self._view.sizeHintForColumn(c), header.sectionSizeHint(c)) + 8) for c in fixed
        }
        self._squeeze({**wanted, last: header.sectionSize(last)})

    def _squeeze(self, wanted: dict[int, int]) -> None:
        """These widths, but within the list's width: the widest columns give way first, dates and numbers stay."""
        header = self._header
        shown = sorted((c for c in wanted if not header.isSectionHidden(c)), key=header.visualIndex)
        if len(shown) < 2:
            return
        last = shown[-1]
        room = self._view.viewport().width() - max(header.sectionSizeHint(last), header.defaultSectionSize()) - 2
        widths = {c: wanted[c] for c in shown[:-1]}
        # The first column names the row (organisation, person, meeting date): it keeps up to FIRST_COLUMN px.
        # Short columns (dates, times, counts, postcodes, phone numbers) keep their width; the other wide ones are
        # capped alike until the list fits.
        first = shown[0]
        widths[first] = min(widths[first], max(FIRST_COLUMN, SHORT_COLUMN))
        kept = {c: w for c, w in widths.items() if c == first or w <= SHORT_COLUMN}
        capped = {c: w for c, w in widths.items() if c not in kept}
        cap = max(capped.values(), default=0)
        while cap > 64 and sum(kept.values()) + sum(min(w, cap) for w in capped.values()) > room:
            cap -= 8
        with self.paused():  # the program's choice: a stored state would stop the fit to the contents later
            for column, width in widths.items():
                header.resizeSection(column, width if column in kept else min(width, cap))


def remember_header_state(view: QTableView | QTreeView, key: str) -> HeaderMemory:
    """Column widths, order, hidden columns and sort of this list survive the end of the program."""
    memory = view.findChild(HeaderMemory)
    if memory is None:
        memory = HeaderMemory(view, key)
    return memory


def remember_splitter(splitter: QSplitter, key: str) -> None:
    """The splitter's positions survive the end of the program; each side may be pushed closed by dragging."""
    splitter.setChildrenCollapsible(True)
    settings = QSettings()
    state = settings.value(f"{SETTINGS_GROUP}/{key}/splitter")
    if isinstance(state, QByteArray):
        splitter.restoreState(state)
    splitter.splitterMoved.connect(
        lambda *_: settings.setValue(f"{SETTINGS_GROUP}/{key}/splitter", splitter.saveState())
    )


class _EnterOpens(QObject):
    """Enter or Return on the current row does what a double click does (open the record)."""

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt API
        if (
            event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            and watched.state() != QAbstractItemView.State.EditingState
            and watched.currentIndex().isValid()
            and watched.selectionModel() is not None
            and watched.selectionModel().isSelected(watched.currentIndex())
        ):
            watched.doubleClicked.emit(watched.currentIndex())  # QTableWidget and QListWidget pass it on as item…
            return True
        return False


def open_rows_with_enter(view: QAbstractItemView) -> None:
    """The one place where Enter opens rows: it re-emits `doubleClicked`, so every list reacts as to a double click."""
    if view.findChild(_EnterOpens) is None:
        view.installEventFilter(_EnterOpens(view))


_ITEM_DOUBLE_CLICKED = {
    QTableWidget: "2itemDoubleClicked(QTableWidgetItem*)",
    QListWidget: "2itemDoubleClicked(QListWidgetItem*)",
    QTreeWidget: "2itemDoubleClicked(QTreeWidgetItem*,int)",
}
_ITEM_ACTIVATED = {
    QListWidget: "2itemActivated(QListWidgetItem*)",
    QTableWidget: "2itemActivated(QTableWidgetItem*)",
    QTreeWidget: "2itemActivated(QTreeWidgetItem*,int)",
}


def _opens_on_double_click(view: QAbstractItemView) -> bool:
    for kind, signal in _ITEM_DOUBLE_CLICKED.items():
        if isinstance(view, kind):
            # The widget itself listens to doubleClicked and activated; a list with itemActivated handles Enter.
            return view.receivers(signal) > 0 and not view.receivers(_ITEM_ACTIVATED[kind])
    return view.receivers("2doubleClicked(QModelIndex)") > 0 and not view.receivers("2activated(QModelIndex)")


MATRIX = "matrixTable"  # a matrix (phases × Sozialräume): its columns change with the choice and are sized by it


def as_matrix(view: QTableView, min_width: int = 90) -> None:
    """A matrix keeps no column widths between starts and is never squeezed into the list's width (18 Sozialräume
    in 1,000 px were a few letters each): `fit_matrix` gives every column the same readable width, and the table
    scrolls sideways where the window is narrower."""
    view.setProperty(MATRIX, True)
    view.setProperty("matrixMinWidth", min_width)


def fit_matrix(view: QTableView) -> None:
    """Every column as wide as the widest cell or heading needs (within two bounds: 90 px, 24 letters), the
    headings' full names in their tooltips."""
    header = view.horizontalHeader()
    model = view.model()
    letters = view.fontMetrics().averageCharWidth()
    widest = max((max(view.sizeHintForColumn(c), header.sectionSizeHint(c)) for c in range(header.count())), default=0)
    width = max(int(view.property("matrixMinWidth") or 90), min(widest + 8, 24 * letters))
    for column in range(header.count()):
        header.resizeSection(column, width)
        title = model.headerData(column, Qt.Orientation.Horizontal)
        model.setHeaderData(column, Qt.Orientation.Horizontal, title, Qt.ItemDataRole.ToolTipRole)
    view.resizeRowsToContents()


def remember_area(area: QWidget, key: str) -> None:
    """Once an area is built: its lists and splitters keep their state, and Enter opens rows wherever a double click
    does. Lists are known by their objectName; splitters by theirs or by their order in the area."""
    for view in area.findChildren(QAbstractItemView):
        if isinstance(view, (QTableView, QTreeView)) and view.objectName() and not view.property(MATRIX):
            remember_header_state(view, f"{key}/{view.objectName()}")
        if _opens_on_double_click(view):
            open_rows_with_enter(view)
    for number, splitter in enumerate(area.findChildren(QSplitter)):
        remember_splitter(splitter, f"{key}/{splitter.objectName() or f'splitter{number}'}")
    prepare(area)  # keyboard and screen-reader conventions, see ui/widgets/accessibility.py


class EmptyHint(QWidget):
    """A calm hint painted over a list's table while it shows no row: either that nothing is recorded yet and how to
    begin, or that the filter hides everything, with a button that lifts the filter.

    `narrowing()` says what narrows the list: None when nothing does (the list is really empty), the search text
    when one is typed, "" when only choices such as the Sozialregion do. `reset()` lifts every filter."""

    def __init__(
        self,
        view: QAbstractItemView,
        empty_text: str | Callable[[], str],
        narrowing: Callable[[], str | None],
        reset: Callable[[], None],
    ):
        super().__init__(view.viewport())
        self.setObjectName("emptyHint")
        self._view = view
        self._empty_text = empty_text
        self._narrowing = narrowing
        self.label = QLabel(self, objectName="emptyHintText", wordWrap=True)
        self.label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        self.label.setTextFormat(Qt.TextFormat.PlainText)  # a search text is shown as typed, never as markup
        self.label.setStyleSheet(theme.muted())
        self.reset_button = QPushButton(self.tr("Filter zurücksetzen"), self, objectName="resetFilterButton")
        self.reset_button.setFlat(True)
        self.reset_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.reset_button.setStyleSheet(theme.link_button())
        self.reset_button.clicked.connect(lambda _checked: reset())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 32, 24, 24)
        layout.addWidget(self.label)
        layout.addWidget(self.reset_button, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addStretch(1)
        view.viewport().installEventFilter(self)
        model = view.model()
        model.modelReset.connect(self.update_hint)
        model.rowsInserted.connect(lambda _parent, _first, _last: self.update_hint())
        model.rowsRemoved.connect(lambda _parent, _first, _last: self.update_hint())
        model.layoutChanged.connect(lambda *_args: self.update_hint())
        self.hide()

    def update_hint(self) -> None:
        """Show or hide the hint for the rows the table shows now (called by the model's signals)."""
        if self._view.model().rowCount() > 0:
            self.hide()
            return
        narrowing = self._narrowing()
        if narrowing is None:
            text = self._empty_text() if callable(self._empty_text) else self._empty_text
        elif narrowing.strip():
            text = self.tr("Keine Treffer für „%1“.").replace("%1", narrowing.strip())
        else:
            text = self.tr("Keine Treffer für diese Auswahl.")
        self.label.setText(text)
        self.reset_button.setVisible(narrowing is not None)
        self.setGeometry(self._view.viewport().rect())
        self.show()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt API
        if event.type() == QEvent.Type.Resize:
            self.setGeometry(self._view.viewport().rect())
        return False

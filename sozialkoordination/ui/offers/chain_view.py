"""The Präventionskette in the window: life phases × Sozialräume (or the Gemeinden of one Sozialraum) with the
number of offers, the need beside them, empty and thin cells marked in words and symbols, a cell opening its
offers, and a finding put on the agenda of the Sozialraum's next meeting."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sozialkoordination.actors.service import ActorService
from sozialkoordination.areas.service import AreaService
from sozialkoordination.core.enums import AreaLevel
from sozialkoordination.core.errors import DomainError
from sozialkoordination.indicators.service import IndicatorService
from sozialkoordination.offers.dto import ChainCell, ChainData
from sozialkoordination.offers.service import (
    ALERT_MARK,
    EMPTY_MARK,
    PHASE_LABELS,
    TARGET_GROUPS,
    THIN_MARK,
    AngebotService,
    cell_mark,
    scarce,
)
from sozialkoordination.ui.offers.dialogs import AngebotDialog
from sozialkoordination.ui.offers.map_dialog import AngebotMapDialog
from sozialkoordination.ui.shell import theme
from sozialkoordination.ui.shell.tasks import TaskRunner
from sozialkoordination.ui.widgets.accessibility import set_name
from sozialkoordination.ui.widgets.flow_layout import FlowLayout, labelled
from sozialkoordination.ui.widgets.load_when_shown import LoadWhenShown
from sozialkoordination.ui.widgets.page_title import page_title
from sozialkoordination.ui.widgets.save_dialog import XLSX, choose_save_path, show_failure
from sozialkoordination.ui.widgets.tables import as_matrix, fit_matrix

CELL = Qt.ItemDataRole.UserRole  # (phase code, area key) of a matrix cell


def cell_background(cell: ChainCell) -> QColor | None:
    """Graded from the theme (readable in a dark palette, plain in high contrast; the words say it anyway): red where
    high need meets no offer, amber where it meets a single one, light for empty and thin cells."""
    if cell.high_need_low_supply:
        return theme.tint(theme.ERROR, strength=0.24)
    if scarce(cell):
        return theme.tint(theme.CHANGED, strength=0.30)
    if cell.count == 0:
        return theme.tint(theme.NEUTRAL, strength=0.14)
    if cell_mark(cell):
        return theme.tint(theme.WARNING, strength=0.09)
    return None


DISTRICT = AreaLevel.LANDKREIS
REGION = "sozialregion:"  # the area choice's data: None (Landkreis), a Sozialraum's id or REGION + a region's id


def region_key(region_id: int) -> str:
    return f"{REGION}{region_id}"


class PraeventionsketteView(LoadWhenShown, QWidget):
    status_message = Signal(str)
    changed = Signal()
    actors_wanted = Signal(object, str)  # the actors near a cell: Sozialraum id and the Gemeinde's name (or "")

    def __init__(
        self,
        service: AngebotService,
        indicators: IndicatorService,
        actors: ActorService,
        areas: AreaService,
        tasks: TaskRunner,
        own_region_id: int | None = None,
        parent=None,
    ):
        super().__init__(parent)
        self.setObjectName("praeventionsketteView")
        self._service, self._indicators, self._actors, self._areas = service, indicators, actors, areas
        self._tasks, self._own_region_id = tasks, own_region_id
        self.chain: ChainData | None = None

        self.title_label = page_title(self.tr("Präventionskette"), self)
        intro = QLabel(
            self.tr(
                "Welche Angebote gibt es hier für welche Lebensphase, wo reißt die Kette ab, und wo ist der "
                "Bedarf am größten? Ein Angebot zählt in jedem Gebiet, das es erreicht, solange es läuft. "
                "Doppelklick oder Eingabetaste auf eine Zelle zeigt ihre Angebote."
            ),
            self,
            objectName="introLabel",
            wordWrap=True,
        )
        intro.setStyleSheet(theme.muted())
        self.area_combo = QComboBox(self, objectName="chainAreaCombo")
        self.theme_combo = QComboBox(self, objectName="chainThemeCombo")
        self.group_combo = QComboBox(self, objectName="chainGroupCombo")
        self.need_combo = QComboBox(self, objectName="chainNeedCombo")
        filters = FlowLayout(spacing=8)  # large text or a narrow window: the filters continue on a second line
        pairs = (
            (self.tr("Gebiet"), self.area_combo),
            (self.tr("Thema"), self.theme_combo),
            (self.tr("Zielgruppe"), self.group_combo),
            (self.tr("Bedarf"), self.need_combo),
        )
        for text, combo in pairs:
            label = QLabel(text, self)
            label.setBuddy(combo)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            # long names (a region, an indicator) do not widen the window; the row flows onto a second line first
            combo.setMinimumContentsLength(30 if combo in (self.area_combo, self.need_combo) else 16)
            filters.addWidget(labelled(label, combo))
            combo.currentIndexChanged.connect(self._show)
            combo.currentTextChanged.connect(combo.setToolTip)  # what a narrow combo cuts, whole

        self.table = QTableWidget(self, objectName="chainTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setWordWrap(True)
        self.table.activated.connect(lambda _index: self.open_cell())
        set_name(self.table, self.tr("Präventionskette: Angebote je Lebensphase und Gebiet"))
        as_matrix(self.table)
        self.legend = QLabel(self, objectName="chainLegend", wordWrap=True)
        self.legend.setStyleSheet(theme.muted())
        self.hint = QLabel(self, objectName="chainHint", wordWrap=True)
        self.hint.hide()

        buttons = FlowLayout(spacing=8)
        for text, name, slot in (
            (self.tr("Angebote der Zelle …"), "cellOffersButton", self.open_cell),
            (self.tr("Als TOP für die nächste Sitzung vormerken …"), "chainAgendaButton", self.put_on_agenda),
            (self.tr("Nach Excel exportieren …"), "exportChainButton", self.export),
            (self.tr("Angebotslandkarte …"), "chainMapButton", self.open_map),
        ):
            button = QPushButton(text, self, objectName=name)
            button.clicked.connect(slot)  # the slots take no argument: clicked's bool is not passed
            buttons.addWidget(button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(intro)
        layout.addLayout(filters)
        layout.addWidget(self.hint)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.legend)
        layout.addLayout(buttons)

    # -- filling ---------------------------------------------------------------------------------
    def refresh(self) -> None:
        self._fill_filters()
        self._show()

    def _fill_filters(self) -> None:
        def fill(combo: QComboBox, items: list[tuple[str, object]], first: object = None) -> None:
            kept = combo.currentData() if combo.count() else first
            combo.blockSignals(True)
            combo.clear()
            for text, data in items:
                combo.addItem(text, data)
            combo.setCurrentIndex(max(combo.findData(kept), 0))
            combo.blockSignals(False)

        fill(
            self.area_combo,
            [(self.tr("Landkreis – alle Sozialräume"), None)]
            + [(self.tr("Sozialregion {0}").format(r.name), region_key(r.id)) for r in self._areas.regions()]
            + [(self.tr("Sozialraum {0}").format(r.name), r.id) for r in self._areas.sozialraeume()],
            region_key(self._own_region_id) if self._own_region_id else None,  # like every list: the own region first
        )
        fill(self.theme_combo, [(self.tr("alle Themen"), None)] + [(t, t) for t in self._service.themes()])
        fill(self.group_combo, [(self.tr("alle Zielgruppen"), None)] + [(g, g) for g in TARGET_GROUPS])
        need = [(i.name, i.id) for i in self._service.need_indicators()]
        fill(self.need_combo, need or [(self.tr("keine Bedarfskennzahl"), None)])

    def show_sozialraum(self, sozialraum_id: int | None) -> None:
        """Open the chain of one Sozialraum (None: the whole Landkreis)."""
        if not self.loaded:
            self.refresh()
        self.area_combo.setCurrentIndex(max(self.area_combo.findData(sozialraum_id), 0))

    def _chosen_area(self) -> tuple[int | None, int | None]:
        """(Sozialraum id, Sozialregion id) of the area choice; both None for the Landkreis."""
        area = self.area_combo.currentData()
        if isinstance(area, str):
            return None, int(area.removeprefix(REGION))
        return area, None

    def _show(self) -> None:
        sozialraum_id, sozialregion_id = self._chosen_area()
        try:
            chain = self._service.chain(
                sozialraum_id,
                self.theme_combo.currentData(),
                self.group_combo.currentData(),
                self.need_combo.currentData(),
                sozialregion_id=sozialregion_id,
            )
        except DomainError as error:
            self.status_message.emit(str(error))
            return
        self.chain = chain
        self.title_label.setText(chain.title)
        t = self.table
        t.clear()
        t.setRowCount(len(chain.phases) + 1)
        t.setColumnCount(len(chain.areas) + 1)
        t.setHorizontalHeaderLabels([a.name for a in chain.areas] + [self.tr("Landkreis gesamt")])
        t.setVerticalHeaderLabels([self.tr("Bedarf")] + [label for _code, label in chain.phases])
        t.verticalHeaderItem(0).setToolTip(chain.need_name or self.tr("Keine Kennzahl für den Bedarf vorhanden."))
        for column, area in enumerate(chain.areas):
            text = area.need_text + (self.tr(" ▲ hoch") if area.high_need else "")
            item = QTableWidgetItem(text)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled)
            item.setToolTip(self.tr("Über dem Landkreis: hoher Bedarf.") if area.high_need else "")
            t.setItem(0, column, item)
        t.setItem(0, len(chain.areas), QTableWidgetItem(chain.district_need))  # what "▲ hoch" is measured against
        t.item(0, len(chain.areas)).setFlags(Qt.ItemFlag.ItemIsEnabled)
        for row, (code, _label) in enumerate(chain.phases, start=1):
            for column, area in enumerate(chain.areas):
                cell = chain.cell(code, area.key)
                mark = cell_mark(cell)
                lines = [f"{cell.count}  {mark}".strip()]
                if cell.per_1000_text != "–":
                    lines.append(self.tr("{0} je 1.000").format(cell.per_1000_text))
                item = QTableWidgetItem("\n".join(lines))
                item.setData(CELL, (code, area.key))
                item.setToolTip(
                    self.tr("{0} in {1}: {2} Angebote; Zielgruppe {3} Personen, {4} je 1.000").format(
                        PHASE_LABELS[code], area.name, cell.count, cell.population_text, cell.per_1000_text
                    )
                )
                background = cell_background(cell)
                if background is not None:
                    item.setBackground(QBrush(background))
                t.setItem(row, column, item)
            count, per_1000 = chain.district_counts.get(code, 0), chain.district_per_1000.get(code)
            total = QTableWidgetItem(str(count) + (self.tr("\n{0} je 1.000").format(per_1000) if per_1000 else ""))
            total.setData(CELL, (code, DISTRICT))
            total.setToolTip(self.tr("{0} im ganzen Landkreis: {1} Angebote").format(PHASE_LABELS[code], count))
            t.setItem(row, len(chain.areas), total)
        fit_matrix(t)
        self.legend.setText(
            self.tr(
                "{0} kein Angebot · {1} dünn (ein Angebot) · {2} hoher Bedarf und kein Angebot · {1} dünn, hoher "
                "Bedarf · ▲ Bedarf über dem "
                "Landkreis ({3}). Zielgruppe: {4}. Kleine Zahlen (unter {5}) werden nicht genau gezeigt."
            ).format(
                EMPTY_MARK,
                THIN_MARK,
                ALERT_MARK,
                chain.need_name or self.tr("keine Bedarfskennzahl"),
                "; ".join(chain.population_names.values()) or self.tr("keine passende Kennzahl"),
                chain.limit,
            )
        )
        hints = []  # what an empty matrix needs, said once above the legend
        if not any(chain.district_counts.values()) and not (
            self.theme_combo.currentData() or self.group_combo.currentData()
        ):
            hints.append(
                self.tr(
                    "Noch keine laufenden Angebote: legen Sie sie im Bereich „Angebote“ an oder übernehmen Sie sie mit "
                    "einer Partnerliste (Datei → Akteursliste importieren)."
                )
            )
        if not chain.need_name:
            hints.append(
                self.tr(
                    "Für die Bedarfszeile braucht es eine Kennzahl, bei der höher schlechter ist (z. B. Kinderarmut), "
                    "im Bereich „Kennzahlen“."
                )
            )
        self.hint.setText(" ".join(hints))
        self.hint.setVisible(bool(hints))

    def _current_cell(self) -> tuple[str, str] | None:
        item = self.table.currentItem()
        data = item.data(CELL) if item is not None else None
        if not data or data[1] == DISTRICT:
            self.status_message.emit(self.tr("Bitte wählen Sie zuerst eine Zelle (Lebensphase und Gebiet)."))
            return None
        return tuple(data)

    # -- actions ---------------------------------------------------------------------------------
    def open_cell(self) -> CellOffersDialog | None:
        found = self._current_cell()
        if found is None or self.chain is None:
            return None
        phase, key = found
        dialog = CellOffersDialog(self, self._service, self.chain, phase, key)
        dialog.open()
        return dialog

    def put_on_agenda(self) -> None:
        found = self._current_cell()
        if found is None or self.chain is None:
            return
        phase, key = found
        area = next(a for a in self.chain.areas if a.key == key)
        meeting = self._service.next_meeting(area.sozialraum_id)
        if meeting is None:
            QMessageBox.information(
                self,
                self.tr("Keine Sitzung geplant"),
                self.tr(
                    "Für diesen Sozialraum ist keine Sitzung geplant. Bitte legen Sie unter „Sitzungen“ zuerst die "
                    "nächste Sozialraumkonferenz an und merken Sie den Punkt dann vor."
                ),
            )
            return
        title = self._service.agenda_title(self.chain, phase, key)
        answer = QMessageBox.question(
            self,
            self.tr("Als TOP vormerken"),
            self.tr("„{0}“ als Tagesordnungspunkt für „{1}“ vormerken?").format(title, meeting.label),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            meeting, _item = self._service.put_on_agenda(self.chain, phase, key)
        except DomainError as error:
            QMessageBox.warning(self, self.tr("Nicht vorgemerkt"), str(error))
            return
        self.status_message.emit(self.tr("Als TOP vorgemerkt für {0}.").format(meeting.label))
        self.changed.emit()

    def export(self) -> None:
        chain = self.chain
        if chain is None:
            return
        target = choose_save_path(self, self.tr("Präventionskette exportieren"), f"{chain.title}.xlsx", [XLSX])
        if target is None:
            return
        self._tasks.run(
            self,
            self.tr("Präventionskette wird exportiert …"),
            lambda progress: self._service.export_chain(target, chain, progress),
            lambda _count: self.status_message.emit(self.tr("Präventionskette exportiert nach {0}").format(target)),
            lambda error: show_failure(self, error, self.tr("Der Export ist fehlgeschlagen.")),
        )

    def open_map(self) -> AngebotMapDialog:
        """The offers on the map: of the chosen cell's life phase, if a cell is chosen, and the chosen theme."""
        item = self.table.currentItem()
        data = item.data(CELL) if item is not None else None
        phase = data[0] if data else None
        sozialraum_id, sozialregion_id = self._chosen_area()
        dialog = AngebotMapDialog(
            self._service,
            self._indicators,
            self._actors,
            self._areas,
            self._tasks,
            sozialraum_id,
            phase,
            self.theme_combo.currentData(),
            self.need_combo.currentData(),
            self,
            sozialregion_id=sozialregion_id,
        )
        dialog.open()
        return dialog

    def edit_angebot(self, angebot_id: int) -> AngebotDialog:
        dialog = AngebotDialog(self._service, self._actors, angebot_id, self)
        dialog.accepted.connect(self._show)
        dialog.open()
        return dialog


class CellOffersDialog(QDialog):
    """The offers of one cell; a double click opens an offer, and the finding can go on the agenda from here."""

    def __init__(
        self, view: PraeventionsketteView, service: AngebotService, chain: ChainData, phase: str, area_key: str
    ):
        super().__init__(view)
        self.setObjectName("cellOffersDialog")
        self._view = view
        area = next(a for a in chain.areas if a.key == area_key)
        cell = chain.cell(phase, area_key)
        self.setWindowTitle(self.tr("{0} – {1}").format(PHASE_LABELS[phase], area.name))
        self.setMinimumWidth(720)
        summary = self.tr("{0} Angebote für {1} in {2}. Zielgruppe: {3} Personen, {4} Angebote je 1.000.").format(
            cell.count, PHASE_LABELS[phase], area.name, cell.population_text, cell.per_1000_text
        )
        mark = cell_mark(cell)
        self.summary = QLabel(summary + (f"\n{mark}" if mark else ""), self, objectName="cellSummary", wordWrap=True)
        rows = service.list_rows(ids=list(cell.angebot_ids)) if cell.angebot_ids else []
        self.table = QTableWidget(len(rows), 5, self, objectName="cellOffersTable")
        self.table.setHorizontalHeaderLabels(
            [self.tr("Name"), self.tr("Art"), self.tr("Organisation"), self.tr("Ort"), self.tr("Reichweite")]
        )
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        set_name(self.table, self.tr("Angebote dieser Zelle"))
        self.table.verticalHeader().hide()
        for row, r in enumerate(rows):
            for column, value in enumerate((r.name, r.kind, r.organisation, r.place, r.reach)):
                item = QTableWidgetItem(value or "")
                item.setData(CELL, r.id)
                self.table.setItem(row, column, item)
        self.table.resizeColumnsToContents()
        self.table.activated.connect(self._open)
        self.empty = QLabel(self.tr("Hier gibt es kein Angebot für diese Lebensphase."), self, objectName="cellEmpty")
        self.empty.setVisible(not rows)
        self.table.setVisible(bool(rows))  # an empty list with squeezed headings says nothing the line above does not
        self.table.horizontalHeader().setStretchLastSection(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        agenda = buttons.addButton(
            self.tr("Als TOP für die nächste Sitzung vormerken …"), QDialogButtonBox.ButtonRole.ActionRole
        )
        agenda.setObjectName("cellAgendaButton")
        agenda.clicked.connect(view.put_on_agenda)
        actors = buttons.addButton(self.tr("Akteure in der Nähe …"), QDialogButtonBox.ButtonRole.ActionRole)
        actors.setObjectName("cellActorsButton")
        actors.setToolTip(self.tr("Zeigt die Akteure im Sozialraum, die zum Ort der Zelle passen."))
        nearby = area.name if area.level == AreaLevel.GEMEINDE else ""
        actors.clicked.connect(lambda: (self.accept(), view.actors_wanted.emit(area.sozialraum_id, nearby)))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(self.empty)
        layout.addWidget(self.table, 1)
        if not rows:
            layout.addStretch(1)
        layout.addWidget(buttons)
        (self.table if rows else agenda).setFocus()  # an empty cell: the next step is to put the gap on the agenda

    def _open(self, index) -> None:
        angebot_id = self.table.item(index.row(), 0).data(CELL)
        self._view.edit_angebot(angebot_id)

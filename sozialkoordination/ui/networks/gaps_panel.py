"""The weiße Flecken tab: Sozialräume × the actor types and offer kinds the user chose ("Was zählt? …"), and
Sozialräume × networks; an empty cell is a gap, shown by "–" and a tint (never by colour alone)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QTableWidget, QVBoxLayout, QWidget

from sozialkoordination.actors.service import ActorService
from sozialkoordination.networks.dto import GapChoice, GapTable
from sozialkoordination.networks.service import NetworkService
from sozialkoordination.offers.service import LIFE_PHASES, PHASE_LABELS, AngebotService
from sozialkoordination.ui.networks.gap_choice_dialog import GapChoiceDialog
from sozialkoordination.ui.shell import theme
from sozialkoordination.ui.shell.tasks import TaskRunner
from sozialkoordination.ui.widgets.accessibility import set_name
from sozialkoordination.ui.widgets.save_dialog import XLSX, choose_save_path, show_failure
from sozialkoordination.ui.widgets.tables import as_matrix, cell, fit_matrix, make_table


class GapsPanel(QWidget):
    """Sozialräume × chosen actor types, × chosen offer kinds, × networks; empty cells are the gaps."""

    status_message = Signal(str)

    def __init__(
        self,
        networks: NetworkService,
        actors: ActorService,
        tasks: TaskRunner,
        parent=None,
        offers: AngebotService | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("gapsPanel")
        self._networks, self._actors, self._offers, self._tasks = networks, actors, offers, tasks
        self._region_id: int | None = None
        self._network_choices: list[tuple[int, str]] = []
        self._stale = True
        self.types_table = make_table(self, [], "typeGapTable")
        as_matrix(self.types_table)
        set_name(self.types_table, self.tr("Akteure je Sozialraum und Art"))
        self.offer_table = make_table(self, [], "offerGapTable")
        as_matrix(self.offer_table)
        set_name(self.offer_table, self.tr("Angebote je Sozialraum und Art"))
        self.network_table = make_table(self, [], "networkGapTable")
        as_matrix(self.network_table)
        set_name(self.network_table, self.tr("Mitglieder je Sozialraum und Netzwerk"))
        self.summary = QLabel(self, objectName="gapSummary", wordWrap=True)
        choose = QPushButton(self.tr("Was &zählt? …"), self, objectName="gapChoiceButton")
        set_name(choose, self.tr("Was bei den weißen Flecken zählt …"))
        choose.setToolTip(self.tr("Akteursarten und Angebotsarten wählen, die jeder Sozialraum haben sollte (Alt+Z)"))
        choose.clicked.connect(lambda _checked=False: self.choose())
        export = QPushButton(self.tr("Exportieren …"), self, objectName="exportGapsButton")
        set_name(export, self.tr("Weiße Flecken exportieren …"))
        export.clicked.connect(lambda: self.export())
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(choose)
        top.addWidget(export)
        self.types_label = QLabel(self, objectName="typeGapLabel", wordWrap=True)
        self.offer_label = QLabel(self, objectName="offerGapLabel", wordWrap=True)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.types_label)
        layout.addWidget(self.types_table, 1)
        layout.addWidget(self.offer_label)
        layout.addWidget(self.offer_table, 1)
        layout.addWidget(QLabel(self.tr("<b>Mitglieder je Sozialraum und Netzwerk</b> (– und rot: niemand)"), self))
        layout.addWidget(self.network_table, 1)

    def set_region(self, region_id: int | None, network_choices: list[tuple[int, str]]) -> None:
        """The tables count every actor of the district (1 s at 100,000 persons): they are filled when the tab
        is shown, not at start."""
        self._region_id, self._network_choices = region_id, network_choices
        self._stale = True
        if self.isVisible():
            self.reload()

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        if self._stale:
            self.reload()

    def tables(self) -> dict[str, GapTable]:
        """The tables as shown (and exported), by their sheet titles; a table with nothing chosen is left out."""
        choice = self._networks.gap_choice()
        tables = {}
        if choice.org_types:
            tables[self.tr("Akteurstypen")] = self._networks.type_gaps(self._region_id, list(choice.org_types))
        if choice.offer_kinds and self._offers is not None:
            tables[self.tr("Angebotsarten")] = self._offers.kind_gaps(
                self._region_id, list(choice.offer_kinds), list(choice.life_phases)
            )
        tables[self.tr("Netzwerke")] = self._networks.network_coverage(
            self._region_id, [i for i, _n in self._network_choices]
        )
        return tables

    def reload(self) -> None:
        self._stale = False
        choice = self._networks.gap_choice()
        tables = self.tables()
        types = tables.get(self.tr("Akteurstypen"))
        offers = tables.get(self.tr("Angebotsarten"))
        networks = tables[self.tr("Netzwerke")]
        for widget, table in ((self.types_table, types), (self.offer_table, offers), (self.network_table, networks)):
            widget.setVisible(table is not None)
            if table is not None:
                self._fill(widget, table)
        self.types_label.setText(
            self.tr("<b>Akteure je Sozialraum und Art</b> (– und rot: keine)")
            if types is not None
            else self.tr("<b>Akteure:</b> keine Akteursart gewählt – „Was zählt? …“ nimmt welche hinzu.")
        )
        if offers is not None:
            phases = ", ".join(PHASE_LABELS.get(p, p) for p in choice.life_phases)
            self.offer_label.setText(
                self.tr(
                    "<b>Angebote je Sozialraum und Art</b> (– und rot: keins). Gezählt im Sozialraum, in dem das "
                    "Angebot stattfindet, solange es läuft{0}."
                ).format(self.tr("; nur Angebote für: {0}").format(phases) if phases else "")
            )
        else:
            self.offer_label.setText(
                self.tr("<b>Angebote:</b> keine Angebotsart gewählt – „Was zählt? …“ nimmt welche hinzu.")
            )
        parts = []
        if types is not None:
            parts.append(self.tr("{0} bei Akteursarten").format(len(types.gaps())))
        if offers is not None:
            parts.append(self.tr("{0} bei Angebotsarten").format(len(offers.gaps())))
        parts.append(self.tr("{0} bei Netzwerken").format(len(networks.gaps())))
        self.summary.setText(self.tr("Weiße Flecken in dieser Auswahl: {0}.").format(", ".join(parts)))

    def _fill(self, widget: QTableWidget, table: GapTable) -> None:
        widget.clear()
        widget.setColumnCount(len(table.columns) + 1)
        widget.setHorizontalHeaderLabels([self.tr("Sozialraum"), *table.columns])
        widget.horizontalHeader().setStretchLastSection(False)
        for column, title in enumerate(table.columns, start=1):
            widget.horizontalHeaderItem(column).setToolTip(title)
        widget.setRowCount(0)
        for name, counts in table.rows:
            r = widget.rowCount()
            widget.insertRow(r)
            widget.setItem(r, 0, cell(name))
            for column, count in enumerate(counts, start=1):
                item = cell(str(count) if count else "–")
                item.setTextAlignment(Qt.AlignmentFlag.AlignCenter)
                if not count:
                    item.setBackground(theme.tint(theme.ERROR))  # an empty cell of the gap table
                    item.setToolTip(self.tr("{0}: keine – {1}").format(name, table.columns[column - 1]))
                widget.setItem(r, column, item)
        fit_matrix(widget)

    def choose(self) -> GapChoiceDialog:
        kinds = self._offers.kinds() if self._offers is not None else []
        phases = [(code, label) for code, label, _f, _t in LIFE_PHASES] if self._offers is not None else []
        dialog = GapChoiceDialog(self._networks, self._actors.organisation_types(), kinds, phases, self)
        dialog.accepted.connect(lambda: self._chosen(dialog.saved))
        dialog.open()
        return dialog

    def _chosen(self, choice: GapChoice | None) -> None:
        self.reload()
        if choice is not None:
            counted = len(choice.org_types) + len(choice.offer_kinds)
            self.status_message.emit(self.tr("Weiße Flecken: {0} Arten zählen jetzt.").format(counted))

    def export(self) -> None:
        target = choose_save_path(self, self.tr("Weiße Flecken exportieren"), "Weiße Flecken.xlsx", [XLSX])
        if target is None:
            return
        tables = self.tables()
        failed = lambda error: show_failure(self, error, self.tr("Der Export ist fehlgeschlagen."))  # noqa: E731

        self._tasks.run(
            self,
            self.tr("Tabellen werden exportiert …"),
            lambda progress: self._networks.export_gaps(target, tables, progress),
            lambda gaps: self.status_message.emit(
                self.tr("Weiße Flecken ({0} Lücken) gespeichert: {1}").format(gaps, target)
            ),
            failed,
        )

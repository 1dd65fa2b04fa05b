"""The import history: every imported list with its numbers; a whole import can be undone."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from sozialkoordination.actor_import.service import UNDO_ALL, UNDO_ASK, UNDO_KEEP_CHANGED, ActorImportService
from sozialkoordination.core.errors import DomainError
from sozialkoordination.import_journal.service import BatchInfo, describe_records
from sozialkoordination.ui.shell import theme
from sozialkoordination.ui.shell.tasks import TaskRunner
from sozialkoordination.ui.widgets.accessibility import set_name

HEADERS = ("Nr.", "Datum", "Datei", "Quelle", "Von", "neu", "zusammengeführt", "übersprungen", "abgelehnt", "Stand")


class ImportHistoryDialog(QDialog):
    changed = Signal()
    show_records = Signal(int)  # the batch id: show its organisations and persons in the actor list

    def __init__(self, service: ActorImportService, tasks: TaskRunner, parent=None, indicators: bool = False):
        """`indicators`: the history of indicator tables (service: IndicatorImportService) instead of actor lists."""
        super().__init__(parent)
        self.setObjectName("importHistoryDialog")
        self.setWindowTitle(self.tr("Importverlauf"))
        self.resize(1180, 440)
        self._service, self._tasks = service, tasks
        self._batches: list[BatchInfo] = []
        intro = QLabel(
            self.tr(
                "Jeder Kennzahlen-Import lässt sich als Ganzes rückgängig machen: neue Werte werden entfernt, "
                "geänderte erhalten ihren vorherigen Wert zurück."
            )
            if indicators
            else self.tr(
                "Jeder Import lässt sich als Ganzes rückgängig machen: neu angelegte Akteure und Angebote werden "
                "entfernt, zusammengeführte erhalten ihre vorherigen Angaben zurück."
            ),
            self,
            wordWrap=True,
        )
        self.table = QTableWidget(0, len(HEADERS), self, objectName="historyTable")
        set_name(self.table, self.tr("Bisherige Importe"))
        headers = ["geändert" if indicators and h == "zusammengeführt" else h for h in HEADERS]
        self.table.setHorizontalHeaderLabels([self.tr(h) for h in headers])
        self._indicators = indicators
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)  # the file name gets the room
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.undo_button = QPushButton(self.tr("Import rückgängig machen …"), self, objectName="undoButton")
        self.undo_button.clicked.connect(self.undo_selected)
        self.show_button = QPushButton(
            self.tr("Datensätze dieses Imports zeigen"), self, objectName="showRecordsButton"
        )
        self.show_button.setToolTip(
            self.tr("Zeigt in der Akteursliste die Einträge, die dieser Import angelegt oder ergänzt hat.")
        )
        self.show_button.clicked.connect(self._show_selected)
        self.show_button.setVisible(not indicators)
        self.message = QLabel(self, objectName="historyMessage", wordWrap=True)
        # Which rows went into which record: every merge of the selected import, as its journal keeps it.
        self.merge_title = QLabel(self, objectName="mergeTitle")
        self.merge_list = QListWidget(self, objectName="mergeList")
        set_name(self.merge_list, self.tr("Zusammengeführte Datensätze"))
        self.merge_list.setMaximumHeight(120)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Schließen"))
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(self.show_button)
        row.addWidget(self.undo_button)
        row.addWidget(self.message, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.merge_title)
        layout.addWidget(self.merge_list)
        layout.addLayout(row)
        layout.addWidget(buttons)
        self.table.itemSelectionChanged.connect(self._update)
        self.merge_title.setVisible(not indicators)
        self.merge_list.setVisible(not indicators)
        self.refresh()

    def refresh(self) -> None:
        self._batches = self._service.history()
        self.table.setRowCount(len(self._batches))
        for r, b in enumerate(self._batches):
            state = self.tr("rückgängig am {0}").format(f"{b.undone_at:%d.%m.%Y}") if b.undone_at else self.tr("aktiv")
            values = (
                b.id,
                f"{b.created_at:%d.%m.%Y %H:%M}",
                b.file_name,
                b.source or "",
                b.user_name or "",
                b.created,
                b.merged,
                b.skipped,
                b.rejected,
                state,
            )
            for c, value in enumerate(values):
                item = QTableWidgetItem(str(value))
                if isinstance(value, int):
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                if b.undone_at:
                    item.setForeground(theme.colour(theme.MUTED))
                self.table.setItem(r, c, item)
        if self._batches:
            self.table.selectRow(0)
        self._update()

    def _selected(self) -> BatchInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self._batches[rows[0].row()] if rows else None

    def _update(self) -> None:
        batch = self._selected()
        self.undo_button.setEnabled(batch is not None and batch.undone_at is None)
        self.show_button.setEnabled(batch is not None and batch.undone_at is None)
        if not self._indicators:
            self._show_merges(batch)

    def _show_merges(self, batch: BatchInfo | None) -> None:
        self.merge_list.clear()
        merges = self._service.merges(batch.id) if batch is not None else []
        kinds = {"organisation": self.tr("Organisation"), "person": self.tr("Person"), "angebot": self.tr("Angebot")}
        for m in merges:
            lines = ", ".join(str(n) for n in m.lines) or "?"
            where = self.tr("Eintrag aus derselben Datei") if m.in_file else self.tr("vorhandener Eintrag")
            self.merge_list.addItem(
                self.tr("Zeile {0} → {1} „{2}“ ({3})").format(lines, kinds.get(m.entity, m.entity), m.label, where)
            )
        self.merge_title.setText(
            self.tr("Zusammengeführt in Import {0}: {1} Zeilen").format(batch.id, batch.merged)
            if batch is not None
            else ""
        )

    def _show_selected(self) -> None:
        batch = self._selected()
        if batch is not None:
            self.show_records.emit(batch.id)
            self.accept()  # the list is behind the dialog: out of the way

    def undo_selected(self) -> None:
        batch = self._selected()
        if batch is None or batch.undone_at is not None:
            return
        changed = self._ask_undo(batch)
        if changed is None:
            return
        self.undo_button.setEnabled(False)

        def done(text: str) -> None:
            self.message.setText(text)
            self.refresh()
            self.changed.emit()

        def failed(error: BaseException) -> None:
            self.message.setText(
                str(error)
                if isinstance(error, DomainError)
                else self.tr("Das Rückgängigmachen ist fehlgeschlagen; die Datenbank ist unverändert.")
            )
            self._update()

        self._tasks.run(
            self,
            self.tr("Import wird rückgängig gemacht …"),
            (lambda _progress: self._service.undo(batch.id))
            if self._indicators
            else (lambda _progress: self._service.undo(batch.id, changed)),
            done,
            failed,
        )

    def _ask_undo(self, batch: BatchInfo) -> str | None:
        """How to undo (UNDO_ASK, UNDO_ALL, UNDO_KEEP_CHANGED), or None if the user does not want to.

        Records edited after the import are named first: undo would delete or reset them."""
        yes, no = QMessageBox.StandardButton.Yes, QMessageBox.StandardButton.No
        title = self.tr("Import rückgängig machen")
        try:
            changed = [] if self._indicators else self._service.changed_since(batch.id)
        except DomainError as error:  # undone or removed meanwhile (office server)
            self.message.setText(str(error))
            self.refresh()
            return None
        if not changed:
            answer = QMessageBox.question(
                self,
                title,
                (
                    self.tr(
                        "Import {0} („{1}“) vom {2} rückgängig machen? {3} neue Werte werden entfernt, geänderte "
                        "erhalten ihren vorherigen Wert zurück."
                    )
                    if self._indicators
                    else self.tr(
                        "Import {0} („{1}“) vom {2} rückgängig machen? {3} neu angelegte Einträge werden entfernt, "
                        "zusammengeführte erhalten ihre vorherigen Angaben zurück."
                    )
                ).format(batch.id, batch.file_name, f"{batch.created_at:%d.%m.%Y}", batch.created),
                yes | no,
                no,
            )
            return UNDO_ASK if answer == yes else None
        answer = QMessageBox.question(
            self,
            title,
            (
                self.tr("1 Eintrag wurde nach dem Import geändert: {1}.")
                if len(changed) == 1
                else self.tr("{0} Einträge wurden nach dem Import geändert: {1}.")
            ).format(len(changed), describe_records(changed))
            + "\n\n"
            + self.tr(
                "Trotzdem rückgängig machen? Neu angelegte Einträge werden dann mit diesen Änderungen entfernt, "
                "zusammengeführte auf den Stand vor dem Import zurückgesetzt."
            ),
            yes | no,
            no,
        )
        if answer == yes:
            return UNDO_ALL
        answer = QMessageBox.question(
            self,
            self.tr("Nur unveränderte entfernen"),
            self.tr(
                "Nur unveränderte entfernen? Geänderte Einträge ({0}) bleiben, wie sie sind; alles andere aus "
                "Import {1} wird rückgängig gemacht."
            ).format(len(changed), batch.id),
            yes | no,
            no,
        )
        return UNDO_KEEP_CHANGED if answer == yes else None

"""The import wizard: file → sheet and header row → column mapping → preview → duplicates → import."""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QSpinBox,
    QSplitter,
    QTableView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from sozialkoordination.actor_import import rules as import_rules
from sozialkoordination.actor_import.service import (
    CREATE,
    DECISIONS,
    MERGE,
    NO_HEADER,
    SKIP,
    ActorImportService,
    Decision,
    Duplicate,
    ImportPlan,
    ImportResult,
    PlanCounts,
    decision_for,
)
from sozialkoordination.areas.service import AreaService
from sozialkoordination.core.errors import DomainError
from sozialkoordination.core.formatting import numerus
from sozialkoordination.spreadsheet.reader import CsvOptions, FileInfo, SheetData
from sozialkoordination.ui.actor_import.preview_model import ALL, IGNORED, REJECTED, WARNINGS, ImportPreviewModel
from sozialkoordination.ui.shell import theme
from sozialkoordination.ui.shell.tasks import TaskRunner

log = logging.getLogger(__name__)

FILE_FILTER = "Tabellen (*.xlsx *.xlsm *.xls *.ods *.csv *.tsv *.txt);;Alle Dateien (*)"
ENCODINGS = (
    ("Automatisch erkennen", None),
    ("UTF-8", "utf-8"),
    ("Windows-1252 (ANSI)", "cp1252"),
    ("UTF-16", "utf-16"),
)
DELIMITERS = (
    ("Automatisch erkennen", None),
    ("Semikolon ;", ";"),
    ("Komma ,", ","),
    ("Tabulator", "\t"),
    ("Strich |", "|"),
)
PREVIEW_ROWS = 60


def _error_text(error: BaseException) -> str:
    if isinstance(error, DomainError):
        fields = getattr(error, "fields", None)
        return "\n".join(fields.values()) if fields else str(error)
    log.error("Import: unerwarteter Fehler", exc_info=error)
    return "Beim Lesen ist ein unerwarteter Fehler aufgetreten. Einzelheiten stehen in der Protokolldatei."


class ImportState:
    """What the pages hand on to each other; plain data, no widgets."""

    def __init__(self) -> None:
        self.path: Path | None = None
        self.info: FileInfo | None = None
        self.csv_options: CsvOptions | None = None
        self.source: str | None = None
        self.data: SheetData | None = None
        self.header_row: int = 0
        self.mapping: list[str | None] = []
        self.guesses: list[import_rules.ColumnGuess] = []
        self.keep_unassigned = True
        self.counts: PlanCounts | None = None
        self.include_hidden = False
        self.plan: ImportPlan | None = None
        self.decisions: dict[tuple[int, str], Decision] = {}
        self.default = Decision(MERGE)
        self.result: ImportResult | None = None


class _Page(QWizardPage):
    def __init__(self, wizard: ImportWizard, title: str, subtitle: str):
        super().__init__(wizard)
        self.w = wizard
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.error_label = QLabel(self, objectName="pageError", wordWrap=True)
        self.error_label.setStyleSheet(theme.error_text())
        self.error_label.hide()

    def show_error(self, text: str | None) -> None:
        self.error_label.setText(text or "")
        self.error_label.setVisible(bool(text))


class FilePage(_Page):
    def __init__(self, wizard: ImportWizard):
        super().__init__(wizard, "Datei wählen", "Welche Liste möchten Sie übernehmen, und von wem stammt sie?")
        self.setObjectName("filePage")
        self.file_edit = QLineEdit(self, objectName="fileEdit", placeholderText="Excel-, LibreOffice- oder CSV-Datei")
        browse = QPushButton("Durchsuchen …", self, objectName="browseButton")
        browse.clicked.connect(self.browse)
        self.source_combo = QComboBox(self, objectName="sourceCombo", editable=True)
        self.source_combo.addItem("")
        self.source_combo.addItems(wizard.service.mapping_names())
        self.source_combo.lineEdit().setPlaceholderText("z. B. Familienzentren Bovenden (optional)")
        self.encoding_combo = QComboBox(self, objectName="encodingCombo")
        for label, value in ENCODINGS:
            self.encoding_combo.addItem(label, value)
        self.delimiter_combo = QComboBox(self, objectName="delimiterCombo")
        for label, value in DELIMITERS:
            self.delimiter_combo.addItem(label, value)
        row = QHBoxLayout()
        row.addWidget(self.file_edit, 1)
        row.addWidget(browse)
        form = QFormLayout()
        form.addRow("Datei", row)
        form.addRow("Partner / Quelle", self.source_combo)
        form.addRow("Zeichensatz (CSV)", self.encoding_combo)
        form.addRow("Trennzeichen (CSV)", self.delimiter_combo)
        hint = QLabel(
            "Eine gespeicherte Spaltenzuordnung des Partners wird automatisch verwendet. Zeichensatz und "
            "Trennzeichen von CSV-Dateien werden erkannt; ändern Sie sie nur, wenn Umlaute oder Spalten "
            "falsch aussehen.",
            self,
            wordWrap=True,
        )
        hint.setStyleSheet(theme.muted())
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(hint)
        layout.addStretch(1)
        layout.addWidget(self.error_label)
        self.file_edit.textChanged.connect(self.completeChanged)
        self._checked: tuple[Path, CsvOptions] | None = None

    def browse(self) -> None:
        folder = QSettings().value("folders/import", str(Path.home()))
        path, _ = QFileDialog.getOpenFileName(self, "Liste zum Import wählen", folder, FILE_FILTER)
        if path:
            self.file_edit.setText(path)
            QSettings().setValue("folders/import", str(Path(path).parent))

    def isComplete(self) -> bool:  # noqa: N802 - Qt API
        return bool(self.file_edit.text().strip())

    def validatePage(self) -> bool:  # noqa: N802 - Qt API
        """Checks the file in the background (a large CSV takes a moment) and moves on when it is fine."""
        path = Path(self.file_edit.text().strip().strip('"'))
        options = CsvOptions(self.encoding_combo.currentData(), self.delimiter_combo.currentData())
        state = self.w.state
        if self._checked == (path, options) and state.info is not None:
            self._checked = None
            return True
        if not path.is_file():
            self.show_error(f"Die Datei „{path}“ gibt es nicht. Bitte wählen Sie sie über „Durchsuchen …“ aus.")
            return False

        def checked(info: FileInfo) -> None:
            if (state.path, state.csv_options) != (path, options):
                state.data = None
            state.path, state.info, state.csv_options = path, info, options
            state.source = self.source_combo.currentText().strip() or None
            self.show_error(None)
            self._checked = (path, options)
            self.w.next()

        self.w.tasks.run(
            self,
            "Datei wird geprüft …",
            lambda _progress: self.w.service.inspect(path, options),
            checked,
            lambda error: self.show_error(_error_text(error)),
        )
        return False


class SheetPage(_Page):
    def __init__(self, wizard: ImportWizard):
        super().__init__(
            wizard,
            "Tabelle und Kopfzeile",
            "Die Zeile mit den Spaltenüberschriften ist erkannt; klicken Sie eine andere Zeile an, "
            "wenn sie nicht stimmt.",
        )
        self.setObjectName("sheetPage")
        self.sheet_combo = QComboBox(self, objectName="sheetCombo")
        self.header_spin = QSpinBox(self, objectName="headerSpin", minimum=0, maximum=1)
        self.header_spin.setSpecialValueText(self.tr("keine"))  # 0: the list has no header, every row is data
        self.hidden_check = QCheckBox("Ausgeblendete Zeilen übernehmen", self, objectName="hiddenCheck")
        self.info_label = QLabel(self, objectName="sheetInfo")
        self.info_label.setStyleSheet(theme.muted())
        self.table = QTableWidget(self, objectName="rawTable")
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.cellClicked.connect(lambda row, _col: self.header_spin.setValue(row + 1))
        top = QHBoxLayout()
        top.addWidget(QLabel("Tabellenblatt", self))
        top.addWidget(self.sheet_combo, 1)
        top.addSpacing(12)
        top.addWidget(QLabel("Kopfzeile in Zeile", self))
        top.addWidget(self.header_spin)
        top.addSpacing(12)
        top.addWidget(self.hidden_check)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.info_label)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.error_label)
        self.sheet_combo.activated.connect(lambda _i: self.load())
        self.header_spin.valueChanged.connect(self._header_changed)

    def initializePage(self) -> None:  # noqa: N802 - Qt API
        state = self.w.state
        self.sheet_combo.clear()
        self.sheet_combo.addItems(state.info.sheet_names)
        if state.data is None or state.data.name not in state.info.sheet_names:
            self.load()
        else:
            self.sheet_combo.setCurrentText(state.data.name)
            self._show()

    def load(self) -> None:
        state = self.w.state
        state.data = None
        self.table.setRowCount(0)
        self.show_error(None)
        self.completeChanged.emit()
        sheet, path, options = self.sheet_combo.currentText() or None, state.path, state.csv_options

        def done(data: SheetData) -> None:
            state.data = data
            try:
                state.header_row = self.w.service.detect_header(data)
                detected = True
            except DomainError as error:
                state.header_row, detected = 0, False
                self.show_error(str(error))
            self._show(detected)

        self.w.tasks.run(
            self,
            "Tabelle wird gelesen …",
            lambda progress: self.w.service.read(path, sheet, options, progress),
            done,
            lambda error: self.show_error(_error_text(error)),
        )

    def _show(self, detected: bool = True) -> None:
        data = self.w.state.data
        rows = data.rows[:PREVIEW_ROWS]
        width = max((len(r) for r in rows), default=0)
        self.table.setRowCount(len(rows))
        self.table.setColumnCount(width)
        self.table.setHorizontalHeaderLabels([f"Spalte {i + 1}" for i in range(width)])
        for r, row in enumerate(rows):
            for c in range(width):
                value = import_rules.cell_text(row[c]) if c < len(row) else None
                self.table.setItem(r, c, QTableWidgetItem(value or ""))
        self.table.resizeColumnsToContents()
        for c in range(width):
            self.table.setColumnWidth(c, min(self.table.columnWidth(c), 260))
        self.header_spin.blockSignals(True)
        self.header_spin.setMaximum(max(len(data.rows), 1))
        self.header_spin.setValue(self.w.state.header_row + 1)
        self.header_spin.blockSignals(False)
        hidden = len(data.hidden_rows)
        self.hidden_check.setEnabled(hidden > 0)
        self.hidden_check.setText(
            f"Ausgeblendete Zeilen übernehmen ({hidden})" if hidden else "Ausgeblendete Zeilen übernehmen"
        )
        rows_text = f"{len(data.rows):,}".replace(",", ".")
        detected_text = "erkannt" if detected else "nicht erkannt – bitte wählen"
        if detected and self.w.state.header_row == NO_HEADER:
            detected_text = "keine – die Spalten werden an ihrem Inhalt erkannt"
        self.info_label.setText(
            f"{rows_text} Zeilen im Blatt „{data.name}“ · Kopfzeile {detected_text}"
            + (f" · es werden die ersten {PREVIEW_ROWS} gezeigt" if len(data.rows) > PREVIEW_ROWS else "")
        )
        self._mark_header()
        self.completeChanged.emit()

    def _header_changed(self, value: int) -> None:
        self.w.state.header_row = value - 1
        self.w.state.mapping = []
        self._mark_header()

    def _mark_header(self) -> None:
        header = self.w.state.header_row
        for r in range(self.table.rowCount()):
            for c in range(self.table.columnCount()):
                item = self.table.item(r, c)
                if item is not None:
                    font = item.font()
                    font.setBold(r == header)
                    item.setFont(font)
                    item.setForeground(theme.colour(theme.MUTED) if r < header else theme.text())
        if 0 <= header < self.table.rowCount():
            self.table.selectRow(header)

    def isComplete(self) -> bool:  # noqa: N802 - Qt API
        return self.w.state.data is not None

    def validatePage(self) -> bool:  # noqa: N802 - Qt API
        self.w.state.include_hidden = self.hidden_check.isChecked()
        return True


class MappingPage(_Page):
    def __init__(self, wizard: ImportWizard):
        super().__init__(
            wizard,
            "Spalten zuordnen",
            "Wohin gehört jede Spalte? Die Vorschläge stammen aus den Überschriften oder, wo keine passt, aus dem "
            "Inhalt der ersten Zeilen.",
        )
        self.setObjectName("mappingPage")
        self.table = QTableWidget(0, 4, self, objectName="mappingTable")
        self.table.setHorizontalHeaderLabels(["Spalte in der Datei", "Beispiele", "Übernehmen als", "Erkannt an"])
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.save_check = QCheckBox(self, objectName="saveMappingCheck")
        self.keep_check = QCheckBox(
            self.tr("Nicht zugeordnete Spalten als „Überschrift: Wert“ in die Bemerkungen übernehmen"),
            self,
            objectName="keepUnassignedCheck",
            checked=True,
        )
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.keep_check)
        layout.addWidget(self.save_check)
        layout.addWidget(self.error_label)
        self.combos: list[QComboBox] = []

    def initializePage(self) -> None:  # noqa: N802 - Qt API
        state = self.w.state
        headers = state.data.rows[state.header_row] if state.header_row != NO_HEADER else []
        body = state.data.rows[state.header_row + 1 : state.header_row + 200]
        width = max([len(headers), *(len(r) for r in body)])
        if len(state.mapping) != width:
            state.guesses = self.w.service.propose(state.data, state.header_row, state.source)
            state.guesses += [import_rules.ColumnGuess(None)] * (width - len(state.guesses))
            state.mapping = [g.field for g in state.guesses[:width]]
        self.table.setRowCount(width)
        self.combos = []
        for c in range(width):
            title = import_rules.cell_text(headers[c]) if c < len(headers) else None
            samples = [import_rules.cell_text(r[c]) for r in body if c < len(r) and r[c] not in (None, "")][:3]
            self.table.setItem(c, 0, QTableWidgetItem(title or f"(Spalte {c + 1} ohne Überschrift)"))
            self.table.setItem(c, 1, QTableWidgetItem(" · ".join(s for s in samples if s)))
            combo = QComboBox(self.table)
            combo.setObjectName(f"mappingCombo{c}")
            combo.addItem("– nicht übernehmen –", None)
            for key, label in import_rules.FIELDS.items():
                combo.addItem(label, key)
            combo.setCurrentIndex(max(combo.findData(state.mapping[c]), 0))
            combo.currentIndexChanged.connect(lambda _i, col=c: self._changed(col))
            self.table.setCellWidget(c, 2, combo)
            self.combos.append(combo)
            guess = state.guesses[c] if c < len(state.guesses) else None
            why = guess.reason if guess is not None and guess.field == state.mapping[c] else None
            self.table.setItem(c, 3, QTableWidgetItem(why or ""))
        self.table.resizeColumnToContents(0)
        self.table.resizeColumnToContents(3)
        # The targets' combo boxes as wide as their longest entry in the font shown (at 200 % text 240 px cut them).
        self.table.setColumnWidth(2, max([240] + [combo.sizeHint().width() for combo in self.combos]))
        savable = bool(state.source) and state.header_row != NO_HEADER  # a mapping is kept by the headers' names
        self.save_check.setVisible(savable)
        self.save_check.setChecked(savable)
        self.save_check.setText(f"Zuordnung für „{state.source}“ merken und beim nächsten Mal vorschlagen")
        self.show_error(None)

    def _changed(self, column: int) -> None:
        key = self.combos[column].currentData()
        if key is not None:  # a field is taken by one column only
            for other, combo in enumerate(self.combos):
                if other != column and combo.currentData() == key:
                    combo.blockSignals(True)
                    combo.setCurrentIndex(0)
                    combo.blockSignals(False)
                    self.table.item(other, 3).setText(self.tr("frei gemacht für Spalte {0}").format(column + 1))
        self.table.item(column, 3).setText(self.tr("von Hand zugeordnet"))
        self.w.state.mapping = [c.currentData() for c in self.combos]

    def validatePage(self) -> bool:  # noqa: N802 - Qt API
        state = self.w.state
        state.mapping = [c.currentData() for c in self.combos]
        state.keep_unassigned = self.keep_check.isChecked()
        if not any(m in ("organisation", "last_name", "full_name") for m in state.mapping):
            self.show_error(
                "Bitte ordnen Sie mindestens eine Spalte „Organisation / Einrichtung“, „Nachname“ "
                "oder „Name (vollständig)“ zu."
            )
            return False
        if self.save_check.isVisible() and self.save_check.isChecked():
            headers = list(state.data.rows[state.header_row]) if state.header_row != NO_HEADER else []
            headers += [None] * len(state.mapping)
            try:
                self.w.service.save_mapping(state.source, headers[: len(state.mapping)], state.mapping)
            except DomainError as error:
                self.show_error(_error_text(error))
                return False
        state.plan = None
        return True


class PreviewPage(_Page):
    def __init__(self, wizard: ImportWizard):
        super().__init__(
            wizard,
            "Vorschau",
            "So werden die Zeilen übernommen. Zeilen mit Fehlern werden nicht "
            "importiert; Sie können sie für den Partner speichern.",
        )
        self.setObjectName("previewPage")
        self.summary = QLabel(self, objectName="previewSummary", wordWrap=True)
        self.counts = QLabel(self, objectName="previewCounts", wordWrap=True)
        self.unassigned = QLabel(self, objectName="unassignedColumns", wordWrap=True)
        self.unassigned.setStyleSheet(theme.warning_text())
        self.earlier = QLabel(self, objectName="earlierImport", wordWrap=True)
        self.earlier.setStyleSheet(theme.warning_text())
        self.filter_combo = QComboBox(self, objectName="previewFilter")
        for label, value in (
            ("Alle Zeilen", ALL),
            ("Mit Hinweisen", WARNINGS),
            ("Abgelehnt", REJECTED),
            ("Übersprungen", IGNORED),
        ):
            self.filter_combo.addItem(label, value)
        self.rejects_button = QPushButton("Abgelehnte Zeilen speichern …", self, objectName="rejectsButton")
        self.model = ImportPreviewModel(self)
        self.view = QTableView(self, objectName="previewTable")
        self.view.setModel(self.model)
        self.view.verticalHeader().hide()
        self.view.horizontalHeader().setStretchLastSection(True)
        self.view.setWordWrap(False)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.filter_combo)
        top.addWidget(self.rejects_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.counts)
        layout.addWidget(self.unassigned)
        layout.addWidget(self.earlier)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.error_label)
        self.filter_combo.currentIndexChanged.connect(lambda _i: self.model.show(self.filter_combo.currentData()))
        self.rejects_button.clicked.connect(self.save_rejects)

    def initializePage(self) -> None:  # noqa: N802 - Qt API
        state = self.w.state
        self.show_error(None)
        if state.plan is not None:
            self._show()
            return
        args = (state.path, state.data, state.header_row, state.mapping, state.source, state.include_hidden)
        keep, default, service = state.keep_unassigned, state.default, self.w.service

        def work(progress) -> tuple[ImportPlan, PlanCounts]:
            plan = service.prepare(*args, progress=progress, keep_unassigned=keep)
            return plan, service.count(plan, {}, default)

        def done(found: tuple[ImportPlan, PlanCounts]) -> None:
            state.plan, state.counts = found
            state.decisions = {}
            self._show()

        self.w.tasks.run(
            self,
            "Zeilen werden geprüft …",
            work,
            done,
            lambda error: self.show_error(_error_text(error)),
        )

    def _show(self) -> None:
        plan = self.w.state.plan
        self.model.set_plan(plan, self.w.raum_names, self.filter_combo.currentData())
        self.view.resizeColumnsToContents()
        for c in range(self.model.columnCount()):
            self.view.setColumnWidth(c, min(self.view.columnWidth(c), 280))

        def n(value: int) -> str:
            return f"{value:,}".replace(",", ".")

        importable = len(plan.importable_rows)
        self.summary.setText(
            self.tr(
                "<b>{0} Zeilen werden übernommen</b>, davon {1} mit Hinweisen · {2} abgelehnt · {3} übersprungen · "
                "{4}<br>{5}"
            ).format(
                n(importable),
                n(plan.warning_count),
                n(len(plan.rejected_rows)),
                n(len(plan.ignored_rows)),
                numerus(len(plan.duplicates), self.tr("{0} mögliche Dublette"), self.tr("{0} mögliche Dubletten")),
                merge_text(self, *plan.expected_merges(self.w.state.decisions, self.w.state.default)),
            )
        )
        counts = self.w.state.counts
        self.counts.setText(
            self.tr("{0} (Dubletten: {1}, sofern Sie auf der nächsten Seite nichts anderes wählen)").format(
                counts.text(), DECISIONS[self.w.state.default.action]
            )
            if counts is not None
            else ""
        )
        if plan.unassigned:
            kept = "werden in die Bemerkungen übernommen" if plan.keep_unassigned else "werden nicht übernommen"
            self.unassigned.setText(
                self.tr("Nicht zugeordnete Spalten: {0} – {1}.").format(", ".join(plan.unassigned), kept)
            )
        self.unassigned.setVisible(bool(plan.unassigned))
        self.earlier.setText(
            "Diese Datei wurde schon einmal importiert: "
            + ", ".join(plan.earlier_imports)
            + ". Gleiche Einträge erscheinen auf der nächsten Seite als Dubletten."
            if plan.earlier_imports
            else ""
        )
        self.earlier.setVisible(bool(plan.earlier_imports))
        self.rejects_button.setEnabled(bool(plan.rejected_rows))
        self.completeChanged.emit()

    def save_rejects(self) -> None:
        state = self.w.state
        folder = QSettings().value("folders/import", str(Path.home()))
        suggestion = str(Path(folder) / f"{state.path.stem}_nicht_importiert.xlsx")
        path, _ = QFileDialog.getSaveFileName(self, "Abgelehnte Zeilen speichern", suggestion, "Excel (*.xlsx)")
        if not path:
            return
        try:
            count = self.w.service.write_rejects(state.plan, Path(path))
        except DomainError as error:
            self.show_error(_error_text(error))
            return
        self.w.status(f"{count} abgelehnte Zeilen gespeichert: {path}")

    def isComplete(self) -> bool:  # noqa: N802 - Qt API
        plan = self.w.state.plan
        return plan is not None and bool(plan.importable_rows)


def merge_text(widget: QWidget, existing: int, in_file: int) -> str:
    """ "3 Zeilen mit vorhandenen Einträgen zusammengeführt, 1 Zeile mit gleichen Einträgen der Datei" """
    text = (
        widget.tr("{0} Zeile mit vorhandenen Einträgen zusammengeführt")
        if existing == 1
        else widget.tr("{0} Zeilen mit vorhandenen Einträgen zusammengeführt")
    ).format(existing)
    if in_file:
        text += ", " + (
            widget.tr("{0} Zeile mit gleichen Einträgen der Datei")
            if in_file == 1
            else widget.tr("{0} Zeilen mit gleichen Einträgen der Datei")
        ).format(in_file)
    return text


class DuplicatesPage(_Page):
    def __init__(self, wizard: ImportWizard):
        super().__init__(
            wizard,
            "Dubletten",
            "Diese Einträge gibt es vermutlich schon. Entscheiden Sie einzeln oder für alle übrigen gemeinsam.",
        )
        self.setObjectName("duplicatesPage")
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, "Importieren")
        self.none_label = QLabel(
            "Keine Dubletten gefunden – alle Einträge werden neu angelegt.", self, objectName="noDuplicates"
        )
        self.list = QListWidget(self, objectName="duplicateList")
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.compare = QTableWidget(0, 4, self, objectName="compareTable")
        self.compare.setHorizontalHeaderLabels(["Feld", "Vorhanden", "Aus der Liste", "Überschreiben"])
        self.compare.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.compare.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.compare.verticalHeader().hide()
        self.compare.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.reason = QLabel(self, objectName="duplicateReason", wordWrap=True)
        self.decision_buttons = QButtonGroup(self)
        decision_row = QHBoxLayout()
        for action in (MERGE, CREATE, SKIP):
            button = QRadioButton(DECISIONS[action].capitalize(), self, objectName=f"decision_{action}")
            self.decision_buttons.addButton(button)
            button.setProperty("action", action)
            decision_row.addWidget(button)
        decision_row.addStretch(1)
        self.decision_buttons.buttonClicked.connect(self._decided)
        self.default_combo = QComboBox(self, objectName="defaultDecision")
        for action in (MERGE, CREATE, SKIP):
            self.default_combo.addItem(DECISIONS[action].capitalize(), action)
        self.default_combo.currentIndexChanged.connect(self._default_changed)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.reason)
        right_layout.addWidget(self.compare, 1)
        right_layout.addLayout(decision_row)
        split = QSplitter(self)
        split.addWidget(self.list)
        split.addWidget(right)
        split.setSizes([320, 560])
        default_row = QHBoxLayout()
        default_row.addWidget(QLabel("Für alle nicht einzeln entschiedenen Dubletten:", self))
        default_row.addWidget(self.default_combo)
        default_row.addStretch(1)
        merge_hint = QLabel(
            self.tr(
                "Zusammenführen füllt nur leere Felder; abweichende Werte werden nur ersetzt, wenn Sie "
                "„Überschreiben“ ankreuzen. Mögliche Dubletten (gleicher Name und PLZ, aber andere Straße oder "
                "anderer Ort) werden beide angelegt, außer Sie wählen einzeln „Zusammenführen“."
            ),
            self,
            wordWrap=True,
        )
        merge_hint.setStyleSheet(theme.muted())
        self.merge_count = QLabel(self, objectName="mergeCount", wordWrap=True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.none_label)
        layout.addWidget(split, 1)
        layout.addLayout(default_row)
        layout.addWidget(self.merge_count)
        layout.addWidget(merge_hint)
        layout.addWidget(self.error_label)
        self.list.currentRowChanged.connect(self._show_duplicate)
        self.compare.itemChanged.connect(self._overwrite_changed)

    @property
    def duplicates(self) -> list[Duplicate]:
        return self.w.state.plan.duplicates

    def initializePage(self) -> None:  # noqa: N802 - Qt API
        plan = self.w.state.plan
        self.none_label.setVisible(not plan.duplicates)
        self.list.clear()
        for d in plan.duplicates:
            kind = self.tr("Organisation") if d.kind == "organisation" else self.tr("Person")
            text = f"Zeile {plan.rows[d.row].line} · {kind}: {d.label}"
            if d.possible:
                text += " · " + self.tr("mögliche Dublette")
            self.list.addItem(text)
            if d.possible:
                self.list.item(self.list.count() - 1).setToolTip(d.reason)
        self.default_combo.setCurrentIndex(self.default_combo.findData(self.w.state.default.action))
        if plan.duplicates:
            self.list.setCurrentRow(0)
        self._count_merges()

    def _count_merges(self) -> None:
        """What the import will merge with the decisions as they stand: the same numbers its result reports."""
        state = self.w.state
        text = merge_text(self, *state.plan.expected_merges(state.decisions, state.default))
        self.merge_count.setText(self.tr("Mit diesen Entscheidungen: {0}.").format(text))

    def _current(self) -> Duplicate | None:
        row = self.list.currentRow()
        return self.duplicates[row] if 0 <= row < len(self.duplicates) else None

    def decision_for(self, duplicate: Duplicate) -> Decision:
        return decision_for(duplicate, self.w.state.decisions, self.w.state.default)

    def _show_duplicate(self, _row: int = 0) -> None:
        d = self._current()
        if d is None:
            return
        where = "in dieser Datei" if d.earlier_row is not None else "in der Datenbank"
        if d.possible:
            self.reason.setText(
                self.tr(
                    "<b>{0}</b> – vielleicht dieselbe Einrichtung wie {1}: {2}. Ohne Ihre Wahl werden beide angelegt."
                ).format(
                    d.label,
                    "eine frühere Zeile" if d.earlier_row is not None else "ein Eintrag der Datenbank",
                    d.reason,
                )
            )
        else:
            self.reason.setText(f"<b>{d.label}</b> – vorhanden {where}: {d.reason}")
        decision = self.decision_for(d)
        self.compare.blockSignals(True)
        self.compare.setRowCount(len(d.fields))
        for r, f in enumerate(d.fields):
            self.compare.setItem(r, 0, QTableWidgetItem(f.label))
            self.compare.setItem(r, 1, QTableWidgetItem(f.existing or ""))
            self.compare.setItem(r, 2, QTableWidgetItem(f.new or ""))
            box = QTableWidgetItem("")
            if f.conflict:
                box.setFlags(Qt.ItemFlag.ItemIsUserCheckable | Qt.ItemFlag.ItemIsEnabled)
                box.setCheckState(Qt.CheckState.Checked if f.key in decision.overwrite else Qt.CheckState.Unchecked)
                for c in (1, 2):
                    self.compare.item(r, c).setBackground(
                        theme.tint(theme.WARNING)
                    )  # differing values: calm, but visible
            else:
                box.setFlags(Qt.ItemFlag.NoItemFlags)
            box.setData(Qt.ItemDataRole.UserRole, f.key)
            self.compare.setItem(r, 3, box)
        self.compare.blockSignals(False)
        self.compare.resizeColumnToContents(0)
        for button in self.decision_buttons.buttons():
            button.setChecked(button.property("action") == decision.action)

    def choose(self, action: str, overwrite: set[str] | None = None) -> None:
        """Decide for the shown duplicate (the radio buttons and checkboxes call this too)."""
        d = self._current()
        if d is None:
            return
        keep = self.decision_for(d).overwrite if overwrite is None else frozenset(overwrite)
        self.w.state.decisions[d.key] = Decision(action, keep if action == MERGE else frozenset())
        self._show_duplicate()
        self._count_merges()

    def _decided(self, button) -> None:
        self.choose(button.property("action"))

    def _overwrite_changed(self, item: QTableWidgetItem) -> None:
        if item.column() != 3:
            return
        d = self._current()
        chosen = set(self.decision_for(d).overwrite)
        key = item.data(Qt.ItemDataRole.UserRole)
        if item.checkState() == Qt.CheckState.Checked:
            chosen.add(key)
        else:
            chosen.discard(key)
        self.choose(MERGE, chosen)

    def _default_changed(self) -> None:
        self.w.state.default = Decision(self.default_combo.currentData())
        self._show_duplicate()
        if self.w.state.plan is not None:
            self._count_merges()


class ResultPage(_Page):
    def __init__(self, wizard: ImportWizard):
        super().__init__(wizard, "Import", "Die Einträge werden übernommen – alles oder nichts.")
        self.setObjectName("resultPage")
        self.result_label = QLabel(self, objectName="resultLabel", wordWrap=True)
        self.result_label.setStyleSheet(theme.larger(1.3))
        self.undo_hint = QLabel(
            "Der Import steht im Importverlauf (Datei → Importverlauf …) und kann dort vollständig rückgängig "
            "gemacht werden.",
            self,
            wordWrap=True,
        )
        self.undo_hint.setStyleSheet(theme.muted())
        self.rejects_button = QPushButton("Abgelehnte Zeilen speichern …", self, objectName="resultRejectsButton")
        self.rejects_button.clicked.connect(lambda: self.w.preview_page.save_rejects())
        layout = QGridLayout(self)
        layout.addWidget(self.result_label, 0, 0)
        layout.addWidget(self.undo_hint, 1, 0)
        layout.addWidget(self.rejects_button, 2, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.error_label, 3, 0)
        layout.setRowStretch(4, 1)

    def initializePage(self) -> None:  # noqa: N802 - Qt API
        state = self.w.state
        self.result_label.setText("Import läuft …")
        self.rejects_button.setVisible(bool(state.plan.rejected_rows))
        plan, decisions, default, user = state.plan, dict(state.decisions), state.default, self.w.user_name

        def done(result: ImportResult) -> None:
            state.result = result
            self.result_label.setText(f"<b>Import abgeschlossen.</b><br>{result.summary()}")
            self.w.imported.emit(result.batch_id)
            self.completeChanged.emit()

        def failed(error: BaseException) -> None:
            self.result_label.setText("<b>Der Import wurde nicht ausgeführt.</b> Die Datenbank ist unverändert.")
            self.show_error(_error_text(error))

        def cancelled() -> None:
            self.result_label.setText(
                "<b>Import abgebrochen.</b> Es wurde nichts übernommen; die Datenbank ist unverändert."
            )

        self.w.tasks.run(
            self,
            "Import läuft …",
            lambda progress: self.w.service.run(plan, decisions, default, user, progress),
            done,
            failed,
            cancelled,
        )

    def isComplete(self) -> bool:  # noqa: N802 - Qt API
        return True


class ImportWizard(QWizard):
    imported = Signal(int)

    def __init__(
        self, service: ActorImportService, areas: AreaService, tasks: TaskRunner, user_name: str | None, parent=None
    ):
        super().__init__(parent)
        self.setObjectName("importWizard")
        self.setWindowTitle("Akteursliste importieren")
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.setButtonText(QWizard.WizardButton.NextButton, "Weiter >")
        self.setButtonText(QWizard.WizardButton.BackButton, "< Zurück")
        self.setButtonText(QWizard.WizardButton.CancelButton, "Abbrechen")
        self.setButtonText(QWizard.WizardButton.FinishButton, "Fertig")
        self.resize(980, 680)
        self.service, self.tasks, self.user_name = service, tasks, user_name
        self.raum_names = {r.id: r.name for r in areas.sozialraeume()}
        self.state = ImportState()
        self.file_page = FilePage(self)
        self.sheet_page = SheetPage(self)
        self.mapping_page = MappingPage(self)
        self.preview_page = PreviewPage(self)
        self.duplicates_page = DuplicatesPage(self)
        self.result_page = ResultPage(self)
        for page in (
            self.file_page,
            self.sheet_page,
            self.mapping_page,
            self.preview_page,
            self.duplicates_page,
            self.result_page,
        ):
            self.addPage(page)

    def status(self, text: str) -> None:
        QMessageBox.information(self, "Gespeichert", text)

    def open_file(self, path: Path) -> None:
        """Start with a file already chosen (drag and drop, tests)."""
        self.file_page.file_edit.setText(str(path))

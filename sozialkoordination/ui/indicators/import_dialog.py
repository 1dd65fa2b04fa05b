"""Import of an indicator table: choose the file, check it, assign the areas the app did not recognise, import."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
)

from sozialkoordination.core.enums import AreaLevel
from sozialkoordination.core.errors import DomainError
from sozialkoordination.indicators.service import LEVEL_NAMES, AreaRef, IndicatorService
from sozialkoordination.indicators.statistics_import import IndicatorImportPlan, IndicatorImportService
from sozialkoordination.ui.shell.tasks import TaskRunner
from sozialkoordination.ui.widgets.date_input import confirm_unusual_dates, first_problem
from sozialkoordination.ui.widgets.optional_date import OptionalDate
from sozialkoordination.ui.widgets.tables import MUTED, cell, make_table

FILE_FILTER = "Tabellen (*.xlsx *.xlsm *.xls *.ods *.csv *.tsv *.txt)"


class IndicatorImportDialog(QDialog):
    imported = Signal(int)

    def __init__(
        self,
        importer: IndicatorImportService,
        indicators: IndicatorService,
        tasks: TaskRunner,
        user_name: str | None,
        parent=None,
    ):
        super().__init__(parent)
        self.setObjectName("indicatorImportDialog")
        self.setWindowTitle(self.tr("Kennzahlen importieren"))
        self.resize(860, 640)
        self._importer, self._indicators, self._tasks, self._user = importer, indicators, tasks, user_name
        self._path: Path | None = None
        self.plan: IndicatorImportPlan | None = None
        self.result = None
        tree = indicators.area_tree()
        self._areas: list[AreaRef] = [
            tree.landkreis,
            *tree.areas(AreaLevel.SOZIALREGION),
            *tree.areas(AreaLevel.SOZIALRAUM),
            *tree.areas(AreaLevel.GEMEINDE),
        ]
        self._area_by_id = {_area_id(a): a for a in self._areas}

        intro = QLabel(
            self.tr(
                "Tabellen in langer Form (Gebiet, Stichtag, Kennzahl, Wert) oder breiter Form (Gebiete in Zeilen, "
                "Jahre oder Kennzahlen in Spalten). Gebiete werden am amtlichen Schlüssel oder am Namen erkannt."
            ),
            self,
            wordWrap=True,
        )
        intro.setStyleSheet(MUTED)
        self.file_label = QLabel(self.tr("Keine Datei gewählt."), self, objectName="fileLabel")
        choose = QPushButton(self.tr("Datei wählen …"), self, objectName="chooseFileButton")
        choose.clicked.connect(self.choose_file)
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_label, 1)
        file_row.addWidget(choose)

        self.sheet = QComboBox(self, objectName="sheetCombo")
        self.indicator = QLineEdit(self, objectName="indicatorEdit")
        self.indicator.setPlaceholderText(self.tr("nur nötig, wenn die Tabelle die Kennzahl nicht nennt"))
        self.indicator.setCompleter(QCompleter([i.name for i in indicators.catalogue()], self))
        self.reference_date = OptionalDate(self, self.tr("Stichtag"), None, "referenceDate")
        self.source = QLineEdit(self, objectName="sourceEdit")
        self.source.setPlaceholderText(self.tr("z. B. Meldedaten der Gemeinden, Stand 31.12.2024"))
        form = QFormLayout()
        form.addRow(self.tr("Tabellenblatt"), self.sheet)
        form.addRow(self.tr("Kennzahl"), self.indicator)
        form.addRow(self.tr("Stichtag (falls nicht in der Tabelle)"), self.reference_date)
        form.addRow(self.tr("Quelle"), self.source)
        self.check_button = QPushButton(self.tr("Prüfen"), self, objectName="checkButton")
        self.check_button.clicked.connect(self.check)
        self.check_button.setEnabled(False)

        self.summary = QPlainTextEdit(self, objectName="importSummary", readOnly=True)
        self.summary.setMaximumHeight(150)
        self.unmatched_label = QLabel(self, objectName="unmatchedLabel", wordWrap=True)
        self.unmatched = make_table(
            self, [self.tr("In der Tabelle"), self.tr("Zeilen"), self.tr("Gebiet")], "unmatchedTable"
        )
        self.unmatched.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.unmatched.setColumnWidth(0, 240)
        self.unmatched.setColumnWidth(1, 80)
        self.unmatched.hide()
        self.unmatched_label.hide()

        self.buttons = QDialogButtonBox(self)
        self.import_button = self.buttons.addButton(self.tr("Importieren"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setObjectName("importButton")
        self.import_button.setEnabled(False)
        cancel = self.buttons.addButton(self.tr("Abbrechen"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("cancelButton")
        self.import_button.clicked.connect(self.run_import)
        cancel.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(file_row)
        layout.addLayout(form)
        layout.addWidget(self.check_button)
        layout.addWidget(self.summary)
        layout.addWidget(self.unmatched_label)
        layout.addWidget(self.unmatched, 1)
        layout.addWidget(self.buttons)

    # -- choosing and checking -----------------------------------------------------------------
    def choose_file(self) -> None:
        settings = QSettings()
        folder = settings.value("folders/import", str(Path.home()))
        chosen, _ = QFileDialog.getOpenFileName(self, self.tr("Kennzahlen-Tabelle öffnen"), folder, FILE_FILTER)
        if chosen:
            settings.setValue("folders/import", str(Path(chosen).parent))
            self.open_file(Path(chosen))

    def open_file(self, path: Path) -> None:
        self._path = Path(path)
        self.file_label.setText(str(self._path))
        self.sheet.clear()
        try:
            self.sheet.addItems(self._importer.sheet_names(self._path))
        except DomainError as error:
            self._show_problem(str(error))
            self.check_button.setEnabled(False)
            return
        self.check_button.setEnabled(True)
        self.check()

    def _assignments(self) -> dict[str, AreaRef | None]:
        chosen = {}
        for row in range(self.unmatched.rowCount()):
            combo = self.unmatched.cellWidget(row, 2)
            text = self.unmatched.item(row, 0).text()
            index = combo.currentIndex()
            if index > 0:  # 0: "bitte zuordnen", 1: leave out (None)
                chosen[text] = self._area_by_id.get(combo.currentData())
        return chosen

    def _prepare(self, assignments: dict) -> IndicatorImportPlan:
        return self._importer.prepare(
            self._path,
            self.sheet.currentText() or None,
            self.indicator.text() or None,
            self.reference_date.value(),
            assignments,
            self.source.text() or None,
        )

    def check(self) -> None:
        if self._path is None:
            return
        found = first_problem(self)  # the Stichtag as typed: refused with the reason, never read as another day
        if found is not None:
            self._show_problem(found[1])
            found[0].setFocus()
            return
        if not confirm_unusual_dates(self):
            return
        assignments = self._assignments()
        self.check_button.setEnabled(False)

        def done(plan: IndicatorImportPlan) -> None:
            self.check_button.setEnabled(True)
            self._show_plan(plan, assignments)

        def failed(error: BaseException) -> None:
            self.check_button.setEnabled(True)
            self._show_problem(
                str(error) if isinstance(error, DomainError) else self.tr("Die Tabelle konnte nicht gelesen werden.")
            )

        self._tasks.run(self, self.tr("Tabelle wird geprüft …"), lambda _p: self._prepare(assignments), done, failed)

    def _show_problem(self, text: str) -> None:
        self.plan = None
        self.summary.setPlainText(text)
        self.import_button.setEnabled(False)
        self.unmatched.hide()
        self.unmatched_label.hide()

    def _show_plan(self, plan: IndicatorImportPlan, assignments: dict) -> None:
        self.plan = plan
        lines = [plan.describe()]
        similar = self.tr("Zeile {0}: „{1}“ als {2} gelesen (ähnlicher Name).")
        lines += [similar.format(r.line, r.area_text, r.area.label) for r in plan.fuzzy]
        lines += [self.tr("Zeile {0} ausgelassen: {1}.").format(line, reason) for line, reason in plan.ignored[:30]]
        lines += [
            self.tr("Zeile {0} abgelehnt: {1}").format(r.line, r.error)
            for r in plan.rejected[:30]
            if r.match != "zugeordnet"
        ]
        if plan.earlier:
            lines.append(self.tr("Diese Datei wurde schon importiert: {0}.").format(", ".join(plan.earlier)))
        self.summary.setPlainText("\n".join(lines))
        open_rows = list(plan.unmatched)
        kept = [(text, area) for text, area in assignments.items()]
        self.unmatched.setRowCount(0)
        for text, area in kept:
            self._add_unmatched_row(text, [], [], area, assigned=True)
        for entry in open_rows:
            self._add_unmatched_row(entry.text, entry.lines, entry.suggestions, None)
        shown = bool(self.unmatched.rowCount())
        self.unmatched.setVisible(shown)
        self.unmatched_label.setVisible(shown)
        if len(open_rows) == 1:
            text = self.tr(
                "Ein Gebiet ist nicht erkannt. Bitte ordnen Sie es zu oder wählen Sie „auslassen“, dann „Prüfen“."
            )
        elif open_rows:
            text = self.tr(
                "{0} Gebiete sind nicht erkannt. Bitte ordnen Sie jedes zu oder wählen Sie „auslassen“, dann „Prüfen“."
            ).format(len(open_rows))
        else:
            text = self.tr("Alle Gebiete sind zugeordnet.")
        self.unmatched_label.setText(text)
        self.import_button.setEnabled(not open_rows and bool(plan.importable))

    def _add_unmatched_row(self, text: str, lines: list[int], suggestions: list[AreaRef], chosen, assigned=False):
        row = self.unmatched.rowCount()
        self.unmatched.insertRow(row)
        self.unmatched.setItem(row, 0, cell(text))
        self.unmatched.setItem(row, 1, cell(", ".join(str(n) for n in lines[:6]) if lines else "–"))
        combo = QComboBox(self.unmatched, objectName=f"assignCombo{row}")
        combo.addItem(self.tr("– bitte zuordnen –"), None)
        combo.addItem(self.tr("auslassen (Zeilen nicht importieren)"), None)
        for area in [*suggestions, *[a for a in self._areas if a not in suggestions]]:
            combo.addItem(f"{area.name} ({LEVEL_NAMES[area.level]})", _area_id(area))
        if assigned:
            index = combo.findData(_area_id(chosen)) if chosen is not None else 1
            combo.setCurrentIndex(max(index, 0))
        elif suggestions:
            combo.setToolTip(self.tr("Vorschlag: {0}").format(suggestions[0].name))
        combo.currentIndexChanged.connect(lambda _i: self.import_button.setEnabled(False))
        self.unmatched.setCellWidget(row, 2, combo)

    def assign(self, text: str, area: AreaRef | None) -> None:
        """Choose an area (None: leave the rows out) for a name the table uses; as the user does in the list."""
        for row in range(self.unmatched.rowCount()):
            if self.unmatched.item(row, 0).text() == text:
                combo = self.unmatched.cellWidget(row, 2)
                combo.setCurrentIndex(1 if area is None else combo.findData(_area_id(area)))
                return
        raise KeyError(text)

    # -- importing -----------------------------------------------------------------------------
    def run_import(self) -> None:
        if self.plan is None or self.plan.unmatched:
            return
        plan = self.plan
        self.import_button.setEnabled(False)

        def done(result) -> None:
            self.result = result
            self.imported.emit(result.batch_id)
            self.accept()

        def failed(error: BaseException) -> None:
            self._show_problem(
                str(error)
                if isinstance(error, DomainError)
                else self.tr("Der Import ist fehlgeschlagen; die Datenbank ist unverändert.")
            )

        self._tasks.run(
            self,
            self.tr("Kennzahlen werden importiert …"),
            lambda progress: self._importer.run(plan, self._user, progress),
            done,
            failed,
        )


def _area_id(area: AreaRef) -> str:
    return f"{area.level}|{area.key}"

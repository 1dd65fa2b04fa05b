"""Import of an indicator table: choose the file, check it, assign the areas the app did not recognise, import."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
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
from sozialkoordination.core.formatting import german_number
from sozialkoordination.indicators.service import LEVEL_NAMES, AreaRef, IndicatorService
from sozialkoordination.indicators.statistics_import import IndicatorImportPlan, IndicatorImportService
from sozialkoordination.ui.shell import theme
from sozialkoordination.ui.shell.tasks import TaskRunner
from sozialkoordination.ui.widgets.accessibility import set_name
from sozialkoordination.ui.widgets.date_input import confirm_unusual_dates, first_problem
from sozialkoordination.ui.widgets.optional_date import OptionalDate
from sozialkoordination.ui.widgets.tables import cell, make_table

FILE_FILTER = "Tabellen (*.xlsx *.xlsm *.xls *.ods *.csv *.tsv *.txt)"
SHOWN_UNMATCHED = 40  # more unknown areas than this are not listed one by one: the user leaves the rest out at once


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
        intro.setStyleSheet(theme.muted())
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
        set_name(self.summary, self.tr("Ergebnis der Prüfung"))
        self.summary.setMinimumHeight(110)  # takes the room the lists below leave free
        self.unmatched_label = QLabel(self, objectName="unmatchedLabel", wordWrap=True)
        self.unmatched = make_table(
            self, [self.tr("In der Tabelle"), self.tr("Zeilen"), self.tr("Gebiet")], "unmatchedTable"
        )
        self.unmatched.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.unmatched.setColumnWidth(0, 240)
        self.unmatched.setColumnWidth(1, 80)
        self.unmatched.hide()
        self.unmatched_label.hide()
        self.skip_rest_button = QPushButton(self.tr("Alle übrigen auslassen"), self, objectName="skipRestButton")
        self.skip_rest_button.setToolTip(self.tr("Alle Gebiete, die noch nicht zugeordnet sind, werden ausgelassen."))
        self.skip_rest_button.clicked.connect(self.skip_rest)
        self.skip_rest_button.hide()
        self._skipped: set[str] = set()  # unknown areas left out at once, also those not listed
        self.duplicates_label = QLabel(self, objectName="duplicatesLabel", wordWrap=True)
        self.duplicates = make_table(
            self, [self.tr("Mehrfach in der Tabelle"), self.tr("Übernehmen")], "duplicatesTable"
        )
        self.duplicates.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.duplicates.setColumnWidth(1, 220)
        self.duplicates.hide()
        self.duplicates_label.hide()

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
        layout.addWidget(self.summary, 1)
        layout.addWidget(self.unmatched_label)
        layout.addWidget(self.unmatched, 2)
        layout.addWidget(self.skip_rest_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.duplicates_label)
        layout.addWidget(self.duplicates, 1)
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
        self._skipped.clear()
        try:
            names = self._importer.sheet_names(self._path)
            if len(names) > 1:  # the data sheet of a statistics office's workbook is found without asking
                self.sheet.addItem(self.tr("automatisch (Blatt mit den Daten)"), None)
            for name in names:
                self.sheet.addItem(name, name)
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
        chosen.update({text: None for text in self._skipped if text not in chosen})
        return chosen

    def _keep_lines(self) -> set[int]:
        """The line chosen for each group of duplicate lines."""
        chosen = set()
        for row in range(self.duplicates.rowCount()):
            line = self.duplicates.cellWidget(row, 1).currentData()
            if line is not None:
                chosen.add(line)
        return chosen

    def skip_rest(self) -> None:
        """Every area not assigned yet is left out – also those beyond the listed ones – and the table checked."""
        if self.plan is not None:
            self._skipped |= {entry.text for entry in self.plan.unmatched}
        for row in range(self.unmatched.rowCount()):
            combo = self.unmatched.cellWidget(row, 2)
            if combo.currentIndex() == 0:
                combo.setCurrentIndex(1)
        self.check()

    def _prepare_call(self, assignments: dict, keep_lines: set[int]):
        """The check as a function of plain values: the fields are read here, on the GUI thread; the task thread
        must not touch a widget."""
        path, sheet, indicator = self._path, self.sheet.currentData(), self.indicator.text() or None
        day, source = self.reference_date.value(), self.source.text() or None

        def prepare(_progress) -> IndicatorImportPlan:
            return self._importer.prepare(path, sheet, indicator, day, assignments, source, keep_lines=keep_lines)

        return prepare

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
        keep_lines = self._keep_lines()
        self.check_button.setEnabled(False)

        def done(plan: IndicatorImportPlan) -> None:
            self.check_button.setEnabled(True)
            self._show_plan(plan, assignments)

        def failed(error: BaseException) -> None:
            self.check_button.setEnabled(True)
            self._show_problem(
                str(error) if isinstance(error, DomainError) else self.tr("Die Tabelle konnte nicht gelesen werden.")
            )

        self._tasks.run(
            self, self.tr("Tabelle wird geprüft …"), self._prepare_call(assignments, keep_lines), done, failed
        )

    def _show_problem(self, text: str) -> None:
        self.plan = None
        self.summary.setPlainText(text)
        self.import_button.setEnabled(False)
        self.unmatched.hide()
        self.unmatched_label.hide()
        self.skip_rest_button.hide()
        self.duplicates.hide()
        self.duplicates_label.hide()

    def _show_plan(self, plan: IndicatorImportPlan, assignments: dict) -> None:
        self.plan = plan
        lines = [plan.describe()]
        similar = self.tr("Zeile {0}: „{1}“ als {2} gelesen (ähnlicher Name).")
        lines += [similar.format(r.line, r.area_text, r.area.label) for r in plan.fuzzy]
        lines += [self.tr("Zeile {0} ausgelassen: {1}.").format(line, reason) for line, reason in plan.ignored[:30]]
        if len(plan.ignored) > 30:
            lines.append(self.tr("… und {0} weitere Zeilen ausgelassen.").format(len(plan.ignored) - 30))
        refused = [r for r in plan.rejected if r.match != "zugeordnet" and not r.error.startswith("doppelt")]
        lines += [self.tr("Zeile {0} abgelehnt: {1}").format(r.line, r.error) for r in refused[:30]]
        if len(refused) > 30:
            lines.append(self.tr("… und {0} weitere Zeilen abgelehnt.").format(len(refused) - 30))
        if plan.earlier:
            lines.append(self.tr("Diese Datei wurde schon importiert: {0}.").format(", ".join(plan.earlier)))
        self.summary.setPlainText("\n".join(lines))
        open_rows = list(plan.unmatched)
        kept = [(text, area) for text, area in assignments.items()]
        self.unmatched.setRowCount(0)
        for text, area in kept:
            self._add_unmatched_row(text, [], [], area, assigned=True)
        for entry in open_rows[:SHOWN_UNMATCHED]:
            self._add_unmatched_row(entry.text, entry.lines, entry.suggestions, None)
        shown = bool(self.unmatched.rowCount())
        self.unmatched.setVisible(shown)
        self.unmatched_label.setVisible(shown)
        self.skip_rest_button.setVisible(bool(open_rows))
        self._show_duplicates(plan)
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
        if len(open_rows) > SHOWN_UNMATCHED:
            text += " " + self.tr(
                "Die ersten {0} stehen unten; „Alle übrigen auslassen“ lässt alle anderen aus."
            ).format(SHOWN_UNMATCHED)
        self.unmatched_label.setText(text)
        self.import_button.setEnabled(not open_rows and not plan.duplicates and bool(plan.importable))

    def _show_duplicates(self, plan: IndicatorImportPlan) -> None:
        self.duplicates.setRowCount(0)
        for duplicate in plan.duplicates:
            row = self.duplicates.rowCount()
            self.duplicates.insertRow(row)
            self.duplicates.setItem(row, 0, cell(duplicate.describe()))
            combo = QComboBox(self.duplicates, objectName=f"keepCombo{row}")
            combo.setAccessibleName(self.tr("Zeile übernehmen"))
            combo.addItem(self.tr("– bitte wählen –"), None)
            for line, value in zip(duplicate.lines, duplicate.values, strict=True):
                shown = german_number(value) if value is not None else "–"
                combo.addItem(self.tr("Zeile {0}: {1}").format(line, shown), line)
            combo.currentIndexChanged.connect(lambda _i: self.import_button.setEnabled(False))
            self.duplicates.setCellWidget(row, 1, combo)
        shown = bool(plan.duplicates)
        self.duplicates.setVisible(shown)
        self.duplicates_label.setVisible(shown)
        self.duplicates_label.setText(
            self.tr(
                "Einige Werte stehen mehrfach mit verschiedenen Zahlen in der Tabelle. Bitte wählen Sie je eine "
                "Zeile, dann „Prüfen“."
            )
        )

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

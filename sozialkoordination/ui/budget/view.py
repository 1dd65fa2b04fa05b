"""Sozialraumbudget: per Sozialraum and year the budget and its applications, with the sums that matter."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from sozialkoordination.actors.service import ActorService
from sozialkoordination.areas.service import RegionDTO
from sozialkoordination.budget.service import BudgetRow, BudgetService
from sozialkoordination.core.formatting import euro, german_date, numerus
from sozialkoordination.ui.budget.dialog import ApplicationDialog, BudgetDialog
from sozialkoordination.ui.shell import theme
from sozialkoordination.ui.shell.tasks import TaskRunner
from sozialkoordination.ui.widgets.accessibility import set_name
from sozialkoordination.ui.widgets.flow_layout import FlowLayout
from sozialkoordination.ui.widgets.load_when_shown import LoadWhenShown
from sozialkoordination.ui.widgets.page_title import page_title
from sozialkoordination.ui.widgets.region_combo import RegionCombo
from sozialkoordination.ui.widgets.save_dialog import XLSX, choose_save_path, show_failure
from sozialkoordination.ui.widgets.tables import ID_ROLE, EmptyHint, cell, make_table, select_row_with_id

RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class BudgetView(LoadWhenShown, QWidget):
    status_message = Signal(str)
    changed = Signal()

    def __init__(
        self,
        budget: BudgetService,
        actors: ActorService,
        tasks: TaskRunner,
        regions: list[RegionDTO],
        own_region_id: int | None,
        parent=None,
    ):
        super().__init__(parent)
        self.setObjectName("budgetView")
        self._budget, self._actors, self._tasks = budget, actors, tasks
        self._rows: list[BudgetRow] = []
        title = page_title(self.tr("Sozialraumbudget"), self)
        intro = QLabel(
            self.tr("Budget je Sozialraum und Jahr; Anträge werden in der Sozialraumkonferenz beraten."), self
        )
        intro.setStyleSheet(theme.muted())
        intro.setWordWrap(True)
        self.year = QSpinBox(self, objectName="yearSpin", minimum=2000, maximum=2100, value=date.today().year)
        set_name(self.year, self.tr("Jahr"))
        self.region_combo = RegionCombo(regions, own_region_id, self)
        self.export_button = QPushButton(self.tr("Exportieren …"), self, objectName="exportBudgetButton")
        self.export_button.clicked.connect(self.export)
        top = FlowLayout()
        top.addWidget(QLabel(self.tr("Jahr"), self))
        top.addWidget(self.year)
        top.addWidget(self.region_combo)
        top.addStretch(1)
        top.addWidget(self.export_button)

        self.budgets = make_table(
            self,
            [
                self.tr("Sozialraum"),
                self.tr("Budget"),
                self.tr("Übertrag"),
                self.tr("verfügbar"),
                self.tr("beantragt"),
                self.tr("befürwortet"),
                self.tr("bewilligt"),
                self.tr("verwendet"),
                self.tr("Rest"),
                self.tr("Anträge"),
            ],
            "budgetTable",
        )
        set_name(self.budgets, self.tr("Budgets der Sozialräume"))
        self.budgets.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.budgets.horizontalHeader().setStretchLastSection(False)
        self.budgets.setColumnWidth(0, 170)
        for column in range(1, 9):
            self.budgets.setColumnWidth(column, 105)
        self.budgets.itemSelectionChanged.connect(self._fill_applications)
        self.budgets.itemDoubleClicked.connect(lambda _i: self.set_budget())
        self.totals = QLabel(self, objectName="budgetTotals", wordWrap=True)
        self.set_budget_button = QPushButton(self.tr("Budget &festlegen …"), self, objectName="setBudgetButton")
        self.set_budget_button.clicked.connect(self.set_budget)
        budget_buttons = FlowLayout()
        budget_buttons.addWidget(self.set_budget_button)
        budget_buttons.addStretch(1)
        budget_buttons.addWidget(self.totals)

        self.applications_label = QLabel(self, objectName="applicationsLabel")
        self.applications_label.setStyleSheet(theme.strong())
        self.applications = make_table(
            self,
            [
                self.tr("Antragsteller"),
                self.tr("Zweck"),
                self.tr("beantragt"),
                self.tr("Empfehlung"),
                self.tr("bewilligt"),
                self.tr("entschieden"),
                self.tr("verwendet"),
                self.tr("Status"),
                self.tr("beraten in"),
            ],
            "applicationTable",
        )
        set_name(self.applications, self.tr("Anträge"))
        for column, width in enumerate((200, 240, 100, 110, 100, 95, 100, 150)):
            self.applications.setColumnWidth(column, width)
        self.applications.itemDoubleClicked.connect(lambda _i: self.edit_application())
        self.budgets_hint = EmptyHint(
            self.budgets,
            self.tr("Noch keine Sozialräume. Unter „Gebiete“ legen Sie Sozialregionen und Sozialräume an."),
            lambda: "" if self.region_combo.currentIndex() > 0 else None,
            lambda: self.region_combo.setCurrentIndex(0),
        )
        self.applications_hint = EmptyHint(self.applications, self._no_applications_text, lambda: None, lambda: None)
        app_buttons = FlowLayout()
        for text, slot, name in (
            (self.tr("Neuer Antrag …"), self.new_application, "newApplicationButton"),
            (self.tr("Bearbeiten …"), self.edit_application, "editApplicationButton"),
        ):
            button = QPushButton(text, self, objectName=name)
            button.clicked.connect(slot)
            app_buttons.addWidget(button)
        app_buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(top)
        layout.addWidget(self.budgets, 3)
        layout.addLayout(budget_buttons)
        layout.addSpacing(8)
        layout.addWidget(self.applications_label)
        layout.addWidget(self.applications, 2)
        layout.addLayout(app_buttons)

        self.year.valueChanged.connect(self.refresh)
        self.region_combo.currentIndexChanged.connect(self.refresh)

    def current_row(self) -> BudgetRow | None:
        rows = self.budgets.selectionModel().selectedRows()
        if not rows:
            return None
        raum_id = self.budgets.item(rows[0].row(), 0).data(ID_ROLE)
        return next((r for r in self._rows if r.sozialraum_id == raum_id), None)

    def select_sozialraum(self, sozialraum_id: int) -> None:
        select_row_with_id(self.budgets, sozialraum_id)

    def refresh(self) -> None:
        selected = self.current_row()
        self._rows = self._budget.overview(self.year.value(), self.region_combo.region_id())
        self.budgets.blockSignals(True)
        self.budgets.setRowCount(0)
        for row in self._rows:
            r = self.budgets.rowCount()
            self.budgets.insertRow(r)
            self.budgets.setItem(r, 0, cell(row.sozialraum, row.sozialraum_id))
            amounts = (
                row.amount,
                row.carry_over,
                row.available,
                row.requested,
                row.recommended,
                row.approved,
                row.spent,
                row.remaining,
            )
            for column, value in enumerate(amounts, start=1):
                item = cell(euro(value) if row.budget_id else "–")
                item.setTextAlignment(RIGHT)
                self.budgets.setItem(r, column, item)
            if row.budget_id and row.remaining < 0:
                self.budgets.item(r, 8).setForeground(theme.colour(theme.ERROR))
            count = cell(str(row.applications))
            count.setTextAlignment(RIGHT)
            self.budgets.setItem(r, 9, count)
        self.budgets.blockSignals(False)
        planned = [r for r in self._rows if r.budget_id]
        self.totals.setText(
            self.tr("Summe: verfügbar {0} · bewilligt {1} · verwendet {2} · Rest {3}").format(
                euro(sum((r.available for r in planned), start=0)),
                euro(sum((r.approved for r in planned), start=0)),
                euro(sum((r.spent for r in planned), start=0)),
                euro(sum((r.remaining for r in planned), start=0)),
            )
        )
        if selected is not None:
            self.select_sozialraum(selected.sozialraum_id)
        elif self._rows:
            self.budgets.selectRow(0)
        self._fill_applications()
        self.budgets_hint.update_hint()

    def _no_applications_text(self) -> str:
        row = self.current_row()
        if row is None:
            return self.tr("Wählen Sie oben einen Sozialraum, um seine Anträge zu sehen.")
        return self.tr("Noch keine Anträge {0} für {1}. „Neuer Antrag …“ unter der Liste legt einen an.").format(
            self.year.value(), row.sozialraum
        )

    def _fill_applications(self) -> None:
        row = self.current_row()
        self.applications.setRowCount(0)
        self.set_budget_button.setEnabled(row is not None)
        if row is None:
            self.applications_label.setText(self.tr("Anträge"))
            self.applications_hint.update_hint()
            return
        self.applications_label.setText(self.tr("Anträge {0} – {1}").format(self.year.value(), row.sozialraum))
        for app in self._budget.applications(row.sozialraum_id, self.year.value()):
            r = self.applications.rowCount()
            self.applications.insertRow(r)
            values = (
                app.applicant,
                app.purpose,
                euro(app.requested_amount),
                app.recommendation or "",
                euro(app.approved_amount),
                german_date(app.decided_on),
                euro(app.spent_amount),
                app.status,
                app.meeting,
            )
            for column, value in enumerate(values):
                item = cell(value, app.id if column == 0 else None)
                if column in (2, 4, 6):
                    item.setTextAlignment(RIGHT)
                self.applications.setItem(r, column, item)
        self.applications_hint.update_hint()

    # -- editing -------------------------------------------------------------------------------
    def set_budget(self) -> BudgetDialog | None:
        row = self.current_row()
        if row is None:
            return None
        dialog = BudgetDialog(self._budget, row.sozialraum_id, row.sozialraum, self.year.value(), self)
        dialog.accepted.connect(self._saved)
        dialog.open()
        return dialog

    def new_application(self) -> ApplicationDialog | None:
        row = self.current_row()
        if row is None:
            return None
        if row.budget_id is None:
            QMessageBox.information(
                self,
                self.tr("Erst das Budget"),
                self.tr("Für {0} ist für {1} noch kein Budget festgelegt. Bitte legen Sie es zuerst fest.").format(
                    row.sozialraum, self.year.value()
                ),
            )
            return None
        dialog = ApplicationDialog(self._budget, self._actors, row.sozialraum_id, self.year.value(), parent=self)
        dialog.accepted.connect(self._saved)
        dialog.open()
        return dialog

    def edit_application(self) -> ApplicationDialog | None:
        row = self.current_row()
        r = self.applications.currentRow()
        if row is None or r < 0:
            return None
        application_id = self.applications.item(r, 0).data(ID_ROLE)
        dialog = ApplicationDialog(
            self._budget, self._actors, row.sozialraum_id, self.year.value(), application_id, parent=self
        )
        dialog.accepted.connect(self._saved)
        dialog.open()
        return dialog

    def _saved(self) -> None:
        self.refresh()
        self.changed.emit()

    def export(self) -> None:
        year, region = self.year.value(), self.region_combo.region_id()
        title = self.tr("Sozialraumbudget exportieren")
        target = choose_save_path(self, title, f"Sozialraumbudget {year}.xlsx", [XLSX])
        if target is None:
            return
        failed = lambda error: show_failure(self, error, self.tr("Der Export ist fehlgeschlagen."))  # noqa: E731

        self._tasks.run(
            self,
            self.tr("Sozialraumbudget wird exportiert …"),
            lambda progress: self._budget.export(target, year, region, progress),
            lambda count: self.status_message.emit(
                self.tr("Sozialraumbudget {0} mit {1} exportiert nach {2}").format(
                    year, numerus(count, self.tr("{0} Antrag"), self.tr("{0} Anträgen")), target
                )
            ),
            failed,
        )

"""Aufbewahrung prüfen: persons without activity and without a valid consent for longer than the period; open,
keep or erase them (DSGVO: no personal data kept longer than needed)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from sozialkoordination.core.errors import DomainError
from sozialkoordination.core.formatting import german_date
from sozialkoordination.privacy.service import PrivacyService, ReviewRow
from sozialkoordination.ui.shell import theme
from sozialkoordination.ui.widgets.accessibility import set_name
from sozialkoordination.ui.widgets.tables import ID_ROLE, cell, make_table

HEADERS = ("Name", "Organisation", "Letzte Aktivität", "Grund")


class RetentionDialog(QDialog):
    changed = Signal()  # persons were kept or erased: lists elsewhere refresh

    def __init__(self, privacy: PrivacyService, open_person: Callable[[int], None] | None = None, parent=None):
        super().__init__(parent)
        self.setObjectName("retentionDialog")
        self.setWindowTitle(self.tr("Aufbewahrung prüfen"))
        self.resize(1060, 520)
        self._privacy = privacy
        self._open_person = open_person
        self._rows: list[ReviewRow] = []

        self.months = QSpinBox(self, objectName="retentionMonths")
        self.months.setRange(1, 240)
        self.months.setSuffix(self.tr(" Monate"))
        self.months.setValue(privacy.retention_months())
        self.months.setToolTip(self.tr("Die Frist wird mit den Daten gespeichert und gilt auch für die Kommandozeile."))
        period = QHBoxLayout()
        period.addWidget(QLabel(self.tr("Personen ohne Aktivität und ohne gültige Einwilligung seit mehr als"), self))
        period.addWidget(self.months)
        period.addStretch(1)
        explanation = QLabel(
            self.tr(
                "Als Aktivität zählen: vermerkte letzte Aktivität, Einladungen, Teilnahmen, Leitung oder Protokoll "
                "von Sitzungen, Aufgaben, Mitgliedschaften in Netzwerken, Ehrenamt und Vermittlungen, erteilte oder "
                "beendete Einwilligungen und Änderungen am Eintrag. Prüfen Sie jede Person: weiter aufbewahren, wenn "
                "die Daten noch gebraucht werden – sonst löschen."
            ),
            self,
            wordWrap=True,
        )
        explanation.setStyleSheet(theme.muted())
        self.table = make_table(self, [self.tr(h) for h in HEADERS], "retentionTable")
        set_name(self.table, self.tr("Zu prüfende Datensätze"))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        for column, width in enumerate((190, 250, 110)):
            self.table.setColumnWidth(column, width)
        self.table.doubleClicked.connect(lambda _index: self.open_selected())
        self.summary = QLabel(self, objectName="retentionSummary")

        self.open_button = QPushButton(self.tr("Person öffnen …"), self, objectName="openPersonButton")
        self.keep_button = QPushButton(self.tr("Weiter aufbewahren"), self, objectName="keepButton")
        self.keep_button.setToolTip(self.tr("Die Frist beginnt für die gewählten Personen heute neu."))
        self.erase_button = QPushButton(self.tr("Löschen …"), self, objectName="eraseButton")
        self.open_button.clicked.connect(self.open_selected)
        self.keep_button.clicked.connect(self.keep_selected)
        self.erase_button.clicked.connect(self.erase_selected)
        self.open_button.setVisible(open_person is not None)
        actions = QHBoxLayout()
        for button in (self.open_button, self.keep_button, self.erase_button):
            actions.addWidget(button)
        actions.addStretch(1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Schließen"))
        buttons.rejected.connect(self.reject)
        actions.addWidget(buttons)

        layout = QVBoxLayout(self)
        layout.addLayout(period)
        layout.addWidget(explanation)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addLayout(actions)
        self.table.itemSelectionChanged.connect(self._update_buttons)
        self.months.valueChanged.connect(self._period_changed)
        self.reload()

    def reload(self) -> None:
        self._rows = self._privacy.due_for_review()
        self.table.setRowCount(len(self._rows))
        for r, row in enumerate(self._rows):
            values = (row.name, row.organisation or "", german_date(row.last_activity), row.reason)
            for c, value in enumerate(values):
                self.table.setItem(r, c, cell(value, row.person_id if c == 0 else None))
        months = self.months.value()
        self.summary.setText(
            self.tr("Keine Person ist zu prüfen. Frist: {0} Monate.").format(months)
            if not self._rows
            else self.tr("{0} zu prüfen. Frist: {1} Monate.").format(self._persons(len(self._rows)), months)
        )
        self._update_buttons()

    def _persons(self, count: int) -> str:
        return self.tr("1 Person") if count == 1 else self.tr("{0} Personen").format(count)

    def _period_changed(self, months: int) -> None:
        try:
            self._privacy.set_retention_months(months)
        except DomainError as error:
            QMessageBox.warning(self, self.tr("Frist nicht gespeichert"), str(error))
            return
        self.reload()

    def selected_ids(self) -> list[int]:
        rows = sorted({index.row() for index in self.table.selectionModel().selectedRows()})
        return [self.table.item(r, 0).data(ID_ROLE) for r in rows]

    def _update_buttons(self) -> None:
        count = len(self.selected_ids())
        self.open_button.setEnabled(count == 1)
        self.keep_button.setEnabled(count > 0)
        self.erase_button.setEnabled(count > 0)

    def open_selected(self) -> None:
        ids = self.selected_ids()
        if len(ids) == 1 and self._open_person is not None:
            self._open_person(ids[0])
            self.reload()
            self.changed.emit()

    def keep_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        count = self._privacy.keep(ids)
        self.reload()
        self.changed.emit()
        self.summary.setText(
            self.tr("{0} weiter aufbewahrt; die Frist beginnt heute neu.").format(self._persons(count))
            + " "
            + self.summary.text()
        )

    def erase_selected(self) -> None:
        ids = self.selected_ids()
        if not ids:
            return
        names = [r.name for r in self._rows if r.person_id in ids]
        listed = "\n".join(f"• {n}" for n in names[:8]) + ("\n…" if len(names) > 8 else "")
        answer = QMessageBox.question(
            self,
            self.tr("Löschen bestätigen"),
            self.tr(
                "{0} vollständig löschen (DSGVO Art. 17)?\n\n{1}\n\nDie Daten werden überall entfernt, auch "
                "aus dem Änderungsprotokoll und der Suche; Teilnahmen an Sitzungen bleiben ohne Namen gezählt. Das "
                "lässt sich nicht rückgängig machen."
            ).format(self._persons(len(ids)), listed),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            count = self._privacy.erase_persons(ids)
        except DomainError as error:
            QMessageBox.warning(self, self.tr("Löschen nicht möglich"), str(error))
            self.reload()
            return
        self.reload()
        self.changed.emit()
        self.summary.setText(self.tr("{0} gelöscht.").format(self._persons(count)) + " " + self.summary.text())

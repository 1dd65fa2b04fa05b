"""The localities and postcodes of one Sozialraum: the basis of the Sozialraum suggestion for addresses."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from sozialkoordination.areas.service import AreaService
from sozialkoordination.core.errors import DomainError
from sozialkoordination.ui.shell import theme

ID_ROLE = Qt.ItemDataRole.UserRole


class OrtschaftenDialog(QDialog):
    def __init__(self, areas: AreaService, sozialraum_id: int, sozialraum_name: str, parent=None):
        super().__init__(parent)
        self.setObjectName("ortschaftenDialog")
        self.setWindowTitle(self.tr("Ortschaften in {0}").format(sozialraum_name))
        self.resize(560, 520)
        self._areas = areas
        self._raum_id = sozialraum_id

        intro = QLabel(
            self.tr(
                "Aus Postleitzahl und Ort einer Adresse schlägt das Programm den Sozialraum vor. "
                "Fehlt eine Ortschaft, tragen Sie sie hier mit ihrer Postleitzahl ein."
            ),
            self,
            wordWrap=True,
        )
        self.table = QTableWidget(0, 3, self, objectName="ortschaftenTable")
        self.table.setHorizontalHeaderLabels([self.tr("Ortschaft"), self.tr("PLZ"), self.tr("Gemeinde")])
        self.table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()

        self.name_edit = QLineEdit(self, objectName="ortschaftNameEdit", placeholderText=self.tr("Ortschaft"))
        self.postcode_edit = QLineEdit(self, objectName="ortschaftPostcodeEdit", placeholderText=self.tr("PLZ"))
        self.postcode_edit.setMaximumWidth(80)
        self.gemeinde_combo = QComboBox(self, objectName="gemeindeCombo")
        for gemeinde in (g for g in areas.gemeinden() if g.sozialraum_id == sozialraum_id):
            self.gemeinde_combo.addItem(gemeinde.name, gemeinde.id)
        self.gemeinde_combo.setVisible(self.gemeinde_combo.count() > 1)  # only Samtgemeinden have several
        self.add_button = QPushButton(self.tr("Hinzufügen"), self, objectName="addOrtschaftButton")
        self.remove_button = QPushButton(self.tr("Entfernen"), self, objectName="removeOrtschaftButton")
        self.add_button.clicked.connect(self.add)
        self.remove_button.clicked.connect(self.remove_selected)
        # Enter in the name or PLZ field adds through the dialog's default button ("Hinzufügen"). The fields' own
        # returnPressed was connected to add() as well: the place was added, then the second add() with the
        # cleared name showed "Bitte geben Sie den Namen der Ortschaft an." in red.
        self.add_button.setDefault(True)
        self.error_label = QLabel(self, objectName="errorLabel", wordWrap=True)
        self.error_label.setStyleSheet(theme.error_text())
        self.error_label.hide()

        row = QHBoxLayout()
        row.addWidget(self.name_edit, 1)
        row.addWidget(self.postcode_edit)
        row.addWidget(self.gemeinde_combo)
        row.addWidget(self.add_button)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Schließen"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.remove_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addLayout(row)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        rows = self._areas.ortschaften(self._raum_id)
        self.table.setRowCount(len(rows))
        for r, ortschaft in enumerate(rows):
            name = QTableWidgetItem(ortschaft.name)
            name.setData(ID_ROLE, ortschaft.id)
            self.table.setItem(r, 0, name)
            self.table.setItem(r, 1, QTableWidgetItem(ortschaft.postcode))
            self.table.setItem(r, 2, QTableWidgetItem(ortschaft.gemeinde_name))

    def names(self) -> list[str]:
        return [self.table.item(r, 0).text() for r in range(self.table.rowCount())]

    def add(self) -> None:
        try:
            self._areas.add_ortschaft(
                self.gemeinde_combo.currentData(), self.name_edit.text(), self.postcode_edit.text()
            )
        except DomainError as error:
            fields = getattr(error, "fields", None)
            self.error_label.setText("\n".join(fields.values()) if fields else str(error))
            self.error_label.show()
            return
        self.error_label.hide()
        self.name_edit.clear()
        self.refresh()
        self.name_edit.setFocus()

    def remove_selected(self) -> None:
        for index in self.table.selectionModel().selectedRows():
            self._areas.remove_ortschaft(self.table.item(index.row(), 0).data(ID_ROLE))
        self.refresh()

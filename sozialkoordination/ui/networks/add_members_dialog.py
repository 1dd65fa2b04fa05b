"""Add members to a network from a filtered list of organisations or persons (Sozialraum, type, theme, text)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from sozialkoordination.actors.service import COLUMNS, ORGANISATIONS, PERSONS, ActorFilter, ActorService
from sozialkoordination.areas.service import AreaService
from sozialkoordination.networks.dto import ROLES
from sozialkoordination.networks.service import NetworkService
from sozialkoordination.ui.shell import theme
from sozialkoordination.ui.widgets.accessibility import set_name
from sozialkoordination.ui.widgets.tables import ID_ROLE, cell, make_table

LIMIT = 500  # more than anyone ticks by hand; the filters narrow it down


class AddMembersDialog(QDialog):
    def __init__(
        self,
        networks: NetworkService,
        actors: ActorService,
        areas: AreaService,
        network_id: int,
        sozialregion_id: int | None,
        parent=None,
    ):
        super().__init__(parent)
        self.setObjectName("addMembersDialog")
        self.setWindowTitle(self.tr("Mitglieder hinzufügen"))
        self.resize(820, 560)
        self._networks, self._actors, self._network_id = networks, actors, network_id
        self._region_id = sozialregion_id
        self.added = 0
        self.kind = QComboBox(self, objectName="memberKindCombo")
        self.kind.addItem(self.tr("Organisationen"), ORGANISATIONS)
        self.kind.addItem(self.tr("Personen"), PERSONS)
        self.raum = QComboBox(self, objectName="memberRaumCombo")
        self.raum.addItem(self.tr("alle Sozialräume"), None)
        for raum in areas.sozialraeume(sozialregion_id):
            self.raum.addItem(raum.name, raum.id)
        self.org_type = QComboBox(self, objectName="memberTypeCombo")
        self.org_type.addItem(self.tr("alle Arten"), None)
        for org_type in actors.organisation_types():
            self.org_type.addItem(org_type, org_type)
        self.theme = QComboBox(self, objectName="memberThemeCombo")
        self.theme.addItem(self.tr("alle Themen"), None)
        for name in actors.themes():
            self.theme.addItem(name, name)
        self.text = QLineEdit(self, objectName="memberSearch", clearButtonEnabled=True)
        self.text.setPlaceholderText(self.tr("Name, Ort, E-Mail …"))
        self.role = QComboBox(self, objectName="memberRoleCombo", editable=True)
        self.role.addItems(ROLES)
        filters = QGridLayout()
        for column, (label, widget) in enumerate(
            (
                (self.tr("Akteure"), self.kind),
                (self.tr("Sozialraum"), self.raum),
                (self.tr("Art"), self.org_type),
                (self.tr("Thema"), self.theme),
                (self.tr("Suche"), self.text),
            )
        ):
            filters.addWidget(QLabel(label, self), 0, column)
            filters.addWidget(widget, 1, column)
        headers = ["", self.tr("Name"), self.tr("Art / Organisation"), self.tr("Ort"), self.tr("Sozialraum")]
        self.table: QTableWidget = make_table(self, headers, "memberCandidates")
        set_name(self.table, self.tr("Mögliche Mitglieder"))
        for column, width in enumerate((34, 250, 220, 140)):
            self.table.setColumnWidth(column, width)
        self.count = QLabel(self, objectName="memberCandidateCount")
        self.count.setStyleSheet(theme.muted())
        buttons = QDialogButtonBox(self)
        self.add_button = buttons.addButton(self.tr("Angehakte hinzufügen"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.add_button.setObjectName("addCheckedButton")
        buttons.addButton(self.tr("Abbrechen"), QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.add_checked)
        buttons.rejected.connect(self.reject)
        role_row = QGridLayout()
        role_row.addWidget(QLabel(self.tr("Rolle der neuen Mitglieder"), self), 0, 0)
        role_row.addWidget(self.role, 0, 1)
        role_row.setColumnStretch(2, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.count)
        layout.addLayout(role_row)
        layout.addWidget(buttons)

        self._timer = QTimer(self, singleShot=True, interval=200)
        self._timer.timeout.connect(self.reload)
        self.text.textEdited.connect(self._timer.start)
        for combo in (self.kind, self.raum, self.org_type, self.theme):
            combo.currentIndexChanged.connect(self.reload)
        self.reload()

    def actor_filter(self) -> ActorFilter:
        return ActorFilter(
            kind=self.kind.currentData(),
            sozialregion_id=self._region_id,
            sozialraum_id=self.raum.currentData(),
            org_type=self.org_type.currentData(),
            theme=self.theme.currentData(),
            text=self.text.text(),
        )

    def reload(self) -> None:
        flt = self.actor_filter()
        keys = [c.key for c in COLUMNS[flt.kind]]
        rows = self._actors.rows(flt, limit=LIMIT)
        self.table.setRowCount(0)
        for row in rows:
            values = dict(zip(keys, row.values, strict=True))
            r = self.table.rowCount()
            self.table.insertRow(r)
            check = QTableWidgetItem()
            check.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            check.setCheckState(Qt.CheckState.Unchecked)
            check.setData(ID_ROLE, row.id)
            self.table.setItem(r, 0, check)
            if flt.kind == ORGANISATIONS:
                name, second = values["name"], values["org_type"] or ""
            else:
                name = " ".join(p for p in (values["first_name"], values["last_name"]) if p)
                second = values["organisations"] or ""
            self.table.setItem(r, 1, cell(name))
            self.table.setItem(r, 2, cell(second))
            self.table.setItem(r, 3, cell(values.get("city") or ""))
            self.table.setItem(r, 4, cell(values.get("sozialraum") or ""))
        total = self._actors.count(flt)
        shown = (
            self.tr("{0} Treffer").format(total)
            if total <= LIMIT
            else self.tr("{0} Treffer, die ersten {1} werden gezeigt – bitte genauer filtern").format(total, LIMIT)
        )
        self.count.setText(shown)

    def check_all(self) -> None:
        for r in range(self.table.rowCount()):
            self.table.item(r, 0).setCheckState(Qt.CheckState.Checked)

    def checked_ids(self) -> list[int]:
        return [
            self.table.item(r, 0).data(ID_ROLE)
            for r in range(self.table.rowCount())
            if self.table.item(r, 0).checkState() == Qt.CheckState.Checked
        ]

    def add_checked(self) -> None:
        ids = self.checked_ids()
        if not ids:
            self.count.setText(self.tr("Bitte haken Sie an, wer Mitglied werden soll."))
            return
        organisations = ids if self.kind.currentData() == ORGANISATIONS else []
        persons = ids if self.kind.currentData() == PERSONS else []
        self.added = self._networks.add_members(
            self._network_id, organisations, persons, role=self.role.currentText().strip() or None
        )
        self.accept()

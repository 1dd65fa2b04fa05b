"""Matching: for an offer the suitable volunteers (or for a volunteer the suitable offers), ranked with the reasons
in words; ask one (a placement "angefragt") and follow the placements' status."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
)

from sozialkoordination.core.enums import PlacementStatus
from sozialkoordination.core.errors import DomainError
from sozialkoordination.core.formatting import german_date
from sozialkoordination.ui.shell import theme
from sozialkoordination.ui.widgets.tables import ID_ROLE, cell, make_table
from sozialkoordination.volunteering.service import VolunteeringService


class MatchDialog(QDialog):
    """kind "offer": volunteers for the offer `record_id`; kind "volunteer": offers for the volunteer."""

    def __init__(self, volunteering: VolunteeringService, kind: str, record_id: int, title: str, parent=None):
        super().__init__(parent)
        self.setObjectName("matchDialog")
        self.setWindowTitle(title)
        self.resize(980, 620)
        self._service, self._kind, self._id = volunteering, kind, record_id
        self.changed = False
        heading = QLabel(
            self.tr("Passende Ehrenamtliche, die besten zuerst")
            if kind == "offer"
            else self.tr("Passende offene Engagementangebote, die besten zuerst"),
            self,
        )
        heading.setStyleSheet(theme.strong())
        self.matches = make_table(
            self,
            [
                self.tr("Name") if kind == "offer" else self.tr("Angebot"),
                self.tr("Punkte"),
                self.tr("Warum es passt"),
                self.tr("Hinweis"),
            ],
            "matchTable",
        )
        for column, width in enumerate((190, 60, 460)):
            self.matches.setColumnWidth(column, width)
        self.ask_button = QPushButton(self.tr("Anfragen"), self, objectName="askButton")
        self.ask_button.clicked.connect(self.ask_selected)
        self.message = QLabel(self, objectName="matchMessage", wordWrap=True)
        self.placements = make_table(
            self,
            [
                self.tr("Ehrenamtliche*r"),
                self.tr("Angebot"),
                self.tr("Status"),
                self.tr("Grund"),
                self.tr("angefragt"),
                self.tr("seit"),
                self.tr("bis"),
            ],
            "placementTable",
        )
        for column, width in enumerate((160, 220, 90, 160, 85, 85)):
            self.placements.setColumnWidth(column, width)
        self.status = QComboBox(self, objectName="placementStatusCombo")
        self.status.addItems(list(PlacementStatus))
        change = QPushButton(self.tr("Status setzen …"), self, objectName="setStatusButton")
        change.clicked.connect(lambda: self.set_status(self.status.currentText()))
        row = QHBoxLayout()
        row.addWidget(self.ask_button)
        row.addWidget(self.message, 1)
        status_row = QHBoxLayout()
        status_row.addStretch(1)
        status_row.addWidget(QLabel(self.tr("Ausgewählte Vermittlung:"), self))
        status_row.addWidget(self.status)
        status_row.addWidget(change)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.matches, 3)
        layout.addLayout(row)
        placements = QLabel(self.tr("Vermittlungen"), self)
        placements.setStyleSheet(theme.strong())
        layout.addWidget(placements)
        layout.addWidget(self.placements, 2)
        layout.addLayout(status_row)
        layout.addWidget(buttons)
        self.reload()

    def reload(self) -> None:
        if self._kind == "offer":
            matches = self._service.matches_for_offer(self._id)
        else:
            matches = self._service.matches_for_volunteer(self._id)
        self.matches.setRowCount(0)
        for match in matches:
            r = self.matches.rowCount()
            self.matches.insertRow(r)
            values = (
                match.name,
                str(match.score),
                match.reason_text or self.tr("– keine Übereinstimmung –"),
                match.conflict or "",
            )
            for column, value in enumerate(values):
                item = cell(value, match.id if column == 0 else None)
                if match.conflict:
                    item.setForeground(theme.colour(theme.WARNING))
                self.matches.setItem(r, column, item)
        self.message.setText("" if matches else self.tr("Keine weiteren Vorschläge."))
        self.message.setStyleSheet(theme.muted())
        rows = (
            self._service.placements(offer_id=self._id)
            if self._kind == "offer"
            else self._service.placements(volunteer_id=self._id)
        )
        self.placements.setRowCount(0)
        for placement_id, volunteer, offer, status, reason, requested, started, ended in rows:
            r = self.placements.rowCount()
            self.placements.insertRow(r)
            values = (
                volunteer,
                offer,
                status,
                reason or "",
                german_date(requested),
                german_date(started),
                german_date(ended),
            )
            for column, value in enumerate(values):
                self.placements.setItem(r, column, cell(value, placement_id if column == 0 else None))

    def ask_selected(self) -> None:
        rows = self.matches.selectionModel().selectedRows()
        if not rows:
            self.message.setText(self.tr("Bitte wählen Sie zuerst eine Zeile."))
            return
        chosen = self.matches.item(rows[0].row(), 0).data(ID_ROLE)
        volunteer, offer = (chosen, self._id) if self._kind == "offer" else (self._id, chosen)
        try:
            self._service.request(volunteer, offer)
        except DomainError as error:
            self.message.setText(str(error))
            self.message.setStyleSheet(theme.error_text())
            return
        asked = self.matches.item(rows[0].row(), 0).text()
        self.changed = True
        self.reload()
        self.message.setText(self.tr("Angefragt: {0}.").format(asked))
        self.message.setStyleSheet("")

    def set_status(self, status: str, reason: str | None = None) -> None:
        rows = self.placements.selectionModel().selectedRows()
        if not rows:
            self.message.setText(self.tr("Bitte wählen Sie zuerst eine Vermittlung."))
            return
        if status in (PlacementStatus.PAUSED, PlacementStatus.ENDED) and reason is None:
            reason, ok = QInputDialog.getText(self, self.tr("Grund"), self.tr("Grund für „{0}“:").format(status))
            if not ok:
                return
        try:
            self._service.set_status(self.placements.item(rows[0].row(), 0).data(ID_ROLE), status, reason)
        except DomainError as error:
            self.message.setText(str(error))
            self.message.setStyleSheet(theme.error_text())
            return
        self.changed = True
        self.reload()

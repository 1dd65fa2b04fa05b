"""Form for one TOP: title, presenter, duration, type, standing item."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QComboBox, QFormLayout, QLineEdit, QSpinBox

from sozialkoordination.core.enums import AgendaItemKind
from sozialkoordination.meetings.dto import AgendaEntry
from sozialkoordination.meetings.service import MeetingService
from sozialkoordination.ui.widgets.record_dialog import RecordDialog


class AgendaItemDialog(RecordDialog):
    def __init__(self, meetings: MeetingService, meeting_id: int, entry: AgendaEntry | None = None, parent=None):
        self._meetings, self._meeting_id, self._entry = meetings, meeting_id, entry
        title = self.tr("Neuer Tagesordnungspunkt") if entry is None else self.tr("TOP {0}").format(entry.number)
        super().__init__(title, is_new=entry is None, parent=parent)
        self.setObjectName("agendaItemDialog")
        self.title = QLineEdit(self, objectName="itemTitleEdit")
        self.presenter = QLineEdit(self, objectName="presenterEdit")
        self.presenter.setPlaceholderText(self.tr("wer berichtet oder leitet den Punkt"))
        self.duration = QSpinBox(self, objectName="durationSpin", minimum=0, maximum=600, singleStep=5)
        self.duration.setSuffix(self.tr(" Min."))
        self.duration.setSpecialValueText(self.tr("–"))
        self.item_type = QComboBox(self, objectName="itemTypeCombo")
        self.item_type.addItems(list(AgendaItemKind))
        self.standing = QCheckBox(self.tr("Ständiger Punkt (wird in die nächste Sitzung übernommen)"), self)
        self.standing.setObjectName("standingCheck")
        form = QFormLayout()
        form.addRow(self.tr("Thema *"), self.title)
        form.addRow(self.tr("Berichtet"), self.presenter)
        form.addRow(self.tr("Dauer"), self.duration)
        form.addRow(self.tr("Art"), self.item_type)
        form.addRow("", self.standing)
        self.body.addLayout(form)
        if entry is not None:
            self.title.setText(entry.title)
            self.presenter.setText(entry.presenter or "")
            self.duration.setValue(entry.duration_minutes or 0)
            self.item_type.setCurrentText(entry.item_type)
            self.standing.setChecked(entry.is_standing)
        for name, widget in (
            ("title", self.title),
            ("presenter", self.presenter),
            ("item_type", self.item_type),
            ("duration_minutes", self.duration),
        ):
            self.register_field(name, widget)
        self.title.setFocus()

    def collect(self) -> dict:
        return {
            "title": self.title.text(),
            "presenter": self.presenter.text(),
            "duration_minutes": self.duration.value() or None,
            "item_type": self.item_type.currentText(),
            "is_standing": self.standing.isChecked(),
        }

    def store(self, data: dict) -> int:
        entry = self._entry
        return self._meetings.save_item(
            self._meeting_id,
            minutes=entry.minutes if entry else None,
            item_id=entry.id if entry else None,
            **data,
        )

    def remove(self) -> None:
        self._meetings.delete_item(self._entry.id)

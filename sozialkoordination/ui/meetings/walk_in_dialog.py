"""Someone came without invitation: pick a known person or enter a new one (saved as a contact)."""

from __future__ import annotations

from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit

from sozialkoordination.actors.service import ActorService
from sozialkoordination.core.errors import ValidationError
from sozialkoordination.meetings.service import MeetingService
from sozialkoordination.ui.widgets.record_dialog import RecordDialog
from sozialkoordination.ui.widgets.record_picker import ChosenRecord, organisation_picker, person_picker


class WalkInDialog(RecordDialog):
    def __init__(self, meetings: MeetingService, actors: ActorService, meeting_id: int, parent=None):
        self._meetings, self._meeting_id = meetings, meeting_id
        super().__init__(self.tr("Gast hinzufügen"), is_new=True, parent=parent)
        self.setObjectName("walkInDialog")
        self.known = ChosenRecord(person_picker(actors), self)
        self.known.setObjectName("knownPersonField")
        self.first_name = QLineEdit(self, objectName="firstNameEdit")
        self.last_name = QLineEdit(self, objectName="lastNameEdit")
        self.email = QLineEdit(self, objectName="emailEdit")
        self.organisation = ChosenRecord(organisation_picker(actors), self)
        self.organisation.setObjectName("organisationField")
        hint = QLabel(self.tr("Schon bekannt? Dann suchen Sie die Person. Sonst tragen Sie sie neu ein:"), self)
        hint.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Bekannte Person"), self.known)
        form.addRow(hint)
        form.addRow(self.tr("Vorname"), self.first_name)
        form.addRow(self.tr("Nachname *"), self.last_name)
        form.addRow(self.tr("Organisation"), self.organisation)
        form.addRow(self.tr("E-Mail"), self.email)
        self.body.addLayout(form)
        for name, widget in (("last_name", self.last_name), ("email", self.email)):
            self.register_field(name, widget)
        self.known.changed.connect(self._known_changed)

    def _known_changed(self) -> None:
        new = self.known.value() is None
        for widget in (self.first_name, self.last_name, self.email, self.organisation):
            widget.setEnabled(new)
        self.mark_dirty()

    def collect(self) -> dict:
        return {
            "person_id": self.known.value(),
            "last_name": self.last_name.text(),
            "first_name": self.first_name.text() or None,
            "email": self.email.text() or None,
            "organisation_id": self.organisation.value(),
        }

    def store(self, data: dict) -> int:
        if data["person_id"] is None and not data["last_name"].strip():
            raise ValidationError(
                {"last_name": "Bitte geben Sie den Nachnamen an oder wählen Sie eine bekannte Person."}
            )
        return self._meetings.add_walk_in(self._meeting_id, **data)

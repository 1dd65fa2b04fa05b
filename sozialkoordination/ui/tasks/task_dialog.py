"""Form for a task "wer – was – bis wann", assigned to a person or an organisation."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QFormLayout, QHBoxLayout, QMessageBox, QPlainTextEdit

from sozialkoordination.actors.service import ActorService
from sozialkoordination.meetings.dto import TaskData
from sozialkoordination.meetings.service import MeetingService
from sozialkoordination.ui.widgets.date_input import DateInput
from sozialkoordination.ui.widgets.record_dialog import RecordDialog
from sozialkoordination.ui.widgets.record_picker import ChosenRecord, organisation_picker, person_picker


class TaskDialog(RecordDialog):
    def __init__(
        self,
        meetings: MeetingService,
        actors: ActorService,
        task_id: int | None = None,
        defaults: TaskData | None = None,
        parent=None,
    ):
        self._meetings = meetings
        self._data = meetings.get_task(task_id) if task_id else (defaults or TaskData())
        super().__init__(self.tr("Neue Aufgabe") if task_id is None else self.tr("Aufgabe"), task_id is None, parent)
        self.setObjectName("taskDialog")
        self.description = QPlainTextEdit(self, objectName="descriptionEdit")
        self.description.setMaximumHeight(80)
        self.description.setPlaceholderText(self.tr("Was ist zu tun?"))
        self.person = ChosenRecord(person_picker(actors), self)
        self.person.setObjectName("assigneePersonField")
        self.organisation = ChosenRecord(organisation_picker(actors), self)
        self.organisation.setObjectName("assigneeOrganisationField")
        self.due = DateInput(self, objectName="dueEdit")
        self.due.setAccessibleName(self.tr("Erledigen bis"))
        self.has_due = QCheckBox(self.tr("mit Termin"), self, objectName="hasDueCheck")
        self.has_due.toggled.connect(self.due.setEnabled)
        due_row = QHBoxLayout()
        due_row.addWidget(self.has_due)
        due_row.addWidget(self.due)
        due_row.addStretch(1)
        form = QFormLayout()
        form.addRow(self.tr("Was *"), self.description)
        form.addRow(self.tr("Wer (Person)"), self.person)
        form.addRow(self.tr("Wer (Organisation)"), self.organisation)
        form.addRow(self.tr("Bis wann"), due_row)
        self.body.addLayout(form)

        d = self._data
        self.description.setPlainText(d.description)
        self.person.set_value(d.assignee_person_id, meetings.person_label(d.assignee_person_id))
        if d.assignee_organisation_id:
            self.organisation.set_value(
                d.assignee_organisation_id, actors.get_organisation(d.assignee_organisation_id).name
            )
        due = d.due_on or meetings.default_due_on(d.meeting_id)  # counted from the meeting, not from today
        self.due.setDate(due)
        self.has_due.setChecked(d.due_on is not None or task_id is None)
        self.due.setEnabled(self.has_due.isChecked())
        self.register_field("description", self.description)
        self.register_field("assignee", self.person.picker)
        self.register_field("due_on", self.due)
        for widget in (self.person, self.organisation):
            widget.changed.connect(self.mark_dirty)
        self.due.dateChanged.connect(self.mark_dirty)
        self.has_due.toggled.connect(self.mark_dirty)
        self.description.setFocus()

    def collect(self) -> TaskData:
        d = self._data
        return TaskData(
            description=self.description.toPlainText(),
            assignee_person_id=self.person.value(),
            assignee_organisation_id=self.organisation.value(),
            due_on=self.due.date() if self.has_due.isChecked() else None,
            sozialraum_id=d.sozialraum_id,
            meeting_id=d.meeting_id,
            agenda_item_id=d.agenda_item_id,
            id=d.id,
            version=d.version,
        )

    def _save(self) -> None:
        if self._without_due_date_confirmed():
            super()._save()

    def _without_due_date_confirmed(self) -> bool:
        """A task without "bis wann" is easily forgotten: ask when it is new or its date was taken away."""
        if self.has_due.isChecked() or (self._data.id is not None and self._data.due_on is None):
            return True
        answer = QMessageBox.question(
            self,
            self.tr("Ohne Frist"),
            self.tr("Ohne Frist wird die Aufgabe nie als fällig oder überfällig angezeigt. Trotzdem speichern?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            return True
        self.has_due.setFocus()
        return False

    def store(self, data: TaskData) -> int:
        return self._meetings.save_task(data)

    def remove(self) -> None:
        self._meetings.delete_task(self._data.id)

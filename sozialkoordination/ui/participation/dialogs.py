"""Forms of citizen participation: an activity, and its results (proposals, milestones, tasks)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
)

from sozialkoordination.actors.service import ActorService
from sozialkoordination.areas.service import AreaService
from sozialkoordination.core.errors import DomainError, ValidationError
from sozialkoordination.core.formatting import euro, german_date
from sozialkoordination.core.numbers import parse_amount
from sozialkoordination.meetings.service import MeetingService
from sozialkoordination.participation.dto import FORMATS, RESPONSES, STATUSES, ActivityData, ProposalData
from sozialkoordination.participation.service import ParticipationService
from sozialkoordination.ui.shell import theme
from sozialkoordination.ui.widgets.accessibility import set_name
from sozialkoordination.ui.widgets.optional_date import OptionalDate
from sozialkoordination.ui.widgets.record_dialog import RecordDialog
from sozialkoordination.ui.widgets.record_picker import ChosenRecord, organisation_picker
from sozialkoordination.ui.widgets.tables import ID_ROLE, cell, make_table, select_row_with_id


def _count(parent, name: str, value: int | None) -> QSpinBox:
    box = QSpinBox(parent, objectName=name, minimum=0, maximum=100_000)
    box.setSpecialValueText("–")
    box.setValue(value or 0)
    return box


class ActivityDialog(RecordDialog):
    def __init__(
        self,
        participation: ParticipationService,
        actors: ActorService,
        areas: AreaService,
        activity_id: int | None = None,
        parent=None,
    ):
        self._service, self._actors = participation, actors
        self._data = participation.get(activity_id) if activity_id else ActivityData()
        super().__init__(
            self.tr("Neue Beteiligung") if activity_id is None else self._data.title, activity_id is None, parent
        )
        self.setObjectName("activityDialog")
        self.setMinimumWidth(680)
        d = self._data
        self.format = QComboBox(self, objectName="formatCombo", editable=True)
        self.format.addItems(FORMATS)
        self.format.setCurrentText(d.format)
        self.title = QLineEdit(d.title, self, objectName="activityTitleEdit")
        self.topic = QLineEdit(d.topic or "", self, objectName="topicEdit")
        self.raum = QComboBox(self, objectName="activityRaumCombo")
        self.raum.addItem("–", None)
        for raum in areas.sozialraeume():
            self.raum.addItem(raum.name, raum.id)
        self.raum.setCurrentIndex(max(self.raum.findData(d.sozialraum_id), 0))
        self.ortschaft = QLineEdit(d.ortschaft or "", self, objectName="activityOrtschaftEdit")
        self.starts = OptionalDate(self, self.tr("vom"), d.starts_on, "startsOnEdit", stretch=False)
        self.ends = OptionalDate(self, self.tr("bis"), d.ends_on, "endsOnEdit")
        dates = QHBoxLayout()
        dates.addLayout(self.starts)
        dates.addLayout(self.ends)
        self.organiser = ChosenRecord(organisation_picker(actors), self)
        self.organiser.setObjectName("organiserField")
        if d.organiser_organisation_id:
            self.organiser.set_value(
                d.organiser_organisation_id, actors.get_organisation(d.organiser_organisation_id).name
            )
        self.partners = QListWidget(self, objectName="partnerList")
        self.partners.setMaximumHeight(70)
        for partner_id in d.partner_ids:  # showing the stored partners is no change of the form
            self._show_partner(partner_id, actors.get_organisation(partner_id).name)
        self.partner_picker = organisation_picker(actors, self)
        self.partner_picker.setPlaceholderText(self.tr("Partner hinzufügen …"))
        self.partner_picker.picked.connect(self._add_partner)
        remove = QPushButton(self.tr("Partner entfernen"), self, objectName="removePartnerButton")
        remove.clicked.connect(lambda: self._remove_partner())
        partner_row = QHBoxLayout()
        partner_row.addWidget(self.partner_picker, 1)
        partner_row.addWidget(remove)
        self.target_groups = QLineEdit(d.target_groups or "", self, objectName="targetGroupsEdit")
        self.on_site = _count(self, "onSiteSpin", d.participants_on_site)
        self.online = _count(self, "onlineSpin", d.participants_online)
        self.paper = _count(self, "paperSpin", d.participants_paper)
        counts = QHBoxLayout()
        for label, box in (
            (self.tr("vor Ort"), self.on_site),
            (self.tr("online"), self.online),
            (self.tr("Papier"), self.paper),
        ):
            counts.addWidget(QLabel(label, self))
            counts.addWidget(box)
        counts.addStretch(1)
        self.status = QComboBox(self, objectName="activityStatusCombo")
        self.status.addItems(STATUSES)
        self.status.setCurrentText(d.status)
        self.documents = QPlainTextEdit(d.documents or "", self, objectName="documentsEdit")
        self.documents.setPlaceholderText(self.tr("Unterlagen: Dateipfade oder Links, einer je Zeile"))
        self.documents.setMaximumHeight(55)
        self.notes = QPlainTextEdit(d.notes or "", self, objectName="activityNotes")
        self.notes.setMaximumHeight(55)
        form = QFormLayout()
        for label, widget in (
            (self.tr("Format *"), self.format),
            (self.tr("Titel *"), self.title),
            (self.tr("Thema"), self.topic),
            (self.tr("Sozialraum"), self.raum),
            (self.tr("Ortschaft"), self.ortschaft),
            (self.tr("Datum"), dates),
            (self.tr("Veranstaltet von"), self.organiser),
            (self.tr("Partner"), self.partners),
            ("", partner_row),
            (self.tr("Zielgruppen"), self.target_groups),
            (self.tr("Teilnehmende"), counts),
            (self.tr("Status"), self.status),
            (self.tr("Unterlagen"), self.documents),
            (self.tr("Notizen"), self.notes),
        ):
            form.addRow(label, widget)
        self.body.addLayout(form)
        for name, widget in (
            ("title", self.title),
            ("format", self.format),
            ("status", self.status),
            ("ends_on", self.ends.edit),
        ):
            self.register_field(name, widget)
        self.title.setFocus()

    def _add_partner(self, organisation_id: int, label: str) -> None:
        if self._show_partner(organisation_id, label):
            self.mark_dirty()

    def _show_partner(self, organisation_id: int, label: str) -> bool:
        if any(self.partners.item(r).data(ID_ROLE) == organisation_id for r in range(self.partners.count())):
            return False
        item = QListWidgetItem(label)
        item.setData(ID_ROLE, organisation_id)
        self.partners.addItem(item)
        return True

    def _remove_partner(self) -> None:
        if self.partners.takeItem(self.partners.currentRow()) is not None:
            self.mark_dirty()

    def collect(self) -> ActivityData:
        return ActivityData(
            format=self.format.currentText(),
            title=self.title.text(),
            topic=self.topic.text().strip() or None,
            sozialraum_id=self.raum.currentData(),
            ortschaft=self.ortschaft.text().strip() or None,
            starts_on=self.starts.value(),
            ends_on=self.ends.value(),
            organiser_organisation_id=self.organiser.value(),
            partner_ids=[self.partners.item(r).data(ID_ROLE) for r in range(self.partners.count())],
            target_groups=self.target_groups.text().strip() or None,
            participants_on_site=self.on_site.value() or None,
            participants_online=self.online.value() or None,
            participants_paper=self.paper.value() or None,
            status=self.status.currentText(),
            documents=self.documents.toPlainText().strip() or None,
            notes=self.notes.toPlainText().strip() or None,
            id=self._data.id,
            version=self._data.version,
        )

    def store(self, data: ActivityData) -> int:
        return self._service.save(data)

    def remove(self) -> None:
        self._service.delete(self._data.id)


class ProposalsDialog(QDialog):
    """The results of one activity: proposals with response, responsibility, cost, progress, milestones, tasks."""

    status_message = Signal(str)

    def __init__(
        self,
        participation: ParticipationService,
        actors: ActorService,
        meetings: MeetingService,
        activity_id: int,
        parent=None,
    ):
        super().__init__(parent)
        self.setObjectName("proposalsDialog")
        self._service, self._activity = participation, activity_id
        self.setWindowTitle(self.tr("Ergebnisse – {0}").format(participation.get(activity_id).title))
        self.resize(1000, 680)
        self._editing: int | None = None
        self.table = make_table(
            self,
            [
                self.tr("Vorschlag"),
                self.tr("Antwort"),
                self.tr("Zuständig"),
                self.tr("Kosten"),
                self.tr("Fortschritt"),
                self.tr("Sitzung"),
                self.tr("Meilensteine"),
                self.tr("Aufgaben"),
            ],
            "proposalTable",
        )
        set_name(self.table, self.tr("Vorschläge"))
        for column, width in enumerate((260, 90, 160, 80, 80, 150, 160)):
            self.table.setColumnWidth(column, width)
        self.table.itemSelectionChanged.connect(self._load_selected)
        self.text = QPlainTextEdit(self, objectName="proposalText")
        self.text.setMaximumHeight(60)
        self.text.setPlaceholderText(self.tr("Vorschlag oder Idee – auch von Papier abgetippt"))
        self.response = QComboBox(self, objectName="responseCombo")
        self.response.addItems(RESPONSES)
        self.responsible = ChosenRecord(organisation_picker(actors), self)
        self.responsible.setObjectName("responsibleField")
        self.cost = QLineEdit(self, objectName="costEdit", placeholderText="0,00")
        self.cost.setMaximumWidth(120)
        self.progress = QSpinBox(self, objectName="progressSpin", minimum=0, maximum=100, suffix=" %", singleStep=10)
        self.meeting = QComboBox(self, objectName="proposalMeetingCombo")
        self.meeting.addItem(self.tr("– in keiner Sitzung –"), None)
        for row in meetings.meetings():
            self.meeting.addItem(row.label, row.id)
        self.message = QLabel(self, objectName="proposalMessage", wordWrap=True)
        self.message.setStyleSheet(theme.error_text())
        form = QFormLayout()
        row = QHBoxLayout()
        for widget in (
            self.response,
            QLabel(self.tr("Kosten (€)"), self),
            self.cost,
            QLabel(self.tr("Fortschritt"), self),
            self.progress,
        ):
            row.addWidget(widget)
        row.addStretch(1)
        form.addRow(self.tr("Vorschlag *"), self.text)
        form.addRow(self.tr("Antwort"), row)
        form.addRow(self.tr("Zuständig"), self.responsible)
        form.addRow(self.tr("Beraten in"), self.meeting)
        buttons = QHBoxLayout()
        for text, slot, name in (
            (self.tr("Neuer Vorschlag"), self.new_proposal, "newProposalButton"),
            (self.tr("Vorschlag speichern"), self.save_proposal, "saveProposalButton"),
            (self.tr("Meilenstein …"), self.add_milestone, "milestoneButton"),
            (self.tr("Nächsten Meilenstein erledigt"), self.milestone_done, "milestoneDoneButton"),
            (self.tr("Aufgabe …"), self.add_task, "proposalTaskButton"),
            (self.tr("Vorschlag löschen …"), self.delete_proposal, "deleteProposalButton"),
        ):
            button = QPushButton(text, self, objectName=name)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        buttons.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        layout.addWidget(close)
        self.reload()

    def reload(self, select: int | None = None) -> None:
        self._rows = self._service.proposals(self._activity)
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for p in self._rows:
            r = self.table.rowCount()
            self.table.insertRow(r)
            open_steps = [f"{t}" + (f" ({german_date(d)})" if d else "") for _i, t, d, done in p.milestones if not done]
            values = (
                p.text,
                p.response_status,
                p.responsible,
                euro(p.estimated_cost),
                f"{p.progress_percent} %",
                p.meeting,
                "; ".join(open_steps),
                "; ".join(p.tasks),
            )
            for column, value in enumerate(values):
                self.table.setItem(r, column, cell(value, p.id if column == 0 else None))
        self.table.blockSignals(False)
        select_row_with_id(self.table, select)

    def _selected(self):
        rows = self.table.selectionModel().selectedRows()
        return self._rows[rows[0].row()] if rows else None

    def _load_selected(self) -> None:
        p = self._selected()
        if p is None:
            return
        data = self._service.get_proposal(p.id)
        self._editing = p.id
        self.text.setPlainText(data.text)
        self.response.setCurrentText(data.response_status)
        self.responsible.set_value(data.responsible_organisation_id, p.responsible)
        self.cost.setText(euro(data.estimated_cost).replace(" €", ""))
        self.progress.setValue(data.progress_percent)
        self.meeting.setCurrentIndex(max(self.meeting.findData(data.meeting_id), 0))

    def new_proposal(self) -> None:
        self._editing = None
        self.table.clearSelection()
        for widget in (self.text, self.cost):
            widget.clear()
        self.response.setCurrentIndex(0)
        self.responsible.set_value(None, "")
        self.progress.setValue(0)
        self.meeting.setCurrentIndex(0)
        self.text.setFocus()

    def save_proposal(self) -> None:
        try:
            cost = parse_amount(self.cost.text(), self.tr("Kosten"))
        except ValueError as error:
            self.message.setText(str(error))
            return
        data = ProposalData(
            text=self.text.toPlainText(),
            response_status=self.response.currentText(),
            responsible_organisation_id=self.responsible.value(),
            estimated_cost=cost,
            progress_percent=self.progress.value(),
            meeting_id=self.meeting.currentData(),
            id=self._editing,
        )
        if not self._show(lambda: self._service.save_proposal(self._activity, data)):
            return
        self.reload(select=self._saved)

    def _show(self, action) -> bool:
        try:
            self._saved = action()
        except (DomainError, ValidationError) as error:
            self.message.setText(str(error))
            return False
        self.message.clear()
        return True

    def add_milestone(self) -> None:
        p = self._selected()
        if p is None:
            self.message.setText(self.tr("Bitte wählen Sie zuerst einen Vorschlag."))
            return
        title, ok = QInputDialog.getText(self, self.tr("Meilenstein"), self.tr("Was ist der nächste Schritt?"))
        if not ok:
            return
        if self._show(lambda: self._service.add_milestone(p.id, title)):
            self.reload(select=p.id)

    def milestone_done(self) -> None:
        p = self._selected()
        steps = [m for m in (p.milestones if p else []) if not m[3]]
        if not steps:
            self.message.setText(self.tr("Kein offener Meilenstein bei diesem Vorschlag."))
            return
        if self._show(lambda: self._service.milestone_done(steps[0][0])):
            self.reload(select=p.id)

    def add_task(self) -> None:
        p = self._selected()
        if p is None:
            self.message.setText(self.tr("Bitte wählen Sie zuerst einen Vorschlag."))
            return
        data = self._service.get_proposal(p.id)
        description, ok = QInputDialog.getText(
            self, self.tr("Aufgabe"), self.tr("Was ist zu tun? (Zuständig: {0})").format(p.responsible or "–")
        )
        if not ok:
            return
        if self._show(lambda: self._service.add_task(p.id, description, data.responsible_organisation_id, None)):
            self.reload(select=p.id)

    def delete_proposal(self) -> None:
        """For a proposal typed in twice or by mistake; one that was rejected keeps its answer „abgelehnt“."""
        p = self._selected()
        if p is None:
            self.message.setText(self.tr("Bitte wählen Sie zuerst den Vorschlag, den Sie löschen möchten."))
            return
        question = self.tr("Den Vorschlag „{0}“ löschen?").format(_shortened(p.text))
        notes = self._service.proposal_deletion_notes(p.id)
        answer = QMessageBox.question(
            self,
            self.tr("Vorschlag löschen"),
            "\n".join(
                [
                    question,
                    *notes,
                    self.tr(
                        "Nur für doppelt oder irrtümlich erfasste Vorschläge: ein abgelehnter Vorschlag bleibt mit "
                        "der Antwort „abgelehnt“ stehen. Das Löschen lässt sich nicht rückgängig machen."
                    ),
                ]
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        if not self._show(lambda: self._service.delete_proposal(p.id)):
            return
        self.reload()
        self.new_proposal()
        self.status_message.emit(self.tr("Vorschlag gelöscht."))


def _shortened(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"

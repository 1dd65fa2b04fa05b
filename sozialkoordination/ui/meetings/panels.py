"""The tabs of one meeting in the meetings view: invitations, agenda, attendance, minutes."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QGuiApplication, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from sozialkoordination.actors.service import ActorService
from sozialkoordination.areas.service import AreaService
from sozialkoordination.core.enums import InvitationReply, MinutesStatus
from sozialkoordination.core.errors import DomainError
from sozialkoordination.core.formatting import german_date, numerus
from sozialkoordination.meetings.dto import (
    REPLIES,
    AgendaEntry,
    InviteeFilter,
    RemovedDecision,
    TaskData,
)
from sozialkoordination.meetings.service import MeetingService
from sozialkoordination.ui.meetings.agenda_item_dialog import AgendaItemDialog
from sozialkoordination.ui.meetings.walk_in_dialog import WalkInDialog
from sozialkoordination.ui.shell import theme
from sozialkoordination.ui.tasks.task_dialog import TaskDialog
from sozialkoordination.ui.widgets.accessibility import set_name
from sozialkoordination.ui.widgets.flow_layout import FlowLayout, labelled
from sozialkoordination.ui.widgets.record_picker import person_picker
from sozialkoordination.ui.widgets.tables import ID_ROLE, cell, make_table


def _warn(parent: QWidget, error: DomainError) -> None:
    QMessageBox.warning(parent, parent.tr("Nicht möglich"), str(error))


class MeetingPanel(QWidget):
    """Base: knows the current meeting; `changed` tells the view to refresh the list and the other tabs."""

    changed = Signal()
    export_requested = Signal(str)  # document kind for MeetingService.export

    def __init__(self, meetings: MeetingService, parent=None):
        super().__init__(parent)
        self._meetings = meetings
        self.meeting_id: int | None = None

    def show_meeting(self, meeting_id: int | None) -> None:
        self.meeting_id = meeting_id
        self.setEnabled(meeting_id is not None)
        self.reload()

    def reload(self) -> None:
        """Show the current meeting's data; each panel fills its own widgets."""

    def _button(self, text: str, slot, name: str) -> QPushButton:
        button = QPushButton(text, self, objectName=name)
        button.clicked.connect(slot)
        return button


# -- Einladung ----------------------------------------------------------------------------------------------------
class InvitationPanel(MeetingPanel):
    def __init__(self, meetings: MeetingService, actors: ActorService, areas: AreaService, parent=None):
        super().__init__(meetings, parent)
        self.setObjectName("invitationPanel")
        self._actors = actors
        self.raum_filter = QComboBox(self, objectName="raumFilter")
        self.raum_filter.addItem(self.tr("alle Sozialräume"), None)
        for raum in areas.sozialraeume():
            self.raum_filter.addItem(raum.name, raum.id)
        self.region_filter = QComboBox(self, objectName="regionFilterInvite")
        self.region_filter.addItem(self.tr("alle Sozialregionen"), None)
        for region in areas.regions():
            self.region_filter.addItem(region.name, region.id)
        self.network_filter = QComboBox(self, objectName="networkFilter")
        self.type_filter = QComboBox(self, objectName="typeFilter")
        self.theme_filter = QComboBox(self, objectName="themeFilter")
        self.suggest_button = self._button(self.tr("Vorschlagen"), self.suggest, "suggestButton")
        filters = FlowLayout(spacing=8)  # as many filters on a line as the panel's width allows
        for label, widget in (
            (self.tr("Sozialraum"), self.raum_filter),
            (self.tr("Sozialregion"), self.region_filter),
            (self.tr("Netzwerk"), self.network_filter),
            (self.tr("Art"), self.type_filter),
            (self.tr("Thema"), self.theme_filter),
        ):
            widget.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
            widget.setMinimumContentsLength(14)
            filters.addWidget(labelled(QLabel(label, self), widget))
        filters.addWidget(self.suggest_button)
        self.candidates = make_table(
            self,
            [
                self.tr("Einladen"),
                self.tr("Name"),
                self.tr("Organisation"),
                self.tr("E-Mail"),
                self.tr("Post"),
                self.tr("Einwilligung"),
            ],
            "candidateTable",
        )
        for column, width in enumerate((80, 170, 210, 190, 60)):
            self.candidates.setColumnWidth(column, width)
        self.invite_button = self._button(self.tr("Angehakte einladen"), self.invite_checked, "inviteButton")
        self.candidates.itemChanged.connect(lambda item: self._count_ticked() if item.column() == 0 else None)
        self.pick = person_picker(actors, self)
        self.pick.setPlaceholderText(self.tr("Einzelne Person suchen und einladen …"))
        self.pick.picked.connect(lambda person_id, _label: self._invite([person_id]))
        pick_row = FlowLayout()
        pick_row.addWidget(self.invite_button)
        pick_row.addSpacing(16)
        pick_row.addWidget(self.pick, 1)
        compose = QGroupBox(self.tr("Einladungsliste zusammenstellen"), self)
        box = QVBoxLayout(compose)
        box.addLayout(filters)
        box.addWidget(self.candidates, 1)
        box.addLayout(pick_row)

        self.invitees = make_table(
            self,
            [
                self.tr("Name"),
                self.tr("Organisation"),
                self.tr("E-Mail"),
                self.tr("Postanschrift"),
                self.tr("Rückmeldung"),
                self.tr("Einwilligung"),
            ],
            "inviteeTable",
        )
        self.invitees.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        for column, width in enumerate((170, 210, 190, 90, 130)):
            self.invitees.setColumnWidth(column, width)
        self.summary = QLabel(self, objectName="invitationSummary", wordWrap=True)
        self.summary.setStyleSheet(theme.muted())
        self.remove_button = self._button(self.tr("Entfernen"), self.remove_selected, "uninviteButton")
        self.letters_button = self._button(
            self.tr("Einladungsbriefe (Word) …"), lambda: self.export_requested.emit("invitations"), "lettersButton"
        )
        self.calendar_button = self._button(
            self.tr("Kalendereintrag (.ics) …"), lambda: self.export_requested.emit("calendar"), "calendarButton"
        )
        self.copy_button = self._button(self.tr("E-Mail-Adressen kopieren"), self.copy_addresses, "copyButton")
        self.mail_button = self._button(
            self.tr("E-Mail-Entwürfe …"), lambda: self.export_requested.emit("emails"), "mailButton"
        )
        self.mail_button.setToolTip(
            self.tr(
                "Eine persönliche E-Mail je eingeladener Person (.eml, Termin im Anhang) in einen Ordner: "
                "doppelklicken, in Outlook oder Thunderbird prüfen und senden."
            )
        )
        buttons = FlowLayout()
        for button in (
            self.remove_button,
            None,
            self.letters_button,
            self.calendar_button,
            self.copy_button,
            self.mail_button,
        ):
            buttons.addStretch(1) if button is None else buttons.addWidget(button)
        invited = QGroupBox(self.tr("Eingeladen"), self)
        box = QVBoxLayout(invited)
        box.addWidget(self.summary)
        box.addWidget(self.invitees, 1)
        box.addLayout(buttons)

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.addWidget(compose)
        splitter.addWidget(invited)
        splitter.setSizes([300, 400])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(splitter)
        self._fill_filters()

    def _fill_filters(self) -> None:
        for combo, empty, values in (
            (self.network_filter, self.tr("alle Netzwerke"), self._meetings.network_choices()),
            (self.type_filter, self.tr("alle Arten"), [(t, t) for t in self._actors.organisation_types()]),
            (self.theme_filter, self.tr("alle Themen"), [(t, t) for t in self._actors.themes()]),
        ):
            combo.clear()
            combo.addItem(empty, None)
            for value, label in values:
                combo.addItem(label, value)
            combo.setMinimumContentsLength(14)
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)

    def filter(self) -> InviteeFilter:
        return InviteeFilter(
            sozialraum_id=self.raum_filter.currentData(),
            sozialregion_id=self.region_filter.currentData(),
            network_id=self.network_filter.currentData(),
            org_type=self.type_filter.currentData(),
            theme=self.theme_filter.currentData(),
        )

    def suggest(self) -> None:
        flt = self.filter()
        if flt.empty:
            QMessageBox.information(
                self,
                self.tr("Filter wählen"),
                self.tr("Bitte wählen Sie mindestens einen Filter, z. B. den Sozialraum."),
            )
            return
        rows = self._meetings.candidates(self.meeting_id, flt)
        self.candidates.setRowCount(0)
        for row in rows:
            r = self.candidates.rowCount()
            self.candidates.insertRow(r)
            check = QTableWidgetItem(self.tr("eingeladen") if row.invited else "")
            check.setData(ID_ROLE, row.person_id)
            if row.invited:
                check.setFlags(Qt.ItemFlag.ItemIsEnabled)
            else:
                # Without a valid consent for invitations nobody is ticked; ticking by hand stays possible.
                check.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                check.setCheckState(Qt.CheckState.Checked if row.consent else Qt.CheckState.Unchecked)
            self.candidates.setItem(r, 0, check)
            person = row.person
            self.candidates.setItem(r, 1, cell(person.name))
            self.candidates.setItem(r, 2, cell(person.organisation or ""))
            self.candidates.setItem(r, 3, cell(person.email or self.tr("– keine –")))
            self.candidates.setItem(r, 4, cell(self.tr("ja") if person.has_postal_address else self.tr("fehlt")))
            self.candidates.setItem(r, 5, self._consent_cell(row.consent))
            if not row.consent:  # the column may lie outside the view: the name says it too
                self.candidates.item(r, 1).setForeground(theme.colour(theme.WARNING))
                self.candidates.item(r, 1).setToolTip(self.candidates.item(r, 5).toolTip())
        self._count_ticked()

    def _count_ticked(self) -> None:
        ticked = sum(
            1
            for r in range(self.candidates.rowCount())
            if (item := self.candidates.item(r, 0)) is not None
            and item.flags() & Qt.ItemFlag.ItemIsUserCheckable
            and item.checkState() == Qt.CheckState.Checked
        )
        self.invite_button.setText(self.tr("Angehakte einladen ({0})").format(ticked))

    def _consent_cell(self, consent: bool) -> QTableWidgetItem:
        item = cell(self.tr("ja") if consent else self.tr("fehlt"))
        if not consent:
            item.setForeground(theme.colour(theme.WARNING))
            item.setToolTip(
                self.tr(
                    "Keine gültige Einwilligung für Einladungen (DSGVO). Die Person wird nur eingeladen, wenn "
                    "Sie sie selbst anhaken; tragen Sie die Einwilligung im Personenformular ein."
                )
            )
        return item

    def invite_checked(self) -> None:
        ids = []
        for r in range(self.candidates.rowCount()):
            item = self.candidates.item(r, 0)
            if item.flags() & Qt.ItemFlag.ItemIsUserCheckable and item.checkState() == Qt.CheckState.Checked:
                ids.append(item.data(ID_ROLE))
        self._invite(ids)

    def _invite(self, person_ids: list[int]) -> None:
        if not person_ids:
            return
        added = self._meetings.invite(self.meeting_id, person_ids)
        without = len(self._meetings.without_invitation_consent(person_ids))
        self.reload()
        if self.candidates.rowCount():
            self.suggest()
        self.changed.emit()
        note = (
            self.tr(" {0} davon ohne gültige Einwilligung für Einladungen – in der Liste markiert.").format(without)
            if without
            else ""
        )
        invited = numerus(added, self.tr("{0} Person eingeladen."), self.tr("{0} Personen eingeladen."))
        self.window().statusBar().showMessage(invited + note, 10000)

    def reload(self) -> None:
        self.invitees.setRowCount(0)
        if self.meeting_id is None:
            self.summary.clear()
            self.candidates.setRowCount(0)
            return
        rows = self._meetings.invitees(self.meeting_id)
        for row in rows:
            r = self.invitees.rowCount()
            self.invitees.insertRow(r)
            person = row.person
            self.invitees.setItem(r, 0, cell(person.name, row.person_id))
            self.invitees.setItem(r, 1, cell(person.organisation or ""))
            self.invitees.setItem(r, 2, cell(person.email or self.tr("– keine –")))
            self.invitees.setItem(r, 3, cell(self.tr("ja") if person.has_postal_address else self.tr("fehlt")))
            for column, missing in ((2, not person.email), (3, not person.has_postal_address)):
                if missing:
                    self.invitees.item(r, column).setForeground(theme.colour(theme.WARNING))
            combo = QComboBox(self.invitees)
            for key, label in REPLIES.items():
                combo.addItem(label, key)
            combo.setCurrentIndex(combo.findData(row.status))
            if row.status == InvitationReply.REPRESENTED and row.represented_by:
                combo.setItemText(combo.currentIndex(), row.reply)
            combo.activated.connect(lambda _i, c=combo, inv=row.invitation_id: self._reply(inv, c.currentData()))
            self.invitees.setCellWidget(r, 4, combo)
            self.invitees.setItem(r, 5, self._consent_cell(row.consent))
            if not row.consent:
                self.invitees.item(r, 0).setForeground(theme.colour(theme.WARNING))
                self.invitees.item(r, 0).setToolTip(self.invitees.item(r, 5).toolTip())
        without_mail = sum(1 for r in rows if not r.person.email)
        without_post = sum(1 for r in rows if not r.person.has_postal_address)
        replies = {key: sum(1 for r in rows if r.status == key) for key in REPLIES}
        without_consent = sum(1 for r in rows if not r.consent)
        self.summary.setText(
            self.tr(
                "{0} eingeladen · {1} zugesagt · {2} abgesagt · {3} vertreten · {4} ohne E-Mail · "
                "{5} ohne Postanschrift"
            ).format(
                len(rows),
                replies[InvitationReply.ACCEPTED],
                replies[InvitationReply.DECLINED],
                replies[InvitationReply.REPRESENTED],
                without_mail,
                without_post,
            )
            + (self.tr(" · {0} ohne Einwilligung").format(without_consent) if without_consent else "")
        )
        for button in (self.letters_button, self.copy_button, self.mail_button, self.remove_button):
            button.setEnabled(bool(rows))

    def _reply(self, invitation_id: int, status: str) -> None:
        represented_by = None
        if status == InvitationReply.REPRESENTED:
            represented_by, ok = QInputDialog.getText(self, self.tr("Vertretung"), self.tr("Vertreten durch:"))
            if not ok:
                self.reload()
                return
        try:
            self._meetings.set_reply(invitation_id, status, represented_by)
        except DomainError as error:
            _warn(self, error)
        self.reload()
        self.changed.emit()

    def remove_selected(self) -> None:
        rows = {index.row() for index in self.invitees.selectionModel().selectedRows()}
        ids = [self.invitees.item(r, 0).data(ID_ROLE) for r in sorted(rows)]
        if not ids:
            return
        names = [self.invitees.item(r, 0).text() for r in sorted(rows)]
        question = (
            self.tr("Die Einladung von „{0}“ zurücknehmen?").format(names[0])
            if len(names) == 1
            else self.tr("Die Einladungen von {0} Personen zurücknehmen?").format(len(names))
        )
        answer = QMessageBox.question(
            self,
            self.tr("Einladung zurücknehmen"),
            question + self.tr("\nAntworten und Anwesenheit dieser Einladung werden mit entfernt."),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._meetings.uninvite(self.meeting_id, ids)
            self.reload()
            self.changed.emit()

    def copy_addresses(self) -> None:
        addresses, missing = self._meetings.email_recipients(self.meeting_id)
        QGuiApplication.clipboard().setText("; ".join(addresses))
        note = (
            numerus(
                len(missing),
                self.tr(" {0} Eingeladene/r hat keine E-Mail-Adresse."),
                self.tr(" {0} Eingeladene haben keine E-Mail-Adresse."),
            )
            if missing
            else ""
        )
        copied = numerus(
            len(addresses),
            self.tr("{0} E-Mail-Adresse kopiert (für das Bcc-Feld)."),
            self.tr("{0} E-Mail-Adressen kopiert (für das Bcc-Feld)."),
        )
        self.window().statusBar().showMessage(copied + note, 8000)


# -- Tagesordnung -------------------------------------------------------------------------------------------------
class AgendaList(QListWidget):
    """TOPs reordered by drag and drop or, without a mouse, with Alt+Up/Alt+Down; emits the moved item's id and its
    new 0-based place."""

    moved = Signal(int, int)

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("agendaList")
        set_name(self, self.tr("Tagesordnung"))
        self.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.setDefaultDropAction(Qt.DropAction.MoveAction)
        self.setSpacing(2)

    def dropEvent(self, event) -> None:  # noqa: N802 - Qt API
        moving = self.currentItem()
        super().dropEvent(event)
        if moving is not None:
            self.moved.emit(moving.data(ID_ROLE), self.row(moving))

    def keyPressEvent(self, event) -> None:  # noqa: N802 - Qt API
        step = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1}.get(event.key())
        row = self.currentRow()
        if step and event.modifiers() == Qt.KeyboardModifier.AltModifier and row >= 0:
            if 0 <= row + step < self.count():
                self.moved.emit(self.currentItem().data(ID_ROLE), row + step)
            event.accept()
            return
        super().keyPressEvent(event)


def agenda_text(entry: AgendaEntry) -> str:
    start = f"{entry.starts_at:%H:%M}" if entry.starts_at else "  –  "
    duration = f"{entry.duration_minutes} Min., " if entry.duration_minutes else ""
    presenter = f" – {entry.presenter}" if entry.presenter else ""
    standing = " · ständig" if entry.is_standing else ""
    return f"TOP {entry.number}   {start}   {entry.title}{presenter}   ({duration}{entry.item_type}{standing})"


class AgendaPanel(MeetingPanel):
    def __init__(self, meetings: MeetingService, parent=None):
        super().__init__(meetings, parent)
        self.setObjectName("agendaPanel")
        self.items = AgendaList(self)
        self.items.moved.connect(self._moved)
        self.items.itemDoubleClicked.connect(lambda _item: self.edit_selected())
        self.hint = QLabel(
            self.tr("Reihenfolge per Ziehen und Ablegen oder mit Alt+↑/Alt+↓ ändern; die Uhrzeiten rechnen sich mit."),
            self,
            wordWrap=True,
        )
        self.hint.setStyleSheet(theme.muted())
        buttons = FlowLayout()
        for text, slot, name in (
            (self.tr("Neuer TOP …"), self.new_item, "newItemButton"),
            (self.tr("Bearbeiten …"), self.edit_selected, "editItemButton"),
            (self.tr("Löschen"), self.delete_selected, "deleteItemButton"),
        ):
            buttons.addWidget(self._button(text, slot, name))
        buttons.addStretch(1)
        buttons.addWidget(
            self._button(self.tr("Tagesordnung (Word) …"), lambda: self.export_requested.emit("agenda"), "agendaButton")
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.hint)
        layout.addWidget(self.items, 1)
        layout.addLayout(buttons)
        self._entries: list[AgendaEntry] = []

    def reload(self) -> None:
        self.items.clear()
        self._entries = self._meetings.agenda(self.meeting_id) if self.meeting_id else []
        for entry in self._entries:
            item = QListWidgetItem(agenda_text(entry))
            item.setData(ID_ROLE, entry.id)
            if entry.follow_up:
                item.setToolTip("\n".join(f"• {t.description} – {t.assignee}" for t in entry.follow_up))
            self.items.addItem(item)

    def _selected(self) -> AgendaEntry | None:
        item = self.items.currentItem()
        if item is None:
            return None
        return next((e for e in self._entries if e.id == item.data(ID_ROLE)), None)

    def new_item(self) -> AgendaItemDialog:
        dialog = AgendaItemDialog(self._meetings, self.meeting_id, parent=self)
        dialog.accepted.connect(self._saved)
        dialog.open()
        return dialog

    def edit_selected(self) -> AgendaItemDialog | None:
        entry = self._selected()
        if entry is None:
            return None
        dialog = AgendaItemDialog(self._meetings, self.meeting_id, entry, parent=self)
        dialog.accepted.connect(self._saved)
        dialog.open()
        return dialog

    def delete_selected(self) -> None:
        entry = self._selected()
        if entry is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("TOP löschen"),
            self.tr("TOP {0} „{1}“ mit Protokoll und Beschlüssen löschen?").format(entry.number, entry.title),
        )
        if answer == QMessageBox.StandardButton.Yes:
            try:
                self._meetings.delete_item(entry.id)
            except DomainError as error:  # approved minutes
                _warn(self, error)
            self._saved()

    def _moved(self, item_id: int, index: int) -> None:
        try:
            self._meetings.move_item(item_id, index)
        except DomainError as error:
            _warn(self, error)
        self._saved()
        self.items.setCurrentRow(next((r for r, e in enumerate(self._entries) if e.id == item_id), -1))

    def _saved(self) -> None:
        self.reload()
        self.changed.emit()


# -- Anwesenheit --------------------------------------------------------------------------------------------------
class AttendancePanel(MeetingPanel):
    def __init__(self, meetings: MeetingService, actors: ActorService, parent=None):
        super().__init__(meetings, parent)
        self.setObjectName("attendancePanel")
        self._actors = actors
        self.table = make_table(
            self,
            [
                self.tr("Name"),
                self.tr("Organisation"),
                self.tr("Rückmeldung"),
                self.tr("anwesend"),
                self.tr("entschuldigt"),
                self.tr("Gast"),
            ],
            "attendanceTable",
        )
        set_name(self.table, self.tr("Anwesenheit"))
        for column, width in enumerate((200, 240, 170, 80, 90)):
            self.table.setColumnWidth(column, width)
        self.table.itemChanged.connect(self._ticked)
        self.summary = QLabel(self, objectName="attendanceSummary")
        self.summary.setStyleSheet(theme.muted())
        buttons = FlowLayout()
        buttons.addWidget(self._button(self.tr("Gast hinzufügen …"), self.add_walk_in, "walkInButton"))
        buttons.addStretch(1)
        buttons.addWidget(
            self._button(
                self.tr("Teilnahmeliste (Word) …"), lambda: self.export_requested.emit("signin"), "signinButton"
            )
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addWidget(self.summary)
        layout.addWidget(self.table, 1)
        layout.addLayout(buttons)

    def reload(self) -> None:
        # The cell the keyboard is on stays where it is: after Space in "anwesend", Down and Space tick the next one.
        row_before, column_before = self.table.currentRow(), self.table.currentColumn()
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        rows = self._meetings.attendance(self.meeting_id) if self.meeting_id else []
        for row in rows:
            r = self.table.rowCount()
            self.table.insertRow(r)
            name = row.person.name if row.person else self.tr("(gelöschte Person)")
            self.table.setItem(r, 0, cell(name, row.person_id))
            self.table.setItem(r, 1, cell(row.person.organisation or "" if row.person else ""))
            self.table.setItem(r, 2, cell(row.reply))
            for column, value in ((3, row.present), (4, row.excused)):
                box = QTableWidgetItem()
                box.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
                box.setCheckState(Qt.CheckState.Checked if value else Qt.CheckState.Unchecked)
                if row.person_id is None:
                    box.setFlags(Qt.ItemFlag.NoItemFlags)
                self.table.setItem(r, column, box)
            self.table.setItem(r, 5, cell(self.tr("Gast") if row.walk_in else ""))
        if 0 <= row_before < self.table.rowCount():
            self.table.setCurrentCell(row_before, max(column_before, 0))
        self.table.blockSignals(False)
        present = sum(1 for r in rows if r.present)
        excused = sum(1 for r in rows if r.excused)
        guests = sum(1 for r in rows if r.walk_in)
        self.summary.setText(
            self.tr("{0} anwesend · {1} entschuldigt · {2}. Haken setzen, wer gekommen ist.").format(
                present, excused, numerus(guests, self.tr("{0} Gast"), self.tr("{0} Gäste"))
            )
        )

    def _ticked(self, item: QTableWidgetItem) -> None:
        if item.column() not in (3, 4):
            return
        r = item.row()
        person_id = self.table.item(r, 0).data(ID_ROLE)
        present = self.table.item(r, 3).checkState() == Qt.CheckState.Checked
        excused = self.table.item(r, 4).checkState() == Qt.CheckState.Checked
        if item.column() == 3 and present:
            excused = False
        try:
            self._meetings.set_attendance(self.meeting_id, person_id, present, excused)
        except DomainError as error:  # approved minutes keep their attendance
            _warn(self, error)
        self.reload()
        self.changed.emit()

    def add_walk_in(self) -> WalkInDialog:
        dialog = WalkInDialog(self._meetings, self._actors, self.meeting_id, self)
        dialog.accepted.connect(lambda: (self.reload(), self.changed.emit()))
        dialog.open()
        return dialog


# -- Protokoll ----------------------------------------------------------------------------------------------------
class MinutesPanel(MeetingPanel):
    def __init__(self, meetings: MeetingService, actors: ActorService, parent=None):
        super().__init__(meetings, parent)
        self.setObjectName("minutesPanel")
        self._actors = actors
        self._entries: list[AgendaEntry] = []
        self.status = QComboBox(self, objectName="minutesStatusCombo")
        self.status.addItems(list(MinutesStatus))
        self.status.activated.connect(self._status_changed)
        self.items = QListWidget(self, objectName="minutesItems")
        set_name(self.items, self.tr("Tagesordnungspunkte"))
        self.items.setMinimumWidth(220)
        self.items.setWordWrap(True)
        self.items.setSpacing(2)
        self.items.currentRowChanged.connect(self._show_item)
        self.follow_up = QLabel(self, objectName="followUpLabel", wordWrap=True)
        self.follow_up.setStyleSheet(theme.calm_box())
        self.notes = QPlainTextEdit(self, objectName="minutesEdit")
        self.notes.setPlaceholderText(self.tr("Ergebnisse dieses TOPs – wird beim Schreiben laufend gespeichert."))
        # Minutes are typed live in the meeting: a pause of two seconds saves them, so a crash costs nothing.
        self._notes_timer = QTimer(self, singleShot=True, interval=2000)
        self._notes_timer.timeout.connect(self._autosave_notes)
        self.notes.textChanged.connect(self._notes_timer.start)
        self.notes_state = QLabel(self, objectName="notesState")
        self.notes_state.setStyleSheet(theme.muted())
        self.decisions = QListWidget(self, objectName="decisionList")
        set_name(self.decisions, self.tr("Beschlüsse"))
        self.decisions.setMaximumHeight(120)
        self.decisions.setWordWrap(True)
        self.decisions.setAlternatingRowColors(True)
        self.decisions.setSpacing(2)
        self.tasks = make_table(
            self, [self.tr("Wer"), self.tr("Was"), self.tr("Bis wann"), self.tr("Status")], "minutesTasks"
        )
        set_name(self.tasks, self.tr("Aufgaben aus der Sitzung"))
        for column, width in enumerate((200, 260, 85)):
            self.tasks.setColumnWidth(column, width)
        self.tasks.setMaximumHeight(170)
        self.tasks.itemDoubleClicked.connect(lambda _i: self.edit_task())

        decision_buttons = FlowLayout()
        decision_buttons.addWidget(QLabel(self.tr("<b>Beschlüsse</b> (Wortlaut)"), self))
        decision_buttons.addStretch(1)
        for text, slot, name in (
            (self.tr("Beschluss hinzufügen …"), self.add_decision, "addDecisionButton"),
            (self.tr("Ändern …"), self.edit_decision, "editDecisionButton"),
            (self.tr("Entfernen"), self.delete_decision, "deleteDecisionButton"),
        ):
            decision_buttons.addWidget(self._button(text, slot, name))
        self._frozen = False  # approved minutes: notes and decisions change only as a new Fassung
        self.fassung_label = QLabel(self, objectName="fassungLabel", wordWrap=True)
        self.fassung_label.setStyleSheet(theme.muted())
        self.new_fassung_button = self._button(self.tr("Neue Fassung …"), self.new_fassung, "newFassungButton")
        # A removed decision can be put back (button or Ctrl+Z while the minutes are in front).
        self._removed: list[RemovedDecision] = []
        self.undo_action = QAction(self.tr("Rückgängig"), self, objectName="undoDecisionAction")
        self.undo_action.setShortcut(QKeySequence.StandardKey.Undo)
        self.undo_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.undo_action.triggered.connect(lambda: self.undo_remove_decision())
        self.addAction(self.undo_action)
        # Shown under the decisions only while there is something to undo: the row of buttons stays short.
        self.undo_bar = QWidget(self, objectName="undoDecisionBar")
        self.undo_bar.setStyleSheet(theme.bar("undoDecisionBar"))
        self.undo_label = QLabel(self.undo_bar, objectName="undoDecisionLabel", wordWrap=True)  # never wider than tab
        self.undo_button = QToolButton(self.undo_bar, objectName="undoDecisionButton")
        self.undo_button.setDefaultAction(self.undo_action)
        undo_row = QHBoxLayout(self.undo_bar)
        undo_row.setContentsMargins(6, 2, 2, 2)
        undo_row.addWidget(self.undo_label, 1)
        undo_row.addWidget(self.undo_button)
        self._update_undo()
        task_buttons = FlowLayout()
        task_buttons.addWidget(QLabel(self.tr("<b>Aufgaben</b> (wer – was – bis wann)"), self))
        task_buttons.addStretch(1)
        for text, slot, name in (
            (self.tr("Aufgabe hinzufügen …"), self.add_task, "addTaskButton"),
            (self.tr("Bearbeiten …"), self.edit_task, "editTaskButton"),
        ):
            task_buttons.addWidget(self._button(text, slot, name))

        detail = QWidget(self)
        right = QVBoxLayout(detail)
        right.setContentsMargins(6, 0, 0, 0)
        right.addWidget(self.follow_up)
        right.addWidget(QLabel(self.tr("<b>Notizen</b>"), self))
        right.addWidget(self.notes, 1)
        right.addWidget(self.notes_state)
        right.addLayout(decision_buttons)
        right.addWidget(self.decisions)
        right.addWidget(self.undo_bar)
        right.addLayout(task_buttons)
        right.addWidget(self.tasks)
        body = QSplitter(Qt.Orientation.Horizontal, self)
        body.addWidget(self.items)
        body.addWidget(detail)
        body.setSizes([280, 640])

        top = FlowLayout()
        top.addWidget(QLabel(self.tr("Protokollstatus"), self))
        top.addWidget(self.status)
        top.addWidget(self.new_fassung_button)
        top.addWidget(self.fassung_label)
        top.addStretch(1)
        word = self._button(
            self.tr("Protokoll (Word) …"), lambda: self.export_requested.emit("minutes"), "minutesButton"
        )
        excel = self._button(
            self.tr("Protokoll (Excel) …"), lambda: self.export_requested.emit("minutes-xlsx"), "minutesXlsxButton"
        )
        top.addWidget(word)
        top.addWidget(excel)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 0, 0)
        layout.addLayout(top)
        layout.addWidget(body, 1)
        # Tab goes as the eye reads (BITV 2.4.3), not in the order the widgets were made: each list after its buttons.
        chain = [self.status, self.new_fassung_button, word, excel, self.items, self.notes]
        chain += [self.findChild(QPushButton, n) for n in ("addDecisionButton", "editDecisionButton")]
        chain += [self.findChild(QPushButton, "deleteDecisionButton"), self.decisions, self.undo_button]
        chain += [self.findChild(QPushButton, n) for n in ("addTaskButton", "editTaskButton")] + [self.tasks]
        for first, second in itertools.pairwise(chain):
            QWidget.setTabOrder(first, second)
        self._shown_item: int | None = None

    def show_meeting(self, meeting_id: int | None) -> None:
        if meeting_id != self.meeting_id:
            self._removed.clear()
        super().show_meeting(meeting_id)

    def reload(self) -> None:
        self.save_notes()
        self._update_undo()
        row = max(self.items.currentRow(), 0)
        self.items.blockSignals(True)
        self.items.clear()
        self._entries = self._meetings.agenda(self.meeting_id) if self.meeting_id else []
        for entry in self._entries:
            self.items.addItem(f"TOP {entry.number}  {entry.title}")
        self.items.blockSignals(False)
        if self.meeting_id:
            self.status.setCurrentText(self._meetings.get(self.meeting_id).minutes_status)
        self._show_fassung()
        self._shown_item = None
        if self._entries:
            self.items.setCurrentRow(min(row, len(self._entries) - 1))
            self._show_item(self.items.currentRow())
        else:
            self._show_item(-1)

    def current_entry(self) -> AgendaEntry | None:
        row = self.items.currentRow()
        return self._entries[row] if 0 <= row < len(self._entries) else None

    def _show_item(self, row: int) -> None:
        self.save_notes()
        entry = self._entries[row] if 0 <= row < len(self._entries) else None
        self._shown_item = entry.id if entry else None
        for widget in (self.notes, self.decisions, self.tasks):
            widget.setEnabled(entry is not None)
        self.notes.blockSignals(True)
        self.notes.setPlainText(entry.minutes or "" if entry else "")
        self.notes.blockSignals(False)
        self.notes.setReadOnly(self._frozen)
        self.follow_up.setVisible(bool(entry and entry.follow_up))
        if entry and entry.follow_up:
            lines = [
                f"• {t.description} – {t.assignee}" + (f", bis {german_date(t.due_on)}" if t.due_on else "")
                for t in entry.follow_up
            ]
            self.follow_up.setText(self.tr("Offen aus der letzten Sitzung:") + "\n" + "\n".join(lines))
        self.decisions.clear()
        self.tasks.setRowCount(0)
        if entry is None:
            return
        for decision in entry.decisions:
            item = QListWidgetItem(decision.text)
            item.setData(ID_ROLE, decision.id)
            self.decisions.addItem(item)
        for task in entry.tasks:
            r = self.tasks.rowCount()
            self.tasks.insertRow(r)
            self.tasks.setItem(r, 0, cell(task.assignee, task.id))
            self.tasks.setItem(r, 1, cell(task.description))
            self.tasks.setItem(r, 2, cell(german_date(task.due_on)))
            self.tasks.setItem(r, 3, cell(task.status))

    def _autosave_notes(self) -> None:
        try:
            self.save_notes()
        except DomainError as error:  # e.g. the stick is away: the text stays in the editor, next pause retries
            self.notes_state.setStyleSheet(theme.error_text())
            self.notes_state.setText(self.tr("Noch nicht gespeichert: {0}").format(error))
            return
        self.notes_state.setStyleSheet(theme.muted())
        self.notes_state.setText(self.tr("Gespeichert um {0} Uhr").format(f"{datetime.now():%H:%M}"))

    def save_notes(self) -> None:
        """The notes of the TOP shown, if they changed (called on every switch, after a pause in typing and
        before exports)."""
        self._notes_timer.stop()
        if self._shown_item is None:
            return
        entry = next((e for e in self._entries if e.id == self._shown_item), None)
        text = self.notes.toPlainText().strip() or None
        if entry is not None and text != (entry.minutes or None):
            self._meetings.save_minutes(entry.id, text)
            self._entries = [e if e.id != entry.id else _with_minutes(e, text) for e in self._entries]

    def _status_changed(self) -> None:
        self.save_notes()
        try:
            self._meetings.set_minutes_status(self.meeting_id, self.status.currentText())
        except DomainError as error:
            _warn(self, error)
        self.reload()
        self.changed.emit()

    def _show_fassung(self) -> None:
        """Approved minutes are read-only; the stored Fassungen are named beside the status."""
        fassungen = self._meetings.fassungen(self.meeting_id) if self.meeting_id else []
        self._frozen = self.status.currentText() == MinutesStatus.APPROVED and self.meeting_id is not None
        self.status.setEnabled(not self._frozen)
        self.new_fassung_button.setVisible(self._frozen)
        for name in ("addDecisionButton", "editDecisionButton", "deleteDecisionButton"):
            self.findChild(QPushButton, name).setEnabled(not self._frozen)
        self.notes.setReadOnly(self._frozen)
        if self._frozen and fassungen:
            last = fassungen[-1]
            text = self.tr("Fassung {0}, genehmigt am {1} – Änderungen nur als neue Fassung.").format(
                last.number, german_date(last.approved_at.date())
            )
        elif fassungen:
            text = self.tr("Neue Fassung in Arbeit; genehmigt ist Fassung {0}.").format(fassungen[-1].number)
        else:
            text = ""
        self.fassung_label.setText(text)
        self.fassung_label.setVisible(bool(text))

    def new_fassung(self) -> None:
        """Approved minutes are changed only as a new Fassung, with a reason the next approval stores."""
        if self.meeting_id is None:
            return
        reason, ok = QInputDialog.getText(
            self, self.tr("Neue Fassung"), self.tr("Das Protokoll ist genehmigt. Als neue Fassung ändern? Grund:")
        )
        if not ok:
            return
        try:
            self._meetings.new_fassung(self.meeting_id, reason)
        except DomainError as error:
            _warn(self, error)
            return
        self.reload()
        self.changed.emit()

    def add_decision(self) -> None:
        entry = self.current_entry()
        if entry is None:
            return
        text, ok = QInputDialog.getMultiLineText(self, self.tr("Beschluss"), self.tr("Wortlaut des Beschlusses:"))
        if not ok:
            return
        try:
            self._meetings.add_decision(entry.id, text)
        except DomainError as error:
            _warn(self, error)
            return
        self.reload()

    def edit_decision(self) -> None:
        item = self.decisions.currentItem()
        if item is None:
            return
        text, ok = QInputDialog.getMultiLineText(self, self.tr("Beschluss"), self.tr("Wortlaut:"), item.text())
        if ok:
            try:
                self._meetings.update_decision(item.data(ID_ROLE), text)
            except DomainError as error:
                _warn(self, error)
            self.reload()

    def delete_decision(self) -> None:
        item = self.decisions.currentItem()
        if item is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Beschluss entfernen"),
            self.tr("Beschluss „{0}“ entfernen?").format(_shortened(item.text())),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        removed = self._meetings.delete_decision(item.data(ID_ROLE))
        if removed is not None:
            self._removed.append(removed)
        self.reload()

    def undo_remove_decision(self) -> None:
        """Put the last removed decision back with its wording and place, and show its TOP."""
        if not self._removed:
            return
        removed = self._removed.pop()
        try:
            decision_id = self._meetings.restore_decision(removed)
        except DomainError as error:  # the TOP was deleted meanwhile
            _warn(self, error)
            self._update_undo()
            return
        row = next((i for i, e in enumerate(self._entries) if e.id == removed.agenda_item_id), None)
        if row is not None:
            self.items.setCurrentRow(row)
        self.reload()
        for r in range(self.decisions.count()):
            if self.decisions.item(r).data(ID_ROLE) == decision_id:
                self.decisions.setCurrentRow(r)

    def _update_undo(self) -> None:
        last = self._removed[-1] if self._removed else None
        self.undo_action.setEnabled(last is not None)
        self.undo_bar.setVisible(last is not None)
        if last is not None:
            self.undo_label.setText(self.tr("Beschluss „{0}“ entfernt.").format(_shortened(last.text, 60)))
            self.undo_action.setToolTip(self.tr("Den entfernten Beschluss wiederherstellen (Strg+Z)"))

    def add_task(self) -> TaskDialog | None:
        entry = self.current_entry()
        if entry is None:
            return None
        defaults = TaskData(meeting_id=self.meeting_id, agenda_item_id=entry.id)
        dialog = TaskDialog(self._meetings, self._actors, defaults=defaults, parent=self)
        dialog.accepted.connect(lambda: (self.reload(), self.changed.emit()))
        dialog.open()
        return dialog

    def edit_task(self) -> TaskDialog | None:
        row = self.tasks.currentRow()
        if row < 0:
            return None
        dialog = TaskDialog(self._meetings, self._actors, self.tasks.item(row, 0).data(ID_ROLE), parent=self)
        dialog.accepted.connect(lambda: (self.reload(), self.changed.emit()))
        dialog.open()
        return dialog


def _shortened(text: str, length: int = 80) -> str:
    line = " ".join(text.split())
    return line if len(line) <= length else line[: length - 1].rstrip() + "…"


def _with_minutes(entry: AgendaEntry, minutes: str | None) -> AgendaEntry:
    return replace(entry, minutes=minutes)

"""Meetings: the list (upcoming or all) and the selected meeting's invitation, agenda, attendance and minutes."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from html import escape
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtGui import QAction, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QFileDialog,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sozialkoordination.actors.service import ActorService
from sozialkoordination.areas.service import AreaService, RegionDTO
from sozialkoordination.core.formatting import file_safe, german_date
from sozialkoordination.core.letters import SenderProfile
from sozialkoordination.drafts.service import DraftService
from sozialkoordination.meetings.dto import MeetingRow
from sozialkoordination.meetings.service import MeetingService
from sozialkoordination.privacy.service import PrivacyService
from sozialkoordination.ui.history.dialog import AuditHistoryDialog
from sozialkoordination.ui.meetings.follow_up_dialog import FollowUpDialog
from sozialkoordination.ui.meetings.meeting_dialog import MeetingDialog
from sozialkoordination.ui.meetings.panels import AgendaPanel, AttendancePanel, InvitationPanel, MinutesPanel
from sozialkoordination.ui.shell import theme
from sozialkoordination.ui.shell.tasks import TaskRunner
from sozialkoordination.ui.widgets.accessibility import set_name
from sozialkoordination.ui.widgets.flow_layout import FlowLayout
from sozialkoordination.ui.widgets.load_when_shown import LoadWhenShown
from sozialkoordination.ui.widgets.page_title import page_title
from sozialkoordination.ui.widgets.region_combo import RegionCombo
from sozialkoordination.ui.widgets.save_dialog import DOCX, ICS, XLSX, choose_save_path, show_failure
from sozialkoordination.ui.widgets.scrolling import scrolling
from sozialkoordination.ui.widgets.tables import ID_ROLE, EmptyHint, cell, make_table, select_row_with_id

# document kind → (file name stem, format)
DOCUMENTS = {
    "invitations": ("Einladungen", DOCX),
    "calendar": ("Termin", ICS),
    "agenda": ("Tagesordnung", DOCX),
    "signin": ("Teilnahmeliste", DOCX),
    "minutes": ("Protokoll", DOCX),
    "minutes-xlsx": ("Protokoll", XLSX),
}


class MeetingsView(LoadWhenShown, QWidget):
    status_message = Signal(str)
    changed = Signal()

    def __init__(
        self,
        meetings: MeetingService,
        actors: ActorService,
        areas: AreaService,
        tasks: TaskRunner,
        regions: list[RegionDTO],
        own_region_id: int | None,
        sender: Callable[[], SenderProfile | str | None],
        parent=None,
        drafts: DraftService | None = None,
        privacy: PrivacyService | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("meetingsView")
        self._drafts = drafts
        self._privacy = privacy
        self._meetings, self._actors, self._areas, self._tasks = meetings, actors, areas, tasks
        self._sender = sender
        self._rows: list[MeetingRow] = []

        title = page_title(self.tr("Sitzungen"), self)
        self.region_combo = RegionCombo(regions, own_region_id, self)
        self.upcoming = QCheckBox(self.tr("nur kommende"), self, objectName="upcomingCheck")
        self.search_edit = QLineEdit(self, objectName="meetingSearch", clearButtonEnabled=True)
        self.search_edit.setPlaceholderText(self.tr("Titel suchen …"))
        filters = FlowLayout(spacing=8)
        filters.addWidget(self.region_combo)
        filters.addWidget(self.upcoming)
        filters.addWidget(self.search_edit, 1)

        self.table = make_table(
            self,
            [self.tr("Datum"), self.tr("Titel"), self.tr("Art"), self.tr("Gebiet"), self.tr("Protokoll")],
            "meetingTable",
        )
        for column, width in enumerate((136, 300, 150, 130)):
            self.table.setColumnWidth(column, width)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.itemSelectionChanged.connect(self._selected_changed)
        self.table.itemDoubleClicked.connect(lambda _i: self.edit_meeting())
        self._none_recorded = False  # no meeting at all, whatever the filter: the hint says how to begin
        self.list_hint = EmptyHint(  # over the list; empty_hint is the one of the detail side
            self.table,
            self.tr("Noch keine Sitzungen. Neue Sitzung (Strg+Umschalt+M) legt die erste an."),
            self._narrowing,
            self._reset_filters,
        )
        if privacy is not None:  # right click on a meeting: who changed what
            self.history_action = QAction(self.tr("Änderungsverlauf …"), self, objectName="meetingHistoryAction")
            self.history_action.triggered.connect(lambda: self.show_history())
            self.table.addAction(self.history_action)
            self.table.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        self.new_button = QPushButton(self.tr("Neue Sitzung …"), self, objectName="newMeetingButton")
        self.new_button.clicked.connect(self.new_meeting)
        self.copy_button = QPushButton(self.tr("Folgesitzung …"), self, objectName="followUpButton")
        self.copy_button.setToolTip(
            self.tr("Nächste Sitzung der Reihe: Eingeladene, ständige TOPs und offene Aufgaben")
        )
        self.copy_button.clicked.connect(lambda: self.follow_up_meeting())
        self.edit_button = QPushButton(self.tr("Planung bearbeiten …"), self, objectName="editMeetingButton")
        self.edit_button.clicked.connect(self.edit_meeting)
        buttons = FlowLayout(spacing=8)  # a narrow list: the buttons continue on a second line
        for button in (self.new_button, self.copy_button, self.edit_button):
            buttons.addWidget(button)
        left = QWidget(self)
        left_box = QVBoxLayout(left)
        left_box.setContentsMargins(0, 0, 0, 0)
        left_box.addWidget(title)
        left_box.addLayout(filters)
        left_box.addWidget(self.table, 1)
        left_box.addLayout(buttons)

        self.heading = QLabel(self, objectName="meetingHeading", wordWrap=True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.empty_hint = QLabel(self.tr("Wählen Sie links eine Sitzung oder legen Sie eine neue an."), self)
        self.empty_hint.setStyleSheet(theme.muted())
        # The tabs before their panels: Qt's Tab order is the order widgets are made in, and Tab on a chosen tab
        # must go on into its panel, not past it.
        self.tabs = QTabWidget(self, objectName="meetingTabs")
        set_name(self.tabs, self.tr("Teile der Sitzung"))
        self.invitation_panel = InvitationPanel(meetings, actors, areas, self)
        self.agenda_panel = AgendaPanel(meetings, self)
        self.attendance_panel = AttendancePanel(meetings, actors, self)
        self.minutes_panel = MinutesPanel(meetings, actors, self)
        self.panels = (self.invitation_panel, self.agenda_panel, self.attendance_panel, self.minutes_panel)
        for panel, label in zip(
            self.panels,
            (self.tr("Einladung"), self.tr("Tagesordnung"), self.tr("Anwesenheit"), self.tr("Protokoll")),
            strict=True,
        ):
            self.tabs.addTab(scrolling(panel, f"{panel.objectName()}Scroll"), label)  # large text: the panel scrolls
            panel.changed.connect(self._panel_changed)
            panel.export_requested.connect(self.export_document)
        self.tabs.currentChanged.connect(lambda _i: self.minutes_panel.save_notes())
        right = QWidget(self)
        right_box = QVBoxLayout(right)
        right_box.setContentsMargins(8, 0, 0, 0)
        right_box.addWidget(self.heading)
        right_box.addWidget(self.empty_hint)
        right_box.addWidget(self.tabs, 1)
        self.pdf_check = QCheckBox(self.tr("Word-Dokumente zusätzlich als PDF speichern"), self, objectName="pdfCheck")
        if meetings.pdf_available():
            self.pdf_check.setToolTip(self.tr("Die PDF-Datei entsteht mit LibreOffice neben dem Word-Dokument."))
        else:
            self.pdf_check.setEnabled(False)
            self.pdf_check.setText(self.tr("Als PDF speichern: LibreOffice nicht gefunden"))
            self.pdf_check.setToolTip(
                self.tr(
                    "Für PDF-Dateien wird LibreOffice benötigt (kostenlos, libreoffice.org). Bis dahin: das "
                    "Word-Dokument in Word öffnen und „Speichern unter → PDF“ wählen."
                )
            )
        right_box.addWidget(self.pdf_check)

        splitter = QSplitter(Qt.Orientation.Horizontal, self, objectName="meetingSplitter")
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([620, 880])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self.region_combo.currentIndexChanged.connect(self.refresh)
        self.upcoming.toggled.connect(self.refresh)
        self.search_edit.textChanged.connect(self._fill_table)

    # -- list ----------------------------------------------------------------------------------
    def refresh(self) -> None:
        selected = self.current_id()
        self._rows = self._meetings.meetings(self.region_combo.region_id(), upcoming=self.upcoming.isChecked())
        self._none_recorded = not self._rows and not self._meetings.meetings(None)
        self._fill_table(select=selected)

    def _fill_table(self, *_args, select: int | None = None) -> None:
        selected = select if select is not None else self.current_id()
        words = self.search_edit.text().lower().split()
        shown = [
            row
            for row in self._rows
            if not words or all(w in f"{row.title} {row.meeting_type} {row.area}".lower() for w in words)
        ]
        self.table.blockSignals(True)
        self.table.setUpdatesEnabled(False)  # 5,000 meetings of the district: one layout, not one per row
        self.table.setRowCount(0)
        self.table.setRowCount(len(shown))
        today = date.today()
        for r, row in enumerate(shown):
            when = german_date(row.meeting_date) + (f" {row.start_time:%H:%M}" if row.start_time else "")
            cells = (
                cell(when, row.id),
                cell(row.title),
                cell(row.meeting_type),
                cell(row.area),
                cell(row.minutes_status),
            )
            for column, item in enumerate(cells):
                if row.meeting_date >= today:
                    item.setFont(_bold(item.font()))
                self.table.setItem(r, column, item)
        self.table.setUpdatesEnabled(True)
        self.table.blockSignals(False)
        self.list_hint.update_hint()
        if not select_row_with_id(self.table, selected):
            self._selected_changed()

    def _narrowing(self) -> str | None:
        if self._none_recorded:
            return None
        return self.search_edit.text() if self.search_edit.text().strip() else ""

    def _reset_filters(self) -> None:
        """Every meeting of the district, past ones too, without search text."""
        self._lift_filters()
        self.refresh()

    def _lift_filters(self) -> None:
        """Whole district, past meetings too, no search text – without reading the list once per widget."""
        for widget in (self.region_combo, self.upcoming, self.search_edit):
            widget.blockSignals(True)
        self.region_combo.setCurrentIndex(0)
        self.upcoming.setChecked(False)
        self.search_edit.clear()
        for widget in (self.region_combo, self.upcoming, self.search_edit):
            widget.blockSignals(False)

    def show_history(self) -> AuditHistoryDialog | None:
        meeting_id = self.current_id()
        if meeting_id is None or self._privacy is None:
            return None
        label = self._privacy.record_name("meeting", meeting_id)
        dialog = AuditHistoryDialog(self._privacy, "meeting", meeting_id, label, self)
        dialog.open()
        return dialog

    def current_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.table.item(rows[0].row(), 0).data(ID_ROLE) if rows else None

    def select_meeting(self, meeting_id: int) -> None:
        """Show this meeting; filters that hide it (region, upcoming, search) are lifted."""
        if select_row_with_id(self.table, meeting_id):  # listed already: only the selection changes
            return
        if all(r.id != meeting_id for r in self._rows):
            self._rows = self._meetings.meetings(self.region_combo.region_id(), upcoming=self.upcoming.isChecked())
        if all(r.id != meeting_id for r in self._rows):
            self._lift_filters()
            self._rows = self._meetings.meetings(None)
        self.search_edit.clear()
        self._fill_table(select=meeting_id)

    def _selected_changed(self) -> None:
        self.minutes_panel.save_notes()
        meeting_id = self.current_id()
        self.tabs.setVisible(meeting_id is not None)
        self.empty_hint.setVisible(meeting_id is None)
        self.copy_button.setEnabled(meeting_id is not None)
        self.edit_button.setEnabled(meeting_id is not None)
        self._show_heading(meeting_id)
        for panel in self.panels:
            panel.show_meeting(meeting_id)

    def _show_heading(self, meeting_id: int | None) -> None:
        if meeting_id is None:
            self.heading.clear()
            return
        sheet = self._meetings.sheet(meeting_id, lists=False)
        place = ", ".join(p for p in (sheet.venue, sheet.venue_address) if p)
        facts = " · ".join(p for p in (german_date(sheet.meeting_date), sheet.time_text, place, sheet.area) if p)
        chair = self.tr("Leitung: {0}").format(sheet.chair) if sheet.chair else ""
        self.heading.setText(
            f"{theme.html_heading(escape(sheet.title))}<br>"
            f"<span>{escape(sheet.meeting_type)} · {escape(facts)}</span><br>"
            f"{theme.html_muted(escape(chair))}"
        )

    def _panel_changed(self) -> None:
        meeting_id = self.current_id()
        self._rows = self._meetings.meetings(self.region_combo.region_id(), upcoming=self.upcoming.isChecked())
        self._fill_table(select=meeting_id)
        self.changed.emit()

    # -- planning ------------------------------------------------------------------------------
    def new_meeting(self) -> MeetingDialog:
        dialog = MeetingDialog(self._meetings, self._actors, self._areas, parent=self)
        if self._drafts is not None:
            dialog.use_drafts(self._drafts, None)
        dialog.accepted.connect(lambda: self._saved(dialog))
        dialog.open()
        return dialog

    def edit_meeting(self) -> MeetingDialog | None:
        meeting_id = self.current_id()
        if meeting_id is None:
            return None
        dialog = MeetingDialog(self._meetings, self._actors, self._areas, meeting_id, parent=self)
        if self._drafts is not None:
            dialog.use_drafts(self._drafts, meeting_id)
        dialog.accepted.connect(lambda: self._saved(dialog))
        dialog.open()
        return dialog

    def _saved(self, dialog: MeetingDialog) -> None:
        self.refresh()
        if dialog.saved_id and not dialog.deleted:
            self.select_meeting(dialog.saved_id)
        self.changed.emit()

    def follow_up_meeting(self) -> int | None:
        """Ask for the date and title of the next meeting of the series, then create it."""
        meeting_id = self.current_id()
        if meeting_id is None:
            return None
        meeting = self._meetings.get(meeting_id)
        dialog = FollowUpDialog(meeting.title, meeting.meeting_date + timedelta(weeks=12), self)
        if not dialog.exec():
            return None
        meeting_date = dialog.chosen_date()
        new_id = self._meetings.copy_from(meeting_id, meeting_date, dialog.chosen_title())
        self.refresh()
        self.select_meeting(new_id)
        self.status_message.emit(self.tr("Folgesitzung am {0} angelegt.").format(german_date(meeting_date)))
        self.changed.emit()
        return new_id

    # -- documents -----------------------------------------------------------------------------
    def export_document(self, kind: str) -> None:
        meeting_id = self.current_id()
        if meeting_id is None:
            return
        self.minutes_panel.save_notes()
        if kind == "emails":
            target = self._choose_folder()
        else:
            stem, file_format = DOCUMENTS[kind]
            row = next(r for r in self._rows if r.id == meeting_id)
            name = f"{stem} {row.meeting_date:%Y-%m-%d} {file_safe(row.title)}{file_format[1]}"
            target = choose_save_path(self, self.tr("Speichern unter"), name, [file_format], "folders/documents")
        if target is None:
            return
        service_kind = "minutes" if kind == "minutes-xlsx" else kind
        sender = self._sender()
        as_pdf = self.pdf_check.isEnabled() and self.pdf_check.isChecked()

        def work(_progress):
            return self._meetings.export(service_kind, meeting_id, target, sender, pdf=as_pdf)

        def done(message: str) -> None:
            self.status_message.emit(message)
            if kind in ("invitations", "emails"):
                self.invitation_panel.reload()

        def failed(error: BaseException) -> None:
            show_failure(self, error, self.tr("Das Dokument konnte nicht erstellt werden."))

        self._tasks.run(self, self.tr("Dokument wird erstellt …"), work, done, failed)

    def _choose_folder(self) -> Path | None:
        """The folder for the e-mail drafts (remembered like the documents' folder)."""
        settings = QSettings()
        folder = settings.value("folders/documents", str(Path.home()))
        chosen = QFileDialog.getExistingDirectory(self, self.tr("Ordner für die E-Mail-Entwürfe"), str(folder))
        if not chosen:
            return None
        settings.setValue("folders/documents", chosen)
        return Path(chosen)


def _bold(font: QFont) -> QFont:
    font.setBold(True)
    return font

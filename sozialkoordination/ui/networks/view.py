"""Networks: the list beside the selected network's members (with former ones), and the gap tables."""

from __future__ import annotations

from datetime import date
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sozialkoordination.actors.connections import ConnectionService
from sozialkoordination.actors.service import ActorService
from sozialkoordination.areas.service import AreaService, RegionDTO
from sozialkoordination.core.errors import DomainError
from sozialkoordination.core.formatting import file_safe, german_date
from sozialkoordination.meetings.service import MeetingService
from sozialkoordination.networks.dto import ROLES, MemberRow, NetworkListRow
from sozialkoordination.networks.service import NetworkService
from sozialkoordination.offers.service import AngebotService
from sozialkoordination.ui.networks.add_members_dialog import AddMembersDialog
from sozialkoordination.ui.networks.gaps_panel import GapsPanel
from sozialkoordination.ui.networks.map_view import NetworkMapPanel
from sozialkoordination.ui.networks.network_dialog import NetworkDialog
from sozialkoordination.ui.privacy.consent_question import leave_out_without_consent
from sozialkoordination.ui.shell import theme
from sozialkoordination.ui.shell.tasks import TaskRunner
from sozialkoordination.ui.widgets.accessibility import set_name
from sozialkoordination.ui.widgets.date_dialog import ask_date
from sozialkoordination.ui.widgets.date_input import dates_ready
from sozialkoordination.ui.widgets.flow_layout import FlowLayout
from sozialkoordination.ui.widgets.load_when_shown import LoadWhenShown
from sozialkoordination.ui.widgets.optional_date import OptionalDate
from sozialkoordination.ui.widgets.page_title import page_title
from sozialkoordination.ui.widgets.region_combo import RegionCombo
from sozialkoordination.ui.widgets.save_dialog import CSV, DOCX, XLSX, choose_save_path, show_failure
from sozialkoordination.ui.widgets.scrolling import scrolling
from sozialkoordination.ui.widgets.tables import ID_ROLE, EmptyHint, cell, make_table, select_row_with_id


class NetworksView(LoadWhenShown, QWidget):
    status_message = Signal(str)
    actor_opened = Signal(str, int)  # from the map: open this organisation or person

    def __init__(
        self,
        networks: NetworkService,
        connections: ConnectionService,
        meetings: MeetingService,
        actors: ActorService,
        areas: AreaService,
        tasks: TaskRunner,
        regions: list[RegionDTO],
        own_region_id: int | None,
        parent=None,
        offers: AngebotService | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("networksView")
        self._networks, self._meetings = networks, meetings
        self._actors, self._areas, self._tasks = actors, areas, tasks
        self._rows: list[NetworkListRow] = []
        # The tabs before their pages: Qt's Tab order is the order widgets are made in, and Tab on a chosen tab
        # must go on into its page, not past it.
        self.tabs = QTabWidget(self, objectName="networkTabs")
        set_name(self.tabs, self.tr("Ansichten des Netzwerks"))

        self.region_combo = RegionCombo(regions, own_region_id, self)
        self.search_edit = QLineEdit(self, objectName="networkSearch", clearButtonEnabled=True)
        self.search_edit.setPlaceholderText(self.tr("Netzwerk suchen …"))
        filters = QHBoxLayout()
        filters.addWidget(self.region_combo)
        filters.addWidget(self.search_edit, 1)
        self.table = make_table(
            self, [self.tr("Name"), self.tr("Art"), self.tr("Gebiet"), self.tr("aktiv")], "networkTable"
        )
        set_name(self.table, self.tr("Netzwerke"))
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        for column, width in enumerate((250, 120, 130)):
            self.table.setColumnWidth(column, width)
        self.table.itemSelectionChanged.connect(self._selected_changed)
        self.table.itemDoubleClicked.connect(lambda _i: self.edit_network())
        self._none_recorded = False  # no network at all, whatever the filter: the hint says how to begin
        self.empty_hint = EmptyHint(
            self.table,
            self.tr("Noch keine Netzwerke. „Neues Netzwerk …“ unter der Liste legt das erste an."),
            self._narrowing,
            self._reset_filters,
        )
        buttons = FlowLayout()
        for text, slot, name in (
            (self.tr("&Neues Netzwerk …"), self.new_network, "newNetworkButton"),
            (self.tr("Bearb&eiten …"), self.edit_network, "editNetworkButton"),
        ):
            button = QPushButton(text, self, objectName=name)
            button.clicked.connect(slot)
            buttons.addWidget(button)
        set_name(self.findChild(QPushButton, "editNetworkButton"), self.tr("Netzwerk bearbeiten"))
        buttons.addStretch(1)
        left = QWidget(self)
        box = QVBoxLayout(left)
        box.setContentsMargins(0, 0, 0, 0)
        box.addLayout(filters)
        box.addWidget(self.table, 1)
        box.addLayout(buttons)

        self.heading = QLabel(self, objectName="networkHeading", wordWrap=True)
        self.show_former = QCheckBox(self.tr("ehemalige &Mitglieder zeigen"), self, objectName="showFormerCheck")
        self.show_former.setChecked(True)
        self.show_former.toggled.connect(self._fill_members)
        self.members = make_table(
            self,
            [
                self.tr("Name"),
                self.tr("Organisation / Art"),
                self.tr("Rolle"),
                self.tr("seit"),
                self.tr("bis"),
                self.tr("Sozialraum"),
            ],
            "memberTable",
        )
        set_name(self.members, self.tr("Mitglieder des Netzwerks"))
        self.members.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        for column, width in enumerate((220, 220, 110, 90, 90)):
            self.members.setColumnWidth(column, width)
        self.members.itemDoubleClicked.connect(lambda _i: self.edit_membership())
        self.member_count = QLabel(self, objectName="memberCount")
        self.member_count.setStyleSheet(theme.muted())
        member_buttons = FlowLayout(spacing=8)  # narrow windows: the buttons continue on a second line
        for text, slot, name in (
            (self.tr("Mitglieder hinzufügen …"), self.add_members, "addMembersButton"),
            (self.tr("Rolle und Zeitraum …"), self.edit_membership, "editMembershipButton"),
            (self.tr("Austritt …"), self.end_membership, "endMembershipButton"),
            (self.tr("Falsch eingetragen – entfernen …"), self.remove_membership, "removeMembershipButton"),
        ):
            button = QPushButton(text, self, objectName=name)
            button.clicked.connect(slot)
            member_buttons.addWidget(button)
        for text, suffix, name in (
            (self.tr("Mitgliederliste (Excel) …"), ".xlsx", "membersXlsxButton"),
            (self.tr("(Word) …"), ".docx", "membersDocxButton"),
        ):
            button = QPushButton(text, self, objectName=name)
            button.clicked.connect(lambda _=False, s=suffix: self.export_members(s))
            member_buttons.addWidget(button)
        set_name(self.findChild(QPushButton, "membersDocxButton"), self.tr("Mitgliederliste (Word) …"))
        members_page = QWidget(self)
        box = QVBoxLayout(members_page)
        top = FlowLayout()
        top.addWidget(self.member_count)
        top.addStretch(1)
        top.addWidget(self.show_former)
        box.addLayout(top)
        box.addWidget(self.members, 1)
        box.addLayout(member_buttons)
        right = QWidget(self)
        box = QVBoxLayout(right)
        box.setContentsMargins(8, 0, 0, 0)
        box.addWidget(self.heading)
        box.addWidget(members_page, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self, objectName="networkSplitter")
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([520, 900])

        self.gaps = GapsPanel(networks, actors, tasks, self, offers)
        self.gaps.status_message.connect(self.status_message)
        self.tabs.addTab(splitter, self.tr("Netzwerke und Mitglieder"))
        self.tabs.addTab(scrolling(self.gaps, "gapsScroll"), self.tr("Weiße Flecken"))  # three tables: may scroll
        self.map = NetworkMapPanel(connections, networks, actors, areas, self)
        self.map.status_message.connect(self.status_message)
        self.map.actor_opened.connect(self.actor_opened)
        self.tabs.addTab(self.map, self.tr("Netzwerkkarte"))
        layout = QVBoxLayout(self)
        layout.addWidget(page_title(self.tr("Netzwerke"), self))
        intro = QLabel(self.tr("Wer gehört wo dazu – und welchen Sozialräumen fehlt wer?"), self)
        intro.setStyleSheet(theme.muted())
        intro.setWordWrap(True)
        layout.addWidget(intro)
        layout.addWidget(self.tabs, 1)

        self.region_combo.currentIndexChanged.connect(self.refresh)
        self.search_edit.textChanged.connect(self._fill_table)

    # -- list ----------------------------------------------------------------------------------
    def refresh(self) -> None:
        self._rows = self._networks.network_list(self.region_combo.region_id())
        self._none_recorded = not self._rows and not self._networks.network_list(None)
        self._fill_table()
        self.gaps.set_region(self.region_combo.region_id(), [(r.id, r.name) for r in self._rows])
        self.map.set_region(self.region_combo.region_id())

    def _fill_table(self, *_args, select: int | None = None) -> None:
        selected = select if select is not None else self.current_id()
        words = self.search_edit.text().lower().split()
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for n in self._rows:
            if words and not all(w in f"{n.name} {n.network_type} {n.area} {n.description}".lower() for w in words):
                continue
            r = self.table.rowCount()
            self.table.insertRow(r)
            for column, value in enumerate((n.name, n.network_type or "", n.area or "", str(n.active_members))):
                self.table.setItem(r, column, cell(value, n.id if column == 0 else None))
        self.table.blockSignals(False)
        self.empty_hint.update_hint()
        if select_row_with_id(self.table, selected):
            return
        if self.table.rowCount():
            self.table.selectRow(0)
        else:
            self._selected_changed()

    def current_id(self) -> int | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        return self.table.item(rows[0].row(), 0).data(ID_ROLE) if rows else None

    def select_network(self, network_id: int) -> None:
        self._fill_table(select=network_id)

    def _narrowing(self) -> str | None:
        if self._none_recorded:
            return None
        return self.search_edit.text() if self.search_edit.text().strip() else ""

    def _reset_filters(self) -> None:
        """Every network of the district, without search text."""
        for widget in (self.region_combo, self.search_edit):
            widget.blockSignals(True)
        self.region_combo.setCurrentIndex(0)
        self.search_edit.clear()
        for widget in (self.region_combo, self.search_edit):
            widget.blockSignals(False)
        self.refresh()

    def _selected_changed(self) -> None:
        network_id = self.current_id()
        if network_id is None:
            self.heading.setText(self.tr("Kein Netzwerk ausgewählt."))
        else:
            data = self._networks.get(network_id)
            organiser = self._meetings.person_label(data.organiser_person_id)
            lines = [theme.html_heading(escape(data.name))]
            facts = " · ".join(p for p in (data.network_type, organiser and f"organisiert von {organiser}") if p)
            if facts:
                lines.append(escape(facts))
            if data.description:
                lines.append(theme.html_muted(escape(data.description)))
            self.heading.setText("<br>".join(lines))
        self._fill_members()

    def _fill_members(self) -> None:
        network_id = self.current_id()
        self.members.setRowCount(0)
        if network_id is None:
            self.member_count.clear()
            return
        rows = self._networks.members(network_id, include_former=self.show_former.isChecked())
        for member in rows:
            r = self.members.rowCount()
            self.members.insertRow(r)
            values = (
                member.name,
                member.organisation or "",
                member.role or "",
                german_date(member.valid_from),
                german_date(member.valid_until),
                member.sozialraum or "",
            )
            for column, value in enumerate(values):
                item = cell(value, member.membership_id if column == 0 else None)
                if not member.active:
                    item.setForeground(theme.colour(theme.MUTED))
                    if column == 0:
                        item.setToolTip(self.tr("ehemaliges Mitglied"))
                self.members.setItem(r, column, item)
        active = sum(1 for m in rows if m.active)
        former = len(rows) - active
        text = self.tr("1 aktives Mitglied") if active == 1 else self.tr("{0} aktive Mitglieder").format(active)
        if self.show_former.isChecked() and former:
            text += (
                self.tr(", 1 ehemaliges (grau)") if former == 1 else self.tr(", {0} ehemalige (grau)").format(former)
            )
        self.member_count.setText(text)

    def selected_memberships(self) -> list[int]:
        rows = sorted({index.row() for index in self.members.selectionModel().selectedRows()})
        return [self.members.item(r, 0).data(ID_ROLE) for r in rows]

    def _member(self, membership_id: int) -> MemberRow | None:
        network_id = self.current_id()
        return next((m for m in self._networks.members(network_id) if m.membership_id == membership_id), None)

    # -- editing -------------------------------------------------------------------------------
    def new_network(self) -> NetworkDialog:
        dialog = NetworkDialog(self._networks, self._meetings, self._actors, self._areas, parent=self)
        dialog.accepted.connect(lambda: self._saved(dialog))
        dialog.open()
        return dialog

    def edit_network(self) -> NetworkDialog | None:
        network_id = self.current_id()
        if network_id is None:
            return None
        dialog = NetworkDialog(self._networks, self._meetings, self._actors, self._areas, network_id, parent=self)
        dialog.accepted.connect(lambda: self._saved(dialog))
        dialog.open()
        return dialog

    def _saved(self, dialog: NetworkDialog) -> None:
        self._rows = self._networks.network_list(self.region_combo.region_id())
        if dialog.saved_id and not dialog.deleted and all(r.id != dialog.saved_id for r in self._rows):
            self.region_combo.setCurrentIndex(0)  # saved outside the region shown: show the whole district
            self._rows = self._networks.network_list(None)
        self._fill_table(select=dialog.saved_id if not dialog.deleted else None)
        self.gaps.set_region(self.region_combo.region_id(), [(r.id, r.name) for r in self._rows])

    def add_members(self) -> AddMembersDialog | None:
        network_id = self.current_id()
        if network_id is None:
            return None
        dialog = AddMembersDialog(
            self._networks, self._actors, self._areas, network_id, self.region_combo.region_id(), self
        )
        dialog.accepted.connect(lambda: self._members_added(dialog))
        dialog.open()
        return dialog

    def _members_added(self, dialog: AddMembersDialog) -> None:
        self.refresh()
        self.status_message.emit(self.tr("{0} Mitglieder hinzugefügt.").format(dialog.added))

    def edit_membership(self) -> MembershipDialog | None:
        ids = self.selected_memberships()
        member = self._member(ids[0]) if ids else None
        if member is None:
            return None
        dialog = MembershipDialog(member, self)
        dialog.accepted.connect(lambda: self._store_membership(member, dialog))
        dialog.open()
        return dialog

    def _store_membership(self, member: MemberRow, dialog: MembershipDialog) -> None:
        try:
            self._networks.update_membership(member.membership_id, *dialog.values())
        except DomainError as error:
            QMessageBox.warning(self, self.tr("Nicht gespeichert"), str(error))
        self._fill_members()

    def end_membership(self) -> None:
        ids = self.selected_memberships()
        if not ids:
            return
        until = ask_date(self, self.tr("Austritt"), self.tr("Mitglied bis einschließlich"), date.today())
        if until is None:
            return
        try:
            for membership_id in ids:
                self._networks.end_membership(membership_id, until)
        except DomainError as error:
            QMessageBox.warning(self, self.tr("Nicht möglich"), str(error))
            self.refresh()
            return  # refused: the status bar must not report the leaving as entered
        self.refresh()
        self.status_message.emit(self.tr("Austritt zum {0} eingetragen.").format(german_date(until)))

    def remove_membership(self) -> None:
        """A member added by mistake disappears as if never entered; whoever really left gets „Austritt …“ with a
        date and stays visible as a former member."""
        ids = self.selected_memberships()
        if not ids:
            return
        members = [m for m in self._networks.members(self.current_id()) if m.membership_id in ids]
        if not members:
            return
        if len(members) == 1:
            question = self.tr("„{0}“ aus dem Netzwerk entfernen?").format(members[0].name)
        else:
            question = self.tr("{0} Mitglieder aus dem Netzwerk entfernen?").format(len(members))
        answer = QMessageBox.question(
            self,
            self.tr("Mitglied entfernen"),
            "\n\n".join(
                [
                    question,
                    self.tr(
                        "Nur für irrtümlich Eingetragene: die Mitgliedschaft wird gelöscht, als hätte es sie nie "
                        "gegeben, und erscheint auch nicht unter den ehemaligen Mitgliedern."
                    ),
                    self.tr(
                        "Wer das Netzwerk verlassen hat, bekommt stattdessen „Austritt …“ mit dem Datum und bleibt "
                        "als ehemaliges Mitglied sichtbar."
                    ),
                ]
            ),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        removed: list[str] = []
        try:
            for member in members:
                self._networks.remove_membership(member.membership_id)
                removed.append(member.name)
        except DomainError as error:
            QMessageBox.warning(self, self.tr("Nicht möglich"), str(error))
        self.refresh()
        if removed:
            self.status_message.emit(
                self.tr("„{0}“ aus dem Netzwerk entfernt.").format(removed[0])
                if len(removed) == 1
                else self.tr("{0} Mitglieder aus dem Netzwerk entfernt.").format(len(removed))
            )

    def export_members(self, suffix: str) -> None:
        network_id = self.current_id()
        if network_id is None:
            return
        only_with_consent = leave_out_without_consent(self, *self._networks.members_without_consent(network_id))
        if only_with_consent is None:
            return
        name = f"Mitglieder {file_safe(self._networks.get(network_id).name)}{suffix}"
        formats = [DOCX] if suffix == ".docx" else [XLSX, CSV]
        target = choose_save_path(self, self.tr("Mitgliederliste speichern"), name, formats)
        if target is None:
            return
        failed = lambda error: show_failure(self, error, self.tr("Die Liste konnte nicht erstellt werden."))  # noqa: E731

        self._tasks.run(
            self,
            self.tr("Mitgliederliste wird erstellt …"),
            lambda progress: self._networks.export_members(network_id, target, progress, only_with_consent),
            lambda count: self.status_message.emit(
                self.tr("Mitgliederliste mit {0} Mitgliedern gespeichert: {1}").format(count, target)
            ),
            failed,
        )


class MembershipDialog(QDialog):
    """Role and period of one membership."""

    def __init__(self, member: MemberRow, parent=None):
        super().__init__(parent)
        self.setObjectName("membershipDialog")
        self.setWindowTitle(member.name)
        self.role = QComboBox(self, objectName="membershipRoleCombo", editable=True)
        self.role.addItems(ROLES)
        self.role.setCurrentText(member.role or "")
        self.since = OptionalDate(self, self.tr("seit"), member.valid_from)
        self.until = OptionalDate(self, self.tr("bis"), member.valid_until)
        form = QFormLayout(self)
        form.addRow(self.tr("Rolle"), self.role)
        form.addRow(self.since)
        form.addRow(self.until)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.accepted.connect(self._accept_if_ready)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def _accept_if_ready(self) -> None:
        if dates_ready(self):
            self.accept()

    def values(self) -> tuple[str | None, date | None, date | None]:
        return self.role.currentText().strip() or None, self.since.value(), self.until.value()

"""Start page: greets the coordinator with their region's figures, next meetings, open tasks and shortcuts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from sozialkoordination.actors.service import ORGANISATIONS, PERSONS, ActorFilter, ActorService
from sozialkoordination.budget.service import BudgetService
from sozialkoordination.coordinator_profile.service import Profile
from sozialkoordination.core.formatting import euro, german_date
from sozialkoordination.import_journal.service import BatchInfo
from sozialkoordination.meetings.service import MeetingService
from sozialkoordination.ui.shell import theme
from sozialkoordination.ui.widgets.accessibility import set_name
from sozialkoordination.ui.widgets.flow_layout import FlowLayout


def _greeting(now: datetime) -> str:
    if now.hour < 11:
        return "Guten Morgen"
    if now.hour < 18:
        return "Guten Tag"
    return "Guten Abend"


class StartView(QWidget):
    """Shortcuts are emitted as signals; the main window decides what they open."""

    new_organisation = Signal()
    new_person = Signal()
    new_meeting = Signal()
    import_list = Signal()
    open_area = Signal(str)
    open_meeting = Signal(int)

    def __init__(
        self,
        actors: ActorService,
        meetings: MeetingService,
        budget: BudgetService,
        import_history: Callable[[], list[BatchInfo]],
        parent=None,
    ):
        super().__init__(parent)
        self.setObjectName("startView")
        self.setStyleSheet(theme.card())
        self._actors = actors
        self._meetings = meetings
        self._budget = budget
        self._import_history = import_history  # the partner-list imports, newest first
        self._region_id: int | None = None

        self.greeting = QLabel(self, objectName="greetingLabel")
        self.greeting.setStyleSheet(theme.heading(2.0))
        self.subtitle = QLabel(self, objectName="subtitleLabel")
        self.subtitle.setStyleSheet(theme.muted())

        self.figures = QGridLayout()
        self.figure_labels: dict[str, QLabel] = {}
        for column, (key, caption, area) in enumerate(
            (
                ("organisations", self.tr("Organisationen"), "actors"),
                ("persons", self.tr("Personen"), "persons"),
                ("meetings", self.tr("kommende Sitzungen"), "meetings"),
                ("open_tasks", self.tr("offene Aufgaben"), "tasks"),
                ("overdue", self.tr("davon überfällig"), "tasks"),
            )
        ):
            card = QFrame(self, objectName="card")
            box = QVBoxLayout(card)
            number = QLabel("0", card, objectName=f"figure_{key}")
            number.setStyleSheet(theme.heading(2.4))
            box.addWidget(number)
            box.addWidget(QLabel(caption, card))
            link = QPushButton(self.tr("Anzeigen"), card, flat=True, objectName=f"show_{key}")
            # Five "Anzeigen" in one page: a screen reader names each after what it shows.
            set_name(
                link,
                self.tr("Überfällige Aufgaben anzeigen")
                if key == "overdue"
                else self.tr("{0} anzeigen").format(caption[:1].upper() + caption[1:]),
            )
            link.setStyleSheet(theme.link_button())
            link.clicked.connect(lambda _=False, a=area: self.open_area.emit(a))
            box.addWidget(link)
            self.figures.addWidget(card, 0, column)
            self.figure_labels[key] = number

        self.meetings_list = QListWidget(self, objectName="nextMeetingsList")
        self.meetings_list.itemActivated.connect(self._meeting_activated)
        self.meetings_list.itemDoubleClicked.connect(self._meeting_activated)
        self.tasks_list = QListWidget(self, objectName="dueTasksList")
        self.budget_list = QListWidget(self, objectName="budgetList")
        self.imports_list = QListWidget(self, objectName="recentImportsList")
        for widget in (self.meetings_list, self.tasks_list, self.budget_list, self.imports_list):
            widget.setFrameShape(QFrame.Shape.NoFrame)
            widget.setTextElideMode(Qt.TextElideMode.ElideRight)
            widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            widget.setSpacing(3)
        lists = QGridLayout()
        for index, (caption, widget) in enumerate(
            (
                (self.tr("Nächste Sitzungen"), self.meetings_list),
                (self.tr("Fällige und überfällige Aufgaben"), self.tasks_list),
                (self.tr("Sozialraumbudget {0}").format(date.today().year), self.budget_list),
                (self.tr("Letzte Importe"), self.imports_list),
            )
        ):
            card = QFrame(self, objectName="card")
            box = QVBoxLayout(card)
            heading = QLabel(caption, card)
            set_name(widget, caption)
            heading.setStyleSheet(theme.strong())
            box.addWidget(heading)
            box.addWidget(widget)
            lists.addWidget(card, *divmod(index, 2))

        actions = FlowLayout()
        for text, signal in (
            (self.tr("Neue Sitzung"), self.new_meeting),
            (self.tr("Neue Organisation"), self.new_organisation),
            (self.tr("Neue Person"), self.new_person),
            (self.tr("Akteursliste importieren"), self.import_list),
        ):
            button = QPushButton(text, self)
            button.clicked.connect(signal)
            actions.addWidget(button)
        actions.addStretch(1)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 20, 24, 20)
        layout.setSpacing(14)
        layout.addWidget(self.greeting)
        layout.addWidget(self.subtitle)
        layout.addLayout(self.figures)
        layout.addLayout(lists, 1)
        layout.addLayout(actions)

    def show_profile(self, profile: Profile, region_name: str | None) -> None:
        self._region_id = profile.sozialregion_id
        name = (profile.user_name or "").split(" ")[0]
        self.greeting.setText(f"{_greeting(datetime.now())}, {name}".rstrip(", "))
        where = (
            self.tr("Sozialregion {0}").format(region_name) if region_name else self.tr("ganzer Landkreis Göttingen")
        )
        self.subtitle.setText(self.tr("Ihr Überblick für: {0} · {1}").format(where, date.today().strftime("%d.%m.%Y")))
        if self.isVisible():  # otherwise the main window refreshes the page when it is shown (once at start)
            self.refresh()

    def refresh(self) -> None:
        region = self._region_id
        today = date.today()
        self._set("organisations", self._actors.count(ActorFilter(ORGANISATIONS, sozialregion_id=region)))
        self._set("persons", self._actors.count(ActorFilter(PERSONS, sozialregion_id=region)))
        upcoming = self._meetings.meetings(region, upcoming=True)
        tasks = self._meetings.task_summary(region)
        self._set("meetings", len(upcoming))
        self._set("open_tasks", tasks.open_count)
        self._set("overdue", tasks.overdue_count)

        self.meetings_list.clear()
        for row in upcoming[:6]:
            start = f", {row.start_time:%H:%M} Uhr" if row.start_time else ""
            item = self._add(self.meetings_list, f"{german_date(row.meeting_date)}{start} – {row.title} ({row.area})")
            item.setData(Qt.ItemDataRole.UserRole, row.id)
        if not upcoming:
            self.meetings_list.addItem(self.tr("Keine Sitzungen geplant."))

        self.tasks_list.clear()
        due = tasks.next_due
        for task in due:
            marker = "⚠ " if task.state(today) == "überfällig" else ""
            who = f" – {task.assignee}" if task.assignee else ""
            self._add(self.tasks_list, f"{marker}{german_date(task.due_on)}: {task.description}{who}")
        if not due:
            self.tasks_list.addItem(self.tr("Keine offenen Aufgaben mit Termin."))

        self.budget_list.clear()
        budgets = [b for b in self._budget.overview(today.year, region) if b.budget_id]
        for row in budgets:
            self._add(
                self.budget_list,
                self.tr("{0}: {1} bewilligt, Rest {2} von {3}").format(
                    row.sozialraum, euro(row.approved), euro(row.remaining), euro(row.available)
                ),
            )
        if not budgets:
            self.budget_list.addItem(self.tr("Für dieses Jahr ist noch kein Budget eingetragen."))

        self.imports_list.clear()
        for batch in self._import_history()[:5]:
            undone = self.tr(" (rückgängig gemacht)") if batch.undone_at else ""
            self._add(
                self.imports_list,
                self.tr("{0}: {1} – {2} neu, {3} zusammengeführt{4}").format(
                    german_date(batch.created_at), batch.file_name, batch.created, batch.merged, undone
                ),
            )
        if not self.imports_list.count():
            self.imports_list.addItem(self.tr("Noch keine Listen importiert."))

    def _meeting_activated(self, item) -> None:
        meeting_id = item.data(Qt.ItemDataRole.UserRole)
        if meeting_id is not None:
            self.open_meeting.emit(meeting_id)

    @staticmethod
    def _add(widget: QListWidget, text: str):
        widget.addItem(text)
        item = widget.item(widget.count() - 1)
        item.setToolTip(text)
        return item

    def _set(self, key: str, value: int) -> None:
        self.figure_labels[key].setText(f"{value:,}".replace(",", "."))

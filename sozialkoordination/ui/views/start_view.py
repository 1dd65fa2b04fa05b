"""Start page: greets the coordinator with their region's figures, next meetings, open tasks and shortcuts."""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...services.actors import ORGANISATIONS, PERSONS, ActorFilter, ActorService
from ...services.overviews import OverviewService
from ...services.profile import Profile

CARD_STYLE = "QFrame#card { background: palette(base); border: 1px solid palette(midlight); border-radius: 6px; }"


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
    open_area = Signal(str)

    def __init__(self, actors: ActorService, overviews: OverviewService, parent=None):
        super().__init__(parent)
        self.setObjectName("startView")
        self.setStyleSheet(CARD_STYLE)
        self._actors = actors
        self._overviews = overviews
        self._region_id: int | None = None

        self.greeting = QLabel(self, objectName="greetingLabel")
        self.greeting.setStyleSheet("font-size: 18pt; font-weight: 600;")
        self.subtitle = QLabel(self, objectName="subtitleLabel")
        self.subtitle.setStyleSheet("color: palette(dark);")

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
            number.setStyleSheet("font-size: 22pt; font-weight: 600;")
            box.addWidget(number)
            box.addWidget(QLabel(caption, card))
            link = QPushButton(self.tr("Anzeigen"), card, flat=True)
            link.setStyleSheet("text-align: left; color: palette(link);")
            link.clicked.connect(lambda _=False, a=area: self.open_area.emit(a))
            box.addWidget(link)
            self.figures.addWidget(card, 0, column)
            self.figure_labels[key] = number

        self.meetings_list = QListWidget(self, objectName="nextMeetingsList")
        self.tasks_list = QListWidget(self, objectName="dueTasksList")
        for widget in (self.meetings_list, self.tasks_list):
            widget.setFrameShape(QFrame.Shape.NoFrame)
            widget.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            widget.setTextElideMode(Qt.TextElideMode.ElideRight)
            widget.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            widget.setSpacing(3)
        lists = QHBoxLayout()
        for caption, widget in (
            (self.tr("Nächste Sitzungen"), self.meetings_list),
            (self.tr("Fällige und überfällige Aufgaben"), self.tasks_list),
        ):
            card = QFrame(self, objectName="card")
            box = QVBoxLayout(card)
            heading = QLabel(caption, card)
            heading.setStyleSheet("font-weight: 600;")
            box.addWidget(heading)
            box.addWidget(widget)
            lists.addWidget(card)

        actions = QHBoxLayout()
        for text, signal in (
            (self.tr("Neue Organisation"), self.new_organisation),
            (self.tr("Neue Person"), self.new_person),
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
        self.refresh()

    def refresh(self) -> None:
        region = self._region_id
        self._set("organisations", self._actors.count(ActorFilter(ORGANISATIONS, sozialregion_id=region)))
        self._set("persons", self._actors.count(ActorFilter(PERSONS, sozialregion_id=region)))
        today = date.today()
        upcoming = sorted((r for r in self._overviews.meetings(region) if r[1] >= today), key=lambda r: r[1])
        self._set("meetings", len(upcoming))
        open_tasks = [r for r in self._overviews.tasks(region) if r[5] != "erledigt"]
        overdue = [r for r in open_tasks if r[5] == "überfällig"]
        self._set("open_tasks", len(open_tasks))
        self._set("overdue", len(overdue))
        self.meetings_list.clear()
        for row in upcoming[:6]:
            start = f", {row[2]} Uhr" if row[2] else ""
            self._add(self.meetings_list, f"{row[1]:%d.%m.%Y}{start} – {row[4]} ({row[3]})")
        if not upcoming:
            self.meetings_list.addItem(self.tr("Keine Sitzungen geplant."))
        self.tasks_list.clear()
        due = sorted((r for r in open_tasks if r[1] is not None), key=lambda r: r[1])
        for row in due[:8]:
            marker = "⚠ " if row[5] == "überfällig" else ""
            who = f" – {row[3]}" if row[3] else ""
            self._add(self.tasks_list, f"{marker}{row[1]:%d.%m.%Y}: {row[2]}{who}")
        if not due:
            self.tasks_list.addItem(self.tr("Keine offenen Aufgaben mit Termin."))

    @staticmethod
    def _add(widget: QListWidget, text: str) -> None:
        widget.addItem(text)
        widget.item(widget.count() - 1).setToolTip(text)

    def _set(self, key: str, value: int) -> None:
        self.figure_labels[key].setText(f"{value:,}".replace(",", "."))

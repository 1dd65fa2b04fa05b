"""Form to plan a meeting: type, level and area, title, date and times, venue, chair, minute-taker, network."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit

from sozialkoordination.actors.service import ActorService
from sozialkoordination.areas.service import AreaService
from sozialkoordination.core.enums import AreaLevel, MeetingKind
from sozialkoordination.meetings.dto import LEVELS, MeetingData
from sozialkoordination.meetings.service import MeetingService
from sozialkoordination.ui.widgets.area_combo import AreaCombo
from sozialkoordination.ui.widgets.date_input import DateInput, TimeInput
from sozialkoordination.ui.widgets.record_dialog import RecordDialog
from sozialkoordination.ui.widgets.record_picker import ChosenRecord, person_picker


class MeetingDialog(RecordDialog):
    def __init__(
        self,
        meetings: MeetingService,
        actors: ActorService,
        areas: AreaService,
        meeting_id: int | None = None,
        defaults: MeetingData | None = None,
        parent=None,
    ):
        self._meetings = meetings
        self._data = meetings.get(meeting_id) if meeting_id else (defaults or MeetingData())
        title = self.tr("Neue Sitzung") if meeting_id is None else self._data.title
        super().__init__(title, meeting_id is None, parent)
        self.setObjectName("meetingDialog")
        self.setMinimumWidth(640)

        self.meeting_type = QComboBox(self, objectName="typeCombo")
        self.meeting_type.addItems(list(MeetingKind))
        self.title = QLineEdit(self, objectName="titleEdit")
        self.title.setPlaceholderText(self.tr("z. B. 3. Sozialraumkonferenz Bovenden"))
        self.level = QComboBox(self, objectName="levelCombo")
        for key, label in LEVELS.items():
            self.level.addItem(label, key)
        self.area = AreaCombo(areas, self)
        self.area.setObjectName("areaCombo")
        self.meeting_date = DateInput(self, objectName="dateEdit")
        self.meeting_date.setAccessibleName(self.tr("Datum der Sitzung"))
        self.start = TimeInput(self, objectName="startEdit")  # empty: no fixed time
        self.start.setAccessibleName(self.tr("Beginn"))
        self.end = TimeInput(self, objectName="endEdit")
        self.end.setAccessibleName(self.tr("Ende"))
        times = QHBoxLayout()
        times.addWidget(self.start)
        times.addWidget(QLabel(self.tr("bis"), self))
        times.addWidget(self.end)
        times.addWidget(QLabel(self.tr("Uhr"), self))
        times.addStretch(1)
        self.venue = QLineEdit(self, objectName="venueEdit")
        self.venue.setPlaceholderText(self.tr("z. B. Rathaus Bovenden, Ratssaal"))
        self.venue_address = QLineEdit(self, objectName="venueAddressEdit")
        self.venue_address.setPlaceholderText(self.tr("Straße Nr., PLZ Ort"))
        self.chair = ChosenRecord(person_picker(actors), self)
        self.chair.setObjectName("chairField")
        self.minute_taker = ChosenRecord(person_picker(actors), self)
        self.minute_taker.setObjectName("minuteTakerField")
        self.network = QComboBox(self, objectName="networkCombo")
        self.network.addItem(self.tr("– kein Netzwerk –"), None)
        for network_id, name in meetings.network_choices():
            self.network.addItem(name, network_id)
        self.notes = QPlainTextEdit(self, objectName="notesEdit")
        self.notes.setMaximumHeight(70)

        form = QFormLayout()
        form.addRow(self.tr("Art *"), self.meeting_type)
        form.addRow(self.tr("Titel *"), self.title)
        form.addRow(self.tr("Ebene"), self.level)
        form.addRow(self.tr("Gebiet *"), self.area)
        form.addRow(self.tr("Datum *"), self.meeting_date)
        form.addRow(self.tr("Zeit"), times)
        form.addRow(self.tr("Ort"), self.venue)
        form.addRow(self.tr("Adresse"), self.venue_address)
        form.addRow(self.tr("Leitung"), self.chair)
        form.addRow(self.tr("Protokoll"), self.minute_taker)
        form.addRow(self.tr("Netzwerk"), self.network)
        form.addRow(self.tr("Notizen"), self.notes)
        self.body.addLayout(form)

        self.level.currentIndexChanged.connect(self._fill_areas)
        self._load()
        for name, widget in (
            ("meeting_type", self.meeting_type),
            ("title", self.title),
            ("level", self.level),
            ("sozialraum_id", self.area),
            ("sozialregion_id", self.area),
            ("meeting_date", self.meeting_date),
            ("end_time", self.end),
            ("venue", self.venue),
            ("venue_address", self.venue_address),
            ("notes", self.notes),
        ):
            self.register_field(name, widget)
        self.watch(self.start)  # the date and time fields are line edits now: typing marks the form changed
        self.network.currentIndexChanged.connect(self.mark_dirty)
        self.chair.changed.connect(self.mark_dirty)
        self.minute_taker.changed.connect(self.mark_dirty)
        self.title.setFocus()

    def _fill_areas(self) -> None:
        self.area.set_level(self.level.currentData())

    def _load(self) -> None:
        d = self._data
        self.meeting_type.setCurrentText(d.meeting_type)
        self.title.setText(d.title)
        self.level.setCurrentIndex(max(self.level.findData(d.level), 0))
        self.area.set_level(d.level, d.sozialraum_id if d.level == AreaLevel.SOZIALRAUM else d.sozialregion_id)
        self.meeting_date.setDate(d.meeting_date or date.today())
        self.start.setTime(d.start_time)
        self.end.setTime(d.end_time)
        self.venue.setText(d.venue or "")
        self.venue_address.setText(d.venue_address or "")
        self.chair.set_value(d.chair_person_id, self._meetings.person_label(d.chair_person_id))
        self.minute_taker.set_value(d.minute_taker_person_id, self._meetings.person_label(d.minute_taker_person_id))
        self.network.setCurrentIndex(max(self.network.findData(d.network_id), 0))
        self.notes.setPlainText(d.notes or "")

    def collect(self) -> MeetingData:
        d = self._data
        level = self.level.currentData()
        return MeetingData(
            meeting_type=self.meeting_type.currentText(),
            title=self.title.text(),
            meeting_date=self.meeting_date.date(),
            level=level,
            sozialraum_id=self.area.sozialraum_id(),
            sozialregion_id=self.area.sozialregion_id(),
            network_id=self.network.currentData(),
            start_time=self.start.time(),
            end_time=self.end.time(),
            venue=self.venue.text(),
            venue_address=self.venue_address.text(),
            chair_person_id=self.chair.value(),
            minute_taker_person_id=self.minute_taker.value(),
            minutes_status=d.minutes_status,
            notes=self.notes.toPlainText().strip() or None,
            previous_meeting_id=d.previous_meeting_id,
            id=d.id,
            version=d.version,
        )

    def store(self, data: MeetingData) -> int:
        return self._meetings.save(data)

    def remove(self) -> None:
        self._meetings.delete(self._data.id)

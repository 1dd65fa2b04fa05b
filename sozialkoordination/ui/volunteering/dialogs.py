"""Forms of the volunteering area: a volunteer's profile and an Engagementangebot."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
)

from sozialkoordination.actors.service import ActorService
from sozialkoordination.areas.service import AreaService
from sozialkoordination.core.enums import OfferStatus, TimePattern
from sozialkoordination.meetings.service import MeetingService
from sozialkoordination.models.volunteering import PARTS_OF_DAY
from sozialkoordination.ui.shell import theme
from sozialkoordination.ui.widgets.optional_date import OptionalDate
from sozialkoordination.ui.widgets.record_dialog import RecordDialog
from sozialkoordination.ui.widgets.record_picker import ChosenRecord, organisation_picker, person_picker
from sozialkoordination.ui.widgets.theme_edit import ThemeEdit
from sozialkoordination.volunteering.service import (
    ROLES,
    WEEKDAYS,
    OfferData,
    VolunteerData,
    VolunteeringService,
)

DAY_NAMES = ("Mo", "Di", "Mi", "Do", "Fr", "Sa", "So")


def _raum_combo(parent, areas: AreaService, selected: int | None, name: str) -> QComboBox:
    combo = QComboBox(parent, objectName=name)
    combo.addItem("–", None)
    for raum in areas.sozialraeume():
        combo.addItem(raum.name, raum.id)
    combo.setCurrentIndex(max(combo.findData(selected), 0))
    return combo


class VolunteerDialog(RecordDialog):
    def __init__(
        self,
        volunteering: VolunteeringService,
        actors: ActorService,
        areas: AreaService,
        meetings: MeetingService,
        volunteer_id: int | None = None,
        parent=None,
    ):
        self._service = volunteering
        self._data = volunteering.get_volunteer(volunteer_id) if volunteer_id else VolunteerData()
        title = self.tr("Neue*r Ehrenamtliche*r") if volunteer_id is None else self._data.name
        super().__init__(title, volunteer_id is None, parent)
        self.setObjectName("volunteerDialog")
        d = self._data
        self.person = ChosenRecord(person_picker(actors), self)
        self.person.setObjectName("volunteerPersonField")
        self.person.set_value(d.person_id, meetings.person_label(d.person_id))
        self.role = QComboBox(self, objectName="roleCombo", editable=True)
        self.role.addItems(ROLES)
        self.role.setCurrentText(d.role or "")
        self.interests = ThemeEdit(actors.themes(), self)
        self.interests.set_themes(d.interests)
        self.skills = QLineEdit(d.skills or "", self, objectName="skillsEdit")
        self.languages = QLineEdit(d.languages or "", self, objectName="languagesEdit")
        self.ortschaft = QLineEdit(d.ortschaft or "", self, objectName="ortschaftEdit")
        self.raum = _raum_combo(self, areas, d.sozialraum_id, "volunteerRaumCombo")
        grid = QGridLayout()
        self.slots: dict[tuple[int, str], QCheckBox] = {}
        for column, day in enumerate(DAY_NAMES, start=1):
            grid.addWidget(QLabel(day, self), 0, column)
        for row, part in enumerate(PARTS_OF_DAY, start=1):
            grid.addWidget(QLabel(part, self), row, 0)
            for weekday in range(7):
                box = QCheckBox(self)
                box.setChecked((weekday, part) in set(d.availability))
                box.setToolTip(f"{WEEKDAYS[weekday]} {part}")
                grid.addWidget(box, row, weekday + 1)
                self.slots[(weekday, part)] = box
        self.available_from = OptionalDate(self, self.tr("ab"), d.available_from, stretch=False)
        self.available_until = OptionalDate(self, self.tr("bis"), d.available_until, stretch=False)
        period = QHBoxLayout()
        period.addLayout(self.available_from)
        period.addLayout(self.available_until)
        period.addStretch(1)
        self.has_car = QCheckBox(self.tr("eigenes Auto"), self, checked=d.has_car)
        self.public_transport = QCheckBox(self.tr("Bus und Bahn"), self, checked=d.uses_public_transport)
        self.range_km = QSpinBox(self, objectName="rangeSpin", minimum=0, maximum=300, suffix=" km")
        self.range_km.setSpecialValueText("–")
        self.range_km.setValue(d.range_km or 0)
        mobility = QHBoxLayout()
        for widget in (self.has_car, self.public_transport, QLabel(self.tr("Reichweite"), self), self.range_km):
            mobility.addWidget(widget)
        mobility.addStretch(1)
        self.reachable = QLineEdit(d.reachable_places or "", self, objectName="reachableEdit")
        self.reachable.setPlaceholderText(self.tr("erreichbare Ortschaften, mit Komma getrennt"))
        self.notes = QPlainTextEdit(d.notes or "", self, objectName="volunteerNotes")
        self.notes.setMaximumHeight(70)
        form = QFormLayout()
        form.addRow(self.tr("Person *"), self.person)
        form.addRow(self.tr("Rolle"), self.role)
        form.addRow(self.tr("Interessen"), self.interests)
        form.addRow(self.tr("Fähigkeiten"), self.skills)
        form.addRow(self.tr("Sprachen"), self.languages)
        form.addRow(self.tr("Ortschaft"), self.ortschaft)
        form.addRow(self.tr("Sozialraum"), self.raum)
        form.addRow(self.tr("Verfügbar"), grid)
        form.addRow(self.tr("Zeitraum"), period)
        form.addRow(self.tr("Mobilität"), mobility)
        form.addRow(self.tr("Erreichbar"), self.reachable)
        form.addRow(self.tr("Notizen"), self.notes)
        hint = QLabel(self.tr("Einwilligungen (Speicherung, Weitergabe) stehen bei der Person unter Akteure."), self)
        hint.setStyleSheet(theme.muted())
        form.addRow(hint)
        self.body.addLayout(form)
        for name, widget in (
            ("person_id", self.person.picker),
            ("range_km", self.range_km),
            ("available_until", self.available_until.edit),
            ("notes", self.notes),
        ):
            self.register_field(name, widget)
        self.person.changed.connect(self.mark_dirty)

    def collect(self) -> VolunteerData:
        d = self._data
        return VolunteerData(
            person_id=self.person.value(),
            role=self.role.currentText().strip() or None,
            skills=self.skills.text().strip() or None,
            languages=self.languages.text().strip() or None,
            ortschaft=self.ortschaft.text().strip() or None,
            sozialraum_id=self.raum.currentData(),
            available_from=self.available_from.value(),
            available_until=self.available_until.value(),
            has_car=self.has_car.isChecked(),
            uses_public_transport=self.public_transport.isChecked(),
            range_km=self.range_km.value() or None,
            reachable_places=self.reachable.text().strip() or None,
            notes=self.notes.toPlainText().strip() or None,
            last_activity_on=d.last_activity_on,
            interests=self.interests.themes(),
            availability=[slot for slot, box in self.slots.items() if box.isChecked()],
            id=d.id,
        )

    def store(self, data: VolunteerData) -> int:
        return self._service.save_volunteer(data)

    def remove(self) -> None:
        self._service.delete_volunteer(self._data.id)


class OfferDialog(RecordDialog):
    def __init__(
        self,
        volunteering: VolunteeringService,
        actors: ActorService,
        areas: AreaService,
        meetings: MeetingService,
        offer_id: int | None = None,
        parent=None,
    ):
        self._service = volunteering
        self._data = volunteering.get_offer(offer_id) if offer_id else OfferData()
        super().__init__(
            self.tr("Neues Engagementangebot") if offer_id is None else self._data.title, offer_id is None, parent
        )
        self.setObjectName("offerDialog")
        self.setMinimumWidth(720)
        d = self._data
        self.title = QLineEdit(d.title, self, objectName="offerTitleEdit")
        self.organisation = ChosenRecord(organisation_picker(actors), self)
        self.organisation.setObjectName("offerOrganisationField")
        if d.organisation_id:
            self.organisation.set_value(d.organisation_id, actors.get_organisation(d.organisation_id).name)
        self.description = QPlainTextEdit(d.description or "", self, objectName="offerDescription")
        self.description.setMaximumHeight(70)
        self.tasks = QLineEdit(d.tasks or "", self, objectName="offerTasks")
        self.themes = ThemeEdit(actors.themes(), self)
        self.themes.set_themes(d.themes)
        self.place = QLineEdit(d.place or "", self, objectName="offerPlace")
        self.raum = _raum_combo(self, areas, d.sozialraum_id, "offerRaumCombo")
        self.pattern = QComboBox(self, objectName="timePatternCombo")
        self.pattern.addItems(list(TimePattern))
        self.pattern.setCurrentText(d.time_pattern)
        self.weekday = QComboBox(self, objectName="weekdayCombo")
        self.weekday.addItem("–", None)
        for number, name in enumerate(WEEKDAYS):
            self.weekday.addItem(name, number)
        self.weekday.setCurrentIndex(max(self.weekday.findData(d.weekday), 0))
        self.part = QComboBox(self, objectName="partOfDayCombo")
        self.part.addItem("–", None)
        for part in PARTS_OF_DAY:
            self.part.addItem(part, part)
        self.part.setCurrentIndex(max(self.part.findData(d.part_of_day), 0))
        self.one_off = OptionalDate(self, self.tr("am"), d.one_off_date, stretch=False)
        when = QHBoxLayout()
        when.addWidget(self.pattern)
        when.addWidget(self.weekday)
        when.addWidget(self.part)
        when.addLayout(self.one_off)
        when.addStretch(1)
        self.places = QSpinBox(self, objectName="placesSpin", minimum=1, maximum=500, value=d.places)
        self.requirements = QLineEdit(d.requirements or "", self, objectName="requirementsEdit")
        self.requirements.setPlaceholderText(self.tr("z. B. erweitertes Führungszeugnis"))
        self.contact = ChosenRecord(person_picker(actors), self)
        self.contact.setObjectName("offerContactField")
        self.contact.set_value(d.contact_person_id, meetings.person_label(d.contact_person_id))
        self.status = QComboBox(self, objectName="offerStatusCombo")
        self.status.addItems(list(OfferStatus))
        self.status.setCurrentText(d.status)
        form = QFormLayout()
        for label, widget in (
            (self.tr("Titel *"), self.title),
            (self.tr("Organisation"), self.organisation),
            (self.tr("Beschreibung"), self.description),
            (self.tr("Aufgaben"), self.tasks),
            (self.tr("Themen"), self.themes),
            (self.tr("Einsatzort"), self.place),
            (self.tr("Sozialraum"), self.raum),
            (self.tr("Zeit"), when),
            (self.tr("Plätze"), self.places),
            (self.tr("Voraussetzungen"), self.requirements),
            (self.tr("Ansprechperson"), self.contact),
            (self.tr("Status"), self.status),
        ):
            form.addRow(label, widget)
        self.body.addLayout(form)
        for name, widget in (
            ("title", self.title),
            ("time_pattern", self.pattern),
            ("weekday", self.weekday),
            ("one_off_date", self.one_off.edit),
            ("part_of_day", self.part),
            ("places", self.places),
            ("status", self.status),
        ):
            self.register_field(name, widget)
        for chosen in (self.organisation, self.contact):
            chosen.changed.connect(self.mark_dirty)
        self.title.setFocus()

    def collect(self) -> OfferData:
        return OfferData(
            title=self.title.text(),
            organisation_id=self.organisation.value(),
            description=self.description.toPlainText().strip() or None,
            tasks=self.tasks.text().strip() or None,
            place=self.place.text(),
            sozialraum_id=self.raum.currentData(),
            time_pattern=self.pattern.currentText(),
            one_off_date=self.one_off.value(),
            weekday=self.weekday.currentData(),
            part_of_day=self.part.currentData(),
            places=self.places.value(),
            requirements=self.requirements.text().strip() or None,
            contact_person_id=self.contact.value(),
            status=self.status.currentText(),
            themes=self.themes.themes(),
            id=self._data.id,
        )

    def store(self, data: OfferData) -> int:
        return self._service.save_offer(data)

    def remove(self) -> None:
        self._service.delete_offer(self._data.id)

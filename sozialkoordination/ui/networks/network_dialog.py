"""Form for a network: name, type, level and area, project, organising person, description."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QPlainTextEdit

from sozialkoordination.actors.service import ActorService
from sozialkoordination.areas.service import AreaService
from sozialkoordination.core.enums import AreaLevel
from sozialkoordination.meetings.service import MeetingService
from sozialkoordination.networks.dto import LEVELS, NETWORK_TYPES, NetworkData
from sozialkoordination.networks.service import NetworkService
from sozialkoordination.ui.widgets.area_combo import AreaCombo
from sozialkoordination.ui.widgets.record_dialog import RecordDialog
from sozialkoordination.ui.widgets.record_picker import ChosenRecord, person_picker


class NetworkDialog(RecordDialog):
    def __init__(
        self,
        networks: NetworkService,
        meetings: MeetingService,
        actors: ActorService,
        areas: AreaService,
        network_id: int | None = None,
        parent=None,
    ):
        self._networks = networks
        self._data = networks.get(network_id) if network_id else NetworkData()
        super().__init__(
            self.tr("Neues Netzwerk") if network_id is None else self._data.name, network_id is None, parent
        )
        self.setObjectName("networkDialog")
        self.name = QLineEdit(self._data.name, self, objectName="networkNameEdit")
        self.network_type = QComboBox(self, objectName="networkTypeCombo", editable=True)
        self.network_type.addItems(NETWORK_TYPES)
        self.level = QComboBox(self, objectName="networkLevelCombo")
        for key, label in LEVELS.items():
            self.level.addItem(label, key)
        self.area = AreaCombo(areas, self)
        self.area.setObjectName("networkAreaCombo")
        self.project = QComboBox(self, objectName="projectCombo")
        self.project.addItem(self.tr("– kein Projekt –"), None)
        for project_id, label in networks.project_choices():
            self.project.addItem(label, project_id)
        self.organiser = ChosenRecord(person_picker(actors), self)
        self.organiser.setObjectName("organiserField")
        self.description = QPlainTextEdit(self._data.description or "", self, objectName="descriptionEdit")
        self.description.setMaximumHeight(90)
        form = QFormLayout()
        form.addRow(self.tr("Name *"), self.name)
        form.addRow(self.tr("Art"), self.network_type)
        form.addRow(self.tr("Ebene"), self.level)
        form.addRow(self.tr("Gebiet *"), self.area)
        form.addRow(self.tr("Projekt"), self.project)
        form.addRow(self.tr("Organisiert von"), self.organiser)
        form.addRow(self.tr("Beschreibung"), self.description)
        self.body.addLayout(form)

        d = self._data
        self.network_type.setCurrentText(d.network_type or "")
        self.level.currentIndexChanged.connect(self._fill_areas)
        self.level.setCurrentIndex(max(self.level.findData(d.level), 0))
        self.area.set_level(d.level, d.sozialraum_id if d.level == AreaLevel.SOZIALRAUM else d.sozialregion_id)
        self.project.setCurrentIndex(max(self.project.findData(d.project_id), 0))
        self.organiser.set_value(d.organiser_person_id, meetings.person_label(d.organiser_person_id))
        for name, widget in (
            ("name", self.name),
            ("network_type", self.network_type),
            ("level", self.level),
            ("sozialraum_id", self.area),
            ("sozialregion_id", self.area),
            ("description", self.description),
        ):
            self.register_field(name, widget)
        self.organiser.changed.connect(self.mark_dirty)
        self.name.setFocus()

    def _fill_areas(self) -> None:
        self.area.set_level(self.level.currentData())

    def collect(self) -> NetworkData:
        level = self.level.currentData()
        return NetworkData(
            name=self.name.text(),
            network_type=self.network_type.currentText(),
            level=level,
            sozialraum_id=self.area.sozialraum_id(),
            sozialregion_id=self.area.sozialregion_id(),
            project_id=self.project.currentData(),
            organiser_person_id=self.organiser.value(),
            description=self.description.toPlainText(),
            id=self._data.id,
            version=self._data.version,
        )

    def store(self, data: NetworkData) -> int:
        return self._networks.save(data)

    def remove(self) -> None:
        self._networks.delete(self._data.id)

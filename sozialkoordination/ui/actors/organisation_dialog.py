"""Form to create or edit an organisation."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QPlainTextEdit

from sozialkoordination.actors.conflicts import SaveMerge
from sozialkoordination.actors.service import ActorService, OrganisationData
from sozialkoordination.areas.service import AreaService
from sozialkoordination.core.normalize import is_valid_email, is_valid_phone, normalize_phone
from sozialkoordination.ui.shell import theme
from sozialkoordination.ui.widgets.address_fields import AddressFields
from sozialkoordination.ui.widgets.record_dialog import RecordDialog
from sozialkoordination.ui.widgets.record_picker import organisation_picker
from sozialkoordination.ui.widgets.theme_edit import ThemeEdit


class OrganisationDialog(RecordDialog):
    def __init__(self, actors: ActorService, areas: AreaService, organisation_id: int | None = None, parent=None):
        self._actors = actors
        self._data = actors.get_organisation(organisation_id) if organisation_id else OrganisationData()
        title = self.tr("Neue Organisation") if organisation_id is None else self._data.name
        super().__init__(title, organisation_id is None, parent)
        self.setObjectName("organisationDialog")

        form = QFormLayout()
        self.body.addLayout(form)
        self.name = QLineEdit(self, objectName="nameEdit")
        self.org_type = QComboBox(self, objectName="typeCombo", editable=True)
        self.org_type.addItem("")
        self.org_type.addItems(actors.organisation_types())
        self.parent_picker = organisation_picker(actors, self)
        self.parent_picker.setPlaceholderText(self.tr("Träger suchen … (leer lassen, wenn keiner)"))
        self.parent_picker.picked.connect(self._set_parent)
        self._parent_id = self._data.parent_id
        self.address = AddressFields(areas, self)
        self.phone = QLineEdit(self, objectName="phoneEdit")
        self.email = QLineEdit(self, objectName="emailEdit")
        self.website = QLineEdit(self, objectName="websiteEdit")
        self.themes = ThemeEdit(actors.themes(), self)
        self.notes = QPlainTextEdit(self, objectName="notesEdit")
        self.notes.setMaximumHeight(90)

        form.addRow(self.tr("Name *"), self.name)
        form.addRow(self.tr("Typ"), self.org_type)
        form.addRow(self.tr("Träger"), self.parent_picker)
        form.addRow(self.tr("Straße, Nr."), self.address.street_row)
        form.addRow(self.tr("PLZ, Ort"), self.address.place_row)
        form.addRow(self.tr("Sozialraum"), self.address.sozialraum_row)
        form.addRow(self.tr("Telefon"), self.phone)
        form.addRow(self.tr("E-Mail"), self.email)
        form.addRow(self.tr("Website"), self.website)
        form.addRow(self.tr("Themen"), self.themes)
        form.addRow(self.tr("Notizen"), self.notes)

        self._load()
        for name, widget in (
            ("name", self.name),
            ("org_type", self.org_type),
            ("phone", self.phone),
            ("email", self.email),
            ("website", self.website),
            ("themes", self.themes),
            ("notes", self.notes),
            ("postcode", self.address.postcode),
            ("parent", self.parent_picker),
        ):
            self.register_field(name, widget)
        self.address.changed.connect(self.mark_dirty)
        self.email.editingFinished.connect(self._check_email)
        self.phone.editingFinished.connect(self._check_phone)
        self.name.setFocus()

    def _load(self, d: OrganisationData | None = None) -> None:
        d = d or self._data
        self.name.setText(d.name)
        self.org_type.setCurrentText(d.org_type or "")
        self._parent_id = d.parent_id
        if d.parent_id:
            parent = self._actors.get_organisation(d.parent_id)
            self.parent_picker.setText(parent.name)
        else:
            self.parent_picker.clear()
        self.address.load(d.street, d.house_number, d.postcode, d.city, d.sozialraum_id)
        self.phone.setText(d.phone or "")
        self.email.setText(d.email or "")
        self.website.setText(d.website or "")
        self.themes.set_themes(d.themes)
        self.notes.setPlainText(d.notes or "")

    def _set_parent(self, organisation_id: int, label: str) -> None:
        self._parent_id = organisation_id
        self.parent_picker.setText(label)
        self.mark_dirty()

    def _check_email(self) -> None:
        text = self.email.text().strip()
        self.email.setStyleSheet(theme.invalid_field() if text and not is_valid_email(text) else "")

    def _check_phone(self) -> None:
        text = normalize_phone(self.phone.text()) or ""
        if text and text != self.phone.text():
            self.phone.setText(text)
        self.phone.setStyleSheet(theme.invalid_field() if text and not is_valid_phone(text) else "")

    def collect(self) -> OrganisationData:
        parent_id = self._parent_id if self.parent_picker.text().strip() else None
        return OrganisationData(
            name=self.name.text(),
            org_type=self.org_type.currentText(),
            street=self.address.street.text(),
            house_number=self.address.house_number.text(),
            postcode=self.address.postcode.text(),
            city=self.address.city.text(),
            sozialraum_id=self.address.sozialraum_id(),
            parent_id=parent_id,
            phone=self.phone.text(),
            email=self.email.text(),
            website=self.website.text(),
            notes=self.notes.toPlainText(),
            themes=self.themes.themes(),
            id=self._data.id,
            version=self._data.version,
        )

    def store(self, data: OrganisationData) -> int:
        return self._actors.save_organisation(data)

    def remove(self) -> None:
        self._actors.delete_organisations([self._data.id])

    def merge_edits(self, mine, current) -> SaveMerge:
        return self._actors.merge_organisation(mine, current, base=self._data)

    def adopt_version(self, current) -> None:
        self._data = current

    def show_version(self, data) -> None:
        self._load(data)

    def record_label(self) -> str:
        return self._data.name

"""The form of an Angebot: what, for whom (life phases, target groups, themes), where (at the organisation or
another place), reach, cost, language, accessibility, period and contact."""

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
    QWidget,
)

from sozialkoordination.actors.service import ActorService
from sozialkoordination.offers.service import KINDS, LIFE_PHASES, REACHES, TARGET_GROUPS, AngebotData, AngebotService
from sozialkoordination.ui.shell import theme
from sozialkoordination.ui.widgets.optional_date import OptionalDate
from sozialkoordination.ui.widgets.record_dialog import RecordDialog
from sozialkoordination.ui.widgets.record_picker import ChosenRecord, organisation_picker
from sozialkoordination.ui.widgets.theme_edit import ThemeEdit


class AngebotDialog(RecordDialog):
    def __init__(self, service: AngebotService, actors: ActorService, angebot_id: int | None = None, parent=None):
        self._service = service
        self._data = service.get(angebot_id) if angebot_id else AngebotData()
        title = self.tr("Neues Angebot") if angebot_id is None else self._data.name
        super().__init__(title, angebot_id is None, parent)
        self.setObjectName("angebotDialog")
        self.setMinimumWidth(760)
        d = self._data
        self.name = QLineEdit(d.name, self, objectName="angebotNameEdit")
        self.kind = QComboBox(self, objectName="angebotKindCombo")
        self.kind.addItems(KINDS)
        self.kind.setCurrentText(d.kind)
        self.description = QPlainTextEdit(d.description or "", self, objectName="angebotDescription")
        self.description.setMaximumHeight(60)

        phases = QWidget(self, objectName="angebotPhases")
        grid = QGridLayout(phases)
        grid.setContentsMargins(0, 0, 0, 0)
        self.phase_boxes: dict[str, QCheckBox] = {}
        for i, (code, label, _from, _to) in enumerate(LIFE_PHASES):
            box = QCheckBox(label, phases, objectName=f"phase_{code}")
            box.setChecked(code in d.life_phases)
            box.toggled.connect(self.mark_dirty)
            grid.addWidget(box, i // 3, i % 3)
            self.phase_boxes[code] = box
        self.target_groups = QLineEdit(", ".join(d.target_groups), self, objectName="angebotTargetGroups")
        self.target_groups.setPlaceholderText(
            self.tr("z. B. {0} (durch Komma getrennt)").format(", ".join(TARGET_GROUPS[:3]))
        )
        self.themes = ThemeEdit(actors.themes(), self)
        self.themes.set_themes(d.themes)

        self.organisation = ChosenRecord(organisation_picker(actors), self)
        self.organisation.setObjectName("angebotOrganisationField")
        if d.organisation_id:
            self.organisation.set_value(d.organisation_id, actors.get_organisation(d.organisation_id).name)
        self.at_organisation = QCheckBox(
            self.tr("findet bei der Organisation statt (ihre Adresse)"),
            self,
            objectName="atOrganisationCheck",
            checked=d.at_organisation,
        )
        self.street = QLineEdit(d.place_street or "", self, objectName="placeStreetEdit")
        self.street.setPlaceholderText(self.tr("Straße und Hausnummer"))
        self.postcode = QLineEdit(d.place_postcode or "", self, objectName="placePostcodeEdit", maxLength=5)
        self.postcode.setPlaceholderText(self.tr("PLZ"))
        self.postcode.setMaximumWidth(70)
        self.city = QLineEdit(d.place_city or "", self, objectName="placeCityEdit")
        self.city.setPlaceholderText(self.tr("Ort"))
        place = QHBoxLayout()
        place.addWidget(self.street, 2)
        place.addWidget(self.postcode)
        place.addWidget(self.city, 1)
        self.place_hint = QLabel(self.tr("Gemeinde und Sozialraum ergeben sich beim Speichern aus dem Ort."), self)
        self.place_hint.setStyleSheet(theme.muted())
        self.at_organisation.toggled.connect(self._place_enabled)
        self.at_organisation.toggled.connect(self.mark_dirty)
        self._place_enabled(d.at_organisation)

        self.reach = QComboBox(self, objectName="angebotReachCombo")
        self.reach.addItems(REACHES)
        self.reach.setCurrentText(d.reach)
        self.cost = QLineEdit(d.cost or "", self, objectName="angebotCostEdit")
        self.cost.setPlaceholderText(self.tr("z. B. kostenfrei, 5 € je Treffen"))
        self.language = QLineEdit(d.language or "", self, objectName="angebotLanguageEdit")
        self.language.setPlaceholderText(self.tr("z. B. Deutsch, Arabisch"))
        self.accessibility = QLineEdit(d.accessibility or "", self, objectName="angebotAccessibilityEdit")
        self.accessibility.setPlaceholderText(self.tr("z. B. barrierefrei, mit Bus erreichbar"))
        self.starts_on = OptionalDate(self, self.tr("von"), d.starts_on, stretch=False)
        self.ends_on = OptionalDate(self, self.tr("bis"), d.ends_on, stretch=False)
        period = QHBoxLayout()
        period.addLayout(self.starts_on)
        period.addLayout(self.ends_on)
        period.addStretch(1)
        self.contact = QLineEdit(d.contact or "", self, objectName="angebotContactEdit")
        self.contact.setPlaceholderText(self.tr("Ansprechperson, Telefon oder E-Mail"))

        form = QFormLayout()
        for label, widget in (
            (self.tr("Name *"), self.name),
            (self.tr("Art"), self.kind),
            (self.tr("Beschreibung"), self.description),
            (self.tr("Lebensphasen *"), phases),
            (self.tr("Zielgruppen"), self.target_groups),
            (self.tr("Themen"), self.themes),
            (self.tr("Organisation"), self.organisation),
            (self.tr("Ort"), self.at_organisation),
            ("", place),
            ("", self.place_hint),
            (self.tr("Reichweite"), self.reach),
            (self.tr("Kosten"), self.cost),
            (self.tr("Sprache"), self.language),
            (self.tr("Barrierefreiheit"), self.accessibility),
            (self.tr("Zeitraum"), period),
            (self.tr("Kontakt"), self.contact),
        ):
            form.addRow(label, widget)
        self.body.addLayout(form)
        for name, widget in (
            ("name", self.name),
            ("kind", self.kind),
            ("life_phases", phases),
            ("target_groups", self.target_groups),
            ("organisation_id", self.organisation.picker),
            ("place_postcode", self.postcode),
            ("place_city", self.city),
            ("reach", self.reach),
            ("ends_on", self.ends_on.edit),
        ):
            self.register_field(name, widget)
        for widget in (
            self.description,
            self.themes,
            self.street,
            self.cost,
            self.language,
            self.accessibility,
            self.contact,
            self.at_organisation,
            *self.phase_boxes.values(),
        ):
            self.watch(widget)
        self.organisation.changed.connect(self.mark_dirty)
        self.name.setFocus()

    def _place_enabled(self, at_organisation: bool) -> None:
        for field in (self.street, self.postcode, self.city):
            field.setEnabled(not at_organisation)

    def record_label(self) -> str:
        return self._data.name or self.tr("Neues Angebot")

    def collect(self) -> AngebotData:
        return AngebotData(
            name=self.name.text(),
            kind=self.kind.currentText(),
            description=self.description.toPlainText().strip() or None,
            target_groups=[g.strip() for g in self.target_groups.text().split(",") if g.strip()],
            life_phases=[code for code, box in self.phase_boxes.items() if box.isChecked()],
            themes=self.themes.themes(),
            organisation_id=self.organisation.value(),
            at_organisation=self.at_organisation.isChecked(),
            place_street=self.street.text(),
            place_postcode=self.postcode.text(),
            place_city=self.city.text(),
            reach=self.reach.currentText(),
            cost=self.cost.text(),
            language=self.language.text(),
            accessibility=self.accessibility.text(),
            starts_on=self.starts_on.value(),
            ends_on=self.ends_on.value(),
            contact=self.contact.text(),
            id=self._data.id,
        )

    def store(self, data: AngebotData) -> int:
        return self._service.save(data)

    def remove(self) -> None:
        self._service.delete(self._data.id)

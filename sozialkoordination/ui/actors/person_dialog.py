"""Form to create or edit a contact person, with organisations and consents (DSGVO)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from sozialkoordination.actors.conflicts import SaveMerge
from sozialkoordination.actors.service import SALUTATIONS, ActorService, AffiliationData, ConsentData, PersonData
from sozialkoordination.areas.service import AreaService
from sozialkoordination.consents.service import IMPORT_DAY, PURPOSES, SOURCES, dated_by_import
from sozialkoordination.core.errors import ValidationError
from sozialkoordination.core.normalize import is_valid_email
from sozialkoordination.ui.shell import theme
from sozialkoordination.ui.widgets.address_fields import AddressFields
from sozialkoordination.ui.widgets.record_dialog import RecordDialog
from sozialkoordination.ui.widgets.record_picker import organisation_picker
from sozialkoordination.ui.widgets.theme_edit import ThemeEdit

ID_ROLE = Qt.ItemDataRole.UserRole
CONSENT_PURPOSES = PURPOSES
CONSENT_SOURCES = SOURCES


def _format_date(value: date | None) -> str:
    return value.strftime("%d.%m.%Y") if value else ""


def _parse_date(text: str, what: str) -> date | None:
    text = text.strip()
    if not text:
        return None
    for pattern in ("%d.%m.%Y", "%d.%m.%y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValidationError({"consents": f"„{text}“ ist kein gültiges Datum für {what} (Beispiel: 24.11.2026)."})


class PersonDialog(RecordDialog):
    def __init__(
        self,
        actors: ActorService,
        areas: AreaService,
        person_id: int | None = None,
        parent=None,
        organisation_id: int | None = None,
        erase_persons: Callable[[list[int]], int] | None = None,
    ):
        self._actors = actors
        # Deleting from the form erases without trace (services/privacy.py), as the list does.
        self._erase_persons = erase_persons or actors.delete_persons
        self._data = actors.get_person(person_id) if person_id else PersonData()
        if organisation_id is not None and person_id is None:
            org = actors.get_organisation(organisation_id)
            self._data.affiliations.append(AffiliationData(organisation_id, org.name))
        title = self.tr("Neue Person") if person_id is None else self._label(self._data)
        super().__init__(title, person_id is None, parent)
        self.setObjectName("personDialog")
        self.resize(640, 560)

        tabs = QTabWidget(self, objectName="personTabs")
        self.body.addWidget(tabs)
        tabs.addTab(self._build_person_tab(areas), self.tr("Person"))
        tabs.addTab(self._build_organisations_tab(), self.tr("Organisationen"))
        tabs.addTab(self._build_consents_tab(), self.tr("Einwilligungen (DSGVO)"))

        self._load()
        for name, widget in (
            ("salutation", self.salutation),
            ("title", self.title_edit),
            ("first_name", self.first_name),
            ("last_name", self.last_name),
            ("function", self.function),
            ("phone", self.phone),
            ("mobile", self.mobile),
            ("email", self.email),
            ("themes", self.themes),
            ("notes", self.notes),
            ("postcode", self.address.postcode),
            ("affiliations", self.affiliations),
            ("consents", self.consents),
        ):
            self.register_field(name, widget)
        self.address.changed.connect(self.mark_dirty)
        self.affiliations.itemChanged.connect(self.mark_dirty)
        self.consents.itemChanged.connect(self.mark_dirty)
        self.email.editingFinished.connect(self._check_email)
        self.last_name.setFocus()

    @staticmethod
    def _label(d: PersonData) -> str:
        return " ".join(p for p in (d.title, d.first_name, d.last_name) if p)

    # -- tabs ----------------------------------------------------------------------------------
    def _build_person_tab(self, areas: AreaService) -> QWidget:
        page = QWidget(self)
        form = QFormLayout(page)
        self.salutation = QComboBox(page, objectName="salutationCombo")
        for value in SALUTATIONS:
            self.salutation.addItem(value or self.tr("– keine –"), value)
        self.title_edit = QLineEdit(page, objectName="titleEdit", placeholderText=self.tr("z. B. Dr."))
        self.first_name = QLineEdit(page, objectName="firstNameEdit")
        self.last_name = QLineEdit(page, objectName="lastNameEdit")
        self.function = QLineEdit(page, objectName="functionEdit")
        self.phone = QLineEdit(page, objectName="phoneEdit")
        self.mobile = QLineEdit(page, objectName="mobileEdit")
        self.email = QLineEdit(page, objectName="emailEdit")
        self.address = AddressFields(areas, page)
        self.themes = ThemeEdit(self._actors.themes(), page)
        self.notes = QPlainTextEdit(page, objectName="notesEdit")
        self.notes.setMaximumHeight(80)
        name_row = QWidget(page)
        name_row.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        row = QHBoxLayout(name_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.salutation)
        row.addWidget(self.title_edit)
        form.addRow(self.tr("Anrede, Titel"), name_row)
        form.addRow(self.tr("Vorname"), self.first_name)
        form.addRow(self.tr("Nachname *"), self.last_name)
        form.addRow(self.tr("Funktion"), self.function)
        form.addRow(self.tr("Telefon"), self.phone)
        form.addRow(self.tr("Mobil"), self.mobile)
        form.addRow(self.tr("E-Mail"), self.email)
        form.addRow(self.tr("Straße, Nr."), self.address.street_row)
        form.addRow(self.tr("PLZ, Ort"), self.address.place_row)
        form.addRow(self.tr("Sozialraum"), self.address.sozialraum_row)
        form.addRow(self.tr("Themen"), self.themes)
        form.addRow(self.tr("Notizen"), self.notes)
        return page

    def _build_organisations_tab(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.addWidget(
            QLabel(
                self.tr("Für welche Organisationen ist die Person tätig? Die erste gilt als Hauptorganisation."),
                page,
                wordWrap=True,
            )
        )
        self.affiliations = QTableWidget(0, 2, page, objectName="affiliationsTable")
        self.affiliations.setHorizontalHeaderLabels([self.tr("Organisation"), self.tr("Rolle / Funktion dort")])
        self.affiliations.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.affiliations.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.affiliations.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.affiliations.verticalHeader().hide()
        layout.addWidget(self.affiliations)
        row = QHBoxLayout()
        self.organisation_picker = organisation_picker(self._actors, page)
        self.organisation_picker.picked.connect(self._add_affiliation)
        remove = QPushButton(self.tr("Entfernen"), page, objectName="removeAffiliationButton")
        remove.clicked.connect(lambda: self._remove_selected(self.affiliations))
        row.addWidget(QLabel(self.tr("Hinzufügen:"), page))
        row.addWidget(self.organisation_picker, 1)
        row.addWidget(remove)
        layout.addLayout(row)
        return page

    def _build_consents_tab(self) -> QWidget:
        page = QWidget(self)
        layout = QVBoxLayout(page)
        layout.addWidget(
            QLabel(
                self.tr(
                    "Wofür hat die Person eingewilligt? Datum und Quelle belegen die Einwilligung; "
                    "ein Widerruf wird mit Datum eingetragen."
                ),
                page,
                wordWrap=True,
            )
        )
        self.consents = QTableWidget(0, 5, page, objectName="consentsTable")
        self.consents.setHorizontalHeaderLabels(
            [
                self.tr("Zweck"),
                self.tr("erteilt am"),
                self.tr("Quelle"),
                self.tr("gültig bis"),
                self.tr("widerrufen am"),
            ]
        )
        self.consents.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.consents.verticalHeader().hide()
        layout.addWidget(self.consents)
        # A consent from a partner's list marked only "ja": its date is the day of the import, said here in words.
        self.consent_date_hint = QLabel(page, objectName="consentDateHint", wordWrap=True)
        self.consent_date_hint.hide()
        layout.addWidget(self.consent_date_hint)
        row = QHBoxLayout()
        self.consent_purpose = QComboBox(page, objectName="consentPurposeCombo", editable=True)
        self.consent_purpose.addItems(CONSENT_PURPOSES)
        add = QPushButton(self.tr("Einwilligung hinzufügen"), page, objectName="addConsentButton")
        add.clicked.connect(self._add_new_consent)
        remove = QPushButton(self.tr("Entfernen"), page, objectName="removeConsentButton")
        remove.clicked.connect(lambda: self._remove_selected(self.consents))
        row.addWidget(self.consent_purpose, 1)
        row.addWidget(add)
        row.addWidget(remove)
        layout.addLayout(row)
        return page

    # -- table editing -------------------------------------------------------------------------
    def _add_affiliation(self, organisation_id: int, label: str, role: str | None = None) -> None:
        for r in range(self.affiliations.rowCount()):
            if self.affiliations.item(r, 0).data(ID_ROLE) == organisation_id:
                return
        r = self.affiliations.rowCount()
        self.affiliations.insertRow(r)
        item = QTableWidgetItem(label)
        item.setData(ID_ROLE, organisation_id)
        item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
        self.affiliations.setItem(r, 0, item)
        self.affiliations.setItem(r, 1, QTableWidgetItem(role or ""))
        self.mark_dirty()

    def _add_new_consent(self) -> None:
        self._add_consent(ConsentData(self.consent_purpose.currentText(), date.today(), CONSENT_SOURCES[0]))

    def _add_consent(self, consent: ConsentData) -> None:
        r = self.consents.rowCount()
        self.consents.insertRow(r)
        purpose = QTableWidgetItem(consent.purpose)
        purpose.setData(ID_ROLE, consent.id)
        self.consents.setItem(r, 0, purpose)
        given_on = QTableWidgetItem(_format_date(consent.given_on))
        if dated_by_import(consent.source):
            font = given_on.font()
            font.setItalic(True)
            given_on.setFont(font)
            given_on.setToolTip(
                self.tr("{0}: Die importierte Liste nannte kein Datum der Einwilligung.").format(IMPORT_DAY)
            )
        self.consents.setItem(r, 1, given_on)
        source = QTableWidgetItem(consent.source or "")
        source.setToolTip(consent.source or "")  # an import's source is longer than the column
        self.consents.setItem(r, 2, source)
        self.consents.setItem(r, 3, QTableWidgetItem(_format_date(consent.expires_on)))
        self.consents.setItem(r, 4, QTableWidgetItem(_format_date(consent.withdrawn_on)))
        self._show_consent_date_hint()
        self.mark_dirty()

    def _show_consent_date_hint(self) -> None:
        imported = [
            self.tr("„{0}“ ({1})").format(self.consents.item(r, 0).text(), self.consents.item(r, 1).text())
            for r in range(self.consents.rowCount())
            if self.consents.item(r, 2) is not None and dated_by_import(self.consents.item(r, 2).text())
        ]
        self.consent_date_hint.setText(
            self.tr(
                "Einwilligung {0}: „erteilt am“ ist das {1}. Die importierte Liste nannte kein Datum; tragen Sie das "
                "tatsächliche ein, wenn Sie es kennen."
            ).format(", ".join(imported), IMPORT_DAY)
            if imported
            else ""
        )
        self.consent_date_hint.setVisible(bool(imported))

    def _remove_selected(self, table: QTableWidget) -> None:
        rows = sorted({i.row() for i in table.selectedIndexes()}, reverse=True)
        for r in rows:
            table.removeRow(r)
        if table is self.consents:
            self._show_consent_date_hint()
        if rows:
            self.mark_dirty()

    # -- load / collect ------------------------------------------------------------------------
    def _load(self, d: PersonData | None = None) -> None:
        d = d or self._data
        self.affiliations.setRowCount(0)
        self.consents.setRowCount(0)
        self._show_consent_date_hint()
        self.salutation.setCurrentIndex(max(self.salutation.findData(d.salutation or ""), 0))
        self.title_edit.setText(d.title or "")
        self.first_name.setText(d.first_name or "")
        self.last_name.setText(d.last_name)
        self.function.setText(d.function or "")
        self.phone.setText(d.phone or "")
        self.mobile.setText(d.mobile or "")
        self.email.setText(d.email or "")
        self.address.load(d.street, d.house_number, d.postcode, d.city, d.sozialraum_id)
        self.themes.set_themes(d.themes)
        self.notes.setPlainText(d.notes or "")
        for aff in d.affiliations:
            self._add_affiliation(aff.organisation_id, aff.organisation_name, aff.role)
        for consent in d.consents:
            self._add_consent(consent)
        self._dirty = False

    def _check_email(self) -> None:
        text = self.email.text().strip()
        self.email.setStyleSheet(theme.invalid_field() if text and not is_valid_email(text) else "")

    def collect(self) -> PersonData:
        affiliations = [
            AffiliationData(
                self.affiliations.item(r, 0).data(ID_ROLE),
                self.affiliations.item(r, 0).text(),
                self.affiliations.item(r, 1).text(),
            )
            for r in range(self.affiliations.rowCount())
        ]
        consents = []
        for r in range(self.consents.rowCount()):
            cell = self.consents.item
            purpose = cell(r, 0).text()
            consents.append(
                ConsentData(
                    purpose=purpose,
                    given_on=_parse_date(cell(r, 1).text(), f"„erteilt am“ ({purpose})"),
                    source=cell(r, 2).text(),
                    expires_on=_parse_date(cell(r, 3).text(), f"„gültig bis“ ({purpose})"),
                    withdrawn_on=_parse_date(cell(r, 4).text(), f"„widerrufen am“ ({purpose})"),
                    id=cell(r, 0).data(ID_ROLE),
                )
            )
        return PersonData(
            last_name=self.last_name.text(),
            first_name=self.first_name.text(),
            salutation=self.salutation.currentData(),
            title=self.title_edit.text(),
            function=self.function.text(),
            phone=self.phone.text(),
            mobile=self.mobile.text(),
            email=self.email.text(),
            street=self.address.street.text(),
            house_number=self.address.house_number.text(),
            postcode=self.address.postcode.text(),
            city=self.address.city.text(),
            sozialraum_id=self.address.sozialraum_id(),
            notes=self.notes.toPlainText(),
            themes=self.themes.themes(),
            affiliations=affiliations,
            consents=consents,
            id=self._data.id,
            version=self._data.version,
        )

    def store(self, data: PersonData) -> int:
        return self._actors.save_person(data)

    def remove(self) -> None:
        self._erase_persons([self._data.id])

    def deletion_notes(self) -> list[str]:
        return self._actors.deletion_notes([self._data.id]) if self._data.id is not None else []

    def merge_edits(self, mine, current) -> SaveMerge:
        return self._actors.merge_person(mine, current, base=self._data)

    def adopt_version(self, current) -> None:
        self._data = current

    def show_version(self, data) -> None:
        self._load(data)

    def record_label(self) -> str:
        return self._label(self._data)

"""Asks for the coordinator's name and own Sozialregion (at first start and later in the settings) and, in the
settings, for the sender of letters and documents: Dienststelle, contact, address, logo and own Word template."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
)

from sozialkoordination.areas.service import RegionDTO
from sozialkoordination.coordinator_profile.service import Profile, ProfileService
from sozialkoordination.core.errors import DomainError, ValidationError
from sozialkoordination.core.letters import SenderProfile
from sozialkoordination.ui.shell import theme
from sozialkoordination.ui.widgets.save_dialog import choose_save_path

# SenderProfile field → (label, object name, placeholder)
SENDER_FIELDS = (
    ("dienststelle", "Dienststelle", "senderDienststelleEdit", "Landkreis Göttingen"),
    ("fachbereich", "Fachbereich", "senderFachbereichEdit", "Fachbereich Soziales – Sozialkoordination"),
    ("contact", "Ansprechpartner*in", "senderContactEdit", "Vorname Nachname"),
    ("street", "Straße und Nr.", "senderStreetEdit", "Reinhäuser Landstraße 4"),
    ("postcode", "PLZ", "senderPostcodeEdit", "37083"),
    ("city", "Ort", "senderCityEdit", "Göttingen"),
    ("phone", "Telefon", "senderPhoneEdit", "0551 525-0"),
    ("email", "E-Mail", "senderEmailEdit", "name@landkreisgoettingen.de"),
)


class ProfileDialog(QDialog):
    def __init__(
        self, profiles: ProfileService, regions: list[RegionDTO], first_start: bool, offer_demo: bool, parent=None
    ):
        super().__init__(parent)
        self.setObjectName("profileDialog")
        self.setWindowTitle(self.tr("Willkommen bei Sozialkoordination") if first_start else self.tr("Einstellungen"))
        self.setMinimumWidth(560)  # "– keine (Standard) –" beside the two buttons on one line
        self._profiles = profiles
        self._first_start = first_start
        self.profile: Profile | None = None
        current = profiles.load()

        layout = QVBoxLayout(self)
        if first_start:
            intro = QLabel(
                self.tr(
                    "Schön, dass Sie da sind. Damit Listen und Übersichten gleich zu Ihrer Arbeit passen, "
                    "sagen Sie uns bitte, wer Sie sind und für welche Sozialregion Sie zuständig sind. "
                    "Sie können das später unter „Datei → Einstellungen“ ändern."
                ),
                self,
                wordWrap=True,
            )
            layout.addWidget(intro)
        form = QFormLayout()
        layout.addLayout(form)
        self.name_edit = QLineEdit(current.user_name or "", self, objectName="userNameEdit")
        self.name_edit.setPlaceholderText(self.tr("Vorname Nachname"))
        self.region_combo = QComboBox(self, objectName="userRegionCombo")
        self.region_combo.addItem(self.tr("– keine, ganzer Landkreis –"), None)
        for region in regions:
            self.region_combo.addItem(region.name, region.id)
        self.region_combo.setCurrentIndex(max(self.region_combo.findData(current.sozialregion_id), 0))
        form.addRow(self.tr("Ihr Name"), self.name_edit)
        form.addRow(self.tr("Ihre Sozialregion"), self.region_combo)
        self.sender_edits: dict[str, QLineEdit] = {}
        self._sender = profiles.sender()
        self.sender_box = QGroupBox(self.tr("Absender für Briefe, Protokolle und E-Mails"), self)
        self.sender_box.setObjectName("senderBox")
        sender_form = QFormLayout(self.sender_box)
        for name, label, object_name, placeholder in SENDER_FIELDS:
            edit = QLineEdit(getattr(self._sender, name) or "", self.sender_box, objectName=object_name)
            edit.setPlaceholderText(placeholder)
            self.sender_edits[name] = edit
            sender_form.addRow(self.tr(label), edit)
        self.logo_label = QLabel(self.sender_box, objectName="logoLabel")
        self.logo_button = QPushButton(self.tr("Logo wählen …"), self.sender_box, objectName="logoButton")
        self.logo_button.clicked.connect(lambda: self.choose_logo())
        self.logo_remove = QPushButton(self.tr("Entfernen"), self.sender_box, objectName="logoRemoveButton")
        self.logo_remove.clicked.connect(lambda: self._set_file("logo", None, None))
        sender_form.addRow(self.tr("Logo"), self._file_row(self.logo_label, self.logo_button, self.logo_remove))
        self.template_label = QLabel(self.sender_box, objectName="templateLabel", wordWrap=True)
        self.template_button = QPushButton(
            self.tr("Word-Vorlage wählen …"), self.sender_box, objectName="templateButton"
        )
        self.template_button.clicked.connect(lambda: self.choose_template())
        self.template_remove = QPushButton(self.tr("Entfernen"), self.sender_box, objectName="templateRemoveButton")
        self.template_remove.clicked.connect(lambda: self._set_file("template", None, None))
        self.template_button.setToolTip(
            self.tr(
                "Ihr Briefkopf als Word-Vorlage (.dotx oder .docx): Kopf- und Fußzeilen und Formatvorlagen werden "
                "für Briefe, Tagesordnung, Teilnahmeliste und Protokoll übernommen. Platzhalter wie "
                "{{ dienststelle }}, {{ telefon }} oder {{ inhalt }} werden ausgefüllt (Handbuch „Eigene "
                "Word-Vorlage“). Anschriftfeld und Informationsblock setzt das Programm nach DIN 5008; der "
                "Briefkopf gehört in die oberen 45 mm."
            )
        )
        sender_form.addRow(
            self.tr("Eigene Vorlage"), self._file_row(self.template_label, self.template_button, self.template_remove)
        )
        self.template_sample = QPushButton(
            self.tr("Standardvorlage speichern …"), self.sender_box, objectName="templateSampleButton"
        )
        self.template_sample.setToolTip(
            self.tr(
                "Speichert das Aussehen des Programms als Word-Vorlage mit Platzhaltern: in Word anpassen "
                "(Logo, Schrift, Fußzeile) und hier als eigene Vorlage wählen."
            )
        )
        self.template_sample.clicked.connect(lambda: self.save_standard_template())
        sample_row = QHBoxLayout()
        sample_row.addStretch(1)
        sample_row.addWidget(self.template_sample)
        sender_form.addRow("", sample_row)
        self._show_files()
        self.sender_box.setVisible(not first_start)
        layout.addWidget(self.sender_box)
        self.demo_check = QCheckBox(self.tr("Fiktive Demo-Daten laden, um das Programm kennenzulernen"), self)
        self.demo_check.setObjectName("demoCheck")
        self.demo_check.setVisible(offer_demo)
        self._offer_demo = offer_demo
        layout.addWidget(self.demo_check)
        self.error_label = QLabel(self, objectName="errorLabel", wordWrap=True)
        self.error_label.setStyleSheet(theme.error_text())
        self.error_label.hide()
        layout.addWidget(self.error_label)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            self.tr("Los geht's") if first_start else self.tr("Speichern")
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setObjectName("okButton")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Abbrechen"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setObjectName("cancelButton")
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    @property
    def wants_demo(self) -> bool:
        return self._offer_demo and self.demo_check.isChecked()

    def _file_row(self, label: QLabel, choose: QPushButton, remove: QPushButton) -> QHBoxLayout:
        row = QHBoxLayout()
        row.addWidget(label, 1)
        row.addWidget(choose)
        row.addWidget(remove)
        return row

    def _show_files(self) -> None:
        self.logo_label.setText(self._sender.logo_name or self.tr("– kein Logo –"))
        self.logo_remove.setEnabled(self._sender.logo is not None)
        self.template_label.setText(self._sender.template_name or self.tr("– keine (Standard) –"))
        self.template_remove.setEnabled(self._sender.template is not None)

    def _set_file(self, kind: str, data: bytes | None, name: str | None) -> None:
        self._sender = replace(self._sender, **{kind: data, f"{kind}_name": name})
        self._show_files()

    def _read_chosen(self, title: str, filters: str) -> tuple[bytes, str] | None:
        settings = QSettings()
        folder = settings.value("folders/letterhead", str(Path.home()))
        chosen, _filter = QFileDialog.getOpenFileName(self, title, str(folder), filters)
        if not chosen:
            return None
        path = Path(chosen)
        settings.setValue("folders/letterhead", str(path.parent))
        try:
            return path.read_bytes(), path.name
        except OSError as error:
            self._show_errors(
                [self.tr("„{0}“ konnte nicht gelesen werden: {1}").format(path.name, error.strerror or error)]
            )
            return None

    def choose_logo(self) -> None:
        chosen = self._read_chosen(self.tr("Logo wählen"), self.tr("Bilder (*.png *.jpg *.jpeg)"))
        if chosen:
            self._set_file("logo", *chosen)

    def choose_template(self) -> None:
        chosen = self._read_chosen(self.tr("Word-Vorlage wählen"), self.tr("Word-Vorlagen (*.dotx *.docx)"))
        if chosen:
            self._set_file("template", *chosen)

    def save_standard_template(self) -> None:
        target = choose_save_path(
            self,
            self.tr("Standardvorlage speichern"),
            "Standardvorlage.docx",
            [(self.tr("Word-Dokument"), ".docx")],
            setting="folders/letterhead",
        )
        if target is None:
            return
        try:
            self._profiles.save_standard_template(target)
        except DomainError as error:
            self._show_errors([str(error)])
            return
        self.error_label.hide()
        QMessageBox.information(
            self,
            self.tr("Standardvorlage gespeichert"),
            self.tr(
                "Die Standardvorlage ist gespeichert: {0}\n\nPassen Sie sie in Word an und wählen Sie sie dann "
                "mit „Word-Vorlage wählen …“. Die Platzhalter beschreibt das Handbuch „Eigene Word-Vorlage“."
            ).format(target),
        )

    def _show_errors(self, messages: list[str]) -> None:
        self.error_label.setText("\n".join(messages))
        self.error_label.show()

    def _save(self) -> None:
        sender = replace(self._sender, **{name: edit.text() for name, edit in self.sender_edits.items()})
        try:
            self.profile = self._profiles.save(self.name_edit.text(), self.region_combo.currentData())
        except ValidationError as error:
            self._show_errors(list(error.fields.values()))
            self.name_edit.setFocus()
            return
        if not self._first_start:
            try:
                self._sender = self._profiles.save_sender(sender)
            except ValidationError as error:
                self._show_errors(list(error.fields.values()))
                first = next((self.sender_edits[k] for k in error.fields if k in self.sender_edits), None)
                if first is not None:
                    first.setFocus()
                return
        self.accept()

    @property
    def sender(self) -> SenderProfile:
        return self._sender

    def reject(self) -> None:
        """At first start, cancelling ends the program: it asks first instead of closing without a word
        (Abbrechen, Escape and the window's close button all come here)."""
        if self._first_start:
            answer = QMessageBox.question(
                self,
                self.tr("Ohne Angaben beenden?"),
                self.tr(
                    "Ohne Angaben beenden?\n\nIhr Name steht im Änderungsprotokoll bei allem, was Sie eintragen; "
                    "ohne ihn startet Sozialkoordination nicht. Beim nächsten Start werden Sie wieder gefragt. "
                    "Die Sozialregion können Sie leer lassen und später unter „Datei → Einstellungen“ wählen."
                ),
                QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                QMessageBox.StandardButton.No,
            )
            if answer != QMessageBox.StandardButton.Yes:
                self.name_edit.setFocus()
                return
        super().reject()

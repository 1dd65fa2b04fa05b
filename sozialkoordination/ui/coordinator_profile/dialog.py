"""Asks for the coordinator's name and own Sozialregion: at first start and later in the settings."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QVBoxLayout,
)

from sozialkoordination.areas.service import RegionDTO
from sozialkoordination.coordinator_profile.service import Profile, ProfileService
from sozialkoordination.core.errors import ValidationError
from sozialkoordination.ui.shell import theme


class ProfileDialog(QDialog):
    def __init__(
        self, profiles: ProfileService, regions: list[RegionDTO], first_start: bool, offer_demo: bool, parent=None
    ):
        super().__init__(parent)
        self.setObjectName("profileDialog")
        self.setWindowTitle(self.tr("Willkommen bei Sozialkoordination") if first_start else self.tr("Einstellungen"))
        self.setMinimumWidth(480)
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

    def _save(self) -> None:
        try:
            self.profile = self._profiles.save(self.name_edit.text(), self.region_combo.currentData())
        except ValidationError as error:
            self.error_label.setText("\n".join(error.fields.values()))
            self.error_label.show()
            self.name_edit.setFocus()
            return
        self.accept()

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

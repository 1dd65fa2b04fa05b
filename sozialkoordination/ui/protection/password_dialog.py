"""Passwords: unlocking an encrypted database at start, and setting, changing or removing its password."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
)

from sozialkoordination.core.errors import ValidationError
from sozialkoordination.protection.service import MIN_PASSWORD_LENGTH, check_new_password
from sozialkoordination.ui.shell import theme


def _password_field(parent, name: str) -> QLineEdit:
    field = QLineEdit(parent, objectName=name)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setMinimumWidth(280)
    return field


class UnlockDialog(QDialog):
    """Asks for the password of an encrypted database; shows why the last try failed."""

    def __init__(self, database_name: str, problem: str = "", parent=None):
        super().__init__(parent)
        self.setObjectName("unlockDialog")
        self.setMinimumWidth(420)
        self.setWindowTitle(self.tr("Sozialkoordination – Kennwort"))
        intro = QLabel(
            self.tr("Die Datenbank „{0}“ ist verschlüsselt. Bitte geben Sie das Kennwort ein.").format(database_name),
            self,
            wordWrap=True,
        )
        self.password = _password_field(self, "passwordField")
        self.message = QLabel(problem, self, objectName="unlockMessage", wordWrap=True)
        self.message.setStyleSheet(theme.error_text())
        self.message.setVisible(bool(problem))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Öffnen"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Beenden"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Kennwort:"), self.password)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addWidget(buttons)

    def value(self) -> str:
        return self.password.text()


class PasswordDialog(QDialog):
    """Set or change the password of the database, or remove it; with `transfer`, choose the password of a
    sealed copy for a stick or the district office."""

    def __init__(self, encrypted: bool, parent=None, transfer: bool = False):
        super().__init__(parent)
        self.setObjectName("passwordDialog")
        self.setMinimumWidth(540)
        if transfer:
            self.setWindowTitle(self.tr("Kennwort für die verschlüsselte Kopie"))
            text = self.tr(
                "Die Kopie wird mit diesem Kennwort verschlüsselt; wer sie öffnen soll, braucht nur dieses Kennwort. "
                "Geben Sie es auf einem anderen Weg weiter als die Datei (z. B. am Telefon)."
            )
        else:
            self.setWindowTitle(self.tr("Kennwortschutz der Datenbank"))
            state = (
                self.tr("Die Datenbank ist verschlüsselt.")
                if encrypted
                else self.tr("Die Datenbank ist nicht verschlüsselt: Wer den Laptop hat, kann die Daten lesen.")
            )
            text = (
                state
                + " "
                + self.tr(
                    "Mit Kennwort sind die Datenbankdatei und alle automatischen Sicherungen verschlüsselt. "
                    "Bewahren Sie das Kennwort gut auf: Ohne es lassen sich die Daten nicht wiederherstellen."
                )
            )
        intro = QLabel(text, self, wordWrap=True)
        self.new_password = _password_field(self, "newPasswordField")
        self.new_password.setPlaceholderText(self.tr("mindestens {0} Zeichen").format(MIN_PASSWORD_LENGTH))
        self.repeated = _password_field(self, "repeatedPasswordField")
        self.remove = QCheckBox(self.tr("Kennwortschutz entfernen"), self, objectName="removePasswordCheck")
        self.remove.setVisible(encrypted and not transfer)
        self.remove.toggled.connect(self._toggle_remove)
        self.message = QLabel(self, objectName="passwordMessage", wordWrap=True)
        self.message.setStyleSheet(theme.error_text())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(
            self.tr("Weiter") if transfer else self.tr("Kennwort ändern") if encrypted else self.tr("Verschlüsseln")
        )
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Abbrechen"))
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form = QFormLayout()
        form.addRow(self.tr("Kennwort:") if transfer else self.tr("Neues Kennwort:"), self.new_password)
        form.addRow(self.tr("Wiederholen:"), self.repeated)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.remove)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        # A wrapped label gets its height only from a width: size the dialog for the text, not the fields.
        intro.setMinimumHeight(intro.heightForWidth(500))

    def _toggle_remove(self, on: bool) -> None:
        self.new_password.setEnabled(not on)
        self.repeated.setEnabled(not on)
        self.ok_button.setText(self.tr("Schutz entfernen") if on else self.tr("Kennwort ändern"))

    def new_value(self) -> str | None:
        """The new password, or None to remove the protection."""
        return None if self.remove.isChecked() else self.new_password.text()

    def accept(self) -> None:
        if not self.remove.isChecked():
            try:
                check_new_password(self.new_password.text(), self.repeated.text())
            except ValidationError as error:
                self.message.setText(" ".join(error.fields.values()))
                return
        super().accept()

"""Base of the record forms: Save/Cancel/Delete, validation messages at the fields, unsaved-change protection."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...services.errors import DomainError, ValidationError

INVALID_STYLE = "border: 1px solid #c0392b; background: #fdf0ef;"


class RecordDialog(QDialog):
    """Subclasses build their form into `self.body` and provide `collect()` (form → data),
    `store(data) -> id` and `remove()`; they may override `record_label()` for messages."""

    def __init__(self, title: str, is_new: bool, parent=None):
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(560)
        self.saved_id: int | None = None
        self.deleted = False
        self._dirty = False
        self._field_widgets: dict[str, QWidget] = {}

        layout = QVBoxLayout(self)
        self.error_label = QLabel(self, objectName="errorLabel", wordWrap=True)
        self.error_label.setStyleSheet("color: #c0392b; padding: 6px; background: #fdf0ef; border-radius: 4px;")
        self.error_label.hide()
        layout.addWidget(self.error_label)
        self.body = QVBoxLayout()
        layout.addLayout(self.body, 1)

        self.buttons = QDialogButtonBox(self)
        self.save_button = self.buttons.addButton(self.tr("Speichern"), QDialogButtonBox.ButtonRole.AcceptRole)
        self.save_button.setObjectName("saveButton")
        self.save_button.setDefault(True)
        cancel = self.buttons.addButton(self.tr("Abbrechen"), QDialogButtonBox.ButtonRole.RejectRole)
        cancel.setObjectName("cancelButton")
        self.delete_button: QPushButton | None = None
        if not is_new:
            self.delete_button = self.buttons.addButton(
                self.tr("Löschen …"), QDialogButtonBox.ButtonRole.DestructiveRole
            )
            self.delete_button.setObjectName("deleteButton")
            self.delete_button.clicked.connect(self._delete)
        self.buttons.accepted.connect(self._save)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        QShortcut(QKeySequence.StandardKey.Save, self, activated=self._save)

    def record_label(self) -> str:
        return self.windowTitle()

    def add_action_button(self, text: str, name: str, slot) -> QPushButton:
        """A further action on the saved record (Änderungsverlauf, Auskunft …) beside Löschen."""
        button = self.buttons.addButton(text, QDialogButtonBox.ButtonRole.ActionRole)
        button.setObjectName(name)
        button.clicked.connect(slot)
        return button

    # -- helpers for subclasses ----------------------------------------------------------------
    def register_field(self, name: str, widget: QWidget) -> None:
        """Name a widget after the data field so validation messages can point at it; track edits."""
        self._field_widgets[name] = widget
        self.watch(widget)

    def watch(self, widget: QWidget) -> None:
        if isinstance(widget, QLineEdit):
            widget.textEdited.connect(self.mark_dirty)
        elif isinstance(widget, QPlainTextEdit):
            widget.textChanged.connect(self.mark_dirty)
        elif isinstance(widget, QComboBox):
            widget.currentIndexChanged.connect(self.mark_dirty)
            if widget.isEditable():
                widget.editTextChanged.connect(self.mark_dirty)

    def mark_dirty(self, *_args) -> None:
        self._dirty = True

    def show_errors(self, error: DomainError) -> None:
        for widget in self._field_widgets.values():
            widget.setStyleSheet("")
            widget.setToolTip("")
        if isinstance(error, ValidationError):
            lines = []
            for name, message in error.fields.items():
                widget = self._field_widgets.get(name)
                if widget is not None:
                    widget.setStyleSheet(INVALID_STYLE)
                    widget.setToolTip(message)
                lines.append("• " + message)
            self.error_label.setText(self.tr("Bitte korrigieren Sie:") + "\n" + "\n".join(lines))
            first = next((self._field_widgets[n] for n in error.fields if n in self._field_widgets), None)
            if first is not None:
                first.setFocus()
        else:
            self.error_label.setText(str(error))
        self.error_label.show()

    # -- actions -------------------------------------------------------------------------------
    def _save(self) -> None:
        try:
            self.saved_id = self.store(self.collect())
        except DomainError as error:
            self.show_errors(error)
            return
        self._dirty = False
        self.accept()

    def _delete(self) -> None:
        answer = QMessageBox.question(
            self,
            self.tr("Löschen bestätigen"),
            self.tr("„{0}“ wirklich löschen? Das lässt sich nicht rückgängig machen.").format(self.record_label()),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.No,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self.remove()
        except DomainError as error:
            self.show_errors(error)
            return
        self.deleted = True
        self._dirty = False
        self.accept()

    def reject(self) -> None:
        if self._dirty:
            answer = QMessageBox.question(
                self,
                self.tr("Ungespeicherte Änderungen"),
                self.tr("Sie haben Änderungen vorgenommen, die noch nicht gespeichert sind. Jetzt speichern?"),
                QMessageBox.StandardButton.Save
                | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel,
                QMessageBox.StandardButton.Save,
            )
            if answer == QMessageBox.StandardButton.Cancel:
                return
            if answer == QMessageBox.StandardButton.Save:
                self._save()
                return
        super().reject()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        if self._dirty:
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)

"""Base of the record forms: Save/Cancel/Delete, validation messages at the fields, unsaved-change protection,
and drafts that survive a crash."""

from __future__ import annotations

import logging

from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
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

from sozialkoordination.actors.conflicts import SaveMerge
from sozialkoordination.core.errors import ConflictError, DatabaseBusyError, DomainError, ValidationError
from sozialkoordination.drafts.service import DraftService, draft_key
from sozialkoordination.ui.shell import theme
from sozialkoordination.ui.widgets.conflict_dialog import KEEP_MINE, TAKE_THEIRS, ConflictDialog, saved_by
from sozialkoordination.ui.widgets.date_input import TypedInput, confirm_unusual_dates, first_problem

log = logging.getLogger(__name__)

DRAFT_DELAY_MS = 1500  # a draft is written after a short pause in typing, not on every key


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
        self._watched: list[QWidget] = []
        self._drafts: DraftService | None = None
        self._draft_key = ""
        self._draft_timer = QTimer(self, singleShot=True, interval=DRAFT_DELAY_MS)
        self._draft_timer.timeout.connect(self.save_draft)
        self.conflict_dialog: ConflictDialog | None = None  # open while the user decides a save conflict
        self.status_text: str | None = None  # for the status bar when the outcome is not a plain save

        layout = QVBoxLayout(self)
        self.error_label = QLabel(self, objectName="errorLabel", wordWrap=True)
        self.error_label.setStyleSheet(theme.error_box())
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

    def setVisible(self, visible: bool) -> None:  # noqa: N802 - Qt API
        """QDialog hands the focus to its field as if reached by Tab, and a line edit reached by Tab selects its
        text: the first letter typed into an opened record replaced the surname. The cursor goes to the end."""
        super().setVisible(visible)
        field = self.focusWidget() if visible else None
        if isinstance(field, QLineEdit) and field.hasSelectedText():
            field.deselect()
            field.end(False)

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
        if widget not in self._watched:
            self._watched.append(widget)
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
        if self._drafts is not None:
            self._draft_timer.start()

    # -- drafts ----------------------------------------------------------------------------------
    def use_drafts(self, drafts: DraftService, record_id: int | None) -> None:
        """Keep what is typed as a draft in the database; offer a draft left by a crash for this record."""
        self._drafts = drafts
        self._draft_key = draft_key(type(self).__name__, record_id)
        try:
            draft = drafts.load(self._draft_key)
        except DomainError:
            return
        if draft is None:
            return
        answer = QMessageBox.question(
            self,
            self.tr("Ungespeicherte Eingaben gefunden"),
            self.tr(
                "Für dieses Formular gibt es Eingaben vom {0}, die nicht gespeichert wurden (zum Beispiel wegen "
                "eines Absturzes). Sollen sie wiederhergestellt werden?"
            ).format(f"{draft.saved_at:%d.%m.%Y %H:%M}"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            QMessageBox.StandardButton.Yes,
        )
        if answer == QMessageBox.StandardButton.Yes:
            self._apply_values(draft.values)
            self.mark_dirty()
        else:
            self.discard_draft()

    def _values(self) -> dict[str, object]:
        values: dict[str, object] = {}
        for i, widget in enumerate(self._watched):
            key = f"{i}:{widget.objectName()}"
            if isinstance(widget, QLineEdit):
                values[key] = widget.text()
            elif isinstance(widget, QPlainTextEdit):
                values[key] = widget.toPlainText()
            elif isinstance(widget, QComboBox):
                values[key] = widget.currentText() if widget.isEditable() else widget.currentIndex()
            elif isinstance(widget, QCheckBox):
                values[key] = widget.isChecked()
        return values

    def _apply_values(self, values: dict[str, object]) -> None:
        for i, widget in enumerate(self._watched):
            value = values.get(f"{i}:{widget.objectName()}")
            if value is None:
                continue
            if isinstance(widget, QLineEdit):
                widget.setText(str(value))
                if isinstance(widget, TypedInput):
                    widget.finish_editing()  # drafts from before kept dates as 2026-03-12: shown as 12.03.2026
            elif isinstance(widget, QPlainTextEdit):
                widget.setPlainText(str(value))
            elif isinstance(widget, QComboBox):
                widget.setEditText(str(value)) if widget.isEditable() else widget.setCurrentIndex(int(value))
            elif isinstance(widget, QCheckBox):
                widget.setChecked(bool(value))

    def save_draft(self) -> None:
        if self._drafts is None or not self._dirty:
            return
        try:
            self._drafts.save(self._draft_key, self._values())
        except DomainError:  # no draft while the stick is away; the form itself keeps the input
            log.warning("Entwurf konnte nicht gespeichert werden", exc_info=True)

    def discard_draft(self) -> None:
        self._draft_timer.stop()
        if self._drafts is None:
            return
        try:
            self._drafts.discard(self._draft_key)
        except DomainError:
            log.warning("Entwurf konnte nicht verworfen werden", exc_info=True)

    def show_errors(self, error: DomainError) -> None:
        self.error_label.setStyleSheet(theme.error_box())
        for widget in self._field_widgets.values():
            widget.setStyleSheet("")
            widget.setToolTip("")
        if isinstance(error, ValidationError):
            lines = []
            for name, message in error.fields.items():
                widget = self._field_widgets.get(name)
                if widget is not None:
                    widget.setStyleSheet(theme.invalid_field())
                    widget.setToolTip(message)
                lines.append("• " + message)
            self.error_label.setText(self.tr("Bitte korrigieren Sie:") + "\n" + "\n".join(lines))
            first = next((self._field_widgets[n] for n in error.fields if n in self._field_widgets), None)
            if first is not None:
                first.setFocus()
        else:
            self.error_label.setText(str(error))
        self.error_label.show()

    # -- concurrent edits ------------------------------------------------------------------------
    def merge_edits(self, mine, current) -> SaveMerge | None:
        """Subclasses whose service reports the other version: the user's edits (against the version the form was
        loaded from) laid over `current`, and the fields both changed."""
        return None

    def adopt_version(self, current) -> None:
        """Take the version saved meanwhile as the form's base: the next save goes over it."""

    def show_version(self, data) -> None:
        """Show `data` in the form (the saved version with the user's own edits), keeping the base."""

    def _show_conflict(self, conflict: ConflictError) -> None:
        """Someone saved the record meanwhile. The form takes their version as its base and shows it with the
        user's own edits on top: different fields are simply both kept and saved; only fields both changed are
        shown side by side. So neither "Meine Eingabe speichern" nor a later "Speichern" reverts a field the user
        never touched."""
        try:
            merge = self.merge_edits(self.collect(), conflict.current)
        except DomainError as error:
            self.show_errors(error)
            return
        if merge is None:
            self.show_errors(conflict)
            return
        self.adopt_version(conflict.current)
        self.show_version(merge.data)
        self.mark_dirty()
        if not merge.clashes:
            who = saved_by(conflict.changed_by, conflict.changed_at) or self.tr("inzwischen an anderer Stelle")
            kept = ", ".join(d.label for d in merge.kept) or self.tr("keine Feldänderung")
            self.status_text = self.tr("Gespeichert, zusammen mit den {0} gespeicherten Änderungen ({1}).").format(
                who, kept
            )
            self._save()  # a still newer version meanwhile is merged (or asked about) again
            if self.saved_id is None:
                self.status_text = None
            return
        dialog = ConflictDialog(
            self.record_label(), merge.clashes, conflict.changed_by, conflict.changed_at, self, kept=merge.kept
        )
        self.conflict_dialog = dialog
        dialog.finished.connect(lambda _result: self._conflict_decided(dialog, conflict, merge))
        dialog.open()

    def _conflict_decided(self, dialog: ConflictDialog, conflict: ConflictError, merge: SaveMerge) -> None:
        self.conflict_dialog = None
        dialog.deleteLater()
        if dialog.choice == KEEP_MINE:
            self._save()  # the form holds their version with the user's edits; a still newer one asks again
        elif dialog.choice == TAKE_THEIRS:
            self.saved_id = getattr(conflict.current, "id", None)  # the list shows the version that counts now
            self.status_text = self.tr("Die inzwischen gespeicherte Fassung gilt; Ihre Eingaben wurden verworfen.")
            self._dirty = False
            self.discard_draft()
            self.accept()
        else:
            who = saved_by(conflict.changed_by, conflict.changed_at) or self.tr("inzwischen an anderer Stelle")
            lines = [f"• {d.label}: {d.theirs or self.tr('(leer)')}" for d in merge.clashes + merge.kept]
            text = self.tr(
                "„{0}“ wurde {1} gespeichert. Das Formular zeigt jetzt diese Fassung mit Ihren Änderungen; sie sind "
                "noch nicht gespeichert. „Speichern“ speichert, was jetzt im Formular steht."
            ).format(self.record_label(), who)
            if lines:
                text += "\n" + self.tr("Dort geändert:") + "\n" + "\n".join(lines)
            self.error_label.setStyleSheet(theme.notice_box())  # a notice, not a mistake
            self.error_label.setText(text)
            self.error_label.show()

    # -- actions -------------------------------------------------------------------------------
    def _typed_fields_ready(self) -> bool:
        """Form validation before the service sees anything: a date or time that does not exist is refused
        with the reason at the top of the form; a date far off is questioned."""
        found = first_problem(self)
        if found is not None:
            field, problem = found
            self.error_label.setStyleSheet(theme.error_box())
            self.error_label.setText(problem)
            self.error_label.show()
            field.setFocus()
            field.selectAll()
            return False
        return confirm_unusual_dates(self)

    def _save(self) -> None:
        if not self._typed_fields_ready():
            return
        try:
            self.saved_id = self.store(self.collect())
        except ConflictError as conflict:
            if conflict.current is None:
                self.show_errors(conflict)
            else:
                self._show_conflict(conflict)
            return
        except DatabaseBusyError as error:
            if self._try_again(error):
                self._save()
            else:
                self.show_errors(error)
            return
        except DomainError as error:
            self.show_errors(error)
            return
        self._dirty = False
        self.discard_draft()
        self.accept()

    def _try_again(self, error: DatabaseBusyError) -> bool:
        """Another program (or an import in the background) is writing: the user may try again at once; the form
        keeps the input either way."""
        box = QMessageBox(QMessageBox.Icon.Warning, self.tr("Datenbank belegt"), str(error), parent=self)
        box.setObjectName("busyMessage")
        again = box.addButton(self.tr("Wiederholen"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Abbrechen"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(again)
        box.exec()
        return box.clickedButton() is again

    def deletion_notes(self) -> list[str]:
        """What deleting the record touches besides itself (open tasks, approved minutes …), said before."""
        return []

    def _delete(self) -> None:
        question = self.tr("„{0}“ wirklich löschen? Das lässt sich nicht rückgängig machen.")
        question = question.format(self.record_label())
        answer = QMessageBox.question(
            self,
            self.tr("Löschen bestätigen"),
            "\n".join([question, *self.deletion_notes()]),
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
        self.discard_draft()
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
        self.discard_draft()
        super().reject()

    def closeEvent(self, event) -> None:  # noqa: N802 - Qt API
        if self._dirty:
            event.ignore()
            self.reject()
            return
        super().closeEvent(event)

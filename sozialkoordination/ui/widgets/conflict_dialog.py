"""A save met a newer version saved by someone else: both side by side, and the user chooses which one counts."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QFont
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from sozialkoordination.actors.conflicts import FieldDifference
from sozialkoordination.ui.shell import theme

KEEP_MINE, TAKE_THEIRS, EDIT = "mine", "theirs", "edit"


def saved_by(changed_by: str | None, changed_at: datetime | None) -> str:
    """ "von Bernd Beispiel am 05.12.2026 um 14:03 Uhr" – as much as the audit log knows."""
    parts = []
    if changed_by:
        parts.append(f"von {changed_by}")
    if changed_at:
        parts.append(f"am {changed_at:%d.%m.%Y} um {changed_at:%H:%M} Uhr")
    return " ".join(parts)


class ConflictDialog(QDialog):
    """`choice` is KEEP_MINE (save over the other version consciously), TAKE_THEIRS (drop the input) or EDIT
    (back to the form) once the dialog is finished."""

    def __init__(
        self,
        label: str,
        differences: list[FieldDifference],
        changed_by: str | None,
        changed_at: datetime | None,
        parent=None,
        kept: list[FieldDifference] | None = None,
    ):
        """`differences`: the fields both changed (shown side by side); `kept`: the fields only the other person
        changed, which stay as they saved them whatever the user chooses here (except taking the saved version)."""
        super().__init__(parent)
        self.setObjectName("conflictDialog")
        self.setWindowTitle(self.tr("Inzwischen geändert"))
        self.resize(820, 200 + 32 * min(max(len(differences), 2), 10))
        self.choice = EDIT
        who = saved_by(changed_by, changed_at)
        layout = QVBoxLayout(self)
        intro = QLabel(self, objectName="conflictText", wordWrap=True)
        intro.setText(
            self.tr(
                "„{0}“ wurde {1} gespeichert, während Sie das Formular offen hatten. Ihre Eingaben sind noch nicht "
                "gespeichert. Welche Fassung soll gelten?"
            ).format(label, who or self.tr("inzwischen an anderer Stelle"))
        )
        layout.addWidget(intro)

        self.table = QTableWidget(len(differences), 3, self, objectName="conflictTable")
        theirs_header = self.tr("Inzwischen gespeichert") + (f"\n{who}" if who else "")
        self.table.setHorizontalHeaderLabels([self.tr("Feld"), self.tr("Ihre Eingabe"), theirs_header])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        # Focusable (the arrow keys read cell by cell), so a screen reader reaches the differences too.
        self.table.setAccessibleName(self.tr("Unterschiede zwischen Ihrer Eingabe und der gespeicherten Fassung"))
        self.table.setWordWrap(True)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        bold = QFont()
        bold.setBold(True)
        for row, difference in enumerate(differences):
            field = QTableWidgetItem(difference.label)
            mine = QTableWidgetItem(difference.mine or self.tr("(leer)"))
            theirs = QTableWidgetItem(difference.theirs or self.tr("(leer)"))
            if difference.changed_by_them:
                theirs.setBackground(QBrush(theme.tint(theme.CHANGED)))  # the other person changed this field
                theirs.setToolTip(self.tr("Dieses Feld wurde von der anderen Person geändert."))
                field.setFont(bold)
            for column, item in enumerate((field, mine, theirs)):
                item.setTextAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
                self.table.setItem(row, column, item)
        # Long values (notes, consents) wrap: the rows follow the column widths once they are known.
        header.sectionResized.connect(lambda *_: self.table.resizeRowsToContents())
        layout.addWidget(self.table, 1)
        if not differences:
            layout.addWidget(
                QLabel(self.tr("Die Inhalte unterscheiden sich nicht; gespeichert wurde nur zur selben Zeit."), self)
            )
        if kept:
            self.kept_label = QLabel(self, objectName="keptFields", wordWrap=True)
            self.kept_label.setText(
                self.tr("Außerdem dort geändert, bleibt so gespeichert: {0}.").format(
                    "; ".join(f"{d.label}: {d.theirs or self.tr('(leer)')}" for d in kept)
                )
            )
            layout.addWidget(self.kept_label)
        hint = QLabel(self, wordWrap=True)
        hint.setText(
            self.tr(
                "Gezeigt sind die Felder, die Sie und die andere Person geändert haben. „Meine Eingabe speichern“ "
                "speichert in diesen Feldern Ihre Eingabe; alle Felder, die Sie nicht geändert haben, bleiben, wie "
                "die andere Person sie gespeichert hat."
            )
        )
        hint.setStyleSheet(theme.muted())
        layout.addWidget(hint)

        buttons = QDialogButtonBox(self)
        self.keep_mine_button = buttons.addButton(
            self.tr("Meine Eingabe speichern"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.keep_mine_button.setObjectName("keepMineButton")
        self.take_theirs_button = buttons.addButton(
            self.tr("Gespeicherte Fassung übernehmen"), QDialogButtonBox.ButtonRole.DestructiveRole
        )
        self.take_theirs_button.setObjectName("takeTheirsButton")
        self.edit_button = buttons.addButton(self.tr("Zurück zum Bearbeiten"), QDialogButtonBox.ButtonRole.RejectRole)
        self.edit_button.setObjectName("backToEditingButton")
        self.edit_button.setDefault(True)  # nothing is decided by pressing Enter
        self.keep_mine_button.clicked.connect(lambda: self._choose(KEEP_MINE))
        self.take_theirs_button.clicked.connect(lambda: self._choose(TAKE_THEIRS))
        self.edit_button.clicked.connect(lambda: self._choose(EDIT))
        layout.addWidget(buttons)

    def showEvent(self, event) -> None:  # noqa: N802 - Qt API
        super().showEvent(event)
        self.table.resizeRowsToContents()

    def _choose(self, choice: str) -> None:
        if choice == EDIT:
            self.reject()
            return
        self.choice = choice
        self.accept()

    def reject(self) -> None:  # also Escape and the window's close button: back to the form, nothing decided
        self.choice = EDIT
        super().reject()

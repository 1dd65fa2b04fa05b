"""Backups: the automatic and manual copies with date and size, back up now, restore one, a sealed copy."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
)

from sozialkoordination.db.backup import BackupInfo
from sozialkoordination.documents.sealed import SUFFIX, is_sealed
from sozialkoordination.protection.service import SecurityService
from sozialkoordination.ui.protection.password_dialog import PasswordDialog
from sozialkoordination.ui.shell import theme
from sozialkoordination.ui.shell.tasks import TaskRunner
from sozialkoordination.ui.widgets.save_dialog import choose_save_path, show_failure

REASONS = {
    "taeglich": "tägliche Sicherung",
    "manuell": "von Hand angelegt",
    "vor-import": "vor einem Import",
    "vor-loeschung": "vor einer Löschung",
    "vor-migration": "vor einer Programmaktualisierung",
    "vor-wiederherstellung": "vor einer Wiederherstellung",
}
HEADERS = ("Angelegt", "Anlass", "Größe")


def size_text(size: int) -> str:
    megabytes = size / 1_000_000
    return f"{megabytes:.1f} MB".replace(".", ",") if megabytes >= 0.1 else f"{max(1, round(size / 1000))} kB"


class BackupDialog(QDialog):
    """Lists the backups of the open database; `restored` is emitted after a restore so every view reloads."""

    restored = Signal()

    def __init__(self, security: SecurityService, tasks: TaskRunner, parent=None):
        super().__init__(parent)
        self.setObjectName("backupDialog")
        self.setWindowTitle(self.tr("Sicherungen"))
        self.resize(760, 460)
        self._security, self._tasks = security, tasks
        self._backups: list[BackupInfo] = []
        folder = security.database.parent / "Sicherungen" if security.database else None
        intro = QLabel(
            self.tr(
                "Sozialkoordination sichert die Datenbank beim ersten Start des Tages und vor jedem Import, jeder "
                "Löschung und jeder Programmaktualisierung; die zehn neuesten Sicherungen bleiben erhalten. "
                "Beim Wiederherstellen wird der jetzige Stand vorher selbst gesichert, so lässt es sich rückgängig "
                "machen."
            ),
            self,
            wordWrap=True,
        )
        where = QLabel(self.tr("Ordner: {0}").format(folder or "–"), self, objectName="backupFolder")
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        where.setStyleSheet(theme.muted())
        self.table = QTableWidget(0, len(HEADERS), self, objectName="backupTable")
        self.table.setHorizontalHeaderLabels([self.tr(h) for h in HEADERS])
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.itemSelectionChanged.connect(self._update)
        self.table.doubleClicked.connect(lambda _index: self.restore_selected())

        self.backup_button = QPushButton(self.tr("Jetzt sichern"), self, objectName="backupNowButton")
        self.backup_button.clicked.connect(self.back_up_now)
        self.restore_button = QPushButton(self.tr("Wiederherstellen …"), self, objectName="restoreButton")
        self.restore_button.clicked.connect(self.restore_selected)
        self.other_button = QPushButton(self.tr("Andere Datei …"), self, objectName="restoreOtherButton")
        self.other_button.setToolTip(self.tr("Eine Sicherung von einem Stick oder eine .sozk-Datei zurückspielen"))
        self.other_button.clicked.connect(lambda: self.restore_file())
        self.transfer_button = QPushButton(self.tr("Verschlüsselte Kopie …"), self, objectName="transferCopyButton")
        self.transfer_button.setToolTip(
            self.tr("Eine mit eigenem Kennwort verschlüsselte Kopie zum Mitnehmen oder Weitergeben (.sozk)")
        )
        self.transfer_button.clicked.connect(lambda: self.write_transfer_copy())
        self.message = QLabel(self, objectName="backupMessage", wordWrap=True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Schließen"))
        buttons.rejected.connect(self.reject)
        row = QHBoxLayout()
        for button in (self.backup_button, self.restore_button, self.other_button, self.transfer_button):
            row.addWidget(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(where)
        layout.addWidget(self.table, 1)
        layout.addLayout(row)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        self._backups = self._security.backups()
        self.table.setRowCount(len(self._backups))
        for r, b in enumerate(self._backups):
            values = (
                f"{b.created:%d.%m.%Y %H:%M}",
                self.tr(REASONS.get(b.reason, b.reason.replace("-", " "))),
                size_text(b.size),
            )
            for c, value in enumerate(values):
                item = QTableWidgetItem(value)
                if c == 2:
                    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(r, c, item)
        if not self._backups:
            self.message.setText(self.tr("Noch keine Sicherungen – „Jetzt sichern“ legt die erste an."))
        if self._backups and not self.table.selectedItems():
            self.table.selectRow(0)
        self._update()

    def _update(self) -> None:
        self.restore_button.setEnabled(bool(self.table.selectedItems()))

    def selected(self) -> BackupInfo | None:
        rows = self.table.selectionModel().selectedRows()
        return self._backups[rows[0].row()] if rows else None

    # -- actions -------------------------------------------------------------------------------------------
    def back_up_now(self) -> None:
        def done(path) -> None:
            self.refresh()
            self.message.setText(self.tr("Gesichert: {0}").format(Path(path).name))

        self._tasks.run(
            self,
            self.tr("Sicherung wird angelegt …"),
            lambda _progress: self._security.backup_now(),
            done,
            lambda error: show_failure(self, error, self.tr("Die Sicherung ist fehlgeschlagen.")),
        )

    def restore_selected(self) -> None:
        chosen = self.selected()
        if chosen is not None:
            self._restore(chosen.path, f"{chosen.created:%d.%m.%Y %H:%M}")

    def restore_file(self) -> None:
        settings = QSettings()
        chosen, _ = QFileDialog.getOpenFileName(
            self,
            self.tr("Sicherung wiederherstellen"),
            str(settings.value("folders/backup", str(Path.home()))),
            self.tr("Sicherungen (*.sqlite *{0});;Alle Dateien (*)").format(SUFFIX),
        )
        if not chosen:
            return
        path = Path(chosen)
        settings.setValue("folders/backup", str(path.parent))
        self._restore(path, path.name)

    def _restore(self, path: Path, label: str) -> None:
        answer = QMessageBox.question(
            self,
            self.tr("Sicherung wiederherstellen"),
            self.tr(
                "Den Stand „{0}“ wiederherstellen? Alles, was seitdem eingegeben wurde, ist danach nicht mehr zu "
                "sehen. Der jetzige Stand wird vorher gesichert; Sie können also zurück."
            ).format(label),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        password = None
        if is_sealed(path):
            password, ok = QInputDialog.getText(
                self,
                self.tr("Kennwort der Datei"),
                self.tr("Kennwort für „{0}“:").format(path.name),
                QLineEdit.EchoMode.Password,
            )
            if not ok:
                return

        def done(_safety) -> None:
            self.refresh()
            self.message.setText(self.tr("Wiederhergestellt: Stand {0}.").format(label))
            self.restored.emit()

        self._tasks.run(
            self,
            self.tr("Sicherung wird zurückgespielt …"),
            lambda _progress: self._security.restore(path, password),
            done,
            lambda error: show_failure(self, error, self.tr("Die Sicherung konnte nicht zurückgespielt werden.")),
        )

    def write_transfer_copy(self) -> None:
        dialog = PasswordDialog(encrypted=False, parent=self, transfer=True)
        if not dialog.exec():
            return
        password = dialog.new_value()
        target = choose_save_path(
            self,
            self.tr("Verschlüsselte Kopie speichern"),
            "sozialkoordination-kopie.sozk",
            [(self.tr("Verschlüsselte Kopie"), SUFFIX)],
            "folders/backup",
        )
        if target is None:
            return

        def done(path) -> None:
            self.message.setText(
                self.tr("Verschlüsselte Kopie geschrieben: {0}. Geben Sie das Kennwort getrennt davon weiter.").format(
                    path
                )
            )

        self._tasks.run(
            self,
            self.tr("Verschlüsselte Kopie wird geschrieben …"),
            lambda _progress: self._security.write_backup(target, password),
            done,
            lambda error: show_failure(self, error, self.tr("Die Kopie konnte nicht geschrieben werden.")),
        )

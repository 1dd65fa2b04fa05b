"""Where to save an export (the folder is remembered), and the message when writing it failed."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from sozialkoordination.core.errors import DomainError

XLSX = ("Excel-Arbeitsmappe", ".xlsx")
CSV = ("CSV für Excel", ".csv")
DOCX = ("Word-Dokument", ".docx")
ICS = ("Kalenderdatei", ".ics")


def choose_save_path(
    parent: QWidget, title: str, file_name: str, formats: list[tuple[str, str]], setting: str = "folders/export"
) -> Path | None:
    """The file the user chose (None if cancelled); a missing or foreign suffix becomes the chosen format's."""
    settings = QSettings()
    folder = settings.value(setting, str(Path.home()))
    filters = ";;".join(f"{label} (*{suffix})" for label, suffix in formats)
    chosen, selected = QFileDialog.getSaveFileName(parent, title, str(Path(folder) / file_name), filters)
    if not chosen:
        return None
    target = Path(chosen)
    suffixes = [suffix for _label, suffix in formats]
    if target.suffix.lower() not in suffixes:
        suffix = next((s for label, s in formats if selected.startswith(label)), suffixes[0])
        target = target.with_name(target.name + suffix)
    settings.setValue(setting, str(target.parent))
    return target


def show_failure(parent: QWidget, error: BaseException, fallback: str) -> None:
    """A DomainError says itself what went wrong; anything else was logged and gets the calm fallback."""
    text = str(error) if isinstance(error, DomainError) else fallback
    QMessageBox.warning(parent, parent.tr("Nicht gespeichert"), text)

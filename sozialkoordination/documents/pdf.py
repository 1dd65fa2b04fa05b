"""PDF of a written Word document through LibreOffice (headless), when it is installed on this computer."""

from __future__ import annotations

import logging
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from sozialkoordination.core.errors import DomainError

log = logging.getLogger(__name__)

CONVERT_TIMEOUT_S = 180
MISSING = (
    "Für PDF-Dateien wird LibreOffice benötigt, das auf diesem Computer nicht gefunden wurde. Das Word-Dokument "
    "wurde gespeichert; Sie können es in Word über „Speichern unter → PDF“ umwandeln oder LibreOffice "
    "(kostenlos, libreoffice.org) installieren lassen."
)
_WINDOWS_PLACES = (
    Path(os.environ.get("PROGRAMFILES", r"C:\Program Files")) / "LibreOffice" / "program" / "soffice.exe",
    Path(os.environ.get("PROGRAMFILES(X86)", r"C:\Program Files (x86)")) / "LibreOffice" / "program" / "soffice.exe",
)


class PdfError(DomainError):
    pass


def converter() -> Path | None:
    """The LibreOffice program that converts, or None when it is not installed."""
    for name in ("soffice", "libreoffice"):
        found = shutil.which(name)
        if found:
            return Path(found)
    return next((place for place in _WINDOWS_PLACES if place.is_file()), None)


def available() -> bool:
    return converter() is not None


def to_pdf(source: Path, target: Path | None = None) -> Path:
    """Converts `source` (.docx) to `target` (default: beside it, .pdf); returns the PDF's path."""
    program = converter()
    if program is None:
        raise PdfError(MISSING)
    source = Path(source)
    target = Path(target) if target else source.with_suffix(".pdf")
    with tempfile.TemporaryDirectory(prefix="sozialkoordination-pdf-") as work:
        # Its own LibreOffice profile: a LibreOffice window the user has open does not block the conversion.
        profile = Path(work, "profile").as_uri()
        command = [
            str(program),
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            work,
            str(source),
        ]
        try:
            result = subprocess.run(command, capture_output=True, timeout=CONVERT_TIMEOUT_S, check=False)
        except subprocess.TimeoutExpired as error:
            raise PdfError(
                "LibreOffice hat die PDF-Datei nicht in drei Minuten erstellt. Bitte schließen Sie LibreOffice und "
                "versuchen Sie es noch einmal."
            ) from error
        written = Path(work, source.with_suffix(".pdf").name)
        if result.returncode != 0 or not written.is_file():
            log.warning("soffice failed (%s): %s", result.returncode, result.stderr[-2000:])
            raise PdfError(
                f"LibreOffice konnte „{source.name}“ nicht in PDF umwandeln. Das Word-Dokument ist gespeichert; "
                "bitte öffnen Sie es und speichern Sie es von dort als PDF."
            )
        try:
            shutil.move(str(written), target)
        except OSError as error:
            raise PdfError(
                f"Die PDF-Datei konnte nicht nach „{target}“ geschrieben werden ({error.strerror or error}). "
                "Ist sie noch in einem anderen Programm geöffnet?"
            ) from error
    return target

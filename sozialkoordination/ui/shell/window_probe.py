"""Start-up probe for the built bundle: the main window saves a picture of itself once painted, then closes.

Not a user feature: it is switched on only by the environment variable below, which build/smoke_test.py sets to
prove that the installed program opens its window (Qt platform plug-in, fonts, translations, styles) and exits 0.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from sozialkoordination.ui.widgets.first_paint import after_first_paint

log = logging.getLogger(__name__)

WINDOW_PROBE_VARIABLE = "SOZIALKOORDINATION_FENSTERPROBE"  # value: the PNG file the picture goes to
QT_TEXTS_KEY = "Qt-Texte"  # text entry of the picture: "deutsch" when Qt's German catalogue was loaded


def _save_and_close(window: QWidget, image: Path) -> None:
    picture = window.grab().toImage()
    # ui/application.py sets this once Qt's German catalogue (qtbase_de.qm) is loaded: the bundle must carry it.
    # Written into the picture too, because a Windows program without a console has no stdout to read.
    german = bool(QCoreApplication.instance().property("qtTranslationInstalled"))
    picture.setText(QT_TEXTS_KEY, "deutsch" if german else "englisch")
    saved = picture.save(str(image), "PNG")
    message = (
        f"Fensterprobe: Hauptfenster „{window.windowTitle()}“ gezeichnet ({picture.width()}×"
        f"{picture.height()}), Qt-Texte {'deutsch' if german else 'NICHT übersetzt'}, "
        + (f"Bild: {image}" if saved else f"Bild konnte nicht gespeichert werden: {image}")
    )
    log.info(message)
    print(message, flush=True)
    window.close()


def close_after_first_paint(window: QWidget, image: Path) -> None:
    """Once the window has been shown and painted: save its picture to `image` and close it (the app then ends)."""
    after_first_paint(window, lambda: _save_and_close(window, image))

"""The question before contact data of persons leave the app: leave out those without consent to passing on?"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QMessageBox, QWidget

from sozialkoordination.core.enums import ConsentPurpose


def leave_out_without_consent(parent: QWidget, without: int, total: int) -> bool | None:
    """True: export only persons with consent; False: export all; None: do not export. No question if all agreed."""
    if without == 0:
        return False
    tr = QCoreApplication.translate
    text = tr(
        "ConsentQuestion",
        "{0} von {1} Personen {3} keine gültige Einwilligung „{2}“ (DSGVO).\n\n"
        "Sollen diese Personen beim Export ausgelassen werden?\n\n"
        "Ja: nur Personen mit Einwilligung exportieren.\n"
        "Nein: alle exportieren – dann ist die Weitergabe anders zu begründen.",
    ).format(
        without,
        total,
        ConsentPurpose.PASSING_ON,
        tr("ConsentQuestion", "hat") if without == 1 else tr("ConsentQuestion", "haben"),
    )
    answer = QMessageBox.question(
        parent,
        tr("ConsentQuestion", "Kontaktdaten ohne Einwilligung"),
        text,
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Yes,
    )
    if answer == QMessageBox.StandardButton.Yes:
        return True
    if answer == QMessageBox.StandardButton.No:
        return False
    return None

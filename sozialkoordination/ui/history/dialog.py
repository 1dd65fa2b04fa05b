"""Änderungsverlauf: who changed which field of one record, and when (read from the audit log)."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout

from sozialkoordination.core.formatting import numerus
from sozialkoordination.privacy.service import PrivacyService
from sozialkoordination.ui.shell import theme
from sozialkoordination.ui.widgets.accessibility import set_name
from sozialkoordination.ui.widgets.tables import cell, make_table

HEADERS = ("Zeitpunkt", "Wer", "Eintrag", "Aktion", "Feld", "vorher", "nachher")


class AuditHistoryDialog(QDialog):
    def __init__(self, privacy: PrivacyService, entity: str, entity_id: int, label: str, parent=None):
        super().__init__(parent)
        self.setObjectName("auditHistoryDialog")
        self.setWindowTitle(self.tr("Änderungsverlauf – {0}").format(label))
        self.resize(980, 460)
        entries = privacy.history(entity, entity_id)
        intro = QLabel(
            self.tr(
                "Wer hat wann was geändert, neueste Änderung oben. Angaben zu Personen stehen hier nur, solange die "
                "Person gespeichert ist; nach einer Löschung steht „(gelöscht)“."
            ),
            self,
            wordWrap=True,
        )
        intro.setStyleSheet(theme.muted())
        self.table = make_table(self, [self.tr(h) for h in HEADERS], "historyTable")
        set_name(self.table, self.tr("Änderungen"))
        for column, width in enumerate((120, 110, 190, 90, 120, 150)):
            self.table.setColumnWidth(column, width)
        self.table.setRowCount(len(entries))
        for r, e in enumerate(entries):
            values = (
                f"{e.changed_at:%d.%m.%Y %H:%M}",
                e.user_name or self.tr("–"),
                e.record,
                e.action,
                e.field,
                e.before,
                e.after,
            )
            for c, value in enumerate(values):
                self.table.setItem(r, c, cell(value))
        self.summary = QLabel(self, objectName="historySummary")
        self.summary.setText(
            self.tr("Noch keine Änderungen aufgezeichnet.")
            if not entries
            else numerus(
                len(entries),
                self.tr("{0} Eintrag im Änderungsprotokoll."),
                self.tr("{0} Einträge im Änderungsprotokoll."),
            )
        )
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Schließen"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.summary)
        layout.addWidget(buttons)

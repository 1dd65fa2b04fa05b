"""Table model of an import preview: one line per file row with its cleaned values, status and notes."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush

from sozialkoordination.actor_import.service import ImportPlan, ParsedRow
from sozialkoordination.offers.service import PHASE_LABELS
from sozialkoordination.ui.shell import theme

Index = QModelIndex | QPersistentModelIndex
HEADERS = ("Zeile", "Status", "Organisation", "Person", "Anschrift", "Kontakt", "Angebote", "Hinweise")
ALL, WARNINGS, REJECTED, IGNORED = "all", "warnings", "rejected", "ignored"
_ROLES = {"Fehler": theme.ERROR, "Hinweis": theme.WARNING, "übersprungen": theme.NEUTRAL}


def row_status(row: ParsedRow) -> str:
    if row.ignored:
        return "übersprungen"
    if row.errors:
        return "Fehler"
    return "Hinweis" if row.warnings else "ok"


class ImportPreviewModel(QAbstractTableModel):
    def __init__(self, parent=None):
        super().__init__(parent)
        self._plan: ImportPlan | None = None
        self._rows: list[ParsedRow] = []
        self._raum_names: dict[int, str] = {}

    def set_plan(self, plan: ImportPlan, raum_names: dict[int, str], show: str = ALL) -> None:
        self.beginResetModel()
        self._plan = plan
        self._raum_names = raum_names
        self._rows = [r for r in plan.rows if _shown(r, show)]
        self.endResetModel()

    def show(self, which: str) -> None:
        if self._plan is not None:
            self.set_plan(self._plan, self._raum_names, which)

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008 - Qt API
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(HEADERS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole):  # noqa: N802
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.tr(HEADERS[section])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.BackgroundRole:
            marking = _ROLES.get(row_status(row))
            return QBrush(theme.tint(marking)) if marking else None
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self._text(row, index.column())
        return None

    def _text(self, row: ParsedRow, column: int) -> str:
        org, person = row.organisation, row.person
        if column == 0:
            return str(row.line)
        if column == 1:
            return row_status(row)
        if column == 2:
            return org.name if org else ""
        if column == 3:
            if not person:
                return ""
            return " ".join(p for p in (person.salutation, person.title, person.first_name, person.last_name) if p)
        if column == 4:
            source = org or person
            if source is None:
                return ""
            street = " ".join(p for p in (source.street, source.house_number) if p)
            place = " ".join(p for p in (source.postcode, source.city) if p)
            raum = self._raum_names.get(source.sozialraum_id) if source.sozialraum_id else None
            return ", ".join(p for p in (street, place) if p) + (f" ({raum})" if raum else "")
        if column == 5:
            source = person or org
            if source is None:
                return ""
            return " · ".join(p for p in (source.phone, getattr(source, "mobile", None), source.email) if p)
        if column == 6:  # "Krabbelgruppe (Gruppe; 0–3 Jahre)"
            return "; ".join(
                f"{o.name} ({o.kind}; {', '.join(PHASE_LABELS[p] for p in o.life_phases)})" for o in row.offers
            )
        return " ".join([*row.errors, *row.warnings, row.ignored or ""]).strip()


def _shown(row: ParsedRow, which: str) -> bool:
    status = row_status(row)
    return (
        which == ALL
        or (which == WARNINGS and status == "Hinweis")
        or (which == REJECTED and status == "Fehler")
        or (which == IGNORED and status == "übersprungen")
    )

"""The area of a meeting or network: a Sozialraum, a Sozialregion, or the whole district, by level."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from sozialkoordination.areas.service import AreaService
from sozialkoordination.core.enums import AreaLevel


class AreaCombo(QComboBox):
    def __init__(self, areas: AreaService, parent=None):
        super().__init__(parent)
        self._raeume = [(r.id, r.name) for r in areas.sozialraeume()]
        self._regions = [(r.id, r.name) for r in areas.regions()]
        self.level: str | None = None

    def set_level(self, level: str, area_id: int | None = None) -> None:
        """Refill for the AreaLevel `level` (Sozialraum, Sozialregion or Landkreis) and select area_id if given."""
        self.level = level
        self.clear()
        if level == AreaLevel.LANDKREIS:
            self.addItem(self.tr("Landkreis Göttingen"), None)
            self.setEnabled(False)
            return
        self.setEnabled(True)
        self.addItem(self.tr("– bitte wählen –"), None)
        for choice_id, name in self._raeume if level == AreaLevel.SOZIALRAUM else self._regions:
            self.addItem(name, choice_id)
        self.setCurrentIndex(max(self.findData(area_id), 0))

    def sozialraum_id(self) -> int | None:
        return self.currentData() if self.level == AreaLevel.SOZIALRAUM else None

    def sozialregion_id(self) -> int | None:
        return self.currentData() if self.level == AreaLevel.SOZIALREGION else None

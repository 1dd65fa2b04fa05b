"""The Sozialregion filter used by every list: "Ganzer Landkreis" plus the regions, by id."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox

from sozialkoordination.areas.service import RegionDTO


class RegionCombo(QComboBox):
    def __init__(self, regions: list[RegionDTO], selected_id: int | None, parent=None):
        super().__init__(parent)
        self.setObjectName("regionFilter")
        self.set_regions(regions, selected_id)

    def set_regions(self, regions: list[RegionDTO], selected_id: int | None) -> None:
        """Refill (after a rename) and select; emits currentIndexChanged only if the selection changed."""
        before = self.currentData()
        self.blockSignals(True)
        self.clear()
        self.addItem(self.tr("Ganzer Landkreis"), None)
        for region in regions:
            self.addItem(region.name, region.id)
        self.setCurrentIndex(max(self.findData(selected_id), 0))
        self.blockSignals(False)
        if self.currentData() != before:
            self.currentIndexChanged.emit(self.currentIndex())

    def region_id(self) -> int | None:
        return self.currentData()

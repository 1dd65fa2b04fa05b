"""Areas: the Sozialregionen with their Sozialräume and Gemeinden; rename regions, move Sozialräume."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sozialkoordination.areas.service import AreaService
from sozialkoordination.core.enums import AreaLevel, SozialraumKind
from sozialkoordination.core.errors import DomainError
from sozialkoordination.ui.areas.ortschaften_dialog import OrtschaftenDialog
from sozialkoordination.ui.shell import theme
from sozialkoordination.ui.widgets.accessibility import set_name
from sozialkoordination.ui.widgets.load_when_shown import LoadWhenShown

KIND_ROLE = Qt.ItemDataRole.UserRole
ID_ROLE = Qt.ItemDataRole.UserRole + 1


class AreasView(LoadWhenShown, QWidget):
    areas_changed = Signal()

    def __init__(self, areas: AreaService, parent=None):
        super().__init__(parent)
        self.setObjectName("areasView")
        self._areas = areas
        title = QLabel(self.tr("Sozialregionen und Sozialräume"), self)
        title.setStyleSheet(theme.heading(1.8))
        intro = QLabel(
            self.tr(
                "Die Namen der Sozialregionen sind Arbeitstitel: Sie können sie umbenennen und Sozialräume einer "
                "anderen Sozialregion zuordnen. Grundlage: Gemeindeverzeichnis des Statistischen Bundesamts "
                "(Stand 31.12.2023)."
            ),
            self,
            wordWrap=True,
        )
        intro.setStyleSheet(theme.muted())
        self.tree = QTreeWidget(self, objectName="areasTree")
        set_name(self.tree, self.tr("Sozialregionen, Sozialräume und Ortschaften"))
        self.tree.setHeaderLabels([self.tr("Gebiet"), self.tr("Art"), self.tr("Schlüssel")])
        self.tree.setAlternatingRowColors(True)
        self.tree.setStyleSheet(theme.tree_rows())
        self.tree.setColumnWidth(0, 360)
        self.tree.setColumnWidth(1, 160)
        self.tree.itemSelectionChanged.connect(self._update_buttons)
        self.tree.itemDoubleClicked.connect(lambda *_: self.rename_selected())
        self.rename_button = QPushButton(self.tr("Umbenennen …"), self, objectName="renameRegionButton")
        self.move_button = QPushButton(self.tr("Anderer Sozialregion zuordnen …"), self, objectName="moveRaumButton")
        self.places_button = QPushButton(self.tr("Ortschaften und PLZ …"), self, objectName="placesButton")
        self.rename_button.clicked.connect(self.rename_selected)
        self.move_button.clicked.connect(self.move_selected)
        self.places_button.clicked.connect(self.edit_places)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.rename_button)
        buttons.addWidget(self.move_button)
        buttons.addWidget(self.places_button)
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(intro)
        layout.addLayout(buttons)
        layout.addWidget(self.tree, 1)

    def refresh(self) -> None:
        expanded = {
            self.tree.topLevelItem(i).data(0, ID_ROLE)
            for i in range(self.tree.topLevelItemCount())
            if self.tree.topLevelItem(i).isExpanded()
        }
        self.tree.clear()
        gemeinden: dict[int | None, list] = {}
        for gemeinde in self._areas.gemeinden():
            gemeinden.setdefault(gemeinde.sozialraum_id, []).append(gemeinde)
        raeume = self._areas.sozialraeume()
        for region in self._areas.regions():
            item = QTreeWidgetItem([region.name, self.tr("Sozialregion"), region.code])
            item.setData(0, KIND_ROLE, AreaLevel.SOZIALREGION)
            item.setData(0, ID_ROLE, region.id)
            font = item.font(0)
            font.setBold(True)
            item.setFont(0, font)
            self.tree.addTopLevelItem(item)
            for raum in (r for r in raeume if r.sozialregion_id == region.id):
                child = QTreeWidgetItem([raum.name, raum.kind, raum.ars])
                child.setData(0, KIND_ROLE, AreaLevel.SOZIALRAUM)
                child.setData(0, ID_ROLE, raum.id)
                item.addChild(child)
                for gemeinde in gemeinden.get(raum.id, []):
                    if raum.kind == SozialraumKind.SAMTGEMEINDE:
                        leaf = QTreeWidgetItem([gemeinde.name, self.tr("Mitgliedsgemeinde"), gemeinde.ags])
                        leaf.setData(0, KIND_ROLE, AreaLevel.GEMEINDE)
                        child.addChild(leaf)
            item.setExpanded(not expanded or region.id in expanded)
        self._update_buttons()

    def _selected(self) -> tuple[str | None, int | None, str]:
        items = self.tree.selectedItems()
        if not items:
            return None, None, ""
        return items[0].data(0, KIND_ROLE), items[0].data(0, ID_ROLE), items[0].text(0)

    def _update_buttons(self) -> None:
        kind, _, _ = self._selected()
        self.rename_button.setEnabled(kind == AreaLevel.SOZIALREGION)
        self.move_button.setEnabled(kind == AreaLevel.SOZIALRAUM)
        self.places_button.setEnabled(kind == AreaLevel.SOZIALRAUM)

    def select_area(self, kind: str, record_id: int) -> None:
        for i in range(self.tree.topLevelItemCount()):
            top = self.tree.topLevelItem(i)
            for item in [top, *(top.child(j) for j in range(top.childCount()))]:
                if item.data(0, KIND_ROLE) == kind and item.data(0, ID_ROLE) == record_id:
                    self.tree.setCurrentItem(item)
                    return

    def rename_selected(self) -> None:
        kind, region_id, name = self._selected()
        if kind != AreaLevel.SOZIALREGION:
            return
        new_name, ok = QInputDialog.getText(self, self.tr("Sozialregion umbenennen"), self.tr("Neuer Name:"), text=name)
        if not ok or new_name.strip() == name:
            return
        try:
            self._areas.rename_region(region_id, new_name)
        except DomainError as error:
            QMessageBox.warning(self, self.tr("Umbenennen nicht möglich"), str(error))
            return
        self.refresh()
        self.select_area(AreaLevel.SOZIALREGION, region_id)
        self.areas_changed.emit()

    def move_selected(self) -> None:
        kind, raum_id, name = self._selected()
        if kind != AreaLevel.SOZIALRAUM:
            return
        regions = self._areas.regions()
        labels = [r.name for r in regions]
        label, ok = QInputDialog.getItem(
            self, self.tr("Sozialraum zuordnen"), self.tr("„{0}“ gehört künftig zu:").format(name), labels, 0, False
        )
        if not ok:
            return
        target_region_id = regions[labels.index(label)].id
        try:
            self._areas.move_sozialraum(raum_id, target_region_id)
        except DomainError as error:
            QMessageBox.warning(self, self.tr("Zuordnen nicht möglich"), str(error))
            return
        self.refresh()
        self.select_area(AreaLevel.SOZIALRAUM, raum_id)
        self.areas_changed.emit()

    def edit_places(self) -> None:
        kind, raum_id, name = self._selected()
        if kind == AreaLevel.SOZIALRAUM:
            OrtschaftenDialog(self._areas, raum_id, name, self).exec()

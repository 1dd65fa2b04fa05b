"""What counts for the weiße Flecken: the actor types, the offer kinds and (narrowing the offers) the life phases,
ticked in three lists and remembered in the database."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from sozialkoordination.core.errors import ValidationError
from sozialkoordination.networks.dto import GapChoice
from sozialkoordination.networks.service import NetworkService
from sozialkoordination.ui.shell import theme
from sozialkoordination.ui.widgets.accessibility import set_name

CODE_ROLE = Qt.ItemDataRole.UserRole


class GapChoiceDialog(QDialog):
    """Tick what a Sozialraum should have; "Wie üblich" restores the six usual actor types and no offers."""

    def __init__(
        self,
        networks: NetworkService,
        org_types: list[str],
        offer_kinds: list[str],
        life_phases: list[tuple[str, str]],  # (code, label)
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setObjectName("gapChoiceDialog")
        self.setWindowTitle(self.tr("Was zählt bei den weißen Flecken?"))
        self._networks = networks
        self.saved: GapChoice | None = None
        current = networks.gap_choice()
        intro = QLabel(
            self.tr(
                "Haken Sie an, was jeder Sozialraum haben sollte. Ein Sozialraum ohne Akteur oder Angebot einer "
                "angehakten Art ist ein weißer Fleck – in der Tabelle unter „Weiße Flecken“ und im "
                "Sozialraumprofil. Die Auswahl gilt für diese Datenbank."
            ),
            self,
            wordWrap=True,
        )
        # Stored choices no longer in the lists (a type nobody uses any more) stay ticked, so nothing is lost.
        types = [*org_types, *(t for t in current.org_types if t not in org_types)]
        kinds = [*offer_kinds, *(k for k in current.offer_kinds if k not in offer_kinds)]
        self.type_list = self._list("gapTypeList", self.tr("Akteursarten, die zählen"), types, current.org_types)
        self.kind_list = self._list("gapKindList", self.tr("Angebotsarten, die zählen"), kinds, current.offer_kinds)
        self.phase_list = self._list(
            "gapPhaseList",
            self.tr("Lebensphasen der Angebote (keine angehakt: alle)"),
            life_phases,
            current.life_phases,
        )
        grid = QGridLayout()
        for column, (text, widget, hint) in enumerate(
            (
                (self.tr("&Akteursarten"), self.type_list, self.tr("Organisationen je Sozialraum")),
                (self.tr("A&ngebotsarten"), self.kind_list, self.tr("Angebote, wo sie stattfinden")),
                (self.tr("&Lebensphasen"), self.phase_list, self.tr("grenzen die Angebote ein; keine: alle")),
            )
        ):
            label = QLabel(f"<b>{text}</b>", self)
            label.setTextFormat(Qt.TextFormat.RichText)
            label.setBuddy(widget)
            note = QLabel(hint, self, wordWrap=True)
            note.setStyleSheet(theme.muted())
            grid.addWidget(label, 0, column)
            grid.addWidget(note, 1, column)
            grid.addWidget(widget, 2, column)
        self.error_label = QLabel(self, objectName="gapChoiceError", wordWrap=True)
        self.error_label.setStyleSheet(theme.error_text())
        self.error_label.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok
            | QDialogButtonBox.StandardButton.Cancel
            | QDialogButtonBox.StandardButton.RestoreDefaults,
            self,
        )
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(self.tr("Übernehmen"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Abbrechen"))
        usual = buttons.button(QDialogButtonBox.StandardButton.RestoreDefaults)
        usual.setText(self.tr("Wie &üblich"))
        usual.setObjectName("gapChoiceDefaultsButton")
        set_name(usual, self.tr("Wie üblich: die sechs üblichen Akteursarten, keine Angebote"))
        usual.clicked.connect(lambda _checked=False: self._tick_usual())
        buttons.accepted.connect(self._save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(grid, 1)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)
        self.resize(840, 520)  # the longest life phase fits without scrolling sideways

    def _list(self, name: str, accessible: str, entries, ticked: tuple[str, ...]) -> QListWidget:
        widget = QListWidget(self, objectName=name)
        set_name(widget, accessible)
        for entry in entries:
            code, label = entry if isinstance(entry, tuple) else (entry, entry)
            item = QListWidgetItem(label, widget)
            item.setData(CODE_ROLE, code)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if code in ticked else Qt.CheckState.Unchecked)
        return widget

    @staticmethod
    def ticked(widget: QListWidget) -> tuple[str, ...]:
        return tuple(
            widget.item(row).data(CODE_ROLE)
            for row in range(widget.count())
            if widget.item(row).checkState() == Qt.CheckState.Checked
        )

    def choice(self) -> GapChoice:
        return GapChoice(self.ticked(self.type_list), self.ticked(self.kind_list), self.ticked(self.phase_list))

    def _tick_usual(self) -> None:
        usual = GapChoice()
        for widget, codes in (
            (self.type_list, usual.org_types),
            (self.kind_list, usual.offer_kinds),
            (self.phase_list, usual.life_phases),
        ):
            for row in range(widget.count()):
                item = widget.item(row)
                item.setCheckState(Qt.CheckState.Checked if item.data(CODE_ROLE) in codes else Qt.CheckState.Unchecked)
        self.error_label.hide()

    def _save(self) -> None:
        try:
            self.saved = self._networks.set_gap_choice(self.choice())
        except ValidationError as error:
            self.error_label.setText(" ".join(error.fields.values()))
            self.error_label.show()
            return
        self.accept()

"""A line edit for comma-separated themes that completes known theme names."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt
from PySide6.QtWidgets import QCompleter, QLineEdit


class ThemeEdit(QLineEdit):
    def __init__(self, known: list[str], parent=None):
        super().__init__(parent)
        self.setObjectName("themesEdit")
        self.setPlaceholderText(self.tr("z. B. Frühe Hilfen, Senioren (durch Komma getrennt)"))
        self._model = QStringListModel(known, self)
        self._completer = QCompleter(self._model, self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setWidget(self)
        self._completer.activated.connect(self._insert)
        self.textEdited.connect(self._complete)

    def _current_fragment(self) -> str:
        return self.text().split(",")[-1].strip()

    def _complete(self) -> None:
        fragment = self._current_fragment()
        if not fragment:
            self._completer.popup().hide()
            return
        self._completer.setCompletionPrefix(fragment)
        self._completer.complete()

    def _insert(self, theme: str) -> None:
        parts = [p.strip() for p in self.text().split(",")[:-1] if p.strip()]
        self.setText(", ".join([*parts, theme]) + ", ")
        self.textEdited.emit(self.text())

    def themes(self) -> list[str]:
        return [p.strip() for p in self.text().split(",") if p.strip()]

    def set_themes(self, themes: list[str]) -> None:
        self.setText(", ".join(themes))

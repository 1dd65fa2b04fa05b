"""A search field that finds an organisation by name as you type and reports the chosen one."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtWidgets import QCompleter, QLineEdit

from ...services.actors import ActorService


class OrganisationPicker(QLineEdit):
    picked = Signal(int, str)

    def __init__(self, service: ActorService, parent=None):
        super().__init__(parent)
        self.setObjectName("organisationPicker")
        self.setPlaceholderText(self.tr("Organisation suchen …"))
        self._service = service
        self._choices: dict[str, int] = {}
        self._model = QStringListModel(self)
        self._completer = QCompleter(self._model, self)
        self._completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self._completer.setFilterMode(Qt.MatchFlag.MatchContains)
        self._completer.setWidget(self)
        self._completer.activated.connect(self.choose)
        self.textEdited.connect(self._search)

    def _search(self, text: str) -> None:
        if len(text.strip()) < 2:
            self._completer.popup().hide()
            return
        self._choices = {label: oid for oid, label in self._service.organisation_choices(text)}
        self._model.setStringList(list(self._choices))
        self._completer.setCompletionPrefix(text)
        self._completer.complete()

    def choose(self, label: str) -> None:
        """Pick the organisation shown as `label` (also used by tests, like a click in the list)."""
        if not self._choices:
            self._search(label)
        organisation_id = self._choices.get(label)
        if organisation_id is None:
            return
        self.picked.emit(organisation_id, label)
        self.clear()

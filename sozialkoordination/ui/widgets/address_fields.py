"""Street, house number, postcode, place and Sozialraum, with the Sozialraum suggested from the address."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QSizePolicy, QVBoxLayout, QWidget

from sozialkoordination.areas.service import AreaService
from sozialkoordination.core.normalize import normalize_postcode, postcode_question
from sozialkoordination.ui.shell import theme


class AddressFields(QObject):
    """Owns the address widgets; the dialog places them in its form layout."""

    changed = Signal()

    def __init__(self, areas: AreaService, parent: QWidget):
        super().__init__(parent)
        self._areas = areas
        self.street = QLineEdit(parent, objectName="streetEdit", placeholderText=self.tr("Straße"))
        self.house_number = QLineEdit(parent, objectName="houseNumberEdit", placeholderText=self.tr("Nr."))
        self.house_number.setMaximumWidth(70)
        self.postcode = QLineEdit(parent, objectName="postcodeEdit", placeholderText=self.tr("PLZ"))
        self.postcode.setMaximumWidth(80)
        self.city = QLineEdit(parent, objectName="cityEdit", placeholderText=self.tr("Ort"))
        self.sozialraum = QComboBox(parent, objectName="sozialraumCombo")
        self.sozialraum.addItem(self.tr("– kein Sozialraum –"), None)
        for raum in areas.sozialraeume():
            self.sozialraum.addItem(f"{raum.name} ({raum.sozialregion_name or '–'})", raum.id)
        self.hint = QLabel(parent, objectName="sozialraumHint")
        self.hint.setStyleSheet(theme.muted())
        self._suggested = False

        self.street_row = QWidget(parent)
        row = QHBoxLayout(self.street_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.street, 1)
        row.addWidget(self.house_number)
        # A postcode of four digits is asked about under the field, not padded: "03707" or "3707x"?
        self.postcode_question = QLabel(parent, objectName="postcodeQuestion", wordWrap=True)
        self.postcode_question.setStyleSheet(theme.error_text())
        self.postcode_question.hide()
        self.place_row = QWidget(parent)
        column = QVBoxLayout(self.place_row)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.postcode)
        row.addWidget(self.city, 1)
        column.addLayout(row)
        column.addWidget(self.postcode_question)
        self.sozialraum_row = QWidget(parent)
        row = QHBoxLayout(self.sozialraum_row)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.sozialraum, 1)
        row.addWidget(self.hint)

        for row_widget in (self.street_row, self.place_row, self.sozialraum_row):
            row_widget.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        for edit in (self.street, self.house_number, self.postcode, self.city):
            edit.textEdited.connect(self.changed)
        self.postcode.editingFinished.connect(self._check_postcode)
        self.postcode.editingFinished.connect(self.suggest)
        self.city.editingFinished.connect(self.suggest)
        self.sozialraum.activated.connect(self._chosen_by_user)

    def _check_postcode(self) -> None:
        question = postcode_question(normalize_postcode(self.postcode.text()))
        self.postcode_question.setText(question or "")
        self.postcode_question.setVisible(bool(question))
        self.postcode.setStyleSheet(theme.invalid_field() if question else "")

    def _chosen_by_user(self) -> None:
        self._suggested = False
        self.hint.clear()
        self.changed.emit()

    def suggest(self) -> None:
        """Fill in the Sozialraum from postcode and place unless the user chose one by hand."""
        if self.sozialraum.currentData() is not None and not self._suggested:
            return
        suggestion = self._areas.suggest_sozialraum(self.postcode.text(), self.city.text())
        if suggestion is None:
            return
        index = self.sozialraum.findData(suggestion.sozialraum_id)
        if index >= 0 and index != self.sozialraum.currentIndex():
            self.sozialraum.setCurrentIndex(index)
            self._suggested = True
            self.hint.setText(self.tr("vorgeschlagen nach {0}").format(suggestion.reason))
            self.changed.emit()

    def load(self, street, house_number, postcode, city, sozialraum_id) -> None:
        self.street.setText(street or "")
        self.house_number.setText(house_number or "")
        self.postcode.setText(postcode or "")
        self.city.setText(city or "")
        self._check_postcode()  # one stored before four digits were asked about is asked about when opened
        index = self.sozialraum.findData(sozialraum_id)
        self.sozialraum.setCurrentIndex(max(index, 0))
        self._suggested = False
        self.hint.clear()

    def sozialraum_id(self) -> int | None:
        return self.sozialraum.currentData()

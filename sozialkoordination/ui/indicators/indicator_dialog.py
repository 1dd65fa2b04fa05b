"""The catalogue form of one indicator: name, definition, unit, source, direction, count or rate with its base,
age cut-offs and whether small numbers are protected."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QVBoxLayout,
)

from sozialkoordination.core.enums import IndicatorKind
from sozialkoordination.core.errors import DomainError, ValidationError
from sozialkoordination.indicators.service import DIRECTIONS, KINDS, IndicatorData, IndicatorService
from sozialkoordination.ui.shell import theme

NO_AGE = -1  # the spin boxes' "keine Grenze"


class IndicatorDialog(QDialog):
    def __init__(self, service: IndicatorService, indicator_id: int | None, parent=None):
        super().__init__(parent)
        self.setObjectName("indicatorDialog")
        self.setWindowTitle(self.tr("Neue Kennzahl") if indicator_id is None else self.tr("Kennzahl bearbeiten"))
        self.resize(620, 500)
        self._service = service
        self.data = service.get(indicator_id) if indicator_id is not None else IndicatorData()
        self.saved_id: int | None = None
        d = self.data
        self.name = QLineEdit(d.name, self, objectName="nameEdit")
        self.definition = QPlainTextEdit(d.definition or "", self, objectName="definitionEdit")
        self.definition.setMaximumHeight(80)
        self.unit = QLineEdit(d.unit or "", self, objectName="unitEdit", placeholderText=self.tr("z. B. Personen, %"))
        self.source = QLineEdit(d.source or "", self, objectName="sourceEdit")
        self.direction = QComboBox(self, objectName="directionCombo")
        for key, label in DIRECTIONS.items():
            self.direction.addItem(self.tr(label), key)
        self.direction.setCurrentIndex(max(self.direction.findData(d.direction), 0))
        self.kind = QComboBox(self, objectName="kindCombo")
        for key, label in KINDS.items():
            self.kind.addItem(self.tr(label), key)
        self.kind.setCurrentIndex(max(self.kind.findData(d.kind), 0))
        self.rate_base = QDoubleSpinBox(self, objectName="rateBaseSpin", minimum=0, maximum=1_000_000, decimals=0)
        self.rate_base.setValue(d.rate_base or 100)
        self.rate_base_label = QLineEdit(
            d.rate_base_label or "",
            self,
            objectName="rateBaseLabelEdit",
            placeholderText=self.tr("z. B. je 100 Einwohner 20–64"),
        )
        others = [i for i in service.catalogue() if i.id != d.id]
        self.numerator = QComboBox(self, objectName="numeratorCombo")
        self.denominator = QComboBox(self, objectName="denominatorCombo")
        for combo, chosen in (
            (self.numerator, d.numerator_indicator_id),
            (self.denominator, d.denominator_indicator_id),
        ):
            combo.addItem(self.tr("– eigene Zähler und Nenner der Werte –"), None)
            for other in others:
                combo.addItem(other.name, other.id)
            combo.setCurrentIndex(max(combo.findData(chosen), 0))
        self.age_from = self._age_spin("ageFromSpin", d.age_from)
        self.age_to = self._age_spin("ageToSpin", d.age_to)
        ages = QHBoxLayout()
        ages.addWidget(QLabel(self.tr("von"), self))
        ages.addWidget(self.age_from)
        ages.addWidget(QLabel(self.tr("bis"), self))
        ages.addWidget(self.age_to)
        ages.addWidget(QLabel(self.tr("Jahre"), self))
        ages.addStretch(1)
        self.counts_persons = QCheckBox(
            self.tr("zählt Personen: Werte unter der Schutzgrenze nicht genau zeigen"),
            self,
            objectName="countsPersonsCheck",
        )
        self.counts_persons.setChecked(d.counts_persons)
        form = QFormLayout()
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("Definition"), self.definition)
        form.addRow(self.tr("Einheit"), self.unit)
        form.addRow(self.tr("Quelle"), self.source)
        form.addRow(self.tr("Richtung"), self.direction)
        form.addRow(self.tr("Art"), self.kind)
        form.addRow(self.tr("Basis der Quote"), self.rate_base)
        form.addRow(self.tr("Bezug"), self.rate_base_label)
        form.addRow(self.tr("Zähler aus Kennzahl"), self.numerator)
        form.addRow(self.tr("Nenner aus Kennzahl"), self.denominator)
        form.addRow(self.tr("Alter"), ages)
        form.addRow("", self.counts_persons)
        self.message = QLabel(self, objectName="formMessage", wordWrap=True)
        self.message.setStyleSheet(theme.error_text())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self)
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Speichern"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Abbrechen"))
        buttons.accepted.connect(self.save)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.message)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def _age_spin(self, name: str, value: int | None) -> QSpinBox:
        spin = QSpinBox(self, objectName=name, minimum=NO_AGE, maximum=120)
        spin.setSpecialValueText(self.tr("–"))
        spin.setValue(NO_AGE if value is None else value)
        return spin

    def _kind_changed(self) -> None:
        rate = self.kind.currentData() == IndicatorKind.RATE
        for widget in (self.rate_base, self.rate_base_label, self.numerator, self.denominator):
            widget.setEnabled(rate)

    def save(self) -> None:
        d = self.data
        d.name, d.definition = self.name.text(), self.definition.toPlainText()
        d.unit, d.source = self.unit.text(), self.source.text()
        d.direction, d.kind = self.direction.currentData(), self.kind.currentData()
        d.rate_base = self.rate_base.value() if d.kind == IndicatorKind.RATE else None
        d.rate_base_label = self.rate_base_label.text()
        d.numerator_indicator_id, d.denominator_indicator_id = (
            self.numerator.currentData(),
            self.denominator.currentData(),
        )
        d.age_from = None if self.age_from.value() == NO_AGE else self.age_from.value()
        d.age_to = None if self.age_to.value() == NO_AGE else self.age_to.value()
        d.counts_persons = self.counts_persons.isChecked()
        try:
            self.saved_id = self._service.save(d)
        except ValidationError as error:
            self.message.setText(" ".join(error.fields.values()))
            return
        except DomainError as error:
            self.message.setText(str(error))
            return
        self.accept()

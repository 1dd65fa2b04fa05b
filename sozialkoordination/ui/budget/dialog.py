"""Forms of the Sozialraumbudget: the year's budget of a Sozialraum, and one application from request to proof."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QLineEdit

from sozialkoordination.actors.service import ActorService
from sozialkoordination.budget.service import RECOMMENDATIONS, ApplicationData, BudgetService
from sozialkoordination.core.errors import ValidationError
from sozialkoordination.core.formatting import euro, german_number
from sozialkoordination.core.numbers import parse_amount
from sozialkoordination.ui.shell import theme
from sozialkoordination.ui.widgets.optional_date import OptionalDate
from sozialkoordination.ui.widgets.record_dialog import RecordDialog
from sozialkoordination.ui.widgets.record_picker import ChosenRecord, organisation_picker


def money_edit(parent, name: str, value: Decimal | None = None) -> QLineEdit:
    edit = QLineEdit(parent, objectName=name)
    edit.setPlaceholderText("0,00")
    edit.setMaximumWidth(140)
    if value is not None:
        edit.setText(german_number(value, 2))
    return edit


def read_money(fields: dict[str, tuple[QLineEdit, str]]) -> dict[str, Decimal | None]:
    """All money fields at once, so every wrong one is marked together."""
    values, errors = {}, {}
    for key, (edit, label) in fields.items():
        try:
            values[key] = parse_amount(edit.text(), label)
        except ValueError as error:
            errors[key] = str(error)
    if errors:
        raise ValidationError(errors)
    return values


class BudgetDialog(RecordDialog):
    def __init__(self, budget: BudgetService, sozialraum_id: int, sozialraum: str, year: int, parent=None):
        self._budget, self._raum, self._year = budget, sozialraum_id, year
        super().__init__(self.tr("Budget {0} – {1}").format(year, sozialraum), is_new=True, parent=parent)
        self.setObjectName("budgetDialog")
        row = budget.row(sozialraum_id, year)
        carry = row.carry_over if row.budget_id else budget.suggested_carry_over(sozialraum_id, year)
        self.amount = money_edit(self, "amountEdit", row.amount if row.budget_id else None)
        self.carry_over = money_edit(self, "carryOverEdit", carry)
        form = QFormLayout()
        form.addRow(self.tr("Budget (€) *"), self.amount)
        form.addRow(self.tr("Übertrag aus dem Vorjahr (€)"), self.carry_over)
        if not row.budget_id and carry:
            hint = QLabel(self.tr("Vorschlag: der Rest aus {0}.").format(year - 1), self)
            hint.setStyleSheet(theme.muted())
            form.addRow("", hint)
        self.body.addLayout(form)
        self.register_field("amount", self.amount)
        self.register_field("carry_over", self.carry_over)
        self.amount.setFocus()

    def collect(self) -> dict[str, Decimal | None]:
        values = read_money(
            {"amount": (self.amount, self.tr("Budget")), "carry_over": (self.carry_over, self.tr("Übertrag"))}
        )
        if values["amount"] is None:
            raise ValidationError({"amount": self.tr("Bitte geben Sie das Budget an.")})
        return values

    def store(self, values: dict) -> int:
        return self._budget.set_budget(self._raum, self._year, values["amount"], values["carry_over"] or Decimal("0"))


class ApplicationDialog(RecordDialog):
    def __init__(
        self,
        budget: BudgetService,
        actors: ActorService,
        sozialraum_id: int,
        year: int,
        application_id: int | None = None,
        parent=None,
    ):
        self._budget, self._raum, self._year = budget, sozialraum_id, year
        self._data = budget.get_application(application_id) if application_id else ApplicationData()
        title = self.tr("Neuer Antrag") if application_id is None else self.tr("Antrag")
        super().__init__(title, application_id is None, parent)
        self.setObjectName("applicationDialog")
        d = self._data
        remaining = budget.row(sozialraum_id, year).remaining
        self.applicant = ChosenRecord(organisation_picker(actors), self)
        self.applicant.setObjectName("applicantField")
        if d.applicant_organisation_id:
            self.applicant.set_value(
                d.applicant_organisation_id, actors.get_organisation(d.applicant_organisation_id).name
            )
        self.purpose = QLineEdit(d.purpose, self, objectName="purposeEdit")
        self.requested = money_edit(self, "requestedEdit", d.requested_amount)
        self.meeting = QComboBox(self, objectName="conferenceCombo")
        self.meeting.addItem(self.tr("– noch nicht beraten –"), None)
        for meeting_id, label in budget.conference_choices(sozialraum_id):
            self.meeting.addItem(label, meeting_id)
        self.meeting.setCurrentIndex(max(self.meeting.findData(d.meeting_id), 0))
        self.recommendation = QComboBox(self, objectName="recommendationCombo")
        self.recommendation.addItem("–", None)
        for value in RECOMMENDATIONS:
            self.recommendation.addItem(value, value)
        self.recommendation.setCurrentIndex(max(self.recommendation.findData(d.recommendation), 0))
        self.recommended = money_edit(self, "recommendedEdit", d.recommended_amount)
        self.approved = money_edit(self, "approvedEdit", d.approved_amount)
        self.decided_on = OptionalDate(self, self.tr("am"), d.decided_on, "decidedOnEdit")
        self.decided_by = QLineEdit(d.decided_by or "", self, objectName="decidedByEdit")
        self.decided_by.setPlaceholderText(self.tr("z. B. Fachbereich Soziales, Kreisausschuss"))
        self.spent = money_edit(self, "spentEdit", d.spent_amount)
        self.proof_on = OptionalDate(self, self.tr("am"), d.proof_of_use_on, "proofOnEdit")

        request = QGroupBox(self.tr("Antrag"), self)
        form = QFormLayout(request)
        form.addRow(self.tr("Antragsteller"), self.applicant)
        form.addRow(self.tr("Zweck *"), self.purpose)
        form.addRow(self.tr("Beantragt (€) *"), self.requested)
        conference = QGroupBox(self.tr("Sozialraumkonferenz"), self)
        form = QFormLayout(conference)
        form.addRow(self.tr("Beraten in"), self.meeting)
        form.addRow(self.tr("Empfehlung"), self.recommendation)
        form.addRow(self.tr("Empfohlener Betrag (€)"), self.recommended)
        decision = QGroupBox(self.tr("Entscheidung und Verwendung"), self)
        form = QFormLayout(decision)
        form.addRow(self.tr("Bewilligt (€)"), self.approved)
        form.addRow(self.tr("Entschieden"), self.decided_on)
        form.addRow(self.tr("Entschieden durch"), self.decided_by)
        form.addRow(self.tr("Verwendet (€)"), self.spent)
        form.addRow(self.tr("Verwendungsnachweis"), self.proof_on)
        hint = QLabel(
            self.tr("Im Budget noch verfügbar: {0}").format(euro(remaining)), self, objectName="remainingHint"
        )
        hint.setStyleSheet(theme.muted())
        for widget in (request, conference, decision, hint):
            self.body.addWidget(widget)
        for name, widget in (
            ("purpose", self.purpose),
            ("requested_amount", self.requested),
            ("recommended_amount", self.recommended),
            ("approved_amount", self.approved),
            ("decided_on", self.decided_on.edit),
            ("spent_amount", self.spent),
            ("proof_of_use_on", self.proof_on.edit),
            ("budget", self.purpose),
        ):
            self.register_field(name, widget)
        self.applicant.changed.connect(self.mark_dirty)
        self.purpose.setFocus()

    def collect(self) -> ApplicationData:
        money = read_money(
            {
                "requested_amount": (self.requested, self.tr("Beantragt")),
                "recommended_amount": (self.recommended, self.tr("Empfohlen")),
                "approved_amount": (self.approved, self.tr("Bewilligt")),
                "spent_amount": (self.spent, self.tr("Verwendet")),
            }
        )
        d = self._data
        return ApplicationData(
            purpose=self.purpose.text(),
            applicant_organisation_id=self.applicant.value(),
            meeting_id=self.meeting.currentData(),
            recommendation=self.recommendation.currentData(),
            decided_on=self.decided_on.value(),
            decided_by=self.decided_by.text(),
            proof_of_use_on=self.proof_on.value(),
            id=d.id,
            version=d.version,
            **money,
        )

    def store(self, data: ApplicationData) -> int:
        return self._budget.save_application(self._raum, self._year, data)

    def remove(self) -> None:
        self._budget.delete_application(self._data.id)

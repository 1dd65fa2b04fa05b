"""All SQLAlchemy models; importing this package registers every table on Base.metadata."""

from sozialkoordination.models.actor import Affiliation, Consent, Organisation, Person, Theme
from sozialkoordination.models.area import Gemeinde, Ortschaft, Sozialraum, Sozialregion
from sozialkoordination.models.audit import AuditEntry
from sozialkoordination.models.base import Base
from sozialkoordination.models.budget import BudgetApplication, SozialraumBudget
from sozialkoordination.models.exchange import ExchangeAlias, ExchangeKnown, ExchangePartner, ExchangeRecord
from sozialkoordination.models.import_batch import ColumnMapping, ImportBatch, ImportChange
from sozialkoordination.models.indicator import Indicator, IndicatorValue
from sozialkoordination.models.meeting import (
    AgendaItem,
    Attendance,
    Decision,
    Invitation,
    Meeting,
    MinutesVersion,
    Task,
)
from sozialkoordination.models.network import Network, NetworkMembership, Relationship
from sozialkoordination.models.offer import Angebot
from sozialkoordination.models.participation import Milestone, ParticipationActivity, Proposal
from sozialkoordination.models.project import Project
from sozialkoordination.models.setting import Setting
from sozialkoordination.models.volunteering import Offer, Placement, Volunteer, VolunteerAvailability

__all__ = [
    "Affiliation",
    "Angebot",
    "AgendaItem",
    "Attendance",
    "AuditEntry",
    "Base",
    "BudgetApplication",
    "ColumnMapping",
    "Consent",
    "Decision",
    "ExchangeKnown",
    "ExchangePartner",
    "ExchangeAlias",
    "ExchangeRecord",
    "Gemeinde",
    "ImportBatch",
    "ImportChange",
    "Indicator",
    "IndicatorValue",
    "Invitation",
    "Meeting",
    "MinutesVersion",
    "Milestone",
    "Network",
    "NetworkMembership",
    "Offer",
    "Organisation",
    "Ortschaft",
    "ParticipationActivity",
    "Person",
    "Placement",
    "Project",
    "Proposal",
    "Relationship",
    "Setting",
    "Sozialraum",
    "SozialraumBudget",
    "Sozialregion",
    "Task",
    "Theme",
    "Volunteer",
    "VolunteerAvailability",
]

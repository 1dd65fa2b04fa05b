"""All SQLAlchemy models; importing this package registers every table on Base.metadata."""

from .actor import Affiliation, Consent, Organisation, Person, Theme
from .area import Gemeinde, Ortschaft, Sozialraum, Sozialregion
from .audit import AuditEntry
from .base import Base
from .budget import BudgetApplication, SozialraumBudget
from .exchange import ExchangeAlias, ExchangeKnown, ExchangePartner, ExchangeRecord
from .import_batch import ColumnMapping, ImportBatch, ImportChange
from .indicator import Indicator, IndicatorValue
from .meeting import AgendaItem, Attendance, Decision, Invitation, Meeting, MinutesVersion, Task
from .network import Network, NetworkMembership, Relationship
from .participation import Milestone, ParticipationActivity, Proposal
from .project import Project
from .setting import Setting
from .volunteering import Offer, Placement, Volunteer, VolunteerAvailability

__all__ = [
    "Affiliation",
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

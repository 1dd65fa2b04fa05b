"""The fixed statuses and kinds of the domain, one StrEnum each.

Each value is exactly the text stored in the database (and in exchange packages), so a member compares equal to
the stored string and can be written as it is. Where the value is German it is also what the user sees; the
English values (area levels, indicator kinds) have their German names in the feature that shows them.
Order of the members is the order in which choices are offered."""

from __future__ import annotations

from enum import StrEnum


class AreaLevel(StrEnum):
    """The level of an area (Gemeinde ⊂ Sozialraum ⊂ Sozialregion ⊂ Landkreis) that a meeting, network or
    indicator value belongs to."""

    GEMEINDE = "gemeinde"
    SOZIALRAUM = "sozialraum"
    SOZIALREGION = "sozialregion"
    LANDKREIS = "landkreis"


class SozialraumKind(StrEnum):
    EINHEITSGEMEINDE = "Einheitsgemeinde"
    SAMTGEMEINDE = "Samtgemeinde"


class ProjectKind(StrEnum):
    TEILPROJEKT = "Teilprojekt"  # time-limited
    BAUSTEIN = "Baustein"  # permanent


class ActorKind(StrEnum):
    """Which of the two actor tables a list, filter or relationship end is about."""

    ORGANISATION = "organisation"
    PERSON = "person"


class MeetingKind(StrEnum):
    REGIONALES_SOZIALFORUM = "Regionales Sozialforum"
    SOZIALRAUMKONFERENZ = "Sozialraumkonferenz"
    ARBEITSKREIS = "Arbeitskreis"
    STEUERUNGSGRUPPE = "Steuerungsgruppe"
    SONSTIGE = "Sonstige Sitzung"


class MinutesStatus(StrEnum):
    DRAFT = "Entwurf"
    SENT = "versendet"
    APPROVED = "genehmigt"


class AgendaItemKind(StrEnum):
    INFORMATION = "Information"
    DISCUSSION = "Diskussion"
    DECISION = "Beschluss"


class InvitationReply(StrEnum):
    INVITED = "eingeladen"  # no reply yet
    ACCEPTED = "zugesagt"
    DECLINED = "abgesagt"
    REPRESENTED = "vertreten"  # someone else comes instead (Invitation.represented_by)


class TaskStatus(StrEnum):
    OPEN = "offen"
    DONE = "erledigt"


class BudgetStatus(StrEnum):
    """An application's status, derived from recommendation, decision and proof of use
    (budget.service.application_status); "beraten" is stored with the recommendation: "beraten (befürwortet)"."""

    SUBMITTED = "eingereicht"
    ADVISED = "beraten"
    APPROVED = "bewilligt"
    REJECTED = "abgelehnt"
    SETTLED = "abgerechnet"


class BudgetRecommendation(StrEnum):
    """What the Sozialraumkonferenz advises on an application."""

    RECOMMENDED = "befürwortet"
    REJECTED = "abgelehnt"
    DEFERRED = "zurückgestellt"


class ParticipationStatus(StrEnum):
    PLANNED = "geplant"
    RUNNING = "laufend"
    COMPLETED = "abgeschlossen"


class ProposalResponse(StrEnum):
    """The answer to a proposal made in a participation activity."""

    UNDER_REVIEW = "in Prüfung"
    ACCEPTED = "angenommen"
    REJECTED = "abgelehnt"
    IMPLEMENTED = "umgesetzt"


class OfferStatus(StrEnum):
    """A volunteering offer (Einsatzstelle)."""

    OPEN = "offen"
    FILLED = "besetzt"
    PAUSED = "pausiert"
    ENDED = "beendet"


class PlacementStatus(StrEnum):
    """A volunteer placed with an offer."""

    REQUESTED = "angefragt"
    PLACED = "vermittelt"
    ACTIVE = "aktiv"
    PAUSED = "pausiert"
    ENDED = "beendet"


class TimePattern(StrEnum):
    """When an offer needs a volunteer."""

    REGULAR = "regelmäßig"
    ONCE = "einmalig"
    FLEXIBLE = "flexibel"


class ConsentPurpose(StrEnum):
    """The purposes offered for a consent; a consent may also name another purpose typed by the user."""

    INVITATIONS = "Einladungen"
    PASSING_ON = "Weitergabe an Netzwerkpartner"
    NEWSLETTER = "Newsletter"
    PHOTOS = "Fotos"
    VOLUNTEERING = "Ehrenamtsvermittlung"


class RelationKind(StrEnum):
    """The kinds of relationship between actors offered in the form; the user may type another one."""

    COOPERATION = "Kooperation"
    SPONSORSHIP = "Trägerschaft"
    CONTACT = "Ansprechpartner*in"
    REFERRAL = "Vermittlung"
    FUNDING = "Finanzierung"
    OTHER = "Sonstige"


class IndicatorKind(StrEnum):
    COUNT = "count"
    RATE = "rate"


class IndicatorDirection(StrEnum):
    NEUTRAL = "neutral"
    HIGHER_BETTER = "higher_better"
    HIGHER_WORSE = "higher_worse"


class ImportKind(StrEnum):
    """What an import batch brought in (ImportBatch.kind)."""

    ACTORS = "actors"
    INDICATORS = "indicators"


class AuditAction(StrEnum):
    """What an audit entry records (AuditEntry.action)."""

    INSERT = "insert"
    UPDATE = "update"
    DELETE = "delete"
    ERASE = "erase"  # a person deleted on request (DSGVO Art. 17): the entry keeps no personal data


class ImportChangeAction(StrEnum):
    """What an import did to a record (ImportChange.action); undo reads it."""

    CREATED = "created"
    MERGED = "merged"  # into a record that was there before
    MERGED_IN_FILE = "merged_in_file"  # into a record the same file created a few rows earlier

"""The change history of one record, read from the audit log: when, who, which field, before → after, in German.

The log stores values as text (db/audit.py); here they become readable again: dates as dd.mm.yyyy, yes/no,
Sozialräume and organisations by name. A person named in another record (chair of a meeting, assignee of a task)
is shown by name only while the person exists; after an erasure the entry says "(gelöscht)", and the erased
person's own entries, whose values were blanked, say so too.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from sozialkoordination.actors.dto import ORGANISATION_FIELDS, PERSON_FIELDS, labels
from sozialkoordination.core.enums import AuditAction
from sozialkoordination.core.formatting import german_date
from sozialkoordination.models import (
    Affiliation,
    AgendaItem,
    AuditEntry,
    Consent,
    Network,
    Organisation,
    Person,
    Sozialraum,
    Volunteer,
)

ERASED = "(gelöscht)"

RECORDS = {
    "person": "Person",
    "organisation": "Organisation",
    "consent": "Einwilligung",
    "affiliation": "Zugehörigkeit",
    "volunteer": "Ehrenamtsprofil",
    "meeting": "Sitzung",
    "agenda_item": "Tagesordnungspunkt",
    "network": "Netzwerk",
    "network_membership": "Netzwerkmitgliedschaft",
    "relationship": "Beziehung",
    "decision": "Beschluss",
    "invitation": "Einladung",
    "attendance": "Teilnahme",
    "task": "Aufgabe",
    "participation_activity": "Beteiligung",
    "proposal": "Vorschlag",
    "milestone": "Meilenstein",
    "sozialraum_budget": "Sozialraumbudget",
    "budget_application": "Budgetantrag",
    "volunteer_availability": "Verfügbarkeit",
    "offer": "Engagementangebot",
    "placement": "Vermittlung",
}

HIDDEN = {"sort_key"}  # derived from the name, nothing a reader changed

ACTIONS = {
    AuditAction.INSERT: "angelegt",
    AuditAction.UPDATE: "geändert",
    AuditAction.DELETE: "gelöscht",
    AuditAction.ERASE: "gelöscht (DSGVO Art. 17)",
}

FIELDS = {
    **labels(PERSON_FIELDS),
    **labels(ORGANISATION_FIELDS),
    "purpose": "Zweck",
    "given_on": "erteilt am",
    "source": "Quelle",
    "expires_on": "gültig bis",
    "withdrawn_on": "widerrufen am",
    "role": "Rolle",
    "is_primary": "Hauptorganisation",
    "valid_from": "von",
    "valid_until": "bis",
    "organisation_id": "Organisation",
    "person_id": "Person",
    "meeting_type": "Art",
    "level": "Ebene",
    "sozialregion_id": "Sozialregion",
    "network_id": "Netzwerk",
    "previous_meeting_id": "Vorige Sitzung",
    "meeting_date": "Datum",
    "start_time": "Beginn",
    "end_time": "Ende",
    "venue": "Ort",
    "venue_address": "Anschrift des Ortes",
    "chair_person_id": "Leitung",
    "minute_taker_person_id": "Protokoll",
    "minutes_status": "Protokollstatus",
    "position": "Position",
    "presenter": "Vortragende*r",
    "duration_minutes": "Dauer (Minuten)",
    "item_type": "Art des TOP",
    "is_standing": "Ständiger TOP",
    "minutes": "Protokolltext",
    "skills": "Fähigkeiten",
    "languages": "Sprachen",
    "ortschaft": "Ortschaft",
    "available_from": "verfügbar ab",
    "available_until": "verfügbar bis",
    "has_car": "Auto",
    "uses_public_transport": "ÖPNV",
    "range_km": "Umkreis (km)",
    "reachable_places": "Erreichbare Orte",
    "themes": "Themen",
    "interests": "Interessen",
    "partners": "Partner",
    "description": "Beschreibung",
    "text": "Text",
    "status": "Status",
    "due_on": "Fällig am",
    "done_on": "Erledigt am",
    "created_at": "Angelegt am",
    "meeting_id": "Sitzung",
    "amount": "Betrag",
    "year": "Jahr",
    "follow_up_meeting_id": "Offene Aufgaben aus",
    "network_type": "Art des Netzwerks",
    "project_id": "Projekt",
    "organiser_person_id": "Organisiert von",
    "agenda_item_id": "TOP",
    "assignee_person_id": "Zuständige Person",
    "assignee_organisation_id": "Zuständig",
    "represented_by": "Vertreten durch",
    "present": "Anwesend",
    "excused": "Entschuldigt",
    "walk_in": "Spontan da",
    "relation_type": "Art der Beziehung",
    "note": "Notiz",
    "requested_amount": "Beantragt",
    "approved_amount": "Bewilligt",
    "recommendation": "Empfehlung",
}


@dataclass(frozen=True)
class HistoryEntry:
    changed_at: datetime  # local time
    user_name: str
    record: str  # "Person", "Einwilligung (Einladungen)" …
    action: str  # angelegt | geändert | gelöscht | gelöscht (DSGVO Art. 17)
    field: str  # German label, "" for whole-record entries
    before: str
    after: str


def history(s: Session, entity: str, entity_id: int) -> list[HistoryEntry]:
    """The entries of this record – for a person also of their consents, affiliations and volunteer profile;
    for a meeting also of its agenda items – newest first."""
    related = _related(s, entity, entity_id)
    condition = or_(
        *(
            (AuditEntry.entity == table) & AuditEntry.entity_id.in_(list(labels))
            for table, labels in related.items()
            if labels
        )
    )
    entries = s.scalars(
        select(AuditEntry).where(condition).order_by(AuditEntry.changed_at.desc(), AuditEntry.id.desc())
    )
    values = _Values(s)
    erased = any(
        e.action == AuditAction.ERASE
        for e in s.scalars(select(AuditEntry).where(AuditEntry.entity == entity, AuditEntry.entity_id == entity_id))
    )
    rows = []
    for e in entries:
        if e.field in HIDDEN:
            continue
        label = related[e.entity][e.entity_id]
        if (
            e.action == AuditAction.UPDATE
            and e.old_value is None
            and e.new_value is None
            and entity == "person"
            and erased
        ):
            before = after = ERASED  # the erasure blanked the values
        else:
            before, after = values.show(e.field, e.old_value), values.show(e.field, e.new_value)
        rows.append(
            HistoryEntry(
                changed_at=local_time(e.changed_at),
                user_name=e.user_name or "",
                record=label,
                action=ACTIONS.get(e.action, e.action),
                field=FIELDS.get(e.field or "", e.field or ""),
                before=before,
                after=after if e.action != AuditAction.ERASE else (e.new_value or ""),
            )
        )
    return rows


def local_time(stamp: datetime) -> datetime:
    """The log stores UTC; the reader thinks in local time."""
    return stamp.replace(tzinfo=UTC).astimezone().replace(tzinfo=None)


def _related(s: Session, entity: str, entity_id: int) -> dict[str, dict[int, str]]:
    """table → {id: label} of the records whose entries belong to this record's history."""
    related: dict[str, dict[int, str]] = {entity: {entity_id: RECORDS.get(entity, entity)}}
    if entity == "person":
        related["consent"] = {
            c.id: f"Einwilligung ({c.purpose})"
            for c in s.scalars(select(Consent).where(Consent.person_id == entity_id))
        }
        related["affiliation"] = {
            a_id: f"Zugehörigkeit ({name})"
            for a_id, name in s.execute(
                select(Affiliation.id, Organisation.name)
                .join(Organisation, Affiliation.organisation_id == Organisation.id)
                .where(Affiliation.person_id == entity_id)
            )
        }
        related["volunteer"] = {
            v: "Ehrenamtsprofil" for v in s.scalars(select(Volunteer.id).where(Volunteer.person_id == entity_id))
        }
    elif entity == "meeting":
        related["agenda_item"] = {
            i.id: f"TOP {i.position + 1}: {i.title}"
            for i in s.scalars(select(AgendaItem).where(AgendaItem.meeting_id == entity_id))
        }
    return related


class _Values:
    """Turns stored text back into what a reader understands; looks names up once per id."""

    def __init__(self, s: Session):
        self._s = s
        self._lookups: dict[str, Callable[[int], str | None]] = {
            "sozialraum_id": lambda i: self._name(Sozialraum, i),
            "organisation_id": lambda i: self._name(Organisation, i),
            "parent_id": lambda i: self._name(Organisation, i),
            "network_id": lambda i: self._name(Network, i),
            "person_id": self._person,
            "chair_person_id": self._person,
            "minute_taker_person_id": self._person,
            "assignee_person_id": self._person,
        }

    def _name(self, model, record_id: int) -> str | None:
        record = self._s.get(model, record_id)
        return record.name if record is not None else None

    def _person(self, person_id: int) -> str:
        person = self._s.get(Person, person_id)
        if person is None:
            return ERASED  # a person's name only as long as the person exists
        return " ".join(p for p in (person.title, person.first_name, person.last_name) if p)

    def show(self, field: str | None, value: str | None) -> str:
        if value is None or value == "":
            return ""
        lookup = self._lookups.get(field or "")
        if lookup is not None and value.isdigit():
            return lookup(int(value)) or f"Nr. {value} (nicht mehr vorhanden)"
        if value in ("True", "False"):
            return "ja" if value == "True" else "nein"
        try:
            if len(value) == 10:
                return german_date(date.fromisoformat(value))
            if len(value) == 19 and value[10] == " ":
                return datetime.fromisoformat(value).strftime("%d.%m.%Y %H:%M")
        except ValueError:
            pass
        return value

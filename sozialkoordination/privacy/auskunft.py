"""Auskunft (Art. 15 DSGVO): everything the database holds about one person, as one structure that becomes both a
readable Word document and a machine-readable JSON file (io/privacy_documents.py).

What counts: the person record with themes; affiliations; consents with their history state; network memberships
and networks the person organises; invitations, attendance and meeting roles (chair, minutes); tasks; agenda items
and decisions that name the person (presenter, minutes or decision text containing the full name); volunteer profile
with availability, interests and placements; offers the person is contact for; relationships entered by hand; the
imports the data came from; and the audit log of the person's records. Participation activities hold no personal
data (only organisations and counts), so they do not appear.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from sozialkoordination.consents.service import consent_state
from sozialkoordination.core.enums import ImportChangeAction
from sozialkoordination.core.errors import NotFoundError
from sozialkoordination.core.formatting import display_text
from sozialkoordination.drafts.service import PERSON_FORM, draft_key, drafts_of
from sozialkoordination.history.service import FIELDS, history
from sozialkoordination.models import (
    Affiliation,
    AgendaItem,
    Attendance,
    Decision,
    ImportBatch,
    ImportChange,
    Invitation,
    Meeting,
    MinutesVersion,
    Network,
    NetworkMembership,
    Offer,
    Organisation,
    Person,
    Placement,
    Relationship,
    Setting,
    Sozialraum,
    Task,
    Volunteer,
)
from sozialkoordination.models.budget import BudgetApplication
from sozialkoordination.models.offer import Angebot
from sozialkoordination.models.participation import ParticipationActivity, Proposal
from sozialkoordination.privacy.mentions import MENTIONED_IN, mention_pattern
from sozialkoordination.privacy.mentions import needles as mention_needles

WEEKDAYS = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")


@dataclass
class ReportTable:
    key: str  # the key in the JSON file
    title: str  # the heading in the document
    columns: list[tuple[str, str]]  # (key, German label)
    rows: list[dict] = field(default_factory=list)  # raw values by column key
    note: str = ""

    def text_rows(self) -> list[list[str]]:
        return [[_text(row.get(key)) for key, _label in self.columns] for row in self.rows]


@dataclass
class PersonReport:
    person_id: int
    name: str
    created_on: date
    facts: list[tuple[str, str, object]]  # (key, German label, raw value) of the person record
    tables: list[ReportTable]
    retention_months: int | None = None

    def as_json(self) -> dict:
        """Plain JSON types: dates as ISO strings, numbers as numbers."""
        return {
            "art": "Auskunft nach Art. 15 DSGVO",
            "erstellt_am": self.created_on.isoformat(),
            "person_id": self.person_id,
            "person": {key: _plain(value) for key, _label, value in self.facts},
            **{
                t.key: [{key: _plain(row.get(key)) for key, _label in t.columns} for row in t.rows] for t in self.tables
            },
        }


def _text(value) -> str:
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    return display_text(value)


def _plain(value):
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def _name(p: Person | None) -> str:
    if p is None:
        return ""
    return " ".join(x for x in (p.title, p.first_name, p.last_name) if x)


def _meeting_label(m: Meeting | None) -> str:
    return f"{m.meeting_date:%d.%m.%Y} {m.title}" if m is not None else ""


def build_report(s: Session, person_id: int, today: date) -> PersonReport:
    p = s.get(Person, person_id)
    if p is None:
        raise NotFoundError(f"Eine Person mit der Nummer {person_id} gibt es nicht (mehr).")
    raum = s.get(Sozialraum, p.sozialraum_id) if p.sozialraum_id else None
    facts = [
        ("anrede", "Anrede", p.salutation),
        ("titel", "Titel", p.title),
        ("vorname", "Vorname", p.first_name),
        ("nachname", "Nachname", p.last_name),
        ("funktion", "Funktion", p.function),
        ("telefon", "Telefon", p.phone),
        ("mobil", "Mobil", p.mobile),
        ("email", "E-Mail", p.email),
        ("strasse", "Straße", p.street),
        ("hausnummer", "Hausnummer", p.house_number),
        ("plz", "PLZ", p.postcode),
        ("ort", "Ort", p.city),
        ("sozialraum", "Sozialraum", raum.name if raum else None),
        ("themen", "Themen", ", ".join(t.name for t in p.themes) or None),
        ("notizen", "Notizen", p.notes),
        ("letzte_aktivitaet", "Letzte Aktivität", p.last_activity_on),
        ("angelegt_am", "Angelegt am", p.created_at),
        ("geaendert_am", "Zuletzt geändert am", p.updated_at),
        ("kennung", "Kennung", p.uuid),
    ]
    tables = [
        _affiliations(s, person_id),
        _consents(p, today),
        _memberships(s, person_id),
        _invitations(s, person_id),
        _attendance(s, person_id),
        _meeting_roles(s, person_id),
        _tasks(s, person_id),
        _named_in_minutes(s, p),
        _approved_minutes(s, p),
        _named_elsewhere(s, p),
        *_volunteering(s, person_id),
        _offers(s, person_id),
        _relationships(s, person_id),
        _origin(s, person_id),
        _draft(s, person_id),
        _audit(s, person_id),
    ]
    return PersonReport(person_id, _name(p), today, facts, tables)


def _affiliations(s: Session, person_id: int) -> ReportTable:
    rows = [
        {
            "organisation": org.name,
            "rolle": a.role,
            "hauptorganisation": a.is_primary,
            "von": a.valid_from,
            "bis": a.valid_until,
        }
        for a, org in s.execute(
            select(Affiliation, Organisation)
            .join(Organisation, Affiliation.organisation_id == Organisation.id)
            .where(Affiliation.person_id == person_id)
            .order_by(Affiliation.is_primary.desc(), Organisation.name)
        )
    ]
    columns = [
        ("organisation", "Organisation"),
        ("rolle", "Rolle"),
        ("hauptorganisation", "Haupt­organisation"),
        ("von", "von"),
        ("bis", "bis"),
    ]
    return ReportTable("zugehoerigkeiten", "Organisationen, für die die Person tätig ist", columns, rows)


def _consents(p: Person, today: date) -> ReportTable:
    rows = [
        {
            "zweck": c.purpose,
            "erteilt_am": c.given_on,
            "quelle": c.source,
            "gueltig_bis": c.expires_on,
            "widerrufen_am": c.withdrawn_on,
            "stand": consent_state(c, today),
        }
        for c in p.consents
    ]
    columns = [
        ("zweck", "Zweck"),
        ("erteilt_am", "erteilt am"),
        ("quelle", "Quelle"),
        ("gueltig_bis", "gültig bis"),
        ("widerrufen_am", "widerrufen am"),
        ("stand", "Stand"),
    ]
    return ReportTable("einwilligungen", "Einwilligungen", columns, rows)


def _memberships(s: Session, person_id: int) -> ReportTable:
    rows = [
        {"netzwerk": n.name, "rolle": m.role, "von": m.valid_from, "bis": m.valid_until}
        for m, n in s.execute(
            select(NetworkMembership, Network)
            .join(Network, NetworkMembership.network_id == Network.id)
            .where(NetworkMembership.person_id == person_id)
            .order_by(Network.name)
        )
    ]
    rows += [
        {"netzwerk": n.name, "rolle": "organisiert das Netzwerk", "von": None, "bis": None}
        for n in s.scalars(select(Network).where(Network.organiser_person_id == person_id).order_by(Network.name))
    ]
    columns = [("netzwerk", "Netzwerk"), ("rolle", "Rolle"), ("von", "von"), ("bis", "bis")]
    return ReportTable("netzwerke", "Mitgliedschaften in Netzwerken", columns, rows)


def _invitations(s: Session, person_id: int) -> ReportTable:
    rows = [
        {
            "sitzung": _meeting_label(m),
            "rueckmeldung": i.status,
            "vertreten_durch": i.represented_by,
            "eingeladen_am": i.invited_at,
            "geantwortet_am": i.replied_at,
        }
        for i, m in s.execute(
            select(Invitation, Meeting)
            .join(Meeting, Invitation.meeting_id == Meeting.id)
            .where(Invitation.person_id == person_id)
            .order_by(Meeting.meeting_date)
        )
    ]
    columns = [
        ("sitzung", "Sitzung"),
        ("rueckmeldung", "Rückmeldung"),
        ("vertreten_durch", "vertreten durch"),
        ("eingeladen_am", "eingeladen am"),
        ("geantwortet_am", "geantwortet am"),
    ]
    return ReportTable("einladungen", "Einladungen zu Sitzungen", columns, rows)


def _attendance(s: Session, person_id: int) -> ReportTable:
    rows = [
        {"sitzung": _meeting_label(m), "anwesend": a.present, "entschuldigt": a.excused, "ohne_einladung": a.walk_in}
        for a, m in s.execute(
            select(Attendance, Meeting)
            .join(Meeting, Attendance.meeting_id == Meeting.id)
            .where(Attendance.person_id == person_id)
            .order_by(Meeting.meeting_date)
        )
    ]
    columns = [
        ("sitzung", "Sitzung"),
        ("anwesend", "anwesend"),
        ("entschuldigt", "entschuldigt"),
        ("ohne_einladung", "ohne Einladung gekommen"),
    ]
    return ReportTable("teilnahmen", "Teilnahme an Sitzungen", columns, rows)


def _meeting_roles(s: Session, person_id: int) -> ReportTable:
    meetings = s.scalars(
        select(Meeting)
        .where(or_(Meeting.chair_person_id == person_id, Meeting.minute_taker_person_id == person_id))
        .order_by(Meeting.meeting_date)
    )
    rows = []
    for m in meetings:
        roles = [
            r
            for r, pid in (("Leitung", m.chair_person_id), ("Protokoll", m.minute_taker_person_id))
            if pid == person_id
        ]
        rows.append({"sitzung": _meeting_label(m), "aufgabe": " und ".join(roles)})
    columns = [("sitzung", "Sitzung"), ("aufgabe", "Aufgabe")]
    return ReportTable("sitzungsrollen", "Leitung und Protokoll von Sitzungen", columns, rows)


def _tasks(s: Session, person_id: int) -> ReportTable:
    rows = [
        {
            "aufgabe": t.description,
            "sitzung": _meeting_label(m),
            "faellig_am": t.due_on,
            "status": t.status,
            "erledigt_am": t.done_on,
        }
        for t, m in s.execute(
            select(Task, Meeting)
            .outerjoin(Meeting, Task.meeting_id == Meeting.id)
            .where(Task.assignee_person_id == person_id)
            .order_by(Task.due_on, Task.id)
        )
    ]
    columns = [
        ("aufgabe", "Aufgabe"),
        ("sitzung", "Sitzung"),
        ("faellig_am", "fällig am"),
        ("status", "Status"),
        ("erledigt_am", "erledigt am"),
    ]
    return ReportTable("aufgaben", "Aufgaben", columns, rows)


KEPT_MINUTES_NOTE = (
    "Genehmigte Protokolle sind die Niederschrift der Sitzungen eines Gremiums des Landkreises. Jede genehmigte "
    "Fassung wird unverändert aufbewahrt und bleibt auch bei einer Löschung der Person erhalten "
    "(Art. 17 Abs. 3 lit. b DSGVO: Dokumentation der Wahrnehmung einer Aufgabe im öffentlichen Interesse). "
    "Alle übrigen Angaben zur Person werden bei einer Löschung entfernt, auch aus dem Änderungsprotokoll."
)


def _approved_minutes(s: Session, p: Person) -> ReportTable:
    """The stored approved Fassungen of minutes that name the person (attendance, leadership, tasks, text) – what
    stays after an erasure, with the reason."""
    named = json.dumps({"first_name": p.first_name, "last_name": p.last_name}, ensure_ascii=False)[1:-1]
    full = " ".join(x for x in (p.first_name, p.last_name) if x)
    found = or_(
        MinutesVersion.content.contains(named, autoescape=True), MinutesVersion.content.contains(full, autoescape=True)
    )
    rows = [
        {"sitzung": _meeting_label(m), "fassung": v.number, "genehmigt_am": v.approved_at.date()}
        for v, m in s.execute(
            select(MinutesVersion, Meeting)
            .join(Meeting, MinutesVersion.meeting_id == Meeting.id)
            .where(found)
            .order_by(Meeting.meeting_date, MinutesVersion.number)
        )
    ]
    columns = [("sitzung", "Sitzung"), ("fassung", "Fassung"), ("genehmigt_am", "Genehmigt am")]
    title = "Genehmigte Protokolle (bleiben bei einer Löschung erhalten)"
    return ReportTable("genehmigte_protokolle", title, columns, rows, KEPT_MINUTES_NOTE)


def _named_in_minutes(s: Session, p: Person) -> ReportTable:
    """Agenda items and decisions whose text names the person with first and last name (or last name alone as
    presenter) – free text, so this is a search, stated as such in the document."""
    full = " ".join(x for x in (p.first_name, p.last_name) if x).lower()
    pattern = f"%{full}%"
    rows = []
    items = s.execute(
        select(AgendaItem, Meeting)
        .join(Meeting, AgendaItem.meeting_id == Meeting.id)
        .where(
            or_(
                func.lower(AgendaItem.presenter).like(pattern),
                func.lower(AgendaItem.presenter) == p.last_name.lower(),
                func.lower(AgendaItem.minutes).like(pattern),
            )
        )
        .order_by(Meeting.meeting_date, AgendaItem.position)
    )
    for item, m in items:
        where = (
            "Vortrag"
            if item.presenter
            and full in item.presenter.lower()
            or ((item.presenter or "").lower() == p.last_name.lower())
            else "Protokoll"
        )
        rows.append({"sitzung": _meeting_label(m), "top": item.title, "erwaehnt_in": where, "text": item.minutes})
    decisions = s.execute(
        select(Decision, AgendaItem, Meeting)
        .join(AgendaItem, Decision.agenda_item_id == AgendaItem.id)
        .join(Meeting, AgendaItem.meeting_id == Meeting.id)
        .where(func.lower(Decision.text).like(pattern))
        .order_by(Meeting.meeting_date)
    )
    for d, item, m in decisions:
        rows.append({"sitzung": _meeting_label(m), "top": item.title, "erwaehnt_in": "Beschluss", "text": d.text})
    columns = [("sitzung", "Sitzung"), ("top", "Tagesordnungspunkt"), ("erwaehnt_in", "genannt in"), ("text", "Text")]
    return ReportTable(
        "protokolle",
        "Nennungen in Tagesordnungen, Protokollen und Beschlüssen",
        columns,
        rows,
        note="Gesucht wurde nach Vor- und Nachname im Text.",
    )


# Where the free-text mentions of the person may stand besides the minutes (those have their own table above), with
# the kind of record and the field as the document names them.
_MENTION_LABELS = {
    (Task, "description"): ("Aufgabe", "Beschreibung"),
    (Invitation, "represented_by"): ("Einladung", "vertreten durch"),
    (Meeting, "notes"): ("Sitzung", "Notizen"),
    (Meeting, "venue"): ("Sitzung", "Ort"),
    (Network, "description"): ("Netzwerk", "Beschreibung"),
    (Relationship, "note"): ("Beziehung", "Notiz"),
    (Organisation, "notes"): ("Organisation", "Notizen"),
    (Offer, "description"): ("Engagementangebot", "Beschreibung"),
    (Angebot, "contact"): ("Angebot", "Kontakt"),
    (Angebot, "description"): ("Angebot", "Beschreibung"),
    (Placement, "status_reason"): ("Vermittlung", "Begründung"),
    (ParticipationActivity, "notes"): ("Beteiligung", "Notizen"),
    (Proposal, "text"): ("Vorschlag", "Text"),
    (Proposal, "notes"): ("Vorschlag", "Notizen"),
    (BudgetApplication, "purpose"): ("Budgetantrag", "Zweck"),
    (BudgetApplication, "decided_by"): ("Budgetantrag", "entschieden von"),
    (Person, "notes"): ("Person", "Notizen"),
    (Volunteer, "notes"): ("Ehrenamtliche Person", "Notizen"),
    (Volunteer, "skills"): ("Ehrenamtliche Person", "Fähigkeiten"),
}


def _record_label(record) -> str:
    for name in ("name", "title", "meeting_date", "description"):
        value = getattr(record, name, None)
        if value:
            return f"{value:%d.%m.%Y}" if isinstance(value, date) else str(value)[:80]
    return f"Nr. {record.id}"


def _named_elsewhere(s: Session, p: Person) -> ReportTable:
    """Every other free text that names the person (name, e-mail or phone – the pattern the erasure replaces), e.g.
    the contact of an Angebot or a task's description. The person's own records are in the tables above."""
    pattern = mention_pattern(p)
    rows = []
    if pattern is not None:
        found = mention_needles(p)
        for model, name in MENTIONED_IN:
            if (model, name) not in _MENTION_LABELS:
                continue
            column = getattr(model, name)
            stmt = select(model).where(or_(*(column.contains(n, autoescape=True) for n in found)))
            if model is Person:
                stmt = stmt.where(Person.id != p.id)
            elif model is Volunteer:
                stmt = stmt.where(Volunteer.person_id != p.id)
            kind, field_label = _MENTION_LABELS[(model, name)]
            for record in s.scalars(stmt.order_by(model.id)):
                text = getattr(record, name)
                if pattern.search(text):
                    rows.append({"art": kind, "datensatz": _record_label(record), "feld": field_label, "text": text})
    columns = [("art", "Art"), ("datensatz", "Datensatz"), ("feld", "Feld"), ("text", "Text")]
    return ReportTable(
        "nennungen",
        "Nennungen in weiteren Freitexten (z. B. Kontakt eines Angebots)",
        columns,
        rows,
        note="Gesucht wurde nach Name, E-Mail-Adresse und Telefonnummern im Text.",
    )


def _volunteering(s: Session, person_id: int) -> list[ReportTable]:
    v = s.scalar(select(Volunteer).where(Volunteer.person_id == person_id))
    profile_columns = [("feld", "Angabe"), ("wert", "Wert")]
    if v is None:
        return [ReportTable("ehrenamt", "Ehrenamt", profile_columns, [], note="Kein Ehrenamtsprofil.")]
    raum = s.get(Sozialraum, v.sozialraum_id) if v.sozialraum_id else None
    times = ", ".join(f"{WEEKDAYS[a.weekday]} {a.part_of_day}" for a in sorted(v.availability, key=lambda a: a.weekday))
    profile = [
        ("Rolle", v.role),
        ("Fähigkeiten", v.skills),
        ("Sprachen", v.languages),
        ("Ortschaft", v.ortschaft),
        ("Sozialraum", raum.name if raum else None),
        ("Interessen", ", ".join(t.name for t in v.interests) or None),
        ("Zeiten", times or None),
        ("verfügbar ab", v.available_from),
        ("verfügbar bis", v.available_until),
        ("Auto", v.has_car),
        ("ÖPNV", v.uses_public_transport),
        ("Umkreis (km)", v.range_km),
        ("Erreichbare Orte", v.reachable_places),
        ("Notizen", v.notes),
        ("Letzte Aktivität", v.last_activity_on),
    ]
    placements = [
        {
            "angebot": o.title,
            "status": pl.status,
            "grund": pl.status_reason,
            "angefragt_am": pl.requested_on,
            "begonnen_am": pl.started_on,
            "beendet_am": pl.ended_on,
        }
        for pl, o in s.execute(
            select(Placement, Offer)
            .join(Offer, Placement.offer_id == Offer.id)
            .where(Placement.volunteer_id == v.id)
            .order_by(Placement.requested_on)
        )
    ]
    columns = [
        ("angebot", "Angebot"),
        ("status", "Status"),
        ("grund", "Grund"),
        ("angefragt_am", "angefragt am"),
        ("begonnen_am", "begonnen am"),
        ("beendet_am", "beendet am"),
    ]
    return [
        ReportTable(
            "ehrenamt",
            "Ehrenamt",
            profile_columns,
            [{"feld": k, "wert": val} for k, val in profile if val not in (None, "")],
        ),
        ReportTable("vermittlungen", "Vermittlungen in Engagementangebote", columns, placements),
    ]


def _offers(s: Session, person_id: int) -> ReportTable:
    rows = [
        {"angebot": o.title, "status": o.status}
        for o in s.scalars(select(Offer).where(Offer.contact_person_id == person_id).order_by(Offer.title))
    ]
    return ReportTable(
        "angebote", "Ansprechperson für Engagementangebote", [("angebot", "Angebot"), ("status", "Status")], rows
    )


def _relationships(s: Session, person_id: int) -> ReportTable:
    rows = []
    for r in s.scalars(
        select(Relationship).where(
            or_(Relationship.source_person_id == person_id, Relationship.target_person_id == person_id)
        )
    ):
        if r.source_person_id == person_id:
            other_org, other_person = r.target_organisation_id, r.target_person_id
        else:
            other_org, other_person = r.source_organisation_id, r.source_person_id
        other = s.get(Organisation, other_org).name if other_org else _name(s.get(Person, other_person))
        rows.append({"art": r.relation_type, "mit": other, "notiz": r.note, "von": r.valid_from, "bis": r.valid_until})
    columns = [("art", "Art"), ("mit", "mit"), ("notiz", "Notiz"), ("von", "von"), ("bis", "bis")]
    return ReportTable("beziehungen", "Beziehungen zu anderen Akteuren", columns, rows)


def _origin(s: Session, person_id: int) -> ReportTable:
    """Art. 15 (1) g: where the data came from, as far as imports recorded it."""
    rows = [
        {
            "datum": b.created_at,
            "datei": b.file_name,
            "quelle": b.source,
            "art": "neu angelegt" if c.action == ImportChangeAction.CREATED else "zusammengeführt",
            "rueckgaengig": b.undone_at,
        }
        for c, b in s.execute(
            select(ImportChange, ImportBatch)
            .join(ImportBatch, ImportChange.batch_id == ImportBatch.id)
            .where(
                ImportChange.entity == "person",
                ImportChange.entity_id <= person_id,
                func.coalesce(ImportChange.last_entity_id, ImportChange.entity_id) >= person_id,
            )
            .order_by(ImportBatch.created_at)
        )
    ]
    columns = [
        ("datum", "Datum"),
        ("datei", "Datei"),
        ("quelle", "Quelle (Partner)"),
        ("art", "Art"),
        ("rueckgaengig", "rückgängig gemacht am"),
    ]
    return ReportTable(
        "herkunft",
        "Herkunft der Daten (Importe)",
        columns,
        rows,
        note="Nicht aufgeführte Daten wurden in der Anwendung von Hand erfasst.",
    )


def _draft(s: Session, person_id: int) -> ReportTable:
    """An unsaved draft of the person's form (kept after a crash) is stored data about the person too."""
    rows = []
    for stored in s.scalars(select(Setting).where(drafts_of(draft_key(PERSON_FORM, person_id))).order_by(Setting.key)):
        if not stored.value:
            continue
        try:
            draft = json.loads(stored.value)
        except ValueError:
            draft = {}
        values = draft.get("values") if isinstance(draft, dict) else None
        for key, value in (values or {}).items():
            if value not in (None, "", [], {}):
                rows.append(
                    {
                        "feld": FIELDS.get(str(key), str(key)),
                        "wert": value if isinstance(value, str) else json.dumps(value, ensure_ascii=False),
                    }
                )
    return ReportTable(
        "entwurf", "Nicht gespeicherter Entwurf des Personenformulars", [("feld", "Feld"), ("wert", "Wert")], rows
    )


def _audit(s: Session, person_id: int) -> ReportTable:
    rows = [
        {
            "zeitpunkt": e.changed_at,
            "benutzer": e.user_name,
            "eintrag": e.record,
            "aktion": e.action,
            "feld": e.field,
            "vorher": e.before,
            "nachher": e.after,
        }
        for e in history(s, "person", person_id)
    ]
    columns = [
        ("zeitpunkt", "Zeitpunkt"),
        ("benutzer", "wer"),
        ("eintrag", "Eintrag"),
        ("aktion", "Aktion"),
        ("feld", "Feld"),
        ("vorher", "vorher"),
        ("nachher", "nachher"),
    ]
    return ReportTable("aenderungsprotokoll", "Änderungsprotokoll", columns, rows)

"""Networks and their members (with history), member lists for a network's own mailing, and the gaps:
which Sozialräume lack which kind of actor, and which have no member in a network."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import fields
from datetime import date
from pathlib import Path

from sqlalchemy import case, func, literal, or_, select
from sqlalchemy.orm import Session, sessionmaker

from sozialkoordination.actors.service import addressees, primary_organisations
from sozialkoordination.areas.service import LANDKREIS_NAME
from sozialkoordination.consents.service import with_valid_consent
from sozialkoordination.core.enums import AreaLevel, ConsentPurpose
from sozialkoordination.core.errors import ConflictError, NotFoundError, ValidationError
from sozialkoordination.core.letters import Addressee, SenderProfile
from sozialkoordination.core.normalize import clean
from sozialkoordination.core.progress import Progress
from sozialkoordination.documents.tables import Column, Sheet, write_table, write_workbook
from sozialkoordination.models import (
    Network,
    NetworkMembership,
    Organisation,
    Person,
    Project,
    Setting,
    Sozialraum,
    Sozialregion,
)
from sozialkoordination.networks.dto import (
    LEVELS,
    ORGANISATION,
    PERSON,
    GapChoice,
    GapTable,
    MemberRow,
    NetworkData,
    NetworkListRow,
    is_active,
)

log = logging.getLogger(__name__)
GAP_CHOICE_SETTING = "networks.gap_choice"  # JSON: {"org_types": [...], "offer_kinds": [...], "life_phases": [...]}


class NetworkService:
    def __init__(
        self,
        session_factory: sessionmaker[Session],
        today: Callable[[], date] = date.today,
        sender: Callable[[], SenderProfile] = SenderProfile,
    ):
        self._sf = session_factory
        self._today = today
        self._sender = sender  # who the Word member list comes from (the settings' letterhead)

    # -- networks ------------------------------------------------------------------------------
    def get(self, network_id: int) -> NetworkData:
        with self._sf() as s:
            n = self._network(s, network_id)
            return NetworkData(**{f.name: getattr(n, f.name) for f in fields(NetworkData)})

    def save(self, data: NetworkData) -> int:
        errors = {}
        name = clean(data.name)
        if not name:
            errors["name"] = "Bitte geben Sie dem Netzwerk einen Namen."
        if data.level not in LEVELS:
            errors["level"] = "Bitte wählen Sie die Ebene: Sozialraum, Sozialregion oder Landkreis."
        elif data.level == AreaLevel.SOZIALRAUM and data.sozialraum_id is None:
            errors["sozialraum_id"] = "Bitte wählen Sie den Sozialraum des Netzwerks."
        elif data.level == AreaLevel.SOZIALREGION and data.sozialregion_id is None:
            errors["sozialregion_id"] = "Bitte wählen Sie die Sozialregion des Netzwerks."
        if errors:
            raise ValidationError(errors)
        with self._sf.begin() as s:
            if data.id is None:
                network = Network()
                s.add(network)
            else:
                network = self._network(s, data.id)
                if data.version is not None and network.version != data.version:
                    raise ConflictError("Das Netzwerk wurde inzwischen geändert. Bitte öffnen Sie es neu.")
            for f in fields(NetworkData):
                if f.name not in ("id", "version"):
                    setattr(network, f.name, getattr(data, f.name))
            network.name, network.network_type = name, clean(data.network_type)
            network.description = (data.description or "").strip() or None
            network.sozialraum_id = data.sozialraum_id if data.level == AreaLevel.SOZIALRAUM else None
            network.sozialregion_id = data.sozialregion_id if data.level == AreaLevel.SOZIALREGION else None
            s.flush()
            return network.id

    def delete(self, network_id: int) -> None:
        with self._sf.begin() as s:
            s.delete(self._network(s, network_id))

    def network_list(self, sozialregion_id: int | None) -> list[NetworkListRow]:
        """The networks of a Sozialregion (None: all) with their active members today, in one SELECT."""
        today = self._today()
        active = (
            select(func.count(NetworkMembership.id))
            .where(
                NetworkMembership.network_id == Network.id,
                or_(NetworkMembership.valid_from.is_(None), NetworkMembership.valid_from <= today),
                or_(NetworkMembership.valid_until.is_(None), NetworkMembership.valid_until >= today),
            )
            .scalar_subquery()
        )
        area = case(
            (Network.level == AreaLevel.SOZIALRAUM, Sozialraum.name),
            (Network.level == AreaLevel.LANDKREIS, literal(LANDKREIS_NAME)),
            else_=func.coalesce(Sozialregion.name, Sozialraum.name),
        )
        stmt = (
            select(
                Network.id,
                Network.name,
                Network.network_type,
                case(LEVELS, value=Network.level, else_=Network.level),
                area,
                Project.code,
                active,
                Network.description,
            )
            .outerjoin(Sozialraum, Network.sozialraum_id == Sozialraum.id)
            .outerjoin(Sozialregion, Network.sozialregion_id == Sozialregion.id)
            .outerjoin(Project, Network.project_id == Project.id)
            .order_by(func.lower(Network.name), Network.id)
        )
        if sozialregion_id is not None:
            # District-wide ones (Steuerungsgruppe, FBL-Runde) concern every region's coordinator.
            raeume = select(Sozialraum.id).where(Sozialraum.sozialregion_id == sozialregion_id)
            stmt = stmt.where(
                or_(
                    Network.level == AreaLevel.LANDKREIS,
                    Network.sozialregion_id == sozialregion_id,
                    Network.sozialraum_id.in_(raeume),
                )
            )
        with self._sf() as s:
            return [NetworkListRow(*row) for row in s.execute(stmt)]

    def network_choices(self) -> list[tuple[int, str]]:
        with self._sf() as s:
            return [(i, n) for i, n in s.execute(select(Network.id, Network.name).order_by(Network.name))]

    def project_choices(self) -> list[tuple[int, str]]:
        with self._sf() as s:
            return [(i, f"{c} {n}") for i, c, n in s.execute(select(Project.id, Project.code, Project.name))]

    # -- members -------------------------------------------------------------------------------
    def members(self, network_id: int, include_former: bool = True) -> list[MemberRow]:
        """Active members first (by name), then former ones (latest end first)."""
        today = self._today()
        with self._sf() as s:
            self._network(s, network_id)
            memberships = list(s.scalars(select(NetworkMembership).where(NetworkMembership.network_id == network_id)))
            rows = [self._member_row(s, m, today) for m in memberships]
        rows = [r for r in rows if include_former or r.active]
        active = sorted((r for r in rows if r.active), key=lambda r: r.name.lower())
        former = sorted((r for r in rows if not r.active), key=lambda r: r.valid_until or date.min, reverse=True)
        return active + former

    def _member_row(self, s: Session, m: NetworkMembership, today: date) -> MemberRow:
        if m.organisation_id is not None:
            org = s.get(Organisation, m.organisation_id)
            contact = Addressee(
                salutation=None,
                title=None,
                first_name=None,
                last_name=org.name,
                street=org.street,
                house_number=org.house_number,
                postcode=org.postcode,
                city=org.city,
                email=org.email,
                phone=org.phone,
                sozialraum_id=org.sozialraum_id,
            )
            kind, actor_id, works_for = ORGANISATION, org.id, org.org_type
        else:
            contact = addressees(s, [m.person_id])[m.person_id]
            kind, actor_id, works_for = PERSON, m.person_id, contact.organisation
        raum = s.get(Sozialraum, contact.sozialraum_id) if contact.sozialraum_id else None
        return MemberRow(
            membership_id=m.id,
            kind=kind,
            actor_id=actor_id,
            name=contact.name,
            organisation=works_for,
            role=m.role,
            valid_from=m.valid_from,
            valid_until=m.valid_until,
            active=is_active(m.valid_from, m.valid_until, today),
            contact=contact,
            sozialraum=raum.name if raum else None,
        )

    def add_members(
        self,
        network_id: int,
        organisation_ids: list[int] = (),
        person_ids: list[int] = (),
        role: str = "Mitglied",
        valid_from: date | None = None,
    ) -> int:
        """New memberships from today (or valid_from); actors who are active members already are skipped."""
        today = self._today()
        start = valid_from or today
        with self._sf.begin() as s:
            self._network(s, network_id)
            current = [
                m
                for m in s.scalars(select(NetworkMembership).where(NetworkMembership.network_id == network_id))
                if is_active(m.valid_from, m.valid_until, start)
            ]
            orgs = {m.organisation_id for m in current if m.organisation_id}
            persons = {m.person_id for m in current if m.person_id}
            added = 0
            for org_id in dict.fromkeys(organisation_ids):
                if org_id not in orgs:
                    s.add(NetworkMembership(network_id=network_id, organisation_id=org_id, role=role, valid_from=start))
                    added += 1
            for person_id in dict.fromkeys(person_ids):
                if person_id not in persons:
                    s.add(NetworkMembership(network_id=network_id, person_id=person_id, role=role, valid_from=start))
                    added += 1
            return added

    def update_membership(
        self, membership_id: int, role: str | None, valid_from: date | None, valid_until: date | None
    ) -> None:
        if valid_from and valid_until and valid_until < valid_from:
            raise ValidationError({"valid_until": "Das Ende der Mitgliedschaft liegt vor ihrem Beginn."})
        with self._sf.begin() as s:
            membership = self._membership(s, membership_id)
            membership.role, membership.valid_from, membership.valid_until = clean(role), valid_from, valid_until

    def end_membership(self, membership_id: int, valid_until: date | None = None) -> None:
        """The member leaves; the membership stays in the history with its end date."""
        with self._sf.begin() as s:
            membership = self._membership(s, membership_id)
            end = valid_until or self._today()
            if membership.valid_from and end < membership.valid_from:
                raise ValidationError({"valid_until": "Das Ende der Mitgliedschaft liegt vor ihrem Beginn."})
            membership.valid_until = end

    def remove_membership(self, membership_id: int) -> None:
        """For a membership entered by mistake; leaving is end_membership."""
        with self._sf.begin() as s:
            s.delete(self._membership(s, membership_id))

    # -- member lists --------------------------------------------------------------------------
    def members_without_consent(self, network_id: int) -> tuple[int, int]:
        """(active person members without a valid consent to passing on, all active members)."""
        members = self.members(network_id, include_former=False)
        persons = [m.actor_id for m in members if m.kind == PERSON]
        with self._sf() as s:
            consenting = with_valid_consent(s, persons, ConsentPurpose.PASSING_ON, self._today())
        return sum(1 for p in persons if p not in consenting), len(members)

    def export_members(
        self, network_id: int, path: Path, progress: Progress | None = None, only_with_consent: bool = False
    ) -> int:
        """Active members with contact data: .xlsx, .csv or .docx; persons without a valid consent to passing on
        left out if `only_with_consent`."""
        path = Path(path)
        network = self.get(network_id)
        members = self.members(network_id, include_former=False)
        if only_with_consent:
            with self._sf() as s:
                persons = [m.actor_id for m in members if m.kind == PERSON]
                consenting = with_valid_consent(s, persons, ConsentPurpose.PASSING_ON, self._today())
            members = [m for m in members if m.kind != PERSON or m.actor_id in consenting]
        if path.suffix.lower() == ".docx":
            from sozialkoordination.networks.documents import write_member_list

            write_member_list(path, network.name, network.description, members, self._today(), self._sender())
            return len(members)
        rows = [
            [
                m.name,
                m.organisation or "",
                m.role or "",
                m.contact.email or "",
                m.contact.phone or "",
                " ".join(p for p in (m.contact.street, m.contact.house_number) if p),
                " ".join(p for p in (m.contact.postcode, m.contact.city) if p),
                m.sozialraum or "",
                m.valid_from,
            ]
            for m in members
        ]
        return write_table(path, MEMBER_COLUMNS, rows, len(rows), sheet_name=network.name[:31], progress=progress)

    # -- gaps ----------------------------------------------------------------------------------
    def gap_choice(self) -> GapChoice:
        """What counts for the weiße Flecken in this database; the six usual actor types until the user chose."""
        with self._sf() as s:
            row = s.get(Setting, GAP_CHOICE_SETTING)
        if row is None or not row.value:
            return GapChoice()
        try:
            stored = json.loads(row.value)
            return GapChoice(
                tuple(str(t) for t in stored.get("org_types", [])),
                tuple(str(k) for k in stored.get("offer_kinds", [])),
                tuple(str(p) for p in stored.get("life_phases", [])),
            )
        except (ValueError, TypeError, AttributeError):
            log.warning("Auswahl der weißen Flecken unlesbar, es gilt die übliche: %r", row.value)
            return GapChoice()

    def set_gap_choice(self, choice: GapChoice) -> GapChoice:
        """Remember what counts; at least one actor type or offer kind, and life phases only narrow offer kinds."""
        org_types = tuple(dict.fromkeys(t for t in (clean(t) for t in choice.org_types) if t))
        kinds = tuple(dict.fromkeys(k for k in (clean(k) for k in choice.offer_kinds) if k))
        phases = tuple(dict.fromkeys(p for p in (clean(p) for p in choice.life_phases) if p))
        if not org_types and not kinds:
            raise ValidationError({"choice": "Bitte haken Sie mindestens eine Akteursart oder eine Angebotsart an."})
        if phases and not kinds:
            raise ValidationError(
                {"life_phases": "Lebensphasen grenzen nur Angebote ein: Bitte haken Sie auch eine Angebotsart an."}
            )
        cleaned = GapChoice(org_types, kinds, phases)
        value = json.dumps(
            {"org_types": list(org_types), "offer_kinds": list(kinds), "life_phases": list(phases)}, ensure_ascii=False
        )
        with self._sf.begin() as s:
            s.merge(Setting(key=GAP_CHOICE_SETTING, value=value))
        return cleaned

    def type_gaps(self, sozialregion_id: int | None, org_types: list[str]) -> GapTable:
        """Sozialräume × actor types: how many organisations of each type each Sozialraum has."""
        with self._sf() as s:
            raeume = self._raeume(s, sozialregion_id)
            counts: dict[tuple[int, str], int] = {}
            stmt = select(Organisation.sozialraum_id, Organisation.org_type).where(Organisation.org_type.in_(org_types))
            for raum_id, org_type in s.execute(stmt):
                counts[(raum_id, org_type)] = counts.get((raum_id, org_type), 0) + 1
        return GapTable(list(org_types), [(name, [counts.get((rid, t), 0) for t in org_types]) for rid, name in raeume])

    def network_coverage(self, sozialregion_id: int | None, network_ids: list[int]) -> GapTable:
        """Sozialräume × networks: active members located in the Sozialraum (organisations, or persons by their
        own or their organisation's Sozialraum)."""
        today = self._today()
        with self._sf() as s:
            raeume = self._raeume(s, sozialregion_id)
            names = dict(s.execute(select(Network.id, Network.name).where(Network.id.in_(network_ids))).all())
            ids = [i for i in network_ids if i in names]
            counts: dict[tuple[int, int], int] = {}
            memberships = [
                m
                for m in s.scalars(select(NetworkMembership).where(NetworkMembership.network_id.in_(ids)))
                if is_active(m.valid_from, m.valid_until, today)
            ]
            # Only the members' places: at 100,000 persons, those of everybody took a second.
            person_raum = self._person_raeume(s, {m.person_id for m in memberships if m.person_id})
            org_raum = dict(s.execute(select(Organisation.id, Organisation.sozialraum_id)).all())
            for m in memberships:
                raum = org_raum.get(m.organisation_id) if m.organisation_id else person_raum.get(m.person_id)
                if raum is not None:
                    counts[(raum, m.network_id)] = counts.get((raum, m.network_id), 0) + 1
        return GapTable(
            [names[i] for i in ids], [(name, [counts.get((rid, i), 0) for i in ids]) for rid, name in raeume]
        )

    def export_gaps(self, path: Path, tables: dict[str, GapTable], progress: Progress | None = None) -> int:
        sheets = [
            Sheet(
                title,
                [Column("Sozialraum", "text", 22), *(Column(c, "int", 14) for c in table.columns)],
                [[name, *counts] for name, counts in table.rows],
                len(table.rows),
            )
            for title, table in tables.items()
        ]
        write_workbook(path, sheets, progress)
        return sum(len(t.gaps()) for t in tables.values())

    # -- helpers -------------------------------------------------------------------------------
    @staticmethod
    def _raeume(s: Session, sozialregion_id: int | None) -> list[tuple[int, str]]:
        stmt = select(Sozialraum.id, Sozialraum.name).order_by(Sozialraum.name)
        if sozialregion_id is not None:
            stmt = stmt.where(Sozialraum.sozialregion_id == sozialregion_id)
        return [(i, n) for i, n in s.execute(stmt)]

    @staticmethod
    def _person_raeume(s: Session, person_ids: set[int]) -> dict[int, int]:
        """These persons' Sozialraum: their own, else that of the organisation they are counted for."""
        org_raum = dict(s.execute(select(Organisation.id, Organisation.sozialraum_id)).all())
        primary = primary_organisations(s, person_ids)
        raeume = {p: org_raum[o] for p, o in primary.items() if org_raum.get(o) is not None}
        ids = list(person_ids)
        for start in range(0, len(ids), 5000):
            own = select(Person.id, Person.sozialraum_id).where(
                Person.sozialraum_id.is_not(None), Person.id.in_(ids[start : start + 5000])
            )
            raeume.update(dict(s.execute(own).all()))
        return raeume

    @staticmethod
    def _network(s: Session, network_id: int) -> Network:
        network = s.get(Network, network_id)
        if network is None:
            raise NotFoundError("Dieses Netzwerk gibt es nicht mehr.")
        return network

    @staticmethod
    def _membership(s: Session, membership_id: int) -> NetworkMembership:
        membership = s.get(NetworkMembership, membership_id)
        if membership is None:
            raise NotFoundError("Diese Mitgliedschaft gibt es nicht mehr.")
        return membership


MEMBER_COLUMNS = [
    Column("Name", "text", 32),
    Column("Organisation / Art", "text", 32),
    Column("Rolle", "text", 14),
    Column("E-Mail", "text", 30),
    Column("Telefon", "phone", 18),
    Column("Straße und Hausnummer", "text", 26),
    Column("PLZ und Ort", "text", 22),
    Column("Sozialraum", "text", 18),
    Column("Mitglied seit", "date", 12),
]

"""Composition root: opens the database, builds the services and (for the GUI) the main window."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine
from sqlalchemy.exc import DatabaseError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from sozialkoordination import config
from sozialkoordination.actors.service import ActorService
from sozialkoordination.areas.service import AreaService
from sozialkoordination.budget.service import BudgetService
from sozialkoordination.config import sqlite_file
from sozialkoordination.coordinator_profile.service import ProfileService
from sozialkoordination.core.errors import DomainError
from sozialkoordination.db import backup, encryption, migrate
from sozialkoordination.db.encryption import DatabaseKey
from sozialkoordination.db.engine import engine_key, make_engine, make_session_factory, set_session_user
from sozialkoordination.indicators.service import IndicatorService
from sozialkoordination.meetings.service import MeetingService

if TYPE_CHECKING:  # the services below are built, and their modules imported, when first used
    from sozialkoordination.actor_import.service import ActorImportService
    from sozialkoordination.actors.connections import ConnectionService
    from sozialkoordination.drafts.service import DraftService
    from sozialkoordination.exchange.service import ExchangeService
    from sozialkoordination.indicators.statistics_import import IndicatorImportService
    from sozialkoordination.networks.service import NetworkService
    from sozialkoordination.offers.service import AngebotService
    from sozialkoordination.participation.service import ParticipationService
    from sozialkoordination.privacy.service import PrivacyService
    from sozialkoordination.protection.service import SecurityService
    from sozialkoordination.search.service import SearchService
    from sozialkoordination.volunteering.service import VolunteeringService

log = logging.getLogger(__name__)


class DatabaseOpenError(DomainError):
    pass


@dataclass
class AppContext:
    """Everything the app works with; passed down by constructor, never global.

    The services the start page needs are built when the database is opened; the others (and their modules) when
    first used: importing all of them was a tenth of the start at 100,000 persons."""

    db_url: str
    engine: Engine
    session_factory: sessionmaker[Session]
    workstation: str | None
    areas: AreaService
    actors: ActorService
    profile: ProfileService
    meetings: MeetingService
    budget: BudgetService
    indicators: IndicatorService

    @cached_property
    def actor_import(self) -> ActorImportService:
        from sozialkoordination.actor_import.service import ActorImportService

        engine = self.engine
        return ActorImportService(
            self.session_factory,
            self.areas,
            self.actors.organisation_types,
            before_import=lambda: backup.backup_before(engine, "vor-import"),
        )

    @cached_property
    def networks(self) -> NetworkService:
        from sozialkoordination.networks.service import NetworkService

        return NetworkService(self.session_factory, sender=self.profile.sender)

    @cached_property
    def search(self) -> SearchService:
        from sozialkoordination.search.service import SearchService

        return SearchService(self.session_factory)

    @cached_property
    def connections(self) -> ConnectionService:
        from sozialkoordination.actors.connections import ConnectionService

        return ConnectionService(self.session_factory)

    @cached_property
    def volunteering(self) -> VolunteeringService:
        from sozialkoordination.volunteering.service import VolunteeringService

        return VolunteeringService(self.session_factory)

    @cached_property
    def offers(self) -> AngebotService:
        from sozialkoordination.offers.service import AngebotService

        return AngebotService(self.session_factory, self.indicators, self.meetings)

    @cached_property
    def participation(self) -> ParticipationService:
        from sozialkoordination.participation.service import ParticipationService

        return ParticipationService(self.session_factory, sender=self.profile.sender)

    @cached_property
    def privacy(self) -> PrivacyService:
        from sozialkoordination.privacy.service import PrivacyService

        return PrivacyService(self.session_factory, sender=self.profile.sender)

    @cached_property
    def security(self) -> SecurityService:
        from sozialkoordination.protection.service import SecurityService

        return SecurityService(self.engine, self.privacy, before_copy=self.exchange.record_state)

    @cached_property
    def drafts(self) -> DraftService:
        from sozialkoordination.drafts.service import DraftService

        return DraftService(self.session_factory, self.workstation)

    @cached_property
    def indicator_import(self) -> IndicatorImportService:
        from sozialkoordination.indicators.statistics_import import IndicatorImportService

        engine = self.engine
        return IndicatorImportService(
            self.session_factory, self.indicators, before_import=lambda: backup.backup_before(engine, "vor-import")
        )

    @cached_property
    def exchange(self) -> ExchangeService:
        from sozialkoordination.exchange.service import ExchangeService

        return ExchangeService(self.session_factory, self.profile.load, config.database_place(self.db_url))

    def close(self) -> None:
        self.engine.dispose()


def open_context(
    db_url: str, password: str | None = None, workstation: str | None = None, *, check_later: bool = False
) -> AppContext:
    """Open (or create) the database, migrate it to the app's schema and seed the reference areas.

    An encrypted database needs its password (DatabasePasswordError otherwise); a new database is created
    encrypted when a password is given; for a plain existing file the password is not used. On a database
    server, profile and drafts belong to `workstation` (default: this login on this computer).

    The integrity check reads the whole file (0.8 s at 100,000 persons) and the daily backup copies it: the window
    passes check_later=True and runs check_at_start() in the background once it is open. A pending schema upgrade
    is never run on an unchecked file."""
    path = sqlite_file(db_url)
    on_server = path is None and not db_url.startswith("sqlite")
    workstation = (workstation or config.workstation()) if on_server else None  # a file is one coordinator's
    if path is not None and not path.parent.exists():
        raise DatabaseOpenError(
            f"Der Ordner „{path.parent}“ für die Datenbank existiert nicht. Bitte legen Sie ihn an oder "
            "wählen Sie mit --db einen anderen Speicherort."
        )
    if path is not None:
        backup.remove_leftovers(path)  # what killed copies left: plain copies for sealing, half-written backups
    key = DatabaseKey(password)
    existing = path is not None and path.exists() and path.stat().st_size > 0
    if existing:
        if encryption.is_encrypted(path):
            encryption.verify_password(path, password)
        else:
            key.password = None
    elif path is not None and password:
        encryption.write_check(path, password)
    engine = make_engine(db_url, key)
    if existing and (not check_later or not migrate.is_current(engine)):
        problem = backup.damage(path, key.password)
        if problem:
            engine.dispose()
            raise DatabaseOpenError(_damaged_message(path, problem, key.password))
        check_later = False
    try:
        migrate.upgrade(engine)
    except DomainError:
        engine.dispose()
        raise
    except (DatabaseError, OperationalError) as exc:
        engine.dispose()
        log.exception("Datenbank konnte nicht geöffnet werden")
        where = f"„{path}“" if path else "Die Datenbank"
        raise DatabaseOpenError(
            f"{where} kann nicht als Datenbank von Sozialkoordination geöffnet werden. Die Datei ist "
            "beschädigt, keine Datenbank oder gesperrt. Bitte wählen Sie eine andere Datei oder stellen Sie "
            "eine Sicherung wieder her."
        ) from exc
    if not check_later:
        backup.backup_daily(engine)
    factory = make_session_factory(engine)
    areas = AreaService(factory)
    indicators = IndicatorService(factory)
    profile = ProfileService(factory, workstation)
    try:
        areas.seed_reference()
        indicators.seed_population()
        set_session_user(factory, profile.load().user_name)
    except DatabaseError:
        problem = backup.damage(path, key.password) if check_later and path is not None else None
        engine.dispose()
        if problem:  # an unchecked file failed on its first reads: the same message as the check at start
            raise DatabaseOpenError(_damaged_message(path, problem, key.password)) from None
        raise
    actors = ActorService(factory, before_bulk_change=lambda reason: backup.backup_before(engine, reason))
    return AppContext(
        db_url=db_url,
        engine=engine,
        session_factory=factory,
        workstation=workstation,
        areas=areas,
        actors=actors,
        profile=profile,
        meetings=MeetingService(factory, actors),
        budget=BudgetService(factory),
        indicators=indicators,
    )


def _damaged_message(path: Path, problem: str, password: str | None) -> str:
    backups = [b for b in backup.list_backups(path) if backup.check_file(b.path, password) is None]
    if not backups:
        return (
            f"„{path}“: {problem} Eine Sicherung dieser Datenbank gibt es nicht. Bitte wählen Sie mit --db eine "
            "andere Datei oder spielen Sie eine Sicherung von einem anderen Datenträger zurück."
        )
    newest = backups[0]
    return (
        f"„{path}“: {problem} Die neueste Sicherung ist vom {newest.created:%d.%m.%Y %H:%M} Uhr. "
        f'Wiederherstellen mit: sozialkoordination --db "{path}" restore "{newest.path}"'
    )


def check_at_start(context: AppContext) -> str | None:
    """The start's integrity check and daily backup, for a window that is already open (runs in the background):
    None if the file is intact, else the message that names the newest intact backup."""
    path = sqlite_file(context.db_url)
    if path is None:
        return None
    password = engine_key(context.engine).password
    problem = backup.damage(path, password)
    if problem:
        return _damaged_message(path, problem, password)
    backup.backup_daily(context.engine)
    return None

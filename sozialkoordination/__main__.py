"""Command line: opens the window by default; sub-commands run headless jobs with a German result line."""

from __future__ import annotations

import argparse
import contextlib
import gc
import logging
import os
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from sozialkoordination import __version__
from sozialkoordination.config import resolve_db_url
from sozialkoordination.core.enums import AreaLevel, ConsentPurpose
from sozialkoordination.core.errors import DatabaseBusyError, DomainError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


# argparse's own texts, which it looks up through gettext when it builds a parser, parses or writes help.
_ARGPARSE_GERMAN = {
    "usage: ": "Aufruf: ",
    "positional arguments": "Argumente",
    "options": "Optionen",
    "subcommands": "Befehle",
    "show this help message and exit": "diese Hilfe anzeigen und beenden",
    "argument %(argument_name)s: %(message)s": "Angabe %(argument_name)s: %(message)s",
    "the following arguments are required: %s": "es fehlt: %s",
    "unrecognized arguments: %s": "unbekannte Angaben: %s",
    "invalid choice: %(value)r (choose from %(choices)s)": "ungültige Auswahl: %(value)r (möglich: %(choices)s)",
    "invalid %(type)s value: %(value)r": "ungültiger Wert: %(value)r",
    "expected one argument": "hier fehlt der Wert",
    "expected at most one argument": "höchstens ein Wert möglich",
    "expected at least one argument": "mindestens ein Wert nötig",
    "ambiguous option: %(option)s could match %(matches)s": "mehrdeutig: %(option)s kann %(matches)s bedeuten",
    "not allowed with argument %s": "nicht zusammen mit %s möglich",
    "one of the arguments %s is required": "eine dieser Angaben ist nötig: %s",
    "ignored explicit argument %r": "überzähliger Wert %r",
    "unexpected option string: %s": "unerwartete Option: %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "unbekannter Befehl %(parser_name)r (möglich: %(choices)s)"
    ),
    "can't open '%(filename)s': %(error)s": "„%(filename)s“ lässt sich nicht öffnen: %(error)s",
}
_ARGPARSE_GERMAN_PLURAL = {"expected %s argument": ("%s Wert nötig", "%s Werte nötig")}


def _german_gettext(text: str) -> str:
    return _ARGPARSE_GERMAN.get(text, text)


def _german_ngettext(singular: str, plural: str, n: int) -> str:
    german = _ARGPARSE_GERMAN_PLURAL.get(singular)
    if german is None:
        return singular if n == 1 else plural
    return german[0] if n == 1 else german[1]


@contextlib.contextmanager
def _german_argparse() -> Iterator[None]:
    """argparse in German while our parsers work, and only then: the process may have other parsers (pytest)."""
    english = argparse._, argparse.ngettext  # type: ignore[attr-defined]
    argparse._, argparse.ngettext = _german_gettext, _german_ngettext  # type: ignore[attr-defined]
    try:
        yield
    finally:
        argparse._, argparse.ngettext = english  # type: ignore[attr-defined]


class _GermanParser(argparse.ArgumentParser):
    """An ArgumentParser that writes usage, help and errors in German, sub-command parsers included (they are
    built through add_subparsers(parser_class=_GermanParser) and parsed inside their parent's parse)."""

    def __init__(self, *args, **kwargs) -> None:
        with _german_argparse():  # the group titles and the -h help are translated when the parser is built
            super().__init__(*args, **kwargs)

    def add_subparsers(self, **kwargs):
        with _german_argparse():
            return super().add_subparsers(**kwargs)

    def parse_args(self, args=None, namespace=None):  # "unrecognized arguments" is raised here, after parsing
        with _german_argparse():
            return super().parse_args(args, namespace)

    def parse_known_args(self, args=None, namespace=None):
        with _german_argparse():
            return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        with _german_argparse():
            return super().format_usage()

    def format_help(self) -> str:
        with _german_argparse():
            return super().format_help()

    def error(self, message: str) -> None:  # exit code 2 on wrong usage, as argparse does, but in German
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"Fehler: {message}\nHilfe: {self.prog} --help\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _GermanParser(
        prog="sozialkoordination",
        description="Sozialkoordination – Akteure, Netzwerke und Sitzungen der Sozialregionen im Landkreis Göttingen.",
    )
    parser.add_argument(
        "--version",
        action="version",
        version=f"Sozialkoordination {__version__}",
        help="Versionsnummer anzeigen und beenden",
    )
    parser.add_argument(
        "--db",
        metavar="PFAD_ODER_URL",
        help="Datenbankdatei oder Datenbankserver postgresql+psycopg://BENUTZER:KENNWORT@SERVER/DATENBANK "
        "(Standard: Datei im Benutzerordner; auch SOZIALKOORDINATION_DB)",
    )
    commands = parser.add_subparsers(dest="command", metavar="BEFEHL", parser_class=_GermanParser)

    commands.add_parser("demo", help="füllt die gewählte (leere) Datenbank mit fiktiven Demo-Daten")

    export = commands.add_parser("export", help="exportiert Listen und Dokumente")
    export_kinds = export.add_subparsers(dest="what", metavar="WAS", required=True, parser_class=_GermanParser)
    actors = export_kinds.add_parser("actors", help="Akteursliste als .xlsx oder .csv")
    actors.add_argument("out", metavar="DATEI", type=Path, help="Zieldatei (.xlsx oder .csv)")
    actors.add_argument("--persons", action="store_true", help="Personen statt Organisationen exportieren")
    actors.add_argument("--sozialraum", metavar="NAME", help="nur dieser Sozialraum")
    actors.add_argument("--region", metavar="NAME", help="nur diese Sozialregion (Name oder Kürzel wie SR-B)")
    actors.add_argument(
        "--nur-mit-einwilligung",
        dest="only_with_consent",
        action="store_true",
        help="nur Personen mit gültiger Einwilligung „Weitergabe an Netzwerkpartner“ (DSGVO)",
    )

    documents = {
        "minutes": ("Protokoll einer Sitzung (.docx oder .xlsx)", "DATEI.docx|DATEI.xlsx"),
        "invitations": ("Einladungsbriefe als Serienbrief (.docx)", "DATEI.docx"),
        "signin": ("Teilnahmeliste zum Unterschreiben (.docx)", "DATEI.docx"),
        "agenda": ("Tagesordnung (.docx)", "DATEI.docx"),
        "calendar": ("Kalendereintrag (.ics)", "DATEI.ics"),
        "emails": ("persönliche E-Mail-Entwürfe (.eml) je Eingeladene*n in einen Ordner", "ORDNER"),
    }
    for name, (text, target) in documents.items():
        document = export_kinds.add_parser(name, help=text)
        document.add_argument("meeting", metavar="SITZUNG", type=int, help="Nummer aus „meetings list“")
        document.add_argument("out", metavar=target, type=Path)
        if name not in ("calendar", "emails"):
            document.add_argument("--pdf", action="store_true", help="zusätzlich als PDF (mit LibreOffice)")
    tasks = export_kinds.add_parser("tasks", help="Aufgaben aus allen Sitzungen (.xlsx oder .csv)")
    tasks.add_argument("out", metavar="DATEI", type=Path)
    tasks.add_argument("--open", action="store_true", help="nur offene Aufgaben")

    backup = commands.add_parser(
        "backup",
        help="eine Sicherung der Datenbank schreiben (auch im laufenden Betrieb); DATEI.sozk wird mit eigenem "
        "Kennwort verschlüsselt (zum Weitergeben)",
    )
    backup.add_argument("out", metavar="DATEI", type=Path, help="Zieldatei, z. B. sicherung.sqlite oder stick.sozk")
    restore = commands.add_parser(
        "restore", help="eine Sicherung zurückspielen (die jetzige Datenbank wird vorher selbst gesichert)"
    )
    restore.add_argument("file", metavar="SICHERUNG", type=Path)
    commands.add_parser("backups", help="die automatischen Sicherungen dieser Datenbank anzeigen")
    commands.add_parser("check", help="die Datenbank prüfen (Integrität, Verweise, Schemastand, Sicherungen)")
    password = commands.add_parser("password", help="Kennwortschutz der Datenbank setzen, ändern oder entfernen")
    password.add_argument("action", choices=("set", "remove"), help="set: setzen oder ändern; remove: entfernen")

    exchange = commands.add_parser(
        "exchange", help="Datenpaket: Änderungen mit der Geschäftsstelle oder Kolleg*innen austauschen (verschlüsselt)"
    )
    exchange_kinds = exchange.add_subparsers(dest="what", metavar="WAS", required=True, parser_class=_GermanParser)
    package_out = exchange_kinds.add_parser("export", help="alle Änderungen seit dem letzten Austausch mit NAME")
    package_out.add_argument("--to", dest="partner", metavar="NAME", required=True, help="für wen das Paket ist")
    package_out.add_argument("out", metavar="DATEI.sozdp", type=Path)
    package_out.add_argument("--region", metavar="NAME", help="nur diese Sozialregion (Name oder Kürzel wie SR-B)")
    package_out.add_argument(
        "--ohne-ehrenamt",
        dest="without_volunteers",
        action="store_true",
        help="ohne Ehrenamtliche (Profile, Verfügbarkeiten, Vermittlungen und ihre Personendaten)",
    )
    package_out.add_argument(
        "--alles",
        dest="everything",
        action="store_true",
        help="alles im Umfang senden, auch was der Partner schon hat (wenn ein Paket verloren ging)",
    )
    package_in = exchange_kinds.add_parser("import", help="ein Datenpaket einlesen und nach UUID zusammenführen")
    package_in.add_argument("file", metavar="DATEI.sozdp", type=Path)
    package_in.add_argument(
        "--bei-konflikt",
        dest="on_conflict",
        choices=("mein", "dein"),
        help="Einträge, die hier und beim Partner geändert wurden: meine behalten oder die aus dem Paket nehmen "
        "(ohne diese Angabe wird bei Konflikten nichts eingelesen)",
    )
    package_in.add_argument(
        "--dubletten-zusammenfuehren",
        dest="merge_duplicates",
        action="store_true",
        help="neue Organisationen und Personen, die nach den Regeln des Listenimports schon hier sind, mit dem "
        "Eintrag hier zusammenführen (ohne diese Angabe werden sie nur aufgelistet)",
    )

    meetings = commands.add_parser("meetings", help="Sitzungen anzeigen")
    meeting_kinds = meetings.add_subparsers(dest="what", metavar="WAS", required=True, parser_class=_GermanParser)
    meeting_kinds.add_parser("list", help="alle Sitzungen: Nummer, Datum, Art, Titel")

    imports = commands.add_parser("import", help="importiert Akteurslisten von Partnern; Verlauf und Rückgängig")
    import_kinds = imports.add_subparsers(dest="what", metavar="WAS", required=True, parser_class=_GermanParser)
    actors_in = import_kinds.add_parser("actors", help="Akteursliste (.xlsx, .xlsm, .xls, .ods, .csv, .tsv, .txt)")
    actors_in.add_argument("file", metavar="DATEI", type=Path)
    actors_in.add_argument("--sheet", metavar="BLATT", help="Tabellenblatt (Standard: das erste sichtbare)")
    actors_in.add_argument(
        "--source", metavar="PARTNER", help="wer die Liste geschickt hat; die Zuordnung wird gemerkt"
    )
    actors_in.add_argument("--mapping", metavar="NAME", help="gespeicherte Spaltenzuordnung verwenden")
    actors_in.add_argument(
        "--spalte",
        metavar="SPALTE=FELD",
        action="append",
        default=[],
        help='eine Spalte selbst zuordnen, z. B. --spalte "Schule=Organisation" --spalte "Mail=E-Mail" '
        '(ohne Überschrift: "Spalte 3=PLZ"; FELD leer: nicht übernehmen)',
    )
    actors_in.add_argument(
        "--ohne-rest",
        action="store_true",
        help="nicht zugeordnete Spalten verwerfen (Standard: als „Überschrift: Wert“ in die Bemerkungen)",
    )
    actors_in.add_argument(
        "--on-duplicate",
        choices=("merge", "create", "skip"),
        default="merge",
        help="bei Dubletten: zusammenführen (Standard: nur leere Felder werden gefüllt), neu anlegen oder überspringen;"
        " mögliche Dubletten (gleicher Name und PLZ, andere Straße oder anderer Ort) werden immer beide angelegt",
    )
    actors_in.add_argument(
        "--dry-run",
        action="store_true",
        help="nur prüfen, nichts speichern: zeigt, was angelegt würde; Exit 1, wenn Zeilen abgelehnt würden",
    )
    actors_in.add_argument("--rejects", metavar="AUSGABE.xlsx", type=Path, help="abgelehnte Zeilen mit Grund speichern")
    indicators_in = import_kinds.add_parser(
        "indicators", help="Kennzahlen-Tabelle (lang: Gebiet, Stichtag, Kennzahl, Wert; breit: Jahre oder Kennzahlen)"
    )
    indicators_in.add_argument("file", metavar="DATEI", type=Path)
    indicators_in.add_argument("--sheet", metavar="BLATT", help="Tabellenblatt (Standard: das erste sichtbare)")
    indicators_in.add_argument("--indicator", metavar="KENNZAHL", help="Kennzahl, wenn die Tabelle sie nicht nennt")
    indicators_in.add_argument("--date", metavar="TT.MM.JJJJ", help="Stichtag, wenn die Tabelle ihn nicht nennt")
    indicators_in.add_argument("--source", metavar="QUELLE", help="Quelle der Werte, z. B. „Meldedaten, Stand …“")
    indicators_in.add_argument(
        "--assign",
        metavar="TEXT=GEBIET",
        action="append",
        default=[],
        help='ein Gebiet der Tabelle zuordnen, z. B. "Mündener Land=Hann. Münden" (GEBIET leer: Zeilen auslassen)',
    )
    indicators_in.add_argument(
        "--nimm-zeile",
        dest="keep_line",
        metavar="ZEILE",
        type=int,
        action="append",
        default=[],
        help="bei doppelten Zeilen (gleiche Kennzahl, gleiches Gebiet, gleicher Stichtag) diese übernehmen",
    )
    indicators_in.add_argument(
        "--dry-run",
        action="store_true",
        help="nur prüfen, nichts speichern (Rückgabe 1, wenn etwas abgelehnt würde)",
    )
    privacy = commands.add_parser("privacy", help="Datenschutz: Auskunft, Löschung, Aufbewahrung prüfen (DSGVO)")
    privacy_kinds = privacy.add_subparsers(dest="what", metavar="WAS", required=True, parser_class=_GermanParser)
    report = privacy_kinds.add_parser(
        "report", help="Auskunft nach Art. 15: alles über eine Person als Word-Datei und JSON daneben"
    )
    report.add_argument("person", metavar="PERSON", help="Nummer oder eindeutiger Name der Person")
    report.add_argument("out", metavar="DATEI.docx", type=Path)
    erase = privacy_kinds.add_parser("erase", help="eine Person vollständig löschen (Art. 17)")
    erase.add_argument("person", metavar="PERSON", help="Nummer oder eindeutiger Name der Person")
    erase.add_argument("--ja", action="store_true", help="ohne Rückfrage löschen")
    privacy_kinds.add_parser(
        "review", help="Personen ohne Aktivität und ohne gültige Einwilligung länger als die Aufbewahrungsfrist"
    )
    undo = import_kinds.add_parser("undo", help="einen Import vollständig rückgängig machen")
    undo.add_argument("batch", metavar="IMPORT", type=int, help="Nummer aus „import history“")
    changed = undo.add_mutually_exclusive_group()
    changed.add_argument(
        "--trotzdem", action="store_true", help="auch nach dem Import geänderte Einträge entfernen bzw. zurücksetzen"
    )
    changed.add_argument("--nur-unveraenderte", action="store_true", help="nach dem Import geänderte Einträge behalten")
    import_kinds.add_parser("history", help="bisherige Importe anzeigen")
    chart = commands.add_parser("chart", help="Grafik oder Karte einer Kennzahl als .png, .svg oder .pdf")
    chart.add_argument("indicator", metavar="KENNZAHL", help="Name oder Kürzel der Kennzahl")
    chart.add_argument("out", metavar="DATEI", type=Path, help="Zieldatei (.png, .svg oder .pdf)")
    chart.add_argument(
        "--kind",
        choices=("trend", "compare", "map", "multiples"),
        default="trend",
        help="Zeitreihe (Standard), Vergleich der Sozialräume, Karte oder kleine Grafiken je Sozialraum",
    )
    chart.add_argument(
        "--areas", metavar="GEBIET", nargs="+", default=[], help="Gebiete (Zeitreihe) bzw. das hervorgehobene Gebiet"
    )
    chart.add_argument("--region", metavar="NAME", help="nur die Sozialräume dieser Sozialregion (Vergleich)")
    chart.add_argument(
        "--level",
        choices=(AreaLevel.SOZIALRAUM, AreaLevel.GEMEINDE),
        default=AreaLevel.SOZIALRAUM,
        help="Ebene der Karte",
    )
    chart.add_argument("--date", metavar="TT.MM.JJJJ", help="Stichtag (Standard: der neueste)")

    _server_parsers(commands)
    report = commands.add_parser("report", help="Sozialraumprofil als Word-Dokument")
    report.add_argument("level", choices=("sozialraum", "region"), help="für einen Sozialraum oder eine Sozialregion")
    report.add_argument("name", metavar="NAME", help="Name (oder Schlüssel/Kürzel) des Gebiets")
    report.add_argument("out", metavar="DATEI.docx", type=Path)
    return parser


def _server_parsers(commands) -> None:
    """For the IT of a shared office database (cli/server.py)."""
    db = commands.add_parser("db", help="für die IT: Schema der Datenbank aktualisieren (neue Version)")
    db_kinds = db.add_subparsers(dest="what", metavar="WAS", required=True, parser_class=_GermanParser)
    db_kinds.add_parser(
        "upgrade",
        help="die Datenbank auf den Stand dieser Version bringen (als Eigentümer der Datenbank; danach die Rechte "
        "der Gruppen erneuern)",
    )
    server = commands.add_parser("server", help="für die IT: Rollen und Anmeldungen einer gemeinsamen Datenbank")
    server_kinds = server.add_subparsers(dest="what", metavar="WAS", required=True, parser_class=_GermanParser)
    server_kinds.add_parser(
        "einrichten",
        help="Datenbank anlegen bzw. aktualisieren, Gruppen (je Sozialregion, Geschäftsstelle, Lesen) anlegen und "
        "ihre Rechte vergeben (als Eigentümer der Datenbank mit CREATEROLE)",
    )
    user = server_kinds.add_parser(
        "benutzer",
        help="eine Anmeldung für eine Person anlegen oder ihr Kennwort ändern (SOZIALKOORDINATION_NEUES_KENNWORT)",
    )
    user.add_argument("name", metavar="ANMELDENAME", help="z. B. anna.adelebsen")
    group = user.add_mutually_exclusive_group(required=True)
    group.add_argument("--region", metavar="KÜRZEL", help="Koordination dieser Sozialregion (z. B. SR-A)")
    group.add_argument("--geschaeftsstelle", action="store_true", help="Geschäftsstelle: alle Sozialregionen")
    group.add_argument("--lesen", action="store_true", help="nur lesen (alle Sozialregionen), nichts ändern")


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    console = logging.StreamHandler()
    console.setLevel(logging.WARNING)  # the console stays quiet; details go to the log file (GUI)
    console.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    logging.getLogger().addHandler(console)
    db_url = resolve_db_url(args.db)
    if args.command is None:
        # Qt is imported only to open the window, so headless commands stay light
        from sozialkoordination.ui.shell.application import run

        return run(db_url)
    try:
        return _run_command(args, db_url)
    except DomainError as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except Exception as exc:  # the copies and conversions use the driver directly, not the engine's translation
        if "database is locked" not in str(exc).lower():
            raise
        print(f"Fehler: {DatabaseBusyError.MESSAGE}", file=sys.stderr)
        return EXIT_FAILED


PASSWORD_VARIABLE = "SOZIALKOORDINATION_KENNWORT"
FILE_PASSWORD_VARIABLE = "SOZIALKOORDINATION_DATEI_KENNWORT"
NEW_PASSWORD_VARIABLE = "SOZIALKOORDINATION_NEUES_KENNWORT"


def _ask(variable: str, prompt: str, twice: bool = False) -> str | None:
    """A password from the environment (scripts) or typed at the terminal, never from the command line."""
    import getpass

    if os.environ.get(variable):
        return os.environ[variable]
    if not sys.stdin.isatty():
        return None
    first = getpass.getpass(f"{prompt}: ")
    if twice and getpass.getpass("Bitte wiederholen: ") != first:
        raise DomainError("Die beiden Kennwörter stimmen nicht überein.")
    return first or None


def database_password(db_url: str) -> str | None:
    from sozialkoordination.config import sqlite_file
    from sozialkoordination.db.encryption import is_encrypted

    path = sqlite_file(db_url)
    if path is None or not is_encrypted(path):
        return None
    return _ask(PASSWORD_VARIABLE, f"Kennwort der Datenbank „{path.name}“")


def _writes(args: argparse.Namespace) -> bool:
    """Commands that change the database; they wait for no one and refuse while a window has it open (restore and
    password replace the file under the window, the others would race it)."""
    if args.command in ("demo", "restore", "password", "exchange", "db"):  # an exchange export notes what was sent
        return True
    if args.command == "import":
        return args.what != "history"
    return args.command == "privacy" and args.what == "erase"


def _run_command(args: argparse.Namespace, db_url: str) -> int:
    from sozialkoordination.db.instance_lock import database_locked

    with database_locked(db_url) if _writes(args) else contextlib.nullcontext():
        return _run_opened(args, db_url)


def _run_opened(args: argparse.Namespace, db_url: str) -> int:
    from sozialkoordination.app import open_context

    password = database_password(db_url)
    if args.command == "restore":  # before opening: the database may be the damaged one
        return _restore(db_url, args.file, password)
    if args.command in ("db", "server"):  # for the IT: schema, roles, logins
        from sozialkoordination.cli import server as server_cli

        return server_cli.run(args, db_url, password, _ask)
    context = open_context(db_url, password)
    try:
        _name_the_user(context)
        if args.command == "demo":
            from sozialkoordination.demo.service import DemoService

            summary = DemoService(context.session_factory).generate()
            print(
                f"Demo-Daten angelegt: {summary.organisations} Organisationen, {summary.persons} Personen, "
                f"{summary.networks} Netzwerke, {summary.meetings} Sitzungen."
            )
            return EXIT_OK
        if args.command == "export" and args.what == "actors":
            return _export_actors(context, args)
        if args.command == "export" and args.what == "tasks":
            from sozialkoordination.meetings.dto import TaskFilter

            count = context.meetings.export_tasks(args.out, TaskFilter(open_only=args.open))
            print(f"{count} Aufgaben exportiert nach {args.out}.")
            return EXIT_OK
        if args.command == "export":
            sender = context.profile.sender()
            as_pdf = getattr(args, "pdf", False)
            print(context.meetings.export(args.what, args.meeting, args.out, sender=sender, pdf=as_pdf))
            return EXIT_OK
        if args.command == "backup":
            from sozialkoordination.documents.sealed import SUFFIX

            transfer = None
            if args.out.suffix.lower() == SUFFIX:
                transfer = _ask(FILE_PASSWORD_VARIABLE, "Kennwort für die Datei", twice=True)
                if not transfer:
                    raise DomainError(f"Für eine {SUFFIX}-Datei braucht es ein Kennwort ({FILE_PASSWORD_VARIABLE}).")
            context.security.write_backup(args.out, transfer)
            what = "verschlüsselte Sicherung" if transfer or context.security.encrypted else "Sicherung"
            print(f"{what[0].upper()}{what[1:]} geschrieben: {args.out}")
            return EXIT_OK
        if args.command == "check":
            return _check(context)
        if args.command == "exchange":
            return _exchange(context, args)
        if args.command == "password":
            new = None
            if args.action == "set":
                new = _ask(NEW_PASSWORD_VARIABLE, "Neues Kennwort", twice=True)
                if not new:
                    raise DomainError(f"Bitte geben Sie das neue Kennwort ein ({NEW_PASSWORD_VARIABLE}).")
            converted = context.security.set_password(new)
            state = "verschlüsselt" if new else "nicht mehr verschlüsselt"
            print(f"Die Datenbank ist jetzt {state}; {converted} Sicherungen wurden umgeschlüsselt.")
            return EXIT_OK
        if args.command == "backups":
            from sozialkoordination.config import sqlite_file
            from sozialkoordination.db import backup

            if sqlite_file(db_url) is None:
                print("Die Datenbank liegt auf einem Datenbankserver; gesichert wird sie dort (pg_dump, siehe README).")
                return EXIT_OK
            found = backup.list_backups(sqlite_file(db_url))
            if not found:
                print("Noch keine Sicherungen.")
            for b in found:
                print(f"{b.created:%d.%m.%Y %H:%M}  {b.reason:<22} {b.size / 1e6:6.1f} MB  {b.path}")
            return EXIT_OK
        if args.command == "meetings":
            rows = context.meetings.meetings()
            if not rows:
                print("Noch keine Sitzungen.")
            for row in reversed(rows):  # oldest first, like a calendar
                start = f" {row.start_time:%H:%M}" if row.start_time else ""
                print(f"{row.id}: {row.meeting_date:%d.%m.%Y}{start} – {row.meeting_type} – {row.title}")
            return EXIT_OK
        if args.command == "import":
            return _import(context, args)
        if args.command == "privacy":
            return _privacy(context, args)
        if args.command in ("chart", "report"):
            from sozialkoordination.cli import indicators as indicator_cli

            return (
                indicator_cli.chart(context, args) if args.command == "chart" else indicator_cli.report(context, args)
            )
    finally:
        context.close()
    return EXIT_USAGE


def _name_the_user(context) -> None:
    """The change history names who changed something: without a name in the profile (set in the window), the
    command line names the login of this computer. (On a database server the server names its login anyway.)"""
    import getpass

    from sozialkoordination.db.engine import set_session_user

    if context.profile.load().user_name:
        return
    try:
        login = getpass.getuser()
    except Exception:  # no login name in the environment (a service account): the log stays without a name
        return
    set_session_user(context.session_factory, f"{login} (Kommandozeile)")


def _exchange(context, args: argparse.Namespace) -> int:
    if args.what == "export":
        password = _ask(FILE_PASSWORD_VARIABLE, "Kennwort für das Datenpaket", twice=True)
        if not password:
            raise DomainError(f"Für ein Datenpaket braucht es ein Kennwort ({FILE_PASSWORD_VARIABLE}).")
        summary = context.exchange.export_package(
            args.partner,
            args.out,
            password,
            region=args.region,
            without_volunteers=args.without_volunteers,
            everything=args.everything,
        )
        print(summary.line())
        return EXIT_OK
    password = _ask(FILE_PASSWORD_VARIABLE, f"Kennwort des Datenpakets „{args.file.name}“")
    if not password:
        raise DomainError(f"Bitte geben Sie das Kennwort des Datenpakets ein ({FILE_PASSWORD_VARIABLE}).")
    summary = context.exchange.import_package(
        args.file, password, on_conflict=args.on_conflict, merge_duplicates=args.merge_duplicates
    )
    print(summary.line())
    for conflict in summary.conflicts:
        print(f"  Konflikt: {conflict.title} – {conflict.situation}")
        for row in conflict.fields:  # field by field: what was here, what came, so the decision can be checked
            print(f"    {row.label}: hier „{row.mine}“ – im Paket „{row.theirs}“")
    for duplicate in summary.merged:
        print(f"  Zusammengeführt: {duplicate.line()}")
    for duplicate in summary.duplicates:
        print(f"  Mögliche Dublette: {duplicate.line()}")
    if summary.duplicates:
        print("  Beide sind jetzt hier; mit --dubletten-zusammenfuehren werden solche Einträge zusammengeführt.")
    for warning in summary.warnings:
        print(f"  Hinweis: {warning}")
    return EXIT_OK


def _export_actors(context, args: argparse.Namespace) -> int:
    from dataclasses import replace

    from sozialkoordination.actors.service import COLUMNS, ORGANISATIONS, PERSONS, ActorFilter, SortOrder

    kind = PERSONS if args.persons else ORGANISATIONS
    region_id = context.areas.find_region(args.region).id if args.region else None
    raum_id = context.areas.find_sozialraum(args.sozialraum).id if args.sozialraum else None
    flt = ActorFilter(kind=kind, sozialregion_id=region_id, sozialraum_id=raum_id)
    without = context.actors.count_without_consent(flt)
    if args.only_with_consent:
        flt = replace(flt, consent=ConsentPurpose.PASSING_ON)
    keys = [c.key for c in COLUMNS[kind] if c.visible]
    count = context.actors.export(flt, order=SortOrder(), column_keys=keys, path=args.out)
    what = "Personen" if args.persons else "Organisationen"
    if without and args.only_with_consent:
        what += f" (ohne die {without} ohne gültige Einwilligung „{ConsentPurpose.PASSING_ON}“)"
    print(f"{count} {what} exportiert nach {args.out}.")
    if without and not args.only_with_consent:
        print(
            f"Warnung: {without} der exportierten Personen {'hat' if without == 1 else 'haben'} keine gültige "
            f"Einwilligung „{ConsentPurpose.PASSING_ON}“. "
            "Mit --nur-mit-einwilligung werden sie ausgelassen.",
            file=sys.stderr,
        )
    return EXIT_OK


def _privacy(context, args: argparse.Namespace) -> int:
    privacy = context.privacy
    if args.what == "review":
        rows = privacy.due_for_review()
        months = privacy.retention_months()
        if not rows:
            print(f"Keine Person ist zu prüfen (Frist: {months} Monate ohne Aktivität und ohne Einwilligung).")
        for row in rows:
            where = f" ({row.organisation})" if row.organisation else ""
            print(f"{row.person_id}: {row.name}{where} – {row.reason}")
        if rows:
            count = "1 Person ist" if len(rows) == 1 else f"{len(rows)} Personen sind"
            print(f"{count} zu prüfen (Frist: {months} Monate). Löschen: sozialkoordination privacy erase NUMMER")
        return EXIT_OK
    person_id = privacy.find_person(args.person)
    if args.what == "report":
        docx_path, json_path = privacy.write_report(person_id, args.out)
        print(f"Auskunft geschrieben: {docx_path} und {json_path}")
        return EXIT_OK
    name = privacy.report(person_id).name
    for note in context.actors.deletion_notes([person_id]):  # open tasks, approved minutes that keep the person
        print(note)
    if not args.ja:
        if not sys.stdin.isatty():
            print(f"Fehler: „{name}“ wird nur mit --ja ohne Rückfrage gelöscht.", file=sys.stderr)
            return EXIT_FAILED
        answer = input(
            f"„{name}“ (Nr. {person_id}) vollständig löschen? Das lässt sich nicht rückgängig machen. [j/N] "
        )
        if answer.strip().lower() not in ("j", "ja"):
            print("Nicht gelöscht.")
            return EXIT_OK
    privacy.erase_person(person_id)
    print(f"Person Nr. {person_id} gelöscht (DSGVO Art. 17); die Löschung ist ohne Namen protokolliert.")
    return EXIT_OK


def _check(context) -> int:
    report = context.security.check()
    print(f"Datenbank: {report.database}")
    if not report.server:
        print(f"Verschlüsselt: {'ja' if report.encrypted else 'nein'}")
    print(f"Integrität: {'in Ordnung' if report.integrity == 'ok' else report.integrity}")
    print(f"Verweise: {'in Ordnung' if not report.foreign_key_problems else f'{report.foreign_key_problems} Fehler'}")
    print(f"Schemastand: {report.schema}")
    print(f"Inhalt: {report.organisations} Organisationen, {report.persons} Personen")
    if report.server:
        print("Sicherungen: macht der Datenbankserver (pg_dump, siehe README)")
    else:
        newest = f", neueste vom {report.newest_backup}" if report.newest_backup else ""
        print(f"Sicherungen: {report.backups}{newest}")
    if report.healthy:
        print("Ergebnis: in Ordnung.")
    elif report.server:
        print("Ergebnis: PROBLEME gefunden – bitte der Person melden, die den Datenbankserver betreut.")
    else:
        print("Ergebnis: PROBLEME gefunden – bitte eine Sicherung zurückspielen.")
    return EXIT_OK if report.healthy else EXIT_FAILED


def _restore(db_url: str, file: Path, password: str | None) -> int:
    from sozialkoordination.config import sqlite_file
    from sozialkoordination.db.encryption import DatabaseKey
    from sozialkoordination.db.engine import make_engine, make_session_factory
    from sozialkoordination.documents.sealed import is_sealed
    from sozialkoordination.privacy.service import PrivacyService
    from sozialkoordination.protection.service import SecurityService

    database = sqlite_file(db_url)
    if database is None:
        print("Fehler: Zurückspielen ist nur für eine Datenbankdatei möglich.", file=sys.stderr)
        return EXIT_FAILED
    file_password = _ask(FILE_PASSWORD_VARIABLE, f"Kennwort der Datei „{file.name}“") if is_sealed(file) else password
    engine = make_engine(db_url, DatabaseKey(password))
    try:
        safety = SecurityService(engine, PrivacyService(make_session_factory(engine))).restore(file, file_password)
    finally:
        engine.dispose()
    kept = f" Die vorherige Datenbank wurde gesichert: {safety}" if safety else ""
    print(f"Sicherung zurückgespielt: {file} → {database}.{kept}")
    return EXIT_OK


@contextlib.contextmanager
def _collection_paused() -> Iterator[None]:
    """No automatic garbage collection during a bulk import, as the window does for background tasks
    (ui/tasks.py): reference counting frees nearly everything, and the collector walking the import's hundreds
    of thousands of objects again and again took a quarter of the time of a 100,000-row import."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _import(context, args: argparse.Namespace) -> int:
    from sozialkoordination.actor_import.service import Decision

    service = context.actor_import
    if args.what == "history":
        indicator_batches = context.indicator_import.history()
        batches = sorted([*service.history(), *indicator_batches], key=lambda b: b.id, reverse=True)
        if not batches:
            print("Noch keine Importe.")
        for b in batches:
            state = f" – rückgängig gemacht am {b.undone_at:%d.%m.%Y}" if b.undone_at else ""
            source = f", Quelle: {b.source}" if b.source else ""
            if b in indicator_batches:
                counts = f"Kennzahlen: {b.created} Werte neu, {b.merged} geändert, {b.rejected} abgelehnt"
            else:
                counts = (
                    f"{b.created} neu, {b.merged} zusammengeführt, {b.skipped} übersprungen, {b.rejected} abgelehnt"
                )
            print(f"{b.id}: {b.created_at:%d.%m.%Y %H:%M} {b.file_name}{source} – {counts}{state}")
        return EXIT_OK
    if args.what == "undo":
        if context.indicator_import.is_indicator_batch(args.batch):
            print(context.indicator_import.undo(args.batch))
            return EXIT_OK
        from sozialkoordination.actor_import.service import UNDO_ALL, UNDO_ASK, UNDO_KEEP_CHANGED
        from sozialkoordination.import_journal.service import ChangedSinceImport

        changed = UNDO_ALL if args.trotzdem else UNDO_KEEP_CHANGED if args.nur_unveraenderte else UNDO_ASK
        try:
            print(service.undo(args.batch, changed))
        except ChangedSinceImport as error:
            print(
                f"Fehler: {error} Mit --trotzdem wird trotzdem alles rückgängig gemacht, mit --nur-unveraenderte "
                "bleiben die geänderten Einträge erhalten.",
                file=sys.stderr,
            )
            return EXIT_FAILED
        return EXIT_OK
    if args.what == "indicators":
        from sozialkoordination.cli.indicators import import_indicators

        return import_indicators(context, args)
    if args.mapping and args.mapping not in service.mapping_names():
        names = ", ".join(service.mapping_names()) or "keine"
        print(
            f"Fehler: Eine gespeicherte Zuordnung „{args.mapping}“ gibt es nicht (vorhanden: {names}).", file=sys.stderr
        )
        return EXIT_FAILED
    from sozialkoordination.actor_import.rules import FIELDS, assign_columns
    from sozialkoordination.actor_import.service import column_label
    from sozialkoordination.spreadsheet.cells import cell_text

    default = Decision(args.on_duplicate)
    with _collection_paused():
        data = service.read(args.file, args.sheet)
        header = service.detect_header(data)
        guesses = service.propose(data, header, args.mapping or args.source)
        headers = list(data.rows[header]) if header >= 0 else []
        headers += [None] * (len(guesses) - len(headers))
        try:
            mapping, by_hand = assign_columns(headers, [g.field for g in guesses], args.spalte)
        except ValueError as error:
            print(f"Fehler: {error}", file=sys.stderr)
            return EXIT_FAILED
        texts = [cell_text(h) for h in headers]
        print("Spaltenzuordnung:" if header >= 0 else "Spaltenzuordnung (die Liste hat keine Kopfzeile):")
        for column, (field, guess) in enumerate(zip(mapping, guesses, strict=True)):
            if field is None:
                target = "nicht übernommen" if args.ohne_rest else "in die Bemerkungen"
            else:
                why = "von Hand zugeordnet" if column in by_hand else guess.reason
                target = f"{FIELDS[field]} ({why})"
            print(f"  {column_label(texts, column)} → {target}")
        plan = service.prepare(args.file, data, header, mapping, source=args.source, keep_unassigned=not args.ohne_rest)
        user = context.profile.load().user_name
        counts = service.count(plan, default=default) if args.dry_run else None
        result = service.run(plan, default=default, user_name=user, dry_run=args.dry_run)
    if args.rejects and plan.rejected_rows:
        service.write_rejects(plan, args.rejects)
    if args.source and not args.dry_run and header >= 0:  # a mapping is kept by the names of the headers
        service.save_mapping(args.source, headers, mapping)
    if counts is not None:
        print(
            f"Vorschau: {len(plan.importable_rows)} Zeilen werden übernommen, {len(plan.rejected_rows)} abgelehnt, "
            f"{len(plan.ignored_rows)} übersprungen. {counts.text()}"
        )
    prefix = "Probelauf, nichts gespeichert" if args.dry_run else f"Import {result.batch_id}"
    print(f"{prefix}: {result.summary()}")
    if result.possible_duplicates:
        print("Mögliche Dubletten, beide angelegt (im Importassistenten einzeln zusammenführbar):")
        for line in result.possible_duplicates:
            print(f"  {line}")
    if result.batch_id is not None and (result.merged or result.merged_in_file):
        merges = service.merges(result.batch_id)
        print("Zusammengeführt:")
        kinds = {"organisation": "Organisation", "person": "Person"}
        for merge in merges[:_LISTED_MERGES]:
            lines = ", ".join(str(n) for n in merge.lines)
            where = "Eintrag aus der Datei" if merge.in_file else "vorhandener Eintrag"
            print(f"  Zeile {lines} → {kinds[merge.entity]} „{merge.label}“ ({where})")
        if len(merges) > _LISTED_MERGES:
            print(f"  … und {len(merges) - _LISTED_MERGES} weitere")
    if args.dry_run and plan.rejected_rows:
        lines = ", ".join(str(r.line) for r in plan.rejected_rows[:_LISTED_MERGES])
        print(f"Abgelehnt würden die Zeilen {lines}.", file=sys.stderr)
        return EXIT_FAILED
    return EXIT_OK


_LISTED_MERGES = 30  # a list of 100,000 rows may merge thousands; the journal keeps them all


if __name__ == "__main__":
    sys.exit(main())

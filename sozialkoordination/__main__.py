"""Command line: opens the window by default; sub-commands run headless jobs with a German result line."""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .config import resolve_db_url
from .services.errors import DomainError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class _GermanParser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # exit code 2 on wrong usage, as argparse does, but in German
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"Fehler: {message}\nHilfe: sozialkoordination --help\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _GermanParser(
        prog="sozialkoordination",
        description="Sozialkoordination – Akteure, Netzwerke und Sitzungen der Sozialregionen im Landkreis Göttingen.",
    )
    parser.add_argument("--version", action="version", version=f"Sozialkoordination {__version__}")
    parser.add_argument(
        "--db",
        metavar="PFAD_ODER_URL",
        help="Datenbankdatei oder SQLAlchemy-URL (Standard: Datei im Benutzerordner; auch SOZIALKOORDINATION_DB)",
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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    console = logging.StreamHandler()
    console.setLevel(logging.WARNING)  # the console stays quiet; details go to the log file (GUI)
    console.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    logging.getLogger().addHandler(console)
    db_url = resolve_db_url(args.db)
    if args.command is None:
        from .app import run_gui

        return run_gui(db_url)
    try:
        return _run_command(args, db_url)
    except DomainError as exc:
        print(f"Fehler: {exc}", file=sys.stderr)
        return EXIT_FAILED


def _run_command(args: argparse.Namespace, db_url: str) -> int:
    from .app import open_context

    context = open_context(db_url)
    try:
        if args.command == "demo":
            from .services.demo import DemoService

            summary = DemoService(context.session_factory).generate()
            print(
                f"Demo-Daten angelegt: {summary.organisations} Organisationen, {summary.persons} Personen, "
                f"{summary.networks} Netzwerke, {summary.meetings} Sitzungen."
            )
            return EXIT_OK
        if args.command == "export" and args.what == "actors":
            return _export_actors(context, args)
    finally:
        context.close()
    return EXIT_USAGE


def _export_actors(context, args: argparse.Namespace) -> int:
    from .services.actors import COLUMNS, ORGANISATIONS, PERSONS, ActorFilter, SortOrder

    kind = PERSONS if args.persons else ORGANISATIONS
    region_id = context.areas.find_region(args.region).id if args.region else None
    raum_id = context.areas.find_sozialraum(args.sozialraum).id if args.sozialraum else None
    flt = ActorFilter(kind=kind, sozialregion_id=region_id, sozialraum_id=raum_id)
    keys = [c.key for c in COLUMNS[kind] if c.visible]
    count = context.actors.export(flt, order=SortOrder(), column_keys=keys, path=args.out)
    what = "Personen" if args.persons else "Organisationen"
    print(f"{count} {what} exportiert nach {args.out}.")
    return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())

"""Smoke test of the built bundle: runs the installed program itself, never the source, and checks what it wrote.

    python build/smoke_test.py [dist/Sozialkoordination] [--bild FENSTER.png]

Steps: --version; demo data into a fresh database; a headless export read back with openpyxl and read in again
(dry run: calamine, duplicate search with rapidfuzz); a map and a
chart (matplotlib, numpy, the reference geometries); a Sozialraumprofil read back with python-docx; the
database encrypted with SQLCipher and checked; the window opened on the encrypted database (offscreen unless a
display is chosen with --sichtbar) until it has painted itself once (ui/window_probe.py); the PostgreSQL driver
loaded. Each step prints its time; the first failure ends the test with exit code 1.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import sqlite3
import struct
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
WINDOWS = sys.platform == "win32"
PASSWORD = "Rauchtest-Kennwort 1"


class SmokeTestFailed(Exception):
    pass


def expected_version() -> str:
    text = (ROOT / "sozialkoordination" / "__init__.py").read_text(encoding="utf-8")
    return re.search(r'__version__ = "([^"]+)"', text).group(1)


def isolated_environment(home: Path, display: bool) -> dict[str, str]:
    """No user's settings, logs or default database: everything goes to a temporary home."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("SOZIALKOORDINATION_")}
    for name, sub in (
        ("HOME", ""),
        ("XDG_CONFIG_HOME", ".config"),
        ("XDG_DATA_HOME", ".local/share"),
        ("XDG_STATE_HOME", ".local/state"),
        ("APPDATA", "AppData/Roaming"),
        ("LOCALAPPDATA", "AppData/Local"),
        ("USERPROFILE", ""),
    ):
        (home / sub).mkdir(parents=True, exist_ok=True)
        env[name] = str(home / sub)
    if not display:
        env["QT_QPA_PLATFORM"] = "offscreen"
    env["PYTHONIOENCODING"] = "utf-8"
    return env


class Bundle:
    def __init__(self, folder: Path, env: dict[str, str]):
        self.folder = folder
        # Windows: the window has no console; the command-line jobs use its console twin (build/pyinstaller.spec).
        self.window_program = folder / ("Sozialkoordination.exe" if WINDOWS else "sozialkoordination")
        self.console_program = folder / ("sozialkoordination-konsole.exe" if WINDOWS else "sozialkoordination")
        for program in {self.window_program, self.console_program}:
            if not program.is_file():
                raise SmokeTestFailed(f"Programm fehlt: {program} – wurde das Paket gebaut?")
        self.env = env

    def run(self, *args: str, window: bool = False, expect: int = 0, timeout: float = 300, **extra_env: str):
        env = {**self.env, **extra_env}
        program = self.window_program if window else self.console_program
        try:
            done = subprocess.run(
                [str(program), *args],
                env=env,
                capture_output=True,
                text=True,
                encoding="utf-8",
                errors="replace",
                timeout=timeout,
            )
        except subprocess.TimeoutExpired as exc:
            raise SmokeTestFailed(f"{' '.join(args) or 'Fenster'}: nach {timeout:.0f} s nicht beendet") from exc
        if done.returncode != expect:
            raise SmokeTestFailed(
                f"{' '.join(args) or 'Fenster'}: Exit-Code {done.returncode} statt {expect}\n"
                f"--- stdout ---\n{done.stdout}\n--- stderr ---\n{done.stderr}"
            )
        return done


def check(condition: bool, message: str) -> None:
    if not condition:
        raise SmokeTestFailed(message)


def png_size(path: Path) -> tuple[int, int]:
    head = path.read_bytes()[:24]
    check(head[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} ist kein PNG")
    return struct.unpack(">II", head[16:24])


def png_texts(path: Path) -> dict[str, str]:
    """The tEXt entries of a PNG file (the window probe writes whether Qt's German texts were loaded)."""
    data, texts, at = path.read_bytes(), {}, 8
    while at + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[at : at + 8])
        if kind == b"tEXt":
            key, _, value = data[at + 8 : at + 8 + length].partition(b"\0")
            texts[key.decode("latin-1")] = value.decode("latin-1")
        at += 12 + length
    return texts


def step_version(bundle: Bundle, work: Path) -> str:
    out = bundle.run("--version").stdout.strip()
    check(out == f"Sozialkoordination {expected_version()}", f"--version meldet {out!r}")
    return out


def step_demo(bundle: Bundle, work: Path) -> str:
    out = bundle.run("--db", str(work / "demo.sqlite"), "demo").stdout.strip()
    check(out.startswith("Demo-Daten angelegt"), f"demo meldet {out!r}")
    return out


def step_export(bundle: Bundle, work: Path) -> str:
    import openpyxl

    target = work / "akteure.xlsx"
    out = bundle.run("--db", str(work / "demo.sqlite"), "export", "actors", str(target)).stdout.strip()
    count = int(re.match(r"(\d+) Organisationen exportiert", out).group(1))
    sheet = openpyxl.load_workbook(target, read_only=True).worksheets[0]
    rows = [row for row in sheet.iter_rows(values_only=True) if any(cell is not None for cell in row)]
    check(count > 0 and len(rows) == count + 1, f"{target.name}: {len(rows)} Zeilen für {count} Organisationen")
    check("Name" in " ".join(str(cell) for cell in rows[0] if cell), f"Kopfzeile ohne „Name“: {rows[0]}")
    return f"{count} Organisationen, mit openpyxl gelesen: {len(rows) - 1} Zeilen + Kopfzeile"


def step_import(bundle: Bundle, work: Path) -> str:
    out = bundle.run(
        "--db", str(work / "demo.sqlite"), "import", "actors", str(work / "akteure.xlsx"), "--dry-run"
    ).stdout.strip()
    last = out.splitlines()[-1] if out else ""
    # The command prints the column assignment it used and the preview counts first, the dry run's result last.
    check(
        out.startswith("Spaltenzuordnung:") and last.startswith("Probelauf, nichts gespeichert:"),
        f"import meldet {out!r}",
    )
    return last


def step_charts(bundle: Bundle, work: Path) -> str:
    db = ("--db", str(work / "demo.sqlite"))
    bundle.run(*db, "chart", "bevoelkerung", str(work / "karte.png"), "--kind", "map", "--level", "gemeinde")
    bundle.run(*db, "chart", "bevoelkerung", str(work / "vergleich.pdf"), "--kind", "compare")
    width, height = png_size(work / "karte.png")
    check(width > 300 and height > 300, f"Karte nur {width}×{height}")
    check((work / "vergleich.pdf").read_bytes()[:5] == b"%PDF-", "vergleich.pdf ist kein PDF")
    return f"Karte {width}×{height} PNG, Vergleich als PDF"


def step_report(bundle: Bundle, work: Path) -> str:
    import docx

    target = work / "profil.docx"
    bundle.run("--db", str(work / "demo.sqlite"), "report", "sozialraum", "Bovenden", str(target))
    text = "\n".join(p.text for p in docx.Document(str(target)).paragraphs)
    check("Bovenden" in text, "Sozialraumprofil nennt Bovenden nicht")
    return f"Sozialraumprofil, mit python-docx gelesen: {len(text)} Zeichen"


def step_encrypt(bundle: Bundle, work: Path) -> str:
    database = work / "demo.sqlite"
    # The window's first-start dialog asks for the profile; a prepared database has it (services/profile.py).
    with sqlite3.connect(database) as connection:
        connection.execute("INSERT OR REPLACE INTO setting (key, value) VALUES ('user.name', 'Rauchtest')")
    connection.close()
    bundle.run("--db", str(database), "password", "set", SOZIALKOORDINATION_NEUES_KENNWORT=PASSWORD)
    check(database.read_bytes()[:16] != b"SQLite format 3\x00", "Datenbank nach „password set“ nicht verschlüsselt")
    out = bundle.run("--db", str(database), "check", SOZIALKOORDINATION_KENNWORT=PASSWORD).stdout
    check("Verschlüsselt: ja" in out and "Ergebnis: in Ordnung." in out, f"check meldet:\n{out}")
    wrong = bundle.run("--db", str(database), "check", expect=1, SOZIALKOORDINATION_KENNWORT="falsch").stderr
    check("Kennwort" in wrong, f"falsches Kennwort, Meldung: {wrong!r}")
    return "SQLCipher: verschlüsselt, mit Kennwort geprüft, falsches Kennwort abgewiesen"


def step_window(bundle: Bundle, work: Path) -> str:
    picture = work / "fenster.png"
    out = bundle.run(
        "--db",
        str(work / "demo.sqlite"),
        window=True,
        timeout=120,
        SOZIALKOORDINATION_KENNWORT=PASSWORD,
        SOZIALKOORDINATION_FENSTERPROBE=str(picture),
    ).stdout
    check(picture.is_file(), f"kein Bild des Fensters ({picture}); Ausgabe: {out!r}")
    german = png_texts(picture).get("Qt-Texte")
    check(german == "deutsch", f"Qts deutsche Texte (qtbase_de.qm) nicht geladen: {german!r}; Ausgabe: {out!r}")
    width, height = png_size(picture)
    check(width >= 640 and height >= 400, f"Fenster nur {width}×{height}")
    return f"Hauptfenster auf der verschlüsselten Datenbank gezeichnet ({width}×{height}), Qt-Texte deutsch"


def step_postgresql(bundle: Bundle, work: Path) -> str:
    # No server listens on port 1: the driver must load and report the refused connection in German.
    url = "postgresql+psycopg://rauchtest@127.0.0.1:1/rauchtest"
    err = bundle.run("--db", url, "check", expect=1, timeout=60).stderr
    missing = ("No module named", "Can't load plugin", "NoSuchModuleError", "ImportError")
    last = err.strip().splitlines()[-1] if err.strip() else ""
    check(last.startswith("Fehler:") and not any(m in err for m in missing), f"PostgreSQL-Treiber, Meldung: {err}")
    return "psycopg geladen, Verbindung ohne Server sauber abgelehnt"


STEPS = [
    ("--version", step_version),
    ("Demo-Daten", step_demo),
    ("Export Akteure (.xlsx)", step_export),
    ("Import-Probelauf (.xlsx)", step_import),
    ("Karte und Grafik", step_charts),
    ("Sozialraumprofil (.docx)", step_report),
    ("Verschlüsselung", step_encrypt),
    ("Fenster", step_window),
    ("PostgreSQL-Treiber", step_postgresql),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Rauchtest des gebauten Pakets (dist/Sozialkoordination).")
    parser.add_argument("folder", nargs="?", type=Path, default=ROOT / "dist" / "Sozialkoordination")
    parser.add_argument("--bild", type=Path, help="das Bild des Fensters hierhin kopieren")
    parser.add_argument("--sichtbar", action="store_true", help="das Fenster auf dem Bildschirm statt offscreen")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="sozk-rauchtest-") as temp:
        work = Path(temp)
        try:
            bundle = Bundle(args.folder.resolve(), isolated_environment(work / "home", args.sichtbar))
            for name, step in STEPS:
                began = time.perf_counter()
                result = step(bundle, work)
                print(f"ok  {name:<26} {time.perf_counter() - began:5.1f} s  {result}", flush=True)
        except SmokeTestFailed as failure:
            print(f"FEHLER  {failure}", file=sys.stderr)
            return 1
        if args.bild:
            shutil.copyfile(work / "fenster.png", args.bild)
    print(f"Rauchtest bestanden in {time.perf_counter() - started:.1f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""What a coordinator feels, measured at district scale: start, the person list, search, export, a meeting, charts,
the Sozialraumprofil and the memory of the running app, each next to its reference measured in the same run.

The data set is benchmarks.district (100,000 persons, 20,000 organisations, 5,000 meetings, ten years of indicators
for the 38 Gemeinden). The window runs offscreen; start and memory are measured in fresh processes, the rest in one
process that drives the real main window the way a user does.

    .venv/bin/python -m benchmarks.targets                        # 100,000 persons, 5 runs per figure
    .venv/bin/python -m benchmarks.targets --persons 2000 --repeat 1   # smoke size
"""

from __future__ import annotations

import argparse
import csv
import gc
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from benchmarks.district import District, ensure_district
from benchmarks.generate import DEFAULT_SEED
from benchmarks.start_probe import rss_mb

ROOT = Path(__file__).resolve().parent.parent
KEYSTROKES = ("m", "mu", "mue", "muel", "muell", "muelle", "mueller", "b", "bo", "bov", "bove", "boven")


@dataclass
class Figure:
    what: str
    unit: str
    runs: list[float]
    target: float  # the figure must stay below this (in `unit`), or below target × reference for ratios
    reference: list[float] = field(default_factory=list)
    reference_name: str = ""
    ratio_target: bool = False
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.runs)

    @property
    def reference_median(self) -> float | None:
        return statistics.median(self.reference) if self.reference else None

    @property
    def met(self) -> bool:
        if self.ratio_target:
            return self.median <= self.target * (self.reference_median or 0)
        return self.median < self.target


# -- helpers ---------------------------------------------------------------------------------------------------------
def timed(function: Callable[[], object]) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def probe_environment(home: Path) -> dict[str, str]:
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        HOME=str(home),
        XDG_CONFIG_HOME=str(home / "config"),
        XDG_DATA_HOME=str(home / "data"),
        XDG_STATE_HOME=str(home / "state"),
    )
    env.pop("SOZIALKOORDINATION_DB", None)
    # An installed app (pip, or the bundle) starts from compiled bytecode; a shell that forbids writing it would
    # make every start compile the app's 30,000 lines again (0.3 s).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def run_probe(kind: str, database: Path, home: Path) -> tuple[float, str]:
    """Seconds from starting the process to its "bereit" line, and what it printed after the word."""
    started = time.perf_counter()
    process = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.start_probe", kind, str(database)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
        env=probe_environment(home),
    )
    line = process.stdout.readline()
    elapsed = time.perf_counter() - started
    process.wait(timeout=120)
    if not line.startswith("bereit"):
        raise RuntimeError(f"Probe {kind} endete ohne Fenster (Exit {process.returncode}).")
    return elapsed, line[len("bereit") :].strip()


# -- the in-process measurements -----------------------------------------------------------------------------------
def measure_start(database: Path, repeat: int, home: Path) -> list[Figure]:
    run_probe("app", database, home)  # the first start of the day makes the daily backup: not a typical start
    app_runs, bare_runs = [], []
    for _ in range(repeat):
        bare_runs.append(run_probe("bare", database, home)[0])
        app_runs.append(run_probe("app", database, home)[0])
    memory = [float(run_probe("memory", database, home)[1]) for _ in range(max(1, repeat // 2))]
    return [
        Figure("Start bis zum Fenster mit Daten", "s", app_runs, 0.8, bare_runs, "leeres PySide6-Fenster"),
        Figure("Speicher der laufenden App (alle Bereiche besucht, Personenliste bis zum Ende)", "MB", memory, 400),
    ]


def measure_window(district: District, database: Path, repeat: int) -> list[Figure]:
    from PySide6.QtWidgets import QApplication

    from sozialkoordination.actors.service import COLUMNS, PERSONS, ActorFilter, SortOrder
    from sozialkoordination.app import open_context
    from sozialkoordination.search.service import SearchService
    from sozialkoordination.ui.shell.application import create_application
    from sozialkoordination.ui.shell.main_window import MainWindow
    from sozialkoordination.ui.shell.tasks import TaskRunner

    app = QApplication.instance() or QApplication(sys.argv[:1])
    create_application()
    context = open_context(f"sqlite:///{database}")
    window = MainWindow(context, TaskRunner(synchronous=True))
    window.resize(1400, 900)
    window.show()
    app.processEvents()
    figures: list[Figure] = []
    persons = f"{district.manifest['counts']['persons']:,}".replace(",", ".")
    view = window.actors_view
    window.show_area("actors")
    view.show_whole_district()
    app.processEvents()

    # The person list: switching to it until painted; then fetching and scrolling to the end.
    first_paint, growth, lazy = [], [], []
    for _ in range(repeat):
        view.kind_tabs.setCurrentIndex(0)
        app.processEvents()
        gc.collect()
        before = rss_mb()
        first_paint.append(timed(lambda: (view.kind_tabs.setCurrentIndex(1), view.table.repaint())))
        model = view.model

        def to_the_end(model=model) -> None:
            while model.canFetchMore(model.index(-1, -1)):
                model.fetchMore(model.index(-1, -1))
            view.table.scrollToBottom()
            view.table.repaint()

        to_the_end()
        growth.append(rss_mb() - before)
        lazy.append(timed(lambda: _lazy_first_page(database)))
    figures.append(
        Figure(
            f"Personenliste ({persons}) öffnen, erstes Bild",
            "s",
            first_paint,
            0.3,
            lazy,
            "SQLite-Abfrage der ersten Seite (fetchMore)",
        )
    )
    figures.append(Figure("Personenliste bis zum Ende scrollen: Speicherzuwachs", "MB", growth, 150))

    # Search as you type: the global search and the list filter, per keystroke, against a bare FTS5 query.
    search = SearchService(context.session_factory)
    for text in KEYSTROKES:  # warm-up
        search.search(text)
    global_ms, filter_ms, asked_ms, paint_ms, fts_ms, bare_paint_ms = [], [], [], [], [], []
    connection = sqlite3.connect(database)
    bare = _BareTable(view.table.size())
    for _ in range(repeat):
        for text in KEYSTROKES:
            global_ms.append(1000 * timed(lambda text=text: search.search(text)))
            started = time.perf_counter()
            view.search(text)  # count and first page of the filtered list, the model reset
            asked = time.perf_counter()
            view.table.repaint()  # Qt paints the visible rows (about 35 × 7 cells)
            painted = time.perf_counter()
            app.processEvents()  # the event loop between two keystrokes (the list waits 150 ms after the last)
            asked_ms.append(1000 * (asked - started))
            paint_ms.append(1000 * (painted - asked))
            filter_ms.append(1000 * (painted - started))
            fts_ms.append(1000 * timed(lambda text=text: _fts_prefix(connection, text)))
            bare_paint_ms.append(bare.paint(view))
    connection.close()
    view.search("")
    figures.append(
        Figure(
            "Überall suchen (Strg+K), je Tastendruck, Median",
            "ms",
            global_ms,
            5,
            fts_ms,
            "FTS5-Präfixabfrage",
            note=f"langsamster {max(global_ms):.1f} ms (Ziel < 30)",
        )
    )
    figures.append(
        Figure(
            "Listenfilter Personen, je Tastendruck bis zum neu gezeichneten Bild, Median",
            "ms",
            filter_ms,
            5,
            fts_ms,
            "FTS5-Präfixabfrage",
            note=f"langsamster {max(filter_ms):.1f} ms (Ziel < 30); davon Zeichnen der sichtbaren Zeilen "
            f"Median {statistics.median(paint_ms):.1f} ms, dieselben Zellen in einer leeren "
            f"Qt-Tabelle {statistics.median(bare_paint_ms):.1f} ms",
        )
    )
    figures.append(
        Figure(
            "Listenfilter Personen, je Tastendruck ohne Zeichnen (Zählen, erste Seite), Median",
            "ms",
            asked_ms,
            5,
            fts_ms,
            "FTS5-Präfixabfrage",
            note=f"langsamster {max(asked_ms):.1f} ms (Ziel < 30)",
        )
    )

    # Export of all persons, the list as shown, against a plain write of the same rows.
    flt = ActorFilter(kind=PERSONS)
    keys = [c.key for c in COLUMNS[PERSONS] if c.visible]
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        for suffix, plain in (("xlsx", _plain_xlsx), ("csv", _plain_csv)):
            app_runs, plain_runs = [], []
            for _ in range(repeat):
                target = out / f"personen.{suffix}"
                app_runs.append(timed(lambda t=target: context.actors.export(flt, SortOrder(), keys, t)))
                plain_runs.append(timed(lambda t=out / f"plain.{suffix}", plain=plain: plain(database, keys, t)))
            figures.append(
                Figure(
                    f"Export {persons} Personen .{suffix}",
                    "s",
                    app_runs,
                    1.2,
                    plain_runs,
                    f"sqlite3 + {'xlsxwriter constant_memory' if suffix == 'xlsx' else 'csv.writer'}",
                    ratio_target=True,
                )
            )

        # A meeting with 200 invitees: opening it in the window, and its minutes as Word.
        meetings = window.meetings_view
        window.show_area("meetings")
        open_runs, minutes_runs = [], []
        for _ in range(repeat):
            meetings.table.clearSelection()
            app.processEvents()
            open_runs.append(timed(lambda: (meetings.select_meeting(district.big_meeting_id), window.repaint())))
            minutes_runs.append(
                timed(lambda: context.meetings.export("minutes", district.big_meeting_id, out / "protokoll.docx"))
            )
        figures.append(Figure("Sitzung mit 200 Eingeladenen öffnen", "s", open_runs, 0.5))
        figures.append(Figure("Protokoll dieser Sitzung als Word", "s", minutes_runs, 0.5))

        # Charts and the map in the window, against matplotlib's own Agg render of a figure of the same size.
        window.show_area("indicators")
        indicators = window.indicators_view
        indicators.select_indicator("Kinder unter 6 Jahren (Benchmark)")
        for kind in ("trend", "compare", "map", "multiples"):
            runs, agg = [], []
            for _ in range(repeat):
                indicators.show_kind("table")
                app.processEvents()
                indicators.show_kind(kind)
                app.processEvents()
                runs.append(indicators.last_draw_seconds)
                agg.append(_agg_reference(indicators.canvas().figure))
            figures.append(Figure(f"Grafik im Fenster: {kind}", "s", runs, 0.3, agg, "Agg-Render derselben Figur"))

        from sozialkoordination.sozialraumprofil.service import ProfileReportService

        reports = ProfileReportService.from_context(context)
        tree = context.indicators.area_tree()
        raum = next(a for a in tree.raeume.values() if a.name == "Bovenden")
        profile_runs = [timed(lambda: reports.write(raum, out / "profil.docx")) for _ in range(repeat)]
        figures.append(Figure("Sozialraumprofil (Word)", "s", profile_runs, 5))
    window.close()
    context.close()
    return figures


def _lazy_first_page(database: Path) -> None:
    connection = sqlite3.connect(database)
    connection.execute("SELECT count(*) FROM person").fetchone()
    connection.execute("SELECT * FROM person ORDER BY sort_key LIMIT 256").fetchall()
    connection.close()


class _BareTable:
    """Qt's own cost of painting the list: a plain QTableView of the same size, with a minimal model that holds
    the texts the person list shows, reset and repainted as the filter does."""

    def __init__(self, size):
        from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt
        from PySide6.QtWidgets import QApplication, QTableView

        class Texts(QAbstractTableModel):
            rows: list[list[str]] = []

            def rowCount(self, parent=QModelIndex()):  # noqa: N802, B008
                return len(self.rows)

            def columnCount(self, parent=QModelIndex()):  # noqa: N802, B008
                return len(self.rows[0]) if self.rows else 0

            def data(self, index, role=Qt.ItemDataRole.DisplayRole):
                return self.rows[index.row()][index.column()] if role == Qt.ItemDataRole.DisplayRole else None

        self.model = Texts()
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(26)
        self.table.setAlternatingRowColors(True)
        self.table.resize(size)
        self.table.show()
        QApplication.processEvents()  # exposed, as the window's table is

    def paint(self, view) -> float:
        """ms to reset the model to the rows the view shows now and repaint the table."""
        model, shown = view.model, [i for i in range(view.model.columnCount()) if not view.table.isColumnHidden(i)]
        rows = [[model.data(model.index(r, c)) for c in shown] for r in range(model.rowCount())]
        started = time.perf_counter()
        self.model.beginResetModel()
        self.model.rows = rows
        self.model.endResetModel()
        for column, source in enumerate(shown):
            self.table.setColumnWidth(column, view.table.columnWidth(source))
        self.table.repaint()
        return 1000 * (time.perf_counter() - started)


def _fts_prefix(connection: sqlite3.Connection, text: str) -> list:
    if len(text) < 3:  # the trigram index needs three letters; shorter input is a plain prefix match
        return connection.execute("SELECT id FROM person WHERE sort_key LIKE ? LIMIT 50", (text + "%",)).fetchall()
    return connection.execute(
        "SELECT rowid FROM person_fts WHERE person_fts MATCH ? LIMIT 50", (f'"{text}"',)
    ).fetchall()


def _plain_rows(database: Path) -> tuple[sqlite3.Connection, sqlite3.Cursor]:
    """The same rows as the person list's default export (its visible columns, in its order), by hand."""
    connection = sqlite3.connect(database)
    cursor = connection.execute(
        "SELECT p.last_name, p.first_name, p.function, "
        "(SELECT group_concat(o.name, '; ') FROM affiliation a JOIN organisation o ON o.id = a.organisation_id "
        "WHERE a.person_id = p.id), p.phone, p.email, s.name "
        "FROM person p LEFT JOIN sozialraum s ON s.id = p.sozialraum_id ORDER BY p.sort_key, p.id"
    )
    return connection, cursor


def _plain_xlsx(database: Path, keys: list[str], target: Path) -> None:
    import xlsxwriter

    connection, cursor = _plain_rows(database)
    book = xlsxwriter.Workbook(str(target), {"constant_memory": True})
    sheet = book.add_worksheet("Personen")
    sheet.write_row(0, 0, keys)
    for number, row in enumerate(cursor, start=1):
        sheet.write_row(number, 0, row)
    book.close()
    connection.close()


def _plain_csv(database: Path, keys: list[str], target: Path) -> None:
    connection, cursor = _plain_rows(database)
    with target.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(keys)
        writer.writerows(cursor)
    connection.close()


def _agg_reference(figure) -> float:
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    window_canvas = figure.canvas
    canvas = FigureCanvasAgg(figure)
    started = time.perf_counter()
    canvas.draw()
    elapsed = time.perf_counter() - started
    figure.set_canvas(window_canvas)  # the figure stays in the window
    return elapsed


# -- report --------------------------------------------------------------------------------------------------------
def table(figures: list[Figure]) -> str:
    lines = ["| was | Median | Referenz (Median) | Ziel | Ergebnis |", "|---|---:|---|---|---|"]
    for f in figures:
        reference = f"{f.reference_median:.3g} {f.unit} ({f.reference_name})" if f.reference else "–"
        if f.ratio_target:
            ratio = f.median / f.reference_median if f.reference_median else float("inf")
            goal = f"≤ {f.target:g} × Referenz (jetzt {ratio:.2f} ×)"
        else:
            goal = f"< {f.target:g} {f.unit}"
        note = f" – {f.note}" if f.note else ""
        lines.append(
            f"| {f.what} | {f.median:.3g} {f.unit} | {reference} | {goal} | "
            f"{'erreicht' if f.met else 'VERFEHLT'}{note} |"
        )
    return "\n".join(lines)


def collect(persons: int, repeat: int, seed: int = DEFAULT_SEED) -> tuple[District, list[Figure]]:
    """Every figure of this module, on a fresh copy of the district data set."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ.setdefault("MPLBACKEND", "Agg")
    district = ensure_district(persons, seed)
    with tempfile.TemporaryDirectory() as folder:
        home = Path(folder) / "home"
        home.mkdir()
        for key, value in probe_environment(home).items():
            os.environ[key] = value
        database = Path(folder) / "landkreis.sqlite"
        shutil.copy(district.database, database)
        _complete_profile(database)
        figures = measure_start(database, repeat, home)
        figures += measure_window(district, database, repeat)
    return district, figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.targets", description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure; the table shows medians")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    district, figures = collect(args.persons, args.repeat, args.seed)
    print(f"\nDaten: {district.manifest['counts']}")
    print(table(figures))
    return 0 if all(f.met for f in figures) else 1


def _complete_profile(database: Path) -> None:
    """The coordinator's name and region are set, so the window opens without the first-start questions."""
    from sozialkoordination.app import open_context

    context = open_context(f"sqlite:///{database}")
    context.profile.save("Bench Mark", context.areas.find_region("SR-B").id)
    context.close()


if __name__ == "__main__":
    sys.exit(main())

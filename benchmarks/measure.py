"""One measured run in a process of its own, so its peak RSS is its own: the reference or the real import.

Started by benchmarks.run (one process per run); prints one JSON line with the timings on stdout.

    python -m benchmarks.measure reference <database copy> <partner list>
    python -m benchmarks.measure import <database copy> <partner list> [--profile OUT --profiler pyinstrument]
"""

from __future__ import annotations

import argparse
import csv
import gc
import json
import logging
import re
import resource
import sqlite3
import sys
import time
from collections import Counter
from contextlib import contextmanager
from pathlib import Path

# Nothing from the app (or benchmarks.generate, which imports it) at module level: the reference process
# should carry no more than the reader and sqlite3, so its peak RSS means something.
SOURCE = "Benchmark Partnerliste"


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far.

    On Linux VmHWM, not ru_maxrss: ru_maxrss of a child starts at the RSS its parent had when it forked, so a
    benchmark runner that has just generated 100,000 rows would make every small child look 290 MB big.
    """
    high_water = current_rss_mb("VmHWM")
    if high_water is not None:
        return high_water
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def current_rss_mb(field: str = "VmRSS") -> float | None:
    """Current (VmRSS) or peak-so-far (VmHWM) resident set size from /proc; None where there is no /proc."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


def _memory() -> dict[str, float | None]:
    return {"rss_mb": current_rss_mb("VmRSS"), "peak_mb": current_rss_mb("VmHWM")}


# -- the reference: the fastest reader plus a plain bulk insert of the same rows --------------------------------


def reference(database: Path, path: Path, header_row: int, width: int) -> dict:
    started = time.perf_counter()
    if path.suffix.lower() == ".csv":
        with path.open(encoding="cp1252", newline="") as file:
            rows: list[list[object]] = list(csv.reader(file, delimiter=";"))
    else:
        import python_calamine

        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        rows = workbook.get_sheet_by_index(0).to_python()
        workbook.close()
    read = time.perf_counter()
    body = [
        (list(row) + [None] * width)[:width] for row in rows[header_row + 1 :] if any(v not in (None, "") for v in row)
    ]
    conn = sqlite3.connect(database)
    conn.execute("PRAGMA journal_mode=WAL")  # the app's PRAGMAs (sozialkoordination.db.engine)
    conn.execute("PRAGMA synchronous=NORMAL")
    columns = ", ".join(f"c{i}" for i in range(width))
    conn.execute(f"CREATE TABLE benchmark_reference (id INTEGER PRIMARY KEY, {columns})")
    with conn:
        conn.executemany(
            f"INSERT INTO benchmark_reference ({columns}) VALUES ({', '.join('?' * width)})",
            body,
        )
    conn.close()
    finished = time.perf_counter()
    return {
        "kind": "reference",
        "seconds": finished - started,
        "phases": {"read": read - started, "insert": finished - read},
        "rows": len(body),
        "peak_rss_mb": peak_rss_mb(),
    }


# -- the real import, end to end through the service ---------------------------------------------------------------


@contextmanager
def _profiled(out: Path | None, profiler: str):
    if out is None:
        yield
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    if profiler == "pyinstrument":
        from pyinstrument import Profiler

        prof = Profiler(interval=0.001)
        prof.start()
        try:
            yield
        finally:
            prof.stop()
            out.with_suffix(".txt").write_text(
                prof.output_text(unicode=True, color=False, show_all=False), encoding="utf-8"
            )
            out.with_suffix(".html").write_text(prof.output_html(), encoding="utf-8")
    else:
        import cProfile
        import io
        import pstats

        prof = cProfile.Profile()
        prof.enable()
        try:
            yield
        finally:
            prof.disable()
            prof.dump_stats(out.with_suffix(".pstats"))
            text = io.StringIO()
            stats = pstats.Stats(prof, stream=text).strip_dirs()
            stats.sort_stats("tottime").print_stats(40)
            stats.sort_stats("cumulative").print_stats(40)
            out.with_suffix(".txt").write_text(text.getvalue(), encoding="utf-8")


def _reason(text: str) -> str:
    """ "ähnlicher Name am selben Ort (93 % Übereinstimmung)" and "steht schon in Zeile 17 …" as one reason each."""
    return re.sub(r"[0-9]+", "N", re.sub(r" [(].*", "", text)).strip()


def run_import(
    database: Path, path: Path, profile: Path | None = None, profiler: str = "pyinstrument", gc_on: bool = False
) -> dict:
    from sozialkoordination.actor_import.service import MERGE, Decision
    from sozialkoordination.app import open_context

    started = time.perf_counter()
    ctx = open_context(f"sqlite:///{database}")
    opened = time.perf_counter()
    memory = {"open_context": _memory()}
    service = ctx.actor_import
    if not gc_on:
        gc.disable()  # as the window (ui/tasks.py) and the CLI (__main__._collection_paused) run an import
    try:
        with _profiled(profile, profiler):
            t0 = time.perf_counter()
            data = service.read(path)
            t1 = time.perf_counter()
            memory["read"] = _memory()
            header = service.detect_header(data)
            mapping = service.suggest_mapping(data.rows[header])
            t2 = time.perf_counter()
            plan = service.prepare(path, data, header, mapping, source=SOURCE)
            t3 = time.perf_counter()
            memory["prepare"] = _memory()
            result = service.run(plan, default=Decision(MERGE))
            t4 = time.perf_counter()
            memory["run"] = _memory()
    finally:
        gc.enable()
        ctx.close()
    duplicates = Counter(f"{d.kind}: {'database' if d.existing_id is not None else 'file'}" for d in plan.duplicates)
    reasons = Counter(f"{d.kind}: {_reason(d.reason)}" for d in plan.duplicates)
    return {
        "kind": "import",
        "seconds": t4 - t0,
        "phases": {"read": t1 - t0, "header_mapping": t2 - t1, "prepare": t3 - t2, "run": t4 - t3},
        "open_context_seconds": opened - started,
        "gc": "on" if gc_on else "off",
        "memory_after_phase": memory,
        "peak_rss_mb": peak_rss_mb(),
        "header_row": header,
        "mapping": mapping,
        "rows": len(plan.rows),
        "duplicates": dict(sorted(duplicates.items())),
        "duplicate_reasons": dict(sorted(reasons.items())),
        "result": {
            "created_organisations": result.created_organisations,
            "created_persons": result.created_persons,
            "merged": result.merged,
            "skipped": result.skipped,
            "rejected": result.rejected,
        },
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.measure")
    parser.add_argument("kind", choices=("reference", "import"))
    parser.add_argument("database", type=Path, help="a copy of the pre-filled database (it is written to)")
    parser.add_argument("file", type=Path, help="the partner list (.xlsx or .csv)")
    parser.add_argument("--header-row", type=int, default=2, help="reference only: 0-based row of the header")
    parser.add_argument("--width", type=int, default=7, help="reference only: number of columns")
    parser.add_argument("--profile", type=Path, help="import only: write a profile to this path (.txt/.html/.pstats)")
    parser.add_argument("--profiler", choices=("pyinstrument", "cprofile"), default="pyinstrument")
    parser.add_argument("--gc-on", action="store_true", help="import only: keep automatic garbage collection on")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    if args.kind == "reference":
        measured = reference(args.database, args.file, args.header_row, args.width)
    else:
        measured = run_import(args.database, args.file, args.profile, args.profiler, args.gc_on)
    print(json.dumps(measured, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

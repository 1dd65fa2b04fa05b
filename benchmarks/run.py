"""The import benchmark: a generated partner list imported end to end into a database that already holds persons.

    .venv/bin/python -m benchmarks.run [--size 100000] [--repeat 3] [--only import]

For each format (.xlsx, .csv) and each repetition, in a fresh copy of the pre-filled database and in a process of
its own (so peak RSS is per run):
  reference  read the whole file with the fastest reader (python-calamine; the stdlib csv reader for CSV) and
             insert the same rows with one sqlite3 executemany into a fresh table;
  import     ActorImportService read → detect_header → suggest_mapping → prepare (incl. duplicate check) →
             run(default=Decision("merge")).
Reported are medians over the repetitions, the ratio import/reference, and the highest peak RSS of the imports.
Targets (from the issue): import ≤ 3 × reference and peak RSS < 1024 MB. See docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from datetime import datetime
from importlib import metadata
from pathlib import Path

from .generate import DATA_DIR, DEFAULT_SEED, DEFAULT_SIZE, HEADER, DataSet, ensure_data

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = Path(__file__).resolve().parent / "results"  # git-ignored
FORMATS = ("xlsx", "csv")
MAX_RATIO = 3.0
MAX_PEAK_MB = 1024.0


def machine() -> dict[str, str]:
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        cpu = platform.processor() or cpu
    memory = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
    except OSError:
        pass
    usable = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    versions = []
    for package in ("SQLAlchemy", "python-calamine", "rapidfuzz", "XlsxWriter"):
        with contextlib.suppress(metadata.PackageNotFoundError):
            versions.append(f"{package} {metadata.version(package)}")
    return {
        "nproc": str(usable),
        "cpu": cpu,
        "memory": memory,
        "os": platform.platform(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "packages": ", ".join(versions),
        "code": _code_version(),
    }


def _code_version() -> str:
    """Commit and whether the package differs from it: the service changes often, results belong to one state."""
    try:
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
        ).stdout.strip()
        changed = subprocess.run(
            ["git", "status", "--porcelain", "--", "sozialkoordination"], cwd=ROOT, capture_output=True, text=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"
    return f"{commit}{' + uncommitted changes in sozialkoordination/' if changed else ''}"


def code_fingerprint() -> str:
    """A hash over the package's sources: the service is edited often, a run must not straddle two versions."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "sozialkoordination").rglob("*.py")):
        digest.update(path.relative_to(ROOT).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def measure_once(kind: str, data: DataSet, fmt: str, work: Path, timeout: float, extra: Sequence[str] = ()) -> dict:
    """One run in a fresh copy of the database and a fresh process."""
    copy = work / f"{kind}-{fmt}.sqlite"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{copy}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(data.database, copy)
    command = [sys.executable, "-m", "benchmarks.measure", kind, str(copy), str(data.partner_list(fmt)), *extra]
    if kind == "reference":
        command += ["--header-row", str(data.manifest["header_row"]), "--width", str(len(HEADER))]
    started = time.perf_counter()
    try:
        done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise SystemExit(f"{kind} ({fmt}) took longer than {timeout:.0f} s (--timeout)") from None
    finally:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{copy}{suffix}").unlink(missing_ok=True)
    if done.returncode != 0:
        raise SystemExit(f"{kind} ({fmt}) failed:\n{done.stderr[-4000:]}")
    measured = json.loads(done.stdout.strip().splitlines()[-1])
    measured["process_seconds"] = time.perf_counter() - started
    return measured


def summarise(fmt: str, references: list[dict], imports: list[dict]) -> dict:
    row: dict = {"format": fmt, "runs": max(len(references), len(imports))}
    if references:
        row["reference_s"] = statistics.median(r["seconds"] for r in references)
        row["reference_peak_mb"] = max(r["peak_rss_mb"] for r in references)
    if imports:
        row["import_s"] = statistics.median(r["seconds"] for r in imports)
        row["peak_mb"] = max(r["peak_rss_mb"] for r in imports)
        row["phases"] = {p: statistics.median(r["phases"][p] for r in imports) for p in imports[0]["phases"]}
        row["open_context_s"] = statistics.median(r["open_context_seconds"] for r in imports)
        row["result"] = imports[-1]["result"]
        row["duplicates"] = imports[-1]["duplicates"]
        row["rows"] = imports[-1]["rows"]
        row["duplicate_reasons"] = imports[-1].get("duplicate_reasons", {})
        row["memory"] = max(imports, key=lambda r: r["peak_rss_mb"]).get("memory_after_phase", {})
    if references and imports:
        row["ratio"] = row["import_s"] / row["reference_s"]
        row["ok"] = row["ratio"] <= MAX_RATIO and row["peak_mb"] < MAX_PEAK_MB
    return row


def _n(value: float, digits: int = 2) -> str:
    return f"{value:,.{digits}f}"


def table(rows: list[dict]) -> str:
    lines = [
        "| format | reference median s | import median s | ratio | peak MB | target (≤ 3×, < 1024 MB) | result |",
        "|---|---:|---:|---:|---:|---|---|",
    ]
    for r in rows:
        ratio = f"{_n(r['ratio'], 1)}×" if "ratio" in r else "–"
        result = ("OK" if r["ok"] else "MISSED") if "ok" in r else "–"
        lines.append(
            f"| .{r['format']} | {_n(r['reference_s']) if 'reference_s' in r else '–'} | "
            f"{_n(r['import_s']) if 'import_s' in r else '–'} | {ratio} | "
            f"{_n(r['peak_mb'], 0) if 'peak_mb' in r else '–'} | ≤ 3×, < 1024 MB | {result} |"
        )
    return "\n".join(lines)


def phases_table(rows: list[dict]) -> str:
    lines = [
        "| format | read | detect_header + suggest_mapping | prepare | run | open_context (not counted) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        if "phases" not in r:
            continue
        p = r["phases"]
        lines.append(
            f"| .{r['format']} | {_n(p['read'])} | {_n(p['header_mapping'])} | {_n(p['prepare'])} | "
            f"{_n(p['run'])} | {_n(r['open_context_s'])} |"
        )
    return "\n".join(lines)


def memory_table(rows: list[dict]) -> str:
    lines = [
        "| format | after open_context | after read | after prepare | after run |",
        "|---|---:|---:|---:|---:|",
    ]
    for r in rows:
        memory = r.get("memory") or {}
        if not memory or memory.get("run", {}).get("rss_mb") is None:
            continue
        cells = [f"{_n(m['rss_mb'], 0)} / {_n(m['peak_mb'], 0)}" for m in (memory[p] for p in memory)]
        lines.append(f"| .{r['format']} | {' | '.join(cells)} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    return measure(argv)[0]


def measure(argv: list[str] | None = None) -> tuple[int, list[dict]]:
    """The whole benchmark as the command runs it; returns the exit code and the summary rows (one per format)."""
    parser = argparse.ArgumentParser(
        prog="python -m benchmarks.run",
        description="Import benchmark (see docs/PERFORMANCE.md).",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--size", type=int, default=DEFAULT_SIZE, help="rows of the partner list (default 100000)")
    parser.add_argument("--persons", type=int, help="persons already in the database (default: --size)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per format and kind; medians are reported")
    parser.add_argument("--only", choices=("reference", "import"), help="measure only one of the two")
    parser.add_argument("--format", choices=FORMATS, action="append", help="only this format (repeatable)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--data", type=Path, default=DATA_DIR, help="folder for generated data (git-ignored)")
    parser.add_argument("--timeout", type=float, default=3600, help="seconds one run may take")
    parser.add_argument(
        "--profile",
        action="store_true",
        help="afterwards profile one import per format (not timed) into benchmarks/results/",
    )
    parser.add_argument("--profiler", choices=("pyinstrument", "cprofile"), default="pyinstrument")
    parser.add_argument(
        "--gc-on",
        action="store_true",
        help="import with automatic garbage collection on; default off, as the window and the CLI run an import",
    )
    args = parser.parse_args(argv)
    formats = args.format or list(FORMATS)
    kinds = [args.only] if args.only else ["reference", "import"]
    persons = args.persons or args.size

    info = machine()
    info["sources"] = code_fingerprint()
    print(
        f"Machine: {info['nproc']} CPU ({info['cpu']}), {info['memory']} RAM, {info['os']}\n"
        f"Python {info['python']}, SQLite {info['sqlite']}, {info['packages']}\n"
        f"Code: {info['code']} (sources {info['sources']})",
        flush=True,
    )
    started = time.perf_counter()
    data = ensure_data(args.size, persons, args.seed, args.data)
    print(
        f"Data: {data.folder} ({time.perf_counter() - started:.1f} s)\n"
        f"  database: {data.manifest['database']}\n  partner list: {data.manifest['partner_list']}",
        flush=True,
    )

    work = args.data / f"work-{os.getpid()}"
    work.mkdir(parents=True, exist_ok=True)
    runs: dict[tuple[str, str], list[dict]] = {}
    try:
        for fmt in formats:
            for repetition in range(1, args.repeat + 1):
                for kind in kinds:  # alternating, so a slow phase of the machine hits both
                    extra = ["--gc-on"] if args.gc_on and kind == "import" else []
                    measured = measure_once(kind, data, fmt, work, args.timeout, extra)
                    runs.setdefault((fmt, kind), []).append(measured)
                    print(
                        f"  .{fmt} {kind:<9} {repetition}/{args.repeat}: {measured['seconds']:8.2f} s, "
                        f"peak RSS {measured['peak_rss_mb']:6.0f} MB",
                        flush=True,
                    )
        if code_fingerprint() != info["sources"]:
            print("\nWARNING: sozialkoordination/ changed during the run; the figures mix two versions of the code.")
            info["sources"] += " (changed during the run)"
        summary = [summarise(fmt, runs.get((fmt, "reference"), []), runs.get((fmt, "import"), [])) for fmt in formats]
        print(
            f"\nSize {args.size} rows, {persons} persons in the database, median of {args.repeat} runs, "
            f"garbage collection during the import {'on' if args.gc_on else 'off'}\n"
        )
        print(table(summary))
        if "import" in kinds:
            print("\nImport by phase (median, seconds):\n")
            print(phases_table(summary))
            print("\nMemory of the import with the highest peak (RSS now / peak so far, MB):\n")
            print(memory_table(summary))
            for r in summary:
                print(
                    f"\n.{r['format']}: {r['rows']} rows\n  duplicates: {r['duplicate_reasons']}\n"
                    f"  result: {r['result']}"
                )

        RESULTS_DIR.mkdir(exist_ok=True)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        out = RESULTS_DIR / f"{stamp}-size{args.size}.json"
        out.write_text(
            json.dumps(
                {
                    "machine": info,
                    "size": args.size,
                    "persons": persons,
                    "seed": args.seed,
                    "repeat": args.repeat,
                    "gc": "on" if args.gc_on else "off",
                    "manifest": data.manifest,
                    "summary": summary,
                    "runs": {f"{fmt}/{kind}": r for (fmt, kind), r in runs.items()},
                },
                indent=2,
                ensure_ascii=False,
            ),
            encoding="utf-8",
        )
        print(f"\nResults: {out.relative_to(ROOT)}")

        if args.profile:
            for fmt in formats:
                target = RESULTS_DIR / f"{stamp}-profile-{fmt}-size{args.size}"
                extra = ["--profile", str(target), "--profiler", args.profiler] + (["--gc-on"] if args.gc_on else [])
                measure_once("import", data, fmt, work, args.timeout, extra)
                print(f"Profile .{fmt}: {target.relative_to(ROOT)}.txt")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return (0 if all(r.get("ok", True) for r in summary) else 1), summary


if __name__ == "__main__":
    raise SystemExit(main())

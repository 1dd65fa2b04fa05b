"""All benchmarks in one command: every target of issue 10 at district scale, each next to its reference measured in
the same run, then one table.

    .venv/bin/python -m benchmarks                               # 100,000 persons, 5 runs per figure (about 15 min)
    .venv/bin/python -m benchmarks --persons 2000 --repeat 1     # smoke size, about 30 s
    .venv/bin/python -m benchmarks --ohne-import                 # without the 100,000-row import (6 of the 15 min)

Results and the machine they ran on belong in docs/PERFORMANCE.md. Exit status 1 while a target is missed.
"""

from __future__ import annotations

import argparse
import sys

from benchmarks import network_map, run, targets
from benchmarks.generate import DEFAULT_SEED


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000, help="persons in the data set (default 100000)")
    parser.add_argument("--repeat", type=int, default=5, help="runs per figure; the table shows medians")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument(
        "--ohne-import",
        dest="without_import",
        action="store_true",
        help="the import of a partner list of --persons rows is left out",
    )
    args = parser.parse_args(argv)

    info = run.machine()
    print(
        f"Rechner: {info['nproc']} CPU ({info['cpu']}), {info['memory']} RAM, {info['os']}\n"
        f"Python {info['python']}, SQLite {info['sqlite']}, {info['packages']}",
        flush=True,
    )
    district, figures = targets.collect(args.persons, args.repeat, args.seed)
    actors = min(1000, max(50, args.persons // 200))
    map_runs = network_map.measure(actors, args.repeat)
    figures.append(
        targets.Figure(f"Netzwerkkarte mit {actors} Akteuren zeichnen", "s", map_runs, network_map.TARGET_SECONDS)
    )
    if not args.without_import:
        repeat = str(max(1, min(args.repeat, 3)))  # each run is a fresh process on a fresh database copy
        _code, summary = run.measure(["--size", str(args.persons), "--repeat", repeat, "--seed", str(args.seed)])
        for row in summary:
            figures.append(
                targets.Figure(
                    f"Import einer Partnerliste mit {args.persons:,} Zeilen .{row['format']}".replace(",", "."),
                    "s",
                    [row["import_s"]],
                    run.MAX_RATIO,
                    [row["reference_s"]],
                    "python-calamine bzw. csv + executemany",
                    ratio_target=True,
                    note=f"Spitze {row['peak_mb']:.0f} MB (Ziel < {run.MAX_PEAK_MB} MB)",
                )
            )
    print(f"\nDaten: {district.manifest['counts']}\n")
    print(targets.table(figures))
    return 0 if all(f.met for f in figures) else 1


if __name__ == "__main__":
    sys.exit(main())

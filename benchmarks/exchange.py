"""The Datenpaket at the size of the demo data (5,600 records of all 22 exchanged tables): writing the first
package, reading it into an empty database, the empty package and the repeated import that follow, a region's
package, and a small package after erasing persons.

    .venv/bin/python -m benchmarks.exchange              # 3 rounds, median
    .venv/bin/python -m benchmarks.exchange --rounds 1

Each round starts from fresh databases in a temporary folder; the times include opening the package (scrypt,
about 0.1 s) and sealing it.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from sqlalchemy import select

from sozialkoordination.app import open_context
from sozialkoordination.demo.service import DemoService
from sozialkoordination.models import Person

PASSWORD = "Benchmark-Kennwort"


def one_round(folder: Path) -> dict[str, float]:
    times: dict[str, float] = {}
    laptop = open_context(f"sqlite:///{folder / 'laptop.sqlite'}")
    office = open_context(f"sqlite:///{folder / 'geschaeftsstelle.sqlite'}")
    region = open_context(f"sqlite:///{folder / 'region.sqlite'}")
    DemoService(laptop.session_factory).generate()

    def timed(name: str, job):
        start = time.perf_counter()
        result = job()
        times[name] = time.perf_counter() - start
        return result

    first = timed("Erstes Paket schreiben", lambda: laptop.exchange.export_package("GS", folder / "1.sozdp", PASSWORD))
    times["Einträge im ersten Paket"] = first.records
    timed("Erstes Paket einlesen", lambda: office.exchange.import_package(folder / "1.sozdp", PASSWORD))
    assert office.exchange.content() == laptop.exchange.content()
    timed("Leeres Paket schreiben", lambda: laptop.exchange.export_package("GS", folder / "2.sozdp", PASSWORD))
    timed("Dasselbe Paket noch einmal einlesen", lambda: office.exchange.import_package(folder / "1.sozdp", PASSWORD))
    part = timed(
        "Paket einer Sozialregion schreiben (ohne Ehrenamt)",
        lambda: laptop.exchange.export_package("SR-B", folder / "3.sozdp", PASSWORD, "SR-B", True),
    )
    times["Einträge im Paket der Sozialregion"] = part.records
    timed("Paket der Sozialregion einlesen", lambda: region.exchange.import_package(folder / "3.sozdp", PASSWORD))
    with laptop.session_factory() as s:
        laptop.privacy.erase_persons(list(s.scalars(select(Person.id).limit(5))))
    timed(
        "Paket nach 5 Löschungen schreiben", lambda: laptop.exchange.export_package("GS", folder / "4.sozdp", PASSWORD)
    )
    timed("Paket nach 5 Löschungen einlesen", lambda: office.exchange.import_package(folder / "4.sozdp", PASSWORD))
    assert office.exchange.content() == laptop.exchange.content()
    for ctx in (laptop, office, region):
        ctx.close()
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    rounds = []
    for _ in range(args.rounds):
        with tempfile.TemporaryDirectory() as folder:
            rounds.append(one_round(Path(folder)))
    print(f"| Schritt | Median ({args.rounds} Läufe) |")
    print("|---|---:|")
    for name in rounds[0]:
        value = statistics.median(r[name] for r in rounds)
        text = f"{value:.0f}" if name.startswith("Einträge") else f"{value:.2f} s".replace(".", ",")
        print(f"| {name} | {text} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

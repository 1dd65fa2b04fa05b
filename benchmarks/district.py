"""The whole district as benchmark data: 100,000 persons and 20,000 organisations (from benchmarks.generate), plus
5,000 meetings with agendas, invitations, attendance and tasks, and ten years of indicators for all 38 Gemeinden.

Everything is drawn from random.Random(seed) and written with Core bulk inserts; the database is cached under
benchmarks/data/ (git-ignored) and reused while its manifest is there.

    .venv/bin/python -m benchmarks.district                    # 100,000 persons (about 40 s the first time)
    .venv/bin/python -m benchmarks.district --persons 2000     # smoke size
"""

from __future__ import annotations

import argparse
import json
import random
import time
import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from datetime import time as clock
from pathlib import Path

from sqlalchemy import func, insert, select

from benchmarks.generate import DATA_DIR, DEFAULT_SEED, GENERATED_AT, build_database, cached
from sozialkoordination.app import open_context
from sozialkoordination.core.enums import AreaLevel
from sozialkoordination.models import (
    AgendaItem,
    Attendance,
    Decision,
    Indicator,
    IndicatorValue,
    Invitation,
    Meeting,
    Person,
    Sozialraum,
    Task,
)

DISTRICT_VERSION = 2  # raise when the generated content changes (2: search texts of meetings and tasks)
DATABASE_FILE = "landkreis.sqlite"
MEETINGS = 5_000
BIG_MEETING_INVITEES = 200  # the meeting the benchmarks open: a Regionales Sozialforum of the whole district
YEARS = 10
MEETING_TYPES = ("Regionales Sozialforum", "Sozialraumkonferenz", "Arbeitskreis", "Netzwerktreffen")
TOPICS = (
    "Begrüßung und Protokoll",
    "Bericht aus den Sozialräumen",
    "Frühe Hilfen",
    "Sozialraumbudget",
    "Ehrenamt im Dorf",
    "Präventionskette",
    "Verschiedenes",
)
INDICATORS = (  # key, name, unit, kind
    ("bench_kinder_unter_6", "Kinder unter 6 Jahren (Benchmark)", "Personen", "count"),
    ("bench_ab_65", "Menschen ab 65 Jahren (Benchmark)", "Personen", "count"),
    ("bench_sgb2", "Personen in SGB-II-Bedarfsgemeinschaften (Benchmark)", "Personen", "count"),
    ("bench_alleinerziehend", "Alleinerziehende Haushalte (Benchmark)", "Haushalte", "count"),
    ("bench_hze", "Hilfen zur Erziehung (Benchmark)", "Fälle", "count"),
)


@dataclass(frozen=True)
class District:
    folder: Path
    manifest: dict

    @property
    def database(self) -> Path:
        return self.folder / DATABASE_FILE

    @property
    def big_meeting_id(self) -> int:
        return self.manifest["big_meeting_id"]


def ensure_district(persons: int, seed: int = DEFAULT_SEED, root: Path = DATA_DIR, force: bool = False) -> District:
    """The district data set for this size: reused if complete, else generated."""

    def build(folder: Path) -> dict:
        started = time.perf_counter()
        counts = build_database(folder / DATABASE_FILE, persons, seed)
        meetings = max(50, MEETINGS * persons // 100_000)
        counts |= _add_meetings_and_indicators(folder / DATABASE_FILE, seed, meetings)
        return {
            "version": DISTRICT_VERSION,
            "seed": seed,
            "counts": counts,
            "big_meeting_id": counts.pop("big_meeting_id"),
            "seconds": round(time.perf_counter() - started, 1),
            "bytes": (folder / DATABASE_FILE).stat().st_size,
        }

    folder = root / f"district-persons{persons}-seed{seed}-v{DISTRICT_VERSION}"
    return District(folder, cached(folder, build, force))


def _add_meetings_and_indicators(path: Path, seed: int, meetings: int) -> dict[str, int]:
    rng = random.Random(seed + 7)
    uuids = random.Random(seed + 8)

    def record(row_id: int) -> dict:
        return {
            "id": row_id,
            "uuid": str(uuid.UUID(int=uuids.getrandbits(128), version=4)),
            "created_at": GENERATED_AT,
            "updated_at": GENERATED_AT,
            "version": 1,
        }

    ctx = open_context(f"sqlite:///{path}")
    try:
        with ctx.session_factory() as s:
            person_count = s.scalar(select(func.count()).select_from(Person))
            raeume = [(r.id, r.sozialregion_id) for r in s.scalars(select(Sozialraum).order_by(Sozialraum.id))]
        rows: dict[type, list[dict]] = {t: [] for t in (Meeting, AgendaItem, Decision, Invitation, Attendance, Task)}
        first_day = date(GENERATED_AT.year - YEARS, 1, 1)
        span = (date(GENERATED_AT.year + 1, 6, 30) - first_day).days
        today = GENERATED_AT.date()
        big_meeting_id = 1
        for mid in range(1, meetings + 1):
            raum_id, region_id = rng.choice(raeume)
            kind = rng.choice(MEETING_TYPES)
            day = first_day + timedelta(days=rng.randrange(span))
            if mid == big_meeting_id:
                kind, day = "Regionales Sozialforum", today + timedelta(days=14)
            rows[Meeting].append(
                record(mid)
                | {
                    "meeting_type": kind,
                    "title": f"{kind} {day.year} Nr. {mid}",
                    "level": "sozialraum",
                    "sozialregion_id": region_id,
                    "sozialraum_id": raum_id,
                    "network_id": None,
                    "previous_meeting_id": None,
                    "meeting_date": day,
                    "start_time": clock(16, 0),
                    "end_time": clock(18, 0),
                    "venue": "Dorfgemeinschaftshaus",
                    "venue_address": None,
                    "chair_person_id": rng.randint(1, person_count),
                    "minute_taker_person_id": rng.randint(1, person_count),
                    "minutes_status": "genehmigt" if day < today else "Entwurf",
                    "notes": None,
                }
            )
            for position, topic in enumerate(rng.sample(TOPICS, 5)):
                item_id = len(rows[AgendaItem]) + 1
                rows[AgendaItem].append(
                    record(item_id)
                    | {
                        "meeting_id": mid,
                        "position": position,
                        "title": topic,
                        "presenter": None,
                        "duration_minutes": rng.choice((10, 15, 20, 30)),
                        "item_type": "Information",
                        "is_standing": position == 0,
                        "follow_up_meeting_id": None,
                        "minutes": "Die Teilnehmenden berichten und beraten das weitere Vorgehen."
                        if day < today
                        else None,
                    }
                )
                if day < today and rng.random() < 0.3:
                    rows[Decision].append(
                        record(len(rows[Decision]) + 1)
                        | {"agenda_item_id": item_id, "position": 0, "text": f"Das Gremium beschließt zu „{topic}“ …"}
                    )
            invitees = rng.sample(
                range(1, person_count + 1), BIG_MEETING_INVITEES if mid == big_meeting_id else rng.randint(8, 30)
            )
            for pid in invitees:
                status = rng.choice(("eingeladen", "zugesagt", "zugesagt", "abgesagt"))
                rows[Invitation].append(
                    record(len(rows[Invitation]) + 1)
                    | {
                        "meeting_id": mid,
                        "person_id": pid,
                        "status": status,
                        "represented_by": None,
                        "invited_at": datetime.combine(day - timedelta(days=21), clock(9)),
                        "replied_at": None,
                    }
                )
                if day < today and status != "abgesagt" and rng.random() < 0.8:
                    rows[Attendance].append(
                        record(len(rows[Attendance]) + 1)
                        | {"meeting_id": mid, "person_id": pid, "present": True, "excused": False, "walk_in": False}
                    )
            for _ in range(rng.randint(0, 4)):
                due = day + timedelta(days=rng.randint(14, 120))
                rows[Task].append(
                    record(len(rows[Task]) + 1)
                    | {
                        "meeting_id": mid,
                        "agenda_item_id": None,
                        "proposal_id": None,
                        "description": "Einladung an die Kitas weitergeben",
                        "assignee_person_id": rng.choice(invitees),
                        "assignee_organisation_id": None,
                        "sozialraum_id": raum_id,
                        "due_on": due,
                        "status": "erledigt" if due < today and rng.random() < 0.8 else "offen",
                        "done_on": due if due < today else None,
                    }
                )
        for searchable in (Meeting, Task):  # written with Core: the ORM's events do not compute their search texts
            for row in rows[searchable]:
                row["search_text"] = searchable.search_text_of(row)
        with ctx.engine.begin() as conn:
            for table, table_rows in rows.items():
                for start in range(0, len(table_rows), 10_000):
                    conn.execute(insert(table.__table__), table_rows[start : start + 10_000])
            values = _indicator_rows(conn, ctx.indicators.area_tree().areas(AreaLevel.GEMEINDE), rng, record)
        with ctx.engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        ctx.close()
    counts = {t.__tablename__: len(r) for t, r in rows.items()}
    return counts | {"indicator_value": values, "big_meeting_id": big_meeting_id}


def _indicator_rows(conn, gemeinden, rng: random.Random, record) -> int:
    first_id = (conn.scalar(select(func.max(Indicator.id))) or 0) + 1
    first_value = (conn.scalar(select(func.max(IndicatorValue.id))) or 0) + 1
    values = []
    for offset, (key, name, unit, kind) in enumerate(INDICATORS):
        indicator_id = first_id + offset
        conn.execute(
            insert(Indicator.__table__),
            [
                record(indicator_id)
                | {
                    "key": key,
                    "name": name,
                    "definition": "Benchmark-Datensatz (fiktiv).",
                    "unit": unit,
                    "source": "Benchmark (fiktiv)",
                    "direction": "neutral",
                    "kind": kind,
                    "rate_base": None,
                    "rate_base_label": None,
                    "numerator_indicator_id": None,
                    "denominator_indicator_id": None,
                    "age_from": None,
                    "age_to": None,
                    "counts_persons": True,
                }
            ],
        )
        for area in gemeinden:
            level = rng.randint(2, 900)
            for year in range(GENERATED_AT.year - YEARS, GENERATED_AT.year):
                level = max(0, level + rng.randint(-level // 10 - 1, level // 10 + 1))
                values.append(
                    record(first_value + len(values))
                    | {
                        "indicator_id": indicator_id,
                        "area_level": AreaLevel.GEMEINDE,
                        "area_key": area.key,
                        "reference_date": date(year, 12, 31),
                        "value": float(level),
                        "numerator": None,
                        "denominator": None,
                        "source": "Benchmark (fiktiv)",
                        "note": None,
                        "import_batch_id": None,
                    }
                )
    conn.execute(insert(IndicatorValue.__table__), values)
    return len(values)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.district", description=__doc__.splitlines()[0])
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--force", action="store_true", help="generate again even if cached")
    args = parser.parse_args(argv)
    district = ensure_district(args.persons, args.seed, force=args.force)
    print(json.dumps(district.manifest, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

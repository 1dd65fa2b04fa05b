"""Search everywhere on a real database: every kind, umlauts, parts of words, short words, the index in step."""

from datetime import date

import pytest

from sozialkoordination.db import search_index
from sozialkoordination.models import Meeting, Network, Offer, ParticipationActivity, Person, Task, Volunteer
from sozialkoordination.services.actors import AffiliationData, OrganisationData, PersonData
from sozialkoordination.services.normalize import fold


@pytest.fixture
def filled(context):
    a = context.actors
    fz = a.save_organisation(OrganisationData(name="Familienzentrum Regenbogen", org_type="Familienzentrum",
                                              city="Bovenden", email="info@regenbogen.example"))  # fmt: skip
    mueller = a.save_person(
        PersonData(
            first_name="Jürgen",
            last_name="Müller",
            email="j.mueller@regenbogen.example",
            notes="Ansprechpartner für Elterncafé",
            affiliations=[AffiliationData(fz)],
        )
    )
    with context.session_factory.begin() as s:
        s.add(Network(name="Netzwerk Frühe Hilfen Göttingen", network_type="Netzwerk", level="landkreis"))
        s.add(
            Meeting(
                meeting_type="Sozialraumkonferenz",
                title="Sozialraumkonferenz Bovenden",
                level="landkreis",
                meeting_date=date(2026, 3, 12),
                venue="Rathaus Bovenden",
            )
        )
        s.add(Task(description="Räume für das Elterncafé klären", status="offen", due_on=date(2026, 4, 1)))
        helper = Person(first_name="Gisela", last_name="Öztürk", sort_key="oeztuerk gisela", search_text="")
        s.add(helper)
        s.flush()
        s.add(Volunteer(person_id=helper.id, role="Lesepatin", ortschaft="Lenglern"))
        s.add(Offer(title="Lesepat*innen gesucht", place="Grundschule Lenglern"))
        s.add(ParticipationActivity(format="Zukunftswerkstatt", title="Dorfzukunft Lenglern", ortschaft="Lenglern"))
    return {"fz": fz, "mueller": mueller}  # fmt: skip


def found(context, query):
    return [(h.kind, h.title) for h in context.search.search(query)]


def test_every_kind_is_found_grouped_in_order(context, filled):
    assert found(context, "bovenden") == [
        ("organisation", "Familienzentrum Regenbogen"),
        ("meeting", "Sozialraumkonferenz Bovenden"),
    ]
    assert found(context, "elterncafe") == [("person", "Jürgen Müller"), ("task", "Räume für das Elterncafé klären")]
    assert found(context, "lenglern") == [
        ("volunteer", "Gisela Öztürk"),
        ("offer", "Lesepat*innen gesucht"),
        ("participation", "Dorfzukunft Lenglern"),
    ]
    assert found(context, "fruehe hilfen") == [("network", "Netzwerk Frühe Hilfen Göttingen")]


def test_umlauts_parts_of_words_and_short_words(context, filled):
    assert found(context, "Mueller") == found(context, "müller") == [("person", "Jürgen Müller")]
    assert found(context, "uelle") == [("person", "Jürgen Müller")]  # any part of a word
    assert found(context, "regenbogen.exam") == [
        ("organisation", "Familienzentrum Regenbogen"),
        ("person", "Jürgen Müller"),
    ]
    assert found(context, "mü") == [("person", "Jürgen Müller")]  # first letters: by the start of the name
    assert found(context, "jü mül") == [("person", "Jürgen Müller")]  # a short word next to a long one
    assert found(context, "müller xyz") == []  # every word must match
    assert found(context, "") == found(context, "m") == []


def test_the_index_follows_every_change(context, filled):
    context.actors.save_person(
        PersonData(**{**context.actors.get_person(filled["mueller"]).__dict__, "last_name": "Meyer-Müller"})
    )
    assert found(context, "meyer-m") == [("person", "Jürgen Meyer-Müller")]
    context.actors.delete_persons([filled["mueller"]])
    assert found(context, "meyer") == []


def index_is_consistent(context) -> bool:
    """SQLite: FTS5's own check that the index holds exactly the tables' current search texts. PostgreSQL keeps
    its trigram indexes itself: they must exist and be valid."""
    with context.engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            valid = conn.exec_driver_sql(
                "SELECT bool_and(indisvalid) FROM pg_index JOIN pg_class ON pg_class.oid = indexrelid "
                "WHERE relname IN ('ix_organisation_search_trgm', 'ix_person_search_trgm')"
            ).scalar()
            return bool(valid) and search_index.postgresql_has_index(conn)
        for fts in ("organisation_fts", "person_fts"):
            conn.exec_driver_sql(f"INSERT INTO {fts}({fts}, rank) VALUES ('integrity-check', 1)")
    return True


FOLD_SAMPLES = ["Müller", "MÜLLER", "Öztürk", "Straße", "GROẞ", "Éléonore", "Çelik", "Ångström", "Dvořák",
                "São Paulo", "Jürgen-Ölmann", "", "plain ascii 123"]  # fmt: skip


def test_sql_fold_is_the_python_fold(context):
    """The small tables are searched with fold() in SQL: it must fold exactly like the search texts."""
    from sqlalchemy import func, literal, select

    with context.session_factory() as s:
        if s.get_bind().dialect.name == "sqlite":
            s.connection().connection.driver_connection.create_function("fold", 1, fold, deterministic=True)
        folded = [s.scalar(select(func.fold(literal(text)))) for text in FOLD_SAMPLES]
    assert folded == [fold(text) for text in FOLD_SAMPLES]


@pytest.mark.postgresql_only
def test_postgresql_searches_through_the_trigram_index(context):
    from sqlalchemy import select

    from sozialkoordination.models import Organisation

    with context.engine.begin() as conn:
        conn.exec_driver_sql("SET LOCAL enable_seqscan = off")  # a tiny table would otherwise be scanned
        query = select(Organisation.id).where(Organisation.search_text.contains("regenbogen", autoescape=True))
        compiled = query.compile(conn, compile_kwargs={"literal_binds": True})
        plan = "\n".join(row[0] for row in conn.exec_driver_sql(f"EXPLAIN {compiled}"))
    assert "ix_organisation_search_trgm" in plan

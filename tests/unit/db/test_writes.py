"""db/writes.py, the one write path without the ORM: whatever writes through it – the partner-list import, the
Datenpaket merger, deleting a Träger or an organisation – leaves audit entries (also for what the database deletes
or clears along) and right derived fields (uuid, version, sort_key, search_text). On real SQLite files."""

from __future__ import annotations

import pytest

from sozialkoordination.actor_import.service import MERGE, Decision
from sozialkoordination.actors.service import PERSONS, ActorFilter, AffiliationData, OrganisationData, PersonData
from sozialkoordination.app import open_context
from sozialkoordination.db import writes
from sozialkoordination.models import Network, Person
from tests.dbutil import query
from tests.unit.actor_import.test_actor_import import prepare, write_partner_list

pytestmark = pytest.mark.sqlite_only(reason="the write path on a real SQLite file, full-text index included")


def audit(context, entity: str, entity_id: int) -> list[tuple]:
    return query(
        context.engine,
        "SELECT action, field, old_value, new_value, entity_uuid FROM audit_entry "
        "WHERE entity = :entity AND entity_id = :id ORDER BY id",
        entity=entity,
        id=entity_id,
    )


def row(context, table: str, record_id: int, columns: str) -> tuple:
    return query(context.engine, f"SELECT {columns} FROM {table} WHERE id = :id", id=record_id)[0]


def raum(context, name: str) -> int:
    return context.areas.find_sozialraum(name).id


def test_bulk_import_logs_the_batch_audits_merged_fields_and_writes_the_derived_fields(context, tmp_path):
    existing = context.actors.save_organisation(OrganisationData(name="Jugendpflege Adelebsen"))
    rows = [
        ["Jugendpflege Adelebsen", None, None, "Markt 2", "37139 Adelebsen", None, None, None],
        ["Kita Pusteblume", None, "Frau Kim Meyer", "Schulweg 1a", "37124 Rosdorf", None, None, None],
    ]
    plan = prepare(context, write_partner_list(tmp_path / "liste.xlsx", rows))
    result = context.actor_import.run(plan, default=Decision(MERGE), user_name="Anna Koordinatorin")

    batch = query(
        context.engine,
        "SELECT new_value, user_name FROM audit_entry WHERE entity = 'import_batch' AND new_value LIKE 'Import %'",
    )
    assert batch == [
        (f"Import {result.batch_id}: liste.xlsx – 1 Organisationen und 1 Personen angelegt", "Anna Koordinatorin")
    ]
    # the merged organisation: each field the import filled, with the value before and after
    changes = {
        (field, old, new)
        for action, field, old, new, _uuid in audit(context, "organisation", existing)
        if action == "update" and field
    }
    assert {("street", None, "Markt"), ("house_number", None, "2"), ("city", None, "Adelebsen")} <= changes
    version, search_text = row(context, "organisation", existing, "version, search_text")
    assert version == 2 and "markt" in search_text and "adelebsen" in search_text
    # the new person: uuid, version and the derived fields, the organisation's name in the search text
    (person_id,) = query(context.engine, "SELECT id FROM person WHERE last_name = 'Meyer'")[0]
    uuid, version, key, text = row(context, "person", person_id, "uuid, version, sort_key, search_text")
    assert len(uuid) == 36 and version == 1 and key == "meyer kim"
    assert text == "kim meyer kita pusteblume"  # her organisation, linked in the same import
    # the full-text index holds the new and the merged texts (its triggers were suspended during the import)
    assert context.actors.count(ActorFilter(kind=PERSONS, text="pusteblume")) == 1
    assert context.actors.count(ActorFilter(text="jugendpflege adelebsen")) == 1

    # undo: one summary entry for the records it removes, the merged fields restored field by field
    context.actor_import.undo(result.batch_id)
    undone = query(
        context.engine,
        "SELECT action, new_value FROM audit_entry WHERE entity = 'import_batch' "
        "AND new_value LIKE 'Import % rückgängig gemacht'",
    )
    assert undone == [("delete", f"Import {result.batch_id} rückgängig gemacht")]
    assert ("update", "street", "Markt", None) in [e[:4] for e in audit(context, "organisation", existing)]
    assert row(context, "organisation", existing, "street, version") == (None, 3)
    assert query(context.engine, "SELECT count(*) FROM person WHERE last_name = 'Meyer'") == [(0,)]


def test_datenpaket_merger_audits_each_record_and_field_and_keeps_the_search_texts(tmp_path):
    laptop = open_context(f"sqlite:///{tmp_path / 'laptop.sqlite'}")
    office = open_context(f"sqlite:///{tmp_path / 'office.sqlite'}")
    try:
        laptop.profile.save("Anna Beispiel", laptop.areas.find_region("SR-B").id)
        office.profile.save("Geschäftsstelle", None)
        tafel = laptop.actors.save_organisation(
            OrganisationData(name="Tafel Bovenden", sozialraum_id=raum(laptop, "Bovenden"), themes=["Armut"])
        )
        laptop.actors.save_person(
            PersonData(last_name="Schulz", first_name="Erika", affiliations=[AffiliationData(organisation_id=tafel)])
        )
        path = tmp_path / "paket1.sozdp"
        laptop.exchange.export_package("Geschäftsstelle", path, "Paket-Kennwort 2026")
        office.exchange.import_package(path, "Paket-Kennwort 2026")

        (org_id, org_uuid) = query(office.engine, "SELECT id, uuid FROM organisation WHERE name = 'Tafel Bovenden'")[0]
        (person_id, person_uuid) = query(office.engine, "SELECT id, uuid FROM person WHERE last_name = 'Schulz'")[0]
        assert [(a, u) for a, _f, _o, _n, u in audit(office, "organisation", org_id)] == [("insert", org_uuid)]
        assert [(a, u) for a, _f, _o, _n, u in audit(office, "person", person_id)] == [("insert", person_uuid)]
        key, text = row(office, "person", person_id, "sort_key, search_text")
        assert key == "schulz erika" and "tafel bovenden" in text
        assert "armut" in row(office, "organisation", org_id, "search_text")[0]  # its theme, a link table

        renamed = laptop.actors.get_organisation(tafel)
        laptop.actors.save_organisation(OrganisationData(**{**vars(renamed), "name": "Tafel Bovenden-Nord"}))
        path = tmp_path / "paket2.sozdp"
        laptop.exchange.export_package("Geschäftsstelle", path, "Paket-Kennwort 2026")
        office.exchange.import_package(path, "Paket-Kennwort 2026")

        updates = [(f, o, n) for a, f, o, n, _u in audit(office, "organisation", org_id) if a == "update"]
        assert ("name", "Tafel Bovenden", "Tafel Bovenden-Nord") in updates
        version, org_text = row(office, "organisation", org_id, "version, search_text")
        assert version == 2 and "tafel bovenden-nord" in org_text and "armut" in org_text
        assert "tafel bovenden-nord" in row(office, "person", person_id, "search_text")[0]  # through the link
        assert office.actors.count(ActorFilter(kind=PERSONS, text="bovenden-nord")) == 1
    finally:
        laptop.close()
        office.close()


def test_deleting_a_traeger_audits_its_organisations_losing_it(context):
    traeger = context.actors.save_organisation(OrganisationData(name="AWO Kreisverband Göttingen"))
    kita = context.actors.save_organisation(OrganisationData(name="Kita Sonnenschein", parent_id=traeger))
    version_before = row(context, "organisation", kita, "version")[0]

    assert context.actors.delete_organisations([traeger]) == 1

    kita_uuid = row(context, "organisation", kita, "uuid")[0]
    assert ("update", "parent_id", str(traeger), None, kita_uuid) in audit(context, "organisation", kita)
    assert row(context, "organisation", kita, "parent_id, version") == (None, version_before + 1)
    assert audit(context, "organisation", traeger)[-1][0] == "delete"


def test_deleting_an_organisation_audits_the_affiliations_the_database_removes(context):
    tafel = context.actors.save_organisation(OrganisationData(name="Tafel Rosdorf"))
    person_id = context.actors.save_person(
        PersonData(last_name="Meyer", first_name="Kim", affiliations=[AffiliationData(organisation_id=tafel)])
    )
    (affiliation_id, affiliation_uuid) = query(
        context.engine, "SELECT id, uuid FROM affiliation WHERE person_id = :p", p=person_id
    )[0]
    assert "tafel rosdorf" in row(context, "person", person_id, "search_text")[0]

    context.actors.delete_organisations([tafel])

    assert query(context.engine, "SELECT count(*) FROM affiliation")[0] == (0,)
    assert audit(context, "affiliation", affiliation_id)[-1] == ("delete", None, None, None, affiliation_uuid)
    assert "tafel" not in row(context, "person", person_id, "search_text")[0]


def test_writes_itself_fills_audits_and_follows_cascades(context):
    """The functions as the features use them: a searchable record inserted, changed and deleted in bulk; a person
    deleted in bulk takes consents and affiliations along, and the network they organised loses its organiser."""
    org = context.actors.save_organisation(OrganisationData(name="Familienbüro"))
    person_id = context.actors.save_person(
        PersonData(last_name="Schulz", first_name="Erika", affiliations=[AffiliationData(organisation_id=org)])
    )
    (affiliation_id,) = query(context.engine, "SELECT id FROM affiliation WHERE person_id = :p", p=person_id)[0]
    with context.session_factory.begin() as s:
        s.info["user_name"] = "Test"
        network = {"name": "AK Frühe Hilfen", "level": "sozialregion", "organiser_person_id": person_id}
        (network_id,) = writes.insert(s, Network.__table__, [network])
    uuid, version, text = row(context, "network", network_id, "uuid, version, search_text")
    assert len(uuid) == 36 and version == 1 and text == "ak fruehe hilfen"
    assert audit(context, "network", network_id) == [("insert", None, None, None, uuid)]
    assert query(context.engine, "SELECT user_name FROM audit_entry WHERE entity = 'network'") == [("Test",)]

    with context.session_factory.begin() as s:
        table = Network.__table__
        writes.update_where(s, table, table.c.id == network_id, {"description": "Präventionskette"})
    assert row(context, "network", network_id, "version, search_text") == (2, "ak fruehe hilfen praeventionskette")
    assert audit(context, "network", network_id)[-1] == ("update", "description", None, "Präventionskette", uuid)

    with context.session_factory.begin() as s:
        assert writes.delete(s, Person.__table__, Person.__table__.c.id == person_id) == 1
    assert audit(context, "person", person_id)[-1][0] == "delete"
    assert audit(context, "affiliation", affiliation_id)[-1][0] == "delete"
    cleared = ("update", "organiser_person_id", str(person_id), None, uuid)
    assert cleared in audit(context, "network", network_id)
    assert row(context, "network", network_id, "organiser_person_id")[0] is None

"""Issue 18.7: the import merges only what is certainly the same facility, counts and journals every merge, and its
undo asks about records changed since and reports what it restored."""

import csv
from dataclasses import replace

import openpyxl
import pytest

from sozialkoordination.__main__ import main
from sozialkoordination.actor_import.service import CREATE, MERGE, ORG, UNDO_ALL, UNDO_KEEP_CHANGED, Decision
from sozialkoordination.actors.service import ActorFilter, OrganisationData
from sozialkoordination.import_journal.service import ChangedSinceImport

HEADER = ["Einrichtung", "Straße", "PLZ", "Ort", "Telefon"]
MARIEN = "Kath. Kindergarten St. Marien"
BILSHAUSEN = [MARIEN, "Kirchstraße 5", "37434", "Bilshausen", "05528 1234"]
RHUMSPRINGE = [MARIEN, "Mühlenweg 2", "37434", "Rhumspringe", "05529 5678"]


def write_xlsx(path, rows, header=HEADER):
    wb = openpyxl.Workbook()
    wb.active.append(header)
    for row in rows:
        wb.active.append(row)
    wb.save(path)
    return path


def write_csv(path, rows, header=HEADER):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)
    return path


def prepare(context, path):
    service = context.actor_import
    data = service.read(path)
    header = service.detect_header(data)
    return service.prepare(path, data, header, service.suggest_mapping(data.rows[header]))


def organisations(context, text=""):
    rows = context.actors.rows(ActorFilter(text=text))
    return sorted((o.name, o.city, o.phone) for o in (context.actors.get_organisation(r.id) for r in rows))


def test_one_name_in_two_villages_with_one_postcode_stays_two_kindergartens(context, tmp_path):
    plan = prepare(context, write_xlsx(tmp_path / "kitas.xlsx", [BILSHAUSEN, RHUMSPRINGE]))
    assert len(plan.duplicates) == 1  # one pair, shown on the duplicates page
    pair = plan.duplicates[0]
    assert (pair.kind, pair.row, pair.earlier_row, pair.possible) == (ORG, 1, 0, True)
    assert "andere Straße" in pair.reason and "anderer Ort" in pair.reason
    differing = {f.key: (f.existing, f.new) for f in pair.fields if f.conflict}
    assert differing["city"] == ("Bilshausen", "Rhumspringe") and differing["street"] == (
        "Kirchstraße 5",
        "Mühlenweg 2",
    )

    result = context.actor_import.run(plan, default=Decision(MERGE))  # "merge" for certain duplicates only
    assert organisations(context) == [
        (MARIEN, "Bilshausen", "05528 1234"),
        (MARIEN, "Rhumspringe", "05529 5678"),
    ]
    assert (result.created_organisations, result.merged) == (2, 0)


def test_the_user_may_merge_a_possible_pair(context, tmp_path):
    plan = prepare(context, write_csv(tmp_path / "kitas.csv", [BILSHAUSEN, RHUMSPRINGE]))
    decisions = {plan.duplicates[0].key: Decision(MERGE)}
    assert plan.expected_merges(decisions, Decision(MERGE)) == (0, 1)  # what the preview says
    result = context.actor_import.run(plan, decisions)
    assert organisations(context) == [(MARIEN, "Bilshausen", "05528 1234")]
    assert (result.merged, result.merged_in_file) == (0, 1)
    assert "1 Zeile mit gleichen Einträgen der Datei zusammengeführt" in result.summary()


def test_a_possible_duplicate_in_the_database_is_kept_apart_unless_chosen(context, tmp_path):
    bilshausen = context.actors.save_organisation(
        OrganisationData(name=MARIEN, street="Kirchstraße", house_number="5", postcode="37434", city="Bilshausen")
    )
    plan = prepare(context, write_xlsx(tmp_path / "kitas.xlsx", [RHUMSPRINGE, BILSHAUSEN]))
    found = {d.row: d for d in plan.duplicates}
    assert found[0].existing_id == bilshausen and found[0].possible  # Rhumspringe: same name and postcode only
    assert found[1].existing_id == bilshausen and not found[1].possible  # Bilshausen: the same facility
    assert plan.expected_merges({}, Decision(MERGE)) == (1, 0)
    result = context.actor_import.run(plan, default=Decision(MERGE))
    assert organisations(context) == [
        (MARIEN, "Bilshausen", "05528 1234"),  # the empty phone filled in by the certain match
        (MARIEN, "Rhumspringe", "05529 5678"),
    ]
    assert (result.created_organisations, result.merged, result.merged_in_file) == (1, 1, 0)
    assert "1 Zeile mit vorhandenen Einträgen zusammengeführt" in result.summary()


def test_identical_rows_are_one_organisation_and_the_merge_is_counted_and_journaled(context, tmp_path):
    same = [MARIEN, "Kirchstr. 5", "37434", "Bilshausen", None]  # "Kirchstr." is "Kirchstraße"
    plan = prepare(context, write_xlsx(tmp_path / "doppelt.xlsx", [BILSHAUSEN, same]))
    assert plan.duplicates == []  # certain: nothing to ask
    assert plan.expected_merges({}, Decision(MERGE)) == (0, 1)
    result = context.actor_import.run(plan)
    assert organisations(context) == [(MARIEN, "Bilshausen", "05528 1234")]
    assert (result.created_organisations, result.merged, result.merged_in_file) == (1, 0, 1)
    merges = context.actor_import.merges(result.batch_id)
    assert [(m.lines, m.label, m.in_file) for m in merges] == [([3], MARIEN, True)]
    assert context.actor_import.history()[0].merged == 1


def test_undo_asks_about_records_changed_since_and_restores_every_merged_record(context, tmp_path):
    names = [f"Kita {n}" for n in ("Ahorn", "Birke", "Eiche", "Linde", "Ulme")]
    existing = {
        name: context.actors.save_organisation(OrganisationData(name=name, postcode="37120", city="Bovenden"))
        for name in names
    }
    context.actors.save_organisation(
        replace(context.actors.get_organisation(existing["Kita Ulme"]), phone="0551 11111")
    )  # the file brings nothing new for this one: merged, but unchanged by the import
    rows = [[name, None, "37120", "Bovenden", "0551 11111" if name == "Kita Ulme" else "0551 2"] for name in names]
    rows.append(["Kita Neu", "Markt 1", "37120", "Bovenden", "0551 3"])
    result = context.actor_import.run(
        prepare(context, write_xlsx(tmp_path / "kitas.xlsx", rows)), default=Decision(MERGE)
    )
    assert (result.created_organisations, result.merged) == (1, 5)
    assert "5 Zeilen mit vorhandenen Einträgen zusammengeführt" in result.summary()
    new_id = next(r.id for r in context.actors.rows(ActorFilter(text="Kita Neu")))
    context.actors.save_organisation(replace(context.actors.get_organisation(new_id), notes="nach dem Import"))
    birke = context.actors.get_organisation(existing["Kita Birke"])
    context.actors.save_organisation(replace(birke, email="birke@example.org"))

    changed = context.actor_import.changed_since(result.batch_id)
    assert sorted(c.label for c in changed) == ["Kita Birke", "Kita Neu"]
    with pytest.raises(ChangedSinceImport, match="2 Einträge wurden nach dem Import geändert"):
        context.actor_import.undo(result.batch_id)
    assert context.actors.get_organisation(new_id).notes == "nach dem Import"  # nothing done yet

    message = context.actor_import.undo(result.batch_id, UNDO_ALL)
    assert "1 Akteure entfernt" in message and "5 zusammengeführte Einträge wiederhergestellt" in message
    assert [context.actors.get_organisation(existing[n]).phone for n in names] == [None] * 4 + ["0551 11111"]
    assert context.actors.get_organisation(existing["Kita Birke"]).email == "birke@example.org"  # not the import's
    assert context.actors.count(ActorFilter(text="Kita Neu")) == 0


def test_undo_may_keep_what_was_changed_since(context, tmp_path):
    existing = context.actors.save_organisation(OrganisationData(name="Kita Ahorn", postcode="37120"))
    rows = [["Kita Ahorn", None, "37120", "Bovenden", "0551 2"], ["Kita Neu", None, "37120", "Bovenden", "0551 3"]]
    rows.append(["Kita Alt", None, "37120", "Bovenden", None])
    result = context.actor_import.run(
        prepare(context, write_xlsx(tmp_path / "kitas.xlsx", rows)), default=Decision(MERGE)
    )
    ahorn = context.actors.get_organisation(existing)
    context.actors.save_organisation(replace(ahorn, notes="geprüft"))
    new_id = next(r.id for r in context.actors.rows(ActorFilter(text="Kita Neu")))
    context.actors.save_organisation(replace(context.actors.get_organisation(new_id), notes="geprüft"))

    message = context.actor_import.undo(result.batch_id, UNDO_KEEP_CHANGED)
    assert "1 Akteure entfernt" in message and "2 geänderte Einträge behalten" in message
    assert organisations(context) == [("Kita Ahorn", "Bovenden", "0551 2"), ("Kita Neu", "Bovenden", "0551 3")]


def test_cli_keeps_possible_duplicates_apart_and_lists_them(db_url, tmp_path, capsys):
    path = write_xlsx(tmp_path / "kitas.xlsx", [BILSHAUSEN, RHUMSPRINGE, BILSHAUSEN])
    assert main(["--db", db_url, "import", "actors", str(path)]) == 0
    out = capsys.readouterr().out
    assert "2 neu angelegt (2 Organisationen, 0 Personen), 0 Zeilen mit vorhandenen Einträgen zusammengeführt" in out
    assert "1 Zeile mit gleichen Einträgen der Datei zusammengeführt" in out
    assert "Mögliche Dubletten, beide angelegt" in out and f"Zeile 3 „{MARIEN}“ und Zeile 2" in out


def test_a_create_decision_makes_one_organisation_for_all_its_rows(context, tmp_path):
    """ "Trotzdem neu anlegen" for an organisation that exists: one new organisation, not one per contact row."""
    context.actors.save_organisation(OrganisationData(name="Kita Ahorn", postcode="37120"))
    header = ["Einrichtung", "PLZ", "Vorname", "Nachname"]
    rows = [["Kita Ahorn", "37120", "Anna", "Alt"], ["Kita Ahorn", "37120", "Berta", "Bunt"]]
    plan = prepare(context, write_xlsx(tmp_path / "kontakte.xlsx", rows, header))
    result = context.actor_import.run(plan, default=Decision(CREATE))
    assert (result.created_organisations, result.created_persons) == (1, 2)


def test_cli_undo_names_later_edits_and_needs_a_choice(db_url, tmp_path, capsys):
    path = write_xlsx(tmp_path / "kitas.xlsx", [BILSHAUSEN])
    assert main(["--db", db_url, "import", "actors", str(path)]) == 0
    capsys.readouterr()
    from sozialkoordination.app import open_context

    context = open_context(db_url)
    try:
        org = context.actors.get_organisation(context.actors.rows(ActorFilter())[0].id)
        context.actors.save_organisation(replace(org, notes="nach dem Import"))
    finally:
        context.close()
    assert main(["--db", db_url, "import", "undo", "1"]) == 1
    error = capsys.readouterr().err
    assert f"1 Eintrag wurde nach dem Import geändert: {MARIEN} (Organisation)" in error and "--trotzdem" in error
    assert main(["--db", db_url, "import", "undo", "1", "--nur-unveraenderte"]) == 0
    assert "0 Akteure entfernt, 0 zusammengeführte Einträge wiederhergestellt, 1 geänderte" in capsys.readouterr().out

"""The actor import pipeline on real files and a real database: cleaning, duplicates, all-or-nothing, undo."""

import openpyxl
import pytest
from sqlalchemy import create_engine

from sozialkoordination.__main__ import main
from sozialkoordination.actor_import.service import CREATE, MERGE, NO_HEADER, ORG, PERSON, SKIP, Decision
from sozialkoordination.actors.service import PERSONS, ActorFilter, OrganisationData, PersonData
from sozialkoordination.core.errors import NotFoundError, ValidationError
from sozialkoordination.core.progress import Cancelled
from sozialkoordination.import_journal.service import ImportFailed
from tests.dbutil import dump as dump_database
from tests.dbutil import query
from tests.unit.actor_import import partner_lists

HEADER = [
    "Einrichtung",
    "Träger",
    "Ansprechpartner/in",
    "Str./Hausnr.",
    "PLZ Ort",
    "Tel.",
    "E-Mail-Adresse",
    "Sozialraum",
]
ROWS = [
    [
        "Familienzentrum Regenbogen e.V.",
        "AWO Kreisverband Göttingen e. V.",
        "Herr Dr. Max Müller",
        "Am Anger 3",
        "37120 Bovenden",
        5519901,
        "m.mueller@fz.example; info@fz.example",
        None,
    ],
    [
        "Familienzentrum Regenbogen e.V.",
        "AWO Kreisverband Göttingen e. V.",
        "Frau Anna Schulz",
        "Am Anger 3",
        "37120 Bovenden",
        "0551 99012",
        "a.schulz@fz.example",
        None,
    ],
    ["Kita Pusteblume", None, "Kim Meyer", "Schulweg 1a", "37124 Rosdorf", None, "kein-mail", "Rosdorf"],
    [None, None, None, "Irgendwo 1", "37120 Bovenden", None, None, None],
    ["  Jugendpflege   Adelebsen ", None, None, "Markt 2", 37139, "05506 1234", "jp@adelebsen.example", None],
]


def write_partner_list(path, rows=ROWS, title="Adressliste Familienzentren, Stand 03/2026"):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Liste"
    ws.append([title])
    ws.append([])
    ws.append(HEADER)
    for row in rows:
        ws.append(row)
    ws.append([])
    ws.append(["Stand: März 2026"])
    wb.save(path)
    return path


@pytest.fixture
def partner_file(tmp_path):
    return write_partner_list(tmp_path / "partner.xlsx")


def prepare(context, path, source="Familienzentren Bovenden", **kwargs):
    service = context.actor_import
    data = service.read(path)
    header = service.detect_header(data)
    mapping = service.suggest_mapping(data.rows[header], source)
    return service.prepare(path, data, header, mapping, source=source, **kwargs)


def dump(context) -> list[tuple]:
    """The whole database content, for before/after comparisons."""
    return dump_database(context.engine)


def test_rows_are_cleaned(context, partner_file):
    plan = prepare(context, partner_file)
    assert plan.file_name == "partner.xlsx" and len(plan.checksum) == 64
    first = plan.rows[0]
    assert first.line == 4  # row number as Excel shows it
    assert (first.person.salutation, first.person.title, first.person.first_name, first.person.last_name) == (
        "Herr",
        "Dr.",
        "Max",
        "Müller",
    )
    assert first.person.phone == "0551 9901"  # lost leading zero restored, grouped as DIN 5008
    assert first.person.email == "m.mueller@fz.example"
    assert "info@fz.example" in first.person.notes  # nothing is lost
    org = first.organisation
    assert (org.name, org.street, org.house_number, org.postcode, org.city) == (
        "Familienzentrum Regenbogen e.V.",
        "Am Anger",
        "3",
        "37120",
        "Bovenden",
    )
    assert org.sozialraum_id == context.areas.find_sozialraum("Bovenden").id
    assert org.traeger == "AWO Kreisverband Göttingen e. V."
    kita = plan.rows[2]
    assert kita.organisation.sozialraum_id == context.areas.find_sozialraum("Rosdorf").id
    assert any("kein-mail" in w for w in kita.warnings)
    assert kita.person.email is None and "kein-mail" in kita.person.notes
    jugend = plan.rows[4]
    assert jugend.organisation.name == "Jugendpflege Adelebsen" and jugend.organisation.postcode == "37139"
    assert jugend.organisation.email == "jp@adelebsen.example"  # no person in the row: contact belongs to the org
    assert [r.line for r in plan.rejected_rows] == [7]
    assert "Weder eine Einrichtung noch ein Nachname" in plan.rejected_rows[0].errors[0]
    assert [r.ignored for r in plan.ignored_rows] == ["Hinweis- oder Summenzeile"]


def test_import_creates_organisations_persons_affiliations_and_traeger(context, partner_file):
    plan = prepare(context, partner_file)
    result = context.actor_import.run(plan, user_name="Anna Koordinatorin")
    assert (result.created_organisations, result.created_persons, result.rejected) == (4, 3, 1)  # incl. Träger
    names = [r.values[0] for r in context.actors.rows(ActorFilter())]
    assert names == [
        "AWO Kreisverband Göttingen e. V.",
        "Familienzentrum Regenbogen e.V.",
        "Jugendpflege Adelebsen",
        "Kita Pusteblume",
    ]
    fz_id = next(r.id for r in context.actors.rows(ActorFilter(text="regenbogen")))
    fz = context.actors.get_organisation(fz_id)
    assert context.actors.get_organisation(fz.parent_id).name == "AWO Kreisverband Göttingen e. V."
    persons = context.actors.rows(ActorFilter(kind=PERSONS, text="regenbogen"))
    assert sorted(r.values[0] for r in persons) == ["Müller", "Schulz"]  # both work for the one organisation
    assert context.actors.count(ActorFilter(kind=PERSONS, text="mueller")) == 1  # search text is filled
    batch = context.actor_import.history()[0]
    assert (batch.id, batch.file_name, batch.source, batch.user_name, batch.created, batch.rejected) == (
        result.batch_id,
        "partner.xlsx",
        "Familienzentren Bovenden",
        "Anna Koordinatorin",
        7,
        1,
    )


def test_duplicates_against_the_database(context, partner_file):
    bovenden = context.areas.find_sozialraum("Bovenden").id
    org_id = context.actors.save_organisation(
        OrganisationData(
            name="Familienzentrum Regenbogen", postcode="37120", city="Bovenden", sozialraum_id=bovenden, phone="0551 1"
        )
    )
    schulz = context.actors.save_person(PersonData(first_name="Anna", last_name="Schulz", email="a.schulz@fz.example"))
    plan = prepare(context, partner_file)
    found = {(d.row, d.kind): d for d in plan.duplicates}
    org_dup = found[(0, ORG)]
    assert org_dup.existing_id == org_id and "gleicher Name" in org_dup.reason
    assert {f.key: (f.existing, f.new) for f in org_dup.fields}["street"] == (None, "Am Anger")
    person_dup = found[(1, PERSON)]
    assert person_dup.existing_id == schulz and person_dup.reason == "gleiche E-Mail-Adresse"


def test_small_typos_and_legal_forms_are_recognised(context, tmp_path):
    context.actors.save_organisation(OrganisationData(name="Familienzentrum Regenbogen gGmbH", postcode="37120"))
    rows = [["Familienzentrm Regenbogen", None, None, None, "37120 Bovenden", None, None, None]]
    plan = prepare(context, write_partner_list(tmp_path / "tippfehler.xlsx", rows))
    assert [d.kind for d in plan.duplicates] == [ORG]
    assert "ähnlicher Name" in plan.duplicates[0].reason


def test_merge_fills_empty_fields_and_asks_before_overwriting(context, partner_file):
    bovenden = context.areas.find_sozialraum("Bovenden").id
    org_id = context.actors.save_organisation(
        OrganisationData(
            name="Familienzentrum Regenbogen",
            postcode="37120",
            city="Bovenden",
            sozialraum_id=bovenden,
            street="Alter Weg",
        )
    )
    plan = prepare(context, partner_file)
    org_dup = next(d for d in plan.duplicates if d.kind == ORG)
    assert org_dup.possible  # another street: perhaps a second facility of the same name, merged only if chosen
    result = context.actor_import.run(plan, {org_dup.key: Decision(MERGE)}, default=Decision(MERGE))
    merged = context.actors.get_organisation(org_id)
    assert merged.street == "Alter Weg"  # a differing value is not overwritten unless chosen
    assert merged.house_number == "3"  # an empty field is filled
    assert result.merged == 2 and result.created_organisations == 3  # both rows of the Familienzentrum
    persons = context.actors.rows(ActorFilter(kind=PERSONS, text="regenbogen"))
    assert sorted(r.values[0] for r in persons) == ["Müller", "Schulz"]  # linked to the existing organisation

    context.actor_import.undo(result.batch_id)
    plan = prepare(context, partner_file)
    org_dup = next(d for d in plan.duplicates if d.kind == ORG)
    assert any(f.key == "street" and f.conflict for f in org_dup.fields)
    context.actor_import.run(plan, {org_dup.key: Decision(MERGE, frozenset({"street"}))}, default=Decision(SKIP))
    assert context.actors.get_organisation(org_id).street == "Am Anger"


def test_skip_and_create_anyway(context, partner_file):
    context.actors.save_organisation(OrganisationData(name="Kita Pusteblume", postcode="37124", city="Rosdorf"))
    plan = prepare(context, partner_file)
    kita = next(d for d in plan.duplicates if d.kind == ORG)
    context.actor_import.run(plan, {kita.key: Decision(CREATE)}, default=Decision(SKIP))
    assert context.actors.count(ActorFilter(text="pusteblume")) == 2
    plan = prepare(context, partner_file)
    result = context.actor_import.run(plan, default=Decision(SKIP))
    assert result.created_organisations == 0 and result.skipped >= 4
    assert context.actors.count(ActorFilter(text="pusteblume")) == 2


def test_the_same_person_twice_in_one_file(context, tmp_path):
    rows = [
        ["Kita Sonne", None, "Kim Meyer", None, "37124 Rosdorf", None, "kim@sonne.example", None],
        ["Kita Sonne", None, "Kim Meyer", None, "37124 Rosdorf", "0551 777", None, None],
    ]
    plan = prepare(context, write_partner_list(tmp_path / "doppelt.xlsx", rows))
    dup = plan.duplicates[0]
    assert (dup.kind, dup.earlier_row) == (PERSON, 0) and "Zeile 4" in dup.reason
    result = context.actor_import.run(plan, default=Decision(MERGE))
    assert (result.created_persons, result.merged, result.merged_in_file) == (1, 0, 1)
    person = context.actors.get_person(context.actors.rows(ActorFilter(kind=PERSONS))[0].id)
    assert (person.email, person.phone) == ("kim@sonne.example", "0551 777")


def test_undo_restores_everything(context, partner_file):
    org_id = context.actors.save_organisation(OrganisationData(name="Familienzentrum Regenbogen", postcode="37120"))
    before = context.actors.get_organisation(org_id)
    plan = prepare(context, partner_file)
    result = context.actor_import.run(plan, default=Decision(MERGE))
    assert context.actors.get_organisation(org_id).street == "Am Anger"
    message = context.actor_import.undo(result.batch_id)
    assert message.startswith(f"Import {result.batch_id} rückgängig gemacht")
    after = context.actors.get_organisation(org_id)
    assert (after.street, after.house_number, after.city) == (before.street, before.house_number, before.city)
    assert context.actors.count(ActorFilter()) == 1
    assert context.actors.count(ActorFilter(kind=PERSONS)) == 0
    assert context.actor_import.history()[0].undone_at is not None
    with pytest.raises(ImportFailed, match="bereits"):
        context.actor_import.undo(result.batch_id)
    with pytest.raises(NotFoundError):
        context.actor_import.undo(999)


def test_the_undo_journal_keeps_runs_of_ids_and_the_search_texts_are_written_with_the_rows(context, tmp_path):
    rows = [
        [f"Einrichtung {i}", None, f"Frau Erika Muster{i}", "Markt 1", "37120 Bovenden", None, None, None]
        for i in range(30)
    ]
    plan = prepare(context, write_partner_list(tmp_path / "viele.xlsx", rows))
    result = context.actor_import.run(plan)
    journal = query(
        context.engine,
        "SELECT entity, last_entity_id - entity_id + 1 FROM import_change WHERE batch_id = :batch ORDER BY entity",
        batch=result.batch_id,
    )
    texts = query(context.engine, "SELECT sort_key, search_text FROM person WHERE last_name = 'Muster7'")
    audit = query(context.engine, "SELECT entity, new_value FROM audit_entry WHERE new_value LIKE 'Import %'")
    assert journal == [("affiliation", 30), ("organisation", 30), ("person", 30)]  # one row per run, not per record
    assert texts == [("muster7 erika", "erika muster7 einrichtung 7")]  # organisation name included
    assert audit == [
        ("import_batch", f"Import {result.batch_id}: viele.xlsx – 30 Organisationen und 30 Personen angelegt")
    ]
    assert context.actors.count(ActorFilter(kind=PERSONS, text="einrichtung 17")) == 1


def test_a_journal_of_the_first_version_is_still_undone(context, partner_file):
    """Databases from before revision 0002 journal one row per created record, without last_entity_id."""
    result = context.actor_import.run(prepare(context, partner_file))
    runs = query(context.engine, "SELECT entity, entity_id, last_entity_id FROM import_change WHERE action = 'created'")
    query(context.engine, "DELETE FROM import_change WHERE action = 'created'")
    for number, (entity, first, last) in enumerate(runs):
        for offset, entity_id in enumerate(range(first, last + 1)):
            query(
                context.engine,
                "INSERT INTO import_change (batch_id, entity, entity_id, action, uuid, created_at, updated_at, "
                "version) VALUES (:batch, :entity, :entity_id, 'created', :uuid, '2026-03-01 10:00:00', "
                "'2026-03-01 10:00:00', 1)",
                batch=result.batch_id,
                entity=entity,
                entity_id=entity_id,
                uuid=f"00000000-0000-4000-8000-{number:06d}{offset:06d}",
            )
    context.actor_import.undo(result.batch_id)
    assert context.actors.count(ActorFilter()) == 0
    assert context.actors.count(ActorFilter(kind=PERSONS)) == 0


class FailingProgress:
    """Cancels (or breaks) the import once it is writing records: the worst moment."""

    def __init__(self, error: BaseException):
        self.error = error
        self.cancelled = False

    def report(self, done, total, text=""):
        if "gespeichert" in text:
            if isinstance(self.error, Cancelled):
                self.cancelled = True
            else:
                raise self.error


@pytest.mark.parametrize("error", [Cancelled("Abgebrochen."), OSError("Datenträger voll")])
def test_a_failed_or_cancelled_import_leaves_the_database_unchanged(context, partner_file, error):
    context.actors.save_organisation(OrganisationData(name="Familienzentrum Regenbogen", postcode="37120"))
    plan = prepare(context, partner_file)
    before = dump(context)
    with pytest.raises(type(error)):
        context.actor_import.run(plan, default=Decision(MERGE), progress=FailingProgress(error))
    assert dump(context) == before


def test_dry_run_reports_exactly_and_writes_nothing(context, partner_file):
    plan = prepare(context, partner_file)
    before = dump(context)
    trial = context.actor_import.run(plan, dry_run=True)
    assert dump(context) == before
    real = context.actor_import.run(plan)
    assert (trial.created, trial.merged, trial.rejected, trial.batch_id) == (real.created, real.merged, 1, None)


def test_rejected_rows_are_saved_with_the_reason(context, partner_file, tmp_path):
    plan = prepare(context, partner_file)
    out = tmp_path / "abgelehnt.xlsx"
    assert context.actor_import.write_rejects(plan, out) == 1
    ws = openpyxl.load_workbook(out).active
    header = [c.value for c in ws[1]]
    assert header[: len(HEADER)] == HEADER and header[-2:] == ["Zeile in der Datei", "Grund"]
    row = [c.value for c in ws[2]]
    assert row[3] == "Irgendwo 1" and row[-2] == 7 and row[-1].startswith("Weder eine Einrichtung")


def test_mapping_is_saved_per_partner_and_offered_again(context, tmp_path):
    path = write_partner_list(tmp_path / "eigen.xlsx")
    service = context.actor_import
    data = service.read(path)
    headers = data.rows[service.detect_header(data)]
    mapping = service.suggest_mapping(headers)
    mapping[7] = None  # the user ignores the Sozialraum column of this partner
    service.save_mapping("Stadt Rosdorf", headers, mapping)
    assert service.mapping_names() == ["Stadt Rosdorf"]
    assert service.suggest_mapping(headers, "Stadt Rosdorf")[7] is None
    assert service.suggest_mapping(headers)[7] == "sozialraum"
    with pytest.raises(ValidationError):
        service.save_mapping("  ", headers, mapping)


def test_earlier_import_of_the_same_file_is_pointed_out(context, partner_file):
    context.actor_import.run(prepare(context, partner_file))
    plan = prepare(context, partner_file)
    assert plan.earlier_imports and plan.earlier_imports[0].startswith("am ")


def test_a_list_without_name_columns_is_refused(context, tmp_path):
    service = context.actor_import
    path = write_partner_list(tmp_path / "ohne.xlsx")
    data = service.read(path)
    header = service.detect_header(data)
    with pytest.raises(ValidationError, match="mindestens eine Spalte"):
        service.prepare(path, data, header, [None] * 8)


def test_german_excel_csv_imports_the_same(context, tmp_path):
    path = tmp_path / "liste.csv"
    lines = [
        ";".join(HEADER),
        "Kita Löwenzahn;;Frau Jana Schäfer;Hauptstr. 5;37130 Gleichen;0551 / 1234;js@kita.example;",
    ]
    path.write_bytes("\r\n".join(lines).encode("cp1252"))
    plan = prepare(context, path)
    row = plan.rows[0]
    assert (row.organisation.name, row.person.last_name, row.organisation.city) == (
        "Kita Löwenzahn",
        "Schäfer",
        "Gleichen",
    )
    result = context.actor_import.run(plan)
    assert (result.created_organisations, result.created_persons) == (1, 1)


# -- command line --------------------------------------------------------------------------------
def test_cli_import_history_and_undo(db_url, partner_file, tmp_path, capsys):
    db = db_url
    rejects = tmp_path / "zurueck.xlsx"
    args = ["--db", db, "import", "actors", str(partner_file), "--source", "FZ Bovenden"]
    assert main([*args, "--dry-run"]) == 1  # one row would be refused
    captured = capsys.readouterr()
    assert "Probelauf, nichts gespeichert: 7 neu angelegt" in captured.out
    assert "Neu angelegt werden 4 Organisationen (davon 1 Träger) und 3 Personen." in captured.out
    assert "Abgelehnt würden die Zeilen 7." in captured.err
    assert main([*args, "--rejects", str(rejects), "--on-duplicate", "merge"]) == 0
    # PostgreSQL does not hand out a number twice: after the dry run's rollback the import may be number 2.
    out = capsys.readouterr().out.strip()
    assert "  Einrichtung → Organisation / Einrichtung (Überschrift „Einrichtung“)" in out
    number, summary = out.splitlines()[-1].removeprefix("Import ").split(": ", 1)
    assert summary == (
        "7 neu angelegt (4 Organisationen, 3 Personen), 0 Zeilen mit vorhandenen Einträgen zusammengeführt, "
        "0 übersprungen, 1 abgelehnt."
    )
    assert rejects.exists()
    assert main(["--db", db, "import", "history"]) == 0
    assert "partner.xlsx, Quelle: FZ Bovenden – 7 neu" in capsys.readouterr().out
    assert main(["--db", db, "import", "actors", str(partner_file), "--mapping", "FZ Bovenden"]) == 0
    assert "0 neu angelegt" in capsys.readouterr().out  # all duplicates now: merged, nothing new
    assert main(["--db", db, "import", "undo", number]) == 0
    assert "rückgängig gemacht: 7 Akteure entfernt" in capsys.readouterr().out


def test_cli_bad_files_exit_1_with_a_message(db_url, tmp_path, capsys):
    db = db_url
    empty = tmp_path / "leer.csv"
    empty.write_bytes(b"")
    assert main(["--db", db, "import", "actors", str(empty)]) == 1
    assert "leer" in capsys.readouterr().err
    assert main(["--db", db, "import", "actors", str(tmp_path / "fehlt.xlsx")]) == 1
    assert "Fehler:" in capsys.readouterr().err
    assert main(["--db", db, "import", "actors", str(empty), "--mapping", "Gibtsnicht"]) == 1
    assert "Gibtsnicht" in capsys.readouterr().err


def test_persons_without_organisation_keep_their_own_address(context, tmp_path):
    path = tmp_path / "ortsbuergermeister.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Anrede", "Vorname", "Nachname", "Funktion", "Straße", "Hausnummer", "PLZ", "Ort"])
    wb.active.append(["Frau", "Heike", "Graf", "Ortsbürgermeisterin", "Lindenweg", "4", 37120, "Eddigehausen"])
    wb.save(path)
    result = context.actor_import.run(prepare(context, path, source=None))
    assert (result.created_organisations, result.created_persons) == (0, 1)
    person = context.actors.get_person(context.actors.rows(ActorFilter(kind=PERSONS))[0].id)
    assert (person.street, person.house_number, person.postcode, person.city, person.function) == (
        "Lindenweg",
        "4",
        "37120",
        "Eddigehausen",
        "Ortsbürgermeisterin",
    )
    assert person.sozialraum_id == context.areas.find_sozialraum("Bovenden").id


@pytest.mark.parametrize("name", ["partnerliste.xls", "partnerliste.ods"])
def test_old_excel_and_libreoffice_lists_import_end_to_end(context, name):
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "fixtures" / name
    plan = prepare(context, path, source=None)
    assert [r.organisation.name for r in plan.importable_rows] == [
        "Familienzentrum Löwenzahn",
        "Kita Sonnenblume",
        "Familienzentrum Am Brühl",
        "Mehrgenerationenhaus Süd",
    ]
    first = plan.importable_rows[0]
    assert (first.person.first_name, first.person.last_name, first.organisation.street) == (
        "Jürgen",
        "Müller",
        "Hauptstraße",
    )
    assert first.organisation.sozialraum_id == context.areas.find_sozialraum("Bovenden").id
    assert plan.rows[-1].ignored == "Hinweis- oder Summenzeile"
    result = context.actor_import.run(plan)
    assert (result.created_organisations, result.created_persons, result.rejected) == (4, 4, 0)


def test_hidden_rows_are_skipped_unless_wanted_and_merged_cells_fill_every_row(context, tmp_path):
    path = tmp_path / "verbund.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Träger", "Einrichtung", "Ort"])
    ws.append(["Diakonie Göttingen e. V.", "Kita Arche", "Rosdorf"])
    ws.append([None, "Kita Regenbogen", "Rosdorf"])
    ws.append([None, "Kita Alt (geschlossen)", "Rosdorf"])
    ws.merge_cells("A2:A4")  # the Träger written once for three rows
    ws.row_dimensions[4].hidden = True
    wb.save(path)

    plan = prepare(context, path, source=None)
    assert [r.organisation.traeger for r in plan.importable_rows] == ["Diakonie Göttingen e. V."] * 2
    assert [r.ignored for r in plan.ignored_rows] == ["in der Datei ausgeblendete Zeile"]
    with_hidden = prepare(context, path, source=None, include_hidden=True)
    assert [r.organisation.name for r in with_hidden.importable_rows][-1] == "Kita Alt (geschlossen)"


def test_a_common_name_alone_does_not_merge_strangers(context, tmp_path):
    thomas = context.actors.save_person(PersonData(first_name="Thomas", last_name="Müller", postcode="37120"))
    rows = [
        ["Kita Neu", None, "Thomas Müller", None, "37124 Rosdorf", None, None, None],  # a new organisation's contact
    ]
    plan = prepare(context, write_partner_list(tmp_path / "neu.xlsx", rows))
    assert plan.duplicates == []
    path = tmp_path / "ortsbuergermeister.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["Vorname", "Nachname", "PLZ", "Ort"])
    wb.active.append(["Thomas", "Müller", 37120, "Bovenden"])  # no organisation on either side, same place
    wb.active.append(["Thomas", "Müller", 37445, "Zorge"])  # same name elsewhere: someone else
    wb.save(path)
    plan = prepare(context, path, source=None)
    assert [(d.row, d.existing_id, d.reason) for d in plan.duplicates] == [
        (0, thomas, "gleicher Name, keine Organisation")
    ]


# -- partner lists as delivered (issue 19) ------------------------------------------------------------------------
def propose_and_prepare(context, path, **kwargs):
    """What the wizard and the command line do without any manual assignment."""
    service = context.actor_import
    data = service.read(path)
    header = service.detect_header(data)
    mapping = [g.field for g in service.propose(data, header)]
    return data, header, service.prepare(path, data, header, mapping, **kwargs)


def all_cells(data, header):
    return [cell for row in data.rows[header + 1 :] for cell in row]


@pytest.mark.parametrize(
    ("writer", "name", "counts"),
    [
        (partner_lists.write_berlin_csv, "kitas_berlin.csv", (5, 2, 0)),
        (partner_lists.write_sh_tsv, "schulen_sh.txt", (2, 0, 0)),
        (partner_lists.write_verein_csv, "vereine.csv", (3, 0, 3)),
        (partner_lists.write_headerless_xlsx, "ohne_kopfzeile.xlsx", (3, 0, 3)),
    ],
)
def test_lists_as_partners_send_them_import_without_assignment_and_lose_nothing(
    context, tmp_path, writer, name, counts
):
    path = writer(tmp_path / name)
    data, header, plan = propose_and_prepare(context, path)
    assert not plan.rejected_rows
    expected = context.actor_import.count(plan, default=Decision(MERGE))
    assert (expected.organisations, expected.traeger, expected.persons) == counts
    result = context.actor_import.run(plan, default=Decision(MERGE))
    assert (result.created_organisations, result.created_traeger, result.created_persons) == counts
    assert partner_lists.missing_cells(context.engine, all_cells(data, header)) == []


def test_the_chairpersons_of_a_verein_list_become_persons_with_their_role(context, tmp_path):
    path = partner_lists.write_verein_csv(tmp_path / "vereine.csv")
    _data, _header, plan = propose_and_prepare(context, path)
    person = plan.rows[0].person
    assert (person.salutation, person.first_name, person.last_name, person.function) == (
        "Frau",
        "Gisela",
        "Kühne",
        "Vorsitzende(r)",
    )
    assert plan.rows[1].person.title == "Dr."
    assert plan.unassigned == []


def test_an_unassigned_column_is_named_and_kept_in_the_notes_unless_not_wanted(context, tmp_path):
    path = partner_lists.write_berlin_csv(tmp_path / "kitas.csv")
    service = context.actor_import
    _data, _header, plan = propose_and_prepare(context, path)
    assert plan.unassigned == ["id", "sponsor_id"]
    assert (plan.rows[0].organisation.latitude, plan.rows[0].organisation.longitude) == (52.5412, 13.3601)
    assert plan.rows[0].organisation.notes.splitlines() == [
        "Plätze: 45",
        "id: 1",
        "sponsor_id: 77",
    ]
    data = service.read(path)
    mapping = [g.field for g in service.propose(data, 0)]
    plan = service.prepare(path, data, 0, mapping, keep_unassigned=False)
    assert plan.unassigned == ["id", "sponsor_id"] and "id: 1" not in plan.rows[0].organisation.notes


def test_a_list_without_header_is_read_by_content(context, tmp_path):
    path = partner_lists.write_headerless_xlsx(tmp_path / "ohne.xlsx")
    service = context.actor_import
    data = service.read(path)
    assert service.detect_header(data) == NO_HEADER
    guesses = service.propose(data, NO_HEADER)
    assert guesses[3].field == "postcode_and_city"
    assert guesses[3].reason == "100 % der Werte sind Postleitzahlen mit Ort"
    _data, _header, plan = propose_and_prepare(context, path)
    assert [r.line for r in plan.rows] == [1, 2, 3]
    assert plan.rows[0].organisation.name == "Kita Sonnenschein" and plan.rows[0].person.last_name == "Berg"


def test_cli_assigns_columns_prints_the_assignment_and_previews_the_counts(db_url, tmp_path, capsys):
    path = tmp_path / "schulen.csv"
    lines = [
        "Bildungsstätte;Adr.;Postl.;Ort;Fon;Elektropost",
        "Grundschule Rosdorf;Schulstr. 3;37124;Rosdorf;0551 7;gs@r.de",
    ]
    path.write_bytes("\r\n".join(lines).encode("cp1252"))
    args = ["--db", db_url, "import", "actors", str(path)]
    assert main([*args, "--spalte", "Bildungsstätte=", "--dry-run"]) == 1
    assert "mindestens eine Spalte" in capsys.readouterr().err
    assert main([*args, "--spalte", "Schulname=Organisation"]) == 1
    assert "Eine Spalte „Schulname“ gibt es in der Liste nicht" in capsys.readouterr().err
    hand = [
        "--spalte",
        "Bildungsstätte=Organisation",
        "--spalte",
        "Elektropost=E-Mail",
        "--spalte",
        "Spalte 2=Anschrift",
    ]
    assert main([*args, *hand, "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "  Bildungsstätte → Organisation / Einrichtung (von Hand zugeordnet)" in out
    assert "  Elektropost → E-Mail (von Hand zugeordnet)" in out
    assert "  Postl. → PLZ (100 % der Werte sind Postleitzahlen)" in out
    assert "  Fon → Telefon (Überschrift „Fon“)" in out
    assert (
        "Vorschau: 1 Zeilen werden übernommen, 0 abgelehnt, 0 übersprungen. Neu angelegt werden 1 Organisationen" in out
    )
    assert main([*args, *hand]) == 0
    engine = create_engine(db_url)
    try:
        assert query(engine, "SELECT name, street, house_number, postcode, email FROM organisation") == [
            ("Grundschule Rosdorf", "Schulstr.", "3", "37124", "gs@r.de")
        ]
    finally:
        engine.dispose()


@pytest.mark.parametrize(
    ("writer", "name", "lines"),
    [
        (
            partner_lists.write_berlin_csv,
            "kitas.csv",
            [
                "  sponsor_name → Träger (Überschrift „sponsor_name“)",
                "  id → in die Bemerkungen",
                "Neu angelegt werden 5 Organisationen (davon 2 Träger) und 0 Personen.",
            ],
        ),
        (
            partner_lists.write_sh_tsv,
            "schulen.txt",
            [
                "  longitude → Längengrad (lon) (Überschrift „longitude“)",
                "  fax → Fax (in die Bemerkungen) (Überschrift „fax“)",
                "Neu angelegt werden 2 Organisationen und 0 Personen.",
            ],
        ),
        (
            partner_lists.write_verein_csv,
            "vereine.csv",
            [
                "  Vorsitzende(r) → Name (vollständig) (Überschrift „Vorsitzende(r)“)",
                "Neu angelegt werden 3 Organisationen und 3 Personen.",
            ],
        ),
        (
            partner_lists.write_headerless_xlsx,
            "ohne.xlsx",
            [
                "Spaltenzuordnung (die Liste hat keine Kopfzeile):",
                "  Spalte 4 → PLZ und Ort (100 % der Werte sind Postleitzahlen mit Ort)",
            ],
        ),
    ],
)
def test_cli_imports_lists_as_partners_send_them_without_assignment(db_url, tmp_path, capsys, writer, name, lines):
    path = writer(tmp_path / name)
    assert main(["--db", db_url, "import", "actors", str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Probelauf, nichts gespeichert: " in out and "0 abgelehnt" in out
    for line in lines:
        assert line in out
    assert main(["--db", db_url, "import", "actors", str(path)]) == 0
    assert "0 abgelehnt" in capsys.readouterr().out


def test_coordinates_are_kept_on_the_organisation_and_filled_in_by_a_merge(context, tmp_path):
    path = partner_lists.write_sh_tsv(tmp_path / "schulen.txt")
    _data, _header, plan = propose_and_prepare(context, path)
    context.actor_import.run(plan)
    rows = query(context.engine, "SELECT name, latitude, longitude FROM organisation ORDER BY name")
    assert rows == [
        ("Gemeinschaftsschule Kühlungsborn-Süd", 54.1611, 10.4211),
        ("Grundschule Lütjenburg", 54.2941, 10.5893),
    ]
    query(context.engine, "UPDATE organisation SET latitude = NULL, longitude = NULL")
    _data, _header, plan = propose_and_prepare(context, path)
    duplicate = plan.duplicates[0]
    assert ("Breitengrad", None, "54.2941") in [(f.label, f.existing, f.new) for f in duplicate.fields]
    context.actor_import.run(plan, default=Decision(MERGE))
    assert query(context.engine, "SELECT count(*) FROM organisation WHERE latitude IS NOT NULL") == [(2,)]


def test_invalid_coordinates_go_into_the_notes_with_a_warning(context, tmp_path):
    path = tmp_path / "orte.csv"
    path.write_text("Einrichtung;lat;lon\nKita A;51,54;9,93\nKita B;nördlich;9.9\n", encoding="utf-8")
    _data, _header, plan = propose_and_prepare(context, path)
    first, second = plan.rows
    assert (first.organisation.latitude, first.organisation.longitude) == (51.54, 9.93)
    assert second.organisation.latitude is None
    assert "Koordinaten laut Liste: nördlich, 9.9" in second.organisation.notes
    assert "Koordinaten ungültig" in second.warnings[0]


@pytest.mark.parametrize("action", [MERGE, SKIP, CREATE])
def test_the_counts_before_the_import_equal_what_is_created(context, partner_file, action):
    context.actor_import.run(prepare(context, partner_file))  # everything is a duplicate the second time …
    context.actors.save_organisation(OrganisationData(name="Kita Pusteblume", postcode="37124", city="Rosdorf"))
    plan = prepare(context, partner_file)
    counts = context.actor_import.count(plan, default=Decision(action))
    result = context.actor_import.run(plan, default=Decision(action))
    assert (counts.organisations, counts.traeger, counts.persons) == (
        result.created_organisations,
        result.created_traeger,
        result.created_persons,
    )

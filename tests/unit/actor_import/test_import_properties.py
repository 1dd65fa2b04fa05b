"""Property-based tests (hypothesis): corrupted, truncated and random files and random cell contents fed to the
spreadsheet reader and the import pipeline end in a clean German error or a correct import – never an unhandled
exception, a hang or a changed database after a failure."""

import csv
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sozialkoordination.actor_import.service import Decision
from sozialkoordination.core.errors import DomainError

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
SUFFIXES = (".xlsx", ".xlsm", ".xls", ".ods", ".csv", ".tsv", ".txt")
HEADER = ["Einrichtung", "Anrede", "Vorname", "Nachname", "E-Mail", "Telefon", "PLZ", "Ort"]

quick = settings(
    max_examples=40,
    deadline=10_000,  # a hang would show as a timeout here; each example reads a file of a few kB
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    derandomize=True,  # the same examples on every run: CI stays reproducible
)


def xlsx_bytes() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Adressliste Familienzentren, Stand 03/2026"])
    sheet.append(HEADER)
    sheet.append(
        ["Familienzentrum Regenbogen", "Frau", "Erika", "Schulz", "e.schulz@fz.example", 551123, 37120, "Bovenden"]
    )
    sheet.append(["Kita Pusteblume", "Herr", "Max", "Müller", "m@kita.example", "0551 99", "37124", "Rosdorf"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


VALID = {
    ".xlsx": xlsx_bytes(),
    ".ods": (FIXTURES / "partnerliste.ods").read_bytes(),
    ".xls": (FIXTURES / "partnerliste.xls").read_bytes(),
    ".csv": ";".join(HEADER).encode("cp1252") + b"\r\nTr\xe4ger;Frau;Anna;B\xe4r;a@b.example;0551;37120;Bovenden\r\n",
}


def snapshot(context) -> tuple:
    with context.engine.connect() as connection:
        return tuple(
            connection.exec_driver_sql(f"SELECT count(*) FROM {table}").scalar_one()
            for table in ("person", "organisation", "affiliation", "import_batch", "import_change")
        )


def import_file(context, path: Path):
    """The whole pipeline as the CLI runs it; returns the result or the DomainError."""
    service = context.actor_import
    before = snapshot(context)
    try:
        data = service.read(path)
        header = service.detect_header(data)
        mapping = service.suggest_mapping(data.rows[header])
        plan = service.prepare(path, data, header, mapping)
        result = service.run(plan, default=Decision("create"))
    except DomainError as error:
        assert str(error).strip(), "a German message is required"
        assert snapshot(context) == before, "a failed import must not change the database"
        return error
    return result


@quick
@given(content=st.binary(max_size=4096), suffix=st.sampled_from(SUFFIXES))
def test_random_bytes_never_crash(context, tmp_path, content, suffix):
    path = tmp_path / f"zufall{suffix}"
    path.write_bytes(content)
    import_file(context, path)


@quick
@given(
    suffix=st.sampled_from(sorted(VALID)),
    cut=st.floats(min_value=0.0, max_value=1.0),
    flips=st.lists(st.tuples(st.floats(min_value=0.0, max_value=1.0), st.integers(1, 255)), max_size=8),
)
def test_truncated_and_corrupted_files_never_crash(context, tmp_path, suffix, cut, flips):
    data = bytearray(VALID[suffix])
    for where, mask in flips:
        data[int(where * (len(data) - 1))] ^= mask
    data = data[: max(0, int(len(data) * cut))] if cut < 0.999 else data
    path = tmp_path / f"beschaedigt{suffix}"
    path.write_bytes(bytes(data))
    import_file(context, path)


@quick
@given(
    entries=st.lists(st.sampled_from(["xl/workbook.xml", "xl/worksheets/sheet1.xml", "[Content_Types].xml", "x"])),
    payload=st.binary(max_size=2048),
)
def test_odd_zip_archives_named_xlsx_never_crash(context, tmp_path, entries, payload):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in dict.fromkeys(entries):
            archive.writestr(name, payload)
    path = tmp_path / "seltsam.xlsx"
    path.write_bytes(buffer.getvalue())
    import_file(context, path)


cell = st.one_of(
    st.text(max_size=40),
    st.sampled_from(["=1+1", "+49 551", "-", "@SUMME(A1)", "\t", "\r", "37120", "0551 400-0", "a@b", "Dr.", ""]),
    st.integers(-(10**12), 10**12).map(str),
)


@quick
@given(rows=st.lists(st.lists(cell, min_size=len(HEADER), max_size=len(HEADER)), min_size=1, max_size=12))
def test_random_cells_import_correctly_or_are_rejected(context, tmp_path, rows):
    path = tmp_path / "zellen.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, delimiter=";")
        writer.writerow(HEADER)
        writer.writerows(rows)
    persons, organisations = snapshot(context)[:2]
    outcome = import_file(context, path)
    if isinstance(outcome, DomainError):
        return
    # The numbers add up, and what was reported as created is really there.
    assert outcome.rejected <= len(rows)
    after_persons, after_organisations = snapshot(context)[:2]
    assert after_persons - persons == outcome.created_persons
    assert after_organisations - organisations == outcome.created_organisations


@pytest.mark.parametrize("suffix", sorted(VALID))
def test_the_valid_seeds_do_import(context, tmp_path, suffix):
    """The corrupted files above start from files that do import: the mutations, not the seeds, are tested."""
    path = tmp_path / f"gut{suffix}"
    path.write_bytes(VALID[suffix])
    outcome = import_file(context, path)
    assert not isinstance(outcome, DomainError), outcome
    assert outcome.created > 0

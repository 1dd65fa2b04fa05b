"""Datenpaket, merging: conflicts decided field by field, and organisations/persons both sides imported from the
same partner list offered for merge instead of doubled."""

from __future__ import annotations

import openpyxl
import pytest
from sqlalchemy import func, select

from sozialkoordination.app import open_context
from sozialkoordination.exchange.service import ConflictsPending
from sozialkoordination.models import Affiliation, Organisation, Person
from tests.unit.exchange.test_exchange import PASSWORD, laptop, send  # noqa: F401 - laptop is a fixture

FZ = "Familienzentrum Regenbogen"


def edit_org(ctx, name: str, **fields) -> None:
    data = ctx.actors.get_organisation(ctx.actors.organisation_choices(name)[0][0])
    for key, value in fields.items():
        setattr(data, key, value)
    ctx.actors.save_organisation(data)


def org(ctx, name: str):
    return ctx.actors.get_organisation(ctx.actors.organisation_choices(name)[0][0])


def test_decisions_per_field_are_enough_and_each_field_gets_its_side(laptop, databases, tmp_path):  # noqa: F811
    office = databases("geschaeftsstelle")
    send(laptop, office, tmp_path, "erstes")
    edit_org(office, FZ, phone="0551 525-0", email="gs@fz.example")
    edit_org(laptop, FZ, phone="05594 9999", email="hier@fz.example")
    path = tmp_path / "zurueck.sozdp"
    office.exchange.export_package("Anna", path, PASSWORD)
    with pytest.raises(ConflictsPending) as pending:
        laptop.exchange.import_package(path, PASSWORD)
    (conflict,) = pending.value.conflicts
    assert conflict.per_field and [f.field for f in conflict.fields] == ["phone", "email"]
    with pytest.raises(ConflictsPending):  # one field decided is not enough
        laptop.exchange.import_package(path, PASSWORD, decisions={f"{conflict.uuid}:phone": "dein"})

    decisions = {f"{conflict.uuid}:phone": "dein", f"{conflict.uuid}:email": "mein"}
    result = laptop.exchange.import_package(path, PASSWORD, decisions=decisions)
    assert (result.kept_mine, result.took_theirs) == (1, 1)
    fz = org(laptop, FZ)
    assert (fz.phone, fz.email) == ("0551 525-0", "hier@fz.example")


def partner_list(path):
    """A small partner list as the Sozialplanung sends it to every coordinator."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Einrichtung", "Ansprechperson", "Straße", "PLZ Ort", "Tel.", "E-Mail-Adresse"])
    ws.append(
        [
            "Familienzentrum Regenbogen e.V.",
            "Frau Anna Schulz",
            "Am Anger 3",
            "37120 Bovenden",
            "0551 99012",
            "a.schulz@fz.example",
        ]
    )
    ws.append(["Kita Pusteblume", "Kim Meyer", "Schulweg 1a", "37124 Rosdorf", "0551 4711", None])
    ws.append(["Jugendpflege Adelebsen", None, "Markt 2", "37139 Adelebsen", "05506 1234", "jp@adelebsen.example"])
    wb.save(path)
    return path


def import_list(ctx, path) -> None:
    service = ctx.actor_import
    data = service.read(path)
    header = service.detect_header(data)
    plan = service.prepare(path, data, header, service.suggest_mapping(data.rows[header]), source="Partnerliste")
    service.run(plan)


def count(ctx, model) -> int:
    with ctx.session_factory() as s:
        return s.scalar(select(func.count()).select_from(model))


def test_a_partner_list_both_imported_is_offered_for_merge_and_later_edits_reach_the_merged_record(
    context, databases, tmp_path
):
    laptop_a, office = context, databases("geschaeftsstelle")
    path = partner_list(tmp_path / "partnerliste.xlsx")
    import_list(laptop_a, path)
    import_list(office, path)
    assert (count(office, Organisation), count(office, Person)) == (3, 2)
    package = tmp_path / "a-gs.sozdp"
    laptop_a.exchange.export_package("Geschäftsstelle", package, PASSWORD)

    result = office.exchange.import_package(package, PASSWORD)
    offered = {(d.table, d.title, d.target_title, d.reason) for d in result.duplicates}
    assert offered == {
        (
            "organisation",
            "Organisation „Familienzentrum Regenbogen e.V.“",
            "Organisation „Familienzentrum Regenbogen e.V.“",
            "gleicher Name am selben Ort",
        ),
        (
            "organisation",
            "Organisation „Kita Pusteblume“",
            "Organisation „Kita Pusteblume“",
            "gleicher Name am selben Ort",
        ),
        (
            "organisation",
            "Organisation „Jugendpflege Adelebsen“",
            "Organisation „Jugendpflege Adelebsen“",
            "gleicher Name am selben Ort",
        ),
        ("person", "Person „Anna Schulz“", "Person „Anna Schulz“", "gleiche E-Mail-Adresse"),
        ("person", "Person „Kim Meyer“", "Person „Kim Meyer“", "gleicher Name in derselben Organisation"),
    }
    assert "5 mögliche Dubletten" in result.line()

    for duplicate in result.duplicates:  # organisations first, as listed
        office.exchange.merge_duplicate(duplicate.table, duplicate.uuid, duplicate.target_uuid)
    assert (count(office, Organisation), count(office, Person), count(office, Affiliation)) == (3, 2, 2)
    fz_here = org(office, "Familienzentrum Regenbogen")
    history = office.privacy.history("organisation", fz_here.id)
    assert any(e.field == "zusammengeführt" for e in history)

    # the laptop edits its (now merged) record: the next package updates the office's merged record
    edit_org(laptop_a, "Familienzentrum Regenbogen", phone="0551 123456", website="www.regenbogen.example")
    later = tmp_path / "a-gs-2.sozdp"
    laptop_a.exchange.export_package("Geschäftsstelle", later, PASSWORD)
    again = office.exchange.import_package(later, PASSWORD)
    assert (again.created, again.conflicts, again.duplicates) == (0, [], [])
    stored = org(office, "Familienzentrum Regenbogen")
    assert (stored.id, stored.phone, stored.website) == (fz_here.id, "0551 123456", "www.regenbogen.example")
    assert count(office, Organisation) == 3

    # the office's package back never deletes the laptop's records (a merged duplicate sends no deletion)
    back = tmp_path / "gs-a.sozdp"
    office.exchange.export_package("Anna", back, PASSWORD)
    read = laptop_a.exchange.read(back, PASSWORD)
    assert read.deleted == 0


def test_command_line_lists_the_possible_duplicates_and_merges_them_on_request(
    context, databases, tmp_path, monkeypatch, capsys
):
    from sozialkoordination.__main__ import main

    path = partner_list(tmp_path / "partnerliste.xlsx")
    import_list(context, path)
    package = tmp_path / "a-gs.sozdp"
    context.exchange.export_package("Geschäftsstelle", package, PASSWORD)
    urls = {}
    for name in ("listet", "fuehrt-zusammen"):
        other = databases(name)
        import_list(other, path)
        urls[name] = other.db_url
        other.close()
    monkeypatch.setenv("SOZIALKOORDINATION_DATEI_KENNWORT", PASSWORD)

    assert main(["--db", urls["listet"], "exchange", "import", str(package)]) == 0
    out = capsys.readouterr().out
    assert "5 mögliche Dubletten" in out
    assert "  Mögliche Dublette: Organisation „Kita Pusteblume“ aus dem Paket = Organisation „Kita Pusteblume“ " in out
    assert "--dubletten-zusammenfuehren" in out

    command = ["--db", urls["fuehrt-zusammen"], "exchange", "import", str(package), "--dubletten-zusammenfuehren"]
    assert main(command) == 0
    out = capsys.readouterr().out
    assert "5 Dubletten zusammengeführt" in out and "Mögliche Dublette" not in out
    for name, expected in (("listet", (6, 4)), ("fuehrt-zusammen", (3, 2))):
        check = open_context(urls[name])
        assert (count(check, Organisation), count(check, Person)) == expected
        check.close()

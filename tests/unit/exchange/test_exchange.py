"""Datenpaket: laptops and the Geschäftsstelle exchange changes offline and end with the same data."""

from __future__ import annotations

import json
import zlib
from datetime import date

import pytest
from sqlalchemy import select

from sozialkoordination.actors.service import AffiliationData, ConsentData, OrganisationData, PersonData
from sozialkoordination.app import open_context
from sozialkoordination.documents.sealed import SealedFileError, WrongPasswordError, unseal
from sozialkoordination.exchange.package import PackageError, read_package
from sozialkoordination.exchange.service import ConflictsPending, ExchangeError, fingerprint
from sozialkoordination.meetings.dto import MeetingData
from sozialkoordination.models import Affiliation, Meeting, Network, Organisation, Person
from sozialkoordination.networks.dto import NetworkData
from sozialkoordination.volunteering.service import VolunteerData

PASSWORD = "Paket-Kennwort 2026"


def raum(ctx, name: str) -> int:
    return ctx.areas.find_sozialraum(name).id


def region(ctx, code: str) -> int:
    return ctx.areas.find_region(code).id


def organisation(ctx, name: str, sozialraum: str = "Bovenden", **extra) -> int:
    return ctx.actors.save_organisation(OrganisationData(name=name, sozialraum_id=raum(ctx, sozialraum), **extra))


def person(ctx, last: str, first: str, sozialraum: str | None = "Bovenden", org: int | None = None, **extra) -> int:
    data = PersonData(
        last_name=last,
        first_name=first,
        sozialraum_id=raum(ctx, sozialraum) if sozialraum else None,
        affiliations=[AffiliationData(organisation_id=org, role="Leitung")] if org else [],
        **extra,
    )
    return ctx.actors.save_person(data)


def id_of(ctx, model, uuid: str) -> int:
    with ctx.session_factory() as s:
        return s.scalar(select(model.id).where(model.uuid == uuid))


def uuid_of(ctx, model, ident: int) -> str:
    with ctx.session_factory() as s:
        return s.scalar(select(model.uuid).where(model.id == ident))


def send(source, target, tmp_path, name: str, partner: str = "Partner", **options):
    path = tmp_path / f"{name}.sozdp"
    source.exchange.export_package(partner, path, PASSWORD, **options)
    return target.exchange.import_package(path, PASSWORD, on_conflict=options.pop("on_conflict", None))


@pytest.fixture
def laptop(context):
    """A coordinator's laptop with a small network of actors, a meeting and a network in SR-B."""
    context.profile.save("Anna Beispiel", region(context, "SR-B"))
    ctx = context
    fz = organisation(ctx, "Familienzentrum Regenbogen", themes=["Frühe Hilfen"], phone="05594 1234")
    traeger = organisation(ctx, "Diakonieverband Bovenden")
    ctx.actors.save_organisation(
        OrganisationData(**{**vars(ctx.actors.get_organisation(fz)), "parent_id": traeger, "themes": ["Frühe Hilfen"]})
    )
    schulz = ctx.actors.save_person(
        PersonData(
            last_name="Schulz",
            first_name="Erika",
            title="Dr.",
            email="erika.schulz@example.org",
            sozialraum_id=raum(ctx, "Bovenden"),
            affiliations=[AffiliationData(organisation_id=fz, role="Leitung")],
            consents=[ConsentData(purpose="Einladungen", given_on=date(2026, 3, 1), source="schriftlich")],
        )
    )
    meyer = person(ctx, "Meyer", "Kim", org=fz)
    meeting = ctx.meetings.save(
        MeetingData(
            title="Sozialraumkonferenz Bovenden",
            meeting_date=date(2026, 12, 10),
            sozialraum_id=raum(ctx, "Bovenden"),
            sozialregion_id=region(ctx, "SR-B"),
            chair_person_id=schulz,
            notes="Vorbereitung mit Frau Dr. Schulz",
        )
    )
    item = ctx.meetings.save_item(meeting, "Frühe Hilfen im Sozialraum", presenter="Kim Meyer")
    ctx.meetings.add_decision(item, "Der Arbeitskreis trifft sich vierteljährlich.")
    ctx.meetings.invite(meeting, [schulz, meyer])
    network = ctx.networks.save(NetworkData(name="AK Frühe Hilfen Bovenden", sozialregion_id=region(ctx, "SR-B")))
    ctx.networks.add_members(network, organisation_ids=[fz], person_ids=[meyer])
    ctx.ids = {"fz": fz, "traeger": traeger, "schulz": schulz, "meyer": meyer, "meeting": meeting, "network": network}
    return ctx


def test_round_trip_carries_records_with_references_translated(laptop, databases, tmp_path):
    office = databases("geschaeftsstelle")
    organisation(office, "Landkreis Göttingen, Fachbereich Soziales", sozialraum="Rosdorf")  # ids differ from A's
    path = tmp_path / "an-gs.sozdp"
    summary = laptop.exchange.export_package("Geschäftsstelle", path, PASSWORD)
    assert summary.records > 10 and summary.deletions == 0

    blob = path.read_bytes()
    assert b"Schulz" not in blob and b"Regenbogen" not in blob  # sealed, nothing readable in the file
    package = json.loads(zlib.decompress(unseal(blob, PASSWORD)))
    assert package["format"] == "sozialkoordination-datenpaket" and package["recipient"] == "Geschäftsstelle"
    assert package["sender_name"] == "Anna Beispiel (Adelebsen/Bovenden)"
    org_record = next(r for r in package["records"] if r["data"].get("name") == "Familienzentrum Regenbogen")
    assert org_record["data"]["sozialraum_id"] == laptop.areas.find_sozialraum("Bovenden").ars  # areas by key
    assert org_record["data"]["parent_id"] == uuid_of(laptop, Organisation, laptop.ids["traeger"])  # records by UUID

    result = office.exchange.import_package(path, PASSWORD)
    assert result.created == summary.records and not result.conflicts
    assert result.line().startswith("Datenpaket von Anna Beispiel (Adelebsen/Bovenden) eingelesen: ")
    mine, theirs = laptop.exchange.content(), office.exchange.content()
    assert {t: rows for t, rows in theirs.items() if t != "organisation"} == {
        t: rows for t, rows in mine.items() if t != "organisation"
    }
    assert mine["organisation"].items() <= theirs["organisation"].items()

    fz_uuid = uuid_of(laptop, Organisation, laptop.ids["fz"])
    with office.session_factory() as s:  # local ids of the office, references translated to them
        fz = s.scalar(select(Organisation).where(Organisation.uuid == fz_uuid))
        assert fz.id != laptop.ids["fz"]
        assert fz.parent.name == "Diakonieverband Bovenden"
        assert fz.sozialraum.name == "Bovenden" and [t.name for t in fz.themes] == ["Frühe Hilfen"]
        members = s.scalars(select(Person.last_name).join(Affiliation).where(Affiliation.organisation_id == fz.id))
        assert sorted(members) == ["Meyer", "Schulz"]
    assert office.exchange.partners()[0].name == "Anna Beispiel (Adelebsen/Bovenden)"


def test_updates_deletions_and_erasures_travel_and_a_second_import_changes_nothing(laptop, databases, tmp_path):
    office = databases("geschaeftsstelle")
    send(laptop, office, tmp_path, "erstes", partner="Geschäftsstelle")
    fz = laptop.actors.get_organisation(laptop.ids["fz"])
    fz.phone, fz.notes = "05594 999999", "Neue Leitung ab Januar"
    laptop.actors.save_organisation(fz)
    laptop.meetings.delete(laptop.ids["meeting"])
    schulz_uuid = uuid_of(laptop, Person, laptop.ids["schulz"])
    laptop.privacy.erase_person(laptop.ids["schulz"])

    path = tmp_path / "zweites.sozdp"
    summary = laptop.exchange.export_package("Geschäftsstelle", path, PASSWORD)
    package = read_package(path, PASSWORD)
    text_of_package = json.dumps(package, ensure_ascii=False)
    assert "Schulz" not in text_of_package and "erika.schulz" not in text_of_package  # erasure without personal data
    assert {"table": "person", "uuid": schulz_uuid} in [
        {"table": d["table"], "uuid": d["uuid"]} for d in package["deletions"]
    ]
    assert summary.records < 5  # only what changed since the first package

    result = office.exchange.import_package(path, PASSWORD)
    assert result.updated >= 1 and result.deleted >= 2 and not result.conflicts
    assert office.exchange.content() == laptop.exchange.content()
    with office.session_factory() as s:
        assert s.scalar(select(Person).where(Person.uuid == schulz_uuid)) is None
        assert s.scalar(select(Organisation.phone).where(Organisation.name == "Familienzentrum Regenbogen")) == (
            "05594 999999"
        )
    assert office.meetings.meetings() == []
    assert office.privacy.erased_person_ids()  # the erasure is recorded there as well, without the name
    fz_office = id_of(office, Organisation, uuid_of(laptop, Organisation, laptop.ids["fz"]))
    changes = [h for h in office.privacy.history("organisation", fz_office) if h.action == "geändert"]
    assert {(h.field, h.before, h.after) for h in changes} >= {("Telefon", "05594 1234", "05594 999999")}
    assert all("Datenpaket von Anna Beispiel" in h.user_name for h in changes)

    before = office.exchange.content()
    again = office.exchange.import_package(path, PASSWORD)
    assert (again.created, again.updated, again.deleted, len(again.conflicts)) == (0, 0, 0, 0)
    assert office.exchange.content() == before
    # and nothing needs to go back: the office has no change the laptop lacks
    partner = office.exchange.partners()[0].name
    back = office.exchange.export_package(partner, tmp_path / "zurueck.sozdp", PASSWORD)
    result = laptop.exchange.import_package(back.path, PASSWORD)
    assert (result.created, result.updated, result.deleted, len(result.conflicts)) == (0, 0, 0, 0)
    # the laptop knows the office under the name it chose, also after the office's first package
    assert [p.name for p in laptop.exchange.partners()] == ["Geschäftsstelle"]
    assert laptop.exchange.export_package("Geschäftsstelle", tmp_path / "leer.sozdp", PASSWORD).records == 0


def test_the_partner_finds_what_a_package_brought_by_its_folded_words(laptop, databases, tmp_path):
    """The import writes without the ORM: it computes the search texts itself, for new and for changed records."""
    from dataclasses import replace

    def found(ctx, query, kind):
        return [h.title for h in ctx.search.search(query) if h.kind == kind]

    office = databases("geschaeftsstelle")
    meeting = laptop.ids["meeting"]
    laptop.meetings.save(replace(laptop.meetings.get(meeting), venue_address="Hauptstraße 1"))
    laptop.volunteering.save_volunteer(VolunteerData(person_id=laptop.ids["meyer"], ortschaft="Groß Schneen"))
    send(laptop, office, tmp_path, "erstes")
    assert found(office, "hauptstrasse", "meeting") == ["Sozialraumkonferenz Bovenden"]
    assert found(office, "gross schneen", "volunteer") == found(office, "kim meyer", "volunteer") == ["Kim Meyer"]
    assert found(office, "fruehe hilfen", "network") == ["AK Frühe Hilfen Bovenden"]

    laptop.meetings.save(replace(laptop.meetings.get(meeting), venue_address="Lindenallee 3"))
    meyer = laptop.actors.get_person(laptop.ids["meyer"])
    laptop.actors.save_person(PersonData(**{**meyer.__dict__, "last_name": "Mäder"}))
    send(laptop, office, tmp_path, "zweites")
    assert found(office, "lindenallee", "meeting") == ["Sozialraumkonferenz Bovenden"]
    assert found(office, "hauptstrasse", "meeting") == []
    assert found(office, "maeder schneen", "volunteer") == ["Kim Mäder"]


def test_wrong_password_tampered_or_foreign_file_leave_the_database_unchanged(laptop, databases, tmp_path):
    office = databases("geschaeftsstelle")
    path = tmp_path / "paket.sozdp"
    laptop.exchange.export_package("Geschäftsstelle", path, PASSWORD)
    before = office.exchange.content()

    with pytest.raises(WrongPasswordError):
        office.exchange.import_package(path, "falsch")
    tampered = tmp_path / "veraendert.sozdp"
    blob = bytearray(path.read_bytes())
    blob[-40] ^= 0x01
    tampered.write_bytes(bytes(blob))
    with pytest.raises(SealedFileError, match="verändert"):
        office.exchange.import_package(tampered, PASSWORD)
    not_a_package = tmp_path / "liste.sozdp"
    not_a_package.write_text("Name;Ort\nFamilienzentrum;Bovenden\n", encoding="utf-8")
    with pytest.raises(SealedFileError, match="keine verschlüsselte Datei"):
        office.exchange.import_package(not_a_package, PASSWORD)
    if laptop.engine.dialect.name == "sqlite":  # sealed copies are of database files; a server has pg_dump
        copy = tmp_path / "kopie.sozk"
        laptop.security.write_backup(copy, PASSWORD)
        with pytest.raises(PackageError, match="Sicherung, kein Datenpaket"):
            office.exchange.import_package(copy, PASSWORD)
    with pytest.raises(ExchangeError, match="aus dieser Datenbank selbst"):
        laptop.exchange.import_package(path, PASSWORD)

    assert office.exchange.content() == before
    assert office.exchange.partners() == []


def test_region_scope_shares_that_region_with_everything_its_records_refer_to(laptop, databases, tmp_path):
    elsewhere = organisation(laptop, "Jugendtreff Duderstadt", sozialraum="Duderstadt")
    commuter = person(laptop, "Wagner", "Jonas", sozialraum="Duderstadt", org=elsewhere)
    laptop.networks.add_members(laptop.ids["network"], person_ids=[commuter])  # an SR-E person in an SR-B network
    alone = person(laptop, "Fischer", "Lena", sozialraum="Duderstadt")
    office = databases("geschaeftsstelle")

    path = tmp_path / "region.sozdp"
    laptop.exchange.export_package("Geschäftsstelle", path, PASSWORD, region="SR-B")
    package = read_package(path, PASSWORD)
    assert package["scope"] == {"region": "SR-B", "ohne_ehrenamt": False}
    shared = {(r["table"], r["uuid"]) for r in package["records"]}
    assert ("person", uuid_of(laptop, Person, commuter)) in shared  # referenced by the network membership
    assert ("person", uuid_of(laptop, Person, alone)) not in shared
    assert ("organisation", uuid_of(laptop, Organisation, elsewhere)) not in shared  # not referred to
    assert ("meeting", uuid_of(laptop, Meeting, laptop.ids["meeting"])) in shared

    result = office.exchange.import_package(path, PASSWORD)
    assert not result.warnings  # every reference resolved
    network = id_of(office, Network, uuid_of(laptop, Network, laptop.ids["network"]))
    assert {m.name for m in office.networks.members(network)} >= {"Jonas Wagner", "Familienzentrum Regenbogen"}

    # later the whole district: what was not shared yet goes now, what was shared does not go again
    path = tmp_path / "alles.sozdp"
    laptop.exchange.export_package("Geschäftsstelle", path, PASSWORD)
    rest = {(r["table"], r["uuid"]) for r in read_package(path, PASSWORD)["records"]}
    assert ("person", uuid_of(laptop, Person, alone)) in rest and not rest & shared
    office.exchange.import_package(path, PASSWORD)
    assert office.exchange.content() == laptop.exchange.content()


def test_without_volunteers_leaves_their_personal_data_at_home(laptop, databases, tmp_path):
    helper = person(laptop, "Becker", "Jan", sozialraum="Bovenden")
    laptop.volunteering.save_volunteer(
        VolunteerData(person_id=helper, skills="Fahrdienst", interests=["Senioren"], availability=[(0, "vormittags")])
    )
    laptop.meetings.invite(laptop.ids["meeting"], [helper])
    path = tmp_path / "ohne.sozdp"
    laptop.exchange.export_package("Geschäftsstelle", path, PASSWORD, without_volunteers=True)
    package = read_package(path, PASSWORD)
    assert package["scope"]["ohne_ehrenamt"] is True
    tables = {r["table"] for r in package["records"]}
    assert not tables & {"volunteer", "volunteer_availability", "placement"}
    text_of_package = json.dumps(package, ensure_ascii=False)
    assert "Becker" not in text_of_package and "Fahrdienst" not in text_of_package
    assert "Schulz" in text_of_package  # the professional contacts go along

    office = databases("geschaeftsstelle")
    result = office.exchange.import_package(path, PASSWORD)
    assert not result.warnings
    invited = {row.person.last_name for row in office.meetings.invitees(office.meetings.meetings()[0].id)}
    assert invited == {"Schulz", "Meyer"}  # the invitation of the volunteer stayed at home


def conflict_titles(result) -> set[str]:
    return {c.title for c in result.conflicts}


@pytest.fixture
def trio(laptop, databases, tmp_path):
    """Laptop A, the Geschäftsstelle and laptop B with the same records, then edited offline on all three."""
    a, office, b = laptop, databases("geschaeftsstelle"), databases("laptop-b")
    b.profile.save("Ben Muster", region(b, "SR-B"))
    send(a, office, tmp_path, "a-start", partner="Geschäftsstelle")
    send(office, b, tmp_path, "gs-start", partner="Laptop B")
    uuids = {
        "fz": uuid_of(a, Organisation, a.ids["fz"]),
        "meyer": uuid_of(a, Person, a.ids["meyer"]),
        "schulz": uuid_of(a, Person, a.ids["schulz"]),
        "meeting": uuid_of(a, Meeting, a.ids["meeting"]),
        "network": uuid_of(a, Network, a.ids["network"]),
    }

    def local(ctx, model, key):
        return id_of(ctx, model, uuids[key])

    # A: the phone of the Familienzentrum, Meyer's function, a new organisation, the minutes of the TOP
    fz = a.actors.get_organisation(local(a, Organisation, "fz"))
    fz.phone = "05594 111111"
    a.actors.save_organisation(fz)
    meyer = a.actors.get_person(local(a, Person, "meyer"))
    meyer.function = "Koordination Frühe Hilfen"
    a.actors.save_person(meyer)
    organisation(a, "Kita Sonnenschein", themes=["Kinder"])
    item = a.meetings.agenda(local(a, Meeting, "meeting"))[0]
    a.meetings.save_minutes(item.id, "Bericht über die Elternabende.")
    # B: the same phone differently (conflict), erases Schulz, a new person, deletes the meeting (conflict with A's TOP)
    fz = b.actors.get_organisation(local(b, Organisation, "fz"))
    fz.phone, fz.website = "05594 222222", "https://regenbogen.example.org"
    b.actors.save_organisation(fz)
    b.privacy.erase_person(local(b, Person, "schulz"))
    person(b, "Yilmaz", "Deniz", org=local(b, Organisation, "fz"))
    b.meetings.delete(local(b, Meeting, "meeting"))
    # the Geschäftsstelle: the network's description
    network = office.networks.get(local(office, Network, "network"))
    network.description = "Treffen vierteljährlich im Familienzentrum"
    office.networks.save(network)
    return a, office, b, uuids


STEPS = {
    "erst A, dann B zur Geschäftsstelle": [("a", "gs"), ("b", "gs"), ("gs", "a"), ("gs", "b")],
    "erst B, dann A zur Geschäftsstelle": [("b", "gs"), ("gs", "b"), ("a", "gs"), ("gs", "a"), ("gs", "b")],
    "A und B direkt, dann über die Geschäftsstelle": [("a", "b"), ("b", "a"), ("b", "gs"), ("gs", "a"), ("a", "gs")],
}


@pytest.mark.parametrize("choice", ["mein", "dein"])
@pytest.mark.parametrize("order", list(STEPS))
def test_three_databases_converge_in_any_order_with_conflicts_reported(trio, tmp_path, order, choice):
    a, office, b, uuids = trio
    sites = {"a": a, "gs": office, "b": b}
    reported = []
    for n, (source, target) in enumerate(STEPS[order]):
        path = tmp_path / f"{n}-{source}-{target}.sozdp"
        sites[source].exchange.export_package(target, path, PASSWORD)
        try:
            result = sites[target].exchange.import_package(path, PASSWORD)
        except ConflictsPending as pending:
            assert all(c.fields or c.situation for c in pending.conflicts)
            result = sites[target].exchange.import_package(path, PASSWORD, on_conflict=choice)
        reported.extend(result.conflicts)
    # whatever happened, a few more rounds through the Geschäftsstelle bring everyone to the same state
    for n in range(3):
        for source, target in (("a", "gs"), ("b", "gs"), ("gs", "a"), ("gs", "b")):
            path = tmp_path / f"runde{n}-{source}-{target}.sozdp"
            sites[source].exchange.export_package(target, path, PASSWORD)
            reported.extend(sites[target].exchange.import_package(path, PASSWORD, on_conflict=choice).conflicts)
        if a.exchange.content() == office.exchange.content() == b.exchange.content():
            break
    assert a.exchange.content() == office.exchange.content() == b.exchange.content()

    titles = {c.title for c in reported}
    assert "Organisation „Familienzentrum Regenbogen“" in titles  # phone changed on both laptops
    phone_rows = [f for c in reported if c.uuid == uuids["fz"] for f in c.fields if f.label == "Telefon"]
    assert {(f.mine, f.theirs) for f in phone_rows} & {
        ("05594 111111", "05594 222222"),
        ("05594 222222", "05594 111111"),
    }
    assert any(c.table == "agenda_item" and "gelöscht" in c.situation for c in reported)  # edited here, deleted there

    final = a.exchange.content()
    assert uuids["schulz"] not in final["person"]  # the erasure reached everyone
    assert "Koordination Frühe Hilfen" in {p["function"] for p in final["person"].values()}  # no conflict: taken
    assert {p["last_name"] for p in final["person"].values()} >= {"Meyer", "Yilmaz"}
    assert "Kita Sonnenschein" in {o["name"] for o in final["organisation"].values()}
    assert final["network"][uuids["network"]]["description"] == "Treffen vierteljährlich im Familienzentrum"
    assert final["organisation"][uuids["fz"]]["phone"] in ("05594 111111", "05594 222222")  # one version, decided
    meeting_kept = uuids["meeting"] in final["meeting"]
    minutes = {i["minutes"] for i in final["agenda_item"].values()}
    assert meeting_kept == ("Bericht über die Elternabende." in minutes)  # a kept TOP keeps its meeting


def test_an_undecided_conflict_is_shown_side_by_side_and_nothing_is_written(trio, tmp_path):
    a, office, b, uuids = trio
    send(a, office, tmp_path, "a-gs")
    path = tmp_path / "b-gs.sozdp"
    b.exchange.export_package("Geschäftsstelle", path, PASSWORD)
    before = office.exchange.content()

    preview = office.exchange.read(path, PASSWORD)
    assert preview.dry_run and len(preview.conflicts) >= 2
    with pytest.raises(ConflictsPending, match="Konflikt") as pending:
        office.exchange.import_package(path, PASSWORD)
    assert office.exchange.content() == before
    fz = next(c for c in pending.value.conflicts if c.uuid == uuids["fz"])
    assert fz.situation == "hier und im Paket geändert"
    rows = {f.label: (f.mine, f.theirs) for f in fz.fields}
    # only the field changed on both sides is a conflict; B's website (changed only there) merges by itself
    assert rows == {"Telefon": ("05594 111111", "05594 222222")}

    # decided one by one: B's phone for the Familienzentrum, the rest kept as here
    decisions = {c.uuid: "mein" for c in pending.value.conflicts} | {uuids["fz"]: "dein"}
    result = office.exchange.import_package(path, PASSWORD, decisions=decisions)
    assert result.took_theirs == 1 and result.kept_mine == len(result.conflicts) - 1
    assert office.exchange.content()["organisation"][uuids["fz"]]["phone"] == "05594 222222"
    assert office.exchange.content()["organisation"][uuids["fz"]]["website"] == "https://regenbogen.example.org"
    assert uuids["meeting"] in office.exchange.content()["meeting"]  # its TOP was kept, so the meeting stays
    again = office.exchange.import_package(path, PASSWORD)  # decided once, not asked again
    assert (again.created, again.updated, again.deleted, len(again.conflicts)) == (0, 0, 0, 0)


def test_command_line_exports_and_imports_with_one_summary_line(laptop, databases, tmp_path, monkeypatch, capsys):
    from sozialkoordination.__main__ import main

    office = databases("geschaeftsstelle")
    office_url = office.db_url
    office.close()
    monkeypatch.setenv("SOZIALKOORDINATION_DATEI_KENNWORT", PASSWORD)
    out = tmp_path / "an-gs.sozdp"
    assert (
        main(["--db", laptop.db_url, "exchange", "export", "--to", "Geschäftsstelle", str(out), "--region", "SR-B"])
        == 0
    )
    line = capsys.readouterr().out.strip()
    assert line.startswith("Datenpaket für Geschäftsstelle geschrieben: ") and "0 Löschungen" in line
    assert read_package(out, PASSWORD)["scope"]["region"] == "SR-B"

    assert main(["--db", office_url, "exchange", "import", str(out)]) == 0
    line = capsys.readouterr().out.strip()
    assert line.startswith("Datenpaket von Anna Beispiel (Adelebsen/Bovenden) eingelesen: ")
    assert "0 aktualisiert, 0 gelöscht, 0 Konflikte." in line

    # the package got lost: --alles sends the whole scope again, reading it in changes nothing
    again = tmp_path / "nochmal.sozdp"
    command = ["--db", laptop.db_url, "exchange", "export", "--to", "Geschäftsstelle", str(again), "--region", "SR-B"]
    assert main(command) == 0 and "0 Einträge" in capsys.readouterr().out
    assert main([*command, "--alles"]) == 0
    assert len(read_package(again, PASSWORD)["records"]) == len(read_package(out, PASSWORD)["records"])
    capsys.readouterr()
    assert main(["--db", office_url, "exchange", "import", str(again)]) == 0
    assert "0 neu, 0 aktualisiert, 0 gelöscht, 0 Konflikte." in capsys.readouterr().out

    # a wrong password and a changed file: exit 1 with a German message, the database unchanged
    check = open_context(office_url)
    before = check.exchange.content()
    check.close()
    monkeypatch.setenv("SOZIALKOORDINATION_DATEI_KENNWORT", "falsch")
    assert main(["--db", office_url, "exchange", "import", str(out)]) == 1
    assert "Das Kennwort ist falsch" in capsys.readouterr().err
    monkeypatch.setenv("SOZIALKOORDINATION_DATEI_KENNWORT", PASSWORD)
    blob = bytearray(out.read_bytes())
    blob[len(blob) // 2] ^= 0xFF
    changed = tmp_path / "veraendert.sozdp"
    changed.write_bytes(bytes(blob))
    assert main(["--db", office_url, "exchange", "import", str(changed)]) == 1
    assert "verändert oder ist beschädigt" in capsys.readouterr().err
    check = open_context(office_url)
    assert check.exchange.content() == before
    check.close()


def test_command_line_import_with_conflicts_needs_a_decision(trio, tmp_path, monkeypatch, capsys):
    from sozialkoordination.__main__ import main

    a, office, b, uuids = trio
    send(a, office, tmp_path, "a-gs")
    out = tmp_path / "b-gs.sozdp"
    b.exchange.export_package("Geschäftsstelle", out, PASSWORD)
    monkeypatch.setenv("SOZIALKOORDINATION_DATEI_KENNWORT", PASSWORD)
    assert main(["--db", office.db_url, "exchange", "import", str(out)]) == 1
    message = capsys.readouterr().err
    assert "2 Konflikt(e)" in message and "--bei-konflikt mein|dein" in message
    assert main(["--db", office.db_url, "exchange", "import", str(out), "--bei-konflikt", "dein"]) == 0
    printed = capsys.readouterr().out
    assert "2 Konflikte (meine behalten: 0, aus dem Paket übernommen: 2)." in printed
    assert "Konflikt: Organisation „Familienzentrum Regenbogen“ – hier und im Paket geändert" in printed
    assert "    Telefon: hier „05594 111111“ – im Paket „05594 222222“" in printed  # each conflicting field
    assert office.exchange.content()["organisation"][uuids["fz"]]["phone"] == "05594 222222"


def test_records_created_twice_offline_become_one_record_everywhere(laptop, databases, tmp_path):
    from decimal import Decimal

    from sozialkoordination.budget.service import ApplicationData

    a, office, b = laptop, databases("geschaeftsstelle"), databases("laptop-b")
    send(a, office, tmp_path, "start-a")
    send(office, b, tmp_path, "start-b")
    kita_uuid = uuid_of(a, Organisation, organisation(a, "Kita Pusteblume"))
    send(a, office, tmp_path, "kita-a")
    send(office, b, tmp_path, "kita-b")
    meyer_uuid = uuid_of(a, Person, a.ids["meyer"])
    for ctx, role in ((a, "Elternvertretung"), (b, "Förderverein")):  # Meyer works for the Kita, entered twice
        meyer = ctx.actors.get_person(id_of(ctx, Person, meyer_uuid))
        meyer.affiliations.append(AffiliationData(organisation_id=id_of(ctx, Organisation, kita_uuid), role=role))
        ctx.actors.save_person(meyer)
    for ctx in (a, b):  # the same budget for Bovenden 2027 on both laptops
        ctx.budget.set_budget(raum(ctx, "Bovenden"), 2027, Decimal("12000.00"))
    b.budget.save_application(
        raum(b, "Bovenden"), 2027, ApplicationData(purpose="Spielplatzfest", requested_amount=Decimal("800.00"))
    )

    reported = []
    for n in range(3):
        for source, target in ((a, office), (b, office), (office, a), (office, b)):
            path = tmp_path / f"{n}-{id(source)}-{id(target)}.sozdp"
            source.exchange.export_package(f"p{id(target)}", path, PASSWORD)
            result = target.exchange.import_package(path, PASSWORD, on_conflict="dein")
            reported.extend(result.conflicts)
    assert a.exchange.content() == office.exchange.content() == b.exchange.content()
    final = a.exchange.content()
    budgets = [d for d in final["sozialraum_budget"].values() if d["year"] == 2027]
    assert len(budgets) == 1 and budgets[0]["amount"] == "12000.00"  # the same content: joined without asking
    kita_links = [d for d in final["affiliation"].values() if d["organisation_id"] == kita_uuid]
    assert len(kita_links) == 1 and kita_links[0]["role"] in ("Elternvertretung", "Förderverein")
    assert any(c.table == "affiliation" and c.situation == "hier und im Paket neu angelegt" for c in reported)
    application = next(iter(final["budget_application"].values()))
    assert application["purpose"] == "Spielplatzfest"
    assert application["budget_id"] == min(final["sozialraum_budget"])  # under the surviving budget


def test_the_whole_demo_database_arrives_identical_and_a_second_package_is_empty(context, databases, tmp_path):
    from sozialkoordination.demo.service import DemoService

    DemoService(context.session_factory).generate()
    office = databases("geschaeftsstelle")
    path = tmp_path / "alles.sozdp"
    summary = context.exchange.export_package("Geschäftsstelle", path, PASSWORD)
    mine = context.exchange.content()
    assert summary.records == sum(len(rows) for rows in mine.values())
    assert all(mine[t] for t in mine if t != "relationship")  # every kind of record is part of the test
    result = office.exchange.import_package(path, PASSWORD)
    assert result.created == summary.records and not result.warnings and not result.conflicts
    assert office.exchange.content() == mine
    assert context.exchange.export_package("Geschäftsstelle", tmp_path / "leer.sozdp", PASSWORD).records == 0
    hits = office.search.search("Familienzentrum")  # the office finds the new records as if typed in
    assert hits


def test_a_change_after_restoring_an_older_state_still_reaches_the_partner(laptop, databases, tmp_path):
    from sqlalchemy import update as sql_update

    from sozialkoordination.models import ExchangeRecord

    office = databases("geschaeftsstelle")
    send(laptop, office, tmp_path, "start")
    fz_uuid = uuid_of(laptop, Organisation, laptop.ids["fz"])
    with laptop.session_factory() as s:
        older = s.scalar(select(ExchangeRecord.clock).where(ExchangeRecord.uuid == fz_uuid))
    fz = laptop.actors.get_organisation(laptop.ids["fz"])
    fz.phone = "05594 55555"
    laptop.actors.save_organisation(fz)
    send(laptop, office, tmp_path, "vor-der-sicherung")
    # the laptop goes back to its state before that change (as when an older backup is restored) …
    fz = laptop.actors.get_organisation(laptop.ids["fz"])
    fz.phone = "05594 1234"
    laptop.actors.save_organisation(fz)
    restored = fingerprint(laptop.exchange.content()["organisation"][fz_uuid])
    with laptop.session_factory.begin() as s:
        s.execute(
            sql_update(ExchangeRecord).where(ExchangeRecord.uuid == fz_uuid).values(clock=older, fingerprint=restored)
        )
    # … and is changed again: the partner takes the new change, it does not mistake it for the old one
    fz = laptop.actors.get_organisation(laptop.ids["fz"])
    fz.phone = "05594 77777"
    laptop.actors.save_organisation(fz)
    result = send(laptop, office, tmp_path, "nach-der-sicherung")
    assert result.updated == 1 and not result.conflicts
    assert office.exchange.content()["organisation"][fz_uuid]["phone"] == "05594 77777"


def test_an_erasure_leaves_no_fingerprint_of_the_persons_data_in_the_exchange_records(laptop, tmp_path):
    from sozialkoordination.models import Consent, ExchangeRecord

    laptop.exchange.export_package("Geschäftsstelle", tmp_path / "vorher.sozdp", PASSWORD)  # records get their rows
    with laptop.session_factory() as s:
        consent_uuid = s.scalar(select(Consent.uuid).where(Consent.person_id == laptop.ids["schulz"]))
    schulz_uuid = uuid_of(laptop, Person, laptop.ids["schulz"])
    laptop.privacy.erase_person(laptop.ids["schulz"])
    with laptop.session_factory() as s:
        rows = {
            (r.table_name, r.uuid): r
            for r in s.scalars(select(ExchangeRecord).where(ExchangeRecord.uuid.in_([schulz_uuid, consent_uuid])))
        }
    assert rows[("person", schulz_uuid)].fingerprint == "" and rows[("person", schulz_uuid)].deleted_at
    assert rows[("consent", consent_uuid)].fingerprint == ""  # a part deleted by the database goes the same way
    package = laptop.exchange.export_package("Geschäftsstelle", tmp_path / "nachher.sozdp", PASSWORD)
    deleted = {(d["table"], d["uuid"]) for d in read_package(package.path, PASSWORD)["deletions"]}
    assert {("person", schulz_uuid), ("consent", consent_uuid)} <= deleted


# -- laptops set up from copies of one database --------------------------------------------------------------------
def _copies(tmp_path, how: str):
    """The Geschäftsstelle with the demo data, and laptops A and B made from it: with the app's backup (the engine
    open) or as plain file copies while no engine is open."""
    import shutil

    from sozialkoordination.demo.service import DemoService

    folder = tmp_path / "drei"
    folder.mkdir()
    urls = {name: f"sqlite:///{folder / name}.sqlite" for name in ("gs", "a", "b")}
    office = open_context(urls["gs"])
    DemoService(office.session_factory).generate()
    if how == "backup":
        for name in ("a", "b"):
            office.security.write_backup(folder / f"{name}.sqlite")
    else:
        office.close()
        for name in ("a", "b"):
            shutil.copyfile(folder / "gs.sqlite", folder / f"{name}.sqlite")
        office = open_context(urls["gs"])
    sites = {"gs": office, "a": open_context(urls["a"]), "b": open_context(urls["b"])}
    sites["a"].profile.save("Anna Beispiel", None)
    sites["b"].profile.save("Ben Muster", None)
    return sites


def _edit(ctx, model, uuid: str, **changes) -> None:
    get, save = (
        (ctx.actors.get_organisation, ctx.actors.save_organisation)
        if model is Organisation
        else (ctx.actors.get_person, ctx.actors.save_person)
    )
    data = get(id_of(ctx, model, uuid))
    for name, value in changes.items():
        setattr(data, name, value)
    save(data)


def _overlapping_edits(sites) -> dict[str, str]:
    """Offline on all three: different fields of one organisation (A the phone, B the website, the office the
    notes), the same field of another (the phone on both laptops), and the office's own note on a person whose
    function laptop A changes."""
    office = sites["gs"]
    with office.session_factory() as s:
        orgs = list(s.scalars(select(Organisation.uuid).order_by(Organisation.id).limit(2)))
        person_uuid = s.scalar(select(Person.uuid).order_by(Person.id).limit(1))
    uuids = {"both_fields": orgs[0], "same_field": orgs[1], "person": person_uuid}
    _edit(sites["a"], Organisation, uuids["both_fields"], phone="05506 111111")
    _edit(sites["b"], Organisation, uuids["both_fields"], website="https://buero-b.example.org")
    _edit(office, Organisation, uuids["both_fields"], notes="Neue Ansprechperson ab Januar.")
    _edit(sites["a"], Organisation, uuids["same_field"], phone="05506 222222")
    _edit(sites["b"], Organisation, uuids["same_field"], phone="05506 333333")
    _edit(sites["a"], Person, uuids["person"], function="Fachdienstleitung Soziales")
    _edit(office, Person, uuids["person"], notes="Vertretung: Frau Rittmeier.")
    return uuids


def _rounds(sites, tmp_path, order, decide="dein"):
    """Packages for three rounds in the given order; conflicts are first reported, then decided."""
    reported = []
    for n in range(3):
        for source, target in order:
            path = tmp_path / f"{n}-{source}-{target}.sozdp"
            sites[source].exchange.export_package(target, path, PASSWORD)
            try:
                sites[target].exchange.import_package(path, PASSWORD)
            except ConflictsPending as pending:
                reported.extend(pending.conflicts)
                sites[target].exchange.import_package(path, PASSWORD, on_conflict=decide)
    return reported


ORDERS = {
    "A zuerst": [("a", "gs"), ("b", "gs"), ("gs", "a"), ("gs", "b")],
    "B zuerst": [("b", "gs"), ("a", "gs"), ("gs", "b"), ("gs", "a")],
}


@pytest.mark.sqlite_only("copies of the database file")
@pytest.mark.parametrize("order", list(ORDERS))
def test_laptops_from_backups_converge_and_merge_edits_field_by_field(tmp_path, order):
    sites = _copies(tmp_path, "backup")
    try:
        ids = {name: ctx.exchange.site_id() for name, ctx in sites.items()}
        assert len(set(ids.values())) == 3  # each copy has an exchange identity of its own
        uuids = _overlapping_edits(sites)
        reported = _rounds(sites, tmp_path, ORDERS[order])

        contents = [ctx.exchange.content() for ctx in sites.values()]
        assert contents[0] == contents[1] == contents[2]
        final = contents[0]
        org = final["organisation"][uuids["both_fields"]]
        assert (org["phone"], org["website"], org["notes"]) == (
            "05506 111111",
            "https://buero-b.example.org",
            "Neue Ansprechperson ab Januar.",
        )  # edits to different fields all survive, without asking
        person_ = final["person"][uuids["person"]]
        assert (person_["function"], person_["notes"]) == ("Fachdienstleitung Soziales", "Vertretung: Frau Rittmeier.")
        # the same field on both laptops: one conflict, shown field by field, decided once
        assert [c.uuid for c in reported] == [uuids["same_field"]]
        assert [(f.label, f.field) for f in reported[0].fields] == [("Telefon", "phone")]
        assert {reported[0].fields[0].mine, reported[0].fields[0].theirs} == {"05506 222222", "05506 333333"}
        assert final["organisation"][uuids["same_field"]]["phone"] in ("05506 222222", "05506 333333")
    finally:
        for ctx in sites.values():
            ctx.close()


@pytest.mark.sqlite_only("copies of the database file")
@pytest.mark.parametrize("order", list(ORDERS))
def test_laptops_from_file_copies_compare_at_first_contact_and_converge(tmp_path, order):
    """Plain file copies of a database that never exchanged: nobody knows the common start, so every field that
    differs is a conflict at first contact – shown field by field, never skipped as "already known"."""
    sites = _copies(tmp_path, "file")
    try:
        assert len({ctx.exchange.site_id() for ctx in sites.values()}) == 3
        uuids = _overlapping_edits(sites)
        reported = _rounds(sites, tmp_path, ORDERS[order])

        contents = [ctx.exchange.content() for ctx in sites.values()]
        assert contents[0] == contents[1] == contents[2]
        fields = {(c.uuid, f.field) for c in reported for f in c.fields}
        assert (uuids["same_field"], "phone") in fields
        assert (uuids["both_fields"], "phone") in fields or (uuids["both_fields"], "notes") in fields
        assert all(c.situation == "hier und im Paket geändert" and c.fields for c in reported)
        # nothing is lost silently: every edit survived, or its field was shown as a conflict and decided
        final = contents[0]
        edits = [
            ("both_fields", "organisation", "phone", "05506 111111"),
            ("both_fields", "organisation", "website", "https://buero-b.example.org"),
            ("both_fields", "organisation", "notes", "Neue Ansprechperson ab Januar."),
            ("person", "person", "function", "Fachdienstleitung Soziales"),
            ("person", "person", "notes", "Vertretung: Frau Rittmeier."),
        ]
        for key, table, name, value in edits:
            assert final[table][uuids[key]][name] == value or (uuids[key], name) in fields, (table, name)
    finally:
        for ctx in sites.values():
            ctx.close()


@pytest.mark.sqlite_only("copies of the database file")
def test_a_copy_of_a_database_that_has_exchanged_gets_its_own_identity(laptop, databases, tmp_path):
    office = databases("geschaeftsstelle")
    send(laptop, office, tmp_path, "erst", partner="Geschäftsstelle")
    first_id = laptop.exchange.site_id()
    laptop.security.write_backup(tmp_path / "zweitgeraet.sqlite")
    second = open_context(f"sqlite:///{tmp_path / 'zweitgeraet.sqlite'}")
    try:
        assert second.exchange.site_id() != first_id
        assert laptop.exchange.site_id() == first_id  # the original keeps its identity
        # both change the same field; the office sees a conflict instead of one silently replacing the other
        fz = uuid_of(laptop, Organisation, laptop.ids["fz"])
        _edit(laptop, Organisation, fz, phone="05594 444444")
        _edit(second, Organisation, fz, phone="05594 555555")
        send(laptop, office, tmp_path, "original", partner="Geschäftsstelle")
        with pytest.raises(ConflictsPending) as pending:
            send(second, office, tmp_path, "zweitgeraet", partner="Geschäftsstelle")
        assert [(f.field, f.mine, f.theirs) for f in pending.value.conflicts[0].fields] == [
            ("phone", "05594 444444", "05594 555555")
        ]
    finally:
        second.close()
    # a restored database is not the one its partners know either
    laptop.security.restore(tmp_path / "zweitgeraet.sqlite")
    assert laptop.exchange.site_id() != first_id

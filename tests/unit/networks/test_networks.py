"""Networks with member history, member lists read back, and the gap tables on a constructed example."""

from datetime import date

import docx
import openpyxl
import pytest

from sozialkoordination.actors.service import AffiliationData, OrganisationData, PersonData
from sozialkoordination.core.errors import ValidationError
from sozialkoordination.networks.dto import NetworkData
from sozialkoordination.networks.service import NetworkService

TODAY = date(2026, 3, 10)


@pytest.fixture
def networks(context):
    return NetworkService(context.session_factory, today=lambda: TODAY)


@pytest.fixture
def actors(context):
    raum = context.areas.find_sozialraum
    a = context.actors
    ids = {
        "fz": a.save_organisation(
            OrganisationData(
                name="Familienzentrum Regenbogen",
                org_type="Familienzentrum",
                street="Am Anger",
                house_number="3",
                postcode="37120",
                city="Bovenden",
                email="info@fz.example",
                sozialraum_id=raum("Bovenden").id,
            )
        ),
        "kita": a.save_organisation(
            OrganisationData(name="Kita Pusteblume", org_type="Kita", sozialraum_id=raum("Bovenden").id)
        ),
        "schule": a.save_organisation(
            OrganisationData(name="Grundschule Adelebsen", org_type="Schule", sozialraum_id=raum("Adelebsen").id)
        ),
    }
    ids["schulz"] = a.save_person(
        PersonData(
            salutation="Frau",
            title="Dr.",
            first_name="Anna",
            last_name="Schulz",
            email="a@fz.example",
            phone="0551 123",
            affiliations=[AffiliationData(ids["fz"])],
        )
    )
    ids["lang"] = a.save_person(PersonData(first_name="Eva", last_name="Lang", sozialraum_id=raum("Adelebsen").id))
    return ids


def test_network_members_with_history(context, networks, actors, tmp_path):
    region = context.areas.find_region("SR-B").id
    with pytest.raises(ValidationError) as error:
        networks.save(NetworkData(name=" ", level="sozialregion"))
    assert set(error.value.fields) == {"name", "sozialregion_id"}
    network_id = networks.save(
        NetworkData(
            name="Netzwerk Frühe Hilfen Nord",
            network_type="Netzwerk",
            sozialregion_id=region,
            description="Austausch zu Frühen Hilfen",
        )
    )
    start = date(2025, 1, 1)
    assert networks.add_members(network_id, [actors["fz"], actors["kita"]], [actors["schulz"]], valid_from=start) == 3
    assert networks.add_members(network_id, [actors["fz"]], [actors["lang"]], role="Gast") == 1  # fz is a member
    members = networks.members(network_id)
    assert [(m.name, m.role, m.valid_from) for m in members] == [
        ("Dr. Anna Schulz", "Mitglied", start),
        ("Eva Lang", "Gast", TODAY),
        ("Familienzentrum Regenbogen", "Mitglied", start),
        ("Kita Pusteblume", "Mitglied", start),
    ]
    kita = next(m for m in members if m.name == "Kita Pusteblume")
    with pytest.raises(ValidationError):
        networks.end_membership(kita.membership_id, date(2024, 12, 1))  # before it began
    networks.end_membership(kita.membership_id, date(2026, 3, 9))
    members = networks.members(network_id)
    assert [(m.name, m.active) for m in members][-1] == ("Kita Pusteblume", False)  # former members stay, last
    assert len(networks.members(network_id, include_former=False)) == 3
    assert networks.add_members(network_id, [actors["kita"]]) == 1  # may join again
    sprecherin = next(m for m in members if m.name == "Dr. Anna Schulz")
    networks.update_membership(sprecherin.membership_id, "Sprecher*in", date(2025, 1, 1), None)
    assert networks.members(network_id)[0].role == "Sprecher*in"

    count = networks.export_members(network_id, tmp_path / "mitglieder.xlsx")
    assert count == 4
    rows = list(openpyxl.load_workbook(tmp_path / "mitglieder.xlsx").active.iter_rows(values_only=True))
    assert rows[0][:4] == ("Name", "Organisation / Art", "Rolle", "E-Mail")
    schulz = next(r for r in rows if r[0] == "Dr. Anna Schulz")
    assert schulz[1:7] == (
        "Familienzentrum Regenbogen",
        "Sprecher*in",
        "a@fz.example",
        "0551 123",
        "Am Anger 3",
        "37120 Bovenden",
    )
    networks.export_members(network_id, tmp_path / "mitglieder.docx")
    document = docx.Document(tmp_path / "mitglieder.docx")
    table = document.tables[-1]
    assert [c.text for c in table.rows[0].cells] == [
        "Name",
        "Organisation / Art",
        "Rolle",
        "E-Mail / Telefon",
        "Anschrift",
    ]
    assert any(row.cells[0].text == "Dr. Anna Schulz" and "a@fz.example" in row.cells[3].text for row in table.rows)
    assert "Mitgliederliste" in [p.text for p in document.paragraphs]


def test_gap_tables(context, networks, actors, tmp_path):
    region = context.areas.find_region("SR-B").id
    types = context.areas.sozialraeume(region)
    assert {r.name for r in types} >= {"Adelebsen", "Bovenden"}
    table = networks.type_gaps(region, ["Familienzentrum", "Kita", "Schule"])
    counts = dict(table.rows)
    assert counts["Bovenden"] == [1, 1, 0] and counts["Adelebsen"] == [0, 0, 1]
    assert ("Bovenden", "Schule") in table.gaps() and ("Adelebsen", "Kita") in table.gaps()

    network_id = networks.save(NetworkData(name="AK Jugend", level="landkreis"))
    networks.add_members(network_id, [actors["fz"]], [actors["lang"]])
    coverage = dict(networks.network_coverage(region, [network_id]).rows)
    assert coverage["Bovenden"] == [1] and coverage["Adelebsen"] == [1]  # Eva Lang by her own Sozialraum
    gaps = networks.export_gaps(
        tmp_path / "luecken.xlsx", {"Akteurstypen": table, "Netzwerke": networks.network_coverage(region, [network_id])}
    )
    book = openpyxl.load_workbook(tmp_path / "luecken.xlsx")
    assert book.sheetnames == ["Akteurstypen", "Netzwerke"]
    assert gaps == len(table.gaps()) + sum(1 for _r, c in coverage.items() if c == [0])

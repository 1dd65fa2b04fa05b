"""Weiße Flecken in the Sozialraumprofil, by what the coordinator chose to count: a region's profile has the table
of its Sozialräume (gaps in bold words, readable in black and white), a Sozialraum's profile names what it lacks."""

from docx import Document

from sozialkoordination.actors.service import OrganisationData
from sozialkoordination.networks.dto import DEFAULT_GAP_TYPES, GapChoice
from sozialkoordination.offers.service import AngebotData
from sozialkoordination.sozialraumprofil.service import ProfileReportService

BOVENDEN = "031590007"


def build(context) -> None:
    raum = context.areas.find_sozialraum
    fz = context.actors.save_organisation(
        OrganisationData(
            name="Familienzentrum Regenbogen",
            org_type="Familienzentrum",
            postcode="37120",
            city="Bovenden",
            sozialraum_id=raum("Bovenden").id,
        )
    )
    context.actors.save_organisation(
        OrganisationData(name="Grundschule Adelebsen", org_type="Schule", sozialraum_id=raum("Adelebsen").id)
    )
    context.offers.save(AngebotData(name="Elternkurs", kind="Kurs", life_phases=["familie"], organisation_id=fz))


def gap_table(path):
    doc = Document(str(path))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    tables = [t for t in doc.tables if t.rows[0].cells[0].text == "Art" and len(t.columns) > 2]
    return doc, headings, tables


def test_region_profile_has_the_gaps_of_each_sozialraum(context, tmp_path):
    build(context)
    context.networks.set_gap_choice(GapChoice(("Familienzentrum", "Schule", "Jugendpflege"), ("Kurs", "Beratung")))
    tree = context.indicators.area_tree()
    target = tmp_path / "region.docx"
    ProfileReportService.from_context(context).write(tree.regions["SR-B"], target)
    doc, headings, tables = gap_table(target)
    assert "Weiße Flecken je Sozialraum" in headings
    (table,) = tables
    rows = [[c.text for c in row.cells] for row in table.rows]
    assert rows[0] == ["Art", "Adelebsen", "Bovenden"]
    by_kind = {row[0]: row[1:] for row in rows[1:]}
    assert by_kind["Akteure"] == ["Akteure", "Akteure"]  # a group row across the table
    assert by_kind["Familienzentrum"] == ["fehlt", "1"] and by_kind["Schule"] == ["1", "fehlt"]
    assert by_kind["Jugendpflege"] == ["fehlt", "fehlt"]
    assert by_kind["Angebote"] == ["Angebote", "Angebote"]
    assert by_kind["Kurs"] == ["fehlt", "1"] and by_kind["Beratung"] == ["fehlt", "fehlt"]
    assert rows[-1] == ["Weiße Flecken", "4", "3"]
    gap = table.rows[[r[0] for r in rows].index("Kurs")].cells[1]
    assert all(run.bold for run in gap.paragraphs[0].runs)  # not by colour: a bold word
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "im Sozialraum, in dem sie stattfinden" in text
    assert "Nicht vertreten" not in text  # the region's table says it per Sozialraum


def test_sozialraum_profile_names_the_chosen_gaps(context, tmp_path):
    build(context)
    tree = context.indicators.area_tree()
    service = ProfileReportService.from_context(context)
    target = tmp_path / "bovenden.docx"
    service.write(tree.raeume[BOVENDEN], target)  # the usual six types, no offers
    doc, headings, tables = gap_table(target)
    assert "Weiße Flecken je Sozialraum" not in headings and not tables
    line = next(p.text for p in doc.paragraphs if p.text.startswith("Nicht vertreten"))
    assert line == "Nicht vertreten (weiße Flecken): " + ", ".join(DEFAULT_GAP_TYPES[1:]) + "."
    assert "Verein" not in line  # not chosen: not a gap

    context.networks.set_gap_choice(GapChoice(("Familienzentrum", "Schule"), ("Kurs", "Beratung"), ("familie",)))
    service.write(tree.raeume[BOVENDEN], target)
    doc, _headings, _tables = gap_table(target)
    line = next(p.text for p in doc.paragraphs if p.text.startswith("Nicht vertreten"))
    assert line == "Nicht vertreten (weiße Flecken): Schule; Angebote: Beratung (für Familie/Eltern)."


def test_region_profile_with_the_usual_choice_has_only_actor_rows(context, tmp_path):
    build(context)
    tree = context.indicators.area_tree()
    target = tmp_path / "region.docx"
    ProfileReportService.from_context(context).write(tree.regions["SR-B"], target)
    _doc, _headings, (table,) = gap_table(target)
    kinds = [row.cells[0].text for row in table.rows]
    assert kinds == ["Art", "Akteure", *DEFAULT_GAP_TYPES, "Weiße Flecken"]

"""The Sozialraumprofil: written for a Sozialraum and a Sozialregion and read back with python-docx."""

from datetime import date

import pytest
from docx import Document

from sozialkoordination.__main__ import main
from sozialkoordination.app import open_context
from sozialkoordination.core.enums import AreaLevel
from sozialkoordination.demo.service import DemoService
from sozialkoordination.indicators.service import IndicatorData
from sozialkoordination.models import IndicatorValue
from sozialkoordination.sozialraumprofil.service import ProfileReportService
from tests.conftest import DATABASES, new_database_url

BOVENDEN = "031590007"


@pytest.fixture(scope="module", params=DATABASES)
def demo_url(request, tmp_path_factory):
    """One demo database (with a small number for Bovenden) shared by the read-only tests of this module."""
    url = new_database_url(request, request.param, tmp_path_factory.mktemp("profil"))
    context = open_context(url)
    DemoService(context.session_factory).generate()
    indicator_id = context.indicators.save(IndicatorData(name="Inobhutnahmen", unit="Fälle", direction="higher_worse"))
    with context.session_factory.begin() as s:
        for raum in context.indicators.area_tree().areas(AreaLevel.SOZIALRAUM):
            for year in (2022, 2023):
                value = 2 if raum.key == BOVENDEN else 5 + year - 2022
                day = date(year, 12, 31)
                s.add(
                    IndicatorValue(
                        indicator_id=indicator_id,
                        area_level=AreaLevel.SOZIALRAUM,
                        area_key=raum.key,
                        reference_date=day,
                        value=value,
                        source="Jugendamt, Stand 2024",
                    )
                )
    context.close()
    return url


@pytest.fixture
def demo(demo_url):
    context = open_context(demo_url)
    yield context
    context.close()


def read_back(path):
    doc = Document(str(path))
    paragraphs = [p.text for p in doc.paragraphs]
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith(("Heading", "Title"))]
    cells = [[c.text for c in row.cells] for table in doc.tables for row in table.rows]
    return doc, paragraphs, headings, cells


def test_profile_of_a_sozialraum(demo, tmp_path):
    tree = demo.indicators.area_tree()
    target = tmp_path / "Sozialraumprofil Bovenden.docx"
    # its time is a benchmark target (benchmarks/targets.py, "Sozialraumprofil (Word)"), not a test's
    result = ProfileReportService.from_context(demo).write(tree.raeume[BOVENDEN], target, user_name="Kim Meyer")
    doc, paragraphs, headings, cells = read_back(target)
    assert headings[:2] == ["Bovenden", "Kennzahlen im Überblick"]
    for heading in (
        "Karte",
        "Entwicklung und Vergleich",
        "Akteure nach Art",
        "Netzwerke",
        "Sitzungen der letzten zwölf Monate",
        "Offene Aufgaben",
        "Bürgerbeteiligung",
        "Ehrenamt",
        "Quellen",
    ):
        assert heading in headings
    assert any("SOZIALREGION ADELEBSEN/BOVENDEN" in p for p in paragraphs)
    facts = {row[0]: row[1] for row in cells if len(row) == 2}
    assert facts["Sozialraum"] == "Bovenden" and facts["Erstellt"].endswith("von Kim Meyer")
    assert facts["Bevölkerung"].startswith("14.095 (Stand 31.12.2023)")
    rows = {row[0].split("\n")[0]: row for row in cells if len(row) == 6}
    assert rows["Inobhutnahmen"][2] == "< 3" and rows["Inobhutnahmen"][4] == "104"  # Landkreis: 17 × 6 + 2
    assert "im Landkreis" in rows["SGB-II-Quote (Demo)"][5]
    assert "Kennzahl" in rows  # the header row
    assert len(doc.inline_shapes) == result.charts == 7  # 3 × (trend + comparison) + map
    text = "\n".join(paragraphs)
    assert "© GeoBasis-DE / BKG 2025" in text and "Jugendamt, Stand 2024" in text
    assert "Werte unter 3 Personen" in text
    assert any(row[:2] == ["Art", "Anzahl"] for row in cells)


def test_profile_of_a_region_lists_its_sozialraeume(demo, tmp_path):
    tree = demo.indicators.area_tree()
    target = tmp_path / "region.docx"
    ProfileReportService.from_context(demo).write(tree.regions["SR-B"], target)
    _doc, paragraphs, headings, cells = read_back(target)
    assert headings[0] == "Adelebsen/Bovenden" and "Die Sozialräume der Region" in headings
    raeume = [row[0] for row in cells if row and row[0] in ("Adelebsen", "Bovenden")]
    assert "Adelebsen" in raeume and "Bovenden" in raeume
    bovenden = next(row for row in cells if row[0] == "Bovenden" and len(row) > 3)
    assert "< 3" in bovenden and "2" not in bovenden[1:]
    # Participation: one column per year, one row per measure, matching the participation service's figures
    header = next(row for row in cells if row[0] == "Beteiligung")
    years = [int(y) for y in header[1:]]
    participants = next(row for row in cells if row[0] == "Teilnehmende")
    expected = {}
    for raum, year, _activities, count, *_ in demo.participation.overview(tree.region_ids["SR-B"]):
        if raum not in ("Adelebsen", "Bovenden"):
            continue
        expected[year] = expected.get(year, 0) + count
    assert [int(n.replace(".", "")) for n in participants[1:]] == [expected[y] for y in years]
    assert any(row[0] == "Vorschläge umgesetzt" for row in cells)


def test_profile_of_an_empty_database_says_what_is_missing(context, tmp_path):
    tree = context.indicators.area_tree()
    target = tmp_path / "leer.docx"
    ProfileReportService.from_context(context).write(tree.raeume[BOVENDEN], target)
    _doc, paragraphs, _headings, _cells = read_back(target)
    text = "\n".join(paragraphs)
    assert "Im Gebiet sind noch keine Organisationen erfasst." in text
    assert "Keine offenen Aufgaben." in text and "Im Gebiet sind keine Netzwerke erfasst." in text


def test_cli_report(demo_url, tmp_path, capsys):
    assert main(["--db", demo_url, "report", "sozialraum", "Hann.Münden", str(tmp_path / "a.docx")]) == 0
    assert "Sozialraumprofil „Hann. Münden“ gespeichert" in capsys.readouterr().out
    assert main(["--db", demo_url, "report", "region", "SR-D", str(tmp_path / "b.docx")]) == 0
    assert (tmp_path / "b.docx").stat().st_size > 100_000
    assert main(["--db", demo_url, "report", "sozialraum", "Atlantis", str(tmp_path / "c.docx")]) == 1
    assert "Atlantis" in capsys.readouterr().err and not (tmp_path / "c.docx").exists()
    assert main(["--db", demo_url, "report", "sozialraum", "Bovenden", str(tmp_path / "fehlt" / "d.docx")]) == 1
    assert "existiert nicht" in capsys.readouterr().err

"""Import of indicator tables: long and wide form, tolerant area names, unmatched areas, dry run and undo."""

import csv
from datetime import date

import openpyxl
import pytest
from sqlalchemy import func, select

from sozialkoordination.__main__ import main
from sozialkoordination.core.enums import AreaLevel
from sozialkoordination.import_journal.service import ImportFailed
from sozialkoordination.indicators.service import POPULATION_KEY
from sozialkoordination.indicators.statistics_import import AreaMatcher, compact, parse_number
from sozialkoordination.models import Indicator, IndicatorValue

DAY = date(2023, 12, 31)


@pytest.fixture
def importer(context):
    return context.indicator_import


def write_xlsx(path, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Daten"
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def write_csv(path, rows):
    with open(path, "w", encoding="cp1252", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows(rows)
    return path


def value_count(context) -> int:
    with context.session_factory() as s:
        return s.scalar(select(func.count(IndicatorValue.id)))


def test_tolerant_area_names_and_keys(context):
    matcher = AreaMatcher(context.indicators.area_tree())

    def found(text, key=None, prefer=AreaLevel.SOZIALRAUM):
        area, how = matcher.match(text, key, None, prefer)
        return (area.level, area.name, how) if area else (None, how)

    assert found("Hann.Münden") == (AreaLevel.SOZIALRAUM, "Hann. Münden", "Name")
    assert found("Stadt Hann. Münden")[1] == "Hann. Münden"
    assert found("Flecken Bovenden")[:2] == (AreaLevel.SOZIALRAUM, "Bovenden")
    assert found("Bovenden, Flecken", prefer=AreaLevel.GEMEINDE)[:2] == (AreaLevel.GEMEINDE, "Bovenden")
    assert found("Samtgemeinde Dransfeld", prefer=AreaLevel.GEMEINDE)[:2] == (AreaLevel.SOZIALRAUM, "Dransfeld")
    assert found("SG Gieboldehausen", prefer=AreaLevel.GEMEINDE)[:2] == (AreaLevel.SOZIALRAUM, "Gieboldehausen")
    assert found("Duderstat") == (AreaLevel.SOZIALRAUM, "Duderstadt", "ähnlicher Name")
    assert found("Landkreis Göttingen")[:2] == (AreaLevel.LANDKREIS, "Landkreis ohne Stadt Göttingen")
    assert found("x", "3159001")[:3] == (AreaLevel.GEMEINDE, "Adelebsen", "Schlüssel")  # Excel dropped the leading zero
    assert found("x", "031595401")[:2] == (AreaLevel.SOZIALRAUM, "Dransfeld")
    assert found("x", "031590026026")[:2] == (AreaLevel.GEMEINDE, "Osterode am Harz")
    assert found("SR-B")[0] == AreaLevel.SOZIALREGION
    assert found("Hintertupfingen") == (None, "unbekanntes Gebiet")
    assert compact("Hann. Münden") == compact("Hann.Münden") == compact("hann muenden")


def test_cells_are_read_the_german_way():
    assert parse_number("1.234,5") == (1234.5, None)
    assert parse_number("12.345") == (12345.0, None)
    assert parse_number("7,3 %") == (7.3, None)
    assert parse_number(42) == (42.0, None)
    assert parse_number("< 3")[0] is None and parse_number("< 3")[1]
    assert parse_number(".")[1] and parse_number("x")[1]
    assert parse_number("–") == (None, None)
    with pytest.raises(ValueError):
        parse_number("viele")


def test_long_table_with_title_lines_misspelt_areas_and_totals(importer, context, tmp_path):
    path = write_xlsx(
        tmp_path / "kennzahlen.xlsx",
        [
            ["Kennzahlen für die Sozialraumkonferenzen"],
            [],
            ["Gebiet", "Stichtag", "Kennzahl", "Wert", "Quelle"],
            ["Hann.Münden", "31.12.2023", "Kinder unter 6 Jahren", 1105, "Meldedaten"],
            ["Flecken Bovenden", "31.12.2023", "Kinder unter 6 Jahren", "689", "Meldedaten"],
            ["Samtgemeinde Dransfeld", 2023, "Kinder unter 6 Jahren", "< 3", "Meldedaten"],
            ["3159001", "31.12.2023", "Kinder unter 6 Jahren", 2, None],
            ["Duderstat", "31.12.2023", "Kinder unter 6 Jahren", "1.012", None],
            ["Stadt Göttingen", "31.12.2023", "Kinder unter 6 Jahren", 5400, None],
            ["Summe", "31.12.2023", "Kinder unter 6 Jahren", 9999, None],
            ["Hintertupfingen", "31.12.2023", "Kinder unter 6 Jahren", 12, None],
        ],
    )
    plan = importer.prepare(path)
    assert plan.shape == "lang" and plan.header_row == 2
    assert plan.new_indicators == ["Kinder unter 6 Jahren"]
    assert [u.text for u in plan.unmatched] == ["Hintertupfingen"] and plan.unmatched[0].lines == [11]
    assert {line for line, _reason in plan.ignored} == {9, 10}
    assert [r.area.name for r in plan.fuzzy] == ["Duderstadt"]
    assert len(plan.importable) == 5
    with pytest.raises(ImportFailed, match="Hintertupfingen"):
        importer.run(plan)
    before = value_count(context)

    plan = importer.prepare(path, assignments={"Hintertupfingen": None})
    result = importer.run(plan, user_name="Test")
    assert (result.created, result.new_indicators, result.rejected) == (5, 1, 1)
    assert value_count(context) == before + 5
    kinder = context.indicators.find("Kinder unter 6 Jahren")
    tree = context.indicators.area_tree()
    calc = context.indicators.calculator(kinder.id)
    dransfeld = calc.value(tree.raeume["031595401"], DAY)
    assert dransfeld.protected and dransfeld.value is None  # "< 3" in the file stays "< 3"
    assert calc.value(tree.gemeinden["03159001"], DAY).protected  # 2 children: small number
    assert calc.value(tree.raeume["031590017"], DAY).value == 1105
    assert calc.value(tree.raeume["031590017"], DAY).source == "Meldedaten"


def test_wide_table_of_gemeinden_with_years_in_columns(importer, context, tmp_path):
    population = context.indicators.find(POPULATION_KEY)
    tree = context.indicators.area_tree()
    rows = [["Einwohner nach Gemeinden"], ["Gemeinde", "Stand 31.12.2023", "2024"]]
    for area in tree.areas(AreaLevel.GEMEINDE):
        name = f"{area.name}, Stadt" if area.name in ("Dransfeld", "Hann. Münden") else area.name
        rows.append([name, "1.000", 1100])
    path = write_csv(tmp_path / "einwohner.csv", rows)
    plan = importer.prepare(path, indicator="Einwohnerinnen und Einwohner")
    assert plan.shape == "breit: Jahre in Spalten" and not plan.unmatched
    assert plan.indicators == {"Einwohnerinnen und Einwohner": population.id}
    assert {r.area.level for r in plan.importable} == {AreaLevel.GEMEINDE}  # "Dransfeld" here is the town
    assert plan.dates == [DAY, date(2024, 12, 31)]
    dry = importer.run(plan, dry_run=True)
    assert dry.batch_id is None and (dry.created, dry.updated) == (38, 38)
    assert context.indicators.calculator(population.id).value(tree.gemeinden["03159001"], DAY).value == 6181

    result = importer.run(plan)
    calc = context.indicators.calculator(population.id)
    assert calc.value(tree.gemeinden["03159001"], DAY).value == 1000
    assert calc.value(tree.landkreis, date(2024, 12, 31)).value == 38 * 1100
    message = importer.undo(result.batch_id)
    assert "38 Werte entfernt, 38 Werte wiederhergestellt" in message
    calc = context.indicators.calculator(population.id)
    assert calc.value(tree.gemeinden["03159001"], DAY).value == 6181
    assert date(2024, 12, 31) not in calc.dates()
    with pytest.raises(ImportFailed, match="bereits"):
        importer.undo(result.batch_id)
    assert importer.history()[0].undone_at is not None


def test_wide_table_with_indicators_in_columns_and_a_given_date(importer, context, tmp_path):
    path = write_xlsx(
        tmp_path / "sozialraeume.xlsx",
        [
            ["Sozialraum", "Alleinerziehende", "Hilfen zur Erziehung"],
            ["Adelebsen", 120, 14],
            ["Bovenden", 310, "x"],
        ],
    )
    plan = importer.prepare(path)  # no date anywhere: every value is refused with the reason
    assert plan.rejected and "Stichtag fehlt" in plan.rejected[0].error
    plan = importer.prepare(path, reference_date=DAY)
    assert plan.shape == "breit: Kennzahlen in Spalten"
    assert sorted(plan.new_indicators) == ["Alleinerziehende", "Hilfen zur Erziehung"]
    result = importer.run(plan)
    assert (result.created, result.new_indicators) == (4, 2)
    assert "2 Kennzahlen entfernt" in importer.undo(result.batch_id)
    with context.session_factory() as s:
        assert not s.scalar(select(Indicator).where(Indicator.name == "Alleinerziehende"))


def test_assigned_areas_are_remembered(importer, tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", [["Gebiet", "2023"], ["Mündener Land", 5], ["Bovenden", 7]])
    plan = importer.prepare(path, indicator="Jugendtreffs")
    assert [u.text for u in plan.unmatched] == ["Mündener Land"]
    area = next(a for a in plan.unmatched[0].suggestions if a.name == "Hann. Münden")
    importer.run(importer.prepare(path, indicator="Jugendtreffs", assignments={"Mündener Land": area}))
    again = importer.prepare(path, indicator="Jugendtreffs")
    assert not again.unmatched and again.rows[0].area.name == "Hann. Münden" and again.rows[0].match == "zugeordnet"
    assert again.earlier  # the same file was imported before


@pytest.mark.parametrize(
    "rows, message",
    [
        ([["nur ein Titel"]], "keine Kopfzeile"),
        ([["Gebiet", "2023"]], "keine Werte"),
        ([["Gebiet", "Wert", "Stichtag"], ["Bovenden", "viele", 2023]], None),
    ],
)
def test_bad_tables_get_a_clear_message_and_change_nothing(importer, context, tmp_path, rows, message):
    before = value_count(context)
    path = write_xlsx(tmp_path / "bad.xlsx", rows)
    if message:
        with pytest.raises(ImportFailed, match=message):
            importer.prepare(path, indicator="Test")
    else:
        plan = importer.prepare(path, indicator="Test")
        assert "keine Zahl" in plan.rejected[0].error
        with pytest.raises(ImportFailed, match="kein Wert"):
            importer.run(plan)
    assert value_count(context) == before


def test_cli_import_dry_run_assign_and_undo(context, db_url, tmp_path, capsys):
    path = write_xlsx(
        tmp_path / "k.xlsx", [["Gebiet", "Jahr", "Wert"], ["Mündener Land", 2023, 40], ["Rosdorf", 2023, 9]]
    )
    context.close()
    assert main(["--db", db_url, "import", "indicators", str(path), "--indicator", "Spielplätze"]) == 1
    err = capsys.readouterr().err
    assert "Mündener Land" in err and "--assign" in err
    args = [
        "--db",
        db_url,
        "import",
        "indicators",
        str(path),
        "--indicator",
        "Spielplätze",
        "--assign",
        "Mündener Land=Hann. Münden",
    ]
    assert main([*args, "--dry-run"]) == 0
    assert "Probelauf, nichts gespeichert: 2 Werte neu" in capsys.readouterr().out
    assert main(args) == 0
    out = capsys.readouterr().out.splitlines()[-1]  # the preview first, the result line last
    assert out.startswith("Import ") and "2 Werte neu" in out
    assert main(["--db", db_url, "import", "history"]) == 0
    assert "Kennzahlen" in capsys.readouterr().out
    batch = int(out.split()[1].rstrip(":"))
    assert main(["--db", db_url, "import", "undo", str(batch)]) == 0
    assert "2 Werte entfernt" in capsys.readouterr().out
    assert main(["--db", db_url, "import", "indicators", str(tmp_path / "fehlt.xlsx")]) == 1
    assert "Fehler" in capsys.readouterr().err

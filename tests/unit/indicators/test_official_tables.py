"""Statistics offices' tables imported in one step: the GV-ISys workbook, a Regionalstatistik (GENESIS) CSV and a
BA Gemeinde table – data sheet found, only the Landkreis taken, keys before names, markers read by their meaning."""

from datetime import date

import pytest

from sozialkoordination.__main__ import main
from sozialkoordination.indicators.service import POPULATION_KEY, value_text
from tests.unit.indicators.official_files import (
    POPULATION_TOTAL,
    gemeinden,
    write_ba_table,
    write_gv_isys,
    write_regionalstatistik_csv,
)

DAY = date(2023, 12, 31)
ELBINGERODE, HATTORF = "03159012", "031595403"


def _import(context, path, **kwargs):
    plan = context.indicator_import.prepare(path, **kwargs)
    result = context.indicator_import.run(plan)
    return plan, result


def test_the_gv_isys_workbook_imports_in_one_step_with_the_right_values(context, tmp_path):
    plan, _result = _import(context, write_gv_isys(tmp_path / "31122023_Auszug_GV.xlsx"))
    assert plan.recognised.startswith("Erkannt: GV-ISys")
    assert plan.sheet == "Onlineprodukt_Gemeinden" and not plan.unmatched
    names = set(plan.indicators)
    assert {"Fläche km2", "Bevölkerung insgesamt", "Bevölkerung männlich", "Bevölkerung weiblich"} <= names
    assert not any(word in " ".join(names) for word in ("Satz", "Postleit", "Längengrad", "Reisegebiet", "Text"))
    indicators = context.indicators
    population = indicators.find(POPULATION_KEY)  # "Bevölkerung insgesamt" is the app's population
    calc = indicators.calculator(population.id)
    tree = calc.tree
    for m in gemeinden():
        assert calc.value(tree.gemeinden[m["ags"]], DAY).value == int(m["bev_31122023"])
    landkreis = calc.value(tree.landkreis, DAY)
    assert landkreis.value == POPULATION_TOTAL and not landkreis.protected
    density = indicators.calculator(indicators.find("Bevölkerung je km2").id)
    assert density.value(tree.landkreis, DAY).value is None  # a density is not summed into the Landkreis
    assert not indicators.find("Fläche km2").counts_persons  # no small-number protection for square kilometres
    reasons = " ".join(reason for _line, reason in plan.ignored)
    assert "gemeindefreies Gebiet" in reasons and "Kreiswert mit Stadt Göttingen" in reasons
    assert "Stadt Göttingen" in reasons
    # the Northeim rows and the Land are left out, not asked about
    assert "Northeim" not in " ".join(r.area_text for r in plan.rows)


def test_a_regionalstatistik_csv_imports_with_its_markers_read_by_their_meaning(context, tmp_path):
    plan, _result = _import(context, write_regionalstatistik_csv(tmp_path / "12411-01-01-5.csv"))
    assert "GENESIS" in plan.recognised and not plan.unmatched
    assert set(plan.indicators) == {
        "Bevölkerungsstand Insgesamt",
        "Bevölkerungsstand männlich",
        "Bevölkerungsstand weiblich",
    }
    indicators = context.indicators
    tree = indicators.area_tree()
    total = indicators.calculator(indicators.find(POPULATION_KEY).id)
    assert total.value(tree.landkreis, DAY).value == POPULATION_TOTAL
    men = indicators.calculator(indicators.find("Bevölkerungsstand männlich").id)
    women = indicators.calculator(indicators.find("Bevölkerungsstand weiblich").id)
    assert men.value(tree.gemeinden[ELBINGERODE], DAY).value == 0  # "-": nothing, exactly zero
    assert value_text(women.value(tree.gemeinden[ELBINGERODE], DAY), women.limit) == "geheim"  # ".": withheld


def test_a_ba_table_with_key_and_name_in_one_cell_imports(context, tmp_path):
    plan, _result = _import(context, write_ba_table(tmp_path / "arbeitslose.xlsx"))
    assert "Bundesagentur" in plan.recognised and not plan.unmatched
    assert {r.reference_date for r in plan.importable} == {DAY}  # "Berichtsmonat Dezember 2023"
    indicators = context.indicators
    long_term = indicators.calculator(indicators.find("darunter Langzeitarbeitslose").id)
    tree = long_term.tree
    assert value_text(long_term.value(tree.gemeinden[ELBINGERODE], DAY), long_term.limit) == "geheim"
    assert long_term.value(tree.raeume[HATTORF], DAY).value is None  # a withheld part: the sum is unknown


def test_a_name_contradicting_the_key_in_the_same_row_is_refused(context, tmp_path):
    path = tmp_path / "liste.csv"
    path.write_text("AGS;Gemeinde;2023\n03159001;Bovenden;10\n03159007;Bovenden;12\n03159099;Adelebsen;5\n", "utf-8")
    plan = context.indicator_import.prepare(path, indicator="Fälle")
    refused = {r.line: r.error for r in plan.rejected}
    assert "widersprechen sich" in refused[2]
    assert "kein Gebiet des Landkreises" in refused[4]  # an unknown key is not guessed from the name
    assert [r.area.key for r in plan.importable] == ["031590007"] or [r.area.key for r in plan.importable] == [
        "03159007"
    ]


def test_misspelt_names_are_only_matched_within_their_level(context, tmp_path):
    path = tmp_path / "liste.csv"
    path.write_text("Gemeinde;2023\nGöttingen-Weende;10\nAdelebsn;12\n", "utf-8")
    plan = context.indicator_import.prepare(path, indicator="Fälle")
    weende = next(u for u in plan.unmatched if u.text == "Göttingen-Weende")
    assert all(a.level != "landkreis" for a in weende.suggestions)
    assert any(r.area_text == "Adelebsn" and r.area is not None for r in plan.rows)


def test_the_command_line_imports_gv_isys_and_names_what_it_recognised(context, tmp_path, capsys):
    path = write_gv_isys(tmp_path / "31122023_Auszug_GV.xlsx")
    code = main(["--db", context.db_url, "import", "indicators", str(path), "--dry-run"])
    out = capsys.readouterr().out
    assert code == 0, out
    assert "Erkannt: GV-ISys" in out and "Satz-art" not in out
    assert len(out.splitlines()) < 60  # a summary, not one line per row of the Republic


@pytest.mark.parametrize("value", ["-5", "500000"])
def test_implausible_counts_are_refused_and_the_dry_run_says_so_by_its_exit_code(context, tmp_path, capsys, value):
    _import(context, write_gv_isys(tmp_path / "31122023_Auszug_GV.xlsx"))  # the population to compare with
    path = tmp_path / "faelle.csv"
    path.write_text(f"AGS;Gemeinde;2023\n03159001;Adelebsen;{value}\n03159007;Bovenden;12\n", "utf-8")
    plan = context.indicator_import.prepare(path, indicator="Hilfen zur Erziehung")
    assert [r.line for r in plan.rejected] == [2]
    assert ("negativ" if value.startswith("-") else "Einwohner") in plan.rejected[0].error
    code = main(
        ["--db", context.db_url, "import", "indicators", str(path), "--indicator", "Hilfen zur Erziehung", "--dry-run"]
    )
    assert code == 1
    assert "abgelehnt" in capsys.readouterr().out


def test_duplicate_rows_are_shown_and_the_user_chooses(context, tmp_path):
    path = tmp_path / "faelle.csv"
    path.write_text("AGS;Gemeinde;2023\n03159001;Adelebsen;10\n03159007;Bovenden;12\n03159001;Adelebsen;11\n", "utf-8")
    service = context.indicator_import
    plan = service.prepare(path, indicator="Fälle")
    assert [d.lines for d in plan.duplicates] == [[2, 4]]
    assert {r.line for r in plan.rejected} == {2, 4}
    plan = service.prepare(path, indicator="Fälle", keep_lines={4})
    assert not plan.duplicates and [r.line for r in plan.importable] == [3, 4]
    service.run(plan)
    calc = context.indicators.calculator(context.indicators.find("Fälle").id)
    assert calc.value(calc.tree.gemeinden["03159001"], DAY).value == 11

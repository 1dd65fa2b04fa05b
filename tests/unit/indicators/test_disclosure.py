"""Small-number protection that cannot be undone: no hidden value can be computed back from what any table, chart,
export or report shows (complementary suppression), and "k. A." from a source is never shown as "< 3"."""

from datetime import date

import numpy as np
import pytest
from openpyxl import load_workbook

from sozialkoordination.core.enums import AreaLevel
from sozialkoordination.indicators.service import IndicatorData, value_text
from sozialkoordination.models import IndicatorValue

DAY = date(2023, 12, 31)
HATTORF = "031595403"  # Samtgemeinde Hattorf am Harz: Elbingerode, Hattorf, Hörden, Wulften
ELBINGERODE = "03159012"


def _store(context, name, values):
    indicator_id = context.indicators.save(IndicatorData(name=name, unit="Personen"))
    with context.session_factory.begin() as s:
        for (level, key), value in values.items():
            s.add(
                IndicatorValue(
                    indicator_id=indicator_id, area_level=level, area_key=key, reference_date=DAY, value=value
                )
            )
    return indicator_id


@pytest.fixture
def gemeinde_counts(context):
    """A count for every Gemeinde; Elbingerode has 1 (a small number), the others 20 + n."""
    tree = context.indicators.area_tree()
    values = {}
    for n, gemeinde in enumerate(tree.areas(AreaLevel.GEMEINDE)):
        values[(AreaLevel.GEMEINDE, gemeinde.key)] = 1 if gemeinde.key == ELBINGERODE else 20 + n
    return _store(context, "Leistungsbeziehende", values)


def _shown(context, indicator_id, tmp_path):
    """Every value any output shows, by (level, key): the view's table, the map data of both levels, the
    comparison chart's data and the Excel export read back; protected ones must never appear as numbers."""
    service = context.indicators
    tree = service.area_tree()
    shown: dict[tuple[str, str], float] = {}
    for v in service.table(indicator_id):
        if v.reference_date == DAY and not v.protected and v.value is not None:
            shown[(v.area.level, v.area.key)] = v.value
    for level in (AreaLevel.GEMEINDE, AreaLevel.SOZIALRAUM):
        for key, v in service.map_data(indicator_id, level, DAY).values.items():
            if v.shown is not None:
                assert shown.get((level, key), v.shown) == v.shown
                shown[(level, key)] = v.shown
    for v in service.comparison(indicator_id, DAY).values:
        if v.shown is not None:
            shown[(v.area.level, v.area.key)] = v.shown
    target = tmp_path / "werte.xlsx"
    service.export_values(target, indicator_id)
    sheet = load_workbook(target).worksheets[0]
    level_of = {
        "Landkreis": AreaLevel.LANDKREIS,
        "Sozialregion": AreaLevel.SOZIALREGION,
        "Sozialraum": AreaLevel.SOZIALRAUM,
        "Gemeinde": AreaLevel.GEMEINDE,
    }
    for row in sheet.iter_rows(min_row=2, values_only=True):
        _name, level, key, _day, value = row[:5]
        if isinstance(value, int | float):
            shown[(level_of[level], str(key))] = float(value)
    return tree, shown


def _recomputable(tree, shown) -> list[tuple[str, str]]:
    """Hidden areas whose value follows from the visible ones by the sums (linear algebra over all totals)."""
    groups = [(tree.landkreis, tree.areas(AreaLevel.SOZIALRAUM)), (tree.landkreis, tree.areas(AreaLevel.SOZIALREGION))]
    groups += [(r, tree.children(r)) for r in tree.areas(AreaLevel.SOZIALREGION)]
    groups += [(r, tree.children(r)) for r in tree.areas(AreaLevel.SOZIALRAUM)]
    unknown = sorted({(a.level, a.key) for t, parts in groups for a in (t, *parts)} - set(shown))
    column = {area: i for i, area in enumerate(unknown)}
    equations = []
    for total, parts in groups:
        row = np.zeros(len(unknown))
        for area, sign in [(total, 1.0)] + [(p, -1.0) for p in parts]:
            key = (area.level, area.key)
            if key in column:
                row[column[key]] += sign
        if row.any():
            equations.append(row)
    matrix = np.array(equations)
    rank = np.linalg.matrix_rank(matrix)
    found = []
    for area, i in column.items():
        probe = np.zeros(len(unknown))
        probe[i] = 1.0
        if np.linalg.matrix_rank(np.vstack([matrix, probe])) == rank:
            found.append(area)
    return found


def test_a_small_gemeinde_cannot_be_computed_from_its_samtgemeinde(context, gemeinde_counts, tmp_path):
    tree, shown = _shown(context, gemeinde_counts, tmp_path)
    assert (AreaLevel.GEMEINDE, ELBINGERODE) not in shown
    # without complementary suppression the Samtgemeinde minus the three other Gemeinden gives Elbingerode's 1
    hidden_siblings = [g for g in tree.members[HATTORF] if (AreaLevel.GEMEINDE, g) not in shown]
    assert len(hidden_siblings) >= 2
    assert _recomputable(tree, shown) == []


def test_the_landkreis_value_and_all_visible_sozialraeume_do_not_reveal_a_small_one(context, tmp_path):
    tree = context.indicators.area_tree()
    raeume = tree.areas(AreaLevel.SOZIALRAUM)
    values = {(AreaLevel.SOZIALRAUM, r.key): (2 if n == 3 else 50 + n) for n, r in enumerate(raeume)}
    indicator_id = _store(context, "Fälle", values)
    _tree, shown = _shown(context, indicator_id, tmp_path)
    assert (AreaLevel.SOZIALRAUM, raeume[3].key) not in shown
    assert (AreaLevel.LANDKREIS, tree.landkreis.key) in shown  # the total stays visible; a second Sozialraum is hidden
    assert _recomputable(tree, shown) == []


def test_the_hidden_values_say_why_and_small_ones_stay_small(context, gemeinde_counts):
    calc = context.indicators.calculator(gemeinde_counts)
    tree = calc.tree
    small = calc.value(tree.gemeinden[ELBINGERODE], DAY)
    assert value_text(small, calc.limit) == "< 3"
    others = [calc.value(tree.gemeinden[g], DAY) for g in tree.members[HATTORF] if g != ELBINGERODE]
    complementary = [v for v in others if v.protected]
    assert complementary and all(value_text(v, calc.limit) == "geheim" for v in complementary)
    assert all("errechnen" in v.note for v in complementary)


def test_no_value_in_the_source_is_shown_as_no_value_not_as_a_small_number(context, tmp_path):
    path = tmp_path / "kennzahl.csv"
    path.write_text("Gemeinde;Jahr;Wert\nAdelebsen;2023;k.A.\nBovenden;2023;.\nFriedland;2023;< 3\n", "utf-8")
    service = context.indicator_import
    plan = service.prepare(path, indicator="Pflegebedürftige")
    service.run(plan)
    indicator = context.indicators.find("Pflegebedürftige")
    calc = context.indicators.calculator(indicator.id)
    tree = calc.tree
    shown = {key: value_text(calc.value(tree.gemeinden[key], DAY), calc.limit) for key in tree.gemeinden}
    assert shown["03159001"] == "k. A."  # Adelebsen
    assert shown["03159007"] == "geheim"  # Bovenden: "." withholds a value of any size
    assert shown["03159013"] == "< 3"  # Friedland: the source said so

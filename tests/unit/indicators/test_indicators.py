"""Indicator catalogue and values: the shipped population, counts summed upward, rates recomputed, small numbers."""

from datetime import date

import openpyxl
import pytest

from sozialkoordination.core.enums import AreaLevel
from sozialkoordination.core.errors import ValidationError
from sozialkoordination.indicators.service import POPULATION_KEY, IndicatorData, is_protected, value_text
from sozialkoordination.models import IndicatorValue

DAY = date(2023, 12, 31)
DRANSFELD = "031595401"  # Samtgemeinde with five Gemeinden
BOVENDEN, ADELEBSEN = "031590007", "031590001"


@pytest.fixture
def service(context):
    return context.indicators


def add_values(context, indicator_id, rows):
    with context.session_factory.begin() as s:
        for level, key, day, value, num, den in rows:
            s.add(
                IndicatorValue(
                    indicator_id=indicator_id,
                    area_level=level,
                    area_key=key,
                    reference_date=day,
                    value=value,
                    numerator=num,
                    denominator=den,
                )
            )


def test_population_is_shipped_with_source_for_2019_and_2023(service):
    population = service.find(POPULATION_KEY)
    assert population.name == "Einwohnerinnen und Einwohner"
    assert population.source.startswith("Statistisches Bundesamt (Destatis)")
    assert service.reference_dates(population.id) == [date(2019, 12, 31), date(2023, 12, 31)]
    gemeinden = service.values(population.id, AreaLevel.GEMEINDE, DAY)
    assert len(gemeinden) == 38 and all(v.value and not v.computed for v in gemeinden)
    assert "Stand 31.12.2023" in gemeinden[0].source
    assert not service.seed_population()  # only once


def test_counts_are_summed_upward(service):
    population = service.find("Einwohner")
    tree = service.area_tree()
    calc = service.calculator(population.id)
    members = [calc.value(tree.gemeinden[a], DAY).value for a in tree.members[DRANSFELD]]
    dransfeld = calc.value(tree.raeume[DRANSFELD], DAY)
    assert len(members) == 5 and dransfeld.value == sum(members) == 9144
    assert dransfeld.computed and dransfeld.note == "berechnet aus 5 Gemeinden"
    region = calc.value(tree.regions["SR-B"], DAY)  # Adelebsen + Bovenden
    assert region.value == 6181 + 14095
    landkreis = calc.value(tree.landkreis, DAY)
    raeume = [calc.value(r, DAY).value for r in tree.areas(AreaLevel.SOZIALRAUM)]
    assert landkreis.value == sum(raeume) and "ohne Stadt Göttingen" in landkreis.note
    # An Einheitsgemeinde is its Sozialraum: the Gemeinde's figure is the Sozialraum's.
    assert calc.value(tree.raeume[BOVENDEN], DAY).value == 14095


def test_a_missing_smaller_area_leaves_the_sum_empty_rather_than_too_small(service, context):
    new_id = service.save(IndicatorData(name="Familienzentren", unit="Einrichtungen", counts_persons=False))
    add_values(context, new_id, [(AreaLevel.SOZIALRAUM, BOVENDEN, DAY, 4, None, None)])
    tree = service.area_tree()
    calc = service.calculator(new_id)
    assert calc.value(tree.regions["SR-B"], DAY).value is None  # Adelebsen is missing
    add_values(context, new_id, [(AreaLevel.SOZIALRAUM, ADELEBSEN, DAY, 1, None, None)])
    calc = service.calculator(new_id)
    assert calc.value(tree.regions["SR-B"], DAY).value == 5
    assert calc.value(tree.landkreis, DAY).value is None


def test_rates_are_recomputed_from_numerator_and_denominator_never_averaged(service, context):
    rate_id = service.save(
        IndicatorData(name="SGB-II-Quote", unit="%", kind="rate", rate_base=100, rate_base_label="je 100 unter 65")
    )
    # Adelebsen 10 %, Bovenden 2 %: the mean would be 6 %, the region's real quota is 420 / 15000.
    add_values(
        context,
        rate_id,
        [
            (AreaLevel.SOZIALRAUM, ADELEBSEN, DAY, 10.0, 300, 3000),
            (AreaLevel.SOZIALRAUM, BOVENDEN, DAY, 1.0, 120, 12000),  # a stored value is kept as it is at its own level
        ],
    )
    tree = service.area_tree()
    region = service.calculator(rate_id).value(tree.regions["SR-B"], DAY)
    assert region.value == pytest.approx(420 / 15000 * 100)
    assert (region.numerator, region.denominator, region.computed) == (420, 15000, True)


def test_a_rate_defined_from_two_indicators(service, context):
    population = service.find(POPULATION_KEY)
    old_id = service.save(IndicatorData(name="Menschen ab 65", unit="Personen", age_from=65))
    rows = [(AreaLevel.GEMEINDE, g.key, DAY, 1000.0, None, None) for g in service.area_tree().gemeinden.values()]
    add_values(context, old_id, rows)
    share_id = service.save(
        IndicatorData(
            name="Anteil ab 65",
            unit="%",
            kind="rate",
            rate_base=100,
            age_from=65,
            numerator_indicator_id=old_id,
            denominator_indicator_id=population.id,
        )
    )
    tree = service.area_tree()
    calc = service.calculator(share_id)
    assert calc.dates() == [DAY]
    dransfeld = calc.value(tree.raeume[DRANSFELD], DAY)
    assert dransfeld.value == pytest.approx(5000 / 9144 * 100)
    landkreis = calc.value(tree.landkreis, DAY)
    assert landkreis.value == pytest.approx(
        38000 / service.calculator(population.id).value(tree.landkreis, DAY).value * 100
    )
    assert service.indicator(share_id).age_text == "ab 65 Jahren"


def test_small_numbers_are_protected_with_a_configurable_limit(service, context, tmp_path):
    count_id = service.save(IndicatorData(name="Hilfen zur Erziehung", unit="Fälle"))
    rate_id = service.save(IndicatorData(name="Quote Alleinerziehende", unit="%", kind="rate", rate_base=100))
    add_values(
        context,
        count_id,
        [
            (AreaLevel.SOZIALRAUM, ADELEBSEN, DAY, 2, None, None),
            (AreaLevel.SOZIALRAUM, BOVENDEN, DAY, 4, None, None),
        ],
    )
    add_values(context, rate_id, [(AreaLevel.SOZIALRAUM, ADELEBSEN, DAY, 0.1, 2, 2000)])
    tree = service.area_tree()
    calc = service.calculator(count_id)
    small = calc.value(tree.raeume[ADELEBSEN], DAY)
    assert small.protected and small.shown is None and value_text(small, 3) == "< 3"
    # Bovenden's 4 is not small, but the region's 6 shown beside it would give Adelebsen's 2 away
    assert value_text(calc.value(tree.raeume[BOVENDEN], DAY), 3) == "geheim"
    assert calc.value(tree.regions["SR-B"], DAY).value == 6  # the sum itself is no small number
    rate = service.calculator(rate_id).value(tree.raeume[ADELEBSEN], DAY)
    assert rate.protected  # 0,1 % is not small, but two persons are
    assert not is_protected(-1, None, "count", True, 3)  # a balance (Wanderungssaldo), not a number of persons
    assert not is_protected(2, None, "count", False, 3)  # not a count of persons

    service.set_small_number_limit(5)
    assert service.small_number_limit() == 5
    calc = service.calculator(count_id)
    assert value_text(calc.value(tree.raeume[BOVENDEN], DAY), calc.limit) == "< 5"
    with pytest.raises(ValidationError):
        service.set_small_number_limit(-1)

    target = tmp_path / "hze.xlsx"
    assert service.export_values(target, count_id) >= 2
    sheet = openpyxl.load_workbook(target).worksheets[0]
    cells = {(row[0], row[4]) for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert ("Adelebsen", "< 5") in cells and ("Bovenden", "< 5") in cells
    assert ("Adelebsen", 2) not in cells
    notes = [r[0] for r in openpyxl.load_workbook(target)["Hinweise"].iter_rows(values_only=True)]
    assert any("< 5" in (n or "") for n in notes)


def test_population_of_whole_municipalities_is_never_suppressed(service, context):
    population = service.find(POPULATION_KEY)
    assert not population.counts_persons
    values = service.values(population.id, AreaLevel.LANDKREIS, DAY)
    assert values[0].value == 208_691 and not values[0].protected


def test_catalogue_form_is_validated(service):
    with pytest.raises(ValidationError) as error:
        service.save(IndicatorData(name="", kind="rate"))
    assert "name" in error.value.fields and "rate_base" in error.value.fields
    with pytest.raises(ValidationError):
        service.save(IndicatorData(name="Jugendquotient", age_from=20, age_to=15))
    first = service.save(
        IndicatorData(
            name="Jugendquotient",
            kind="rate",
            rate_base=100,
            age_from=0,
            age_to=19,
            rate_base_label="je 100 Einwohner 20–64",
        )
    )
    dto = service.indicator(first)
    assert dto.key == "jugendquotient" and dto.age_text == "0 bis 19 Jahre"
    assert dto.unit_text == "je 100 Einwohner 20–64"
    with pytest.raises(ValidationError):
        service.save(IndicatorData(name="jugendquotient"))
    assert service.find("Jugendquotinet").id == first  # a small typo
    data = service.get(first)
    data.age_to = 17
    service.save(data)
    assert service.indicator(first).age_to == 17
    service.delete(first)
    assert all(i.id != first for i in service.catalogue())


def test_chart_data_for_the_comparison_marks_the_own_region(service):
    population = service.find(POPULATION_KEY)
    region_id = service.area_tree().region_ids["SR-B"]
    data = service.comparison(population.id, highlight_region_id=region_id)
    assert data.reference_date == DAY and len(data.values) == 18
    assert data.highlighted == {ADELEBSEN, BOVENDEN}
    only = service.comparison(population.id, sozialregion_id=region_id)
    assert {v.area.key for v in only.values} == {ADELEBSEN, BOVENDEN} and only.region_name
    trend = service.trend(population.id, [service.area_tree().raeume[BOVENDEN]])
    points = trend.series[0].points
    assert [p.reference_date for p in points] == [date(2019, 12, 31), DAY] and points[1].value == 14095
    assert trend.landkreis is not None and trend.landkreis.points[1].value == 208_691

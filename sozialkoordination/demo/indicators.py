"""Demo indicators: the official population (unless the app has seeded it) and three made-up series per Sozialraum."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select

from sozialkoordination.demo.world import DEMO_NOTE, World
from sozialkoordination.models import Indicator, IndicatorValue

YEARS = range(2019, 2025)


def make_indicators(w: World) -> None:
    population_key = w.data.indicators["population"]["key"]
    seeded = w.s.scalar(select(func.count(IndicatorValue.id)).join(Indicator).where(Indicator.key == population_key))
    values: list[IndicatorValue] = []
    indicators: list[Indicator] = []
    if not seeded:  # the app usually ships the official population (indicators/service.py); no second copy
        population = Indicator(**w.data.indicators["population"])
        indicators.append(population)
        for gemeinde in w.gemeinden:
            figures = w.population.get(gemeinde.ags)
            if figures is None:
                continue
            for year, value in ((2019, figures[0]), (2023, figures[1])):
                values.append(
                    IndicatorValue(
                        indicator=population,
                        area_level="gemeinde",
                        area_key=gemeinde.ags,
                        reference_date=date(year, 12, 31),
                        value=float(value),
                        source=population.source,
                    )
                )
    demo = {
        name: Indicator(**{**spec, "definition": spec["definition"].format(note=DEMO_NOTE)})
        for name, spec in w.data.indicators["demo"].items()
    }
    values += _demo_values(w, demo["children"], demo["sgb2"], demo["elderly"])
    w.s.add_all([*indicators, *demo.values()])
    w.s.add_all(values)
    w.indicator_values = len(values) + (seeded or 0)


def _demo_values(w: World, children: Indicator, sgb2: Indicator, elderly: Indicator) -> list[IndicatorValue]:
    """Plausible made-up figures per Sozialraum and year, drifting slowly from a random start."""
    rng = w.rng
    values = []
    for raum in w.raeume:
        child_share = rng.uniform(0.048, 0.062)
        sgb2_rate = rng.uniform(3.5, 11.0)
        elderly_share = rng.uniform(21.0, 31.0)
        for year in YEARS:
            total = raum.population_2019 + (raum.population - raum.population_2019) * (year - 2019) / 4
            day = date(year, 12, 31)
            child_share += rng.uniform(-0.0015, 0.0012)
            values.append(_value(children, raum.obj.ars, day, value=float(round(total * child_share))))
            sgb2_rate = max(1.5, sgb2_rate + rng.uniform(-0.5, 0.3))
            under_65 = round(total * (1 - elderly_share / 100))
            recipients = round(under_65 * sgb2_rate / 100)
            values.append(
                _value(
                    sgb2,
                    raum.obj.ars,
                    day,
                    numerator=float(recipients),
                    denominator=float(under_65),
                    value=round(recipients / under_65 * 100, 1) if under_65 else None,
                )
            )
            elderly_share += rng.uniform(0.1, 0.6)
            old = round(total * elderly_share / 100)
            values.append(
                _value(
                    elderly,
                    raum.obj.ars,
                    day,
                    numerator=float(old),
                    denominator=float(round(total)),
                    value=round(old / round(total) * 100, 1) if total else None,
                )
            )
    return values


def _value(indicator: Indicator, ars: str, day: date, **figures) -> IndicatorValue:
    source = indicator.source
    return IndicatorValue(
        indicator=indicator, area_level="sozialraum", area_key=ars, reference_date=day, source=source, **figures
    )

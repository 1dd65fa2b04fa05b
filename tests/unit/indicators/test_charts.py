"""Charts and the map: every kind drawn and written as PNG, SVG and PDF, small numbers never drawn, labels German."""

import subprocess
import sys
from datetime import date

import pytest
from PIL import Image

from sozialkoordination.core.enums import AreaLevel
from sozialkoordination.documents.files import WriteError
from sozialkoordination.indicators.documents import charts, maps, style
from sozialkoordination.indicators.service import POPULATION_KEY, IndicatorData
from sozialkoordination.models import IndicatorValue

DAY = date(2023, 12, 31)
BOVENDEN, ADELEBSEN, MUENDEN = "031590007", "031590001", "031590017"


@pytest.fixture
def service(context):
    return context.indicators


@pytest.fixture
def cases_id(service, context):
    """A count of persons per Sozialraum with one small number (Adelebsen: 2)."""
    indicator_id = service.save(IndicatorData(name="Hilfen zur Erziehung", unit="Fälle"))
    with context.session_factory.begin() as s:
        for n, raum in enumerate(service.area_tree().areas(AreaLevel.SOZIALRAUM)):
            for year in (2021, 2022, 2023):
                value = 2 if raum.key == ADELEBSEN else 10 + n + year - 2021
                s.add(
                    IndicatorValue(
                        indicator_id=indicator_id,
                        area_level=AreaLevel.SOZIALRAUM,
                        area_key=raum.key,
                        reference_date=date(year, 12, 31),
                        value=value,
                    )
                )
    return indicator_id


def texts(figure) -> str:
    found = [t.get_text() for t in figure.texts]
    for axes in figure.axes:
        found += [t.get_text() for t in axes.texts]
        found += [t.get_text() for t in axes.get_yticklabels() + axes.get_xticklabels()]
        legend = axes.get_legend()
        if legend:
            found += [t.get_text() for t in legend.get_texts()] + [legend.get_title().get_text()]
    if figure._supxlabel is not None:
        found.append(figure._supxlabel.get_text())
    return "\n".join(found)


@pytest.mark.parametrize("suffix", [".png", ".svg", ".pdf"])
def test_every_kind_is_written_in_every_format(service, cases_id, tmp_path, suffix):
    tree = service.area_tree()
    population = service.find(POPULATION_KEY)
    figures = {
        "trend": charts.trend_chart(service.trend(cases_id, [tree.raeume[BOVENDEN], tree.raeume[MUENDEN]])),
        "compare": charts.comparison_chart(service.comparison(cases_id, highlight_region_id=tree.region_ids["SR-B"])),
        "map": maps.choropleth_map(service.map_data(cases_id, AreaLevel.SOZIALRAUM, highlight=tree.raeume[BOVENDEN])),
        "gemeinden": maps.choropleth_map(service.map_data(population.id, AreaLevel.GEMEINDE)),
        "multiples": charts.small_multiples(service.small_multiples(cases_id)),
    }
    for name, figure in figures.items():
        target = style.save(figure, tmp_path / f"{name}{suffix}")
        data = target.read_bytes()
        assert len(data) > 15_000, name
        if suffix == ".png":
            width, _height = Image.open(target).size
            assert width >= 17 / 2.54 * 300 - 2  # print resolution
        elif suffix == ".pdf":
            assert data.startswith(b"%PDF")
        else:
            text = data.decode("utf-8")
            assert "Hilfen zur Erziehung" in text or "Einwohner" in text
    assert not list(tmp_path.glob(".*part"))  # nothing half-written is left


def test_small_numbers_are_never_drawn_at_their_height(service, cases_id):
    data = service.comparison(cases_id, DAY)
    figure = charts.comparison_chart(data)
    bars = {bar.get_gid(): bar.get_width() for bar in figure.axes[0].patches if bar.get_gid()}
    hidden = {key for level, key in service.calculator(cases_id).hidden(DAY) if level == AreaLevel.SOZIALRAUM}
    assert ADELEBSEN in hidden and MUENDEN not in hidden
    assert all(bars[key] == 0 for key in hidden) and bars[MUENDEN] > 0
    assert "< 3" in texts(figure) and "kleine Fallzahl" in texts(figure)

    figure = maps.choropleth_map(service.map_data(cases_id, AreaLevel.SOZIALRAUM, DAY))
    shown = texts(figure)
    assert "Adelebsen\n< 3" in shown and "\n2\n" not in f"\n{shown}\n"
    adelebsen = next(p for p in figure.axes[0].patches if p.get_gid() == ADELEBSEN)
    assert adelebsen.get_hatch() == "////"

    trend = charts.trend_chart(service.trend(cases_id, [service.area_tree().raeume[ADELEBSEN]]))
    line = trend.axes[0].get_lines()[0]
    assert all(y != y for y in line.get_ydata())  # NaN: no point drawn
    assert "< 3" in texts(trend)


def test_map_has_legend_labels_licence_and_german_numbers(service, tmp_path):
    population = service.find(POPULATION_KEY)
    figure = maps.choropleth_map(service.map_data(population.id, AreaLevel.SOZIALRAUM, DAY))
    shown = texts(figure)
    assert "© GeoBasis-DE / BKG 2025 (Daten verändert)" in shown and "dl-de/by-2-0" in shown
    assert "Statistisches Bundesamt" in shown and "Stand 31.12.2023" in shown
    assert "Hann. Münden\n23.418" in shown  # German thousands separator
    assert "nicht Teil der 18 Sozialräume" in shown and "Stadt Göttingen" in shown
    # a count: circles whose area is the count, not a coloured map that makes large areas look important
    assert "Kreisfläche entspricht der Anzahl" in shown and "bis unter" not in shown
    sizes = sorted(figure.axes[0].collections[0].get_sizes())
    assert len(sizes) == 18 and sizes[-1] == maps.SYMBOL_MAX
    axes = figure.axes[0]
    figure.canvas.draw()
    bovenden = next(p for p in axes.patches if p.get_gid() == BOVENDEN)
    shape = next(s for s in maps.boundaries(AreaLevel.SOZIALRAUM) if s.key == BOVENDEN)
    x, y = axes.transData.transform(shape.label_at)
    assert maps.area_at(figure, x, y) == BOVENDEN and bovenden.get_facecolor()


def test_trend_of_counts_puts_the_landkreis_on_its_own_axis(service):
    population = service.find(POPULATION_KEY)
    tree = service.area_tree()
    figure = charts.trend_chart(service.trend(population.id, [tree.raeume[BOVENDEN]]))
    assert len(figure.axes) == 2 and "Landkreis ohne Stadt Göttingen (rechte Achse)" in figure.axes[1].get_ylabel()
    assert "2019" in texts(figure) and "Stichtag jeweils 31.12." in texts(figure)


def test_unknown_format_and_missing_folder_get_a_german_message(service, tmp_path):
    figure = charts.small_multiples(service.small_multiples(service.find(POPULATION_KEY).id))
    with pytest.raises(WriteError, match=r"\.png, \.svg oder \.pdf"):
        style.save(figure, tmp_path / "grafik.jpg")
    with pytest.raises(WriteError, match="existiert nicht"):
        style.save(figure, tmp_path / "fehlt" / "grafik.png")


def test_class_breaks_are_rounded_and_inside_the_data():
    assert maps.class_breaks([1.0, 2.0, 3.0, 4.0, 5.0, 6.0]) == [2.0, 3.0, 4.0, 5.0]
    assert maps.class_breaks([7.0, 7.0]) == []
    assert all(b == round(b, 1) for b in maps.class_breaks([12.34, 15.67, 22.2, 31.9, 44.4]))


def test_cli_chart_writes_every_kind(context, db_url, tmp_path, capsys):
    from sozialkoordination.__main__ import main

    context.close()
    base = ["--db", db_url, "chart", "Einwohner"]
    assert main([*base, str(tmp_path / "t.png"), "--areas", "Bovenden", "Hann.Münden"]) == 0
    assert main([*base, str(tmp_path / "c.svg"), "--kind", "compare", "--region", "SR-B"]) == 0
    assert main([*base, str(tmp_path / "m.pdf"), "--kind", "map", "--level", "gemeinde", "--date", "2019"]) == 0
    assert main([*base, str(tmp_path / "s.png"), "--kind", "multiples"]) == 0
    out = capsys.readouterr().out
    assert "Karte „Einwohnerinnen und Einwohner“ gespeichert" in out
    assert all((tmp_path / n).stat().st_size > 5_000 for n in ("t.png", "c.svg", "m.pdf", "s.png"))
    assert main([*base, str(tmp_path / "x.gif")]) == 1
    assert main(["--db", db_url, "chart", "Gibtsnicht", str(tmp_path / "y.png")]) == 1
    assert "Kennzahl „Gibtsnicht“ gibt es nicht" in capsys.readouterr().err


def test_starting_the_window_does_not_load_matplotlib():
    code = (
        "import sys, sozialkoordination.__main__, sozialkoordination.app, sozialkoordination.ui.shell.main_window; "
        "print('matplotlib' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"


def test_a_rate_colours_the_areas_in_classes(service, context):
    tree = service.area_tree()
    rate_id = service.save(IndicatorData(name="SGB-II-Quote", unit="%", kind="rate", rate_base=100))
    with context.session_factory.begin() as s:
        for n, raum in enumerate(tree.areas(AreaLevel.SOZIALRAUM)):
            s.add(
                IndicatorValue(
                    indicator_id=rate_id,
                    area_level=AreaLevel.SOZIALRAUM,
                    area_key=raum.key,
                    reference_date=DAY,
                    value=5 + n * 0.5,
                    numerator=50 + n,
                    denominator=1000,
                )
            )
    figure = maps.choropleth_map(service.map_data(rate_id, AreaLevel.SOZIALRAUM, DAY))
    shown = texts(figure)
    assert "bis unter" in shown and "Kreisfläche" not in shown and not figure.axes[0].collections


def test_the_gemeinde_map_names_the_gemeinden_where_there_is_room(service):
    figure = maps.choropleth_map(service.map_data(service.find(POPULATION_KEY).id, AreaLevel.GEMEINDE, DAY))
    shown = texts(figure)
    assert "Bovenden\n" in shown and "Adelebsen\n" in shown


def test_cli_region_is_honoured_by_trend_and_map(context, db_url, tmp_path, capsys):
    from sozialkoordination.__main__ import main

    context.close()
    base = ["--db", db_url, "chart", "Einwohner"]
    assert main([*base, str(tmp_path / "t.svg"), "--region", "SR-D"]) == 0
    assert main([*base, str(tmp_path / "m.svg"), "--kind", "map", "--region", "SR-D"]) == 0
    trend = (tmp_path / "t.svg").read_text("utf-8")
    assert "Dransfeld" in trend and "Bovenden" not in trend  # the Sozialräume of SR-D, not the own region
    assert "hervorgehoben" in (tmp_path / "m.svg").read_text("utf-8")

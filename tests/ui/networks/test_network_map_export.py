"""The network map's exports carry title, filter, legend, date and source; no two Arten or Sozialräume shown look
alike (colour and marker shape), also with every Art and all Sozialräume on the map."""

import shutil
import subprocess
from datetime import date

import pytest
from PySide6.QtGui import QImage

from sozialkoordination.actors.connections import MARKERS, PALETTE, group_styles
from sozialkoordination.actors.service import OrganisationData
from sozialkoordination.config import resource_path
from sozialkoordination.core.formatting import german_date
from sozialkoordination.ui.networks.map_view import ActorDot
from tests.ui.helpers import choose, choose_area, choose_tab, click

ART = [
    line.strip()
    for line in resource_path("reference", "organisationstypen.txt").read_text("utf-8").splitlines()
    if line.strip() and not line.startswith("#")
]


@pytest.fixture
def every_kind(context):
    """An organisation of every Art, spread over all Sozialräume."""
    raeume = context.areas.sozialraeume()
    for n, raum in enumerate(raeume):
        context.actors.save_organisation(
            OrganisationData(name=f"Träger {raum.name}", org_type=ART[n % len(ART)], sozialraum_id=raum.id)
        )
    return raeume


def test_no_two_groups_alike():
    styles = group_styles([f"Gruppe {n}" for n in range(len(PALETTE) * len(MARKERS))])
    assert len(set(styles.values())) == len(styles)
    kinds = group_styles(sorted(ART))
    assert kinds["Familienzentrum"] != kinds["Verein"]


def test_dots_of_every_art_and_sozialraum_differ(window, qtbot, every_kind):
    view = choose_area(qtbot, window, "networks")
    choose(qtbot, view.region_combo, view.region_combo.itemText(0))
    karte = choose_tab(qtbot, view.tabs, "Netzwerkkarte")
    for mode, field in (("Farbe nach Art", "org_type"), ("Farbe nach Sozialraum", "sozialraum")):
        choose(qtbot, karte.colour_by, mode)
        looks: dict[str, set] = {}
        for item in karte.scene.items():
            if isinstance(item, ActorDot):
                group = getattr(karte.graph.nodes[item.key], field)
                looks.setdefault(group, set()).add((item.brush().color().name(), item.marker))
        assert len(looks) >= min(len(every_kind), len(ART) if field == "org_type" else 99)
        assert all(len(look) == 1 for look in looks.values())  # one look per group
        assert len({next(iter(look)) for look in looks.values()}) == len(looks)  # and no two groups alike
    assert len(karte.legend_entries()) == len(every_kind)  # one legend line per Sozialraum shown


def test_exports_have_title_legend_date_and_source(window, qtbot, sample_actors, every_kind, tmp_path, save_as):
    view = choose_area(qtbot, window, "networks")
    choose(qtbot, view.region_combo, view.region_combo.itemText(0))
    karte = choose_tab(qtbot, view.tabs, "Netzwerkkarte")
    choose(qtbot, karte.who, "nur Organisationen")
    for suffix in (".svg", ".png", ".pdf"):
        save_as(tmp_path / f"karte{suffix}")
        click(qtbot, karte, "mapExportButton")
    assert save_as.done()
    svg = (tmp_path / "karte.svg").read_text("utf-8")
    today = german_date(date.today())
    for expected in (
        "Netzwerkkarte",
        "Legende",
        "ganzer Landkreis · nur Organisationen · Farbe nach Art",
        f"Stand {today}",
        "Quelle: Sozialkoordination",
        "Familienzentrum",
        "Verein",
        "Größe: Anzahl der Verbindungen",
    ):
        assert expected in svg, expected
    image = QImage(str(tmp_path / "karte.png"))
    assert image.width() == 2800 and 1950 < image.height() < 2000  # landscape, A4's proportions
    if shutil.which("pdftotext"):
        text = subprocess.run(
            ["pdftotext", "-layout", str(tmp_path / "karte.pdf"), "-"], capture_output=True, text=True, check=True
        ).stdout
        assert "Netzwerkkarte" in text and "Legende" in text and f"Stand {today}" in text and "Familienzentrum" in text
    image.scaledToWidth(1000).save("/tmp/d23b/netzwerkkarte_export.png")  # looked at while building

"""Angebote travel in the Datenpaket: with their organisation, themes, Gemeinde (by AGS) and Sozialraum (by ARS),
and the partner's Präventionskette shows the same gaps."""

from __future__ import annotations

from tests.databases import databases  # noqa: F401 - a fixture
from tests.unit.offers.scenario import build

PASSWORD = "Paket-Kennwort 2026"


def test_angebote_arrive_at_the_partner_with_places_and_themes(context, databases, tmp_path):  # noqa: F811
    build(context)
    office = databases("geschaeftsstelle")
    path = tmp_path / "an-gs.sozdp"
    context.exchange.export_package("Geschäftsstelle", path, PASSWORD)
    office.exchange.import_package(path, PASSWORD)

    def without_ids(rows) -> list[dict]:
        return [{k: v for k, v in vars(r).items() if k != "id"} for r in rows]

    assert len(context.offers.list_rows()) == 4
    assert without_ids(office.offers.list_rows()) == without_ids(context.offers.list_rows())
    theirs = {r.name: r for r in office.offers.list_rows()}
    assert office.offers.get(theirs["Babytreff"].id).themes == ["Frühe Hilfen"]
    assert [h.title for h in office.search.search("krabbel") if h.kind == "angebot"] == ["Krabbelgruppe Bilshausen"]

"""The demo's data files in resources/demo/ fit together: whoever edits them learns of a typo here, not in a
half-built demo database."""

import re
import string

from sozialkoordination.config import resource_path
from sozialkoordination.demo.data import demo_data


def _placeholders(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def test_every_catalogue_type_has_names_roles_and_known_themes():
    data = demo_data()
    path = resource_path("reference", "organisationstypen.txt")
    catalogue = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert set(catalogue) == set(data.organisation_types)
    for name, spec in data.organisation_types.items():
        assert spec.names and spec.roles and spec.weight > 0, name
        assert set(spec.themes) <= set(data.themes), name
        for template in spec.names:
            assert _placeholders(template) <= {"ort", "jahr"}, template
    kita = data.organisation_types["Kita"].names
    assert "Kita Pusteblume {ort}" in kita and "Kinderkrippe Sausewind {ort}" in kita


def test_networks_offers_and_participation_refer_to_what_exists():
    data = demo_data()
    projects = {p.code for p in data.projects}
    for specs in data.networks.values():
        for spec in specs:
            assert spec.project is None or spec.project in projects, spec.name
            assert set(spec.organisation_types) <= set(data.organisation_types), spec.name
            assert _placeholders(spec.name) <= {"region", "raum"}, spec.name
    for offer in data.offers:
        assert set(offer.organisation_types) <= set(data.organisation_types), offer.title
        assert set(offer.themes) <= set(data.themes), offer.title
    for activity in data.activities:
        assert _placeholders(activity.title) <= {"ort", "raum"} and len(activity.ideas) >= 2, activity.title


def test_agenda_templates_use_only_what_the_builder_fills_in():
    data = demo_data()
    known = {"topic", "finding", "guest", "guest_organisation", "coordinator", "raum", "year"}
    for part, items in data.agenda.items():
        for item in items:
            for text in (item.title, item.presenter or "", item.minutes):
                assert _placeholders(text) <= known, (part, text)
    assert {"opening", "closing", "other", "Sozialraumkonferenz", "Regionales Sozialforum"} <= set(data.agenda)
    for text in data.meetings["budget"]["decisions"].values():
        assert _placeholders(text) <= {"purpose", "organisation", "amount"}


def test_area_codes_and_text_stay_german_utf8():
    data = demo_data()
    assert len(data.area_codes) == 18 and all(re.fullmatch(r"0\d{3,4}", c) for c in data.area_codes.values())
    assert "Müller" in data.names["last"] and "Ayşe" in data.names["female"]
    assert data.meetings["months"][2] == "März"

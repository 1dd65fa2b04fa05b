"""Offer columns of partner lists (issue 24): reading the cells, mapping the columns, and the import creating,
completing and undoing Angebote on a real file and a real database."""

from datetime import date

import openpyxl
import pytest

from sozialkoordination.actor_import import offer_rules, rules
from sozialkoordination.actor_import.service import MERGE, SKIP, Decision
from sozialkoordination.actors.service import ActorFilter, OrganisationData
from sozialkoordination.offers.service import AngebotData
from tests.dbutil import query

# -- cells ------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "codes"),
    [
        ("0-3 J.", ["0-3"]),
        ("0–3 Jahre", ["0-3"]),
        ("U3", ["0-3"]),
        ("3 bis 6 Jahre", ["3-6"]),
        ("Kita-Alter", ["3-6"]),
        ("Ü3", ["3-6"]),
        ("Schwangere", ["geburt"]),
        ("Schwangerschaft", ["geburt"]),
        ("Eltern", ["familie"]),
        ("Senioren", ["aeltere"]),
        ("ab 65", ["aeltere"]),
        ("Jugendliche", ["10-16", "16-27"]),  # 14 to 17 (§ 7 SGB VIII)
        ("Schülerinnen und Schüler", ["10-16"]),
        ("Übergang Schule/Beruf", ["16-27"]),
        ("0-12 Monate", ["0-3"]),
        ("Kinder von 0 bis 6 Jahren", ["0-3", "3-6"]),
        ("6-12 Jahre", ["6-10", "10-16"]),
        ("U3, Eltern", ["0-3", "familie"]),
        ("Schwangere; 0–3 Jahre / Eltern", ["geburt", "0-3", "familie"]),
        ("Mütter und Väter", ["familie"]),
        ("Kinder (3-6 Jahre)", ["3-6"]),
    ],
)
def test_life_phases_are_read_from_free_text(text, codes):
    assert offer_rules.life_phases_from_text(text) == (codes, [])


def test_parts_of_a_life_phase_cell_that_mean_nothing_are_named():
    assert offer_rules.life_phases_from_text("Eltern und Hundehalter") == (["familie"], ["Hundehalter"])
    assert offer_rules.life_phases_from_text("irgendwer") == ([], ["irgendwer"])
    assert offer_rules.life_phases_from_text(None) == ([], [])


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("Kurs", ("Kurs", True)),
        ("beratung", ("Beratung", True)),
        ("Krabbelgruppe", ("Gruppe", True)),
        ("Erziehungsberatung", ("Beratung", False)),
        ("Eltern-Kind-Gruppe", ("Gruppe", False)),
        ("Elterncafé", ("Treffpunkt", False)),
        ("Hebammensprechstunde", ("Sprechstunde", False)),
        ("Exkursion", ("Veranstaltung", True)),  # no "Kurs" inside
        ("Elternbildung", (None, False)),
    ],
)
def test_kinds_are_normalised_to_the_nearest_kind_of_the_app(text, kind):
    assert offer_rules.kind_from_text(text) == kind


@pytest.mark.parametrize(
    ("cells", "start", "end", "problems"),
    [
        (("01.02.2027 – 30.06.2027",), date(2027, 2, 1), date(2027, 6, 30), 0),
        (("1.2.27 bis 30.6.27",), date(2027, 2, 1), date(2027, 6, 30), 0),
        (("01.02.2027-30.06.2027",), date(2027, 2, 1), date(2027, 6, 30), 0),
        (("ab 03/2027",), date(2027, 3, 1), None, 0),
        (("bis 31.12.2027",), None, date(2027, 12, 31), 0),
        (("laufend",), None, None, 0),
        ((None, date(2027, 9, 1), "31.07.2028"), date(2027, 9, 1), date(2028, 7, 31), 0),
        (("irgendwann",), None, None, 1),
        ((None, "01.09.2027", "31.06.2027"), date(2027, 9, 1), None, 1),  # 31 June does not exist
        ((None, "01.09.2027", "30.06.2027"), None, None, 1),  # the end before the beginning
    ],
)
def test_periods_are_read_with_the_apps_date_rules(cells, start, end, problems):
    period = offer_rules.period_from_cells(*cells)
    assert (period.starts_on, period.ends_on, len(period.problems)) == (start, end, problems)


def test_costs_accessibility_and_names():
    assert [offer_rules.cost_text(v) for v in (0, 5, 2.5, "frei", "3 € pro Termin")] == [
        "kostenlos",
        "5 €",
        "2,50 €",
        "kostenlos",
        "3 € pro Termin",
    ]
    assert [offer_rules.accessibility_text(v) for v in ("x", "nein", "teilweise", "Aufzug")] == [
        "barrierefrei",
        "nicht barrierefrei",
        "teilweise barrierefrei",
        "Aufzug",
    ]
    assert offer_rules.offer_names("Krabbelgruppe; Elterncafé\nSprechstunde") == [
        "Krabbelgruppe",
        "Elterncafé",
        "Sprechstunde",
    ]
    assert offer_rules.offer_names("Eltern, Kind und Spiel") == ["Eltern, Kind und Spiel"]
    assert offer_rules.target_groups_from_text("Eltern; Senioren, Hundehalter") == ["Eltern", "Ältere", "Hundehalter"]


# -- columns ----------------------------------------------------------------------------------------------------------

FZ_HEADER = [
    "Einrichtung",
    "Straße",
    "PLZ",
    "Ort",
    "Angebot",
    "Angebotsart",
    "Zielgruppe",
    "Altersgruppe",
    "Thema",
    "Kosten",
    "Sprache(n)",
    "Barrierefrei",
    "Zeitraum",
    "Ort des Angebots",
]


def test_offer_columns_are_recognised_by_their_headers():
    mapping = dict(zip(FZ_HEADER, rules.suggest_mapping(FZ_HEADER), strict=True))
    assert mapping == {
        "Einrichtung": "organisation",
        "Straße": "street",
        "PLZ": "postcode",
        "Ort": "city",
        "Angebot": "offer_name",
        "Angebotsart": "offer_kind",  # next to an offer column the kind is the offer's …
        "Zielgruppe": "offer_target_groups",
        "Altersgruppe": "offer_life_phases",
        "Thema": "offer_themes",  # … and so is the theme
        "Kosten": "offer_cost",
        "Sprache(n)": "offer_language",
        "Barrierefrei": "offer_accessibility",
        "Zeitraum": "offer_period",
        "Ort des Angebots": "offer_place",
    }
    assert rules.suggest_mapping(["Name", "von", "bis"])[1:] == [None, None]
    starts = rules.suggest_mapping(["Einrichtung", "Angebot", "von", "bis", "Beschreibung"])
    assert starts[2:] == ["offer_starts_on", "offer_ends_on", "offer_description"]
    assert rules.FIELDS["offer_life_phases"] == "Angebot: Lebensphasen"


def test_without_an_offer_column_the_old_meanings_stay():
    assert rules.suggest_mapping(["Einrichtung", "Angebotsart", "Thema", "Alter", "Kosten"]) == [
        "organisation",
        "org_type",
        "themes",
        None,  # "Alter" of a volunteer is no life phase of an offer: into the notes
        None,
    ]
    assert rules.field_by_name("Thema") == "themes"
    assert rules.field_by_name("Angebot: Art") == "offer_kind"


def test_offer_columns_without_a_telling_header_are_recognised_by_their_content():
    rows = [
        ["FZ Regenbogen", "Krabbelgruppe", "U3", "Gruppe", "Mo 9 Uhr"],
        ["FZ Regenbogen", "Elterncafé", "Eltern", "Treffpunkt", "Di 15 Uhr"],
        ["FZ Sonne", "Rückbildung", "Schwangere", "Kurs", "Mi"],
        ["FZ Sonne", "Sprechstunde", "0-3 Jahre", "Sprechstunde", "Do"],
    ]
    guesses = rules.guess_columns(["Einrichtung", "Angebot", "Spalte C", "Spalte D", "Termin"], rows)
    assert [g.field for g in guesses] == ["organisation", "offer_name", "offer_life_phases", "offer_kind", None]
    assert guesses[2].reason == "100 % der Werte sind Lebensphasen oder Altersangaben"
    # Without an offer column the same content is no offer's.
    assert [g.field for g in rules.guess_columns(["Einrichtung", "X", "Spalte C"], rows)][2] is None


# -- the import -------------------------------------------------------------------------------------------------------

HEADER = ["Einrichtung", "Straße", "PLZ", "Ort", "Angebot", "Angebotsart", "Altersgruppe", "Thema", "Kosten", "von"]
REGENBOGEN = ["Familienzentrum Regenbogen", "Am Anger 3", "37120", "Bovenden"]
SONNE = ["Familienzentrum Sonne", "Schulweg 1", "37124", "Rosdorf"]
ROWS = [
    REGENBOGEN + ["Krabbelgruppe", "Gruppe", "U3", "Frühe Hilfe", 0, "01.02.2027"],
    REGENBOGEN + ["Elternberatung", "Erziehungsberatung", "Eltern", None, None, None],
    REGENBOGEN + ["Krabbelgruppe", None, "0-3 J.", None, None, None],
    SONNE + ["Yoga", "Elternbildung", "irgendwer", None, None, None],
    SONNE + ["Seniorentreff", "Treffpunkt", "Senioren", None, "2,50", "bald"],
    ["Kita Pusteblume", "Kirchweg 2", "37124", "Rosdorf", None, None, "Kita-Alter", None, None, None],
]


def write_list(path, rows=ROWS, header=HEADER):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def prepare(context, path):
    service = context.actor_import
    data = service.read(path)
    header = service.detect_header(data)
    return service.prepare(path, data, header, service.suggest_mapping(data.rows[header]))


def offers(context):
    return {row.name: row for row in context.offers.list_rows()}


def test_rows_with_an_offer_create_offers_of_their_organisation(context, tmp_path):
    context.actors.save_organisation(OrganisationData(name="Frühe Hilfen Netzwerk", themes=["Frühe Hilfen"]))
    plan = prepare(context, write_list(tmp_path / "fz.xlsx"))
    counts = context.actor_import.count(plan)
    assert (counts.organisations, counts.offers, counts.changed_offers) == (3, 3, 0)
    assert "Angebote: 3 neu angelegt." in counts.text()
    result = context.actor_import.run(plan)
    assert (result.created_organisations, result.created_offers) == (3, 3)
    assert "6 neu angelegt (3 Organisationen, 0 Personen, 3 Angebote)" in result.summary()

    found = offers(context)
    assert sorted(found) == ["Elternberatung", "Krabbelgruppe", "Seniorentreff"]  # the repeated one once
    krabbel = context.offers.get(found["Krabbelgruppe"].id)
    regenbogen = context.actors.rows(ActorFilter(text="Regenbogen"))[0].id
    assert (krabbel.organisation_id, krabbel.kind, krabbel.life_phases) == (regenbogen, "Gruppe", ["0-3"])
    assert (krabbel.cost, krabbel.starts_on, krabbel.themes) == ("kostenlos", date(2027, 2, 1), ["Frühe Hilfen"])
    assert (krabbel.at_organisation, krabbel.place_street, krabbel.place_postcode) == (True, "Am Anger 3", "37120")
    assert (found["Krabbelgruppe"].gemeinde, found["Krabbelgruppe"].sozialraum) == ("Bovenden", "Bovenden")
    beratung = context.offers.get(found["Elternberatung"].id)
    assert (beratung.kind, beratung.life_phases) == ("Beratung", ["familie"])
    assert beratung.description == "Art laut Liste: Erziehungsberatung"
    senioren = context.offers.get(found["Seniorentreff"].id)
    assert (senioren.cost, senioren.starts_on, senioren.life_phases) == ("2,50", None, ["aeltere"])
    assert "Zeitraum laut Liste: bald" in senioren.description

    # The line whose offer cannot be read says why and what to do; its organisation is imported all the same.
    yoga = next(r for r in plan.rows if r.line == 5)
    assert yoga.importable and not yoga.offers
    assert "Lebensphase „irgendwer“ nicht erkannt" in yoga.warnings[0]
    assert "z. B. „0–3 Jahre“" in yoga.warnings[0]
    sonne = context.actors.get_organisation(context.actors.rows(ActorFilter(text="Sonne"))[0].id)
    assert "Angebot: Yoga" in sonne.notes and "Altersgruppe: irgendwer" in sonne.notes
    treff = next(r for r in plan.rows if r.line == 6)
    assert any("Beginn „bald“ ist kein Datum" in w and "TT.MM.JJJJ" in w for w in treff.warnings)
    # Offer cells of a row without an offer name stay with the organisation.
    pusteblume = context.actors.get_organisation(context.actors.rows(ActorFilter(text="Pusteblume"))[0].id)
    assert pusteblume.notes == "Altersgruppe: Kita-Alter"

    assert context.actor_import.history()[0].created == 6  # 3 organisations, 3 offers
    texts = query(context.engine, "SELECT search_text, uuid IS NOT NULL, version FROM angebot ORDER BY id")
    assert texts[0] == ("krabbelgruppe gruppe bovenden", 1, 1)

    message = context.actor_import.undo(result.batch_id)
    assert "3 Akteure und 3 Angebote entfernt" in message
    assert context.offers.list_rows() == []
    assert query(context.engine, "SELECT COUNT(*) FROM angebot_theme") == [(0,)]


def test_an_unknown_kind_becomes_sonstiges_and_an_offer_place_of_its_own_is_kept(context, tmp_path):
    header = ["Einrichtung", "PLZ Ort", "Angebot", "Art des Angebots", "Zielgruppe", "Ort des Angebots", "Reichweite"]
    rows = [
        ["FZ Regenbogen", "37120 Bovenden", "Elternbildung", "Bildung", "Eltern", "Markt 1, 37139 Adelebsen", "x"],
    ]
    plan = prepare(context, write_list(tmp_path / "fz.xlsx", rows, header))
    row = plan.rows[0]
    assert any("Art „Bildung“ gibt es im Programm nicht – als „Sonstiges“ übernommen" in w for w in row.warnings)
    assert any("Reichweite „x“ unbekannt" in w for w in row.warnings)
    context.actor_import.run(plan)
    offer = context.offers.get(context.offers.list_rows()[0].id)
    assert (offer.kind, offer.life_phases, offer.target_groups) == ("Sonstiges", ["familie"], ["Eltern"])
    assert (offer.at_organisation, offer.place_street, offer.place_postcode, offer.place_city) == (
        False,
        "Markt 1",
        "37139",
        "Adelebsen",
    )
    assert context.offers.list_rows()[0].gemeinde == "Adelebsen"
    assert offer.description == "Art laut Liste: Bildung"


def test_an_offer_that_exists_gets_its_empty_fields_on_merge_and_undo_restores_it(context, tmp_path):
    org = context.actors.save_organisation(
        OrganisationData(name="Familienzentrum Regenbogen", street="Am Anger", house_number="3", postcode="37120")
    )
    existing = context.offers.save(
        AngebotData(name="Krabbelgruppe", kind="Gruppe", life_phases=["0-3"], organisation_id=org, cost="3 €")
    )
    rows = [row[:4] + ["krabbelgruppe", "Kurs", "U3", None, 0, "01.02.2027"] for row in ROWS[:1]]
    rows.append(ROWS[1])
    path = write_list(tmp_path / "fz.xlsx", rows)

    plan = prepare(context, path)
    counts = context.actor_import.count(plan, default=Decision(SKIP))
    assert (counts.offers, counts.changed_offers, counts.skipped_offers) == (1, 0, 1)
    counts = context.actor_import.count(plan, default=Decision(MERGE))
    assert (counts.offers, counts.changed_offers) == (1, 1)
    assert "1 vorhandene ergänzt" in counts.text()

    result = context.actor_import.run(plan, default=Decision(MERGE))
    assert (result.created_offers, result.changed_offers) == (1, 1)
    merged = context.offers.get(existing)
    assert (merged.kind, merged.cost, merged.starts_on) == ("Gruppe", "3 €", date(2027, 2, 1))  # only what was empty
    assert len(context.offers.list_rows()) == 2  # not duplicated
    assert ("angebot", existing, "Krabbelgruppe") in [
        (m.entity, m.record_id, m.label) for m in context.actor_import.merges(result.batch_id)
    ]

    context.actor_import.undo(result.batch_id)
    assert context.offers.get(existing).starts_on is None
    assert [r.name for r in context.offers.list_rows()] == ["Krabbelgruppe"]


def test_a_list_without_a_life_phase_column_says_which_column_to_assign(context, tmp_path):
    plan = prepare(
        context, write_list(tmp_path / "fz.xlsx", [["FZ Regenbogen", "Krabbelgruppe"]], ["Einrichtung", "Angebot"])
    )
    assert plan.rows[0].importable and not plan.rows[0].offers
    assert "keine Spalte mit Lebensphase oder Zielgruppe zugeordnet" in plan.rows[0].warnings[0]
    assert "„Angebot: Lebensphasen“ zu" in plan.rows[0].warnings[0]
    context.actor_import.run(plan)
    org = context.actors.get_organisation(context.actors.rows(ActorFilter(text="Regenbogen"))[0].id)
    assert org.notes == "Angebot: Krabbelgruppe"  # nothing of the list lost


def test_an_offer_edited_after_the_import_is_named_before_undo(context, tmp_path):
    result = context.actor_import.run(prepare(context, write_list(tmp_path / "fz.xlsx", ROWS[:1])))
    offer = context.offers.get(context.offers.list_rows()[0].id)
    offer.cost = "1 €"
    context.offers.save(offer)
    changed = context.actor_import.changed_since(result.batch_id)
    assert [(c.entity, c.label, c.created) for c in changed] == [("angebot", "Krabbelgruppe", True)]

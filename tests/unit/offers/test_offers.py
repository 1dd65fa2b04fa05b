"""Angebote and the Präventionskette: records with derived places, validation that changes nothing, the matrix with
empty/thin cells, need beside supply with small-number protection, the Excel export read back, the global search,
the audit, and a finding put on the agenda of the next Sozialraumkonferenz."""

from __future__ import annotations

from datetime import timedelta

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from sozialkoordination.core.errors import DomainError, ValidationError
from sozialkoordination.models import Angebot, AuditEntry, Organisation
from sozialkoordination.offers.service import AngebotData, AngebotService, cell_mark, gemeinde_centres, scarce
from tests.unit.offers.scenario import GIEBOLDEHAUSEN, MEETING_DAY, build

RHUMSPRINGE, WOLLBRANDSHAUSEN, GIEBOLDEHAUSEN_ORT, BILSHAUSEN = "03159027", "03159037", "03159014", "03159005"


@pytest.fixture
def world(context):
    return build(context) | {"context": context}


def test_place_gemeinde_and_sozialraum_come_from_the_address(world):
    service: AngebotService = world["service"]
    rows = {r.name: r for r in service.list_rows()}
    assert rows["Babytreff"].place == "37434 Gieboldehausen"  # the organisation's address
    assert (rows["Babytreff"].gemeinde, rows["Babytreff"].sozialraum) == ("Gieboldehausen", "Gieboldehausen")
    # 37434 is shared by several Gemeinden: the place decides
    assert rows["Krabbelgruppe Bilshausen"].gemeinde == "Bilshausen"
    assert rows["Erziehungsberatung"].life_phases == "6–10 Jahre, Familie/Eltern"
    assert rows["Eltern-Kind-Kurs Rhumspringe"].period.startswith("bis ")
    data = service.get(world["babytreff"])
    assert (data.themes, data.target_groups, data.life_phases) == (["Frühe Hilfen"], ["Eltern"], ["0-3"])


def test_bad_input_is_refused_with_reasons_and_changes_nothing(world):
    service: AngebotService = world["service"]
    with world["context"].session_factory() as s:
        before = s.scalar(select(func.count(Angebot.id)))
    bad = AngebotData(name=" ", life_phases=[], at_organisation=False, place_postcode="3743", reach="irgendwo")
    with pytest.raises(ValidationError) as caught:
        service.save(bad)
    assert set(caught.value.fields) == {"name", "life_phases", "place_postcode", "reach"}
    assert "fünf Ziffern" in caught.value.fields["place_postcode"]
    with pytest.raises(ValidationError) as caught:
        service.save(AngebotData(name="Kurs", life_phases=["0-3"], organisation_id=None))
    assert "Organisation" in caught.value.fields["organisation_id"]
    with world["context"].session_factory() as s:
        assert s.scalar(select(func.count(Angebot.id))) == before


def test_chain_of_a_sozialraum_shows_empty_cells_and_high_need(world):
    chain = world["service"].chain(world["raum"])
    assert chain.title == "Präventionskette – Sozialraum Gieboldehausen"
    assert len(chain.areas) == 10
    assert chain.cell("0-3", GIEBOLDEHAUSEN_ORT).count == 1
    assert chain.cell("0-3", BILSHAUSEN).count == 1
    # the course in Rhumspringe ended before today: it does not count
    empty = chain.cell("0-3", RHUMSPRINGE)
    assert empty.count == 0 and empty.high_need_low_supply
    assert cell_mark(empty) == "⚠ hoher Bedarf, kein Angebot"
    assert chain.cell("0-3", WOLLBRANDSHAUSEN).high_need_low_supply
    assert not chain.cell("0-3", "03159028").high_need_low_supply  # Rollshausen: empty, but need not high
    assert cell_mark(chain.cell("0-3", "03159028")) == "✕ kein Angebot"
    assert cell_mark(chain.cell("0-3", BILSHAUSEN)) == "◔ dünn"
    # reach Sozialraum: the counselling counts in every Gemeinde
    assert all(chain.cell("familie", a.key).count == 1 for a in chain.areas)
    # need next to supply, with small-number protection
    need = {a.name: a for a in chain.areas}
    assert (need["Rhumspringe"].need_text, need["Rhumspringe"].high_need) == ("25,0", True)
    assert (need["Bilshausen"].need_text, need["Bilshausen"].high_need) == ("8,0", False)
    assert chain.need_name == "Kinderarmut (31.12.2025)"
    assert chain.cell("0-3", GIEBOLDEHAUSEN_ORT).population_text == "120"
    assert chain.cell("0-3", GIEBOLDEHAUSEN_ORT).per_1000_text == "8,3"
    assert chain.cell("0-3", WOLLBRANDSHAUSEN).population_text == "< 3"
    assert chain.cell("0-3", WOLLBRANDSHAUSEN).per_1000_text == "–"  # never a ratio from a protected number
    assert chain.district_counts["0-3"] == 2


def test_high_need_with_a_single_offer_stands_out_too(world, tmp_path):
    """High need meets low supply: one offer where child poverty is above the Landkreis is marked, not only none."""
    service: AngebotService = world["service"]
    service.save(
        AngebotData(
            name="Hebammensprechstunde Rhumspringe",
            kind="Beratung",
            life_phases=["0-3"],
            at_organisation=False,
            place_postcode="37434",
            place_city="Rhumspringe",
            reach="Gemeinde",
        )
    )
    chain = service.chain(world["raum"])
    thin = chain.cell("0-3", RHUMSPRINGE)
    assert thin.count == 1 and thin.high_need and not thin.high_need_low_supply
    assert cell_mark(thin) == "◔ dünn, hoher Bedarf" and scarce(thin)
    assert not scarce(chain.cell("0-3", BILSHAUSEN))  # thin, but the need is not high
    assert not scarce(chain.cell("aeltere", RHUMSPRINGE))  # child poverty says nothing about older people
    service.export_chain(tmp_path / "kette.xlsx", chain)
    rows = [[c.value for c in r] for r in load_workbook(tmp_path / "kette.xlsx").active.iter_rows()]
    row = next(r for r in rows if r[:2] == ["0–3 Jahre", "Rhumspringe"])
    assert row[-1] == "dünn (ein Angebot), hoher Bedarf"


def test_chain_of_the_district_and_filters(world):
    service: AngebotService = world["service"]
    chain = service.chain(None)
    assert len(chain.areas) == 18
    assert chain.cell("0-3", GIEBOLDEHAUSEN).count == 2
    assert sum(chain.cell("0-3", a.key).count for a in chain.areas) == 2
    assert service.chain(world["raum"], theme="Bildung").cell("0-3", GIEBOLDEHAUSEN_ORT).count == 0
    assert service.chain(world["raum"], theme="frühe hilfen").cell("0-3", GIEBOLDEHAUSEN_ORT).count == 1
    assert service.chain(world["raum"], target_group="Eltern").cell("0-3", BILSHAUSEN).count == 0
    assert service.themes() == ["Bildung", "Frühe Hilfen"]


def test_chain_of_a_sozialregion_has_its_sozialraeume_as_columns(world):
    service: AngebotService = world["service"]
    areas = world["context"].areas
    chain = service.chain(None, sozialregion_id=areas.find_region("SR-E").id)
    assert chain.title == "Präventionskette – Sozialregion Eichsfeld/Duderstadt"
    assert [a.name for a in chain.areas] == ["Duderstadt", "Gieboldehausen", "Radolfshausen"]
    assert chain.cell("0-3", GIEBOLDEHAUSEN).count == 2
    assert chain.district_counts == service.chain(None).district_counts  # the Landkreis beside it for comparison
    with pytest.raises(DomainError, match="Sozialregion gibt es nicht"):
        service.chain(None, sozialregion_id=999)


def test_export_to_excel_reads_back(world, tmp_path):
    service: AngebotService = world["service"]
    chain = service.chain(world["raum"])
    count = service.export_chain(tmp_path / "kette.xlsx", chain)
    assert count == 9 * 10
    sheet = load_workbook(tmp_path / "kette.xlsx").active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0][:5] == ["Lebensphase", "Gebiet", "Angebote", "Angebote im Landkreis", "Landkreis je 1.000"]
    rhumspringe = next(r for r in rows if r[0] == "0–3 Jahre" and r[1] == "Rhumspringe")
    assert rhumspringe[2] == 0 and rhumspringe[7] == "25,0" and rhumspringe[8] == "hoher Bedarf, kein Angebot"


def test_finding_goes_on_the_agenda_of_the_next_conference(world):
    service: AngebotService = world["service"]
    context = world["context"]
    chain = service.chain(world["raum"])
    meeting, item_id = service.put_on_agenda(chain, "0-3", RHUMSPRINGE)
    assert meeting.id == world["meeting"]
    agenda = context.meetings.agenda(world["meeting"])
    assert [(a.id, a.title, a.item_type) for a in agenda] == [
        (
            item_id,
            "Präventionskette: kein Angebot für 0–3 Jahre in Gemeinde Rhumspringe (hoher Bedarf: Kinderarmut 25,0)",
            "Diskussion",
        )
    ]
    other = AngebotService(
        context.session_factory, context.indicators, context.meetings, today=lambda: MEETING_DAY + timedelta(days=1)
    )
    with pytest.raises(DomainError, match="keine Sitzung geplant"):
        other.put_on_agenda(chain, "0-3", RHUMSPRINGE)
    assert len(context.meetings.agenda(world["meeting"])) == 1


def test_found_by_the_global_search_and_audited(world):
    context = world["context"]
    hits = [h for h in context.search.search("krabbel") if h.kind == "angebot"]
    assert [(h.id, h.title, h.detail) for h in hits] == [
        (world["krabbel"], "Krabbelgruppe Bilshausen", "Gruppe · Bilshausen")
    ]
    world["service"].delete(world["krabbel"])
    assert not [h for h in context.search.search("krabbel") if h.kind == "angebot"]
    with context.session_factory() as s:
        kinds = set(s.scalars(select(AuditEntry.action).where(AuditEntry.entity == "angebot")))
    assert {"insert", "delete"} <= kinds


def test_map_points_use_organisation_coordinates_or_the_gemeinde_middle_marked_approximate(world):
    service: AngebotService = world["service"]
    with world["context"].session_factory.begin() as s:
        org = s.get(Organisation, world["org"])
        org.latitude, org.longitude = 51.6097, 10.2213
    points, unplaced = service.map_points(phase="0-3")
    assert [(p.name, p.approximate) for p in points] == [("Babytreff", False), ("Krabbelgruppe Bilshausen", True)]
    assert (points[0].latitude, points[0].longitude) == (51.6097, 10.2213)
    lat, lon = gemeinde_centres()[BILSHAUSEN]
    assert (points[1].latitude, points[1].longitude) == (lat, lon)
    assert 51.5 < lat < 51.7 and 10.1 < lon < 10.3  # Bilshausen lies in the east of the Landkreis
    assert unplaced == 0
    assert [p.name for p in service.map_points(theme="Bildung")[0]] == ["Erziehungsberatung"]

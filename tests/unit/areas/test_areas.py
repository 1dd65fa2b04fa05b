"""Reference areas: seeding from the shipped CSV, lookup by postcode and place, renaming and moving."""

import pytest

from sozialkoordination.core.errors import NotFoundError, ValidationError


def test_reference_data_seeded_once(context):
    regions = context.areas.regions()
    assert [r.code for r in regions] == ["SR-A", "SR-B", "SR-C", "SR-D", "SR-E", "SR-F"]
    assert regions[1].name == "Adelebsen/Bovenden"  # "(Arbeitstitel)" stripped
    raeume = context.areas.sozialraeume()
    assert len(raeume) == 18
    assert len(context.areas.gemeinden()) == 38
    assert {r.name for r in context.areas.sozialraeume(regions[2].id)} == {
        "Bad Lauterberg im Harz",
        "Bad Sachsa",
        "Walkenried",
    }
    assert context.areas.seed_reference() is False  # second start does not duplicate


@pytest.mark.parametrize(
    ("postcode", "city", "expected"),
    [
        ("37120", None, "Bovenden"),
        ("37120", "Lenglern", "Bovenden"),
        ("37412", "Hörden am Harz", "Hattorf am Harz"),  # shared postcode, the place decides
        ("37412", "Herzberg am Harz", "Herzberg am Harz"),
        (None, "Hann. Münden", "Hann. Münden"),
        ("", "HEDEMÜNDEN", "Hann. Münden"),
        ("37434", None, "Gieboldehausen"),
    ],
)
def test_suggest_sozialraum(context, postcode, city, expected):
    suggestion = context.areas.suggest_sozialraum(postcode, city)
    assert suggestion is not None and suggestion.sozialraum_name == expected


def test_ambiguous_or_unknown_address_gets_no_suggestion(context):
    assert context.areas.suggest_sozialraum("37412", None) is None  # Herzberg and Hattorf share it
    assert context.areas.suggest_sozialraum("37073", "Göttingen") is None  # city is not a Sozialraum


def test_rename_region_and_move_sozialraum(context):
    region_b = context.areas.find_region("SR-B")
    context.areas.rename_region(region_b.id, "  Nord  ")
    assert context.areas.find_region("nord").name == "Nord"
    rosdorf = context.areas.find_sozialraum("Rosdorf")
    context.areas.move_sozialraum(rosdorf.id, region_b.id)
    assert "Rosdorf" in {r.name for r in context.areas.sozialraeume(region_b.id)}
    with pytest.raises(ValidationError):
        context.areas.rename_region(region_b.id, "   ")


def test_find_unknown_area_names_the_choices(context):
    with pytest.raises(NotFoundError, match="Vorhanden sind: .*Bovenden"):
        context.areas.find_sozialraum("Atlantis")


def test_ortschaften_can_be_added_and_removed_and_feed_the_suggestion(context):
    bovenden = context.areas.find_sozialraum("Bovenden")
    names = [o.name for o in context.areas.ortschaften(bovenden.id)]
    assert names[:3] == ["Billingshausen", "Bovenden", "Eddigehausen"]
    gemeinde = context.areas.ortschaften(bovenden.id)[0].gemeinde_id
    assert context.areas.suggest_sozialraum(None, "Angerstein") is None
    new_id = context.areas.add_ortschaft(gemeinde, " Angerstein ", "37120")
    assert context.areas.suggest_sozialraum(None, "angerstein").sozialraum_name == "Bovenden"
    with pytest.raises(ValidationError, match="schon eingetragen"):
        context.areas.add_ortschaft(gemeinde, "ANGERSTEIN", "37120")
    with pytest.raises(ValidationError) as info:
        context.areas.add_ortschaft(gemeinde, "", "3712x")
    assert set(info.value.fields) == {"name", "postcode"}
    context.areas.remove_ortschaft(new_id)
    assert "Angerstein" not in [o.name for o in context.areas.ortschaften(bovenden.id)]

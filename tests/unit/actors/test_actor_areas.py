"""Actors without a Sozialraum: in the Stadt Göttingen (in the Landkreis, in none of its 18 Sozialräume), outside the
Landkreis, or unknown; the filters for them and for the records of one import, and the region view with the city."""

import csv

from sozialkoordination.actors.service import (
    IN_CITY,
    ORGANISATIONS,
    OUTSIDE,
    PERSONS,
    WITHOUT_SOZIALRAUM,
    ActorFilter,
    OrganisationData,
    PersonData,
)


def _names(context, flt: ActorFilter) -> list[str]:
    return [row.values[0] for row in context.actors.rows(flt)]


def _fill(context) -> int:
    """Returns the id of Bovenden's Sozialregion."""
    bovenden = context.areas.find_sozialraum("Bovenden")
    save = context.actors.save_organisation
    save(OrganisationData(name="Jugendhaus Bovenden", postcode="37120", city="Bovenden", sozialraum_id=bovenden.id))
    save(OrganisationData(name="Diakonieverband Göttingen", postcode="37073", city="Göttingen"))
    save(OrganisationData(name="Stadtjugendring", city="Göttingen"))  # the city's name, no postcode
    save(OrganisationData(name="Beratungsstelle Kassel", postcode="34117", city="Kassel"))
    save(OrganisationData(name="Ohne Anschrift e. V."))
    return bovenden.sozialregion_id


def test_filters_for_actors_without_sozialraum(context):
    _fill(context)
    assert _names(context, ActorFilter(area=WITHOUT_SOZIALRAUM)) == [
        "Beratungsstelle Kassel",
        "Diakonieverband Göttingen",
        "Ohne Anschrift e. V.",
        "Stadtjugendring",
    ]
    assert _names(context, ActorFilter(area=IN_CITY)) == ["Diakonieverband Göttingen", "Stadtjugendring"]
    assert _names(context, ActorFilter(area=OUTSIDE)) == ["Beratungsstelle Kassel"]
    assert context.actors.count(ActorFilter(area=IN_CITY)) == 2


def test_the_sozialraum_column_says_where_an_actor_without_one_is(context):
    _fill(context)
    shown = {row.values[0]: row.values[5] for row in context.actors.rows(ActorFilter())}
    assert shown == {
        "Jugendhaus Bovenden": "Bovenden",
        "Diakonieverband Göttingen": "Stadt Göttingen",
        "Stadtjugendring": "Stadt Göttingen",
        "Beratungsstelle Kassel": "außerhalb des Landkreises",
        "Ohne Anschrift e. V.": None,
    }


def test_region_view_keeps_the_city_actors_when_asked(context):
    region = _fill(context)
    assert _names(context, ActorFilter(sozialregion_id=region)) == ["Jugendhaus Bovenden"]
    assert _names(context, ActorFilter(sozialregion_id=region, with_city=True)) == [
        "Diakonieverband Göttingen",
        "Jugendhaus Bovenden",
        "Stadtjugendring",
    ]


def test_persons_in_the_city_are_recognised_too(context):
    context.actors.save_person(PersonData(last_name="Kühne", first_name="Gisela", postcode="37085", city="Göttingen"))
    rows = context.actors.rows(ActorFilter(kind=PERSONS, area=IN_CITY))
    assert [r.values[0] for r in rows] == ["Kühne"]
    assert rows[0].values[12] == "Stadt Göttingen"


def test_filter_by_import_shows_what_it_created_and_merged(context, tmp_path):
    context.actors.save_organisation(OrganisationData(name="Schon da e. V."))
    path = tmp_path / "kitas.csv"
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(["Einrichtung", "PLZ", "Ort"])
        writer.writerow(["Kita Sonnenschein", "37120", "Bovenden"])
        writer.writerow(["Kita Regenbogen", "37073", "Göttingen"])
    service = context.actor_import
    data = service.read(path)
    header = service.detect_header(data)
    plan = service.prepare(path, data, header, service.suggest_mapping(data.rows[header], None))
    first = service.run(plan).batch_id
    context.actors.save_organisation(OrganisationData(name="Danach angelegt"))
    assert _names(context, ActorFilter(import_batch_id=first)) == ["Kita Regenbogen", "Kita Sonnenschein"]
    assert _names(context, ActorFilter(import_batch_id=first, area=IN_CITY)) == ["Kita Regenbogen"]
    assert context.actors.import_choices()[0][0] == first
    assert context.actors.import_choices()[0][1].startswith(f"Import {first} – kitas.csv (")
    assert _names(context, ActorFilter(kind=ORGANISATIONS, import_batch_id=first + 1)) == []


def test_a_person_without_own_address_is_where_their_organisation_is(context):
    from sozialkoordination.actors.service import AffiliationData

    _fill(context)
    diakonie = context.actors.rows(ActorFilter(text="Diakonieverband"))[0].id
    kassel = context.actors.rows(ActorFilter(text="Kassel"))[0].id
    context.actors.save_person(PersonData(last_name="Kühne", affiliations=[AffiliationData(diakonie)]))
    context.actors.save_person(PersonData(last_name="Brandt", affiliations=[AffiliationData(kassel)]))
    context.actors.save_person(PersonData(last_name="Zander", postcode="37120", affiliations=[AffiliationData(kassel)]))
    assert _names(context, ActorFilter(kind=PERSONS, area=IN_CITY)) == ["Kühne"]
    assert _names(context, ActorFilter(kind=PERSONS, area=OUTSIDE)) == ["Brandt"]  # Zander lives in the Landkreis
    shown = {r.values[0]: r.values[12] for r in context.actors.rows(ActorFilter(kind=PERSONS))}
    assert shown == {"Brandt": "außerhalb des Landkreises", "Kühne": "Stadt Göttingen", "Zander": None}

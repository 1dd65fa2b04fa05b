"""The organisation and person fields are written out once; what derives from them matches the models and forms."""

from dataclasses import fields as dataclass_fields

from sozialkoordination.actor_import.service import ORG_FIELDS
from sozialkoordination.actor_import.service import PERSON_FIELDS as IMPORTED_PERSON_FIELDS
from sozialkoordination.actors.dto import ORGANISATION_FIELDS, PERSON_FIELDS, FieldKind, form_columns, searched
from sozialkoordination.actors.service import (
    ORGANISATION_LABELS,
    ORGANISATION_SEARCH_FIELDS,
    PERSON_LABELS,
    PERSON_SEARCH_FIELDS,
    OrganisationData,
    PersonData,
)
from sozialkoordination.history.service import FIELDS as HISTORY_LABELS
from sozialkoordination.models import Organisation, Person


def test_every_field_is_a_column_or_relationship_of_its_model_and_every_form_field_is_in_its_data():
    for model, data, actor_fields in (
        (Organisation, OrganisationData, ORGANISATION_FIELDS),
        (Person, PersonData, PERSON_FIELDS),
    ):
        data_names = {f.name for f in dataclass_fields(data)}
        for field in actor_fields:
            assert hasattr(model, field.name), (model.__name__, field.name)
            if field.in_form:
                assert field.name in data_names, (data.__name__, field.name)
            if field.kind in (FieldKind.TEXT, FieldKind.NUMBER, FieldKind.DATE, FieldKind.REFERENCE):
                assert field.name in model.__table__.c, (model.__name__, field.name)


def test_the_conflict_labels_are_the_form_fields_in_form_order():
    assert list(ORGANISATION_LABELS.items())[:3] == [("name", "Name"), ("org_type", "Typ"), ("parent_id", "Träger")]
    assert "latitude" not in ORGANISATION_LABELS  # set by the import, not in the form
    assert list(PERSON_LABELS)[-4:] == ["affiliations", "consents", "themes", "notes"]
    assert "last_activity_on" not in PERSON_LABELS


def test_search_texts_hold_the_texts_people_look_for_and_nothing_else():
    assert set(ORGANISATION_SEARCH_FIELDS) == {
        "name",
        "org_type",
        "street",
        "postcode",
        "city",
        "email",
        "phone",
        "website",
        "notes",
    }
    assert set(PERSON_SEARCH_FIELDS) == {
        "title",
        "first_name",
        "last_name",
        "function",
        "email",
        "phone",
        "mobile",
        "street",
        "postcode",
        "city",
        "notes",
    }


def test_the_import_fills_the_plain_columns_and_the_history_names_every_actor_column():
    assert ORG_FIELDS == (
        "name",
        "org_type",
        "street",
        "house_number",
        "postcode",
        "city",
        "phone",
        "email",
        "website",
        "notes",
        "latitude",
        "longitude",
    )
    assert "sozialraum_id" not in IMPORTED_PERSON_FIELDS and "salutation" in IMPORTED_PERSON_FIELDS
    for field in (*ORGANISATION_FIELDS, *PERSON_FIELDS):
        assert HISTORY_LABELS[field.name] == field.label


def test_saving_a_form_writes_every_column_it_edits_and_no_derived_one():
    assert set(form_columns(ORGANISATION_FIELDS)) == {
        "name",
        "org_type",
        "parent_id",
        "street",
        "house_number",
        "postcode",
        "city",
        "sozialraum_id",
        "phone",
        "email",
        "website",
        "notes",
    }
    assert set(form_columns(PERSON_FIELDS)) == {
        "salutation",
        "title",
        "first_name",
        "last_name",
        "function",
        "phone",
        "mobile",
        "email",
        "street",
        "house_number",
        "postcode",
        "city",
        "sozialraum_id",
        "notes",
    }


def test_the_write_path_searches_the_fields_the_field_list_marks_as_searched():
    """db/writes.py may not import a feature, so it names the searched columns itself; they must not drift apart."""
    assert set(ORGANISATION_SEARCH_FIELDS) == set(searched(ORGANISATION_FIELDS))
    assert set(PERSON_SEARCH_FIELDS) == set(searched(PERSON_FIELDS))

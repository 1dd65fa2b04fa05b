"""Save conflicts on the office server: the user's edits are laid over the version saved meanwhile, field by field."""

from dataclasses import replace

import pytest

from sozialkoordination.actors.service import OrganisationData, PersonData
from sozialkoordination.core.errors import ConflictError


def test_edits_to_different_fields_are_both_kept(context):
    kita = context.actors.save_organisation(OrganisationData(name="Kita Pusteblume", phone="0551 1111"))
    base = context.actors.get_organisation(kita)
    theirs = replace(base, notes="Notiz der Kollegin")
    context.actors.save_organisation(theirs)  # the colleague, meanwhile
    mine = replace(base, phone="0551 7777")
    with pytest.raises(ConflictError) as conflict:
        context.actors.save_organisation(mine)

    merge = context.actors.merge_organisation(mine, conflict.value.current, base)
    assert merge.clashes == [] and merge.mine == ["phone"]
    assert [(d.label, d.theirs) for d in merge.kept] == [("Notizen", "Notiz der Kollegin")]
    context.actors.save_organisation(merge.data)
    stored = context.actors.get_organisation(kita)
    assert (stored.phone, stored.notes) == ("0551 7777", "Notiz der Kollegin")


def test_only_a_field_both_changed_clashes(context):
    person = context.actors.save_person(PersonData(last_name="Schulz", first_name="Erika", phone="0551 1"))
    base = context.actors.get_person(person)
    context.actors.save_person(replace(base, phone="0551 2", notes="Notiz"))
    mine = replace(base, phone="0551 3", function="Leitung")
    with pytest.raises(ConflictError) as conflict:
        context.actors.save_person(mine)

    merge = context.actors.merge_person(mine, conflict.value.current, base)
    assert [(d.label, d.mine, d.theirs) for d in merge.clashes] == [("Telefon", "0551 3", "0551 2")]
    assert [d.label for d in merge.kept] == ["Notizen"]
    # "Meine Eingabe speichern": my phone and function, the colleague's note
    assert (merge.data.phone, merge.data.function, merge.data.notes) == ("0551 3", "Leitung", "Notiz")
    context.actors.save_person(merge.data)
    stored = context.actors.get_person(person)
    assert (stored.phone, stored.function, stored.notes) == ("0551 3", "Leitung", "Notiz")

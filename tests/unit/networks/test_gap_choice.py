"""What counts for the weiße Flecken is remembered in the database: the usual six actor types until the user
chooses; a bad choice is refused with a reason and leaves the stored one as it was."""

from __future__ import annotations

import pytest

from sozialkoordination.core.errors import ValidationError
from sozialkoordination.models import Setting
from sozialkoordination.networks.dto import DEFAULT_GAP_TYPES, GapChoice
from sozialkoordination.networks.service import GAP_CHOICE_SETTING, NetworkService


def test_choice_defaults_is_stored_and_read_back(context):
    networks = NetworkService(context.session_factory)
    assert networks.gap_choice() == GapChoice(DEFAULT_GAP_TYPES, (), ())
    saved = networks.set_gap_choice(GapChoice((" Kita ", "Verein", "Kita"), ("Kurs",), ("0-3", "3-6")))
    assert saved == GapChoice(("Kita", "Verein"), ("Kurs",), ("0-3", "3-6"))
    # another service on the same database (the Sozialraumprofil's) sees the same choice
    assert context.networks.gap_choice() == saved
    only_offers = networks.set_gap_choice(GapChoice((), ("Beratung",)))
    assert networks.gap_choice() == only_offers == GapChoice((), ("Beratung",), ())


def test_bad_choice_is_refused_and_changes_nothing(context):
    networks = NetworkService(context.session_factory)
    networks.set_gap_choice(GapChoice(("Schule",), ("Kurs",)))
    with pytest.raises(ValidationError) as caught:
        networks.set_gap_choice(GapChoice((), ()))
    assert "mindestens eine" in caught.value.fields["choice"]
    with pytest.raises(ValidationError) as caught:
        networks.set_gap_choice(GapChoice(("Schule",), (), ("0-3",)))
    assert "Angebotsart" in caught.value.fields["life_phases"]
    assert networks.gap_choice() == GapChoice(("Schule",), ("Kurs",), ())


def test_an_unreadable_stored_choice_falls_back_to_the_usual_types(context):
    with context.session_factory.begin() as s:
        s.merge(Setting(key=GAP_CHOICE_SETTING, value="{kaputt"))
    assert NetworkService(context.session_factory).gap_choice() == GapChoice()

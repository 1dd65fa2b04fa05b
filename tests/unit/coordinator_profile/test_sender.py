"""The sender of the office's documents: defaults, stored with the data, per coordinator on a shared server."""

import pytest

from sozialkoordination.coordinator_profile.service import ProfileService
from sozialkoordination.core.errors import ValidationError
from sozialkoordination.core.letters import SenderProfile
from sozialkoordination.models import Setting


def test_default_sender_is_the_landkreis_with_the_coordinator_as_contact(context):
    context.profile.save("Anna Beispiel", None)
    sender = context.profile.sender()
    assert (sender.dienststelle, sender.contact, sender.email) == ("Landkreis Göttingen", "Anna Beispiel", None)
    assert sender.return_address == "Landkreis Göttingen"
    assert sender.missing == ["Straße", "PLZ", "Ort", "Telefon", "E-Mail"]


def test_sender_is_stored_cleaned_and_read_back_per_workstation(context):
    one = ProfileService(context.session_factory, workstation="anna@pc1")
    other = ProfileService(context.session_factory, workstation="ben@pc2")
    saved = one.save_sender(
        SenderProfile(
            dienststelle="  Landkreis Göttingen ",
            contact="Anna Beispiel",
            postcode="37083",
            city="Göttingen",
            email="anna@landkreisgoettingen.de",
            logo=b"\x89PNG\r\n\x1a\n...",
            logo_name="wappen.png",
        )
    )
    assert saved.dienststelle == "Landkreis Göttingen" and saved.logo.startswith(b"\x89PNG")
    assert one.sender() == saved
    assert other.sender().email is None  # each coordinator signs with their own contact data
    with context.session_factory() as s:
        stored = s.get(Setting, "sender.logo@anna@pc1").value
    assert stored.isascii() and not stored.startswith("\x89")  # base64 in the settings table


def test_bad_sender_is_refused_and_nothing_is_stored(context):
    with pytest.raises(ValidationError) as raised:
        context.profile.save_sender(SenderProfile(dienststelle="", email="kein-at", logo=b"GIF89a", template=b"x"))
    assert set(raised.value.fields) == {"dienststelle", "email", "logo", "template"}
    assert "PNG- oder JPEG" in raised.value.fields["logo"]
    assert context.profile.sender().dienststelle == "Landkreis Göttingen"

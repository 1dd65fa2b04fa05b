"""Every Word document of the app carries the sender from the settings: Dienststelle, Fachbereich and logo in the
header line, or the office's own template."""

from datetime import date

import docx

from sozialkoordination.actors.service import PersonData
from sozialkoordination.core.letters import SenderProfile
from sozialkoordination.documents import word
from sozialkoordination.networks.dto import NetworkData
from sozialkoordination.participation.dto import ActivityData
from tests.unit.meetings.test_sent_documents import PNG, SENDER


def header_text(path) -> str:
    return "\n".join(p.text for p in docx.Document(path).sections[0].header.paragraphs).strip()  # after the logo


def test_network_list_participation_summary_and_auskunft_carry_the_sender(context, tmp_path):
    context.profile.save_sender(SenderProfile(**{**SENDER.__dict__, "logo": PNG, "logo_name": "wappen.png"}))
    expected = "Landkreis Göttingen · Fachbereich Soziales – Sozialkoordination"
    region = context.areas.regions()[0].id
    network = context.networks.save(NetworkData(name="AK Frühe Hilfen", sozialregion_id=region))
    context.networks.export_members(network, tmp_path / "mitglieder.docx")
    assert header_text(tmp_path / "mitglieder.docx") == f"{expected} · Netzwerke"
    assert docx.Document(tmp_path / "mitglieder.docx").sections[0].header.part.package.image_parts  # the logo

    raum = context.areas.find_sozialraum("Bovenden").id
    activity = context.participation.save(
        ActivityData(title="Dorfzukunft Lenglern", sozialraum_id=raum, starts_on=date(2026, 3, 1))
    )
    context.participation.write_summary(activity, tmp_path / "zusammenfassung.docx")
    assert header_text(tmp_path / "zusammenfassung.docx") == f"{expected} · Bürgerbeteiligung"

    person = context.actors.save_person(PersonData(first_name="Kim", last_name="Meyer"))
    context.privacy.write_report(person, tmp_path / "auskunft.docx")
    assert header_text(tmp_path / "auskunft.docx") == f"{expected} · vertraulich"


def test_without_settings_the_header_is_the_landkreis():
    doc = word.office_document("Liste", None, "Netzwerke")
    assert doc.sections[0].header.paragraphs[0].text == "Landkreis Göttingen · Sozialkoordination · Netzwerke"

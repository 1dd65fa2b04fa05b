"""The documents buttons of a meeting with the sender from the settings: DIN letters, e-mail drafts, PDF."""

import email
import shutil
from datetime import date, time
from email import policy

import docx
import pytest
from PySide6.QtWidgets import QFileDialog

from sozialkoordination.actors.service import PersonData
from sozialkoordination.documents import pdf
from sozialkoordination.meetings.service import MeetingData
from tests.ui.helpers import click, open_tab, set_checked
from tests.ui.meetings.test_meetings_view import open_meeting
from tests.unit.meetings.test_sent_documents import SENDER


@pytest.fixture
def meeting(context, sample_actors):
    context.profile.save_sender(SENDER)
    lang = context.actors.save_person(
        PersonData(
            salutation="Frau",
            first_name="Eva",
            last_name="Lang",
            street="Lindenweg",
            house_number="2",
            postcode="37120",
            city="Bovenden",
        )
    )
    meeting_id = context.meetings.save(
        MeetingData(
            title="Sozialraumkonferenz Bovenden",
            meeting_date=date(2030, 3, 12),
            start_time=time(17),
            sozialraum_id=context.areas.find_sozialraum("Bovenden").id,
            venue="Rathaus Bovenden",
        )
    )
    context.meetings.invite(meeting_id, [lang, sample_actors["schulz"]])
    return meeting_id


def test_letters_and_email_drafts_from_the_invitation_tab(
    window, qtbot, context, meeting, tmp_path, save_as, monkeypatch
):
    view = open_meeting(qtbot, window, "Sozialraumkonferenz Bovenden")
    open_tab(qtbot, view.tabs, view.invitation_panel)
    save_as(tmp_path / "briefe.docx")
    click(qtbot, view.invitation_panel, "lettersButton")
    document = docx.Document(tmp_path / "briefe.docx")
    head = document.tables[0]
    assert head.cell(2, 0).text == "Frau Eva Lang\nLindenweg 2\n37120 Bovenden"
    assert "koordination@landkreisgoettingen.de" in head.cell(1, 2).text
    message = window.statusBar().currentMessage()
    assert message.startswith("1 Einladungsbrief geschrieben")
    assert "Ohne Postanschrift, bitte per E-Mail einladen: Dr. Erika Schulz." in message

    folder = tmp_path / "entwuerfe"
    folder.mkdir()
    asked = []

    def choose_folder(parent, title, directory="", *args, **kwargs):  # the user picks the folder
        asked.append(title)
        return str(folder)

    monkeypatch.setattr(QFileDialog, "getExistingDirectory", choose_folder)
    assert view.invitation_panel.mail_button.text() == "E-Mail-Entwürfe …"
    click(qtbot, view.invitation_panel, "mailButton")
    assert asked == ["Ordner für die E-Mail-Entwürfe"]
    drafts = list(folder.glob("*.eml"))
    assert [p.name for p in drafts] == ["Einladung Schulz Erika.eml"]
    mail = email.message_from_bytes(drafts[0].read_bytes(), policy=policy.default)
    assert mail["To"].addresses[0].addr_spec == "e.schulz@fz.example"
    assert mail.get_body(("plain",)).get_content().startswith("Sehr geehrte Frau Dr. Schulz,")
    assert "Ohne E-Mail-Adresse, bitte per Brief einladen: Eva Lang." in window.statusBar().currentMessage()


def test_pdf_option_says_why_it_is_missing(window, qtbot, context, meeting, tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(pdf, "_WINDOWS_PLACES", ())
    view = open_meeting(qtbot, window, "Sozialraumkonferenz Bovenden")
    assert not view.pdf_check.isEnabled()
    assert view.pdf_check.text() == "Als PDF speichern: LibreOffice nicht gefunden"
    assert "libreoffice.org" in view.pdf_check.toolTip()


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is not installed")
def test_agenda_also_as_pdf(window, qtbot, context, meeting, tmp_path, save_as):
    view = open_meeting(qtbot, window, "Sozialraumkonferenz Bovenden")
    assert view.pdf_check.isEnabled()
    set_checked(qtbot, view.pdf_check)
    open_tab(qtbot, view.tabs, view.agenda_panel)
    save_as(tmp_path / "tagesordnung.docx")
    click(qtbot, view.agenda_panel, "agendaButton")
    assert (tmp_path / "tagesordnung.pdf").read_bytes().startswith(b"%PDF")
    assert "Als PDF:" in window.statusBar().currentMessage()

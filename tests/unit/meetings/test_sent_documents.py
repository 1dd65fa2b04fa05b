"""The documents a Landkreis sends, read back: DIN 5008 letters (positions in mm), complete minutes, the Excel
minutes, the calendar invitation and the personal e-mail drafts; PDF through LibreOffice where installed."""

import email
import io
import re
import shutil
import subprocess
import zipfile
from datetime import date
from email import policy

import docx
import openpyxl
import pytest
from docx.shared import Mm
from icalendar import Calendar

from sozialkoordination.__main__ import main
from sozialkoordination.core.errors import DomainError
from sozialkoordination.core.letters import SenderProfile
from sozialkoordination.documents import letter, pdf
from sozialkoordination.meetings.service import TaskData
from tests.unit.meetings.test_meetings import meetings, plan, run_meeting, world  # noqa: F401 - fixtures

SENDER = SenderProfile(
    dienststelle="Landkreis Göttingen",
    fachbereich="Fachbereich Soziales – Sozialkoordination",
    contact="Anna Koordinatorin",
    street="Reinhäuser Landstraße 4",
    postcode="37083",
    city="Göttingen",
    phone="0551 525-1234",
    email="koordination@landkreisgoettingen.de",
)
# A 1×1 PNG: the logo is only placed, not looked at.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d4944415478da63f8cfc0f01f0005000201a5f6e1650000000049454e44ae426082"
)


def mm(length) -> float:
    return round(length / Mm(1), 1)


def twips_mm(value: str) -> float:
    return round(int(value) * 25.4 / 1440, 1)


def head_of(document, number: int = 0):
    """The letter head table of the `number`th letter."""
    heads = [t for t in document.tables if len(t.columns) == 3 and "Datum" in t.cell(1, 2).text]
    return heads[number]


def test_letter_is_din_5008_form_b(meetings, world, tmp_path):  # noqa: F811
    meeting_id = run_meeting(meetings, world)
    out = tmp_path / "einladung.docx"
    message = meetings.export("invitations", meeting_id, out, sender=SENDER)
    # Müller (school without street) and Meyer (Kita without street) have no postal address: no blank letters
    assert message.startswith("2 Einladungsbriefe")
    assert "Ohne Postanschrift, bitte per E-Mail einladen: Kim Meyer, Prof. Dr. Dipl.-Päd. Max Müller." in message
    assert "Im Absender fehlt" not in message
    document = docx.Document(out)
    assert len(document.sections) == 2  # each letter its own first page with marks and page count
    section = document.sections[0]
    assert (mm(section.page_width), mm(section.page_height)) == (210.0, 297.0)
    assert (mm(section.left_margin), mm(section.right_margin), mm(section.top_margin)) == (25.0, 20.0, 20.0)
    assert section.different_first_page_header_footer

    head = head_of(document)
    indent = head._tbl.tblPr.find(docx.oxml.ns.qn("w:tblInd"))
    left = mm(section.left_margin) + twips_mm(indent.get(docx.oxml.ns.qn("w:w")))
    assert left == 20.0  # Anschriftfeld 20 mm from the left edge
    widths = [mm(c.width) for c in head.columns]
    assert widths == [85.0, 20.0, 75.0]  # 85 mm wide; Informationsblock from 125 mm
    heights = [mm(r.height) for r in head.rows]
    assert all(r.height_rule == docx.enum.table.WD_ROW_HEIGHT_RULE.EXACTLY for r in head.rows)
    top = mm(section.top_margin) + heights[0]
    assert top == 45.0 and round(top + heights[1] + heights[2], 1) == 90.0  # Anschriftfeld 45–90 mm
    assert heights[1] == 17.7  # Zusatz- und Vermerkzone with the Rücksendeangabe
    margins = head._tbl.tblPr.find(docx.oxml.ns.qn("w:tblCellMar"))
    assert all(m.get(docx.oxml.ns.qn("w:w")) == "0" for m in margins)

    assert head.cell(1, 0).text == "Landkreis Göttingen · Reinhäuser Landstraße 4 · 37083 Göttingen"
    assert head.cell(2, 0).text == "Frau Eva Lang\nLindenweg 2\n37120 Bovenden"  # sorted by name: Lang first
    info = head.cell(1, 2)
    assert mm(info.paragraphs[0].paragraph_format.space_before) == 5.0  # from 50 mm
    info_text = info.text
    for expected in (
        "Name\tAnna Koordinatorin",
        "Telefon\t0551 525-1234",
        "E-Mail\tkoordination@landkreisgoettingen.de",
        "Datum\t01.03.2026",
    ):
        assert expected in info_text
    second = head_of(document, 1).cell(2, 0).text
    assert second == "Familienzentrum Regenbogen\nFrau Dr. Anna Schulz\nAm Anger 3\n37120 Bovenden"

    body = "\n".join(p.text for p in document.paragraphs)
    assert body.count("Einladung: 3. Sozialraumkonferenz Bovenden am 12.03.2026") == 2
    assert "Sehr geehrte Frau Dr. Schulz," in body and "Sehr geehrte Frau Lang," in body
    assert "Müller" not in body and "Kim Meyer" not in body
    # reply date and contact from the profile
    assert "bis zum 05.03.2026 telefonisch unter 0551 525-1234 oder per E-Mail an koordination@" in body
    header = section.first_page_header._element.xml
    marks = [twips_mm(y) for y in _attribute_values(header, "w:framePr", "w:y")]
    assert marks == [105.0, 210.0, 148.5]  # fold marks and hole mark


def _attribute_values(xml: str, tag: str, attribute: str) -> list[str]:
    from lxml import etree

    tree = etree.fromstring(xml.encode())
    ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
    key = f"{{{ns['w']}}}{attribute.split(':')[1]}"
    return [e.get(key) for e in tree.iterfind(f".//{tag}", ns)]


def test_no_letter_without_any_postal_address(meetings, world, tmp_path):  # noqa: F811
    meeting_id = plan(meetings, world)
    meetings.invite(meeting_id, [world["mueller"], world["meyer"]])
    with pytest.raises(DomainError, match="Keine der eingeladenen Personen hat eine vollständige Postanschrift"):
        meetings.export("invitations", meeting_id, tmp_path / "e.docx", sender=SENDER)
    assert not (tmp_path / "e.docx").exists()


def test_own_word_template_is_the_base_of_letters_and_minutes(meetings, world, tmp_path):  # noqa: F811
    template = docx.Document()
    template.sections[0].header.paragraphs[0].text = "Briefkopf des Landkreises"
    template.add_paragraph("Beispieltext der Vorlage")
    buffer = io.BytesIO()
    template.save(buffer)
    dotx = _as_dotx(buffer.getvalue())
    meeting_id = run_meeting(meetings, world)
    sender = SenderProfile(**{**SENDER.__dict__, "template": dotx, "template_name": "Briefkopf.dotx", "logo": PNG})
    meetings.export("invitations", meeting_id, tmp_path / "brief.docx", sender=sender)
    document = docx.Document(tmp_path / "brief.docx")
    section = document.sections[0]
    assert "Briefkopf des Landkreises" in section.header._element.xml  # the letterhead, also on page 1
    assert not section.different_first_page_header_footer
    assert "w:framePr" in section.header._element.xml  # the fold marks in it
    assert "Beispieltext der Vorlage" not in "\n".join(p.text for p in document.paragraphs)
    assert mm(section.left_margin) == 25.0 and [mm(c.width) for c in head_of(document).columns] == [85.0, 20.0, 75.0]
    assert document.inline_shapes  # the logo
    meetings.export("minutes", meeting_id, tmp_path / "protokoll.docx", sender=sender)
    minutes = docx.Document(tmp_path / "protokoll.docx")
    assert "Briefkopf des Landkreises" in minutes.sections[0].header._element.xml


def _as_dotx(data: bytes) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                content = content.replace(b"document.main+xml", b"template.main+xml")
            target.writestr(item, content)
    return out.getvalue()


def text_of(path) -> str:
    document = docx.Document(path)
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_minutes_are_complete(meetings, world, tmp_path):  # noqa: F811
    meeting_id = run_meeting(meetings, world)
    meetings.export("minutes", meeting_id, tmp_path / "entwurf.docx", sender=SENDER)
    draft = docx.Document(tmp_path / "entwurf.docx")
    assert "ENTWURF" in draft.sections[0].header._element.xml
    text = text_of(tmp_path / "entwurf.docx")
    assert "Ergebnisprotokoll – Entwurf" in text
    assert "Status" not in text and "Protokoll Entwurf" not in text  # no internal status line
    # chair (Schulz, present) and minute-taker (Lang, not ticked) are both among the present
    present = next(r.cells[1].text for r in draft.tables[0].rows if r.cells[0].text == "Anwesend")
    assert "Eva Lang" in present and "Dr. Anna Schulz" in present and "Greta Gast" in present
    assert "Verteiler" in text and "Alle Eingeladenen: " in text and "Kim Meyer (Kita Pusteblume)" in text
    assert (
        "Datum, Unterschrift Leitung (Dr. Anna Schulz)" in text and "Datum, Unterschrift Protokoll (Eva Lang)" in text
    )
    task_tables = [t for t in draft.tables if t.rows[0].cells[0].text == "Wer"]
    assert task_tables and all(
        row._tr.trPr is not None and row._tr.trPr.find(docx.oxml.ns.qn("w:cantSplit")) is not None
        for table in task_tables
        for row in table.rows
    )  # task rows never split across pages

    meetings.set_minutes_status(meeting_id, "versendet")
    next_id = meetings.copy_from(meeting_id, date(2026, 6, 11))
    meetings.export("minutes", meeting_id, tmp_path / "versendet.docx", sender=SENDER)
    sent = text_of(tmp_path / "versendet.docx")
    assert "ENTWURF" not in docx.Document(tmp_path / "versendet.docx").sections[0].header._element.xml
    assert "Entwurf" not in sent and "versendet" not in sent
    assert "Nächste Sitzung" in sent and "am 11.06.2026, 17:00 Uhr, Rathaus Bovenden, Ratssaal" in sent

    # in the follow-up, a task done meanwhile stays in the minutes with its outcome
    first_task = meetings.sheet(meeting_id).tasks[0]
    meetings.set_task_done(first_task.id, done_on=date(2026, 3, 1))
    meetings.export("minutes", next_id, tmp_path / "folge.docx", sender=SENDER)
    follow = docx.Document(tmp_path / "folge.docx")
    carried = next(t for t in follow.tables if [c.text for c in t.rows[0].cells] == ["Wer", "Was", "Bis wann", "Stand"])
    states = {r.cells[1].text: r.cells[3].text for r in carried.rows[1:]}
    assert states == {
        "Antrag an die Verwaltung weiterleiten": "erledigt am 01.03.2026",
        "Räume für das Elterncafé klären": "offen",
    }


def test_excel_minutes_wrap_decisions_and_keep_titles(meetings, world, tmp_path):  # noqa: F811
    meeting_id = run_meeting(meetings, world)
    budget = meetings.agenda(meeting_id)[1].id
    meetings.add_decision(budget, "Sehr lange Begründung " * 30)
    meetings.export("minutes", meeting_id, tmp_path / "protokoll.xlsx")
    book = openpyxl.load_workbook(tmp_path / "protokoll.xlsx")
    decisions = book["Beschlüsse"]
    assert decisions["C2"].alignment.wrap_text and decisions["C3"].alignment.wrap_text
    people = {row[0]: row for row in book["Anwesenheit"].iter_rows(min_row=2, values_only=True)}
    assert [c.value for c in book["Anwesenheit"][1]][:4] == ["Nachname", "Vorname", "Titel", "Organisation"]
    assert people["Schulz"][2] == "Dr." and people["Müller"][2] == "Prof. Dr. Dipl.-Päd."


def test_calendar_invitation_with_organiser_attendees_and_stable_uid(meetings, world, tmp_path):  # noqa: F811
    meeting_id = run_meeting(meetings, world)
    meetings.export("calendar", meeting_id, tmp_path / "a.ics", sender=SENDER)
    first = Calendar.from_ical((tmp_path / "a.ics").read_bytes())
    event = next(iter(first.walk("VEVENT")))
    assert str(first["METHOD"]) == "REQUEST"
    assert str(event["ORGANIZER"]) == "mailto:koordination@landkreisgoettingen.de"
    assert event["ORGANIZER"].params["CN"] == "Anna Koordinatorin"
    attendees = sorted(str(a) for a in event["ATTENDEE"])
    assert attendees == ["mailto:a.schulz@fz.example", "mailto:kim@kita.example"]  # those with an address
    assert all(a.params["RSVP"] == "TRUE" for a in event["ATTENDEE"])
    data = meetings.get(meeting_id)
    data.venue = "Bürgerhaus Bovenden"
    meetings.save(data)
    meetings.export("calendar", meeting_id, tmp_path / "b.ics", sender=SENDER)
    update = next(iter(Calendar.from_ical((tmp_path / "b.ics").read_bytes()).walk("VEVENT")))
    assert str(update["UID"]) == str(event["UID"])  # the same entry: replaced, not duplicated
    assert int(update["SEQUENCE"]) > int(event["SEQUENCE"])
    assert "Bürgerhaus" in str(update["LOCATION"])

    meetings.export("calendar", meeting_id, tmp_path / "c.ics", sender=SenderProfile())
    plain = Calendar.from_ical((tmp_path / "c.ics").read_bytes())
    assert str(plain["METHOD"]) == "PUBLISH" and "ATTENDEE" not in next(iter(plain.walk("VEVENT")))


def test_personal_email_drafts(meetings, world, tmp_path):  # noqa: F811
    meeting_id = run_meeting(meetings, world)
    folder = tmp_path / "mails"
    folder.mkdir()
    message = meetings.export("emails", meeting_id, folder, sender=SENDER)
    assert message.startswith("2 E-Mail-Entwürfe geschrieben")
    assert "Ohne E-Mail-Adresse, bitte per Brief einladen: Eva Lang, Prof. Dr. Dipl.-Päd. Max Müller." in message
    files = sorted(p.name for p in folder.iterdir())
    assert files == ["Einladung Meyer Kim.eml", "Einladung Schulz Anna.eml"]
    raw = (folder / "Einladung Schulz Anna.eml").read_bytes()
    assert raw.isascii()  # RFC 5322 on the wire: UTF-8 only inside encoded words and bodies
    mail = email.message_from_bytes(raw, policy=policy.default)
    assert mail["To"].addresses[0].addr_spec == "a.schulz@fz.example"
    assert mail["To"].addresses[0].display_name == "Dr. Anna Schulz"
    assert mail["From"].addresses[0].addr_spec == "koordination@landkreisgoettingen.de"
    assert mail["Subject"] == "Einladung: 3. Sozialraumkonferenz Bovenden am 12.03.2026"
    assert mail["X-Unsent"] == "1" and "Bcc" not in mail
    body = mail.get_body(("plain",)).get_content()
    assert body.startswith("Sehr geehrte Frau Dr. Schulz,")
    assert "TOP 2  Sozialraumbudget 2026" in body and "Telefon 0551 525-1234" in body
    attachment = next(mail.iter_attachments())
    assert attachment.get_filename() == "Termin.ics" and attachment.get_content_type() == "text/calendar"
    event = next(iter(Calendar.from_ical(attachment.get_content()).walk("VEVENT")))
    assert str(event["SUMMARY"]) == "3. Sozialraumkonferenz Bovenden"
    assert str(event["ATTENDEE"]) == "mailto:a.schulz@fz.example"  # not the other invitees' addresses (DSGVO)
    assert str(event["UID"]).endswith("@sozialkoordination") and "SEQUENCE" in event
    other = email.message_from_bytes((folder / "Einladung Meyer Kim.eml").read_bytes(), policy=policy.default)
    assert other.get_body(("plain",)).get_content().startswith("Guten Tag Kim Meyer,")
    assert meetings.invitees(meeting_id)  # invitations stamped as sent

    with pytest.raises(DomainError, match="Ordner"):
        meetings.export("emails", meeting_id, tmp_path / "fehlt", sender=SENDER)


def test_pdf_without_libreoffice_says_so(meetings, world, tmp_path, monkeypatch):  # noqa: F811
    meeting_id = run_meeting(meetings, world)
    monkeypatch.setenv("PATH", str(tmp_path))  # no soffice on the PATH
    monkeypatch.setattr(pdf, "_WINDOWS_PLACES", ())
    assert not pdf.available()
    message = meetings.export("agenda", meeting_id, tmp_path / "to.docx", sender=SENDER, pdf=True)
    assert (tmp_path / "to.docx").exists() and not (tmp_path / "to.pdf").exists()
    assert "Keine PDF-Datei: Für PDF-Dateien wird LibreOffice benötigt" in message


@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice and poppler are not installed",
)
def test_letter_pdf_puts_the_recipient_in_the_window(meetings, world, tmp_path):  # noqa: F811
    meeting_id = run_meeting(meetings, world)
    out = tmp_path / "brief.docx"
    message = meetings.export("invitations", meeting_id, out, sender=SENDER, pdf=True)
    assert "Als PDF:" in message
    words = _pdf_words(tmp_path / "brief.pdf", page=1)
    first_line = next(w for w in words if w[4] == "Frau" and w[1] > 55)  # "Frau Eva Lang", the first letter
    city = next(w for w in words if w[4] == "37120")
    # the Anschriftzone is 62.7–90 mm from the top, the text begins at 25 mm
    assert first_line[1] >= 62.0 and city[3] <= 90.0
    assert 24.5 <= first_line[0] <= 26.0
    date_word = next(w for w in words if w[4] == "01.03.2026")
    assert date_word[0] >= 124.5 and 50.0 <= date_word[1] <= 90.0  # Informationsblock from 125 mm, 50 mm
    back = next(w for w in words if w[4] == "Reinhäuser" and w[0] < 105)
    assert back[1] >= 45.0 and back[3] <= 62.7  # Rücksendeangabe in the Zusatz- und Vermerkzone
    subject = next(w for w in words if w[4] == "Einladung:")
    assert 95.0 <= subject[1] <= 105.0  # the Betreff below the Anschriftfeld


def _pdf_words(path, page: int) -> list[tuple[float, float, float, float, str]]:
    """(x0, y0, x1, y1 in mm from the top left, word) of one page, from pdftotext's bounding boxes."""
    command = ["pdftotext", "-bbox", "-f", str(page), "-l", str(page), str(path), "-"]
    out = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    points = 25.4 / 72
    words = []
    for match in re.finditer(
        r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>', out
    ):
        x0, y0, x1, y1 = (float(match[i]) * points for i in range(1, 5))
        words.append((x0, y0, x1, y1, match[5]))
    return words


def test_letter_constants_match_din_5008():
    assert letter.ADDRESS_FIELD_TOP_MM + letter.NOTE_ZONE_MM + letter.ADDRESS_ZONE_MM == 90.0
    assert letter.ADDRESS_FIELD_LEFT_MM + letter.ADDRESS_FIELD_WIDTH_MM + letter.GAP_MM == letter.INFO_LEFT_MM == 125


@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice and poppler are not installed",
)
def test_agenda_signin_and_minutes_as_pdf(meetings, world, tmp_path):  # noqa: F811
    meeting_id = run_meeting(meetings, world)
    for _ in range(12):  # enough tasks for a second page
        meetings.save_task(
            TaskData(
                "Eine Aufgabe mit einer längeren Beschreibung, die umbricht " * 3,
                assignee_person_id=world["meyer"],
                meeting_id=meeting_id,
            )
        )
    for kind, title in (("agenda", "Tagesordnung"), ("signin", "Teilnahmeliste"), ("minutes", "Ergebnisprotokoll")):
        message = meetings.export(kind, meeting_id, tmp_path / f"{kind}.docx", sender=SENDER, pdf=True)
        assert f"Als PDF: {tmp_path / kind}.pdf" in message
        words = _pdf_words(tmp_path / f"{kind}.pdf", page=1)
        heading = next(w for w in words if w[4] == title)
        assert heading[0] >= 24.5 and heading[1] >= 20.0  # inside the margins, below the header line
        assert any(w[4] == "Göttingen" and w[1] < 20.0 for w in words)  # the sender in the header line
    pages = subprocess.run(
        ["pdftotext", str(tmp_path / "minutes.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout.split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) >= 2 and all("ENTWURF" in page for page in pages)  # a draft is marked on every page


def test_cli_writes_email_drafts_with_the_stored_sender(db_url, context, meetings, world, tmp_path, capsys):  # noqa: F811
    context.profile.save_sender(SENDER)
    meeting_id = run_meeting(meetings, world)
    folder = tmp_path / "mails"
    folder.mkdir()
    assert main(["--db", db_url, "export", "emails", str(meeting_id), str(folder)]) == 0
    assert capsys.readouterr().out.startswith("2 E-Mail-Entwürfe geschrieben")
    mail = email.message_from_bytes((folder / "Einladung Meyer Kim.eml").read_bytes(), policy=policy.default)
    assert mail["From"].addresses[0].addr_spec == "koordination@landkreisgoettingen.de"

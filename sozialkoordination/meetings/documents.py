"""Word documents of a meeting (invitation letters, agenda, sign-in list, minutes) and its calendar file.

Neutral district-office layout: A4, Arial 11 pt, a quiet header line naming the Sozialregion, page numbers in the
footer, tables with a light header row. Letters follow DIN 5008 (form B: address field 45 mm from the top).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP as SMTP_POLICY
from email.utils import format_datetime
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from icalendar import Calendar, Event, vCalAddress, vText

from sozialkoordination.core.enums import MinutesStatus, TaskStatus
from sozialkoordination.core.errors import DomainError
from sozialkoordination.core.formatting import file_safe, german_date
from sozialkoordination.core.letters import Addressee, SenderProfile, address_block, letter_salutation
from sozialkoordination.documents import letter, word
from sozialkoordination.documents.files import write_atomically

if TYPE_CHECKING:
    from sozialkoordination.meetings.dto import MeetingSheet, TaskEntry

SIGNIN_BLANK_ROWS = 8


class DocumentError(DomainError):
    pass


# -- the documents --------------------------------------------------------------------------------------------------
def write_invitations(
    path: Path, sheet: MeetingSheet, sender: SenderProfile | None = None, today: date | None = None
) -> tuple[int, list[str]]:
    """One DIN 5008 letter per invitee with a postal address (a serial letter in one file); returns the number of
    letters and the names of the invitees without a postal address (to be invited by e-mail)."""
    if not sheet.invitees:
        raise DocumentError(
            "Für diese Sitzung ist noch niemand eingeladen. Bitte stellen Sie zuerst die Einladungsliste zusammen."
        )
    sender = sender or SenderProfile()
    today = today or date.today()
    by_post = [i for i in sheet.invitees if i.person.has_postal_address]
    without = [i.person.name for i in sheet.invitees if not i.person.has_postal_address]
    if not by_post:
        raise DocumentError(
            "Keine der eingeladenen Personen hat eine vollständige Postanschrift (Straße, PLZ und Ort), daher wurde "
            "kein Brief geschrieben. Bitte laden Sie per E-Mail ein („E-Mail-Entwürfe …“) oder ergänzen Sie die "
            "Anschriften bei den Personen oder ihren Organisationen."
        )
    doc = letter.new_letter(sheet.title, sender)
    for number, invitee in enumerate(by_post):
        letter.begin_letter(
            doc, sender, address_block(invitee.person), letter.info_block(sender, german_date(today)), number == 0
        )
        letter.subject(doc, invitation_subject(sheet))
        for paragraph in invitation_text(sheet, invitee.person):
            doc.add_paragraph(paragraph)
        if sheet.agenda:
            doc.add_paragraph("Vorgesehen ist folgende Tagesordnung:").paragraph_format.keep_with_next = True
            for item in sheet.agenda:
                p = doc.add_paragraph(f"TOP {item.number}  {item.title}")
                p.paragraph_format.left_indent = Cm(0.5)
                p.paragraph_format.space_after = Pt(0)
            doc.add_paragraph().paragraph_format.space_after = Pt(0)
        doc.add_paragraph(reply_request(sheet, sender, today))
        doc.add_paragraph("Ich freue mich auf Ihre Teilnahme.")
        closing = doc.add_paragraph("Mit freundlichen Grüßen")
        closing.paragraph_format.space_before = Pt(6)
        closing.paragraph_format.space_after = Pt(30)
        closing.paragraph_format.keep_with_next = True
        if sender.contact:
            signed = doc.add_paragraph(sender.contact)
            signed.paragraph_format.space_after = Pt(0)
            signed.paragraph_format.keep_with_next = True
        region = f" · Sozialregion {sheet.region}" if sheet.region else ""
        doc.add_paragraph(f"Sozialkoordination{region}")  # the Dienststelle stands in the letterhead above
    word.save(doc, path)
    return len(by_post), without


def invitation_subject(sheet: MeetingSheet) -> str:
    return f"Einladung: {sheet.title} am {german_date(sheet.meeting_date)}"


def invitation_text(sheet: MeetingSheet, person: Addressee) -> list[str]:
    """Salutation, the invitation and the meeting's facts: the same words in the letter and in the e-mail."""
    facts = [f"Datum: {word.weekday_date(sheet.meeting_date)}"]
    if sheet.time_text:
        facts.append(f"Zeit: {sheet.time_text}")
    place = ", ".join(p for p in (sheet.venue, sheet.venue_address) if p)
    if place:
        facts.append(f"Ort: {place}")
    return [
        letter_salutation(person),
        f"hiermit lade ich Sie herzlich zur Sitzung „{sheet.title}“ ({sheet.meeting_type}, {sheet.area}) ein.",
        "\n".join(facts),
    ]


def reply_request(sheet: MeetingSheet, sender: SenderProfile, today: date) -> str:
    how = " ".join(
        p
        for p in (
            f"telefonisch unter {sender.phone}" if sender.phone else "",
            "oder" if sender.phone and sender.email else "",
            f"per E-Mail an {sender.email}" if sender.email else "",
        )
        if p
    )
    how = f" {how}" if how else ""
    reply_by = sheet.meeting_date - timedelta(days=7)
    if reply_by > today:
        when = f"bis zum {german_date(reply_by)}"
        return f"Bitte geben Sie mir {when}{how} Bescheid, ob Sie teilnehmen oder wer Sie vertritt."
    return f"Bitte geben Sie mir kurz{how} Bescheid, ob Sie teilnehmen oder wer Sie vertritt."


def invitation_mail_text(sheet: MeetingSheet, person: Addressee, sender: SenderProfile, today: date) -> str:
    """The body of the personal invitation e-mail."""
    parts = invitation_text(sheet, person)
    if sheet.agenda:
        parts.append(
            "Vorgesehen ist folgende Tagesordnung:\n"
            + "\n".join(f"TOP {item.number}  {item.title}" for item in sheet.agenda)
        )
    parts.append(reply_request(sheet, sender, today))
    parts.append("Den Termin für Ihren Kalender finden Sie im Anhang.\n\nIch freue mich auf Ihre Teilnahme.")
    signature = ["Mit freundlichen Grüßen", ""]
    signature += [p for p in (sender.contact, sender.dienststelle, sender.fachbereich) if p]
    place = " ".join(p for p in (sender.postcode, sender.city) if p)
    signature += [p for p in (sender.street, place) if p]
    signature += [f"Telefon {sender.phone}"] if sender.phone else []
    signature += [f"E-Mail {sender.email}"] if sender.email else []
    parts.append("\n".join(signature))
    return "\n\n".join(parts) + "\n"


def write_agenda(path: Path, sheet: MeetingSheet, sender: SenderProfile | None = None) -> None:
    doc = _document(sheet, sender, "Tagesordnung")
    _title(doc, "Tagesordnung", sheet)
    _facts(doc, sheet, with_chair=True)
    if not sheet.agenda:
        doc.add_paragraph("Die Tagesordnung ist noch leer.")
    else:
        table = word.table(doc, ["TOP", "Zeit", "Thema", "Art", "Dauer"], [Cm(1.3), Cm(1.6), Cm(8.5), Cm(2.9), Cm(2.2)])
        for item in sheet.agenda:
            cells = table.add_row().cells
            cells[0].text = str(item.number)
            cells[1].text = f"{item.starts_at:%H:%M}" if item.starts_at else ""
            cells[2].text = item.title
            if item.presenter:
                word.small(cells[2].add_paragraph(), item.presenter)
            for task in item.follow_up:
                word.small(cells[2].add_paragraph(), f"• {task.description} – {task.assignee or 'offen'}{_due(task)}")
            cells[3].text = item.item_type
            cells[4].text = f"{item.duration_minutes} Min." if item.duration_minutes else ""
    word.save(doc, path)


def write_signin(path: Path, sheet: MeetingSheet, sender: SenderProfile | None = None) -> int:
    """Teilnahmeliste: one row per invitee with organisation and a signature column, blank rows for walk-ins."""
    doc = _document(sheet, sender, "Teilnahmeliste")
    _title(doc, "Teilnahmeliste", sheet)
    _facts(doc, sheet, with_chair=False, compact=True)
    table = word.table(doc, ["Nr.", "Name", "Organisation", "Unterschrift"], [Cm(1.2), Cm(4.8), Cm(5.3), Cm(5.2)])
    number = 0
    for number, invitee in enumerate(sheet.invitees, start=1):
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = (
            str(number),
            invitee.person.name,
            invitee.person.organisation or "",
        )
        table.rows[-1].height = Cm(1.0)
        word.keep_rows_whole(table.rows[-1])
    for blank in range(SIGNIN_BLANK_ROWS):
        cells = table.add_row().cells
        cells[0].text = str(number + blank + 1)
        table.rows[-1].height = Cm(1.0)
    note = doc.add_paragraph(
        "Mit Ihrer Unterschrift bestätigen Sie Ihre Teilnahme. Die Liste dient nur der Dokumentation dieser Sitzung."
    )
    note.paragraph_format.space_before = Pt(8)
    for run in note.runs:
        run.font.size, run.font.color.rgb = Pt(8), word.GREY
    word.save(doc, path)
    return len(sheet.invitees)


def write_minutes(path: Path, sheet: MeetingSheet, sender: SenderProfile | None = None) -> None:
    """Ergebnisprotokoll: header facts, per TOP notes, decisions verbatim and tasks; all tasks at the end; the
    Verteiler, the next meeting and the signature lines. A draft is marked "ENTWURF" on every page; the minutes'
    own status is not printed (the text sent out would say "Entwurf" or "versendet" about itself)."""
    doc = _document(sheet, sender, "Ergebnisprotokoll")
    draft = sheet.minutes_status == MinutesStatus.DRAFT
    if draft:
        word.draft_mark(doc)
    _title(doc, "Ergebnisprotokoll – Entwurf" if draft else "Ergebnisprotokoll", sheet)
    facts = [
        ("Datum", word.weekday_date(sheet.meeting_date)),
        ("Zeit", sheet.time_text),
        ("Ort", ", ".join(p for p in (sheet.venue, sheet.venue_address) if p)),
        ("Leitung", sheet.chair or ""),
        ("Protokoll", sheet.minute_taker or ""),
        ("Anwesend", _present_names(sheet) or "–"),
        ("Entschuldigt", _names(a.person for a in sheet.excused) or "–"),
        ("Fassung", sheet.fassung_note or ""),
    ]
    word.fact_table(doc, [(k, v) for k, v in facts if v])
    for item in sheet.agenda:
        word.heading(doc, f"TOP {item.number}  {item.title}", level=2)
        if item.presenter:
            word.small(doc.add_paragraph(), f"{item.item_type} · {item.presenter}")
        carried = item.carried or item.follow_up
        if carried:
            doc.add_paragraph("Aufgaben aus der letzten Sitzung:").paragraph_format.keep_with_next = True
            _task_table(doc, carried, with_state=True)
        for paragraph in (item.minutes or "").split("\n"):
            if paragraph.strip():
                doc.add_paragraph(paragraph.strip())
        for decision in item.decisions:
            _decision(doc, decision.text)
        if item.tasks:
            _task_table(doc, item.tasks)
    if sheet.tasks:
        word.heading(doc, "Aufgaben im Überblick", level=2)
        _task_table(doc, sheet.tasks)
    elif not sheet.agenda:
        doc.add_paragraph("Zu dieser Sitzung ist noch nichts protokolliert.")
    if sheet.next_meeting:
        word.heading(doc, "Nächste Sitzung", level=2)
        doc.add_paragraph(sheet.next_meeting)
    distribution = _names(i.person for i in sheet.invitees)
    if distribution:
        word.heading(doc, "Verteiler", level=2)
        # kept with the signature lines below, which never stand alone on the last page
        doc.add_paragraph(f"Alle Eingeladenen: {distribution}").paragraph_format.keep_with_next = True
    _signatures(doc, sheet)
    word.save(doc, path)


def _present_names(sheet: MeetingSheet) -> str:
    """The present, with chair and minute-taker, who are there even when nobody ticked them."""
    people = [a.person for a in sheet.present if a.person is not None]
    names = {p.name for p in people}
    listed = _names(people)
    extra = [n for n in (sheet.chair, sheet.minute_taker) if n and n.split(" (")[0] not in names]
    return "; ".join([*dict.fromkeys(extra), *([listed] if listed else [])])


def _signatures(doc: Document, sheet: MeetingSheet) -> None:
    """Two signature lines side by side: Leitung and Protokoll, with place and date above the line."""
    table = doc.add_table(rows=2, cols=3)
    table.autofit = False
    widths = (Cm(7.5), Cm(1.5), Cm(7.5))
    word.keep_rows_whole(table.rows[0])
    word.keep_rows_whole(table.rows[1])
    table.rows[0].height = Cm(2.2)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
    for column, (role, name) in zip((0, 2), (("Leitung", sheet.chair), ("Protokoll", sheet.minute_taker)), strict=True):
        line = table.cell(1, column)
        borders = OxmlElement("w:tcBorders")
        top = OxmlElement("w:top")
        for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:color", "000000")):
            top.set(qn(key), value)
        borders.append(top)
        line._tc.get_or_add_tcPr().append(borders)
        label = line.paragraphs[0]
        word.small(label, f"Datum, Unterschrift {role}" + (f" ({name.split(' (')[0]})" if name else ""))
    for row in table.rows[:1]:
        for cell in row.cells:
            cell.paragraphs[0].paragraph_format.keep_with_next = True  # the space above stays with its line


def calendar_bytes(
    sheet: MeetingSheet,
    uid: str,
    sequence: int,
    sender: SenderProfile | None = None,
    now: datetime | None = None,
    attendees: list[Addressee] | None = None,
) -> bytes:
    """An .ics (RFC 5545) that Outlook, Thunderbird and phones import; all-day if no start time is set.

    The UID stays the meeting's and SEQUENCE grows with every change of the meeting, so a calendar replaces the
    earlier entry instead of adding a second one. With the sender's e-mail it is an invitation (METHOD:REQUEST)
    with organiser and attendees (default: every invitee with an address), who can accept or decline; without, a
    plain entry (PUBLISH)."""
    sender = sender or SenderProfile()
    calendar = Calendar()
    calendar.add("prodid", "-//Sozialkoordination Landkreis Göttingen//DE")
    calendar.add("version", "2.0")
    if attendees is None:
        attendees = [i.person for i in sheet.invitees if i.person.email]
    request = bool(sender.email)
    calendar.add("method", "REQUEST" if request else "PUBLISH")
    event = Event()
    event.add("uid", f"{uid}@sozialkoordination")
    event.add("sequence", sequence)
    stamp = now or datetime.now(ZoneInfo("UTC"))
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    event.add("summary", sheet.title)
    if sheet.start_time:
        zone = ZoneInfo("Europe/Berlin")
        start = datetime.combine(sheet.meeting_date, sheet.start_time, zone)
        end = (
            datetime.combine(sheet.meeting_date, sheet.end_time, zone) if sheet.end_time else start + timedelta(hours=2)
        )
        event.add("dtstart", start)
        event.add("dtend", end)
    else:
        event.add("dtstart", sheet.meeting_date)
        event.add("dtend", sheet.meeting_date + timedelta(days=1))
    location = ", ".join(p for p in (sheet.venue, sheet.venue_address) if p)
    if location:
        event.add("location", location)
    lines = [f"{sheet.meeting_type} – {sheet.area}"]
    lines += [f"TOP {i.number}: {i.title}" for i in sheet.agenda]
    event.add("description", "\n".join(lines))
    if request:
        organizer = vCalAddress(f"mailto:{sender.email}")
        organizer.params["cn"] = vText(sender.contact or sender.dienststelle)
        event.add("organizer", organizer)
        for person in attendees:
            attendee = vCalAddress(f"mailto:{person.email}")
            attendee.params["cn"] = vText(person.name)
            attendee.params["role"] = vText("REQ-PARTICIPANT")
            attendee.params["partstat"] = vText("NEEDS-ACTION")
            attendee.params["rsvp"] = vText("TRUE")
            event.add("attendee", attendee, encode=0)
    event.add("status", "CONFIRMED")
    calendar.add_component(event)
    if sheet.start_time:
        calendar.add_missing_timezones()
    return calendar.to_ical()


def write_calendar(
    path: Path, sheet: MeetingSheet, uid: str, sequence: int = 0, sender: SenderProfile | None = None
) -> None:
    data = calendar_bytes(sheet, uid, sequence, sender)
    write_atomically(path, lambda partial: partial.write_bytes(data), "Ihrem Kalender")


def write_email_drafts(
    folder: Path,
    sheet: MeetingSheet,
    uid: str,
    sequence: int,
    sender: SenderProfile | None = None,
    today: date | None = None,
) -> tuple[list[Path], list[str]]:
    """One e-mail draft (.eml, RFC 5322, UTF-8) per invitee with an address: personal salutation, the invitation,
    the agenda and the calendar entry attached. Outlook and Thunderbird open it as a draft ready to send (X-Unsent).
    Returns the files written and the names of the invitees without an e-mail address."""
    sender = sender or SenderProfile()
    today = today or date.today()
    folder = Path(folder)
    if not folder.is_dir():
        raise DocumentError(f"Den Ordner „{folder}“ gibt es nicht. Bitte wählen Sie einen vorhandenen Ordner.")
    if not sheet.invitees:
        raise DocumentError(
            "Für diese Sitzung ist noch niemand eingeladen. Bitte stellen Sie zuerst die Einladungsliste zusammen."
        )
    written, without = [], []
    used: set[str] = set()
    for invitee in sheet.invitees:
        person = invitee.person
        if not person.email:
            without.append(person.name)
            continue
        message = EmailMessage(policy=SMTP_POLICY)
        message["Subject"] = invitation_subject(sheet)
        if sender.email:
            message["From"] = Address(sender.contact or sender.dienststelle, addr_spec=sender.email)
        message["To"] = Address(person.name, addr_spec=person.email)
        message["Date"] = format_datetime(datetime.now(ZoneInfo("Europe/Berlin")))
        message["X-Unsent"] = "1"
        message.set_content(invitation_mail_text(sheet, person, sender, today))
        # Only the recipient as attendee: nobody learns the other invitees' addresses from the attachment (DSGVO).
        calendar = calendar_bytes(sheet, uid, sequence, sender, attendees=[person])
        message.add_attachment(
            calendar,
            maintype="text",
            subtype="calendar",
            filename="Termin.ics",
            params={"method": "REQUEST" if sender.email else "PUBLISH"},
        )
        stem = file_safe(f"Einladung {person.last_name} {person.first_name or ''}".strip())
        name, number = f"{stem}.eml", 1
        while name.lower() in used:
            number += 1
            name = f"{stem} ({number}).eml"
        used.add(name.lower())
        target = folder / name
        data = message.as_bytes()
        write_atomically(target, lambda partial, data=data: partial.write_bytes(data), "Ihrem E-Mail-Programm")
        written.append(target)
    if not written:
        raise DocumentError(
            "Keine der eingeladenen Personen hat eine E-Mail-Adresse, daher wurde kein E-Mail-Entwurf geschrieben. "
            "Bitte laden Sie per Brief ein („Einladungsbriefe …“)."
        )
    return written, without


# -- building blocks ------------------------------------------------------------------------------------------------
def _document(sheet: MeetingSheet, sender: SenderProfile | None, kind: str) -> Document:
    return word.office_document(sheet.title, sender, f"Sozialregion {sheet.region}" if sheet.region else None, kind)


def _title(doc: Document, kind: str, sheet: MeetingSheet) -> None:
    word.title_block(doc, f"{sheet.meeting_type.upper()} · {sheet.area}", kind, sheet.title)


def _facts(doc: Document, sheet: MeetingSheet, with_chair: bool, compact: bool = False) -> None:
    facts = [
        ("Datum", word.weekday_date(sheet.meeting_date)),
        ("Zeit", sheet.time_text),
        ("Ort", sheet.venue or ""),
        ("Adresse", sheet.venue_address or ""),
    ]
    if with_chair:
        facts.append(("Leitung", sheet.chair or ""))
    if compact:
        facts = [
            ("Datum", word.weekday_date(sheet.meeting_date)),
            ("Ort", ", ".join(p for p in (sheet.venue, sheet.venue_address) if p)),
        ]
    word.fact_table(doc, [(k, v) for k, v in facts if v])


def _task_table(doc: Document, tasks: list[TaskEntry], with_state: bool = False) -> None:
    """Wer / Was / Bis wann; `with_state`: tasks carried over from the last meeting, with where they stand now."""
    headers = ["Wer", "Was", "Bis wann", "Stand"] if with_state else ["Wer", "Was", "Bis wann"]
    widths = [Cm(4.2), Cm(6.9), Cm(2.6), Cm(2.8)] if with_state else [Cm(4.8), Cm(9.0), Cm(2.7)]
    table = word.table(doc, headers, widths)
    for task in tasks:
        row = table.add_row()
        word.keep_rows_whole(row)
        cells = row.cells
        cells[0].text = task.assignee
        cells[2].text = german_date(task.due_on)
        if with_state:
            cells[1].text = task.description
            done = f"erledigt am {german_date(task.done_on)}" if task.done_on else "erledigt"
            cells[3].text = done if task.status == TaskStatus.DONE else "offen"
        else:
            cells[1].text = task.description + (" (erledigt)" if task.status == TaskStatus.DONE else "")
        for cell, width in zip(cells, widths, strict=True):
            cell.width = width
    doc.add_paragraph().paragraph_format.space_after = Pt(0)


def _decision(doc: Document, text: str) -> None:
    p = doc.add_paragraph()
    p.paragraph_format.left_indent = Cm(0.4)
    p.paragraph_format.space_before = Pt(4)
    label = p.add_run("Beschluss: ")
    label.bold, label.font.color.rgb = True, word.ACCENT
    p.add_run(text)
    properties = p._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    left = OxmlElement("w:left")
    for key, value in (("w:val", "single"), ("w:sz", "18"), ("w:space", "8"), ("w:color", "1F3A5F")):
        left.set(qn(key), value)
    borders.append(left)
    properties.append(borders)


def _names(people) -> str:
    return "; ".join(f"{p.name} ({p.organisation})" if p.organisation else p.name for p in people if p is not None)


def _due(task: TaskEntry) -> str:
    return f", bis {german_date(task.due_on)}" if task.due_on else ""

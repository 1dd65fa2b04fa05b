"""Word documents of a meeting (invitation letters, agenda, sign-in list, minutes) and its calendar file.

Neutral district-office layout: A4, Arial 11 pt, a quiet header line naming the Sozialregion, page numbers in the
footer, tables with a light header row. Letters follow DIN 5008 (form B: address field 45 mm from the top).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from sozialkoordination.core.enums import TaskStatus
from sozialkoordination.core.errors import DomainError
from sozialkoordination.core.formatting import german_date
from sozialkoordination.core.letters import address_block, letter_salutation
from sozialkoordination.documents import word
from sozialkoordination.documents.files import write_atomically

if TYPE_CHECKING:
    from sozialkoordination.meetings.service import MeetingSheet, TaskEntry

SIGNIN_BLANK_ROWS = 8


class DocumentError(DomainError):
    pass


# -- the documents --------------------------------------------------------------------------------------------------
def write_invitations(path: Path, sheet: MeetingSheet, sender: str | None, today: date | None = None) -> int:
    """One DIN 5008 letter per invitee (a serial letter in one file); returns the number of letters."""
    if not sheet.invitees:
        raise DocumentError(
            "Für diese Sitzung ist noch niemand eingeladen. Bitte stellen Sie zuerst die Einladungsliste zusammen."
        )
    today = today or date.today()
    doc = _document(sheet, letter=True)
    for number, invitee in enumerate(sheet.invitees):
        return_line = doc.add_paragraph()
        return_line.paragraph_format.page_break_before = number > 0
        return_line.paragraph_format.space_before = Cm(2.5)  # top margin 2 cm + 2.5 cm: the address field at 45 mm
        run = return_line.add_run(_sender_line(sheet, sender))
        run.font.size, run.font.color.rgb, run.font.underline = Pt(7), word.GREY, True
        return_line.paragraph_format.space_after = Pt(4)
        for line in address_block(invitee.person):
            p = doc.add_paragraph(line)
            p.paragraph_format.space_after = Pt(0)
        spacer = doc.add_paragraph()
        spacer.paragraph_format.space_after = Cm(1.2)
        dated = doc.add_paragraph(word.long_date(today))
        dated.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        subject = doc.add_paragraph()
        subject.paragraph_format.space_before = Pt(12)
        subject.paragraph_format.space_after = Pt(12)
        subject.add_run(f"Einladung: {sheet.title} am {german_date(sheet.meeting_date)}").bold = True
        doc.add_paragraph(letter_salutation(invitee.person))
        doc.add_paragraph(
            f"hiermit lade ich Sie herzlich zur Sitzung „{sheet.title}“ ({sheet.meeting_type}, {sheet.area}) ein."
        )
        _facts(doc, sheet, with_chair=False)
        if sheet.agenda:
            doc.add_paragraph("Vorgesehen ist folgende Tagesordnung:")
            for item in sheet.agenda:
                p = doc.add_paragraph(f"TOP {item.number}  {item.title}")
                p.paragraph_format.left_indent = Cm(0.5)
                p.paragraph_format.space_after = Pt(0)
            doc.add_paragraph().paragraph_format.space_after = Pt(0)
        reply_by = sheet.meeting_date - timedelta(days=7)
        if reply_by > today:
            doc.add_paragraph(
                f"Bitte geben Sie mir bis zum {german_date(reply_by)} Bescheid, ob Sie teilnehmen oder wer Sie "
                "vertritt."
            )
        else:
            doc.add_paragraph("Bitte geben Sie mir kurz Bescheid, ob Sie teilnehmen oder wer Sie vertritt.")
        doc.add_paragraph("Ich freue mich auf Ihre Teilnahme.")
        closing = doc.add_paragraph("Mit freundlichen Grüßen")
        closing.paragraph_format.space_before = Pt(6)
        closing.paragraph_format.space_after = Pt(24)
        if sender:
            doc.add_paragraph(sender).paragraph_format.space_after = Pt(0)
        doc.add_paragraph(_coordination(sheet))
    word.save(doc, path)
    return len(sheet.invitees)


def write_agenda(path: Path, sheet: MeetingSheet) -> None:
    doc = _document(sheet)
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


def write_signin(path: Path, sheet: MeetingSheet) -> int:
    """Teilnahmeliste: one row per invitee with organisation and a signature column, blank rows for walk-ins."""
    doc = _document(sheet)
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


def write_minutes(path: Path, sheet: MeetingSheet) -> None:
    """Ergebnisprotokoll: header facts, per TOP notes, decisions verbatim and tasks; all tasks at the end."""
    doc = _document(sheet)
    _title(doc, "Ergebnisprotokoll", sheet)
    facts = [
        ("Datum", word.weekday_date(sheet.meeting_date)),
        ("Zeit", sheet.time_text),
        ("Ort", ", ".join(p for p in (sheet.venue, sheet.venue_address) if p)),
        ("Leitung", sheet.chair or ""),
        ("Protokoll", sheet.minute_taker or ""),
        ("Anwesend", _names(a.person for a in sheet.present) or "–"),
        ("Entschuldigt", _names(a.person for a in sheet.excused) or "–"),
        ("Status", f"Protokoll {sheet.minutes_status}"),
        ("Fassung", sheet.fassung_note or ""),
    ]
    word.fact_table(doc, [(k, v) for k, v in facts if v])
    for item in sheet.agenda:
        word.heading(doc, f"TOP {item.number}  {item.title}", level=2)
        if item.presenter:
            word.small(doc.add_paragraph(), f"{item.item_type} · {item.presenter}")
        for task in item.follow_up:
            doc.add_paragraph(f"{task.description} – {task.assignee or 'offen'}{_due(task)}", style="List Bullet")
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
    word.save(doc, path)


def write_calendar(path: Path, sheet: MeetingSheet, uid: str) -> None:
    """An .ics file (RFC 5545) that Outlook, Thunderbird and phones import; all-day if no start time is set."""
    from icalendar import Calendar, Event

    calendar = Calendar()
    calendar.add("prodid", "-//Sozialkoordination Landkreis Göttingen//DE")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"{uid}@sozialkoordination")
    event.add("dtstamp", datetime.now(ZoneInfo("UTC")))
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
    calendar.add_component(event)
    if sheet.start_time:
        calendar.add_missing_timezones()
    write_atomically(path, lambda partial: partial.write_bytes(calendar.to_ical()), "Ihrem Kalender")


# -- building blocks ------------------------------------------------------------------------------------------------
def _document(sheet: MeetingSheet, letter: bool = False) -> Document:
    # A serial letter has no header line and no running page numbers: its pages belong to different letters.
    return word.new_document(sheet.title, None if letter else _coordination(sheet), page_numbers=not letter)


def _coordination(sheet: MeetingSheet) -> str:
    region = f" · Sozialregion {sheet.region}" if sheet.region else ""
    return f"Landkreis Göttingen · Sozialkoordination{region}"


def _sender_line(sheet: MeetingSheet, sender: str | None) -> str:
    parts = ["Landkreis Göttingen", "Sozialkoordination"]
    if sheet.region:
        parts.append(f"Sozialregion {sheet.region}")
    if sender:
        parts.insert(0, sender)
    return " · ".join(parts)


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


def _task_table(doc: Document, tasks: list[TaskEntry]) -> None:
    table = word.table(doc, ["Wer", "Was", "Bis wann"], [Cm(4.8), Cm(9.0), Cm(2.7)])
    for task in tasks:
        cells = table.add_row().cells
        cells[0].text = task.assignee
        cells[1].text = task.description + (" (erledigt)" if task.status == TaskStatus.DONE else "")
        cells[2].text = german_date(task.due_on)
        for cell, width in zip(cells, (Cm(4.8), Cm(9.0), Cm(2.7)), strict=True):
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

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
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from ..services.errors import DomainError
from ..services.formatting import german_date
from ..services.letters import address_block, letter_salutation
from .files import write_atomically

if TYPE_CHECKING:
    from ..services.meetings import MeetingSheet, TaskEntry

FONT = "Arial"
ACCENT = RGBColor(0x1F, 0x3A, 0x5F)  # dark slate blue for headings: calm, prints well in black and white
GREY = RGBColor(0x59, 0x59, 0x59)
HEADER_FILL = "DCE6F0"
MONTHS = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
          "November", "Dezember")  # fmt: skip
SIGNIN_BLANK_ROWS = 8


class DocumentError(DomainError):
    pass


def long_date(value: date) -> str:
    """25. November 2026"""
    return f"{value.day}. {MONTHS[value.month - 1]} {value.year}"


def weekday_date(value: date) -> str:
    days = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
    return f"{days[value.weekday()]}, {long_date(value)}"


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
        run.font.size, run.font.color.rgb, run.font.underline = Pt(7), GREY, True
        return_line.paragraph_format.space_after = Pt(4)
        for line in address_block(invitee.person):
            p = doc.add_paragraph(line)
            p.paragraph_format.space_after = Pt(0)
        spacer = doc.add_paragraph()
        spacer.paragraph_format.space_after = Cm(1.2)
        dated = doc.add_paragraph(long_date(today))
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
    _save(doc, path)
    return len(sheet.invitees)


def write_agenda(path: Path, sheet: MeetingSheet) -> None:
    doc = _document(sheet)
    _title(doc, "Tagesordnung", sheet)
    _facts(doc, sheet, with_chair=True)
    if not sheet.agenda:
        doc.add_paragraph("Die Tagesordnung ist noch leer.")
    else:
        table = _table(doc, ["TOP", "Zeit", "Thema", "Art", "Dauer"], [Cm(1.3), Cm(1.6), Cm(8.5), Cm(2.9), Cm(2.2)])
        for item in sheet.agenda:
            cells = table.add_row().cells
            cells[0].text = str(item.number)
            cells[1].text = f"{item.starts_at:%H:%M}" if item.starts_at else ""
            cells[2].text = item.title
            if item.presenter:
                _small(cells[2].add_paragraph(), item.presenter)
            for task in item.follow_up:
                _small(cells[2].add_paragraph(), f"• {task.description} – {task.assignee or 'offen'}{_due(task)}")
            cells[3].text = item.item_type
            cells[4].text = f"{item.duration_minutes} Min." if item.duration_minutes else ""
    _save(doc, path)


def write_signin(path: Path, sheet: MeetingSheet) -> int:
    """Teilnahmeliste: one row per invitee with organisation and a signature column, blank rows for walk-ins."""
    doc = _document(sheet)
    _title(doc, "Teilnahmeliste", sheet)
    _facts(doc, sheet, with_chair=False, compact=True)
    table = _table(doc, ["Nr.", "Name", "Organisation", "Unterschrift"], [Cm(1.2), Cm(4.8), Cm(5.3), Cm(5.2)])
    number = 0
    for number, invitee in enumerate(sheet.invitees, start=1):
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = (
            str(number),
            invitee.person.name,
            invitee.person.organisation or "",
        )
        _row_height(table.rows[-1], Cm(1.0))
    for blank in range(SIGNIN_BLANK_ROWS):
        cells = table.add_row().cells
        cells[0].text = str(number + blank + 1)
        _row_height(table.rows[-1], Cm(1.0))
    note = doc.add_paragraph(
        "Mit Ihrer Unterschrift bestätigen Sie Ihre Teilnahme. Die Liste dient nur der Dokumentation dieser Sitzung."
    )
    note.paragraph_format.space_before = Pt(8)
    for run in note.runs:
        run.font.size, run.font.color.rgb = Pt(8), GREY
    _save(doc, path)
    return len(sheet.invitees)


def write_minutes(path: Path, sheet: MeetingSheet) -> None:
    """Ergebnisprotokoll: header facts, per TOP notes, decisions verbatim and tasks; all tasks at the end."""
    doc = _document(sheet)
    _title(doc, "Ergebnisprotokoll", sheet)
    facts = [
        ("Datum", weekday_date(sheet.meeting_date)),
        ("Zeit", sheet.time_text),
        ("Ort", ", ".join(p for p in (sheet.venue, sheet.venue_address) if p)),
        ("Leitung", sheet.chair or ""),
        ("Protokoll", sheet.minute_taker or ""),
        ("Anwesend", _names(a.person for a in sheet.present) or "–"),
        ("Entschuldigt", _names(a.person for a in sheet.excused) or "–"),
        ("Status", f"Protokoll {sheet.minutes_status}"),
    ]
    _fact_table(doc, [(k, v) for k, v in facts if v])
    for item in sheet.agenda:
        _heading(doc, f"TOP {item.number}  {item.title}", level=2)
        if item.presenter:
            _small(doc.add_paragraph(), f"{item.item_type} · {item.presenter}")
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
        _heading(doc, "Aufgaben im Überblick", level=2)
        _task_table(doc, sheet.tasks)
    elif not sheet.agenda:
        doc.add_paragraph("Zu dieser Sitzung ist noch nichts protokolliert.")
    _save(doc, path)


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
    doc = Document()
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin, section.right_margin = Cm(2.5), Cm(2.0)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    section.header_distance = section.footer_distance = Cm(1.0)
    normal = doc.styles["Normal"]
    normal.font.name, normal.font.size = FONT, Pt(11)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.1
    for name, size in (("Title", 18), ("Heading 1", 14), ("Heading 2", 12)):
        style = doc.styles[name]
        style.font.name, style.font.size, style.font.bold = FONT, Pt(size), True
        style.font.color.rgb = ACCENT
        rfonts = style.element.rPr.rFonts
        for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            if rfonts.get(qn(attribute)) is not None:
                del rfonts.attrib[qn(attribute)]
        rfonts.set(qn("w:ascii"), FONT)
        rfonts.set(qn("w:hAnsi"), FONT)
        style.paragraph_format.space_before = Pt(12 if name != "Title" else 0)
        style.paragraph_format.space_after = Pt(6)
    title_style = doc.styles["Title"]
    border = title_style.element.pPr.find(qn("w:pBdr"))
    if border is not None:
        title_style.element.pPr.remove(border)
    doc.core_properties.title = sheet.title
    doc.core_properties.author = "Sozialkoordination"
    doc.core_properties.language = "de-DE"
    if not letter:
        header = section.header.paragraphs[0]
        header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        _small(header, _coordination(sheet))
    doc.styles["Footer"].font.size = Pt(8)
    doc.styles["Footer"].font.color.rgb = GREY
    if not letter:  # a serial letter's pages belong to different letters: no running page numbers
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _page_numbers(footer)
    return doc


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
    kicker = doc.add_paragraph()
    run = kicker.add_run(f"{sheet.meeting_type.upper()} · {sheet.area}")
    run.font.size, run.font.color.rgb, run.bold = Pt(9), GREY, True
    kicker.paragraph_format.space_after = Pt(2)
    doc.add_paragraph(kind, style="Title").paragraph_format.space_after = Pt(2)
    subtitle = doc.add_paragraph()
    sub = subtitle.add_run(sheet.title)
    sub.font.size, sub.font.color.rgb = Pt(13), ACCENT
    subtitle.paragraph_format.space_after = Pt(12)


def _facts(doc: Document, sheet: MeetingSheet, with_chair: bool, compact: bool = False) -> None:
    facts = [
        ("Datum", weekday_date(sheet.meeting_date)),
        ("Zeit", sheet.time_text),
        ("Ort", sheet.venue or ""),
        ("Adresse", sheet.venue_address or ""),
    ]
    if with_chair:
        facts.append(("Leitung", sheet.chair or ""))
    if compact:
        facts = [("Datum", weekday_date(sheet.meeting_date)), ("Ort", ", ".join(
            p for p in (sheet.venue, sheet.venue_address) if p))]  # fmt: skip
    _fact_table(doc, [(k, v) for k, v in facts if v])


def _fact_table(doc: Document, facts: list[tuple[str, str]]) -> None:
    table = doc.add_table(rows=0, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    table.columns[0].width, table.columns[1].width = Cm(3.2), Cm(13.3)
    for label, value in facts:
        cells = table.add_row().cells
        cells[0].width, cells[1].width = Cm(3.2), Cm(13.3)
        run = cells[0].paragraphs[0].add_run(label)
        run.bold, run.font.color.rgb = True, GREY
        cells[1].text = value
        for cell in cells:
            cell.paragraphs[0].paragraph_format.space_after = Pt(2)
    doc.add_paragraph().paragraph_format.space_after = Pt(2)


def _table(doc: Document, headers: list[str], widths: list) -> object:
    table = doc.add_table(rows=1, cols=len(headers))
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text, width in zip(table.rows[0].cells, headers, widths, strict=True):
        cell.width = width
        run = cell.paragraphs[0].add_run(text)
        run.bold = True
        _shade(cell, HEADER_FILL)
    _repeat_header(table.rows[0])
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    return table


def _task_table(doc: Document, tasks: list[TaskEntry]) -> None:
    table = _table(doc, ["Wer", "Was", "Bis wann"], [Cm(4.8), Cm(9.0), Cm(2.7)])
    for task in tasks:
        cells = table.add_row().cells
        cells[0].text = task.assignee
        cells[1].text = task.description + (" (erledigt)" if task.status == "erledigt" else "")
        cells[2].text = german_date(task.due_on)
        for cell, width in zip(cells, (Cm(4.8), Cm(9.0), Cm(2.7)), strict=True):
            cell.width = width
    doc.add_paragraph().paragraph_format.space_after = Pt(0)


def _decision(doc: Document, text: str) -> None:
    p = doc.add_paragraph()
    p.paragraph_format.left_indent = Cm(0.4)
    p.paragraph_format.space_before = Pt(4)
    label = p.add_run("Beschluss: ")
    label.bold, label.font.color.rgb = True, ACCENT
    p.add_run(text)
    properties = p._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    left = OxmlElement("w:left")
    for key, value in (("w:val", "single"), ("w:sz", "18"), ("w:space", "8"), ("w:color", "1F3A5F")):
        left.set(qn(key), value)
    borders.append(left)
    properties.append(borders)


def _heading(doc: Document, text: str, level: int) -> None:
    doc.add_paragraph(text, style=f"Heading {level}").paragraph_format.keep_with_next = True


def _small(paragraph, text: str) -> None:
    run = paragraph.add_run(text)
    run.font.size, run.font.color.rgb = Pt(9), GREY


def _names(people) -> str:
    return "; ".join(f"{p.name} ({p.organisation})" if p.organisation else p.name for p in people if p is not None)


def _due(task: TaskEntry) -> str:
    return f", bis {german_date(task.due_on)}" if task.due_on else ""


def _shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _repeat_header(row) -> None:
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _row_height(row, height) -> None:
    row.height = height


def _page_numbers(paragraph) -> None:
    def field(code: str) -> None:
        run = paragraph.add_run()
        run.font.size, run.font.color.rgb = Pt(8), GREY
        begin, instruction, end = OxmlElement("w:fldChar"), OxmlElement("w:instrText"), OxmlElement("w:fldChar")
        begin.set(qn("w:fldCharType"), "begin")
        instruction.set(qn("xml:space"), "preserve")
        instruction.text = code
        end.set(qn("w:fldCharType"), "end")
        run._r.append(begin)
        run._r.append(instruction)
        run._r.append(end)

    def text(value: str) -> None:
        run = paragraph.add_run(value)
        run.font.size, run.font.color.rgb = Pt(8), GREY

    text("Seite ")
    field("PAGE")
    text(" von ")
    field("NUMPAGES")


def _save(doc: Document, path: Path) -> None:
    write_atomically(path, lambda partial: doc.save(str(partial)), "Word")

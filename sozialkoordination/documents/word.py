"""Building blocks of the app's Word documents: the neutral district-office layout (A4, Arial 11 pt, a quiet
header line, page numbers) or the office's own Word template, title block, fact table, tables with a shaded header
row repeated on every page and rows that never split, and the DIN 5008 letter head (form B)."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from sozialkoordination.core.errors import DomainError
from sozialkoordination.core.letters import SenderProfile
from sozialkoordination.documents.files import write_atomically

FONT = "Arial"
ACCENT = RGBColor(0x1F, 0x3A, 0x5F)  # dark slate blue for headings: calm, prints well in black and white
GREY = RGBColor(0x59, 0x59, 0x59)
HEADER_FILL = "DCE6F0"
MONTHS = (
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
)


def long_date(value: date) -> str:
    """25. November 2026"""
    return f"{value.day}. {MONTHS[value.month - 1]} {value.year}"


def weekday_date(value: date) -> str:
    days = ("Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag")
    return f"{days[value.weekday()]}, {long_date(value)}"


LEFT_MARGIN_CM, RIGHT_MARGIN_CM = 2.5, 2.0  # DIN 5008: room for punching on the left
TEXT_WIDTH_CM = 21.0 - LEFT_MARGIN_CM - RIGHT_MARGIN_CM


class TemplateError(DomainError):
    pass


_TEMPLATE_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.template.main+xml"
_DOCUMENT_TYPE = b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"


def open_template(data: bytes) -> Document:
    """The office's own Word file (.docx or .dotx) as an empty document: its styles, headers, footers and page
    setup stay, its body text goes (a letterhead may carry sample text)."""
    try:
        source = zipfile.ZipFile(io.BytesIO(data))
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
            for item in source.infolist():
                content = source.read(item.filename)
                if item.filename == "[Content_Types].xml":  # a .dotx is a .docx with another content type
                    content = content.replace(_TEMPLATE_TYPE, _DOCUMENT_TYPE)
                target.writestr(item, content)
        doc = Document(io.BytesIO(buffer.getvalue()))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise TemplateError(
            "Die gewählte Datei ist keine Word-Vorlage (.docx oder .dotx). Bitte speichern Sie Ihren Briefkopf in "
            "Word als „Word-Vorlage“ oder „Word-Dokument“ und wählen Sie diese Datei."
        ) from error
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    return doc


def check_template(data: bytes) -> None:
    open_template(data)


def new_document(title: str, header: str | None, page_numbers: bool = True, template: bytes | None = None) -> Document:
    """With `template` (the office's own letterhead) its styles and headers are kept; the page is set to A4 with
    the margins the letters and lists are laid out for."""
    if template:
        doc = open_template(template)
        _set_page(doc.sections[0])
        doc.core_properties.title = title
        return doc
    doc = Document()
    section = doc.sections[0]
    _set_page(section)
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
    doc.core_properties.title = title
    doc.core_properties.author = "Sozialkoordination"
    doc.core_properties.language = "de-DE"
    if header:
        line = section.header.paragraphs[0]
        line.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        small(line, header)
    doc.styles["Footer"].font.size = Pt(8)
    doc.styles["Footer"].font.color.rgb = GREY
    if page_numbers:
        footer = section.footer.paragraphs[0]
        footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
        _page_numbers(footer)
    return doc


def office_document(title: str, sender: SenderProfile | None, topic: str | None = None) -> Document:
    """A document of the office: its own Word template or the app's layout, with the header line naming the
    sender and the topic ("Landkreis Göttingen · Fachbereich Soziales · Sozialraumprofil") and the logo."""
    sender = sender or SenderProfile()
    doc = new_document(title, None, template=sender.template)
    header = doc.sections[0].header
    line = header.add_paragraph() if sender.template else header.paragraphs[0]
    line.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if sender.logo and not sender.template:
        picture = line.add_run()
        picture.add_picture(io.BytesIO(sender.logo), height=Cm(1.0))
        picture.add_break()
    small(line, " · ".join(p for p in (sender.dienststelle, sender.fachbereich or "Sozialkoordination", topic) if p))
    return doc


def _set_page(section) -> None:
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin, section.right_margin = Cm(LEFT_MARGIN_CM), Cm(RIGHT_MARGIN_CM)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    section.header_distance = section.footer_distance = Cm(1.0)


def draft_mark(doc: Document) -> None:
    """ "ENTWURF" in red at the top of every page of a document that is not final."""
    for section in doc.sections:
        line = section.header.add_paragraph()
        line.alignment = WD_ALIGN_PARAGRAPH.LEFT
        run = line.add_run("ENTWURF")
        run.bold, run.font.size, run.font.color.rgb = True, Pt(14), RGBColor(0xC0, 0x39, 0x2B)


def title_block(doc: Document, kicker: str, kind: str, subtitle: str) -> None:
    """ "SOZIALRAUMKONFERENZ · Sozialraum Gleichen" / big "Ergebnisprotokoll" / the meeting's title."""
    line = doc.add_paragraph()
    run = line.add_run(kicker)
    run.font.size, run.font.color.rgb, run.bold = Pt(9), GREY, True
    line.paragraph_format.space_after = Pt(2)
    doc.add_paragraph(kind, style="Title").paragraph_format.space_after = Pt(2)
    below = doc.add_paragraph()
    sub = below.add_run(subtitle)
    sub.font.size, sub.font.color.rgb = Pt(13), ACCENT
    below.paragraph_format.space_after = Pt(12)


def fact_table(doc: Document, facts: list[tuple[str, str]]) -> None:
    table = doc.add_table(rows=0, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    table.autofit = False
    table.columns[0].width, table.columns[1].width = Cm(3.6), Cm(12.9)
    for label, value in facts:
        cells = table.add_row().cells
        cells[0].width, cells[1].width = Cm(3.6), Cm(12.9)
        run = cells[0].paragraphs[0].add_run(label)
        run.bold, run.font.color.rgb = True, GREY
        cells[1].text = value
        for cell in cells:
            cell.paragraphs[0].paragraph_format.space_after = Pt(2)
    doc.add_paragraph().paragraph_format.space_after = Pt(2)


def table(doc: Document, headers: list[str], widths: list) -> object:
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
    keep_rows_whole(table.rows[0])
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    return table


def heading(doc: Document, text: str, level: int) -> None:
    doc.add_paragraph(text, style=f"Heading {level}").paragraph_format.keep_with_next = True


def small(paragraph, text: str) -> None:
    run = paragraph.add_run(text)
    run.font.size, run.font.color.rgb = Pt(9), GREY


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


def keep_rows_whole(row) -> None:
    """A row is never split across two pages (a task's "Wer" on one page and its "Was" on the next)."""
    flag = OxmlElement("w:cantSplit")
    flag.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(flag)


def _page_numbers(paragraph) -> None:
    _field_text(paragraph, "Seite ", "PAGE", " von ", "NUMPAGES")


def _field_text(paragraph, *parts: str) -> None:
    """Text and fields alternating: ("Seite ", "PAGE", " von ", "NUMPAGES")."""

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

    for number, part in enumerate(parts):
        (field if number % 2 else text)(part)


def save(doc: Document, path: Path) -> None:
    write_atomically(path, lambda partial: doc.save(str(partial)), "Word")

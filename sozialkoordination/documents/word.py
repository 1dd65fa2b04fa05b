"""Building blocks of the app's Word documents: the neutral district-office layout (A4, Arial 11 pt, a quiet
header line, page numbers) or the office's own Word template, title block, fact table, tables with a shaded header
row repeated on every page and rows that never split, and the DIN 5008 letter head (form B)."""

from __future__ import annotations

import io
import math
import re
import zipfile
from datetime import date
from pathlib import Path

import jinja2
import pyphen
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor
from docx.table import _Cell
from docxtpl import DocxTemplate

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


# The placeholders an office's own template may use (docxtpl/Jinja syntax: {{ dienststelle }}); documented for the
# users in resources/handbook/vorlagen.md. {{ inhalt }} marks where the app writes the document's text.
PLACEHOLDERS: dict[str, str] = {
    "dienststelle": "Dienststelle aus den Einstellungen („Landkreis Göttingen“)",
    "fachbereich": "Fachbereich aus den Einstellungen",
    "ansprechpartner": "Ansprechpartner*in aus den Einstellungen",
    "strasse": "Straße und Hausnummer der Dienststelle",
    "plz": "Postleitzahl der Dienststelle",
    "ort": "Ort der Dienststelle",
    "telefon": "Telefon der Ansprechpartner*in",
    "email": "E-Mail-Adresse der Ansprechpartner*in",
    "ruecksendeangabe": "Dienststelle · Straße · PLZ Ort in einer Zeile",
    "kopfzeile": "die Kopfzeile, wie das Programm sie schreibt („Landkreis Göttingen · Fachbereich … · Thema“)",
    "dokumentart": "Art des Dokuments: Brief, Tagesordnung, Teilnahmeliste, Ergebnisprotokoll, Liste, Bericht, "
    "Auskunft",
    "titel": "Titel des Dokuments (z. B. der Sitzung)",
    "thema": "Bereich des Dokuments („Sozialregion Nord“, „Netzwerke“, „Sozialraumprofil“ …)",
    "datum": "Datum der Erstellung (TT.MM.JJJJ)",
    "inhalt": "Stelle, an der das Programm den Text des Dokuments einfügt (ein eigener Absatz)",
}
_CONTENT_MARK = "SOZIALKOORDINATION-INHALT-EINFUEGEN"
_TAIL = "{urn:sozialkoordination:vorlage}nach-inhalt"  # body parts after {{ inhalt }}: moved to the end on save


def template_fields(
    sender: SenderProfile | None, title: str = "", kind: str = "", topic: str | None = None, today: date | None = None
) -> dict[str, str]:
    """The values of the placeholders for one document."""
    sender = sender or SenderProfile()
    day = today or date.today()
    return {
        "dienststelle": sender.dienststelle or "",
        "fachbereich": sender.fachbereich or "",
        "ansprechpartner": sender.contact or "",
        "strasse": sender.street or "",
        "plz": sender.postcode or "",
        "ort": sender.city or "",
        "telefon": sender.phone or "",
        "email": sender.email or "",
        "ruecksendeangabe": sender.return_address,
        "kopfzeile": header_line(sender, topic),
        "dokumentart": kind,
        "titel": title,
        "thema": topic or "",
        "datum": f"{day.day:02d}.{day.month:02d}.{day.year}",
        "inhalt": "",
    }


def header_line(sender: SenderProfile, topic: str | None) -> str:
    return " · ".join(p for p in (sender.dienststelle, sender.fachbereich or "Sozialkoordination", topic) if p)


def _as_document(data: bytes) -> bytes:
    """A .dotx is a .docx with another content type."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "[Content_Types].xml":
                content = content.replace(_TEMPLATE_TYPE, _DOCUMENT_TYPE)
            target.writestr(item, content)
    return buffer.getvalue()


def has_placeholders(data: bytes) -> bool:
    """Whether the Word file contains {{ … }} or {% … %} (Word may split them over several runs)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.startswith("word/") and name.endswith(".xml"):
                text = re.sub(r"<[^>]+>", "", archive.read(name).decode("utf-8", "replace"))
                if "{{" in text or "{%" in text:
                    return True
    return False


def fill_template(data: bytes, fields: dict[str, str]) -> bytes:
    """The template with its placeholders filled (body, headers and footers); {{ inhalt }} becomes a mark that
    open_template replaces by the document's text."""
    template = DocxTemplate(io.BytesIO(_as_document(data)))
    try:
        unknown = sorted(template.get_undeclared_template_variables() - set(PLACEHOLDERS))
        if unknown:
            raise TemplateError(
                "Die Word-Vorlage enthält unbekannte Platzhalter: "
                + ", ".join(f"{{{{ {name} }}}}" for name in unknown)
                + ". Bitte verwenden Sie nur die im Handbuch („Eigene Word-Vorlage“) beschriebenen Platzhalter."
            )
        template.render({**fields, "inhalt": _CONTENT_MARK}, autoescape=True)
    except jinja2.TemplateError as error:
        line = f" (Zeile {error.lineno})" if getattr(error, "lineno", None) else ""
        raise TemplateError(
            f"Ein Platzhalter in der Word-Vorlage ist nicht vollständig{line}: {error.message}. Platzhalter stehen "
            "in doppelten geschweiften Klammern, z. B. {{ dienststelle }}; bitte korrigieren Sie die Vorlage in Word."
        ) from error
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()


def open_template(data: bytes, fields: dict[str, str] | None = None) -> Document:
    """The office's own Word file (.docx or .dotx). A template with placeholders is filled ({{ dienststelle }} …)
    and its body kept: the document's text goes where {{ inhalt }} stands (or at the end). A template without
    placeholders is a letterhead: its styles, headers, footers and page setup stay, its body text goes (it may
    carry sample text)."""
    try:
        placeholders = has_placeholders(data)
        if placeholders:
            data = fill_template(data, fields or template_fields(None))
        doc = Document(io.BytesIO(_as_document(data)))
    except (zipfile.BadZipFile, KeyError, ValueError) as error:
        raise TemplateError(
            "Die gewählte Datei ist keine Word-Vorlage (.docx oder .dotx). Bitte speichern Sie Ihren Briefkopf in "
            "Word als „Word-Vorlage“ oder „Word-Dokument“ und wählen Sie diese Datei."
        ) from error
    body = doc.element.body
    parts = [child for child in body if child.tag != qn("w:sectPr")]
    if not placeholders:
        for child in parts:
            body.remove(child)
        return doc
    marks = [n for n, child in enumerate(parts) if _CONTENT_MARK in "".join(child.itertext())]
    if marks:
        for child in parts[marks[0] + 1 :]:
            child.set(_TAIL, "1")
        body.remove(parts[marks[0]])
    return doc


def check_template(data: bytes) -> None:
    open_template(data)


def default_template() -> Document:
    """The shipped template (resources/templates/Standardvorlage.docx): the app's own look with placeholders, a
    start for the office's own template."""
    doc = new_document("{{ titel }}", "{{ kopfzeile }}")
    doc.core_properties.title = "Sozialkoordination – Standardvorlage"
    doc.add_paragraph("{{ inhalt }}")
    return doc


def new_document(
    title: str,
    header: str | None,
    page_numbers: bool = True,
    template: bytes | None = None,
    fields: dict[str, str] | None = None,
) -> Document:
    """With `template` (the office's own letterhead or template with placeholders, filled from `fields`) its
    styles and headers are kept; the page is set to A4 with the margins the letters and lists are laid out for."""
    if template:
        doc = open_template(template, fields)
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


def office_document(
    title: str, sender: SenderProfile | None, topic: str | None = None, kind: str = "Liste"
) -> Document:
    """A document of the office: its own Word template or the app's layout, with the header line naming the
    sender and the topic ("Landkreis Göttingen · Fachbereich Soziales · Sozialraumprofil") and the logo. A template
    with placeholders places the header line itself ({{ kopfzeile }})."""
    sender = sender or SenderProfile()
    fields = template_fields(sender, title, kind, topic)
    doc = new_document(title, None, template=sender.template, fields=fields)
    if sender.template and has_placeholders(sender.template):
        return doc
    header = doc.sections[0].header
    line = header.add_paragraph() if sender.template else header.paragraphs[0]
    line.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    if sender.logo and not sender.template:
        picture = line.add_run()
        picture.add_picture(io.BytesIO(sender.logo), height=Cm(1.0))
        picture.add_break()
    small(line, header_line(sender, topic))
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


# -- words that fit their table column ---------------------------------------------------------------------------
# Arial's advance widths in 1/1000 em (regular); other characters count as 556. Bold is about 7 % wider.
_WIDTHS = {
    **dict.fromkeys("ijl'|", 222),
    **dict.fromkeys("ftI!.,:;/ ", 278),
    **dict.fromkeys("r()-[]", 333),
    **dict.fromkeys("cksvxyzJ", 500),
    **dict.fromkeys("FTZ", 611),
    "ß": 611,
    **dict.fromkeys("ABEKPSVXY", 667),
    **dict.fromkeys("wCDHNRUÄÖÜ", 722),
    **dict.fromkeys("GOQ", 778),
    **dict.fromkeys("mM", 833),
    "W": 944,
    "@": 1015,
    "%": 889,
    "€": 556,
}
_CELL_PADDING_CM = 2 * 0.19  # Word's default cell margins, left and right
_MIN_ADDRESS_PT = 8.0
_SOFT_HYPHEN = "\u00ad"
_HYPHENATOR = pyphen.Pyphen(lang="de_DE")


def text_width_cm(text: str, size_pt: float, bold: bool = False) -> float:
    units = sum(_WIDTHS.get(char, 556) for char in text) * (1.07 if bold else 1.0)
    return units / 1000 * size_pt * 2.54 / 72


def _is_address(word: str) -> bool:
    return "@" in word or "://" in word or word.lower().startswith("www.")


def hyphenated(word: str) -> str:
    """German syllable breaks as soft hyphens; "ch", "ck" and "sch" are never split (the patterns would give
    "Forts-chritt")."""
    points = [
        p
        for p in _HYPHENATOR.positions(word)
        if not (word[p - 1 : p + 1].lower() in ("ch", "ck") or (word[p - 1] in "sS" and word[p : p + 2] == "ch"))
    ]
    for point in reversed(points):
        word = word[:point] + _SOFT_HYPHEN + word[point:]
    return word


def fit_words(text: str, width_cm: float, size_pt: float, bold: bool = False) -> str:
    """Words wider than the column get German hyphenation points (soft hyphens), so Word and LibreOffice break
    them at a syllable instead of mid-word; addresses are left whole (see _fit_run)."""
    parts = []
    for word in text.split(" "):
        if not _is_address(word) and text_width_cm(word, size_pt, bold) > width_cm:
            word = "-".join(hyphenated(piece) for piece in word.split("-"))
        parts.append(word)
    return " ".join(parts)


def _cell_width_cm(cell, grid: list[int], index: int) -> float | None:
    width = cell._tc.tcPr.find(qn("w:tcW")) if cell._tc.tcPr is not None else None
    if width is not None and width.get(qn("w:type")) in (None, "dxa") and width.get(qn("w:w")):
        return int(width.get(qn("w:w"))) * 2.54 / 1440
    return grid[index] * 2.54 / 1440 if index < len(grid) else None


def fit_tables(doc: Document) -> None:
    """No mid-word breaks in table cells: too long words get syllable breaks, e-mail addresses and links a
    smaller type (down to 8 pt) instead of breaking; an address too long even then gets a line break after its @
    and a size at which both parts fit."""
    normal = doc.styles["Normal"].font.size or Pt(11)
    for tbl in doc.tables:
        grid = [int(col.get(qn("w:w")) or 0) for col in tbl._tbl.tblGrid.findall(qn("w:gridCol"))]
        for row in tbl.rows:
            index = 0
            for tc in row._tr.tc_lst:
                cell = _Cell(tc, tbl)
                width = _cell_width_cm(cell, grid, index)
                index += tc.grid_span
                if not width:
                    continue
                room = width - _CELL_PADDING_CM
                for paragraph in cell.paragraphs:
                    style_size = paragraph.style.font.size if paragraph.style is not None else None
                    for run in paragraph.runs:
                        _fit_run(run, room, (run.font.size or style_size or normal).pt, bool(run.bold))


_LINE_BREAK = "\u2028"  # marks the break after an @ while fitting; written as a line break


def _fit_run(run, room: float, size: float, bold: bool) -> None:
    for t in list(run._r.findall(qn("w:t"))):
        text = t.text or ""
        longest = max((w for w in text.split(" ") if _is_address(w)), key=len, default=None)
        if longest and text_width_cm(longest, size, bold) > room:
            size = _address_size(longest, room, size, bold)
            run.font.size = Pt(size)
            if text_width_cm(longest, size, bold) > room and "@" in longest:
                # too long even so: a line break after the @, both parts fit whole (never at a hyphen inside)
                text = text.replace(longest, longest.replace("@", "@" + _LINE_BREAK, 1))
        fitted = fit_words(text, room, size, bold)
        if fitted == (t.text or ""):
            continue
        pieces = re.split(f"({_SOFT_HYPHEN}|{_LINE_BREAK})", fitted)
        t.text = pieces[0]
        t.set(qn("xml:space"), "preserve")
        anchor = t
        for mark, piece in zip(pieces[1::2], pieces[2::2], strict=True):
            between, following = OxmlElement("w:softHyphen" if mark == _SOFT_HYPHEN else "w:br"), OxmlElement("w:t")
            following.set(qn("xml:space"), "preserve")
            following.text = piece
            anchor.addnext(between)
            between.addnext(following)
            anchor = following


def _address_size(address: str, room: float, size: float, bold: bool) -> float:
    """The type size at which the address fits on one line (half points, at least 8 pt); if none does, the size
    at which both parts around the @ fit."""
    whole = math.floor(size * room / text_width_cm(address, size, bold) * 2) / 2
    if whole >= _MIN_ADDRESS_PT or "@" not in address:
        return max(whole, _MIN_ADDRESS_PT)
    local, domain = address.split("@", 1)
    part = max(text_width_cm(local + "@", size, bold), text_width_cm(domain, size, bold))
    return min(size, max(_MIN_ADDRESS_PT, math.floor(size * room / part * 2) / 2))


def keep_together(table) -> None:
    """A small table stays on one page: every row keeps with the next (the last one with what follows not)."""
    for row in table.rows[:-1]:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.keep_with_next = True


def save(doc: Document, path: Path) -> None:
    fit_tables(doc)
    body = doc.element.body
    end = body.find(qn("w:sectPr"))
    for child in [c for c in body if c.get(_TAIL)]:  # the template's text after {{ inhalt }} follows the content
        del child.attrib[_TAIL]
        if end is not None:
            end.addprevious(child)
        else:
            body.append(child)
    write_atomically(path, lambda partial: doc.save(str(partial)), "Word")

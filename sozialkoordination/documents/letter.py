"""DIN 5008 letters, form B: the letter head (letterhead, Anschriftfeld with Rücksendeangabe, Informationsblock),
fold and hole marks, several letters in one file each starting on its own first page.

The head is an ordinary table with exact row heights and fixed column widths, not floating frames: Word and
LibreOffice both place it to the millimetre, so the address sits in the envelope's window wherever it is printed.
"""

from __future__ import annotations

import io

from docx.document import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_ROW_HEIGHT_RULE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from sozialkoordination.core.letters import SenderProfile
from sozialkoordination.documents import word

# Positions from the top left corner of the page, in mm (DIN 5008:2020, form B).
PAGE_TOP_MARGIN_MM = 20.0  # where the text of a follow-up page begins, and the head of the first page
TEXT_LEFT_MM = word.LEFT_MARGIN_CM * 10  # 25 mm: text and address lines begin here
ADDRESS_FIELD_LEFT_MM = 20.0
ADDRESS_FIELD_TOP_MM = 45.0
ADDRESS_FIELD_WIDTH_MM = 85.0
NOTE_ZONE_MM = 17.7  # Zusatz- und Vermerkzone (5 lines): the Rücksendeangabe
ADDRESS_ZONE_MM = 27.3  # Anschriftzone (9 lines): the recipient
INFO_LEFT_MM = 125.0
INFO_TOP_MM = 50.0
INFO_WIDTH_MM = 75.0
SUBJECT_TOP_MM = 98.5  # Betreff: two blank lines below the Anschriftfeld
FOLD_MARKS_MM = (105.0, 210.0)
HOLE_MARK_MM = 148.5
MARK_LEFT_MM = 4.0
LETTERHEAD_MM = ADDRESS_FIELD_TOP_MM - PAGE_TOP_MARGIN_MM
GAP_MM = INFO_LEFT_MM - ADDRESS_FIELD_LEFT_MM - ADDRESS_FIELD_WIDTH_MM  # 20 mm between address and Informationsblock
LABEL_TAB_MM = 16.0
CONTINUED = "\t"  # the label of an Informationsblock line that continues the one above (second address line)


def twips(mm: float) -> int:
    return round(mm * 1440 / 25.4)


def new_letter(title: str, sender: SenderProfile) -> Document:
    """An empty serial letter: A4, the DIN margins, fold and hole marks on each letter's first page, page numbers
    on its follow-up pages. With the office's own template its headers and styles are the base."""
    fields = word.template_fields(sender, title, "Brief")
    doc = word.new_document(title, None, page_numbers=False, template=sender.template, fields=fields)
    section = doc.sections[0]
    section.top_margin = Mm(PAGE_TOP_MARGIN_MM)
    if sender.template is not None and not section.different_first_page_header_footer:
        # The office's letterhead sits in its only header (pictures there belong to that part and cannot be copied
        # to a first-page header): the marks go there too and so print on every page, which does no harm.
        first = section.header
    else:
        section.different_first_page_header_footer = True
        first = section.first_page_header
    for y in FOLD_MARKS_MM:
        _mark(first.add_paragraph(), y, 5.0)
    _mark(first.add_paragraph(), HOLE_MARK_MM, 8.0)
    # LibreOffice turns a framed paragraph into a frame only when a paragraph follows it (its anchor).
    anchor = first.add_paragraph().paragraph_format
    anchor.space_before = anchor.space_after = Pt(0)
    anchor.line_spacing = Pt(1)
    if sender.template is None:
        doc.styles["Header"].font.size = Pt(8)  # the page number field takes the style's size in LibreOffice
        follow = section.header.paragraphs[0]
        follow.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        word._field_text(follow, f"{sender.dienststelle} · Seite ", "PAGE")
    _set(section._sectPr, "w:pgNumType", {"w:start": "1"}, _SECTPR_ORDER)  # each letter counts its own pages
    return doc


def begin_letter(
    doc: Document,
    sender: SenderProfile,
    address_lines: list[str],
    info: list[tuple[str, str]],
    first: bool,
) -> None:
    """The head of one letter on a new first page: letterhead, Rücksendeangabe and Anschrift, Informationsblock."""
    if not first:
        doc.add_section(WD_SECTION.NEW_PAGE)
    widths = (ADDRESS_FIELD_WIDTH_MM, GAP_MM, INFO_WIDTH_MM)
    table = doc.add_table(rows=3, cols=3)
    table.autofit = False
    properties = table._tbl.tblPr
    _set(properties, "w:tblInd", {"w:w": str(twips(ADDRESS_FIELD_LEFT_MM - TEXT_LEFT_MM)), "w:type": "dxa"})
    _set(properties, "w:tblLayout", {"w:type": "fixed"})
    _set(properties, "w:tblW", {"w:w": str(twips(sum(widths))), "w:type": "dxa"})
    _set(properties, "w:tblCellMar", {})
    margins = properties.find(qn("w:tblCellMar"))
    for side in ("top", "left", "bottom", "right"):
        margin = OxmlElement(f"w:{side}")
        margin.set(qn("w:w"), "0")
        margin.set(qn("w:type"), "dxa")
        margins.append(margin)
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)
    for row, height in zip(table.rows, (LETTERHEAD_MM, NOTE_ZONE_MM, ADDRESS_ZONE_MM), strict=True):
        row.height, row.height_rule = Mm(height), WD_ROW_HEIGHT_RULE.EXACTLY
        word.keep_rows_whole(row)

    letterhead = table.cell(0, 0).merge(table.cell(0, 1))
    if sender.template is None:
        name = letterhead.paragraphs[0]
        name.paragraph_format.space_before = Mm(4)
        _indent(name)
        run = name.add_run(sender.dienststelle)
        run.bold, run.font.size, run.font.color.rgb = True, Pt(14), word.ACCENT
        if sender.fachbereich:
            unit = letterhead.add_paragraph()
            _indent(unit)
            run = unit.add_run(sender.fachbereich)
            run.font.size, run.font.color.rgb = Pt(10), word.ACCENT
    if sender.logo:
        logo = table.cell(0, 2).paragraphs[0]
        logo.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        logo.paragraph_format.space_before = Mm(2)
        picture = logo.add_run().add_picture(io.BytesIO(sender.logo), height=Mm(18))
        if picture.width > Mm(INFO_WIDTH_MM - 5):
            picture.height = int(picture.height * Mm(INFO_WIDTH_MM - 5) / picture.width)
            picture.width = Mm(INFO_WIDTH_MM - 5)

    note = table.cell(1, 0)
    note.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.BOTTOM
    back = note.paragraphs[0]
    _indent(back)
    back.paragraph_format.space_after = Pt(2)
    run = back.add_run(sender.return_address)
    run.font.size, run.font.underline = Pt(7), True
    run.font.name = word.FONT  # a narrow sans-serif also in a template with a wide serif font: one line

    address = table.cell(2, 0)
    for number, line in enumerate(address_lines):
        paragraph = address.paragraphs[0] if number == 0 else address.add_paragraph()
        _indent(paragraph)
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.line_spacing = 1.0
        paragraph.add_run(line).font.size = Pt(10)  # six lines fit the Anschriftzone, a long organisation too

    block = table.cell(1, 2).merge(table.cell(2, 2))
    block.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.TOP
    for number, (label, value) in enumerate(info):
        paragraph = block.paragraphs[0] if number == 0 else block.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(0)
        paragraph.paragraph_format.line_spacing = 1.0
        if number == 0:
            paragraph.paragraph_format.space_before = Mm(INFO_TOP_MM - ADDRESS_FIELD_TOP_MM)
        if not label and not value:
            continue
        paragraph.paragraph_format.tab_stops.add_tab_stop(Mm(LABEL_TAB_MM), WD_TAB_ALIGNMENT.LEFT)
        if label == CONTINUED:
            paragraph.add_run("\t")
        elif label:
            head = paragraph.add_run(f"{label}\t" if value else label)
            head.font.size, head.font.color.rgb = Pt(8), word.GREY
        body = paragraph.add_run(value)
        body.font.size = Pt(8.5)


def subject(doc: Document, text: str) -> None:
    """The Betreff, bold, at its DIN place below the Anschriftfeld."""
    line = doc.add_paragraph()
    line.paragraph_format.space_before = Mm(SUBJECT_TOP_MM - ADDRESS_FIELD_TOP_MM - NOTE_ZONE_MM - ADDRESS_ZONE_MM)
    line.paragraph_format.space_after = Pt(14)
    line.paragraph_format.keep_with_next = True
    line.add_run(text).bold = True


def info_block(sender: SenderProfile, dated: str) -> list[tuple[str, str]]:
    """The Informationsblock: who to ask and how, then the date."""
    lines: list[tuple[str, str]] = []
    if sender.fachbereich:
        lines.append(("", sender.fachbereich))
    if sender.contact:
        lines.append(("Name", sender.contact))  # the DIN 5008 label for the Ansprechpartner*in
    if sender.phone:
        lines.append(("Telefon", sender.phone))
    if sender.email:
        lines.append(("E-Mail", sender.email))
    if sender.street:
        lines.append(("Anschrift", sender.street))
        place = " ".join(p for p in (sender.postcode, sender.city) if p)
        if place:
            lines.append((CONTINUED, place))
    lines.append(("", ""))
    lines.append(("Datum", dated))
    return lines


def _indent(paragraph) -> None:
    paragraph.paragraph_format.left_indent = Mm(TEXT_LEFT_MM - ADDRESS_FIELD_LEFT_MM)


# What follows each element in its parent (WordprocessingML fixes the order; Word rejects a file that breaks it).
_TBLPR_ORDER = (
    "w:tblStyle",
    "w:tblpPr",
    "w:tblOverlap",
    "w:bidiVisual",
    "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize",
    "w:tblW",
    "w:jc",
    "w:tblCellSpacing",
    "w:tblInd",
    "w:tblBorders",
    "w:shd",
    "w:tblLayout",
    "w:tblCellMar",
    "w:tblLook",
    "w:tblCaption",
    "w:tblDescription",
    "w:tblPrChange",
)
_SECTPR_ORDER = (
    "w:headerReference",
    "w:footerReference",
    "w:footnotePr",
    "w:endnotePr",
    "w:type",
    "w:pgSz",
    "w:pgMar",
    "w:paperSrc",
    "w:pgBorders",
    "w:lnNumType",
    "w:pgNumType",
    "w:cols",
    "w:formProt",
    "w:vAlign",
    "w:noEndnote",
    "w:titlePg",
    "w:textDirection",
    "w:bidi",
    "w:rtlGutter",
    "w:docGrid",
    "w:printerSettings",
    "w:sectPrChange",
)


def _set(parent, tag: str, attributes: dict[str, str], order: tuple[str, ...] = _TBLPR_ORDER) -> None:
    """Sets `tag` in `parent` (created at its place in the schema order) with these attributes."""
    element = parent.find(qn(tag))
    if element is None:
        element = OxmlElement(tag)
        later = order[order.index(tag) + 1 :]
        parent.insert_element_before(element, *later)
    for key, value in attributes.items():
        element.set(qn(key), value)


def _mark(paragraph, y_mm: float, length_mm: float) -> None:
    """A fold or hole mark: a short line at the left page edge, in a frame placed on the page."""
    properties = paragraph._p.get_or_add_pPr()
    for child in list(properties):
        properties.remove(child)
    frame = OxmlElement("w:framePr")
    for key, value in (
        ("w:w", str(twips(length_mm))),
        ("w:h", "20"),
        ("w:hRule", "exact"),
        ("w:wrap", "around"),
        ("w:hAnchor", "page"),
        ("w:vAnchor", "page"),
        ("w:x", str(twips(MARK_LEFT_MM))),
        ("w:y", str(twips(y_mm))),
    ):
        frame.set(qn(key), value)
    properties.append(frame)
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"), ("w:color", "000000")):
        top.set(qn(key), value)
    borders.append(top)
    properties.append(borders)
    spacing = OxmlElement("w:spacing")
    for key, value in (("w:before", "0"), ("w:after", "0"), ("w:line", "20"), ("w:lineRule", "exact")):
        spacing.set(qn(key), value)
    properties.append(spacing)

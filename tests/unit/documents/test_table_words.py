"""No mid-word breaks in tables: too long words get German syllable breaks (soft hyphens), e-mail addresses stay
whole in a smaller type, small tables and the sources keep together – read back and, where LibreOffice is
installed, checked in the rendered PDF."""

import shutil
import subprocess
from datetime import date

import docx
import pytest
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from sozialkoordination.documents import word
from sozialkoordination.participation.dto import ActivityData, ProposalData
from sozialkoordination.participation.service import ParticipationService

HAS_PDF = shutil.which("soffice") is not None and shutil.which("pdftotext") is not None


def cell_xml_text(cell) -> str:
    """The cell's text with each soft hyphen shown as "|"."""
    parts = []
    for element in cell._tc.iter(qn("w:t"), qn("w:softHyphen")):
        parts.append("|" if element.tag == qn("w:softHyphen") else element.text or "")
    return "".join(parts)


def test_german_hyphenation_points():
    assert word.hyphenated("Fortschritt").replace("\u00ad", "|") == "Fort|schritt"  # never "Forts-chritt"
    assert word.hyphenated("Einwohnerinnen").replace("\u00ad", "|") == "Ein|woh|ne|rin|nen"
    assert "c|k" not in word.hyphenated("Brücke").replace("\u00ad", "|")


def test_long_words_get_syllable_breaks_and_addresses_stay_whole(tmp_path):
    doc = word.new_document("Liste", None)
    table = word.table(doc, ["Fortschritt", "E-Mail", "Name"], [Cm(2.0), Cm(6.0), Cm(8.5)])
    cells = table.add_row().cells
    cells[0].text = "angenommen"
    cells[1].text = "koordination@landkreisgoettingen.de"
    cells[2].text = "Familienzentrum Buntstift"  # fits: untouched
    narrow = word.table(doc, ["E-Mail", "Name"], [Cm(3.4), Cm(13.1)]).add_row().cells
    narrow[0].text = "koordination@landkreisgoettingen.de"
    word.save(doc, tmp_path / "liste.docx")
    back = docx.Document(tmp_path / "liste.docx").tables[0]
    assert cell_xml_text(back.cell(0, 0)) == "Fort|schritt"
    assert back.cell(0, 0).text == "Fortschritt"  # the soft hyphen is invisible unless the line breaks there
    assert cell_xml_text(back.cell(1, 0)) == "an|ge|nom|men"
    address = back.cell(1, 1)
    assert cell_xml_text(address) == "koordination@landkreisgoettingen.de"  # never hyphenated
    size = address.paragraphs[0].runs[0].font.size
    assert Pt(8) <= size < Pt(11)
    assert word.text_width_cm(address.text, size.pt) <= 6.0 - 0.38  # fits its column: no break at all
    assert cell_xml_text(back.cell(1, 2)) == "Familienzentrum Buntstift"
    too_narrow = docx.Document(tmp_path / "liste.docx").tables[1].cell(1, 0)
    assert too_narrow.text == "koordination@\nlandkreisgoettingen.de"  # a line break after the @, never elsewhere
    size = too_narrow.paragraphs[0].runs[0].font.size
    assert size >= Pt(8) and word.text_width_cm("landkreisgoettingen.de", size.pt) <= 3.4 - 0.38


@pytest.fixture
def summary(context, tmp_path):
    service = ParticipationService(context.session_factory, today=lambda: date(2026, 5, 1))
    raum = context.areas.find_sozialraum("Bovenden").id
    activity = service.save(ActivityData(title="Radwege in Bovenden", sozialraum_id=raum, starts_on=date(2026, 3, 1)))
    for text in ("Sichere Querung an der Landstraße", "Beschilderung der Radrouten verbessern"):
        service.save_proposal(activity, ProposalData(text, "angenommen"))
    path = tmp_path / "zusammenfassung.docx"
    service.write_summary(activity, path)
    return path


def test_participation_summary_table_keeps_together_and_breaks_at_syllables(summary):
    table = docx.Document(summary).tables[-1]
    assert cell_xml_text(table.cell(0, 4)) == "Fort|schritt"
    rows = table.rows
    assert all(p.paragraph_format.keep_with_next for row in rows[:-1] for c in row.cells for p in c.paragraphs)


@pytest.mark.skipif(not HAS_PDF, reason="LibreOffice and poppler are not installed")
def test_participation_summary_pdf_has_no_mid_word_breaks(summary, tmp_path):
    subprocess.run(
        ["soffice", "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(summary)],
        capture_output=True,
        check=True,
        timeout=240,
    )
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "zusammenfassung.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Fort-" in text and "schritt" in text  # at the syllable, with a hyphen
    assert "Fortschr " not in text and "Fortschr\n" not in text
    assert "angenomm\n" not in text and "angenomm " not in text

"""The office's own Word template with placeholders (docxtpl): filled in letters, agenda and minutes, read back;
the shipped Standardvorlage; broken or unknown placeholders are refused with a clear message."""

import io
import re
import shutil

import docx
import pytest

from sozialkoordination.config import resource_path
from sozialkoordination.core.letters import SenderProfile
from sozialkoordination.documents import word
from tests.unit.meetings.test_meetings import meetings, run_meeting, world  # noqa: F401 - fixtures
from tests.unit.meetings.test_sent_documents import SENDER, _as_dotx, _pdf_words, head_of, mm

LEFTOVER = re.compile(r"\{\{|\}\}|\{%|%\}")


def all_text(path) -> str:
    """Body, tables, headers and footers of every section."""
    document = docx.Document(path)
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    for section in document.sections:
        for part in (section.header, section.footer, section.first_page_header):
            parts += [p.text for p in part.paragraphs]
            parts += [cell.text for table in part.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def office_template() -> bytes:
    """A letterhead as an office makes it in Word: placeholders in the header, the footer and the body."""
    template = docx.Document()
    section = template.sections[0]
    section.header.paragraphs[0].text = "{{ dienststelle }} – {{ fachbereich }} – {{ dokumentart }}"
    section.footer.paragraphs[0].text = "{{ strasse }}, {{ plz }} {{ ort }} · Tel. {{ telefon }} · {{ email }}"
    template.add_paragraph("Vorlage für {{ titel }}, erstellt am {{ datum }}")
    template.add_paragraph("{{ inhalt }}")
    template.add_paragraph("Mit freundlichen Grüßen aus {{ ort }}")
    buffer = io.BytesIO()
    template.save(buffer)
    return buffer.getvalue()


def with_template(data: bytes) -> SenderProfile:
    return SenderProfile(**{**SENDER.__dict__, "template": data, "template_name": "Briefkopf.docx"})


def test_placeholders_are_filled_in_letters_agenda_and_minutes(meetings, world, tmp_path):  # noqa: F811
    meeting_id = run_meeting(meetings, world)
    sender = with_template(_as_dotx(office_template()))
    for kind, name in (("invitations", "Brief"), ("agenda", "Tagesordnung"), ("minutes", "Ergebnisprotokoll")):
        out = tmp_path / f"{kind}.docx"
        meetings.export(kind, meeting_id, out, sender=sender)
        text = all_text(out)
        assert not LEFTOVER.search(text), kind
        assert f"Landkreis Göttingen – Fachbereich Soziales – Sozialkoordination – {name}" in text
        assert (
            "Reinhäuser Landstraße 4, 37083 Göttingen · Tel. 0551 525-1234 · koordination@landkreisgoettingen.de"
            in text
        )
        assert re.search(r"Vorlage für .+, erstellt am \d\d\.\d\d\.\d{4}", text)
        body = [p.text for p in docx.Document(out).paragraphs if p.text.strip()]
        assert body[0].startswith("Vorlage für") and body[-1] == "Mit freundlichen Grüßen aus Göttingen"
    minutes = docx.Document(tmp_path / "minutes.docx")
    texts = [p.text for p in minutes.paragraphs]
    assert 0 < texts.index("Ergebnisprotokoll – Entwurf") < texts.index("Mit freundlichen Grüßen aus Göttingen")
    letters = docx.Document(tmp_path / "invitations.docx")
    assert [mm(c.width) for c in head_of(letters).columns] == [85.0, 20.0, 75.0]  # DIN 5008 stays


def test_a_template_without_placeholders_stays_a_letterhead(meetings, world, tmp_path):  # noqa: F811
    template = docx.Document()
    template.sections[0].header.paragraphs[0].text = "Briefkopf"
    template.add_paragraph("Beispieltext")
    buffer = io.BytesIO()
    template.save(buffer)
    meeting_id = run_meeting(meetings, world)
    meetings.export("agenda", meeting_id, tmp_path / "to.docx", sender=with_template(buffer.getvalue()))
    document = docx.Document(tmp_path / "to.docx")
    assert "Beispieltext" not in all_text(tmp_path / "to.docx")
    assert "Briefkopf" in document.sections[0].header.paragraphs[0].text
    assert "Landkreis Göttingen · Fachbereich Soziales" in all_text(tmp_path / "to.docx")  # the app's header line


def test_shipped_standard_template_gives_the_app_look(meetings, world, tmp_path):  # noqa: F811
    shipped = resource_path("templates", "Standardvorlage.docx").read_bytes()
    assert word.has_placeholders(shipped)
    meeting_id = run_meeting(meetings, world)
    meetings.export("minutes", meeting_id, tmp_path / "mit.docx", sender=with_template(shipped))
    meetings.export("minutes", meeting_id, tmp_path / "ohne.docx", sender=SENDER)
    own, plain = docx.Document(tmp_path / "mit.docx"), docx.Document(tmp_path / "ohne.docx")
    assert not LEFTOVER.search(all_text(tmp_path / "mit.docx"))
    header = own.sections[0].header.paragraphs[0].text
    assert header == plain.sections[0].header.paragraphs[0].text.strip()
    assert header.startswith("Landkreis Göttingen · Fachbereich Soziales – Sozialkoordination · ")
    assert [p.text for p in own.paragraphs if p.text] == [p.text for p in plain.paragraphs if p.text]


def test_placeholders_are_documented():
    handbook = resource_path("handbook", "vorlagen.md").read_text(encoding="utf-8")
    for name in word.PLACEHOLDERS:
        assert f"{{{{ {name} }}}}" in handbook


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{{ absender }}", r"unbekannte Platzhalter: \{\{ absender \}\}"),
        ("{{ dienststelle", "nicht vollständig"),
    ],
)
def test_faulty_placeholders_are_refused_with_a_clear_message(text, message):
    template = docx.Document()
    template.add_paragraph(text)
    buffer = io.BytesIO()
    template.save(buffer)
    with pytest.raises(word.TemplateError, match=message):
        word.check_template(buffer.getvalue())


@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="LibreOffice and poppler are not installed",
)
def test_own_template_letter_as_pdf_keeps_the_window(meetings, world, tmp_path):  # noqa: F811
    meeting_id = run_meeting(meetings, world)
    meetings.export(
        "invitations", meeting_id, tmp_path / "brief.docx", sender=with_template(office_template()), pdf=True
    )
    words = _pdf_words(tmp_path / "brief.pdf", page=1)
    assert any(w[4] == "Brief" for w in words)  # the header placeholder, filled
    assert not any("{{" in w[4] for w in words)

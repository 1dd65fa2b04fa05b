"""The Auskunft (Art. 15 DSGVO) as a Word document for the person and as a JSON file beside it (same name,
.json) for machines; both from one PersonReport, so they never disagree."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from docx.shared import Cm, Pt

from sozialkoordination.core.formatting import display_text, german_date
from sozialkoordination.core.letters import SenderProfile
from sozialkoordination.documents import word
from sozialkoordination.documents.files import write_atomically

if TYPE_CHECKING:
    from sozialkoordination.privacy.auskunft import PersonReport, ReportTable

TEXT_WIDTH_CM = 16.5  # A4 portrait minus the margins of word.new_document


def write_report(path: Path, report: PersonReport, sender: SenderProfile | None = None) -> tuple[Path, Path]:
    """Writes OUT.docx and OUT.json; returns both paths."""
    path = Path(path)
    json_path = path.with_suffix(".json")
    doc = word.office_document(f"Auskunft {report.name}", sender, "vertraulich", "Auskunft")
    word.title_block(doc, "DATENSCHUTZ · ART. 15 DSGVO", "Auskunft über gespeicherte Daten", report.name)
    doc.add_paragraph(
        f"Stand: {german_date(report.created_on)}. Diese Auskunft enthält alle Daten, die in der Anwendung "
        "„Sozialkoordination“ der Sozialregions-Koordination über die Person gespeichert sind. Dieselben Daten "
        f"liegen maschinenlesbar in der Datei „{json_path.name}“ bei."
    )
    word.heading(doc, "Gespeicherte Angaben zur Person", 1)
    word.fact_table(
        doc, [(label, display_text(value)) for _key, label, value in report.facts if value not in (None, "")]
    )
    _notes(doc, report)
    for table in report.tables:
        _section(doc, table)
    closing = doc.add_paragraph(
        "Sie haben das Recht auf Berichtigung (Art. 16), Löschung (Art. 17), Einschränkung der Verarbeitung (Art. 18) "
        "und Widerspruch (Art. 21) sowie das Recht, eine erteilte Einwilligung jederzeit für die Zukunft zu "
        "widerrufen. Sie können sich bei der Landesbeauftragten für den Datenschutz Niedersachsen beschweren."
    )
    closing.paragraph_format.space_before = Pt(12)
    word.save(doc, path)
    text = json.dumps(report.as_json(), ensure_ascii=False, indent=2)
    write_atomically(json_path, lambda partial: partial.write_text(text + "\n", encoding="utf-8"), "einem Editor")
    return path, json_path


def _notes(doc, report: PersonReport) -> None:
    word.heading(doc, "Zwecke, Empfänger und Speicherdauer", 1)
    lines = [
        (
            "Zwecke",
            "Koordination der Sozialregion: Einladungen zu Sozialforen, Sozialraumkonferenzen und "
            "Arbeitskreisen, Netzwerkarbeit, Aufgaben aus Sitzungen, Vermittlung von Ehrenamt.",
        ),
        (
            "Empfänger",
            "Die Daten bleiben bei der Sozialregions-Koordination. Kontaktdaten werden an "
            "Netzwerkpartner nur mit Einwilligung „Weitergabe an Netzwerkpartner“ weitergegeben.",
        ),
        (
            "Speicherdauer",
            "Daten werden überprüft und gelöscht, wenn sie nicht mehr benötigt werden"
            + (
                f" – spätestens nach {report.retention_months} Monaten ohne Aktivität und ohne gültige Einwilligung."
                if report.retention_months
                else "."
            ),
        ),
    ]
    word.fact_table(doc, lines)


def _section(doc, table: ReportTable) -> None:
    word.heading(doc, table.title, 1)
    rows = table.text_rows()
    if not rows:
        empty = doc.add_paragraph()
        word.small(empty, " ".join(x for x in ("Keine Einträge.", table.note) if x))
        return
    if table.note:
        word.small(doc.add_paragraph(), table.note)
    widths = _widths(table, rows)
    grid = word.table(doc, [label for _key, label in table.columns], widths)
    for values in rows:
        row = grid.add_row()
        word.keep_rows_whole(row)  # "Erziehungsberatung" on one page and "Adelebsen" on the next
        cells = row.cells
        for cell, value, width in zip(cells, values, widths, strict=True):
            cell.width = width
            cell.text = value
    for row in grid.rows:
        for cell in row.cells:
            for paragraph in cell.paragraphs:
                paragraph.paragraph_format.space_after = Pt(1)
                for run in paragraph.runs:
                    run.font.size = Pt(8.5 if len(table.columns) > 5 else 9.5)


def _widths(table: ReportTable, rows: list[list[str]]) -> list:
    """Every column at least as wide as its longest word (no word broken inside), the rest of the text width
    shared by how long the texts are."""
    per_char, bold, padding = 0.21, 0.25, 0.45  # cm per character at 8.5-9.5 pt Arial (bold headers), cell margins
    floors, wants = [], []
    for i, (_key, label) in enumerate(table.columns):
        texts = [r[i] for r in rows]
        header_word = bold * max(len(w) for w in label.split())
        longest_word = per_char * max([len(w) for t in texts for w in t.split()] + [0])
        longest_text = per_char * max(len(t) for t in texts)
        floors.append(min(max(header_word, longest_word), 3.2) + padding)
        wants.append(max(header_word, min(longest_text, 9.5)) + padding)
    if sum(floors) >= TEXT_WIDTH_CM:
        widths = [f * TEXT_WIDTH_CM / sum(floors) for f in floors]
    elif sum(wants) <= TEXT_WIDTH_CM:
        widths = [w * TEXT_WIDTH_CM / sum(wants) for w in wants]
    else:
        spare, extra = TEXT_WIDTH_CM - sum(floors), [w - f for w, f in zip(wants, floors, strict=True)]
        widths = [f + spare * e / sum(extra) for f, e in zip(floors, extra, strict=True)]
    return [Cm(w) for w in widths]

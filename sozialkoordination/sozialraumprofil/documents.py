"""The Sozialraumprofil as a Word document: facts, key indicators, charts and map, actors, networks, meetings,
open tasks, participation and volunteering, with the sources and the date – in the app's district-office layout."""

from __future__ import annotations

import io
from pathlib import Path
from typing import TYPE_CHECKING

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt, RGBColor

from sozialkoordination.core.enums import AreaLevel
from sozialkoordination.core.formatting import german_date, german_number
from sozialkoordination.core.letters import SenderProfile
from sozialkoordination.documents import word

if TYPE_CHECKING:
    from sozialkoordination.sozialraumprofil.dto import ProfileData

PARTICIPATION_YEARS = 5  # columns of the participation table
SMALL_TABLE_ROWS = 15  # tables up to this size are never split across pages
OVERDUE = RGBColor(0xB0, 0x2A, 0x1E)
LICENCE = (
    "Kartengrundlage: © GeoBasis-DE / BKG 2025 (Daten verändert), Datenlizenz Deutschland – Namensnennung – "
    "Version 2.0 (www.govdata.de/dl-de/by-2-0)."
)


def write_profile(path: Path, data: ProfileData, sender: SenderProfile | None = None) -> None:
    area = data.area
    is_region = area.level == AreaLevel.SOZIALREGION
    kind = "Sozialregion" if is_region else "Sozialraum"
    doc = word.office_document(f"Sozialraumprofil {area.name}", sender, "Sozialraumprofil", "Bericht")
    kicker = f"SOZIALRAUMPROFIL · {kind.upper()}"
    if not is_region and data.region:
        kicker += f" · SOZIALREGION {data.region.name.upper()}"
    word.title_block(doc, kicker, area.name, f"Kennzahlen, Akteure und Aktivitäten – Stand {german_date(data.today)}")
    facts = [(kind, area.name)]
    if is_region:
        facts.append(("Sozialräume", ", ".join(r.name for r in data.raeume)))
    elif data.region:
        facts.append(("Sozialregion", data.region.name))
    if data.gemeinden and (is_region or len(data.gemeinden) > 1):
        facts.append(("Gemeinden", ", ".join(sorted(data.gemeinden))))
    if data.population is not None:
        pop = data.population
        text = f"{pop.value} (Stand {german_date(pop.latest.reference_date)})"
        facts.append(("Bevölkerung", text + (f", {pop.change}" if pop.change else "")))
    facts.append(("Akteure", f"{data.organisations} Organisationen in {len(data.actor_types)} Arten"))
    facts.append(("Erstellt", f"{german_date(data.today)}" + (f" von {data.user_name}" if data.user_name else "")))
    word.fact_table(doc, facts)

    _indicator_section(doc, data)
    if data.map_png:  # the map fits below the overview table: the first page shows where the area stands
        word.heading(doc, "Karte", level=2)
        _picture(doc, data.map_png, data.map_caption)
    _chart_section(doc, data)
    _actor_section(doc, data)
    _gap_section(doc, data)
    _network_section(doc, data)
    _meeting_section(doc, data)
    _task_section(doc, data)
    _participation_section(doc, data)
    _volunteering_section(doc, data)
    _chain_section(doc, data)
    _sources(doc, data)
    for table in doc.tables:
        if len(table.rows) <= SMALL_TABLE_ROWS:
            word.keep_together(table)
    word.save(doc, path)


def _indicator_section(doc, data: ProfileData) -> None:
    word.heading(doc, "Kennzahlen im Überblick", level=1)
    if not data.indicators:
        doc.add_paragraph(
            "Für dieses Gebiet liegen noch keine Kennzahlen vor. Kennzahlen lassen sich unter "
            "„Kennzahlen → Importieren …“ aus Excel- oder CSV-Tabellen übernehmen."
        )
        return
    table = _table(
        doc,
        ["Kennzahl", "Stichtag", "Wert", "Entwicklung", "Landkreis", "Einordnung"],
        [Cm(4.0), Cm(2.3), Cm(1.9), Cm(3.0), Cm(2.3), Cm(3.0)],
    )
    for line in data.indicators:
        cells = _row(table)
        unit = line.indicator.unit_text
        _cell(cells[0], line.indicator.name, unit)
        _cell(cells[1], german_date(line.latest.reference_date))
        _cell(cells[2], line.value, align=WD_ALIGN_PARAGRAPH.RIGHT)
        _cell(cells[3], line.change)
        _cell(cells[4], line.landkreis_text, align=WD_ALIGN_PARAGRAPH.RIGHT)
        _cell(cells[5], line.assessment)
    note = doc.add_paragraph()
    word.small(
        note,
        f"Werte unter {data.limit} Personen stehen als „< {data.limit}“ da (Schutz kleiner Fallzahlen). Quoten "
        "sind aus Zähler und Nenner berechnet, nie gemittelt; Werte größerer Gebiete sind, wo kein eigener Wert "
        "vorliegt, aus den Gemeinden bzw. Sozialräumen summiert. Landkreis: die 18 Sozialräume ohne Stadt Göttingen.",
    )
    if data.raum_table:
        word.heading(doc, "Die Sozialräume der Region", level=2)
        names = [line.indicator.name for line in data.indicators]
        width = 11.5 / max(len(names), 1)
        table = _table(doc, ["Sozialraum", *names], [Cm(5.0), *[Cm(width) for _ in names]])
        for raum, values in data.raum_table:
            cells = _row(table)
            _cell(cells[0], raum)
            for cell, value in zip(cells[1:], values, strict=False):
                _cell(cell, value, align=WD_ALIGN_PARAGRAPH.RIGHT)


def _chart_section(doc, data: ProfileData) -> None:
    if not data.charts:
        return
    word.heading(doc, "Entwicklung und Vergleich", level=1)
    last = None
    for title, caption, png in data.charts:
        if title != last:
            word.heading(doc, title, level=2)
            last = title
        _picture(doc, png, caption)


def _picture(doc, png: bytes, caption: str) -> None:
    paragraph = doc.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.keep_with_next = True
    paragraph.add_run().add_picture(io.BytesIO(png), width=Cm(16))
    below = doc.add_paragraph()
    word.small(below, caption)
    below.paragraph_format.space_after = Pt(10)


def _actor_section(doc, data: ProfileData) -> None:
    word.heading(doc, "Akteure nach Art", level=1)
    if not data.actor_types:
        doc.add_paragraph("Im Gebiet sind noch keine Organisationen erfasst.")
    else:
        table = _table(doc, ["Art", "Anzahl"], [Cm(9.0), Cm(2.5)])
        for kind, count in data.actor_types:
            cells = _row(table)
            _cell(cells[0], kind)
            _cell(cells[1], german_number(count), align=WD_ALIGN_PARAGRAPH.RIGHT)
    if data.area.level == AreaLevel.SOZIALRAUM and (data.missing_types or data.missing_kinds):
        parts = []
        if data.missing_types:
            parts.append(", ".join(data.missing_types))
        if data.missing_kinds:
            phases = f" (für {', '.join(data.gap_phases)})" if data.gap_phases else ""
            parts.append("Angebote: " + ", ".join(data.missing_kinds) + phases)
        paragraph = doc.add_paragraph()
        paragraph.paragraph_format.space_before = Pt(6)
        word.small(paragraph, "Nicht vertreten (weiße Flecken): " + "; ".join(parts) + ".")


def _gap_section(doc, data: ProfileData) -> None:
    """Weiße Flecken je Sozialraum of a region: the chosen kinds as rows, the Sozialräume as columns (a region has
    few Sozialräume, so the table fits the portrait page however many kinds count). A gap says "fehlt" in bold:
    readable in black-and-white print."""
    if not data.gap_tables or not data.raeume:
        return
    word.heading(doc, "Weiße Flecken je Sozialraum", level=1)
    phases = f" – nur Angebote für {', '.join(data.gap_phases)}" if data.gap_phases else ""
    doc.add_paragraph(
        "Was jeder Sozialraum haben sollte, wie unter „Netzwerke → Weiße Flecken → Was zählt?“ gewählt. Akteure "
        "zählen in ihrem Sozialraum, Angebote im Sozialraum, in dem sie stattfinden, solange sie laufen"
        f"{phases}. „fehlt“: keiner dieser Art im Sozialraum."
    ).paragraph_format.keep_with_next = True
    names = [raum for raum, _counts in data.gap_tables[0][1].rows]
    label_width = 5.0
    width = min(3.0, (word.TEXT_WIDTH_CM - label_width) / max(len(names), 1))
    table = _table(doc, ["Art", *names], [Cm(label_width), *[Cm(width) for _ in names]])
    missing = [0] * len(names)
    for group, gaps in data.gap_tables:
        heading = _row(table)
        merged = heading[0].merge(heading[-1])
        run = merged.paragraphs[0].add_run(group)
        run.bold, run.font.size = True, Pt(9.5)
        by_raum = dict(gaps.rows)
        for index, column in enumerate(gaps.columns):
            cells = _row(table)
            _cell(cells[0], column)
            for position, (cell, raum) in enumerate(zip(cells[1:], names, strict=True)):
                count = by_raum[raum][index]
                if count:
                    _cell(cell, german_number(count), align=WD_ALIGN_PARAGRAPH.CENTER)
                else:
                    missing[position] += 1
                    _cell(cell, "fehlt", align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)
    cells = _row(table)
    _cell(cells[0], "Weiße Flecken", bold=True)
    for cell, n in zip(cells[1:], missing, strict=True):
        _cell(cell, german_number(n), align=WD_ALIGN_PARAGRAPH.CENTER, bold=True)


def _network_section(doc, data: ProfileData) -> None:
    word.heading(doc, "Netzwerke", level=1)
    if not data.networks:
        doc.add_paragraph("Im Gebiet sind keine Netzwerke erfasst.")
        return
    table = _table(doc, ["Netzwerk", "Art", "Gebiet", "Mitglieder (aktiv)"], [Cm(7.0), Cm(3.2), Cm(3.8), Cm(2.5)])
    for name, kind, area, active in data.networks:
        cells = _row(table)
        for cell, text in zip(cells, (name, kind, area), strict=False):
            _cell(cell, text)
        _cell(cells[3], german_number(active), align=WD_ALIGN_PARAGRAPH.RIGHT)


def _meeting_section(doc, data: ProfileData) -> None:
    word.heading(doc, "Sitzungen der letzten zwölf Monate", level=1)
    if not data.meetings:
        doc.add_paragraph("In den letzten zwölf Monaten fanden im Gebiet keine erfassten Sitzungen statt.")
        return
    counts: dict[str, int] = {}
    for _day, kind, _title, _area in data.meetings:
        counts[kind] = counts.get(kind, 0) + 1
    doc.add_paragraph(
        f"{len(data.meetings)} Sitzungen: " + ", ".join(f"{n} × {kind}" for kind, n in sorted(counts.items())) + "."
    ).paragraph_format.keep_with_next = True
    table = _table(doc, ["Datum", "Art", "Titel"], [Cm(2.5), Cm(4.2), Cm(9.8)])
    for day, kind, title, _area in data.meetings:
        cells = _row(table)
        for cell, text in zip(cells, (german_date(day), kind, title), strict=True):
            _cell(cell, text)


def _task_section(doc, data: ProfileData) -> None:
    word.heading(doc, "Offene Aufgaben", level=1)
    if not data.open_tasks:
        doc.add_paragraph("Keine offenen Aufgaben.")
        return
    overdue = sum(1 for t in data.open_tasks if t[3])
    doc.add_paragraph(
        f"{len(data.open_tasks)} offene Aufgaben" + (f", davon {overdue} überfällig." if overdue else ".")
    ).paragraph_format.keep_with_next = True
    table = _table(doc, ["Wer", "Was", "Bis wann"], [Cm(5.0), Cm(9.0), Cm(2.5)])
    for who, what, due, late in sorted(data.open_tasks, key=lambda t: (t[2] is None, t[2] or data.today)):
        cells = _row(table)
        _cell(cells[0], who)
        _cell(cells[1], what)
        _cell(cells[2], german_date(due) + (" (überfällig)" if late else ""), colour=OVERDUE if late else None)


def _participation_section(doc, data: ProfileData) -> None:
    from sozialkoordination.participation.dto import RESPONSES

    word.heading(doc, "Bürgerbeteiligung", level=1)
    if not data.participation:
        doc.add_paragraph("Im Gebiet sind keine Beteiligungsformate erfasst.")
        return
    paragraph = doc.add_paragraph()
    word.small(paragraph, "Formate und Teilnehmende je Jahr; die gesammelten Vorschläge nach ihrer Antwort.")
    paragraph.paragraph_format.keep_with_next = True
    # Years as columns, measures as rows: the labels stay readable however many answers there are.
    years = data.participation[-PARTICIPATION_YEARS:]
    label_width = 6.5
    year_width = min(2.5, (word.TEXT_WIDTH_CM - label_width) / max(len(years), 1))
    headers = ["Beteiligung", *[str(year) if year else "ohne Datum" for year, *_ in years]]
    table = _table(doc, headers, [Cm(label_width), *[Cm(year_width) for _ in years]])
    labels = ["Formate", "Teilnehmende", *[f"Vorschläge {r}" for r in RESPONSES]]
    for index, label in enumerate(labels, start=1):
        cells = _row(table)
        _cell(cells[0], label)
        for cell, (_year, *numbers) in zip(cells[1:], years, strict=True):
            _cell(cell, german_number(numbers[index - 1]), align=WD_ALIGN_PARAGRAPH.RIGHT)
    if len(data.participation) > len(years):
        paragraph = doc.add_paragraph()
        word.small(paragraph, f"Die letzten {len(years)} Jahre; frühere in der Übersicht der Bürgerbeteiligung.")


def _volunteering_section(doc, data: ProfileData) -> None:
    word.heading(doc, "Ehrenamt", level=1)
    table = _table(doc, ["Ehrenamt in Zahlen", "Anzahl"], [Cm(9.0), Cm(2.5)])
    for label, n in data.volunteering.items():
        cells = _row(table)
        _cell(cells[0], label)
        _cell(cells[1], german_number(n), align=WD_ALIGN_PARAGRAPH.RIGHT)


def _chain_section(doc, data: ProfileData) -> None:
    """The Präventionskette of the Sozialraum: per life phase the offers, the Gemeinden without one, and where high
    need meets no offer."""
    chain = data.chain
    if chain is None:
        return
    word.heading(doc, "Präventionskette", level=1)
    doc.add_paragraph(
        "Angebote für jede Lebensphase in den Gemeinden des Sozialraums. Ein Angebot zählt in jedem Gebiet, das es "
        "erreicht, solange es läuft."
        + (
            f" Bedarf gemessen an: {chain.need_name}; hoch heißt über dem Landkreis ({chain.district_need})."
            if chain.need_name
            else ""
        )
    )
    table = _table(
        doc,
        ["Lebensphase", "Angebote", "im Landkreis", "Gemeinden ohne Angebot", "Hoher Bedarf, kein Angebot"],
        [Cm(3.2), Cm(2.2), Cm(2.2), Cm(4.4), Cm(3.6)],
    )
    for code, label in chain.phases:
        cells_of_phase = [(area, chain.cell(code, area.key)) for area in chain.areas]
        offers = {i for _area, cell in cells_of_phase for i in cell.angebot_ids}
        empty = [area.name for area, cell in cells_of_phase if cell.count == 0]
        alert = [area.name for area, cell in cells_of_phase if cell.high_need_low_supply]
        cells = _row(table)
        _cell(cells[0], label)
        _cell(cells[1], german_number(len(offers)), align=WD_ALIGN_PARAGRAPH.RIGHT)
        _cell(cells[2], german_number(chain.district_counts.get(code, 0)), align=WD_ALIGN_PARAGRAPH.RIGHT)
        _cell(cells[3], ", ".join(empty) if empty else "–")
        _cell(cells[4], ", ".join(alert) if alert else "–")


def _sources(doc, data: ProfileData) -> None:
    """In small type and kept together with its heading: the last page never holds a lone line of sources."""
    word.heading(doc, "Quellen", level=1)
    lines = [
        *data.sources,
        LICENCE,
        "Akteure, Netzwerke, Sitzungen, Aufgaben, Beteiligung und Ehrenamt: Datenbank "
        f"der Sozialkoordination, Stand {german_date(data.today)}.",
    ]
    for number, text in enumerate(lines, start=1):
        paragraph = doc.add_paragraph(style="List Bullet")
        word.small(paragraph, text)
        paragraph.paragraph_format.space_after = Pt(2)
        paragraph.paragraph_format.keep_with_next = number < len(lines)


def _table(doc, headers: list[str], widths: list):
    """The app's table with a header in the body's size: narrow numeric columns keep their titles on one line."""
    table = word.table(doc, headers, widths)
    for cell in table.rows[0].cells:
        for run in cell.paragraphs[0].runs:
            run.font.size = Pt(9.5)
    return table


def _row(table) -> list:
    """A new row whose cells keep the header's widths (Word and LibreOffice otherwise squeeze the columns)."""
    cells = table.add_row().cells
    for cell, head in zip(cells, table.rows[0].cells, strict=True):
        cell.width = head.width
    return cells


def _cell(
    cell, text: str, small_text: str | None = None, align=None, colour: RGBColor | None = None, bold: bool = False
) -> None:
    paragraph = cell.paragraphs[0]
    paragraph.paragraph_format.space_after = Pt(1)
    if align is not None:
        paragraph.alignment = align
    run = paragraph.add_run(text or "")
    run.font.size = Pt(9.5)
    run.bold = bold or None
    if colour is not None:
        run.font.color.rgb = colour
    if small_text:
        extra = cell.add_paragraph()
        extra.paragraph_format.space_after = Pt(1)
        word.small(extra, small_text)

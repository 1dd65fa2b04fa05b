"""The Präventionskette as an Excel sheet: one row per life phase and area, with the number of offers, the group,
offers per 1,000 and the finding in words."""

from __future__ import annotations

from pathlib import Path

from sozialkoordination.core.progress import Progress
from sozialkoordination.documents.tables import Column, write_table
from sozialkoordination.offers.dto import ChainCell, ChainData

CHAIN_COLUMNS = [
    Column("Lebensphase", "text", 30),
    Column("Gebiet", "text", 26),
    Column("Angebote", "int", 10),
    Column("Angebote im Landkreis", "int", 12),
    Column("Landkreis je 1.000", "text", 12),
    Column("Zielgruppe (Personen)", "text", 14),
    Column("Angebote je 1.000", "text", 12),
    Column("Bedarf", "text", 12),
    Column("Hinweis", "text", 34),
]


def finding(cell: ChainCell) -> str:
    """The cell's finding in words (the screen adds a symbol)."""
    if cell.high_need_low_supply:
        return "hoher Bedarf, kein Angebot"
    if cell.count == 0:
        return "kein Angebot"
    if cell.count == 1:
        return "dünn (ein Angebot), hoher Bedarf" if cell.high_need else "dünn (ein Angebot)"
    return ""


def write_chain(path: Path, chain: ChainData, progress: Progress | None = None) -> int:
    rows = []
    for code, label in chain.phases:
        for area in chain.areas:
            cell = chain.cell(code, area.key)
            rows.append(
                [
                    label,
                    area.name,
                    cell.count,
                    chain.district_counts.get(code, 0),
                    chain.district_per_1000.get(code, "–"),
                    cell.population_text,
                    cell.per_1000_text,
                    area.need_text,
                    finding(cell),
                ]
            )
    return write_table(path, CHAIN_COLUMNS, rows, len(rows), sheet_name="Präventionskette", progress=progress)

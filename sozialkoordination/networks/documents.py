"""The member list of a network as a Word document, for the network's own mailing and meetings."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from docx.shared import Cm, Pt

from sozialkoordination.core.formatting import german_date
from sozialkoordination.core.letters import SenderProfile
from sozialkoordination.documents import word

if TYPE_CHECKING:
    from sozialkoordination.networks.dto import MemberRow


def write_member_list(
    path: Path,
    name: str,
    description: str | None,
    members: list[MemberRow],
    today: date,
    sender: SenderProfile | None = None,
) -> None:
    doc = word.office_document(name, sender, "Netzwerke")
    word.title_block(doc, "NETZWERK", "Mitgliederliste", name)
    facts = [("Stand", german_date(today)), ("Mitglieder", str(len(members)))]
    if description:
        facts.append(("Beschreibung", description))
    word.fact_table(doc, facts)
    widths = [Cm(3.8), Cm(3.4), Cm(2.0), Cm(4.6), Cm(2.7)]  # room for e-mail addresses on one line
    table = word.table(doc, ["Name", "Organisation / Art", "Rolle", "E-Mail / Telefon", "Anschrift"], widths)
    for member in members:
        cells = table.add_row().cells
        cells[0].text = member.name
        cells[1].text = member.organisation or ""
        cells[2].text = member.role or ""
        cells[3].text = "\n".join(p for p in (member.contact.email, member.contact.phone) if p)
        street = " ".join(p for p in (member.contact.street, member.contact.house_number) if p)
        place = " ".join(p for p in (member.contact.postcode, member.contact.city) if p)
        cells[4].text = "\n".join(p for p in (street, place) if p)
        for cell in cells:
            for paragraph in cell.paragraphs:
                for run in paragraph.runs:
                    run.font.size = Pt(9.5)
    note = doc.add_paragraph(
        "Diese Liste enthält personenbezogene Daten. Bitte nur für die Arbeit des Netzwerks verwenden und nicht "
        "weitergeben."
    )
    note.paragraph_format.space_before = Pt(8)
    for run in note.runs:
        run.font.size, run.font.color.rgb = Pt(8), word.GREY
    word.save(doc, path)

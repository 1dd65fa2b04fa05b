"""The Word summary of one participation activity for the Gemeinde: what, who, how many, results, next steps."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from docx.shared import Cm

from sozialkoordination.core.formatting import german_date, german_number
from sozialkoordination.core.letters import SenderProfile
from sozialkoordination.documents import word

if TYPE_CHECKING:
    from sozialkoordination.participation.dto import ActivityData, ProposalRow


def write_summary(
    path: Path,
    activity: ActivityData,
    sozialraum: str | None,
    organiser: str | None,
    partners: list[str],
    proposals: list[ProposalRow],
    today: date,
    sender: SenderProfile | None = None,
) -> None:
    doc = word.office_document(activity.title, sender, "Bürgerbeteiligung", "Bericht")
    where = ", ".join(p for p in (activity.ortschaft, sozialraum and f"Sozialraum {sozialraum}") if p)
    word.title_block(doc, f"{activity.format.upper()} · {where}".rstrip(" ·"), "Zusammenfassung", activity.title)
    when = german_date(activity.starts_on)
    if activity.ends_on and activity.ends_on != activity.starts_on:
        when = f"{when} bis {german_date(activity.ends_on)}"
    channels = [
        (activity.participants_on_site, "vor Ort"),
        (activity.participants_online, "online"),
        (activity.participants_paper, "auf Papier"),
    ]
    counted = ", ".join(f"{n} {label}" for n, label in channels if n)
    participants = f"{activity.participants} ({counted})" if activity.participants else "nicht erfasst"
    facts = [
        ("Was", f"{activity.format}" + (f" zum Thema {activity.topic}" if activity.topic else "")),
        ("Wann", when),
        ("Wo", where),
        (
            "Wer",
            "; ".join(
                p
                for p in (organiser and f"Veranstaltet von {organiser}", partners and "Partner: " + ", ".join(partners))
                if p
            ),
        ),
        ("Zielgruppen", activity.target_groups or ""),
        ("Teilnehmende", participants),
        ("Stand", f"{activity.status}, {german_date(today)}"),
    ]
    word.fact_table(doc, [(k, v) for k, v in facts if v])
    word.heading(doc, "Ergebnisse", level=2)
    if not proposals:
        doc.add_paragraph("Es wurden noch keine Vorschläge erfasst.")
    else:
        counts = {}
        for p in proposals:
            counts[p.response_status] = counts.get(p.response_status, 0) + 1
        noun = "Vorschlag" if len(proposals) == 1 else "Vorschläge"
        doc.add_paragraph(
            f"{len(proposals)} {noun}: " + ", ".join(f"{n} {status}" for status, n in counts.items()) + "."
        )
        table = word.table(
            doc,
            ["Vorschlag", "Antwort", "Zuständig", "Kosten", "Fortschritt"],
            [Cm(6.5), Cm(2.4), Cm(3.6), Cm(2.0), Cm(2.0)],
        )
        for p in proposals:
            cells = table.add_row().cells
            cells[0].text = p.text
            cells[1].text = p.response_status
            cells[2].text = p.responsible
            cells[3].text = f"{german_number(p.estimated_cost, 0)} €" if p.estimated_cost is not None else ""
            cells[4].text = f"{p.progress_percent} %"
        if len(proposals) <= 15:
            word.keep_together(table)
    steps = [(p, m) for p in proposals for m in p.milestones if not m[3]]
    tasks = [(p, t) for p in proposals for t in p.tasks if not t.endswith("(erledigt)")]
    word.heading(doc, "Nächste Schritte", level=2)
    if not steps and not tasks:
        doc.add_paragraph("Keine offenen Schritte.")
    for proposal, (_id, title, due, _done) in steps:
        doc.add_paragraph(
            f"{title}" + (f" – bis {german_date(due)}" if due else "") + f" ({_short(proposal.text)})",
            style="List Bullet",
        )
    for proposal, task in tasks:
        doc.add_paragraph(f"{task} ({_short(proposal.text)})", style="List Bullet")
    if activity.documents:
        word.heading(doc, "Unterlagen", level=2)
        for line in activity.documents.splitlines():
            if line.strip():
                doc.add_paragraph(line.strip(), style="List Bullet")
    word.save(doc, path)


def _short(text: str, length: int = 60) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"

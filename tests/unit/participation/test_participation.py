"""Citizen participation: activities, proposals with response, cost, progress and milestones, tasks created from
them, the overview per Sozialraum, the Excel export and the Word summary read back."""

from datetime import date
from decimal import Decimal

import docx
import openpyxl
import pytest

from sozialkoordination.actors.service import OrganisationData
from sozialkoordination.core.errors import ValidationError
from sozialkoordination.meetings.dto import TaskFilter
from sozialkoordination.participation.dto import ActivityData, ProposalData
from sozialkoordination.participation.service import ParticipationService

TODAY = date(2026, 5, 1)


@pytest.fixture
def setup(context):
    service = ParticipationService(context.session_factory, today=lambda: TODAY)
    gemeinde = context.actors.save_organisation(OrganisationData(name="Flecken Bovenden", org_type="Kommune"))
    verein = context.actors.save_organisation(OrganisationData(name="Heimatverein Lenglern"))
    raum = context.areas.find_sozialraum("Bovenden").id
    return service, gemeinde, verein, raum


def test_activity_with_results_overview_and_documents(context, setup, tmp_path):
    service, gemeinde, verein, raum = setup
    with pytest.raises(ValidationError) as error:
        service.save(
            ActivityData(
                title="",
                status="vielleicht",
                starts_on=date(2026, 3, 2),
                ends_on=date(2026, 3, 1),
                participants_online=-1,
            )
        )
    assert set(error.value.fields) == {"title", "status", "ends_on", "participants_online"}
    activity = service.save(
        ActivityData(
            format="Zukunftswerkstatt",
            title="Dorfzukunft Lenglern",
            topic="Treffpunkte im Dorf",
            sozialraum_id=raum,
            ortschaft="Lenglern",
            starts_on=date(2026, 3, 14),
            organiser_organisation_id=gemeinde,
            partner_ids=[verein],
            target_groups="Familien, Ältere",
            participants_on_site=42,
            participants_online=17,
            status="abgeschlossen",
            documents="Fotoprotokoll.pdf",
        )
    )
    assert service.get(activity).participants == 59
    assert service.get(activity).partner_ids == [verein]
    bank = service.save_proposal(activity, ProposalData("Bänke am Dorfteich", "angenommen", gemeinde, Decimal("1800")))
    cafe = service.save_proposal(activity, ProposalData("Ein Dorfcafé einmal im Monat", "in Prüfung", verein))
    service.save_proposal(activity, ProposalData("Skatepark", "abgelehnt", gemeinde))
    with pytest.raises(ValidationError):
        service.save_proposal(activity, ProposalData("", progress_percent=120))
    first = service.add_milestone(bank, "Standorte festlegen", date(2026, 6, 1))
    service.add_milestone(bank, "Bänke aufstellen", date(2026, 9, 1))
    service.milestone_done(first, date(2026, 5, 20))
    task = service.add_task(cafe, "Räume im Dorfgemeinschaftshaus anfragen", verein, date(2026, 6, 15))
    rows = {r.text: r for r in service.proposals(activity)}
    assert rows["Bänke am Dorfteich"].progress_percent == 50  # one of two milestones done
    assert [m[1] for m in rows["Bänke am Dorfteich"].milestones] == ["Standorte festlegen", "Bänke aufstellen"]
    assert rows["Ein Dorfcafé einmal im Monat"].tasks == ["Räume im Dorfgemeinschaftshaus anfragen"]
    assert [t.id for t in context.meetings.tasks(TaskFilter(sozialraum_id=raum))] == [task]  # in the task overview
    service.save_proposal(activity, ProposalData("Skatepark", "umgesetzt", gemeinde, id=rows["Skatepark"].id))
    assert {r.text: r.progress_percent for r in service.proposals(activity)}["Skatepark"] == 100

    assert service.overview() == [("Bovenden", 2026, 1, 59, 1, 1, 0, 1)]  # in Prüfung, angenommen, abgelehnt, umg.

    assert service.export(tmp_path / "beteiligung.xlsx") == 3
    book = openpyxl.load_workbook(tmp_path / "beteiligung.xlsx")
    assert book.sheetnames == ["Übersicht", "Vorschläge"]
    proposals = list(book["Vorschläge"].iter_rows(min_row=2, values_only=True))
    assert ("Bänke am Dorfteich", "angenommen", "Flecken Bovenden", 1800, 50) in [
        (r[3], r[4], r[5], r[6], r[7]) for r in proposals
    ]

    service.write_summary(activity, tmp_path / "zusammenfassung.docx")
    document = docx.Document(tmp_path / "zusammenfassung.docx")
    text = "\n".join(
        [p.text for p in document.paragraphs] + [c.text for t in document.tables for r in t.rows for c in r.cells]
    )
    assert "Zusammenfassung" in text and "Dorfzukunft Lenglern" in text
    assert "59 (42 vor Ort, 17 online)" in text
    assert "Veranstaltet von Flecken Bovenden; Partner: Heimatverein Lenglern" in text
    assert "3 Vorschläge: 1 angenommen, 1 in Prüfung, 1 umgesetzt." in text
    assert "Bänke aufstellen – bis 01.09.2026 (Bänke am Dorfteich)" in text
    assert "Räume im Dorfgemeinschaftshaus anfragen (Ein Dorfcafé einmal im Monat)" in text

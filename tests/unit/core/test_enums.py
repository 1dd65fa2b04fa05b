"""The enums' values are the texts stored in existing databases and exchange packages: they must never change."""

import json

import pytest
from sqlcipher3 import dbapi2 as sqlite  # the app's driver: the standard library's must not be loaded

from sozialkoordination.core import enums
from sozialkoordination.core.enums import AreaLevel, InvitationReply, MinutesStatus

STORED = {
    enums.AreaLevel: ("gemeinde", "sozialraum", "sozialregion", "landkreis"),
    enums.SozialraumKind: ("Einheitsgemeinde", "Samtgemeinde"),
    enums.ProjectKind: ("Teilprojekt", "Baustein"),
    enums.ActorKind: ("organisation", "person"),
    enums.MeetingKind: (
        "Regionales Sozialforum",
        "Sozialraumkonferenz",
        "Arbeitskreis",
        "Steuerungsgruppe",
        "Sonstige Sitzung",
    ),
    enums.MinutesStatus: ("Entwurf", "versendet", "genehmigt"),
    enums.AgendaItemKind: ("Information", "Diskussion", "Beschluss"),
    enums.InvitationReply: ("eingeladen", "zugesagt", "abgesagt", "vertreten"),
    enums.TaskStatus: ("offen", "erledigt"),
    enums.BudgetStatus: ("eingereicht", "beraten", "bewilligt", "abgelehnt", "abgerechnet"),
    enums.BudgetRecommendation: ("befürwortet", "abgelehnt", "zurückgestellt"),
    enums.ParticipationStatus: ("geplant", "laufend", "abgeschlossen"),
    enums.ProposalResponse: ("in Prüfung", "angenommen", "abgelehnt", "umgesetzt"),
    enums.OfferStatus: ("offen", "besetzt", "pausiert", "beendet"),
    enums.PlacementStatus: ("angefragt", "vermittelt", "aktiv", "pausiert", "beendet"),
    enums.TimePattern: ("regelmäßig", "einmalig", "flexibel"),
    enums.ConsentPurpose: (
        "Einladungen",
        "Weitergabe an Netzwerkpartner",
        "Newsletter",
        "Fotos",
        "Ehrenamtsvermittlung",
    ),
    enums.RelationKind: (
        "Kooperation",
        "Trägerschaft",
        "Ansprechpartner*in",
        "Vermittlung",
        "Finanzierung",
        "Sonstige",
    ),
    enums.IndicatorKind: ("count", "rate"),
    enums.IndicatorDirection: ("neutral", "higher_better", "higher_worse"),
    enums.ImportKind: ("actors", "indicators"),
    enums.AuditAction: ("insert", "update", "delete", "erase"),
    enums.ImportChangeAction: ("created", "merged", "merged_in_file"),
}


@pytest.mark.parametrize("enum", list(STORED), ids=lambda e: e.__name__)
def test_values_are_the_stored_texts_in_the_order_choices_are_offered(enum):
    assert tuple(enum) == STORED[enum]


def test_every_enum_of_the_module_is_pinned_here():
    declared = {v for v in vars(enums).values() if isinstance(v, type) and issubclass(v, enums.StrEnum)}
    assert declared - {enums.StrEnum} == set(STORED)


def test_a_member_is_its_stored_string_everywhere_it_goes():
    assert AreaLevel.SOZIALRAUM == "sozialraum" and f"{AreaLevel.SOZIALRAUM}" == "sozialraum"
    assert {"sozialraum": 1}[AreaLevel.SOZIALRAUM] == 1 and {AreaLevel.SOZIALRAUM: 1}["sozialraum"] == 1
    assert json.dumps({"level": AreaLevel.GEMEINDE}) == '{"level": "gemeinde"}'
    assert f"{InvitationReply.REPRESENTED} durch" == "vertreten durch"
    with sqlite.connect(":memory:") as db:
        db.execute("CREATE TABLE t (status TEXT)")
        db.execute("INSERT INTO t VALUES (?)", (MinutesStatus.APPROVED,))
        assert db.execute("SELECT status, typeof(status) FROM t WHERE status = ?", ("genehmigt",)).fetchall() == [
            ("genehmigt", "text")
        ]

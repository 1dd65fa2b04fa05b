"""Connections and measures on a constructed example with known answers.

    Kita A ── Anna (works for Kita A) ── Sitzung X ── Bernd ── (works for) Schule B
    Schule B ── Netzwerk N ── Verein C;  Verein C ── Kooperation (by hand, until 2025) ── Jugendpflege D
    Eva: no connection at all.

Anna and Bernd bridge the group (removing one splits it); Schule B is the most connected organisation."""

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from sozialkoordination.actors.connections import ORG, PERSON, ConnectionService, GraphScope, RelationshipData, layout
from sozialkoordination.actors.service import AffiliationData, OrganisationData, PersonData
from sozialkoordination.core.errors import ValidationError
from sozialkoordination.models import Attendance, Meeting, Network, NetworkMembership


@pytest.fixture
def example(context):
    a = context.actors
    raum = context.areas.find_sozialraum("Bovenden").id
    ids = {
        "kita": a.save_organisation(OrganisationData(name="Kita A", org_type="Kita", sozialraum_id=raum)),
        "schule": a.save_organisation(OrganisationData(name="Schule B", org_type="Schule", sozialraum_id=raum)),
        "verein": a.save_organisation(OrganisationData(name="Verein C", org_type="Verein", sozialraum_id=raum)),
        "jugend": a.save_organisation(
            OrganisationData(name="Jugendpflege D", org_type="Jugendpflege", sozialraum_id=raum)
        ),
    }
    ids["anna"] = a.save_person(
        PersonData(first_name="Anna", last_name="A", affiliations=[AffiliationData(ids["kita"])])
    )
    ids["bernd"] = a.save_person(
        PersonData(first_name="Bernd", last_name="B", affiliations=[AffiliationData(ids["schule"])])
    )
    ids["eva"] = a.save_person(PersonData(first_name="Eva", last_name="E", sozialraum_id=raum))
    with context.session_factory.begin() as s:
        meeting = Meeting(
            meeting_type="Arbeitskreis", title="Sitzung X", level="landkreis", meeting_date=date(2026, 2, 1)
        )
        network = Network(name="Netzwerk N", level="landkreis")
        s.add_all([meeting, network])
        s.flush()
        s.add_all(
            [
                Attendance(meeting_id=meeting.id, person_id=ids["anna"], present=True),
                Attendance(meeting_id=meeting.id, person_id=ids["bernd"], present=True),
                Attendance(meeting_id=meeting.id, person_id=ids["eva"], present=False, excused=True),
                NetworkMembership(network_id=network.id, organisation_id=ids["schule"], valid_from=date(2024, 1, 1)),
                NetworkMembership(network_id=network.id, organisation_id=ids["verein"], valid_from=date(2024, 1, 1)),
            ]
        )
        ids["network"] = network.id
    service = ConnectionService(context.session_factory)
    service.save_relationship(
        RelationshipData((ORG, ids["verein"]), (ORG, ids["jugend"]), "Kooperation", valid_until=date(2025, 12, 31))
    )
    return service, ids


def test_connections_from_data_and_by_hand(context, example):
    service, ids = example
    region = context.areas.find_region("SR-B").id
    graph = service.graph(GraphScope(sozialregion_id=region))
    edges = {frozenset((e.a, e.b)): e.reasons for e in graph.edges.values()}
    assert edges[frozenset(((PERSON, ids["anna"]), (ORG, ids["kita"])))] == {"arbeitet für"}
    assert edges[frozenset(((PERSON, ids["anna"]), (PERSON, ids["bernd"])))] == {"Sitzung Sitzung X"}
    assert edges[frozenset(((ORG, ids["schule"]), (ORG, ids["verein"])))] == {"Netzwerk Netzwerk N"}
    assert edges[frozenset(((ORG, ids["verein"]), (ORG, ids["jugend"])))] == {"Kooperation"}
    assert len(edges) == 5  # Eva was excused: no connection
    measures = service.measures(graph)
    assert dict(measures.most_connected) == {
        "Anna A": 2,
        "Bernd B": 2,
        "Schule B": 2,
        "Verein C": 2,
        "Jugendpflege D": 1,
        "Kita A": 1,
    }
    assert measures.unconnected == ["Eva E"]
    assert set(measures.bridges) == {"Anna A", "Bernd B", "Schule B", "Verein C"}
    assert measures.groups == 1


def test_scope_period_network_centre_and_organisations_only(context, example):
    service, ids = example
    in_2026 = service.graph(GraphScope(since=date(2026, 1, 1)))
    assert frozenset(((ORG, ids["verein"]), (ORG, ids["jugend"]))) not in in_2026.edges  # ended 2025
    network = service.graph(GraphScope(network_id=ids["network"]))
    assert set(network.nodes) == {(ORG, ids["schule"]), (ORG, ids["verein"])}
    centred = service.graph(GraphScope(centre=(PERSON, ids["anna"])))
    assert set(centred.nodes) == {
        (PERSON, ids["anna"]),
        (ORG, ids["kita"]),
        (PERSON, ids["bernd"]),
        (ORG, ids["schule"]),
    }
    orgs = service.graph(GraphScope(organisations_only=True))
    assert all(key[0] == ORG for key in orgs.nodes)
    # Anna and Bernd met: their organisations count as connected
    assert orgs.edges[frozenset(((ORG, ids["kita"]), (ORG, ids["schule"])))].reasons == {"Sitzung Sitzung X"}
    schools = service.graph(GraphScope(org_type="Schule"))
    assert set(schools.nodes) == {(ORG, ids["schule"]), (PERSON, ids["bernd"])}


def test_relationships_by_hand_are_checked_and_listed(example):
    service, ids = example
    with pytest.raises(ValidationError):
        service.save_relationship(RelationshipData((ORG, ids["kita"]), (ORG, ids["kita"]), "Kooperation"))
    with pytest.raises(ValidationError):
        service.save_relationship(RelationshipData((ORG, ids["kita"]), None, ""))
    rows = service.relationships((ORG, ids["jugend"]))
    assert [(r.source, r.target, r.relation_type) for r in rows] == [("Verein C", "Jugendpflege D", "Kooperation")]
    service.delete_relationship(rows[0].id)
    assert service.relationships((ORG, ids["jugend"])) == []


def test_layout_places_every_actor_inside_the_square(example):
    service, _ids = example
    graph = service.graph(GraphScope())
    positions = layout(graph)
    assert set(positions) == set(graph.nodes)
    assert all(-1.0 <= x <= 1.0 and -1.0 <= y <= 1.0 for x, y in positions.values())
    assert layout(graph) == positions  # the same picture every time


_LAYOUT_IN_A_FRESH_PROCESS = """
from sozialkoordination.actors.connections import ORG, PERSON, Edge, Graph, Node, layout
nodes = {(PERSON if i % 3 else ORG, i): Node((PERSON if i % 3 else ORG, i), f"A{i}", None, None) for i in range(40)}
keys = list(nodes)
edges = {}
for i, a in enumerate(keys):  # two rings of 16 and 12 with a few chords, and 12 actors without connection
    if i < 16:
        b = keys[(i + 1) % 16]
    elif i < 28:
        b = keys[16 + (i - 15) % 12]
    else:
        continue
    edges[frozenset((a, b))] = Edge(a, b, {"Sitzung"})
edges[frozenset((keys[0], keys[8]))] = Edge(keys[0], keys[8], {"Netzwerk"})
print(sorted(layout(Graph(nodes, edges)).items()))
"""


def test_layout_is_the_same_picture_in_every_run_of_the_app():
    """Python orders sets differently in each process; the map must not move between two starts of the app."""
    runs = [
        subprocess.run(
            [sys.executable, "-c", _LAYOUT_IN_A_FRESH_PROCESS],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": seed},
            cwd=Path(__file__).resolve().parents[3],
        ).stdout
        for seed in ("1", "2", "3")
    ]
    assert runs[0].startswith("[((") and runs[0] == runs[1] == runs[2]

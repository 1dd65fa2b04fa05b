"""Who is connected to whom: connections from the data that exists (working for an organisation, shared network
membership, attending the same meeting) plus relationships entered by hand; the measures the coordinators ask for
(most connected, unconnected, bridging otherwise separate groups) and a layout for the network map."""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from itertools import combinations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from sozialkoordination.actors.service import person_display_name, primary_organisations
from sozialkoordination.core.enums import ActorKind, RelationKind
from sozialkoordination.core.errors import NotFoundError, ValidationError
from sozialkoordination.core.normalize import clean
from sozialkoordination.models import (
    Affiliation,
    Attendance,
    Meeting,
    Network,
    NetworkMembership,
    Organisation,
    Person,
    Relationship,
    Sozialraum,
)

ORG, PERSON = ActorKind.ORGANISATION, ActorKind.PERSON  # the two ends a relationship can have
# The map's groups (Arten or Sozialräume) told apart by colour and marker shape: ten calm colours readable for
# colour-blind users (Okabe–Ito and Tol), each first as a circle, then as square, triangle and diamond – 40 groups
# before a combination repeats (14 Arten, 19 Sozialräume).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#332288", "#8C564B", "#999933", "#882255")
MARKERS = ("circle", "square", "triangle", "diamond")
MARKER_SYMBOLS = {"circle": "●", "square": "■", "triangle": "▲", "diamond": "◆"}
PERSON_STYLE = ("#B0B7BF", "circle")


def group_styles(groups: list[str]) -> dict[str, tuple[str, str]]:
    """Colour and marker per group, in the given order; no two groups alike up to len(PALETTE) × len(MARKERS)."""
    return {
        group: (PALETTE[n % len(PALETTE)], MARKERS[(n // len(PALETTE)) % len(MARKERS)])
        for n, group in enumerate(groups)
    }


RELATION_TYPES = tuple(RelationKind)  # offered in the form; any other typed kind is kept too


@dataclass(frozen=True)
class GraphScope:
    sozialregion_id: int | None = None
    sozialraum_id: int | None = None  # only actors of this Sozialraum
    network_id: int | None = None  # only the members of this network
    org_type: str | None = None  # only organisations of this type (and their persons)
    since: date | None = None  # connections valid in this period
    until: date | None = None
    centre: tuple[str, int] | None = None  # (kind, id): this actor with its direct and second-degree connections
    organisations_only: bool = False  # persons' connections count for the organisation they work for


@dataclass
class Node:
    key: tuple[str, int]
    label: str
    org_type: str | None
    sozialraum: str | None
    degree: int = 0


@dataclass
class Edge:
    a: tuple[str, int]
    b: tuple[str, int]
    reasons: set[str] = field(default_factory=set)

    @property
    def weight(self) -> int:
        return len(self.reasons)


@dataclass
class Graph:
    nodes: dict[tuple[str, int], Node]
    edges: dict[frozenset, Edge]

    def as_networkx(self):
        import networkx as nx  # imported when used: networkx and numpy would add to every start of the app

        graph = nx.Graph()
        graph.add_nodes_from(self.nodes)
        graph.add_edges_from((e.a, e.b, {"weight": e.weight}) for e in self.edges.values())
        return graph


@dataclass(frozen=True)
class Measures:
    most_connected: list[tuple[str, int]]  # (label, number of connections)
    unconnected: list[str]
    bridges: list[str]  # actors whose removal splits a group into separate parts
    groups: int  # connected groups of two or more actors


@dataclass
class RelationshipData:
    source: tuple[str, int] | None = None
    target: tuple[str, int] | None = None
    relation_type: str = RelationKind.COOPERATION
    directed: bool = False
    note: str | None = None
    valid_from: date | None = None
    valid_until: date | None = None
    id: int | None = None


@dataclass(frozen=True)
class RelationshipRow:
    id: int
    source: str
    target: str
    relation_type: str
    directed: bool
    note: str | None
    valid_from: date | None
    valid_until: date | None


def _overlaps(start: date | None, end: date | None, since: date | None, until: date | None) -> bool:
    return (until is None or start is None or start <= until) and (since is None or end is None or end >= since)


class ConnectionService:
    def __init__(self, session_factory: sessionmaker[Session]):
        self._sf = session_factory

    # -- relationships entered by hand ---------------------------------------------------------
    def save_relationship(self, data: RelationshipData) -> int:
        errors = {}
        if data.source is None or data.target is None:
            errors["target"] = "Bitte wählen Sie beide Akteure der Beziehung."
        elif data.source == data.target:
            errors["target"] = "Eine Beziehung verbindet zwei verschiedene Akteure."
        relation_type = clean(data.relation_type)
        if not relation_type:
            errors["relation_type"] = "Bitte geben Sie die Art der Beziehung an (z. B. Kooperation)."
        if data.valid_from and data.valid_until and data.valid_until < data.valid_from:
            errors["valid_until"] = "Das Ende liegt vor dem Beginn."
        if errors:
            raise ValidationError(errors)
        with self._sf.begin() as s:
            row = s.get(Relationship, data.id) if data.id else Relationship()
            if row is None:
                raise NotFoundError("Diese Beziehung gibt es nicht mehr.")
            s.add(row)
            (skind, sid), (tkind, tid) = data.source, data.target
            row.source_organisation_id, row.source_person_id = (sid, None) if skind == ORG else (None, sid)
            row.target_organisation_id, row.target_person_id = (tid, None) if tkind == ORG else (None, tid)
            row.relation_type, row.directed, row.note = relation_type, data.directed, (data.note or "").strip() or None
            row.valid_from, row.valid_until = data.valid_from, data.valid_until
            s.flush()
            return row.id

    def delete_relationship(self, relationship_id: int) -> None:
        with self._sf.begin() as s:
            row = s.get(Relationship, relationship_id)
            if row is not None:
                s.delete(row)

    def relationships(self, actor: tuple[str, int]) -> list[RelationshipRow]:
        kind, actor_id = actor
        with self._sf() as s:
            if kind == ORG:
                condition = or_(
                    Relationship.source_organisation_id == actor_id, Relationship.target_organisation_id == actor_id
                )
            else:
                condition = or_(Relationship.source_person_id == actor_id, Relationship.target_person_id == actor_id)
            rows = list(s.scalars(select(Relationship).where(condition).order_by(Relationship.id)))
            names = _labels(s, {_ends(r)[i] for r in rows for i in (0, 1)})
            return [
                RelationshipRow(
                    r.id,
                    names[_ends(r)[0]],
                    names[_ends(r)[1]],
                    r.relation_type,
                    r.directed,
                    r.note,
                    r.valid_from,
                    r.valid_until,
                )
                for r in rows
            ]

    # -- the graph -----------------------------------------------------------------------------
    def graph(self, scope: GraphScope) -> Graph:
        with self._sf() as s:
            nodes = self._nodes(s, scope)
            works_for = self._works_for(s)
            edges: dict[frozenset, Edge] = {}

            def node_of(key):
                if scope.organisations_only and key[0] == PERSON and key in works_for:
                    return (ORG, works_for[key])
                return key

            def connect(a, b, reason: str) -> None:
                a, b = node_of(a), node_of(b)
                if a == b or a not in nodes or b not in nodes:
                    return
                edges.setdefault(frozenset((a, b)), Edge(a, b)).reasons.add(reason)

            if not scope.organisations_only:
                for person_id, org_id in s.execute(select(Affiliation.person_id, Affiliation.organisation_id)):
                    connect((PERSON, person_id), (ORG, org_id), "arbeitet für")
            members: dict[int, list] = defaultdict(list)
            network_names = dict(s.execute(select(Network.id, Network.name)).all())
            for m in s.scalars(select(NetworkMembership)):
                if _overlaps(m.valid_from, m.valid_until, scope.since, scope.until):
                    members[m.network_id].append(
                        (ORG, m.organisation_id) if m.organisation_id else (PERSON, m.person_id)
                    )
            for network_id, keys in members.items():
                for a, b in combinations(keys, 2):
                    connect(a, b, f"Netzwerk {network_names[network_id]}")
            present: dict[int, list] = defaultdict(list)
            meeting_stmt = (
                select(Attendance.meeting_id, Attendance.person_id, Meeting.title)
                .join(Meeting, Meeting.id == Attendance.meeting_id)
                .where(Attendance.present.is_(True), Attendance.person_id.is_not(None))
            )
            if scope.since:
                meeting_stmt = meeting_stmt.where(Meeting.meeting_date >= scope.since)
            if scope.until:
                meeting_stmt = meeting_stmt.where(Meeting.meeting_date <= scope.until)
            titles = {}
            for meeting_id, person_id, title in s.execute(meeting_stmt):
                present[meeting_id].append((PERSON, person_id))
                titles[meeting_id] = title
            for meeting_id, keys in present.items():
                for a, b in combinations(keys, 2):
                    connect(a, b, f"Sitzung {titles[meeting_id]}")
            for r in s.scalars(select(Relationship)):
                if _overlaps(r.valid_from, r.valid_until, scope.since, scope.until):
                    a, b = _ends(r)
                    connect(a, b, r.relation_type)
        graph = Graph(nodes, edges)
        if scope.centre is not None:
            graph = _around(graph, node_of(scope.centre) if scope.organisations_only else scope.centre)
        for node in graph.nodes.values():
            node.degree = 0
        for edge in graph.edges.values():
            graph.nodes[edge.a].degree += 1
            graph.nodes[edge.b].degree += 1
        return graph

    def _nodes(self, s: Session, scope: GraphScope) -> dict[tuple[str, int], Node]:
        raeume = dict(s.execute(select(Sozialraum.id, Sozialraum.name)).all())
        in_region = None
        if scope.sozialregion_id is not None:
            in_region = set(s.scalars(select(Sozialraum.id).where(Sozialraum.sozialregion_id == scope.sozialregion_id)))
        if scope.sozialraum_id is not None:
            in_region = {scope.sozialraum_id} if in_region is None else in_region & {scope.sozialraum_id}
        nodes: dict[tuple[str, int], Node] = {}
        org_rows = s.execute(
            select(Organisation.id, Organisation.name, Organisation.org_type, Organisation.sozialraum_id)
        )
        orgs = {}
        for org_id, name, org_type, raum_id in org_rows:
            orgs[org_id] = (name, org_type, raum_id)
            if in_region is not None and raum_id not in in_region:
                continue
            if scope.org_type and org_type != scope.org_type:
                continue
            nodes[(ORG, org_id)] = Node((ORG, org_id), name, org_type, raeume.get(raum_id))
        if not scope.organisations_only:
            first_org = self._works_for(s)
            for person_id, title, first, last, raum_id in s.execute(
                select(Person.id, Person.title, Person.first_name, Person.last_name, Person.sozialraum_id)
            ):
                org_id = first_org.get((PERSON, person_id))
                org = orgs.get(org_id)
                raum = raum_id or (org[2] if org else None)
                if in_region is not None and raum not in in_region:
                    continue
                if scope.org_type and (org is None or org[1] != scope.org_type):
                    continue
                label = person_display_name(title, first, last)
                nodes[(PERSON, person_id)] = Node((PERSON, person_id), label, None, raeume.get(raum))
        if scope.network_id is not None:
            keep = set()
            for m in s.scalars(select(NetworkMembership).where(NetworkMembership.network_id == scope.network_id)):
                if _overlaps(m.valid_from, m.valid_until, scope.since, scope.until):
                    keep.add((ORG, m.organisation_id) if m.organisation_id else (PERSON, m.person_id))
            nodes = {k: v for k, v in nodes.items() if k in keep}
        return nodes

    @staticmethod
    def _works_for(s: Session) -> dict[tuple[str, int], int]:
        """(PERSON, id) → the organisation the person is counted for."""
        return {(PERSON, person_id): org_id for person_id, org_id in primary_organisations(s).items()}

    # -- measures ------------------------------------------------------------------------------
    @staticmethod
    def measures(graph: Graph, top: int = 10) -> Measures:
        import networkx as nx

        g = graph.as_networkx()
        label = {k: n.label for k, n in graph.nodes.items()}
        degrees = sorted(g.degree, key=lambda kd: (-kd[1], label[kd[0]].lower()))
        bridges = sorted(nx.articulation_points(g), key=lambda k: (-g.degree[k], label[k].lower()))
        groups = sum(1 for component in nx.connected_components(g) if len(component) > 1)
        return Measures(
            most_connected=[(label[k], d) for k, d in degrees[:top] if d > 0],
            unconnected=sorted((label[k] for k, d in g.degree if d == 0), key=str.lower),
            bridges=[label[k] for k in bridges[:top]],
            groups=groups,
        )


def layout(graph: Graph, iterations: int = 60, seed: int = 7) -> dict[tuple[str, int], tuple[float, float]]:
    """Positions in [-1, 1]² for the map, the same picture every time.

    Each connected group is laid out on its own (force-directed) and the groups are packed side by side, the
    largest first, unconnected actors in rows at the end: laid out together, small groups drift far away and the
    main group shrinks to a clump. About 0.2 s at 500 actors.

    The groups come from networkx; the force layout is our own: networkx's spring_layout and forceatlas2_layout
    took 2–4 times as long at 250 to 1000 actors (float64, more work per step), and spring_layout needs scipy
    from 500 actors on."""
    import networkx as nx  # imported when used, as in Graph.as_networkx: it would add to every start of the app

    g = graph.as_networkx()
    # Sorted members and groups: set order changes from run to run, the picture must not.
    order = {key: (-degree, key) for key, degree in g.degree}
    groups = sorted(
        (sorted(component, key=order.__getitem__) for component in nx.connected_components(g)),
        key=lambda group: (-len(group), order[group[0]]),
    )
    connected = [group for group in groups if len(group) > 1]
    single = [group[0] for group in groups if len(group) == 1]
    # Shelf packing: a group of n actors gets a square of side sqrt(n); rows as wide as the biggest square or
    # the square root of the total area, whichever is wider.
    boxes = [(group, math.sqrt(len(group)) * 1.1) for group in connected]
    width = max([side for _g, side in boxes] + [math.sqrt(sum(side * side for _g, side in boxes) + len(single))])
    positions: dict[tuple[str, int], tuple[float, float]] = {}
    x = y = row_height = 0.0
    for group, side in boxes:
        if x > 0 and x + side > width:
            x, y, row_height = 0.0, y + row_height, 0.0
        inner = _force_directed(group, graph, iterations, seed)
        for key, (px, py) in inner.items():
            positions[key] = (x + (px + 1) / 2 * side * 0.9, y + (py + 1) / 2 * side * 0.9)
        x += side
        row_height = max(row_height, side)
    y += row_height + (0.5 if boxes else 0.0)
    per_row = max(1, int(width / 0.6))
    for i, key in enumerate(sorted(single, key=lambda k: graph.nodes[k].label.lower())):
        positions[key] = ((i % per_row) * 0.6, y + (i // per_row) * 0.6)
    if not positions:
        return {}
    xs = [p[0] for p in positions.values()]
    ys = [p[1] for p in positions.values()]
    centre_x, centre_y = (max(xs) + min(xs)) / 2, (max(ys) + min(ys)) / 2
    scale = max(max(xs) - min(xs), max(ys) - min(ys), 1e-9) / 2
    return {k: ((px - centre_x) / scale, (py - centre_y) / scale) for k, (px, py) in positions.items()}


def _force_directed(keys: list, graph: Graph, iterations: int, seed: int) -> dict:
    """Fruchterman–Reingold for one connected group, vectorised with numpy; positions in [-1, 1]²."""
    import numpy as np

    n = len(keys)
    index = {k: i for i, k in enumerate(keys)}
    weights = np.zeros((n, n), dtype=np.float32)  # float32: twice as fast, and precise enough for a picture
    for edge in graph.edges.values():
        if edge.a in index and edge.b in index:
            i, j = index[edge.a], index[edge.b]
            weights[i, j] = weights[j, i] = 1.0 + 0.25 * min(edge.weight - 1, 4)
    # Hubs push harder (as in ForceAtlas2): actors with many connections spread out instead of forming a clump.
    mass = (weights > 0).sum(axis=1).astype(np.float32) + 1.0
    repulsion = np.outer(mass, mass) / float(mass.mean()) ** 2
    rng = np.random.default_rng(seed)
    pos = (rng.random((n, 2)) * 2 - 1).astype(np.float32)
    k = 1.8 / np.sqrt(n)
    temperature = 0.25
    cooling = temperature / (iterations + 1)
    for _ in range(iterations):
        dx = pos[:, None, 0] - pos[None, :, 0]
        dy = pos[:, None, 1] - pos[None, :, 1]
        distance = np.sqrt(dx * dx + dy * dy)
        np.fill_diagonal(distance, 1.0)
        np.clip(distance, 0.01, None, out=distance)
        force = (k * k) * repulsion / distance**2 - weights * distance / k
        np.fill_diagonal(force, 0.0)
        displacement = np.stack(((dx * force).sum(axis=1), (dy * force).sum(axis=1)), axis=1) - 0.02 * pos
        length = np.sqrt((displacement**2).sum(axis=-1))
        np.clip(length, 0.01, None, out=length)
        pos += displacement * (np.minimum(length, temperature) / length)[:, None]
        temperature -= cooling
    pos -= pos.mean(axis=0)
    pos /= np.abs(pos).max() or 1.0
    return {key: (float(pos[i, 0]), float(pos[i, 1])) for key, i in index.items()}


def _around(graph: Graph, centre: tuple[str, int], depth: int = 2) -> Graph:
    import networkx as nx

    g = graph.as_networkx()
    if centre not in g:
        return Graph({}, {})
    keep = set(nx.single_source_shortest_path_length(g, centre, cutoff=depth))
    return Graph(
        {k: v for k, v in graph.nodes.items() if k in keep},
        {key: e for key, e in graph.edges.items() if e.a in keep and e.b in keep},
    )


def _ends(r: Relationship) -> tuple[tuple[str, int], tuple[str, int]]:
    source = (ORG, r.source_organisation_id) if r.source_organisation_id else (PERSON, r.source_person_id)
    target = (ORG, r.target_organisation_id) if r.target_organisation_id else (PERSON, r.target_person_id)
    return source, target


def _labels(s: Session, keys: set[tuple[str, int]]) -> dict[tuple[str, int], str]:
    org_ids = [i for k, i in keys if k == ORG]
    person_ids = [i for k, i in keys if k == PERSON]
    labels = {
        (ORG, i): n
        for i, n in s.execute(select(Organisation.id, Organisation.name).where(Organisation.id.in_(org_ids)))
    }
    for i, title, first, last in s.execute(
        select(Person.id, Person.title, Person.first_name, Person.last_name).where(Person.id.in_(person_ids))
    ):
        labels[(PERSON, i)] = person_display_name(title, first, last)
    return labels

"""The network map at several hundred actors: time from the graph to the drawn picture (layout and drawing in the
real panel, offscreen), for a generated graph of N actors with about six connections each.

    .venv/bin/python -m benchmarks.network_map                 # 250, 500 and 1000 actors, 5 rounds
    .venv/bin/python -m benchmarks.network_map --actors 500

Target (issue 5): well under a second at 500 actors; the command exits with 1 if the median at 500 is 0.5 s or more.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import tempfile
import time

TARGET_SECONDS = 0.5  # "well under a second"


def synthetic_graph(actors: int, seed: int = 5):
    """Organisations and persons in clusters (a Sozialraum each), denser inside, a few links between clusters."""
    from sozialkoordination.actors.connections import ORG, PERSON, Edge, Graph, Node

    rng = random.Random(seed)
    kinds = ("Familienzentrum", "Kita", "Schule", "Jugendpflege", "Beratungsstelle", "Verein")
    nodes = {}
    for i in range(actors):
        key = (ORG, i) if i % 3 == 0 else (PERSON, i)
        nodes[key] = Node(key, f"Akteur {i}", kinds[i % len(kinds)] if key[0] == ORG else None, f"Raum {i % 12}")
    keys = list(nodes)
    edges = {}
    for _ in range(actors * 3):
        a = rng.choice(keys)
        same = [k for k in keys[max(0, keys.index(a) - 40) : keys.index(a) + 40] if k != a]
        b = rng.choice(same) if rng.random() < 0.9 else rng.choice(keys)
        if a != b:
            edges.setdefault(frozenset((a, b)), Edge(a, b)).reasons.add("Sitzung")
    for edge in edges.values():
        nodes[edge.a].degree += 1
        nodes[edge.b].degree += 1
    return Graph(nodes, edges)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.network_map", description=__doc__.splitlines()[0])
    parser.add_argument("--actors", type=int, action="append", help="actors in the graph (can be repeated)")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args(argv)
    results = {}
    for size in args.actors or [250, 500, 1000]:
        times = measure(size, args.rounds)
        results[size] = (statistics.median(times), max(times))
    print("| actors | median s | slowest s |")
    print("|---:|---:|---:|")
    for size, (median, slowest) in results.items():
        print(f"| {size} | {median:.2f} | {slowest:.2f} |")
    if 500 in results:
        met = results[500][0] < TARGET_SECONDS
        print(f"500 actors: median {results[500][0]:.2f} s, target < {TARGET_SECONDS} s: {'met' if met else 'MISSED'}")
        return 0 if met else 1
    return 0


def measure(actors: int, rounds: int) -> list[float]:
    """Seconds per redraw of the real map panel (offscreen) for a generated graph of `actors` actors."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

    from sozialkoordination.actors.connections import ConnectionService
    from sozialkoordination.app import open_context
    from sozialkoordination.ui.networks.map_view import NetworkMapPanel
    from sozialkoordination.ui.shell.application import create_application

    class FixedGraph(ConnectionService):
        graph_to_draw = None

        def graph(self, scope):  # the generated graph instead of the database's
            return self.graph_to_draw

    create_application(["benchmark"])
    with tempfile.TemporaryDirectory() as folder:
        context = open_context(f"sqlite:///{folder}/karte.sqlite")
        try:
            connections = FixedGraph(context.session_factory)
            panel = NetworkMapPanel(connections, context.networks, context.actors, context.areas)
            panel.resize(1200, 800)
            connections.graph_to_draw = synthetic_graph(actors)
            panel.redraw()  # warm-up: numpy and the first use of every Qt class
            times = []
            for _ in range(rounds):
                started = time.perf_counter()
                panel.redraw()
                times.append(time.perf_counter() - started)
        finally:
            context.close()
    return times


if __name__ == "__main__":
    sys.exit(main())

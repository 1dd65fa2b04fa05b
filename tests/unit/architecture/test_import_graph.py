"""The import graph stays a layered tree: no cycles (function-level imports included), nothing imports upward, and
features use each other only through their service, dto and documents modules (STYLE.md, issue 17)."""

import subprocess
import sys

from tests.unit.architecture.import_graph import ROOT, cycles, graph, violations


def test_the_graph_is_read_from_every_module():
    edges = graph()
    assert len(edges) > 150
    assert "sozialkoordination.meetings.dto" in edges["sozialkoordination.meetings.documents"]
    # a function-level import counts: the service loads its document writer only when writing
    assert "sozialkoordination.meetings.documents" in edges["sozialkoordination.meetings.service"]


def test_no_import_cycles_even_through_function_level_imports():
    assert cycles() == []


def test_no_upward_imports_and_no_reaching_into_another_feature():
    assert violations() == []


def test_import_linter_contracts_hold():
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "from importlinter.cli import lint_imports_command; lint_imports_command()",
            "--no-cache",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout[-3000:]

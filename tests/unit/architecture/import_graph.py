"""The package's import graph read from the source: every import, at module level or inside a function."""

import ast
from functools import cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PACKAGE = ROOT / "sozialkoordination"
# Layers from the top down; a module may import its own layer's package and any layer below.
CORE = {"core", "config"}
INFRASTRUCTURE = {"db", "models", "spreadsheet", "documents"}
ENTRY = {"__main__", "app", "cli", "ui"}
# What a feature shows the others: its use cases, the data classes they return and the documents it draws.
PUBLIC = {"service", "dto", "documents"}


def module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


@cache
def modules() -> dict[str, Path]:
    return {
        module_name(path): path for path in PACKAGE.rglob("*.py") if "migrations" not in path.relative_to(PACKAGE).parts
    }


def _resolve(importer: str, is_package: bool, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    parts = importer.split(".")
    if not is_package:
        parts.pop()
    parts = parts[: len(parts) - (node.level - 1)]
    return ".".join(parts + ([node.module] if node.module else []))


@cache
def graph() -> dict[str, frozenset[str]]:
    """Module -> the package's modules it imports (a name imported from a package counts as that package)."""
    known = modules()
    edges = {}
    for name, path in known.items():
        targets = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets |= {alias.name for alias in node.names}
            elif isinstance(node, ast.ImportFrom):
                base = _resolve(name, path.name == "__init__.py", node)
                for alias in node.names:
                    full = f"{base}.{alias.name}"
                    targets.add(full if full in known else base)
        edges[name] = frozenset(t for t in targets if t in known and t != name)
    return edges


def cycles() -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    edges, index, low, stack, on_stack, found = graph(), {}, {}, [], set(), []

    def visit(node):
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in edges[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def area(module: str) -> str:
    """The top-level part below the package: core, db, a feature's name, ui …"""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def layer(module: str) -> int:
    top = area(module)
    if top in CORE or top == "":
        return 0
    if top in INFRASTRUCTURE:
        return 1
    if top in ENTRY:
        return 3
    return 2  # a feature


def violations() -> list[str]:
    """Imports that run upward, and features reaching into another feature's inside."""
    found = []
    for importer, targets in graph().items():
        for target in targets:
            if target == "sozialkoordination":
                continue
            if layer(target) > layer(importer):
                found.append(f"{importer} -> {target} (aufwärts)")
            elif (
                layer(importer) == layer(target) == 2
                and area(importer) != area(target)
                and target.split(".")[2] not in PUBLIC
            ):
                found.append(f"{importer} -> {target} (in ein anderes Feature hinein)")
    return sorted(found)

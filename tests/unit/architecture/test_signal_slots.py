"""Every button and menu action calls its slot with exactly what the slot expects.

Qt's `clicked`, `triggered` and `toggled` pass a bool. Connected to `def export(self, target=None)` it arrives as
`target=False`: that is how a Sozialregion came to be renamed "False" and a follow-up meeting crashed on its date.
This test reads the source of `ui/` (no Qt import) and follows every slot that such a signal reaches – directly,
through a loop over (text, slot) tuples, through helpers like `_button(text, slot)` or `QAction(triggered=…)` and
`menu.addAction(text, slot)` – to the function it names. A slot for `clicked`/`triggered` must take no argument
(or one annotated `bool`); a slot for `toggled` may take the bool but not in a parameter meant for something else.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

UI = Path(__file__).resolve().parents[3] / "sozialkoordination" / "ui"
SIGNALS = {"clicked", "triggered", "toggled"}
BOOL_NAMES = {"checked", "_checked", "on", "enabled", "visible", "state", "_"}


@dataclass
class Function:
    node: ast.FunctionDef | ast.Lambda
    path: Path
    class_name: str | None

    def first_parameter(self) -> ast.arg | None:
        args = self.node.args.args
        if args and self.class_name and args[0].arg in ("self", "cls") and isinstance(self.node, ast.FunctionDef):
            args = args[1:]
        return args[0] if args else None

    def takes_bool(self) -> bool:
        """A first parameter that is (named or annotated as) the signal's bool."""
        first = self.first_parameter()
        if first is None:
            return False
        annotation = ast.unparse(first.annotation) if first.annotation else ""
        # `clicked` of a calendar or an item view carries a QDate / QModelIndex: a slot annotated so expects it.
        qt_value = re.search(r"\bQ[A-Z]\w+", annotation) is not None
        return "bool" in annotation or qt_value or first.arg in BOOL_NAMES

    def first_is_other(self) -> bool:
        """A first parameter for something other than the signal's bool: it would receive `checked`."""
        first = self.first_parameter()
        if first is None:
            return False
        if isinstance(self.node, ast.FunctionDef) and self.node.args.vararg and not self.node.args.args[1:]:
            return False
        return not self.takes_bool()


@dataclass
class Tree:
    functions: dict[str, list[Function]] = field(default_factory=dict)
    calls: list[tuple[ast.Call, Path, list[ast.AST]]] = field(default_factory=list)


def _parents(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def _read_tree() -> Tree:
    result = Tree()
    for path in sorted(UI.rglob("*.py")):
        module = ast.parse(path.read_text(encoding="utf-8"))
        parents = _parents(module)
        for node in ast.walk(module):
            if isinstance(node, ast.FunctionDef):
                owner = parents.get(node)
                class_name = owner.name if isinstance(owner, ast.ClassDef) else None
                result.functions.setdefault(node.name, []).append(Function(node, path, class_name))
            elif isinstance(node, ast.Call):
                chain = []
                current = node
                while current in parents:
                    current = parents[current]
                    chain.append(current)
                result.calls.append((node, path, chain))
    return result


def _signal_slots(call: ast.Call) -> list[tuple[str, ast.expr]]:
    """(signal, slot expression) pairs this call connects."""
    func = call.func
    found = []
    if (
        isinstance(func, ast.Attribute)
        and func.attr == "connect"
        and isinstance(func.value, ast.Attribute)
        and func.value.attr in SIGNALS
        and call.args
    ):
        found.append((func.value.attr, call.args[0]))
    for keyword in call.keywords:
        if keyword.arg in SIGNALS:
            found.append((keyword.arg, keyword.value))
    # QMenu/QToolBar.addAction(text, slot) and addAction(icon, text, slot) connect `triggered`.
    if isinstance(func, ast.Attribute) and func.attr == "addAction" and len(call.args) >= 2:
        found.append(("triggered", call.args[-1]))
    return found


class Checker:
    def __init__(self, tree: Tree):
        self.tree = tree
        self.problems: list[str] = []
        self._seen: set[tuple[int, str]] = set()

    def check(self) -> list[str]:
        for call, path, chain in self.tree.calls:
            for signal, slot in _signal_slots(call):
                self._check_slot(signal, slot, path, chain, call.lineno, depth=0)
        return sorted(set(self.problems))

    def _check_slot(self, signal, slot, path, chain, line, depth) -> None:
        if depth > 4 or (id(slot), signal) in self._seen:
            return
        self._seen.add((id(slot), signal))
        where = f"{path.relative_to(UI.parent)}:{line}"
        if isinstance(slot, ast.Lambda):
            self._judge(signal, [Function(slot, path, None)], where, ast.unparse(slot))
            return
        if isinstance(slot, ast.Attribute):
            self._judge(signal, self._methods(slot, chain), where, ast.unparse(slot))
            return
        if isinstance(slot, ast.Name):
            enclosing = next((n for n in chain if isinstance(n, ast.FunctionDef | ast.Lambda)), None)
            # A loop over literal tuples: `for text, slot in ((…, self.f), …)`.
            for node in chain:
                if isinstance(node, ast.For):
                    for element in self._loop_values(node, slot.id):
                        self._check_slot(signal, element, path, chain, line, depth + 1)
            # A helper's parameter: follow every call of the helper to the argument it passes.
            if isinstance(enclosing, ast.FunctionDef):
                names = [a.arg for a in enclosing.args.args]
                if slot.id in names:
                    self._follow_helper(signal, enclosing, names.index(slot.id), slot.id, depth)
            local = self.tree.functions.get(slot.id, [])
            self._judge(signal, [f for f in local if f.class_name is None], where, slot.id)

    def _methods(self, attribute: ast.Attribute, chain) -> list[Function]:
        """Functions an attribute may name: a method of the enclosing class first, else any method of that name."""
        candidates = self.tree.functions.get(attribute.attr, [])
        if isinstance(attribute.value, ast.Name) and attribute.value.id == "self":
            owner = next((n for n in chain if isinstance(n, ast.ClassDef)), None)
            own = [f for f in candidates if owner is not None and f.class_name == owner.name]
            if own:
                return own
        return [f for f in candidates if f.class_name is not None]

    def _loop_values(self, loop: ast.For, name: str) -> list[ast.expr]:
        if not isinstance(loop.target, ast.Tuple) or not isinstance(loop.iter, ast.Tuple | ast.List):
            return []
        targets = [t.id if isinstance(t, ast.Name) else None for t in loop.target.elts]
        if name not in targets:
            return []
        position = targets.index(name)
        return [
            element.elts[position]
            for element in loop.iter.elts
            if isinstance(element, ast.Tuple) and len(element.elts) > position
        ]

    def _follow_helper(self, signal, helper: ast.FunctionDef, index: int, name: str, depth: int) -> None:
        offset = 1 if helper.args.args and helper.args.args[0].arg == "self" else 0
        for call, path, chain in self.tree.calls:
            func = call.func
            called = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else None
            if called != helper.name:
                continue
            argument = next((k.value for k in call.keywords if k.arg == name), None)
            if argument is None and len(call.args) > index - offset >= 0:
                argument = call.args[index - offset]
            if argument is not None:
                self._check_slot(signal, argument, path, chain, call.lineno, depth + 1)

    def _judge(self, signal: str, functions: list[Function], where: str, shown: str) -> None:
        for function in functions:
            if function.first_is_other():
                first = function.first_parameter()
                self.problems.append(
                    f"{where}: {signal} → {shown} would receive Qt's bool in `{first.arg}` "
                    f"({function.path.relative_to(UI.parent)}:{function.node.lineno})"
                )


def test_no_slot_receives_the_checked_bool_in_a_parameter_meant_for_something_else():
    assert Checker(_read_tree()).check() == []


def test_the_checker_finds_the_known_shapes(tmp_path, monkeypatch):
    """The checker itself: each way a slot is reached in this code base is followed to the function."""
    sample = tmp_path / "ui"
    sample.mkdir()
    (sample / "view.py").write_text(
        "class View:\n"
        "    def __init__(self):\n"
        "        self.a.clicked.connect(self.export)\n"
        "        for text, slot in (('x', self.rename), ('y', lambda: self.export())):\n"
        "            b.clicked.connect(slot)\n"
        "        self._button('z', self.move)\n"
        "        menu.addAction('Neu', self.rename)\n"
        "        self.c.toggled.connect(self.refresh)\n"
        "        self.d.clicked.connect(lambda: self.move())\n"
        "    def _button(self, text, slot):\n"
        "        b.clicked.connect(slot)\n"
        "    def export(self, target=None): pass\n"
        "    def rename(self, new_name: str | None = None): pass\n"
        "    def move(self, region=None): pass\n"
        "    def refresh(self, checked: bool = False): pass\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(__import__(__name__, fromlist=["UI"]), "UI", sample)
    problems = Checker(_read_tree()).check()
    assert [p.split(" → ")[1].split(" would")[0] for p in problems] == [
        "self.export",
        "self.rename",
        "self.move",
        "self.rename",
    ]

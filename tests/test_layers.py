"""The package's layers: imports point down, no module imports one that imports it back."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[1] / "perfxl"

# Lowest first: a module may import its own layer and the ones before it, never a later one.
LAYERS = [
    {"perfxl", "perfxl.lightimport", "perfxl.errors", "perfxl.i18n", "perfxl.atomic", "perfxl.formula", "perfxl.evaluate", "perfxl.finish", "perfxl.ooxml", "perfxl.limits", "perfxl.zipparts", "perfxl.xlsxio",
     "perfxl.vocabulary"},
    {"perfxl.targets", "perfxl.scoring", "perfxl.profiles"},
    {"perfxl.forms"},
    {"perfxl.plan", "perfxl.template"},
    {"perfxl.reader"},
    {"perfxl.findings"},
    {"perfxl.rules"},
    {"perfxl.lint"},
    {"perfxl.roster", "perfxl.generate", "perfxl.fix", "perfxl.consolidate", "perfxl.excel", "perfxl.web"},
    {"perfxl.cli", "perfxl.clihelp", "perfxl.entry", "perfxl.__main__"},
]


def modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        out[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return out


def imports(name: str, path: Path, known: dict) -> set[str]:
    """perfxl modules a module imports, at its top or inside functions alike."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom):
            base = package.split(".")[: len(package.split(".")) - node.level + 1] if node.level else []
            target = ".".join(base + ([node.module] if node.module else []))
            for alias in node.names:  # `from . import x` imports the module x
                found.add(f"{target}.{alias.name}" if f"{target}.{alias.name}" in known else target)
        elif isinstance(node, ast.Import):
            found |= {a.name for a in node.names}
    return {m for m in found if m in known and m != name}


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imports(name, path, known) for name, path in known.items()}


def layer(name: str) -> int:
    for i, group in enumerate(LAYERS):
        if any(name == g or name.startswith(g + ".") for g in group if g != "perfxl") or name in group:
            return i
    raise AssertionError(f"{name} is in no layer: add it to LAYERS")


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan), sorted for a stable message."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(edges.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                out.append(sorted(group))

    for v in sorted(edges):
        if v not in index:
            visit(v)
    return out


def package_edges(edges: dict[str, set[str]]) -> dict[str, set[str]]:
    """The same graph between subpackages (perfxl.lint, perfxl.rules …): cycles between layers."""
    top = lambda m: ".".join(m.split(".")[:2])
    out: dict[str, set[str]] = {}
    for a, targets in edges.items():
        out.setdefault(top(a), set()).update(top(b) for b in targets if top(b) != top(a))
    return out


def test_no_import_cycle_between_modules():
    assert cycles(graph()) == []


def test_no_import_cycle_between_subpackages():
    assert cycles(package_edges(graph())) == []


def test_imports_point_down_the_layers():
    upward = sorted(f"{a} imports {b}" for a, targets in graph().items() for b in targets
                    if b != "perfxl" and layer(b) > layer(a))
    assert upward == []


@pytest.mark.parametrize("edges, expected", [
    ({"a": {"b"}, "b": {"a"}, "c": {"a"}}, [["a", "b"]]),
    ({"a": {"b"}, "b": {"c"}, "c": set()}, []),
    ({"a": {"b"}, "b": {"c"}, "c": {"a"}}, [["a", "b", "c"]]),
])
def test_the_cycle_finder_finds_cycles(edges, expected):
    assert cycles(edges) == expected


def test_the_import_reader_sees_imports_inside_functions(tmp_path):
    src = tmp_path / "m.py"
    src.write_text("def f():\n    from ..rules import x\n    from . import sibling\n", encoding="utf-8")
    known = {"perfxl.lint.m": src, "perfxl.rules": src, "perfxl.lint.sibling": src}
    assert imports("perfxl.lint.m", src, known) == {"perfxl.rules", "perfxl.lint.sibling"}


def test_the_lite_kit_holds_everything_its_modules_import():
    """The xlwings Lite kit copies an allow-list of modules: nothing they import may be missing."""
    from perfxl.excel.kit import kit_files

    shipped = {"perfxl." + rel.removeprefix("personal/perfxl/").removesuffix(".py").replace("/", ".")
               .removesuffix(".__init__") for rel in kit_files() if rel.startswith("personal/perfxl/")}
    shipped = {m if m != "perfxl.__init__" else "perfxl" for m in shipped}
    edges = graph()
    missing = sorted(f"{a} imports {b}" for a in shipped for b in edges.get(a, ()) if b not in shipped)
    assert missing == [] and "perfxl.excel.check" in shipped and "perfxl.cli" not in shipped

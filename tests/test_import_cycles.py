"""No import cycles inside app/, db/ and ui/ (ARCHITECTURE §1: dependencies point one way).

Every module is parsed with `ast`, so every import counts, wherever it is written: at module
level, inside a function (a late import still runs, just later), and under `if TYPE_CHECKING:`
(a type-only import is still a dependency a reader has to follow). `import a.b.c` and
`from a.b import c` also import the packages `a` and `a.b` first, as Python does.

One kind of cycle is allowed: a package's `__init__` re-exporting from its own submodules while
those submodules import from the package (or Python imports the package before them anyway).
Python has already started the package when its submodule runs, so that loop cannot bite; it is
left out by ignoring a module's imports of its own enclosing packages. Every other cycle fails the
test, which names it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LAYERS = ("app", "db", "ui")


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for layer in LAYERS for p in sorted((ROOT / layer).rglob("*.py"))}


def _ancestors(name: str) -> list[str]:
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


def _imported(name: str, path: Path, known: set[str]) -> set[str]:
    """The project modules `name` imports, anywhere in its source."""
    is_package = path.name == "__init__.py"
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        targets: list[str] = []
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                package = name.split(".") if is_package else name.split(".")[:-1]
                package = package[:len(package) - (node.level - 1)]
                base = ".".join([*package, base] if base else package)
            targets = [base]
            # `from a.b import c` imports the module a.b.c when there is one
            targets += [f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in known]
        for target in targets:
            for module in (*_ancestors(target), target):
                if module in known:
                    out.add(module)
    own_packages = set(_ancestors(name))
    return out - own_packages - {name}


def import_graph() -> dict[str, set[str]]:
    modules = _modules()
    known = set(modules)
    return {name: _imported(name, path, known) for name, path in modules.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One cycle (as a path a → … → a) for each strongly connected group of modules (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[set[str]] = []

    def visit(start: str) -> None:  # iterative, so a deep import chain cannot overflow
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = len(index)
        stack.append(start)
        on_stack.add(start)
        while work:
            node, edges = work[-1]
            nxt = next(edges, None)
            if nxt is not None:
                if nxt not in index:
                    index[nxt] = low[nxt] = len(index)
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(graph[nxt]))))
                elif nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                group: set[str] = set()
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    group.add(member)
                    if member == node:
                        break
                if len(group) > 1:
                    groups.append(group)

    for name in sorted(graph):
        if name not in index:
            visit(name)
    return [_path_in(graph, group) for group in groups]


def _path_in(graph: dict[str, set[str]], group: set[str]) -> list[str]:
    """A shortest cycle through the group's first module, staying inside the group."""
    start = min(group)
    paths = {start: [start]}
    frontier = [start]
    while frontier:
        nxt: list[str] = []
        for node in frontier:
            for target in sorted(graph[node] & group):
                if target == start:
                    return [*paths[node], start]
                if target not in paths:
                    paths[target] = [*paths[node], target]
                    nxt.append(target)
        frontier = nxt
    raise AssertionError(f"no cycle through {start}")  # a strongly connected group always has one


def _describe(cycles: Iterable[list[str]]) -> str:
    return "\n".join(" → ".join(c) for c in cycles)


def _is_cli(module: str) -> bool:
    """The command line's modules (app/cli.py, app/cli_*.py, app/review/cli.py; app/cli/ to come)."""
    return module == "app.cli" or module.startswith(("app.cli.", "app.cli_")) or module == "app.review.cli"


def _cycles_touching(layers: tuple[str, ...], *, cli: bool = False) -> list[list[str]]:
    """Cycles through a module of `layers`; those through a CLI module only when `cli`."""
    return [c for c in _cycles(import_graph())
            if any(m.split(".")[0] in layers for m in c) and any(map(_is_cli, c)) == cli]


def test_the_graph_sees_late_and_type_checking_imports(tmp_path: Path) -> None:
    src = tmp_path / "mod.py"
    src.write_text("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from app.store import Store\n"
                   "def f():\n    from app.audit import engine\n    import db.models\n", encoding="utf-8")
    known = {"app", "app.store", "app.audit", "app.audit.engine", "db", "db.models"}
    assert _imported("other.mod", src, known) == known


def test_a_submodule_importing_its_own_package_is_no_edge(tmp_path: Path) -> None:
    src = tmp_path / "sub.py"
    src.write_text("from pkg import helper\nfrom . import other\nimport db.models\n", encoding="utf-8")
    known = {"pkg", "pkg.sub", "pkg.other", "db", "db.models"}
    assert _imported("pkg.sub", src, known) == {"pkg.other", "db", "db.models"}


def test_a_cycle_is_found_and_named() -> None:
    graph = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}
    assert _cycles(graph) == [["a", "b", "c", "a"]]
    assert _describe(_cycles(graph)) == "a → b → c → a"


def test_app_and_db_have_no_import_cycle() -> None:
    cycles = _cycles_touching(("app", "db"))
    assert not cycles, "import cycles:\n" + _describe(cycles)


def test_the_command_line_has_no_import_cycle() -> None:
    cycles = _cycles_touching(("app",), cli=True)
    assert not cycles, "import cycles:\n" + _describe(cycles)


def test_ui_has_no_import_cycle() -> None:
    cycles = _cycles_touching(("ui",))
    assert not cycles, "import cycles:\n" + _describe(cycles)

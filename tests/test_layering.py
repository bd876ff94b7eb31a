"""The layering rule (ARCHITECTURE.md §1): ui → app → db. app/ and db/ know no Qt and no ui;
ui/ never touches SQLAlchemy or db directly."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.append(node.module)
    return names


def _violations(folder: str, forbidden: tuple[str, ...]) -> list[str]:
    out = []
    for path in sorted((ROOT / folder).rglob("*.py")):
        for name in _imports(path):
            top = name.split(".")[0]
            if top in forbidden:
                out.append(f"{path.relative_to(ROOT)} imports {name}")
    return out


def test_app_and_db_import_no_qt_and_no_ui() -> None:
    assert _violations("app", ("PySide6", "shiboken6", "ui")) == []
    assert _violations("db", ("PySide6", "shiboken6", "ui", "app")) == []


def test_ui_imports_no_sqlalchemy_and_no_db() -> None:
    assert _violations("ui", ("sqlalchemy", "db")) == []


def test_checker_sees_a_violation(tmp_path: Path) -> None:
    """The checker itself must be able to fail: an import inside a function is found too."""
    bad = tmp_path / "bad.py"
    bad.write_text("def f():\n    from PySide6 import QtCore\n", encoding="utf-8")
    assert _imports(bad) == ["PySide6"]

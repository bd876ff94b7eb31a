"""tests/ui/ mirrors ui/, and its test modules can live side by side.

The folders under tests/ui/ have no __init__.py: with one, pytest's default "prepend" import
mode would name tests/ui/audit/ the package `audit`, the same as tests/audit/. Without one,
each test module is imported by its file name alone, so no two may share a name. (An
__init__.py in tests/ui/ itself would make it the package `ui` and hide the real one.)"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
UI, TESTS_UI = ROOT / "ui", ROOT / "tests" / "ui"


def test_every_ui_package_has_its_test_folder() -> None:
    packages = {d.name for d in UI.iterdir() if (d / "__init__.py").is_file()}
    folders = {d.name for d in TESTS_UI.iterdir() if d.is_dir() and d.name != "__pycache__"}
    assert packages - {"signing"} <= folders  # signing's dialogs are driven from reports/ and system/
    assert folders <= packages


def test_test_module_names_are_unique_where_pytest_imports_them_by_name() -> None:
    rootless = [p for p in (ROOT / "tests").rglob("test_*.py") if not (p.parent / "__init__.py").is_file()]
    twice = [name for name, n in Counter(p.name for p in rootless).items() if n > 1]
    assert twice == []
    folders = [TESTS_UI, *(d for d in TESTS_UI.rglob("*") if d.is_dir())]  # tests/ui/ itself would be `ui`
    assert not any((d / "__init__.py").exists() for d in folders)

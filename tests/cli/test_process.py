"""The command line as a process: exit statuses through main.py and through the installed
`caseaudit` script, a reader that closes the pipe early (`caseaudit … | head`), and what a cold
start imports. (Everything else runs in-process: tests/cli/helpers.py.)"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from app import __version__
from tests.cli.helpers import ROOT, run_cli, run_process

# Loaded only by the commands that need them: never by --version or summary.
HEAVY = ("reportlab", "pyhanko", "pyhanko_certvalidator", "openpyxl", "python_calamine", "cryptography",
         "keyring", "PySide6")

PROBE = """
import json, sys
from app.cli import main
try:
    code = main(sys.argv[1:])
except SystemExit as exc:
    code = exc.code
sys.stderr.write(json.dumps({"code": code, "modules": sorted(sys.modules)}))
"""


@pytest.fixture
def small_store(store_location: str) -> str:
    """A demo store per test (a file or a PostgreSQL database, by engine)."""
    db = store_location
    made = run_cli("--db", db, "demo", "--size", "60")
    assert made.returncode == 0, made.stderr
    return db


def _loaded_by(*args: str | Path) -> tuple[int, set[str]]:
    """The exit status and the top-level packages loaded by `main(args)` in a fresh interpreter."""
    done = subprocess.run([sys.executable, "-c", PROBE, *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, timeout=120, env={**os.environ, "PYTHONPATH": str(ROOT)})
    report = json.loads(done.stderr[done.stderr.index("{\"code\""):])
    return report["code"], {name.split(".")[0] for name in report["modules"]}


def test_version_comes_from_the_package() -> None:
    result = run_process("--version")
    assert result.returncode == 0 and result.stdout.strip() == f"caseaudit {__version__}"


def test_the_caseaudit_script_is_app_cli_main() -> None:
    from importlib.metadata import entry_points

    (script,) = [e for e in entry_points(group="console_scripts") if e.name == "caseaudit"]
    assert script.value == "app.cli:main"
    exe = Path(sys.executable).with_name("caseaudit")
    assert exe.is_file(), f"the venv has no caseaudit script ({exe}): run `pip install -e .`"
    done = subprocess.run([str(exe), "--version"], capture_output=True, text=True, timeout=120, cwd=ROOT,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0 and done.stdout.strip() == f"caseaudit {__version__}"
    refused = subprocess.run([str(exe), "list", "nonsense"], capture_output=True, text=True, timeout=120,
                             cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert refused.returncode == 2 and "命令行参数有误" in refused.stderr


def test_missing_file_and_bad_usage_exit_2(tmp_path: Path, store_location: str) -> None:
    db = store_location
    missing = run_process("--db", db, "import", "ledger", tmp_path / "nope.xlsx")
    assert missing.returncode == 2 and "找不到文件" in missing.stderr and "Traceback" not in missing.stderr
    assert run_process("--db", db, "list", "nonsense").returncode == 2


def test_version_loads_neither_the_store_nor_any_file_format() -> None:
    code, loaded = _loaded_by("--version")
    assert code == 0
    assert loaded.isdisjoint((*HEAVY, "sqlalchemy")), sorted(loaded & {*HEAVY, "sqlalchemy"})


# fails on PostgreSQL: `summary` on a postgresql:// URL loads keyring (the server password's look-up).
@pytest.mark.sqlite_only
def test_summary_loads_the_store_but_no_file_format(small_store: str) -> None:
    code, loaded = _loaded_by("--db", small_store, "summary", "--json")
    assert code == 0
    assert "sqlalchemy" in loaded  # the probe did reach the store
    assert loaded.isdisjoint(HEAVY), sorted(loaded & set(HEAVY))


@pytest.mark.parametrize("args", [("summary",), ("list", "ledger"), ("list", "cases", "--json")])
def test_a_reader_that_stops_reading_ends_the_command_quietly(small_store: str, args: tuple[str, ...]) -> None:
    """`caseaudit … | head`: the read end is closed before the program writes its first byte, so
    every write meets a broken pipe. No traceback, no "Exception ignored", exit status 1."""
    proc = subprocess.Popen([sys.executable, str(ROOT / "main.py"), "--db", str(small_store), *args],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, cwd=ROOT)
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()
    stderr = proc.stderr.read().decode("utf-8")
    assert proc.wait(timeout=120) == 1, stderr
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr and "Exception ignored" not in stderr

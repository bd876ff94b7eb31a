"""The parser assembled from the command modules: each module's COMMANDS is exactly what its
register() adds (main builds only the module of the command given, so a command missing from
COMMANDS would be unreachable), no two modules claim a command, and the command is found in argv."""

from __future__ import annotations

import argparse

import pytest

from app.cli.common import CliParser
from app.cli.main import build_parser, command_modules, command_named
from tests.cli.helpers import run_cli


def _commands(parser: argparse.ArgumentParser) -> list[str]:
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return list(sub.choices)


@pytest.mark.parametrize("module", command_modules(), ids=lambda m: m.__name__)
def test_a_module_registers_exactly_its_commands(module) -> None:  # type: ignore[no-untyped-def]
    parser = CliParser(prog="caseaudit")
    module.register(parser.add_subparsers(dest="command", parser_class=CliParser))
    assert _commands(parser) == list(module.COMMANDS)


def test_the_whole_parser_has_every_command_once() -> None:
    claimed = [name for m in command_modules() for name in m.COMMANDS]
    assert len(claimed) == len(set(claimed))
    assert _commands(build_parser()) == claimed
    assert {"init", "import", "summary", "list", "audit", "sample", "findings", "campaign", "review", "problems",
            "rectify", "forms", "report", "signer", "verify-pdf", "package", "bureau", "log", "publication",
            "supervised", "backup", "office"} <= set(claimed)


def test_a_named_command_builds_only_its_module() -> None:
    assert _commands(build_parser("summary")) == ["init", "summary", "list", "demo"]
    assert _commands(build_parser("verify-pdf")) == ["signer", "verify-pdf"]
    assert _commands(build_parser("no-such-command")) == _commands(build_parser())


@pytest.mark.parametrize(("argv", "command"), [
    (["summary", "--json"], "summary"),
    (["--db", "x.sqlite", "--operator", "测试", "audit", "run"], "audit"),
    (["--db=x.sqlite", "list", "cases"], "list"),
    (["--db", "summary", "import", "ledger", "f.xlsx"], "import"),  # a store file called "summary"
    (["--version"], None),
    (["--db", "x.sqlite", "--help"], None),
    (["--db", "x.sqlite"], None),
    ([], None),
])
def test_command_named(argv: list[str], command: str | None) -> None:
    assert command_named(argv) == command


def test_a_mistyped_command_is_told_the_choices() -> None:
    result = run_cli("sumary")
    assert result.returncode == 2 and "命令行参数有误" in result.stderr
    assert "summary" in result.stderr and "verify-pdf" in result.stderr

"""Running `caseaudit` inside the test process: `run_cli(*args)` calls app.cli.main() with stdout
and stderr captured, the environment changed for the call only, and stdin not a terminal (as a
subprocess with stdin=DEVNULL has it). It is about 20× quicker than a fresh interpreter per call.

A few tests still start a real process (tests/cli/test_process.py and the passphrase prompts):
exit statuses through main.py and the `caseaudit` script, a pipe closed early, what a cold start
imports. Everything else about the command line is the same in-process.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from pathlib import Path
from typing import NamedTuple

ROOT = Path(__file__).resolve().parents[2]


class CliResult(NamedTuple):
    """What a run of the command line left: its exit status and everything it wrote."""

    returncode: int
    stdout: str
    stderr: str


class _NoTerminal(io.StringIO):
    """stdin with nothing to read and no terminal behind it (getpass must not be reached)."""

    def isatty(self) -> bool:
        return False


@contextmanager
def environment(env: Mapping[str, str | None] | None) -> Iterator[None]:
    """os.environ with `env` applied (None removes a variable), restored afterwards."""
    saved = {key: os.environ.get(key) for key in (env or {})}
    try:
        for key, value in (env or {}).items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def run_cli(*args: str | Path, env: Mapping[str, str | None] | None = None) -> CliResult:
    """`caseaudit ARGS…` in this process: (exit status, stdout, stderr)."""
    from app.cli import main

    out, err = io.StringIO(), io.StringIO()
    saved_stdin = sys.stdin
    sys.stdin = _NoTerminal()
    try:
        with environment(env), redirect_stdout(out), redirect_stderr(err):
            try:
                code = main([str(a) for a in args])
            except SystemExit as exc:  # argparse's --help and --version end this way
                if exc.code is None or isinstance(exc.code, int):
                    code = exc.code or 0
                else:
                    err.write(f"{exc.code}\n")
                    code = 1
    finally:
        sys.stdin = saved_stdin
    return CliResult(code, out.getvalue(), err.getvalue())


def run_process(*args: str | Path, env: Mapping[str, str | None] | None = None,
                timeout: float = 300) -> CliResult:
    """`python main.py ARGS…` in a fresh interpreter, stdin not a terminal: for the few tests that
    are about the process itself."""
    full_env = dict(os.environ)
    for key, value in (env or {}).items():
        if value is None:
            full_env.pop(key, None)
        else:
            full_env[key] = value
    full_env["PYTHONIOENCODING"] = "utf-8"
    done = subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], capture_output=True, text=True,
                          encoding="utf-8", cwd=ROOT, env=full_env, timeout=timeout, stdin=subprocess.DEVNULL)
    return CliResult(done.returncode, done.stdout, done.stderr)

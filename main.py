"""Start CaseAudit: the GUI when run bare, the command line when given a sub-command."""

from __future__ import annotations

import sys


def _wants_cli(argv: list[str]) -> bool:
    """True when the arguments name a sub-command (or --version/--help), not just --db."""
    args = list(argv)
    while args:
        a = args.pop(0)
        if a in ("--db", "--operator"):
            if args:
                args.pop(0)
            continue
        if a.startswith(("--db=", "--operator=")):
            continue
        return True
    return False


def _db_named(argv: list[str]) -> str | None:
    """The value of --db in `argv`, or None."""
    for i, a in enumerate(argv):
        if a == "--db" and i + 1 < len(argv):
            return argv[i + 1]
        if a.startswith("--db="):
            return a[len("--db="):]
    return None


def run(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if _wants_cli(argv):
        from app.cli import main as cli_main

        return cli_main(argv)
    from app.store import check_store_early

    check_store_early(_db_named(argv))  # the store is checked while the window's modules load
    from ui.app import main as gui_main

    return gui_main(argv)


if __name__ == "__main__":
    sys.exit(run())

"""The `caseaudit` command line: one module per command group (records, imports, audit, campaign,
review, rectify, reports, signing, exchange, backup, office), assembled by app.cli.main.

`caseaudit = "app.cli:main"` (pyproject.toml) and main.py call `main` from here.
"""

from app.cli.main import main

__all__ = ["main"]

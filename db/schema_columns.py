"""The columns each schema step added to a table that already existed — the one list of them.

    ADDED_COLUMNS[version][table] = ((column, "SQL type and default"), …)

`version` is the version the step reaches (the step version-1 → version). The steps in
db/migrations.py add these columns with `add_columns(conn, version)`, and the change log
(db/changelog_chain.py) reads the same list to digest a row as it was when it was sealed: a row
sealed at version v is digested over its table's columns minus those added after v, so a step
that adds a column does not make every row written before look edited.

A step that adds a column to an existing table must put it here (and use `add_columns`); a
column that is dropped or renamed in a table the change log covers would still change the old
digests, so such a step needs its own plan. Tables a step creates whole are not listed: their
rows cannot have been sealed before the table existed.
"""

from __future__ import annotations

from sqlalchemy import Connection, inspect

from db.sort_key import KEYED, key_name

Columns = tuple[tuple[str, str], ...]

ADDED_COLUMNS: dict[int, dict[str, Columns]] = {
    # 2: the change log becomes a hash chain (the step also computes the hashes)
    2: {"change_log": (("prev_hash", "VARCHAR(64) NOT NULL DEFAULT ''"),
                       ("hash", "VARCHAR(64) NOT NULL DEFAULT ''"))},
    # 8: exported packages keep the id of their change-log head
    8: {"exported_packages": (("changelog_head_id", "INTEGER"),)},
    # 9: what the 双公示 layouts carry (DOMAIN.md §5.1)
    9: {"cases": (("party_kind", "VARCHAR(20) NOT NULL DEFAULT ''"),
                  ("penalty_kinds", "TEXT NOT NULL DEFAULT ''"),
                  ("penalty_valid_to", "DATE"),
                  ("publicity_until", "DATE")),
        "units": (("credit_code", "VARCHAR(30) NOT NULL DEFAULT ''"),)},
    # 10: the law checks by date, in the models' order
    10: {"cases": (("field", "VARCHAR(100) NOT NULL DEFAULT ''"),
                   ("act_on", "DATE"),
                   ("hearing_requested_on", "DATE"),
                   ("hearing_waived_on", "DATE"),
                   ("legal_review_outcome", "VARCHAR(20) NOT NULL DEFAULT ''"),
                   ("extension_on", "DATE"),
                   ("extended_to", "DATE"),
                   ("surcharge_fen", "INTEGER"),
                   ("surcharge_exempt", "BOOLEAN NOT NULL DEFAULT 0")),
         "receipts": (("onsite_reason", "TEXT NOT NULL DEFAULT ''"),
                      ("handed_over_on", "DATE"))},
    # 11: the people's group, unit and phone; every member an older store holds was entered as
    # one of the leadership group
    11: {"campaign_members": (("group_name", "TEXT NOT NULL DEFAULT '领导小组'"),
                              ("unit", "TEXT NOT NULL DEFAULT ''"),
                              ("phone", "VARCHAR(50) NOT NULL DEFAULT ''"))},
    # 12: dispositions as data, units' reports, officers' status date, campaign addressee
    12: {"dispositions": (("decided_by", "VARCHAR(100) NOT NULL DEFAULT ''"),
                          ("deadline", "DATE"),
                          ("officer_id", "INTEGER REFERENCES officers(id)"),
                          ("document_id", "INTEGER REFERENCES issued_documents(id)")),
         "problems": (("unit_report_id", "INTEGER REFERENCES unit_reports(id)"),),
         "officers": (("status_on", "DATE"),),
         "campaigns": (("addressee", "TEXT NOT NULL DEFAULT ''"),)},
    # 18: the sort keys of the registers' text columns (db/sort_key.py), back-filled by the step
    18: {table: tuple((key_name(c), "TEXT") for c in columns) for table, columns in KEYED.items()},
    # 20: the version of every record a person edits in a form (app/concurrency.py): a second
    # desk's save against an older version is refused
    20: {table: (("row_version", "INTEGER NOT NULL DEFAULT 1"),) for table in (
        "units", "officers", "cases", "ledger_entries", "receipts", "findings", "problems", "complaints",
        "visits")},
    # 21: the bureau keeps each received package's figures beside its data.json
    21: {"received_packages": (("figures_json", "TEXT"),)},
}


def flat(version: int) -> tuple[tuple[str, str, str], ...]:
    """(table, column, SQL type and default) for every column `version` added, in order."""
    return tuple((table, name, ddl) for table, columns in ADDED_COLUMNS.get(version, {}).items()
                 for name, ddl in columns)


def add_columns(conn: Connection, version: int) -> None:
    """Add the columns `version` brings to the tables that do not have them yet. A column already
    there is left alone, as create_all leaves a table: a store that reached an older version
    during this same upgrade got its new tables from today's models, and a copy of a newer schema
    set back to an older version number keeps its newer columns."""
    for table, columns in ADDED_COLUMNS.get(version, {}).items():
        have = {c["name"] for c in inspect(conn).get_columns(table)}
        for name, ddl in columns:
            if name not in have:
                conn.exec_driver_sql(f'ALTER TABLE "{table}" ADD COLUMN "{name}" {engine_ddl(ddl, conn.dialect.name)}')


def engine_ddl(ddl: str, engine: str) -> str:
    """A column's SQL as the engine takes it: SQLite's BOOLEAN DEFAULT 0/1 is false/true on
    PostgreSQL, which refuses an integer default for a boolean. Everything else in the list is
    standard SQL both run."""
    if engine == "sqlite" or not ddl.upper().startswith("BOOLEAN"):
        return ddl
    return ddl.replace("DEFAULT 0", "DEFAULT false").replace("DEFAULT 1", "DEFAULT true")


def added_after(version: int, table: str) -> frozenset[str]:
    """The columns of `table` that steps after `version` added (empty for the current version).
    Read from the registry at each call: it is a few dozen entries, and a test may add a step."""
    return frozenset(name for v, tables in ADDED_COLUMNS.items() if v > version
                     for name, _ddl in tables.get(table, ()))

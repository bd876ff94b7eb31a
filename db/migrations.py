"""Explicit schema versions (PRAGMA user_version) and the steps between them.

Version 1: the first schema (registers, import batches, a plain change log).
Version 2: the change log becomes a hash chain (prev_hash, hash), computed for old entries.
Version 3: the audit's tables: findings, discretion_benchmarks, calendar_years.
Version 4: campaigns (taxonomy copy, phases, leadership group), samples, case reviews.
Version 5: rectification: settings, problems, progress entries, evidence files, dispositions,
           category mappings.
Version 6: signing: the office's signing certificates (signers) and signed reports.
Version 7: exchange: the office's package key and exported packages; the bureau's received
           offices, their keys and packages.
Version 8: (the keyed change log)
Version 9: what the 双公示 layouts carry: cases.party_kind, penalty_kinds, penalty_valid_to,
           publicity_until; units.credit_code.

A step is a function run inside the one upgrade transaction; add a step, bump CURRENT.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Connection, Table, text

from db.changelog import entry_hash
from db.models import (
    Base,
    CaseFile,
    CaseOfficer,
    ChangeLogEntry,
    ImportBatch,
    LedgerEntry,
    Officer,
    Receipt,
    Unit,
    table_of,
)
from db.models_audit import CalendarYear, DiscretionBenchmark, Finding
from db.models_campaign import (
    Campaign,
    CampaignCategory,
    CampaignManifestation,
    CampaignMember,
    CampaignPhase,
)
from db.models_exchange import ExportedPackage, OfficeKey, ReceivedOffice, ReceivedOfficeKey, ReceivedPackage
from db.models_rectify import CategoryMapping, Disposition, EvidenceFile, Problem, ProgressEntry
from db.models_review import Review, ReviewItem
from db.models_sampling import SampleDraw
from db.models_settings import Setting
from db.models_signing import SignedReport, Signer

CURRENT_VERSION = 9


def _tables(*models: type[Base]) -> list[Table]:
    return [table_of(m) for m in models]


# The tables each schema version added, parents before children. The model modules are named by
# concept; these lists say which version brought which table, and in what order a new store
# creates them (`ALL_TABLES`), so the schema stays the same whatever order the modules load in.
CORE_TABLES = _tables(Unit, ImportBatch, Officer, CaseFile, CaseOfficer, LedgerEntry, Receipt, ChangeLogEntry)
AUDIT_TABLES = _tables(Finding, DiscretionBenchmark, CalendarYear)  # version 3
CAMPAIGN_TABLES = _tables(Campaign, CampaignPhase, CampaignMember, CampaignCategory, CampaignManifestation,
                          SampleDraw, Review, ReviewItem)  # version 4
RECTIFY_TABLES = _tables(Setting, Problem, ProgressEntry, EvidenceFile, Disposition, CategoryMapping)  # version 5
SIGNING_TABLES = _tables(Signer, SignedReport)  # version 6
EXCHANGE_TABLES = _tables(OfficeKey, ExportedPackage, ReceivedOffice, ReceivedOfficeKey, ReceivedPackage)  # version 7
ALL_TABLES = [*CORE_TABLES, *AUDIT_TABLES, *CAMPAIGN_TABLES, *RECTIFY_TABLES, *SIGNING_TABLES, *EXCHANGE_TABLES]


def create_current(conn: Connection) -> None:
    """Create every table of the current schema on an empty database."""
    Base.metadata.create_all(conn, tables=ALL_TABLES)


def _v1_to_v2(conn: Connection) -> None:
    conn.exec_driver_sql("ALTER TABLE change_log ADD COLUMN prev_hash VARCHAR(64) NOT NULL DEFAULT ''")
    conn.exec_driver_sql("ALTER TABLE change_log ADD COLUMN hash VARCHAR(64) NOT NULL DEFAULT ''")
    rows = conn.execute(text(
        "SELECT id, at, operator, action, table_name, record_id, before_json, after_json "
        "FROM change_log ORDER BY id")).all()
    prev = ""
    for r in rows:
        at = r.at if isinstance(r.at, datetime) else datetime.fromisoformat(str(r.at))
        h = entry_hash(prev, at, r.operator, r.action, r.table_name, r.record_id, r.before_json, r.after_json)
        conn.execute(text("UPDATE change_log SET prev_hash=:p, hash=:h WHERE id=:i"), {"p": prev, "h": h, "i": r.id})
        prev = h


def _v2_to_v3(conn: Connection) -> None:
    Base.metadata.create_all(conn, tables=AUDIT_TABLES)


def _v3_to_v4(conn: Connection) -> None:
    Base.metadata.create_all(conn, tables=CAMPAIGN_TABLES)


def _v4_to_v5(conn: Connection) -> None:
    Base.metadata.create_all(conn, tables=RECTIFY_TABLES)


def _v5_to_v6(conn: Connection) -> None:
    Base.metadata.create_all(conn, tables=SIGNING_TABLES)


def _v6_to_v7(conn: Connection) -> None:
    Base.metadata.create_all(conn, tables=EXCHANGE_TABLES)


def _v7_to_v8_placeholder(conn: Connection) -> None:
    # placeholder: the keyed change log step lands from another branch
    return None


def _add_credit_layout_fields(conn: Connection) -> None:
    """Version 8 → 9: the columns for what the 双公示 layouts carry (DOMAIN.md §5.1). A column
    already there is left alone, as create_all leaves a table (a store set back to an older
    version number keeps its newer columns)."""
    for table, column, decl in (
        ("cases", "party_kind", "VARCHAR(20) NOT NULL DEFAULT ''"),
        ("cases", "penalty_kinds", "TEXT NOT NULL DEFAULT ''"),
        ("cases", "penalty_valid_to", "DATE"),
        ("cases", "publicity_until", "DATE"),
        ("units", "credit_code", "VARCHAR(30) NOT NULL DEFAULT ''"),
    ):
        present = {r[1] for r in conn.exec_driver_sql(f"PRAGMA table_info({table})")}
        if column not in present:
            conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {column} {decl}")


STEPS: dict[int, Callable[[Connection], None]] = {
    1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4, 4: _v4_to_v5, 5: _v5_to_v6, 6: _v6_to_v7,
    7: _v7_to_v8_placeholder,  # placeholder: the keyed change log step lands from another branch
    8: _add_credit_layout_fields,
}


def migrate(conn: Connection, from_version: int) -> None:
    """Apply every step from `from_version` to CURRENT_VERSION on `conn` (already in a transaction)."""
    for version in range(from_version, CURRENT_VERSION):
        STEPS[version](conn)
    conn.exec_driver_sql(f"PRAGMA user_version={CURRENT_VERSION}")

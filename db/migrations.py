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
Version 8: the change log is keyed (HMAC with a key kept beside the store, db/changelog_key.py)
           and covers the rows it wrote (change_log_rows) and its own length and head
           (change_log_state); existing entries are re-keyed from the first one, after their old
           chain is checked, and the re-keying is recorded as the first key era. Exported
           packages keep the id of their change-log head.
Version 9: what the 双公示 layouts carry: cases.party_kind, penalty_kinds, penalty_valid_to,
           publicity_until; units.credit_code.
Version 10: the law checks by date: case columns (field, act, hearing request and waiver, review
           outcome, extension, surcharge) and receipt columns (on-site ground, 上缴 date).
Version 11: campaigns as the unit of work: milestones, the units' submissions, and the people's
           group (领导小组 / working group), unit and phone.
Version 12: campaign documents and dispositions as data: disposition terms, issued documents
           with their numbers, typical cases, unit assessments, units' Excel reports; new
           columns dispositions.decided_by/deadline/officer_id/document_id,
           problems.unit_report_id, officers.status_on, campaigns.addressee.
Versions 13–16: placeholders here; their steps land from other branches.
Version 17: an index on receipts (series, number), the order the audit's gap query reads a book in.

A step is a function run inside the one upgrade transaction; add a step, bump CURRENT. From
version 8 on, a step that changes the columns of a table whose rows the change log covers must
also re-seal those rows' digests (change_log_rows), or `log verify` reports them as edited.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Connection, Table, inspect, text

from db.changelog_chain import legacy_entry_hash
from db.changelog_rekey import rekey_chain
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
    CampaignMilestone,
    CampaignPhase,
    CampaignSubmission,
)
from db.models_changelog import ChangeLogRow, ChangeLogState
from db.models_exchange import ExportedPackage, OfficeKey, ReceivedOffice, ReceivedOfficeKey, ReceivedPackage
from db.models_rectify import (
    CategoryMapping,
    Disposition,
    DispositionTerm,
    EvidenceFile,
    IssuedDocument,
    Problem,
    ProgressEntry,
    TypicalCase,
    UnitAssessment,
    UnitReport,
    UnitReportCount,
)
from db.models_review import Review, ReviewItem
from db.models_sampling import SampleDraw
from db.models_settings import Setting
from db.models_signing import SignedReport, Signer

CURRENT_VERSION = 17


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
CHANGELOG_TABLES = _tables(ChangeLogRow, ChangeLogState)  # version 8: the keyed log's row digests and state
CAMPAIGN_WORK_TABLES = _tables(CampaignMilestone, CampaignSubmission)  # version 11
DOCUMENT_TABLES = _tables(IssuedDocument, DispositionTerm, TypicalCase, UnitAssessment, UnitReport,
                          UnitReportCount)  # version 12
ALL_TABLES = [*CORE_TABLES, *AUDIT_TABLES, *CAMPAIGN_TABLES, *RECTIFY_TABLES, *SIGNING_TABLES, *EXCHANGE_TABLES,
              *CHANGELOG_TABLES, *CAMPAIGN_WORK_TABLES, *DOCUMENT_TABLES]


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
        h = legacy_entry_hash(prev, at, r.operator, r.action, r.table_name, r.record_id, r.before_json, r.after_json)
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


def _v7_to_v8(conn: Connection) -> None:
    Base.metadata.create_all(conn, tables=CHANGELOG_TABLES)
    columns = {r[1] for r in conn.exec_driver_sql("PRAGMA table_info(exported_packages)")}
    if "changelog_head_id" not in columns:  # a store of version ≤ 6 got the table as it is now
        conn.exec_driver_sql("ALTER TABLE exported_packages ADD COLUMN changelog_head_id INTEGER")
    rekey_chain(conn)


def _v8_to_v9(conn: Connection) -> None:
    """The columns for what the 双公示 layouts carry (DOMAIN.md §5.1). A column already there is
    left alone, as create_all leaves a table (a store set back to an older version number keeps
    its newer columns)."""
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


# (table, column, SQL type and default) added by version 10, in the models' order.
LAW_COLUMNS: tuple[tuple[str, str, str], ...] = (
    ("cases", "field", "VARCHAR(100) NOT NULL DEFAULT ''"),
    ("cases", "act_on", "DATE"),
    ("cases", "hearing_requested_on", "DATE"),
    ("cases", "hearing_waived_on", "DATE"),
    ("cases", "legal_review_outcome", "VARCHAR(20) NOT NULL DEFAULT ''"),
    ("cases", "extension_on", "DATE"),
    ("cases", "extended_to", "DATE"),
    ("cases", "surcharge_fen", "INTEGER"),
    ("cases", "surcharge_exempt", "BOOLEAN NOT NULL DEFAULT 0"),
    ("receipts", "onsite_reason", "TEXT NOT NULL DEFAULT ''"),
    ("receipts", "handed_over_on", "DATE"),
)


def _v9_to_v10(conn: Connection) -> None:
    """Add the columns a table does not have yet (a store may carry them already: a copy of a newer
    schema set back to an older version, as the upgrade tests make)."""
    for table, column, spec in LAW_COLUMNS:
        have = {r[1] for r in conn.exec_driver_sql(f"PRAGMA table_info({table})")}
        if column not in have:
            conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {column} {spec}")


def _v10_to_v11(conn: Connection) -> None:
    # The people's columns, with the defaults the model gives new rows: every member an older
    # store holds was entered as one of the leadership group. A store that reached version 4
    # during this same upgrade already has them (step 3→4 creates the tables from today's models).
    have = {c["name"] for c in inspect(conn).get_columns("campaign_members")}
    for name, ddl in (("group_name", "TEXT NOT NULL DEFAULT '领导小组'"), ("unit", "TEXT NOT NULL DEFAULT ''"),
                      ("phone", "VARCHAR(50) NOT NULL DEFAULT ''")):
        if name not in have:
            conn.exec_driver_sql(f"ALTER TABLE campaign_members ADD COLUMN {name} {ddl}")
    Base.metadata.create_all(conn, tables=CAMPAIGN_WORK_TABLES)



V12_COLUMNS = (("dispositions", "decided_by", "VARCHAR(100) NOT NULL DEFAULT ''"),
               ("dispositions", "deadline", "DATE"),
               ("dispositions", "officer_id", "INTEGER REFERENCES officers(id)"),
               ("dispositions", "document_id", "INTEGER REFERENCES issued_documents(id)"),
               ("problems", "unit_report_id", "INTEGER REFERENCES unit_reports(id)"),
               ("officers", "status_on", "DATE"),
               ("campaigns", "addressee", "TEXT NOT NULL DEFAULT ''"))


def _v11_to_v12(conn: Connection) -> None:
    Base.metadata.create_all(conn, tables=DOCUMENT_TABLES)
    insp = inspect(conn)
    for table, column, ddl in V12_COLUMNS:
        if column not in {c["name"] for c in insp.get_columns(table)}:
            conn.exec_driver_sql(f"ALTER TABLE {table} ADD COLUMN {column} {ddl}")
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_problems_unit_report_id ON problems (unit_report_id)")


def _placeholder(conn: Connection) -> None:
    """placeholder: lands from another branch (steps 12→13 … 15→16)."""


def _v16_to_v17(conn: Connection) -> None:
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_receipts_series_number ON receipts (series, number)")


STEPS: dict[int, Callable[[Connection], None]] = {1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4, 4: _v4_to_v5,
                                                 5: _v5_to_v6, 6: _v6_to_v7, 7: _v7_to_v8, 8: _v8_to_v9,
                                                 9: _v9_to_v10, 10: _v10_to_v11,
                                                 11: _v11_to_v12,
                                                 12: _placeholder,  # placeholder: lands from another branch
                                                 13: _placeholder,  # placeholder: lands from another branch
                                                 14: _placeholder,  # placeholder: lands from another branch
                                                 15: _placeholder,  # placeholder: lands from another branch
                                                 16: _v16_to_v17}


def migrate(conn: Connection, from_version: int) -> None:
    """Apply every step from `from_version` to CURRENT_VERSION on `conn` (already in a transaction)."""
    for version in range(from_version, CURRENT_VERSION):
        STEPS[version](conn)
    conn.exec_driver_sql(f"PRAGMA user_version={CURRENT_VERSION}")

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
Versions 8–11: placeholders (steps that land from other branches).
Version 12: campaign documents and dispositions as data: disposition terms, issued documents
           with their numbers, typical cases, unit assessments, units' Excel reports; new
           columns dispositions.decided_by/deadline/officer_id/document_id,
           problems.unit_report_id, officers.status_on, campaigns.addressee.

A step is a function run inside the one upgrade transaction; add a step, bump CURRENT.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Connection, Table, inspect, text

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

CURRENT_VERSION = 12


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
DOCUMENT_TABLES = _tables(IssuedDocument, DispositionTerm, TypicalCase, UnitAssessment, UnitReport,
                          UnitReportCount)  # version 12
ALL_TABLES = [*CORE_TABLES, *AUDIT_TABLES, *CAMPAIGN_TABLES, *RECTIFY_TABLES, *SIGNING_TABLES, *EXCHANGE_TABLES,
              *DOCUMENT_TABLES]


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


def _placeholder(conn: Connection) -> None:
    """placeholder: lands from another branch"""


# Columns version 12 added to older tables. A store upgraded from before version 5 got its
# tables from today's models (the earlier steps create them from the current classes), so a
# column is added only where it is missing.
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


STEPS: dict[int, Callable[[Connection], None]] = {1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4, 4: _v4_to_v5,
                                                 5: _v5_to_v6, 6: _v6_to_v7,
                                                 7: _placeholder,  # placeholder: lands from another branch
                                                 8: _placeholder,  # placeholder: lands from another branch
                                                 9: _placeholder,  # placeholder: lands from another branch
                                                 10: _placeholder,  # placeholder: lands from another branch
                                                 11: _v11_to_v12}


def migrate(conn: Connection, from_version: int) -> None:
    """Apply every step from `from_version` to CURRENT_VERSION on `conn` (already in a transaction)."""
    for version in range(from_version, CURRENT_VERSION):
        STEPS[version](conn)
    conn.exec_driver_sql(f"PRAGMA user_version={CURRENT_VERSION}")

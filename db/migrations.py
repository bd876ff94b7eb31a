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
Version 13: (placeholder: lands from another branch).
Version 14: publication lists as published: publication_lists (the decision dates a list covers,
           its last publication date) and publications (a case's decision as a list shows it).
Version 15: the office's registers: complaints and their files, return-visit draws and visits,
           questionnaires, their imported sheets and responses (db/models_registers.py).
Version 16: the office's process registers: whole-process records (process_records) and the
           三项制度 task table (plan_tasks, plan_task_progress).
Version 17: an index on receipts (series, number), the order the audit's gap query reads a book in.
Version 18: a sort key beside each sortable text column of the registers (`case_no_sort`, …,
           db/sort_key.py), back-filled from the text, and indexes on the most sorted ones.
Version 19: personal accounts with roles (accounts) and who entered and approved each problem's
           measure (measure_accounts), db/models_accounts.py.
Version 20: row_version on the records a person edits in a form (units, officers, cases, ledger
           rows, receipts, findings, problems, complaints, visits): two desks saving the same
           record, the second is refused (app/concurrency.py).
Version 21: received_packages.figures_json: the package's figures for `bureau summary`, worked out
           once when the package is imported (app/exchange/figures.py), so a summary over a
           hundred offices reads a few kilobytes instead of parsing every data.json. Packages
           imported before keep NULL there and are read from their data.json as before.
Version 22: evidence_blobs: on a server store every evidence file's bytes, by SHA-256, so every
           desk can open a file another desk attached (db/models_evidence.py).
Version 23: two indexes on case_officers, (case_id, name, cert_no, position) and (cert_no,
           name), from which the officer rules count each case's names, list the officers as
           written and read those of the cases that may fail without reading the table's rows.

A step is a function run inside the one upgrade transaction; add a step, bump CURRENT_VERSION
(db/schema_version.py). A step that adds columns to a table that already exists lists them in
db/schema_columns.py and calls `add_columns(conn, version)`: the change log digests a row sealed
at version v over the columns that existed at v, so rows written before the step still verify
(no re-sealing, which would change the entry MACs and the heads already sent to the bureau).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from sqlalchemy import Connection, Table, bindparam, select, text, update

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
from db.models_accounts import Account, MeasureAccount
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
from db.models_evidence import EvidenceBlob
from db.models_exchange import ExportedPackage, OfficeKey, ReceivedOffice, ReceivedOfficeKey, ReceivedPackage
from db.models_process import PlanTask, PlanTaskProgress, ProcessRecord
from db.models_publication import Publication, PublicationList
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
from db.models_registers import (
    Complaint,
    ComplaintFile,
    Survey,
    SurveyImport,
    SurveyResponse,
    Visit,
    VisitDraw,
)
from db.models_review import Review, ReviewItem
from db.models_sampling import SampleDraw
from db.models_settings import Setting
from db.models_signing import SignedReport, Signer
from db.schema_columns import add_columns, flat
from db.schema_version import CURRENT_VERSION
from db.sort_key import key_sources, stored_key
from db.stored_version import write_stored_version

__all__ = ["ACCOUNT_TABLES", "ALL_TABLES", "CURRENT_VERSION", "LAW_COLUMNS", "STEPS", "V12_COLUMNS", "create_current", "migrate"]


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
PUBLICATION_TABLES = _tables(PublicationList, Publication)  # version 14
REGISTER_TABLES = _tables(Complaint, ComplaintFile, VisitDraw, Visit, Survey, SurveyImport,
                          SurveyResponse)  # version 15
PROCESS_TABLES = _tables(ProcessRecord, PlanTask, PlanTaskProgress)  # version 16
ACCOUNT_TABLES = _tables(Account, MeasureAccount)  # version 19
EVIDENCE_BLOB_TABLES = _tables(EvidenceBlob)  # version 22
ALL_TABLES = [*CORE_TABLES, *AUDIT_TABLES, *CAMPAIGN_TABLES, *RECTIFY_TABLES, *SIGNING_TABLES, *EXCHANGE_TABLES,
              *CHANGELOG_TABLES, *CAMPAIGN_WORK_TABLES, *DOCUMENT_TABLES, *PUBLICATION_TABLES, *REGISTER_TABLES,
              *PROCESS_TABLES, *ACCOUNT_TABLES, *EVIDENCE_BLOB_TABLES]


def create_current(conn: Connection) -> None:
    """Create every table of the current schema on an empty database."""
    Base.metadata.create_all(conn, tables=ALL_TABLES)


def _v1_to_v2(conn: Connection) -> None:
    add_columns(conn, 2)
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
    # change_log_rows is made with its `schema` column (the version each digest was sealed under):
    # no store of version 8 or later was released without it, so this step creates it whole
    Base.metadata.create_all(conn, tables=CHANGELOG_TABLES)
    add_columns(conn, 8)  # a store of version ≤ 6 got exported_packages as it is now
    rekey_chain(conn)


def _v8_to_v9(conn: Connection) -> None:
    """The columns for what the 双公示 layouts carry (DOMAIN.md §5.1)."""
    add_columns(conn, 9)


# (table, column, SQL type and default) added by version 10, in the models' order.
LAW_COLUMNS: tuple[tuple[str, str, str], ...] = flat(10)


def _v9_to_v10(conn: Connection) -> None:
    """The law checks' columns on cases and receipts."""
    add_columns(conn, 10)


def _v10_to_v11(conn: Connection) -> None:
    """The people's columns, with the defaults the model gives new rows (db/schema_columns.py),
    then the milestone and submission tables."""
    add_columns(conn, 11)
    Base.metadata.create_all(conn, tables=CAMPAIGN_WORK_TABLES)


V12_COLUMNS: tuple[tuple[str, str, str], ...] = flat(12)


def _v11_to_v12(conn: Connection) -> None:
    Base.metadata.create_all(conn, tables=DOCUMENT_TABLES)  # first: the new columns refer to them
    add_columns(conn, 12)
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_problems_unit_report_id ON problems (unit_report_id)")


def _v12_to_v13(conn: Connection) -> None:
    """placeholder: lands from another branch"""


def _v13_to_v14(conn: Connection) -> None:
    Base.metadata.create_all(conn, tables=PUBLICATION_TABLES)  # create_all leaves a table that is there


def _v14_to_v15(conn: Connection) -> None:
    Base.metadata.create_all(conn, tables=REGISTER_TABLES)


def _v15_to_v16(conn: Connection) -> None:
    Base.metadata.create_all(conn, tables=PROCESS_TABLES)


def _v16_to_v17(conn: Connection) -> None:
    conn.exec_driver_sql("CREATE INDEX IF NOT EXISTS ix_receipts_series_number ON receipts (series, number)")


def _v17_to_v18(conn: Connection) -> None:
    """The sort-key columns, filled from their text a thousand rows at a time, then their indexes."""
    add_columns(conn, 18)
    for table in ALL_TABLES:
        sources = key_sources(table)
        if not sources:
            continue
        texts = [table.c[c] for c in sources.values()]
        stmt = update(table).where(table.c.id == bindparam("row_id")).values(
            {key: bindparam(key) for key in sources})
        rows = conn.execute(select(table.c.id, *texts)).all()
        for start in range(0, len(rows), 1000):
            conn.execute(stmt, [{"row_id": r[0], **{key: stored_key(v) for key, v in zip(sources, r[1:], strict=True)}}
                                for r in rows[start:start + 1000]])
        for index in table.indexes:
            if any(c.name in sources for c in index.columns):
                index.create(conn, checkfirst=True)


def _v18_to_v19(conn: Connection) -> None:
    Base.metadata.create_all(conn, tables=ACCOUNT_TABLES)


def _v19_to_v20(conn: Connection) -> None:
    """The edit version of the records a person edits in a form; every existing row is at 1."""
    add_columns(conn, 20)


def _v20_to_v21(conn: Connection) -> None:
    """The bureau's per-package figures (filled by the next import of each office; see above)."""
    add_columns(conn, 21)


def _v21_to_v22(conn: Connection) -> None:
    """The evidence files' bytes of a server store (empty on SQLite, whose files stay beside it)."""
    Base.metadata.create_all(conn, tables=EVIDENCE_BLOB_TABLES)


OFFICER_INDEXES = ("ix_case_officers_case_name_cert", "ix_case_officers_cert_name")  # version 23


def _v22_to_v23(conn: Connection) -> None:
    """The officer rules' indexes, as the model declares them (CaseOfficer.__table_args__)."""
    for index in table_of(CaseOfficer).indexes:
        if index.name in OFFICER_INDEXES:
            index.create(conn, checkfirst=True)


STEPS: dict[int, Callable[[Connection], None]] = {1: _v1_to_v2, 2: _v2_to_v3, 3: _v3_to_v4, 4: _v4_to_v5,
                                                 5: _v5_to_v6, 6: _v6_to_v7, 7: _v7_to_v8, 8: _v8_to_v9,
                                                 9: _v9_to_v10, 10: _v10_to_v11,
                                                 11: _v11_to_v12, 12: _v12_to_v13, 13: _v13_to_v14,
                                                 14: _v14_to_v15, 15: _v15_to_v16, 16: _v16_to_v17,
                                                 17: _v17_to_v18, 18: _v18_to_v19, 19: _v19_to_v20,
                                                 20: _v20_to_v21, 21: _v21_to_v22, 22: _v22_to_v23}


def migrate(conn: Connection, from_version: int) -> None:
    """Apply every step from `from_version` to CURRENT_VERSION on `conn` (already in a transaction)."""
    for version in range(from_version, CURRENT_VERSION):
        STEPS[version](conn)
    write_stored_version(conn, CURRENT_VERSION)

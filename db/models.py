"""The store's tables, as SQLAlchemy 2 typed models.

Money is integer fen (`*_fen`), never float; dates are `date`; ID and certificate numbers are
text. Every record that came from a spreadsheet points at its import batch and remembers the
Excel row it came from, so a finding can always be traced back to a cell.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from db.money_type import FEN
from db.sort_key import keep_keys_on_update, sort_key_column


class Base(DeclarativeBase):
    pass


def table_of(model: type[Base]) -> Table:
    """The model's Table, for Core statements (SQLAlchemy types `__table__` as any FromClause)."""
    table = model.__table__
    assert isinstance(table, Table)
    return table


def row_version_column() -> Mapped[int]:
    """The version of a record a person edits in a form (schema step 20). Mapped as the model's
    `version_id_col`, so every ORM update adds 1 and checks the version it read; rows written by
    Core get 1 from the defaults (the importer fills in scalar defaults; raw SQL, the server's)."""
    return mapped_column(Integer, nullable=False, default=1, server_default=text("1"))


class Unit(Base):
    """An enforcement unit (执法单位)."""

    __tablename__ = "units"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    field: Mapped[str] = mapped_column(String(100), default="")
    # schema 9: the 处罚机关统一社会信用代码 a 双公示 file gives for the deciding office
    credit_code: Mapped[str] = mapped_column(String(30), default="")
    # schema 18: the sort keys (db/sort_key.py) of the text columns a clerk sorts by
    name_sort: Mapped[str | None] = sort_key_column("name")
    # schema 20: the edit's version (app/concurrency.py); a save against an older one is refused
    row_version: Mapped[int] = row_version_column()
    __mapper_args__ = {"version_id_col": row_version}


class ImportBatch(Base):
    """One spreadsheet taken into the store: its provenance and counts."""

    __tablename__ = "import_batches"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(20))
    file_name: Mapped[str] = mapped_column(Text)
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    sheet: Mapped[str] = mapped_column(Text, default="")
    header_row: Mapped[int] = mapped_column(Integer)
    imported_at: Mapped[datetime] = mapped_column(DateTime)
    operator: Mapped[str] = mapped_column(String(100), default="")
    rows_read: Mapped[int] = mapped_column(Integer, default=0)
    imported: Mapped[int] = mapped_column(Integer, default=0)
    skipped_blank: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[int] = mapped_column(Integer, default=0)
    mapping_json: Mapped[str] = mapped_column(Text, default="{}")
    # One batch per (kind, file, sheet): a workbook may hold a 2018 and a 2019 ledger sheet.
    __table_args__ = (UniqueConstraint("kind", "sha256", "sheet", name="uq_batch_kind_sha_sheet"),)


class Officer(Base):
    """An enforcement officer or an auxiliary (辅助人员, who holds no certificate)."""

    __tablename__ = "officers"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(100), index=True)
    cert_no: Mapped[str | None] = mapped_column(String(50), unique=True)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    field: Mapped[str] = mapped_column(String(100), default="")
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_to: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(10), default="有效")
    # the day the status took effect (暂扣执法证件 records it; None: as imported, date unknown)
    status_on: Mapped[date | None] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(10), default="执法人员")
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"))
    source_row: Mapped[int | None] = mapped_column(Integer)
    unit: Mapped[Unit | None] = relationship()
    # schema 18: the sort keys (db/sort_key.py) of the text columns a clerk sorts by
    name_sort: Mapped[str | None] = sort_key_column("name")
    cert_no_sort: Mapped[str | None] = sort_key_column("cert_no")
    field_sort: Mapped[str | None] = sort_key_column("field")
    status_sort: Mapped[str | None] = sort_key_column("status")
    kind_sort: Mapped[str | None] = sort_key_column("kind")
    # schema 20: the edit's version (app/concurrency.py); a save against an older one is refused
    row_version: Mapped[int] = row_version_column()
    __mapper_args__ = {"version_id_col": row_version}


class CaseFile(Base):
    """A penalty case file (处罚案卷), keyed by its normalised case number."""

    __tablename__ = "cases"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_no: Mapped[str] = mapped_column(String(100))
    case_key: Mapped[str] = mapped_column(String(100), unique=True)
    cause: Mapped[str] = mapped_column(Text, default="")
    party: Mapped[str] = mapped_column(Text, default="")
    party_id: Mapped[str] = mapped_column(String(30), default="")
    facts: Mapped[str] = mapped_column(Text, default="")
    legal_basis: Mapped[str] = mapped_column(Text, default="")
    penalty: Mapped[str] = mapped_column(Text, default="")
    fine_fen: Mapped[int | None] = mapped_column(FEN)
    confiscation_fen: Mapped[int | None] = mapped_column(FEN)
    filed_on: Mapped[date | None] = mapped_column(Date)
    notified_on: Mapped[date | None] = mapped_column(Date)
    hearing_on: Mapped[date | None] = mapped_column(Date)
    decided_on: Mapped[date | None] = mapped_column(Date, index=True)
    served_on: Mapped[date | None] = mapped_column(Date)
    paid_on: Mapped[date | None] = mapped_column(Date)
    closed_on: Mapped[date | None] = mapped_column(Date)
    published_on: Mapped[date | None] = mapped_column(Date)
    major: Mapped[bool] = mapped_column(Boolean, default=False)
    legal_review_on: Mapped[date | None] = mapped_column(Date)
    enforcement: Mapped[str] = mapped_column(String(50), default="")
    archive_location: Mapped[str] = mapped_column(Text, default="")
    # The law checks by date (schema version 10, DOMAIN §3.3): the case's field (for the office's
    # sector rules and catalogue), the act's date (一事不再罚), the hearing request and waiver
    # (`hearing_on` above is the hearing held), the review's outcome, an approved extension of the
    # decision period and the late-payment surcharge. Kept together: other steps add other blocks.
    field: Mapped[str] = mapped_column(String(100), default="")
    act_on: Mapped[date | None] = mapped_column(Date)
    hearing_requested_on: Mapped[date | None] = mapped_column(Date)
    hearing_waived_on: Mapped[date | None] = mapped_column(Date)
    legal_review_outcome: Mapped[str] = mapped_column(String(20), default="")
    extension_on: Mapped[date | None] = mapped_column(Date)
    extended_to: Mapped[date | None] = mapped_column(Date)
    surcharge_fen: Mapped[int | None] = mapped_column(FEN)
    surcharge_exempt: Mapped[bool] = mapped_column(Boolean, default=False)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"), index=True)
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"))
    source_row: Mapped[int | None] = mapped_column(Integer)
    # schema 9 — what the 双公示 layouts carry (DOMAIN.md §5.1): the party's kind (法人及非法人组织 /
    # 自然人 / 个体工商户), the 处罚类别 as written, the 处罚有效期 and the 公示截止期
    party_kind: Mapped[str] = mapped_column(String(20), default="")
    penalty_kinds: Mapped[str] = mapped_column(Text, default="")
    penalty_valid_to: Mapped[date | None] = mapped_column(Date)
    publicity_until: Mapped[date | None] = mapped_column(Date)
    unit: Mapped[Unit | None] = relationship()
    officers: Mapped[list[CaseOfficer]] = relationship(
        back_populates="case", cascade="all, delete-orphan", order_by="CaseOfficer.position"
    )
    # schema 18: the sort keys (db/sort_key.py) of the text columns a clerk sorts by
    case_no_sort: Mapped[str | None] = sort_key_column("case_no")
    cause_sort: Mapped[str | None] = sort_key_column("cause")
    party_sort: Mapped[str | None] = sort_key_column("party")
    party_id_sort: Mapped[str | None] = sort_key_column("party_id")
    facts_sort: Mapped[str | None] = sort_key_column("facts")
    legal_basis_sort: Mapped[str | None] = sort_key_column("legal_basis")
    penalty_sort: Mapped[str | None] = sort_key_column("penalty")
    enforcement_sort: Mapped[str | None] = sort_key_column("enforcement")
    archive_location_sort: Mapped[str | None] = sort_key_column("archive_location")
    field_sort: Mapped[str | None] = sort_key_column("field")
    legal_review_outcome_sort: Mapped[str | None] = sort_key_column("legal_review_outcome")
    penalty_kinds_sort: Mapped[str | None] = sort_key_column("penalty_kinds")
    # schema 20: the edit's version (app/concurrency.py); a save against an older one is refused
    row_version: Mapped[int] = row_version_column()
    __mapper_args__ = {"version_id_col": row_version}


class CaseOfficer(Base):
    """An officer as written on a case file; `officer_id` is set when the roster matches."""

    __tablename__ = "case_officers"
    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    name: Mapped[str] = mapped_column(String(100))
    cert_no: Mapped[str] = mapped_column(String(50), default="")
    case: Mapped[CaseFile] = relationship(back_populates="officers")
    # The officer rules (app/audit/case_columns.py, version 23) count each case's names as
    # written, and read the officers of the cases that may fail, from the first index alone,
    # without a look-up of each row; from the second, they list the officers as written, once
    # each, and find the rows written with a bad number.
    __table_args__ = (Index("ix_case_officers_case_name_cert", "case_id", "name", "cert_no", "position"),
                      Index("ix_case_officers_cert_name", "cert_no", "name"))


class LedgerEntry(Base):
    """A row of a penalty ledger (处罚台账). The same case number may appear twice: that is a
    finding for the audit, not an import error."""

    __tablename__ = "ledger_entries"
    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[str] = mapped_column(String(20), default="")
    case_no: Mapped[str] = mapped_column(String(100), default="")
    case_key: Mapped[str] = mapped_column(String(100), default="", index=True)
    party: Mapped[str] = mapped_column(Text, default="")
    violation: Mapped[str] = mapped_column(Text, default="")
    penalty: Mapped[str] = mapped_column(Text, default="")
    fine_fen: Mapped[int | None] = mapped_column(FEN)
    decided_on: Mapped[date | None] = mapped_column(Date)
    paid_on: Mapped[date | None] = mapped_column(Date)
    receipt_no: Mapped[str] = mapped_column(String(50), default="")
    receipt_key: Mapped[str] = mapped_column(String(50), default="", index=True)
    enforcement: Mapped[str] = mapped_column(String(50), default="")
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"))
    source_row: Mapped[int | None] = mapped_column(Integer)
    unit: Mapped[Unit | None] = relationship()
    # schema 18: the sort keys (db/sort_key.py) of the text columns a clerk sorts by
    seq_sort: Mapped[str | None] = sort_key_column("seq")
    case_no_sort: Mapped[str | None] = sort_key_column("case_no")
    party_sort: Mapped[str | None] = sort_key_column("party")
    violation_sort: Mapped[str | None] = sort_key_column("violation")
    penalty_sort: Mapped[str | None] = sort_key_column("penalty")
    receipt_no_sort: Mapped[str | None] = sort_key_column("receipt_no")
    enforcement_sort: Mapped[str | None] = sort_key_column("enforcement")
    # schema 20: the edit's version (app/concurrency.py); a save against an older one is refused
    row_version: Mapped[int] = row_version_column()
    __mapper_args__ = {"version_id_col": row_version}


class Receipt(Base):
    """A fine/confiscation receipt (罚没款收据). `series` is the number's non-digit prefix and
    `number` its digits, so gaps in a book can be found."""

    __tablename__ = "receipts"
    id: Mapped[int] = mapped_column(primary_key=True)
    receipt_no: Mapped[str] = mapped_column(String(50))
    receipt_key: Mapped[str] = mapped_column(String(50), index=True)
    series: Mapped[str] = mapped_column(String(50), default="")
    number: Mapped[int | None] = mapped_column(Integer)
    issued_on: Mapped[date | None] = mapped_column(Date)
    payer: Mapped[str] = mapped_column(Text, default="")
    amount_fen: Mapped[int | None] = mapped_column(FEN)
    case_no: Mapped[str] = mapped_column(String(100), default="")
    case_key: Mapped[str] = mapped_column(String(100), default="", index=True)
    collector: Mapped[str] = mapped_column(String(100), default="")
    onsite: Mapped[bool] = mapped_column(Boolean, default=False)
    voided: Mapped[bool] = mapped_column(Boolean, default=False)
    remark: Mapped[str] = mapped_column(Text, default="")
    # Schema version 10: the ground for taking cash on the spot (事后难以执行 / 边远地区) and the
    # day the cash was handed over (上缴), for the law's limit and its two-day period.
    onsite_reason: Mapped[str] = mapped_column(Text, default="")
    handed_over_on: Mapped[date | None] = mapped_column(Date)
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("units.id"))
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("import_batches.id"))
    source_row: Mapped[int | None] = mapped_column(Integer)
    unit: Mapped[Unit | None] = relationship()
    # schema 18: the sort keys (db/sort_key.py) of the text columns a clerk sorts by
    receipt_no_sort: Mapped[str | None] = sort_key_column("receipt_no")
    payer_sort: Mapped[str | None] = sort_key_column("payer")
    case_no_sort: Mapped[str | None] = sort_key_column("case_no")
    collector_sort: Mapped[str | None] = sort_key_column("collector")
    remark_sort: Mapped[str | None] = sort_key_column("remark")
    onsite_reason_sort: Mapped[str | None] = sort_key_column("onsite_reason")
    # schema 20: the edit's version (app/concurrency.py); a save against an older one is refused
    row_version: Mapped[int] = row_version_column()
    __mapper_args__ = {"version_id_col": row_version}


class ChangeLogEntry(Base):
    """Append-only log of every create/update/delete. Each entry's `hash` covers the previous
    entry's hash and this entry's canonical content, so a rewrite shows."""

    __tablename__ = "change_log"
    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime)
    operator: Mapped[str] = mapped_column(String(100), default="")
    action: Mapped[str] = mapped_column(String(10))
    table_name: Mapped[str] = mapped_column(String(50))
    record_id: Mapped[int | None] = mapped_column(Integer)
    before_json: Mapped[str | None] = mapped_column(Text)
    after_json: Mapped[str | None] = mapped_column(Text)
    prev_hash: Mapped[str] = mapped_column(String(64), default="")
    hash: Mapped[str] = mapped_column(String(64), default="")


Index("ix_cases_party", CaseFile.party)
# schema 17: a receipt book in number order, as the audit's gap query (RECEIPT_NUMBER_GAP) sorts it
Index("ix_receipts_series_number", Receipt.series, Receipt.number)
# schema 18: the sort keys a 100,000-row register is sorted by most often, walked in order
Index("ix_cases_case_no_sort", CaseFile.case_no_sort)
Index("ix_cases_party_sort", CaseFile.party_sort)
Index("ix_ledger_entries_case_no_sort", LedgerEntry.case_no_sort)
Index("ix_receipts_receipt_no_sort", Receipt.receipt_no_sort)
keep_keys_on_update(Base)

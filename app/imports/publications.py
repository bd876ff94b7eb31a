"""`import publications FILE`: a published list matched to the case files, its dates recorded.

    import_publications(store, path, sheet=None, published_on=None, …) → PublicationReport

Each row of the list (app/imports/publication_rows.py) is matched to a case file by its case
number (normalised, DOMAIN.md §5), else by party and decision date. A party is compared as
written and as a published list writes it (natural persons as 张某, app.publication): a website
list never shows a person's full name. Then:

 * one case matched → the date it was published is recorded on that case (`publications`);
 * no case → a warning naming the row (another unit's decision, or one not in the store);
 * two or more cases → the row is refused: the program does not pick one;
 * a row that can be matched by nothing (no number, no party and date), or whose publication
   date comes before the decision, is refused.
Strict as every import: one refused row and nothing is written (`skip_invalid` records the
rest). The list also records the span of decision dates it covers — from the earliest to the
latest decision on it — for the units whose decisions it shows, and the last date it shows
anything published; the audit reads a decision of those units in that span that the list does
not show as not published by then (PUBLICATION_LATE, app/audit/rules_cases.py).
"""

from __future__ import annotations

import json
from collections import defaultdict
from contextlib import nullcontext
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from app.accounts.actor import check
from app.backups import before_write
from app.domain.text import normalise_name
from app.errors import BadFileError, ImportRejectedError, UserError
from app.imports.issues import RowIssue, format_issue
from app.imports.publication_rows import LABELS, PublishedRow, PublishedSheet, read_publication_rows
from app.imports.reading import open_workbook
from app.imports.service import ImportReport
from app.logs import logged
from app.publication.redact import publish_party
from app.writer_turn import turn
from db import changelog
from db.models import CaseFile, ImportBatch, Unit
from db.models_publication import Publication, PublicationList
from db.store import Store

KIND = "publications"
MESSAGE_ISSUES = 5


@dataclass
class PublicationReport(ImportReport):
    """The import report, plus what the list was matched to and what it covers."""

    matched: int = 0
    unmatched: int = 0
    covers_from: date | None = None
    covers_to: date | None = None
    last_published_on: date | None = None
    units: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        doc = super().to_json()
        doc.update(matched=self.matched, unmatched=self.unmatched,
                   covers={"from": _iso(self.covers_from), "to": _iso(self.covers_to), "units": self.units},
                   last_published_on=_iso(self.last_published_on))
        return doc


def _iso(d: date | None) -> str | None:
    return d.isoformat() if d else None


@dataclass
class _Case:
    id: int
    case_no: str
    decided_on: date | None
    unit_id: int | None
    unit: str


@dataclass
class _Match:
    row: PublishedRow
    case: _Case


class _Cases:
    """The store's case files, looked up by key and by (party, decision date)."""

    def __init__(self, s: Session, dates: set[date]) -> None:
        stmt = select(CaseFile.id, CaseFile.case_no, CaseFile.case_key, CaseFile.decided_on, CaseFile.unit_id)
        self.by_key: dict[str, _Case] = {}
        units: dict[int, str] = {uid: name for uid, name in s.execute(select(Unit.id, Unit.name))}
        for cid, no, key, decided, unit_id in s.execute(stmt):
            self.by_key[key] = _Case(cid, no, decided, unit_id, units.get(unit_id, "") if unit_id else "")
        self.by_party: dict[tuple[str, date], list[_Case]] = defaultdict(list)
        if dates:  # only the decisions of the dates the list names: publish_party is not free
            stmt2 = select(CaseFile.case_key, CaseFile.party, CaseFile.party_id).where(CaseFile.decided_on.in_(dates))
            for key, party, party_id in s.execute(stmt2):
                c = self.by_key[key]
                assert c.decided_on is not None
                for name in {normalise_name(party), normalise_name(publish_party(party or "", party_id or ""))}:
                    if name:
                        self.by_party[(name, c.decided_on)].append(c)


def _issue(sheet: PublishedSheet, row: PublishedRow, field_name: str, value: str, reason: str) -> RowIssue:
    c = sheet.column(field_name)
    return RowIssue(row.source_row, c.header if c else "", c.letter if c else "", value, reason)


def _match_rows(s: Session, sheet: PublishedSheet) -> tuple[list[_Match], int]:
    """The rows matched to cases, and how many matched none (each a warning); doubtful rows
    become rejections."""
    cases = _Cases(s, {r.decided_on for r in sheet.rows if r.decided_on})
    out: list[_Match] = []
    unmatched = 0
    for row in sheet.rows:
        hit = cases.by_key.get(row.case_key) if row.case_key else None
        if hit is None and row.party and row.decided_on:
            found = {c.id: c for c in cases.by_party.get((normalise_name(row.party), row.decided_on), [])}
            if len(found) > 1:
                nos = "、".join(sorted(c.case_no for c in found.values()))
                sheet.rejected.append(_issue(sheet, row, "party", row.party,
                                             f"当事人「{row.party}」在 {row.decided_on.isoformat()} 有 {len(found)} 件"
                                             f"案卷（{nos}），无法确定是哪一件，请在清单中写明案号"))
                continue
            hit = next(iter(found.values()), None)
            if hit is not None and row.case_no:
                sheet.warnings.append(_issue(sheet, row, "case_no", row.case_no,
                                             f"案号与案卷「{hit.case_no}」不同，按当事人和决定日期对应到该案卷，请核对"))
        if hit is None:
            if not row.case_key and not (row.party and row.decided_on):
                sheet.rejected.append(_issue(sheet, row, "case_no", row.case_no,
                                             f"本行没有{LABELS['case_no']}，也没有当事人和决定日期，无法对应案卷"))
            else:
                unmatched += 1
                what = f"案号「{row.case_no}」" if row.case_no else f"当事人「{row.party}」、决定日期 {_iso(row.decided_on)}"
                sheet.warnings.append(_issue(sheet, row, "case_no" if row.case_no else "party",
                                             row.case_no or row.party, f"未找到对应的案卷（{what}），未记录"))
            continue
        decided = hit.decided_on or row.decided_on
        assert row.published_on is not None  # read_publication_rows refuses a row without one
        if decided and row.published_on < decided:
            sheet.rejected.append(_issue(sheet, row, "published_on", row.published_on.isoformat(),
                                         f"公示日期早于案卷「{hit.case_no}」的决定日期 {decided.isoformat()}"))
            continue
        out.append(_Match(row, hit))
    return out, unmatched


def _already_imported(s: Session, sha256: str, sheet: str) -> bool:
    stmt = select(ImportBatch.id).where(ImportBatch.kind == KIND, ImportBatch.sha256 == sha256,
                                        ImportBatch.sheet == sheet)
    return s.scalar(stmt) is not None


def _cover(report: PublicationReport, sheet: PublishedSheet, matches: list[_Match]) -> list[int | None]:
    """Fill the report's span and units; the unit ids the list covers."""
    decided = [m.case.decided_on or m.row.decided_on for m in matches]
    decided += [r.decided_on for r in sheet.rows if r.decided_on]
    days = [d for d in decided if d is not None]
    report.covers_from, report.covers_to = (min(days), max(days)) if days else (None, None)
    published = [r.published_on for r in sheet.rows if r.published_on]
    report.last_published_on = max(published) if published else None
    unit_ids = sorted({m.case.unit_id for m in matches}, key=lambda u: -1 if u is None else u)
    report.units = sorted({m.case.unit or "（未填执法单位）" for m in matches})
    return unit_ids


def import_publications(store: Store, path: Path | str, *, sheet: str | None = None,
                        published_on: date | None = None, skip_invalid: bool = False, dry_run: bool = False,
                        operator: str = "") -> PublicationReport:
    """Match a published list to the case files and record when each decision was published.
    Under login (not for a dry run) a 录入员's work, under their account."""
    if not dry_run:
        actor = check(store, "records.import")
        operator = actor.name if actor else operator
    with logged("import", store.path, kind=KIND, dry_run=dry_run) as facts:
        report = _import(store, Path(path), sheet, published_on, skip_invalid, dry_run, operator)
        facts.update(rows_read=report.rows_read, imported=report.imported, rejected=len(report.rejected),
                     already_imported=report.already_imported)
        return report


def _import(store: Store, path: Path, sheet: str | None, published_on: date | None, skip_invalid: bool,
            dry_run: bool, operator: str) -> PublicationReport:
    with open_workbook(path) as book:
        try:
            read = read_publication_rows(book, sheet, published_on)
        except BadFileError as exc:
            raise exc.locate(file=book.name) from None
        sha, name = book.sha256, book.name
    report = PublicationReport(kind=KIND, file=name, sheet=read.sheet, header_row=read.header_row,
                               rows_read=read.rows_read, imported=0, skipped_blank=read.skipped_blank,
                               already_imported=False, dry_run=dry_run, columns=read.columns)
    with nullcontext() if dry_run else turn(store, "导入"):
        with store.session() as s:
            report.already_imported = _already_imported(s, sha, read.sheet)
            if report.already_imported:
                return report
            matches, report.unmatched = _match_rows(s, read)
        report.rejected, report.warnings = read.rejected, read.warnings
        report.matched = len(matches)
        unit_ids = _cover(report, read, matches)
        if report.rejected and not skip_invalid:
            raise ImportRejectedError(_rejection_message(report), report)
        report.imported = len(matches)
        if dry_run:
            return report
        before_write(store, "import")
        report.batch_id = _write(store, report, sha, operator, matches, unit_ids)
    return report


def _write(store: Store, report: PublicationReport, sha: str, operator: str, matches: list[_Match],
           unit_ids: list[int | None]) -> int:
    mapping = [{"column": c.letter, "header": c.header, "field": c.field} for c in report.columns if c.field]
    with store.writing() as s:
        batch = ImportBatch(kind=KIND, file_name=report.file, sha256=sha, sheet=report.sheet,
                            header_row=report.header_row, imported_at=datetime.now().replace(microsecond=0),
                            operator=operator, rows_read=report.rows_read, imported=len(matches),
                            skipped_blank=report.skipped_blank, rejected=len({i.row for i in report.rejected}),
                            mapping_json=json.dumps({"header_row": report.header_row, "columns": mapping},
                                                    ensure_ascii=False))
        s.add(batch)
        s.flush()
        batch_id = int(batch.id)
        s.add(PublicationList(batch_id=batch_id, covers_from=report.covers_from, covers_to=report.covers_to,
                              last_published_on=report.last_published_on, matched=report.matched,
                              unmatched=report.unmatched, unit_ids_json=json.dumps(unit_ids)))
        if matches:
            s.execute(insert(Publication), [
                {"case_id": m.case.id, "batch_id": batch_id, "published_on": m.row.published_on,
                 "title": m.row.title, "url": m.row.url, "source_row": m.row.source_row} for m in matches])
        changelog.append(s, operator=operator, action="import", table_name="publications", record_id=batch_id,
                         after={"file": report.file, "sha256": sha, "sheet": report.sheet, "rows": len(matches),
                                "covers_from": _iso(report.covers_from), "covers_to": _iso(report.covers_to)})
    return batch_id


def _rejection_message(report: PublicationReport) -> str:
    rows = len({i.row for i in report.rejected})
    shown = "；".join(format_issue(report.file, report.sheet, i) for i in report.rejected[:MESSAGE_ISSUES])
    more = len(report.rejected) - MESSAGE_ISSUES
    tail = f"；另有 {more} 处问题未列出" if more > 0 else ""
    return (f"导入被拒绝，数据库未作任何改动：文件 {report.file} 工作表「{report.sheet}」中有 {rows} 行公示记录"
            f"无法导入——{shown}{tail}。请改正表格后重新导入，或选择“跳过错误行”只导入正确的行。")


def check_options(*, unit: str | None, all_sheets: bool) -> None:
    """The import options that mean nothing for a published list."""
    if unit or all_sheets:
        raise UserError("导入公示清单时不能使用 --unit 或 --all-sheets：清单按案号或当事人和决定日期对应到已有案卷。")

"""Whole-process records (执法全过程记录) of a case: by stage, 文字 or 音像, with the file kept
content-addressed (SHA-256) in the store's evidence folder, the date and who made it.

    add_record · list_records · recording_status · attach_folder (app/process/bulk_attach.py)

A record names its case by case number; the case must be in the register, so a record never
points at nothing. Every record written goes into the change log.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.accounts.actor import check
from app.campaigns.service import to_date
from app.domain.numbers import normalise_case_no
from app.errors import UserError
from app.process.recording_list import listed_item, recording_list
from app.rectify import evidence as ev
from app.store import Store
from db import changelog
from db.models import CaseFile
from db.models_process import ProcessRecord

STAGES: tuple[str, ...] = ("立案", "调查取证", "审核", "决定", "送达", "执行")
TEXT, AV = "文字", "音像"
KINDS: tuple[str, ...] = (TEXT, AV)


@dataclass(frozen=True)
class RecordInput:
    """What one record says, before it is checked."""

    case_no: str
    stage: str
    kind: str
    on: object = None
    by: str = ""
    note: str = ""


def record_dict(r: ProcessRecord) -> dict[str, Any]:
    return {"id": r.id, "case_no": r.case_no, "case_key": r.case_key, "stage": r.stage, "kind": r.kind,
            "recorded_on": r.recorded_on, "recorded_by": r.recorded_by, "note": r.note, "file_name": r.file_name,
            "sha256": r.sha256, "stored_path": r.stored_path, "size": r.size}


def checked(given: RecordInput) -> tuple[str, str, str, date | None]:
    """(case key, stage, kind, date) or a Chinese refusal naming what is wrong."""
    key = normalise_case_no(given.case_no or "")
    if not key:
        raise UserError("请写明案号。")
    stage = (given.stage or "").strip()
    if stage not in STAGES:
        raise UserError(f"记录阶段「{stage}」不在 {'、'.join(STAGES)} 之中。")
    kind = (given.kind or "").strip()
    if kind not in KINDS:
        raise UserError(f"记录形式「{kind}」应为 文字 或 音像。")
    on = to_date(given.on, "记录日期")
    if on is not None and on > date.today():
        raise UserError(f"记录日期 {on} 晚于今天，未登记。")
    return key, stage, kind, on


def find_case(s: Session, key: str, shown: str) -> CaseFile:
    case = s.scalars(select(CaseFile).where(CaseFile.case_key == key)).first()
    if case is None:
        raise UserError(f"处罚案卷中没有案号 {shown}：请先导入该案卷，再登记其执法全过程记录。")
    return case


def write_record(s: Session, store: Store, given: RecordInput, source: Path | None, kept: list[ev.StoredFile],
                 operator: str) -> dict[str, Any]:
    """Check and add one record inside the caller's transaction (files kept are listed in `kept`)."""
    key, stage, kind, on = checked(given)
    case = find_case(s, key, given.case_no)
    if on is not None and case.filed_on is not None and on < case.filed_on:
        raise UserError(f"记录日期 {on} 早于立案日期 {case.filed_on}（案号 {case.case_no}），未登记。")
    row = ProcessRecord(case_key=key, case_no=case.case_no, stage=stage, kind=kind, recorded_on=on,
                        recorded_by=(given.by or "").strip(), note=(given.note or "").strip(),
                        added_at=datetime.now().replace(microsecond=0))
    if source is not None:
        f = ev.keep(store, source)
        kept.append(f)
        row.file_name, row.sha256, row.stored_path, row.size = f.file_name, f.sha256, f.stored_path, f.size
    s.add(row)
    s.flush()
    out = record_dict(row)
    changelog.append(s, operator=operator, action="create", table_name="process_records", record_id=row.id,
                     after={k: out[k] for k in ("case_no", "stage", "kind", "recorded_on", "recorded_by",
                                                "file_name", "sha256")})
    return out


def add_record(store: Store, given: RecordInput, *, file: Path | str | None = None,
               operator: str = "") -> dict[str, Any]:
    """Add one record; its file (when given) is kept by SHA-256. Nothing is kept when refused."""
    checked(given)  # refuse bad input before a file is copied
    source = ev.check_readable(file) if file is not None else None
    actor = check(store, "process.enter")
    operator = actor.name if actor else operator
    kept: list[ev.StoredFile] = []
    try:
        with store.writing() as s:
            return write_record(s, store, given, source, kept, operator)
    except BaseException:
        ev.discard(store, kept)
        raise


def list_records(store: Store, case_no: str | None = None) -> list[dict[str, Any]]:
    stmt = select(ProcessRecord).order_by(ProcessRecord.case_key, ProcessRecord.id)
    if case_no:
        stmt = stmt.where(ProcessRecord.case_key == normalise_case_no(case_no))
    with store.session() as s:
        return [record_dict(r) for r in s.scalars(stmt)]


@dataclass(frozen=True)
class RecordingStatus:
    """A case's recording as the 音像记录事项清单 asks for it."""

    case_no: str
    listed_for: str  # the listed word that requires full audio/video; "" = not listed
    text_stages: list[str]
    av_stages: list[str]

    @property
    def missing(self) -> bool:
        return bool(self.listed_for) and not self.av_stages

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "missing": self.missing}


def status_in(s: Session, case: CaseFile, words: list[str]) -> RecordingStatus:
    rows = s.execute(select(ProcessRecord.stage, ProcessRecord.kind).where(
        ProcessRecord.case_key == case.case_key)).all()
    stages = {k: [st for st in STAGES if (st, k) in set(map(tuple, rows))] for k in KINDS}
    listed = listed_item(words, case.penalty, case.penalty_kinds, case.cause, case.enforcement)
    return RecordingStatus(case.case_no, listed, stages[TEXT], stages[AV])


def recording_status(store: Store, case_no: str) -> RecordingStatus:
    words = recording_list(store)
    with store.session() as s:
        return status_in(s, find_case(s, normalise_case_no(case_no), case_no), words)


def listed_cases(store: Store, *, missing_only: bool = False) -> list[RecordingStatus]:
    """The recording status of every case the 音像记录事项清单 lists (`missing_only`: those without 音像)."""
    words = recording_list(store)
    with store.session() as s:
        out = [status_in(s, c, words) for c in s.scalars(select(CaseFile).order_by(CaseFile.id))]
    return [st for st in out if st.listed_for and (st.missing or not missing_only)]

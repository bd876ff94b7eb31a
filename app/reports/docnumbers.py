"""The office's own 发文字号 sequence: 前缀〔年份〕序号号, allocated when a document is issued.

The prefix is the office setting 文号前缀 (`office set --doc-prefix`, e.g. 沈水依法办发); the
serial is the next one for that prefix and year. A campaign plan's 文号 is never used: it is the
plan's number, not the office's. Without a prefix set, the office's name followed by 发 stands in
(the document still carries a complete number, never "〔2026〕 号").

`issue` allocates the number, renders the file with it and records the document (kind, number,
title, addressee, the problems it is about, the file's SHA-256) in one transaction: a document
that fails to render consumes no number. The same document made again — same kind, campaign,
unit, problems and date (a reprint, the copy in a package) — keeps its number; the record then
holds the newest file's hash.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from app.errors import UserError
from app.office import office_info, require_office_details
from app.store import Store
from db import changelog
from db.models_campaign import Campaign
from db.models_rectify import IssuedDocument
from db.models_settings import Setting

DOCUMENT_KINDS = ("整改报告", "整改通知书", "行政执法监督函", "行政执法监督建议书", "纪律检查建议书", "移送函", "通报")


@dataclass(frozen=True)
class Number:
    prefix: str
    year: int
    serial: int

    @property
    def text(self) -> str:
        return f"{self.prefix}〔{self.year}〕{self.serial}号"


def _setting(s: Session, key: str) -> str:
    row = s.get(Setting, key)
    return (row.value if row is not None else "").strip()


def prefix_in(s: Session) -> str:
    prefix = _setting(s, "office.doc_prefix")
    if prefix:
        return prefix
    name = _setting(s, "office.office_name")
    return f"{name}发" if name else "发"


def next_number(s: Session, year: int) -> Number:
    prefix = prefix_in(s)
    last = s.scalar(select(func.max(IssuedDocument.serial)).where(IssuedDocument.prefix == prefix,
                                                                  IssuedDocument.year == year))
    return Number(prefix, year, int(last or 0) + 1)


def preview_number(store: Store, year: int) -> str:
    """The number the next document of `year` would get (nothing is allocated)."""
    with store.session() as s:
        return next_number(s, year).text


def active_campaign(s: Session) -> Campaign | None:
    return s.scalar(select(Campaign).where(Campaign.active.is_(True)).order_by(Campaign.id.desc()).limit(1))


def addressee_of(store: Store) -> str:
    """主送机关 of the active campaign's reports (its 专项整治办 / receiving office)."""
    with store.session() as s:
        camp = active_campaign(s)
        return (camp.addressee or "") if camp is not None else ""


def set_addressee(store: Store, text: str, *, operator: str = "") -> str:
    """Set the active campaign's 主送机关 (e.g. 县专项整治办)."""
    text = (text or "").strip()
    with store.writing() as s:
        camp = active_campaign(s)
        if camp is None:
            raise UserError("尚未创建专项活动，无法设置主送机关。")
        before = {"addressee": camp.addressee}
        camp.addressee = text
        s.flush()
        changelog.append(s, operator=operator, action="update", table_name="campaigns", record_id=camp.id,
                         before=before, after={"addressee": text})
    return text


def file_sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def issue(store: Store, *, kind: str, title: str, addressee: str, issued_on: date, out: Path,
          render: Callable[[str], Path], unit: str = "", problem_ids: Sequence[int] = (),
          operator: str = "") -> dict[str, Any]:
    """Allocate the next number, render `out` with it (`render(doc_no)`), record the document."""
    if kind not in DOCUMENT_KINDS:
        raise UserError(f"文书种类「{kind}」有误，应为 {'、'.join(DOCUMENT_KINDS)} 之一。")
    require_office_details(office_info(store), kind)  # before a number is taken or a file written
    ids = json.dumps(sorted(set(problem_ids)))
    with store.writing() as s:
        camp = active_campaign(s)
        cid = camp.id if camp else None
        row = s.scalar(select(IssuedDocument).where(
            IssuedDocument.kind == kind, IssuedDocument.campaign_id.is_(None) if cid is None
            else IssuedDocument.campaign_id == cid, IssuedDocument.unit == unit,
            IssuedDocument.problem_ids_json == ids, IssuedDocument.issued_on == issued_on).limit(1))
        if row is not None:
            before = {"sha256": row.sha256, "file_name": row.file_name}
            path = render(row.doc_no)
            row.sha256, row.file_name, row.title, row.addressee = file_sha256(path), Path(out).name, title, addressee
            s.flush()
            changelog.append(s, operator=operator, action="update", table_name="issued_documents",
                             record_id=row.id, before=before, after={"sha256": row.sha256, "file_name": row.file_name})
            return document_dict(row)
        number = next_number(s, issued_on.year)
        path = render(number.text)
        row = IssuedDocument(kind=kind, prefix=number.prefix, year=number.year, serial=number.serial,
                             doc_no=number.text, title=title, addressee=addressee, campaign_id=cid, unit=unit,
                             problem_ids_json=ids, issued_on=issued_on,
                             file_name=Path(out).name, sha256=file_sha256(path), operator=operator)
        s.add(row)
        s.flush()
        changelog.append(s, operator=operator, action="create", table_name="issued_documents", record_id=row.id,
                         after={"kind": kind, "doc_no": row.doc_no, "title": title, "addressee": addressee,
                                "unit": unit, "sha256": row.sha256})
        return document_dict(row)


def document_dict(d: IssuedDocument) -> dict[str, Any]:
    return {"id": d.id, "kind": d.kind, "doc_no": d.doc_no, "serial": d.serial, "year": d.year, "title": d.title,
            "addressee": d.addressee, "unit": d.unit, "campaign_id": d.campaign_id,
            "problem_ids": json.loads(d.problem_ids_json or "[]"), "issued_on": d.issued_on,
            "file_name": d.file_name, "sha256": d.sha256, "operator": d.operator}


def list_documents(store: Store, *, kind: str | None = None) -> list[dict[str, Any]]:
    """The documents issued, in number order."""
    stmt = select(IssuedDocument).order_by(IssuedDocument.year, IssuedDocument.prefix, IssuedDocument.serial)
    if kind is not None:
        stmt = stmt.where(IssuedDocument.kind == kind)
    with store.session() as s:
        return [document_dict(d) for d in s.scalars(stmt)]

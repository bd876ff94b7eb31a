"""Bulk attach: a folder of files named by case number (`沈水罚字〔2019〕第12号.mp4`, or with a
suffix after `_`, `-` or a space: `沈水罚字〔2019〕第12号_询问.mp4`), each attached as a record of
one stage and kind to the case it names.

All or nothing: a file whose name matches no case file refuses the whole folder (listing every
such file) unless `skip_unmatched`, when those are listed and the rest attached.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.accounts.actor import check
from app.domain.numbers import normalise_case_no
from app.errors import UserError
from app.process.records import RecordInput, checked, write_record
from app.rectify import evidence as ev
from app.store import Store
from db.models import CaseFile

_SUFFIX = re.compile(r"[_\-\s][^_\-\s]*\Z")


@dataclass
class AttachResult:
    attached: list[dict[str, Any]] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"attached": self.attached, "unmatched": self.unmatched}


def case_key_of(stem: str, known: set[str]) -> str:
    """The key of the case a file's name names: the whole name, else with its suffixes cut one by one."""
    name = stem.strip()
    while name:
        key = normalise_case_no(name)
        if key in known:
            return key
        cut = _SUFFIX.sub("", name)
        if cut == name:
            break
        name = cut
    return ""


def attach_folder(store: Store, folder: Path | str, *, stage: str, kind: str, on: object = None, by: str = "",
                  skip_unmatched: bool = False, operator: str = "") -> AttachResult:
    root = Path(folder).expanduser()
    if not root.is_dir():
        raise UserError(f"找不到文件夹 {root}。")
    checked(RecordInput("—", stage, kind, on, by))  # the stage, kind and date, before anything is read
    actor = check(store, "process.enter")
    operator = actor.name if actor else operator
    files = sorted(p for p in root.iterdir() if p.is_file() and not p.name.startswith("."))
    if not files:
        raise UserError(f"文件夹 {root} 中没有文件。")
    with store.session() as s:
        known = set(s.scalars(select(CaseFile.case_key)))
    matched = [(p, case_key_of(p.stem, known)) for p in files]
    result = AttachResult(unmatched=[p.name for p, key in matched if not key])
    if result.unmatched and not skip_unmatched:
        raise UserError(f"以下文件的名称与处罚案卷的案号对不上，未作任何改动：{'、'.join(result.unmatched)}"
                        "（文件名应为案号，可带 _说明 后缀）。")
    kept: list[ev.StoredFile] = []
    try:
        with store.writing() as s:
            for path, key in matched:
                if key:
                    source = ev.check_readable(path)
                    given = RecordInput(key, stage, kind, on, by, f"批量登记：{path.name}")
                    result.attached.append(write_record(s, store, given, source, kept, operator))
    except BaseException:
        ev.discard(store, kept)
        raise
    return result

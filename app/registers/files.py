"""Files kept with a complaint's reply or result: checked, copied into the store's evidence
folder by SHA-256 (app/rectify/evidence.py) and listed in `complaint_files`. A write that fails
removes the copies it made, so a refusal leaves nothing behind."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from app.rectify import evidence as ev
from app.store import Store
from db import changelog
from db.models_registers import ComplaintFile


@contextmanager
def keep_files(store: Store, paths: Sequence[Path | str]) -> Iterator[list[ev.StoredFile]]:
    """Check and keep `paths`; on any failure inside the block, discard what was kept."""
    sources = [ev.check_readable(p) for p in paths]
    kept: list[ev.StoredFile] = []
    try:
        kept.extend(ev.keep(store, src) for src in sources)
        yield kept
    except BaseException:
        ev.discard(store, kept)
        raise


def stored_files(s: Session, complaint_id: int, stage: str, kept: list[ev.StoredFile],
                 operator: str) -> list[dict[str, Any]]:
    """Record the kept files against the complaint's `stage` ('reply' or 'result'), each logged."""
    out = []
    for f in kept:
        row = ComplaintFile(complaint_id=complaint_id, stage=stage, file_name=f.file_name, sha256=f.sha256,
                            stored_path=f.stored_path, size=f.size, added_at=datetime.now().replace(microsecond=0))
        s.add(row)
        s.flush()
        entry = {"complaint_id": complaint_id, "stage": stage, "file_name": f.file_name, "sha256": f.sha256,
                 "size": f.size}
        changelog.append(s, operator=operator, action="create", table_name="complaint_files", record_id=row.id,
                         after=entry)
        out.append(entry)
    return out


def files_of(store: Store, s: Session, complaint_id: int) -> list[dict[str, Any]]:
    return [{"stage": f.stage, "file_name": f.file_name, "sha256": f.sha256, "size": f.size,
             "path": str(ev.absolute_path(store, f.stored_path)), "added_at": f.added_at}
            for f in s.scalars(select(ComplaintFile).where(ComplaintFile.complaint_id == complaint_id)
                               .order_by(ComplaintFile.id))]

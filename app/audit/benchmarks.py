"""The office's discretion benchmarks (裁量基准): violation or legal basis → fine range in fen."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from app.errors import UserError
from app.store import Store
from db import changelog
from db.models_audit import DiscretionBenchmark


def _as_dict(b: DiscretionBenchmark) -> dict[str, Any]:
    return {"id": b.id, "violation": b.violation, "legal_basis": b.legal_basis, "min_fen": b.min_fen,
            "max_fen": b.max_fen, "note": b.note}


def set_benchmark(store: Store, *, violation: str = "", legal_basis: str = "", min_fen: int, max_fen: int,
                  note: str = "", operator: str = "") -> dict[str, Any]:
    """Create or replace the benchmark for a violation (and/or a legal basis)."""
    violation, legal_basis = (violation or "").strip(), (legal_basis or "").strip()
    if not violation and not legal_basis:
        raise UserError("裁量基准须写明违法行为或处罚依据。")
    if min_fen < 0 or max_fen < 0:
        raise UserError("裁量基准的金额不能为负数。")
    if min_fen > max_fen:
        raise UserError("裁量基准的最低金额不能高于最高金额。")
    with store.writing() as s:
        b = s.scalar(select(DiscretionBenchmark).where(DiscretionBenchmark.violation == violation,
                                                       DiscretionBenchmark.legal_basis == legal_basis))
        before = _as_dict(b) if b is not None else None
        if b is None:
            b = DiscretionBenchmark(violation=violation, legal_basis=legal_basis)
            s.add(b)
        b.min_fen, b.max_fen, b.note = min_fen, max_fen, note
        s.flush()
        after = _as_dict(b)
        changelog.append(s, operator=operator, action="update" if before else "create",
                         table_name="discretion_benchmarks", record_id=b.id, before=before, after=after)
    return after


def list_benchmarks(store: Store) -> list[dict[str, Any]]:
    with store.session() as s:
        return [_as_dict(b) for b in s.scalars(select(DiscretionBenchmark).order_by(DiscretionBenchmark.id))]


def delete_benchmark(store: Store, benchmark_id: int, operator: str = "") -> None:
    with store.writing() as s:
        b = s.get(DiscretionBenchmark, benchmark_id)
        if b is None:
            raise UserError(f"找不到裁量基准（编号 {benchmark_id}）。")
        before = _as_dict(b)
        s.delete(b)
        changelog.append(s, operator=operator, action="delete", table_name="discretion_benchmarks",
                         record_id=benchmark_id, before=before)

"""The 金额单位 a user chooses for an amount column whose header states none (chosen_scales.py):
the values are read in it exactly, the preview and the report say it, the unit doubts follow
it, and a choice that contradicts the header, names no amount column or no unit is refused."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.errors import UserError
from app.imports.service import import_file, preview_import
from db.models import LedgerEntry

HEADER = ["案号", "当事人", "罚款金额", "决定日期"]


def _ledger(xlsx, header: list[str], fines: list[object]) -> Path:  # type: ignore[no-untyped-def]
    rows = [[f"沈水罚字〔2019〕第{i}号", f"当事人{i}", fine, "2019-03-05"] for i, fine in enumerate(fines, start=1)]
    return xlsx("台账.xlsx", {"台账": [header, *rows]})


def test_a_chosen_unit_reads_the_column_in_it_exactly(store, db, xlsx) -> None:  # type: ignore[no-untyped-def]
    path = _ledger(xlsx, HEADER, [0.5, 0.005, "1.2"])

    pv = preview_import(store, "ledger", path, scales={2: "万元"})
    fine = next(c for c in pv.columns if c.field == "fine_fen")
    assert (fine.scale, fine.scale_chosen) == ("万元", True)
    assert [r["fine_fen"] for r in pv.sample] == [500_000, 5_000, 1_200_000]

    report = import_file(store, "ledger", path, scales={2: "千元"})
    assert [c.scale for c in report.columns if c.field == "fine_fen"] == ["千元"]
    assert [e.fine_fen for e in db.all(LedgerEntry)] == [50_000, 500, 120_000]


def test_without_a_choice_the_column_is_read_in_yuan(store, xlsx) -> None:  # type: ignore[no-untyped-def]
    pv = preview_import(store, "ledger", _ledger(xlsx, HEADER, [5000, 200]))
    fine = next(c for c in pv.columns if c.field == "fine_fen")
    assert (fine.scale, fine.scale_chosen) == (None, False)
    assert [r["fine_fen"] for r in pv.sample] == [500_000, 20_000]


def test_the_unit_doubts_follow_the_chosen_unit(store, xlsx) -> None:  # type: ignore[no-untyped-def]
    pv = preview_import(store, "ledger", _ledger(xlsx, HEADER, [5000, 20000]), scales={2: "万元"})
    assert [(w.row, w.column_letter) for w in pv.warnings if "单位可能有误" in w.reason] == [(3, "C")]


def test_a_header_that_states_its_unit_keeps_it(store, xlsx) -> None:  # type: ignore[no-untyped-def]
    path = _ledger(xlsx, ["案号", "当事人", "罚款金额（万元）", "决定日期"], [0.5])
    same = preview_import(store, "ledger", path, scales={2: "万元"})
    assert [(c.scale, c.scale_chosen) for c in same.columns if c.field == "fine_fen"] == [("万元", False)]
    with pytest.raises(UserError) as exc:
        preview_import(store, "ledger", path, scales={2: "元"})
    assert exc.value.message == "C 列「罚款金额（万元）」的表头已注明单位为万元，不能改按元读。"


@pytest.mark.parametrize(("scales", "message"), [
    ({1: "万元"}, "B 列不是导入的金额列，不能为它指定金额单位。"),
    ({9: "万元"}, "第 10 列不是导入的金额列，不能为它指定金额单位。"),
    ({2: "美元"}, "金额单位应为 元、千元、万元 之一，而不是「美元」。"),
])
def test_a_choice_that_names_no_amount_column_or_no_unit_is_refused(store, db, xlsx, scales,  # type: ignore[no-untyped-def]
                                                                    message) -> None:
    path = _ledger(xlsx, HEADER, [5000])
    with pytest.raises(UserError) as exc:
        import_file(store, "ledger", path, scales=scales)
    assert exc.value.message == message
    assert db.all(LedgerEntry) == []

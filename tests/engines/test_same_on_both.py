"""The services give the same answers on SQLite and on PostgreSQL: the same ledger imported, the
same audit findings over the demo data, a search that ignores the case of ASCII letters, money
past 32 bits — each run on a real SQLite file and a real PostgreSQL database side by side."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import insert, select

from app.store import Store, open_store

pytestmark = [pytest.mark.postgresql, pytest.mark.slow]

HEADER = ["序号", "处罚决定书文号", "当事人", "违法行为", "处罚种类", "罚款金额（元）", "决定日期", "缴款日期", "票据号",
          "执行情况", "执法单位"]


@pytest.fixture
def both(tmp_path: Path, pg_database: str) -> Iterator[list[Store]]:
    """A new SQLite store and a new PostgreSQL store, closed after the test."""
    stores = [open_store(tmp_path / "store.sqlite", auto_backup=False), open_store(pg_database, auto_backup=False)]
    assert [s.engine.dialect.name for s in stores] == ["sqlite", "postgresql"]
    yield stores
    for s in stores:
        s.close()


def _ledger(path: Path, rows: int) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER)
    for i in range(1, rows + 1):
        ws.append([i, f"沈水罚字〔2023〕第{i:04d}号", f"当事人{i % 17}", "未经批准擅自取水", "罚款", 1000 + i * 3.5,
                   date(2023, 1 + i % 12, 1 + i % 28), None if i % 9 == 0 else date(2023, 1 + i % 12, 28),
                   f"NO.{i:08d}", "已缴纳", f"第{1 + i % 3}执法大队"])
    wb.save(path)
    return path


def test_an_imported_ledger_reads_back_the_same(both: list[Store], tmp_path: Path) -> None:
    from app.imports.service import import_file
    from app.records import service as records

    book = _ledger(tmp_path / "ledger.xlsx", 120)
    pages = []
    for store in both:
        report = import_file(store, "ledger", book, operator="测试")
        assert report.imported == 120
        pages.append(records.page(store, "ledger", sort="fine_fen", descending=True, limit=500))
    assert pages[0] == pages[1]
    assert pages[0][0]["fine_fen"] == 1000 * 100 + 120 * 350


def test_the_audit_finds_the_same_on_the_demo_data(both: list[Store]) -> None:
    from app.audit.service import list_findings, run_audit
    from app.demo import load_demo

    found = []
    for store in both:
        load_demo(store, size=120, seed=11, operator="测试")
        result = run_audit(store, as_of=date(2024, 6, 30), operator="测试", all_records=True)
        assert result.findings
        found.append((result.counts, sorted((f["code"], f["message"]) for f in list_findings(store))))
    assert found[0] == found[1]


def test_a_search_ignores_the_case_of_ascii_letters_on_both(both: list[Store]) -> None:
    from app.records import service as records

    for store in both:
        records.save(store, "receipts", {"receipt_no": "NO.A0001", "amount_fen": "100元", "payer": "ABC水务有限公司",
                                         "issued_on": "2023-03-01"}, operator="测试")
        assert records.count(store, "receipts", "abc水务") == 1
        assert records.count(store, "receipts", "no.a0001") == 1


def test_money_past_32_bits_is_kept_on_both(both: list[Store]) -> None:
    from db.models import CaseFile

    big = 123_456_789_012_345  # fen: past PostgreSQL's INTEGER
    for store in both:
        with store.writing() as s:
            s.execute(insert(CaseFile).values(case_no="沈水罚字〔2023〕第1号", case_key="沈水罚字〔2023〕第1号",
                                              fine_fen=big, confiscation_fen=big + 1))
        with store.session() as s:
            assert s.execute(select(CaseFile.fine_fen, CaseFile.confiscation_fen)).one() == (big, big + 1)

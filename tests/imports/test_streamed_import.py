"""A sheet too big to hold whole is imported a chunk of rows at a time (app/imports/streamed.py)
with the same outcome as a sheet read whole: the same report, the same stored rows, the same
refusals — and the same all-or-nothing transaction when a late row is rejected or the user
cancels after chunks were written. The threshold and the chunk size are lowered here so that
small sheets take the streamed way and cross many chunk boundaries."""

from __future__ import annotations

import tracemalloc
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from app.errors import Cancelled, ImportRejectedError
from app.imports import limits, reading_stream, reading_xlsx, streamed
from app.imports.service import import_file
from app.records.service import page
from db.store import open_store
from tests.imports.hostile import write_xlsx
from tests.imports.test_cases_golden import _cases_sheet
from tests.imports.test_merged_and_none import _register

KINDS_SHOWN = {"ledger": 200, "cases": 200}


@pytest.fixture
def streaming(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[bool], None]]:
    """streaming(True) makes every .xlsx sheet a streamed one, two rows a chunk; False undoes it."""
    def switch(on: bool) -> None:
        monkeypatch.setattr(limits, "STREAM_CELLS", 0 if on else 2_500_000)
        monkeypatch.setattr(streamed, "CHUNK_ROWS", 2 if on else 5000)

    yield switch


def _stored(store: Any, kind: str) -> list[dict[str, Any]]:
    rows = page(store, kind, offset=0, limit=KINDS_SHOWN[kind])
    return [{k: v for k, v in r.items() if k not in ("id", "batch_id", "imported_at")} for r in rows]


def _json(report: Any) -> dict[str, Any]:
    doc = report.to_json()
    doc.pop("batch_id")
    return doc


def _both(tmp_path: Path, streaming: Callable[[bool], None], kind: str, path: Path, before: Path | None = None,
          **options: Any) -> tuple[tuple[Any, list[Any]], tuple[Any, list[Any]]]:
    """((report or refusal, stored rows) whole, (the same) streamed), each in a fresh store that
    holds `before` imported first."""
    out = []
    for on in (False, True):
        store = open_store(tmp_path / f"store-{on}.sqlite")
        try:
            streaming(False)
            if before is not None:
                import_file(store, kind, before)
            streaming(on)
            try:
                result: Any = _json(import_file(store, kind, path, **options))
            except ImportRejectedError as exc:
                result = (exc.message, _json(exc.report))
            out.append((result, _stored(store, kind)))
        finally:
            store.close()
    return out[0], out[1]


def test_a_messy_register_imports_alike_whole_and_streamed(tmp_path: Path, streaming: Any, xlsx: Any) -> None:
    rows = _register() + [
        [None, None, None, None, None, None, None, None],
        ["第三大队", 7, "沈水罚字〔2019〕第7号", "周九", "五千块", "2019-05-01", "2019-05-02", "C001"],  # rejected
        ["第三大队", 8, "沈水罚字〔2019〕第8号", "吴十", 0.5, "2019-05-01", "2019-05-02", "C002"],
        [None, 9],  # a pre-numbered empty row
        ["合计", None, None, None, 7000],
        [], [], [None, None, None, None, ""],  # trailing empty rows
    ]
    path = xlsx("台账.xlsx", {"2019年": rows}, merges={"2019年": ["A1:H1", "A3:A5", "A6:A9", "C6:C7", "D6:D7"]})
    whole, streamed_ = _both(tmp_path, streaming, "ledger", path, skip_invalid=True)
    assert whole == streamed_
    report, stored = whole
    assert report["imported"] == 7 and len(stored) == 7 and report["rejected"][0]["row"] == 11
    assert report["rows_read"] == 12 and report["skipped_blank"] == 4
    strict_whole, strict_streamed = _both(tmp_path / "strict", streaming, "ledger", path)
    assert strict_whole == strict_streamed and strict_whole[1] == []


def test_cases_repeated_across_chunks_and_refused_alike(tmp_path: Path, streaming: Any, xlsx: Any) -> None:
    path = xlsx("案卷.xlsx", {"案卷": _cases_sheet()}, merges={"案卷": ["A1:K1"]})
    strict = _both(tmp_path / "strict", streaming, "cases", path)
    assert strict[0] == strict[1]
    message, report = strict[0][0]
    assert "第 7 行" in message and [r["row"] for r in report["rejected"]] == [5, 7, 8]
    skipping = _both(tmp_path / "skip", streaming, "cases", path, skip_invalid=True)
    assert skipping[0] == skipping[1] and len(skipping[0][1]) == 2


def test_store_conflicts_and_the_batch_being_written(tmp_path: Path, streaming: Any, xlsx: Any) -> None:
    """A row already in the store is refused; the same row twice in the file is kept (the audit
    reports it), also when its first copy was written by an earlier chunk of this import."""
    header = ["案号", "当事人", "罚款金额", "决定日期", "票据号"]
    old = [header, ["沈水罚字〔2019〕第1号", "张三", 100, "2019-03-05", "A1"]]
    new = [header, ["沈水罚字〔2019〕第2号", "李四", 200, "2019-03-06", "A2"],
           ["沈水罚字〔2019〕第1号", "张三", 100, "2019-03-05", "A1"],
           ["沈水罚字〔2019〕第2号", "李四", 200, "2019-03-06", "A2"],
           ["沈水罚字〔2019〕第3号", "王五", 300, "2019-03-07", "A3"]]
    before = xlsx("旧.xlsx", {"台账": old})
    path = xlsx("新.xlsx", {"台账": new})
    whole, streamed_ = _both(tmp_path, streaming, "ledger", path, before=before, skip_invalid=True)
    assert whole == streamed_
    report, stored = whole
    assert [r["row"] for r in report["rejected"]] == [3] and report["imported"] == 3 and len(stored) == 4


def test_a_dry_run_and_a_second_import_write_nothing_alike(tmp_path: Path, streaming: Any, xlsx: Any) -> None:
    path = xlsx("台账.xlsx", {"2019年": _register()}, merges={"2019年": ["A3:A5", "A6:A9", "C6:C7", "D6:D7"]})
    dry = _both(tmp_path / "dry", streaming, "ledger", path, dry_run=True)
    assert dry[0] == dry[1] and dry[0][1] == [] and dry[0][0]["imported"] == 6
    again = _both(tmp_path / "again", streaming, "ledger", path, before=path)
    assert again[0] == again[1] and again[0][0]["already_imported"] and len(again[0][1]) == 6


def _numbered(n: int, bad: int | None = None) -> list[list[object]]:
    rows: list[list[object]] = [["序号", "案号", "当事人", "罚款金额", "决定日期"]]
    for i in range(1, n + 1):
        rows.append([i, f"沈水罚字〔2019〕第{i}号", f"当事人{i}", "五千块" if i == bad else 100 * i, "2019-03-05"])
    return rows


def test_a_late_rejection_rolls_back_the_chunks_already_written(store: Any, db: Any, xlsx: Any, streaming: Any,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    path = xlsx("台账.xlsx", {"台账": _numbered(30, bad=29)})
    before = db.counts()
    written: list[int] = []
    original = streamed.BatchWriter.write
    monkeypatch.setattr(streamed.BatchWriter, "write",
                        lambda self, records: (written.append(len(records)), original(self, records))[1])
    streaming(True)
    monkeypatch.setattr(streamed, "CHUNK_ROWS", 4)
    with pytest.raises(ImportRejectedError) as info:
        import_file(store, "ledger", path)
    assert sum(written) == 28  # the rows before the bad one went in, in chunks of four
    assert db.counts() == before  # and were rolled back with everything else
    assert [i.row for i in info.value.report.rejected] == [30]


def test_cancel_after_chunks_were_written_rolls_back(store: Any, db: Any, xlsx: Any, streaming: Any) -> None:
    path = xlsx("台账.xlsx", {"台账": _numbered(30)})
    before = db.counts()
    seen: list[int] = []

    def progress(done: int, total: int, label: str) -> None:
        seen.append(done)

    streaming(True)
    with pytest.raises(Cancelled):
        import_file(store, "ledger", path, progress=progress, cancel=lambda: len(seen) > 5)
    assert db.counts() == before
    assert import_file(store, "ledger", path).imported == 30  # nothing half-done blocks a retry


def _big_ledger(path: Path, n: int) -> Path:
    """A ledger of n rows as sheet XML, written without building it in memory."""
    def blocks() -> Iterator[bytes]:
        yield ('<row r="1"><c r="A1" t="inlineStr"><is><t>案号</t></is></c><c r="B1" t="inlineStr"><is><t>当事人'
               '</t></is></c><c r="C1" t="inlineStr"><is><t>罚款金额</t></is></c></row>').encode()
        for start in range(2, n + 2, 1000):
            yield "".join(f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>沈水罚字〔2019〕第{r}号</t></is></c>'
                          f'<c r="B{r}" t="inlineStr"><is><t>当事人{r % 500}</t></is></c><c r="C{r}"><v>{r}</v></c></row>'
                          for r in range(start, min(start + 1000, n + 2))).encode()
    return write_xlsx(path, blocks())


def test_a_streamed_import_holds_a_chunk_not_the_sheet(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Python's peak allocation while importing 10,000 and 40,000 rows the streamed way is about
    the same (a chunk of rows and records), where the import of a sheet read whole grows with it."""
    monkeypatch.setattr(limits, "STREAM_CELLS", 20_000)  # the 10,000-row sheet and the larger are streamed
    monkeypatch.setattr(streamed, "CHUNK_ROWS", 1000)
    monkeypatch.setattr(reading_stream, "TEXT_CACHE", 1000)  # the texts kept for sharing: bounded too
    monkeypatch.setattr(reading_xlsx, "BLOCK", 256 * 1024)  # and the XML inflated at a time
    peaks = {}
    for n in (10_000, 40_000):
        path = _big_ledger(tmp_path / f"big-{n}.xlsx", n)
        store = open_store(tmp_path / f"big-{n}.sqlite")
        try:
            tracemalloc.start()
            report = import_file(store, "ledger", path)
            peaks[n] = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
        finally:
            store.close()
        assert report.imported == n and report.rows_read == n
        assert page(store, "ledger", offset=n - 1, limit=1)[0]["case_no"] == f"沈水罚字〔2019〕第{n + 1}号"
    assert peaks[40_000] < 1.5 * peaks[10_000], peaks
    monkeypatch.setattr(limits, "STREAM_CELLS", 10 ** 9)  # the same sheet read whole
    store = open_store(tmp_path / "whole.sqlite")
    try:
        tracemalloc.start()
        import_file(store, "ledger", tmp_path / "big-40000.xlsx")
        whole = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    finally:
        store.close()
    assert peaks[40_000] * 3 < whole, (peaks, whole)

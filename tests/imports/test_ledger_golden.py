"""Golden test: a messy ledger workbook (title rows, merged cells, header on row 4, data on the
second sheet, every amount and date format) imported and read back from the SQLite file."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime

from app.imports.service import import_file, preview_import
from db.models import ChangeLogEntry, ImportBatch, LedgerEntry

D = date(2019, 3, 5)
HEADER = ["序号", "处罚决定书文号", "当事人", "违法行为", "罚款金额（元）", "决定日期", "缴款日期", "票据号",
          "执法单位", "备注"]
# (序号, 案号, 当事人, 罚款金额 cell, 决定日期 cell, 票据号 cell, 执法单位) → expected (fen, key)
DATA = [
    (1, "沈水罚字[2019]第001号", "张三", 5000, D, "NO.00000101", "第一大队"),
    (2, "沈水罚字（2019）第002号", "李四", 5000.0, 43529, "NO.00000102", None),
    (3, "沈水罚字【2019】第3号", "王五", "5,000.00", "2019-03-05", "NO.00000103", "第一大队"),
    (4, "沈水罚字〔2019〕第0004号", "赵六", "5000元", "2019/3/5", 104, "第一大队"),
    (5, "沈水罚字 (2019) 第5号", "钱七", "￥5,000", "2019.3.5", "NO.00000105", "第二大队"),
    (6, "沈水罚字［2019］第06号", "孙八", "0.5万元", "2019年3月5日", "NO.00000106", "第二大队"),
    (7, "沈水罚字(2019)第7号", "周九", "５０００", "20190305", "NO.00000107", "第二大队"),
    (8, "沈水罚字〔２０１９〕第８号", "吴十", "伍仟元整", "２０１９年３月５日", "NO.00000108", "第二大队"),
    (9, "沈水罚字[2019]第9号", "郑十一", "人民币壹万贰仟叁佰肆拾伍元陆角柒分", datetime(2019, 3, 5, 9, 30),
     "NO.00000109", "第二大队"),
]
EXPECTED_FEN = [500000] * 8 + [1234567]


def _ledger_sheet() -> list[list[object]]:
    rows: list[list[object]] = [
        ["沈阳市水务局行政处罚台账（2019年）"],  # row 1, merged A1:J1
        ["填报单位：沈阳市水务局", None, None, None, None, None, None, "填报日期：2020年1月"],  # row 2
        [],  # row 3
        HEADER,  # row 4
    ]
    for i, (seq, case_no, party, fine, decided, receipt, unit) in enumerate(DATA):
        rows.append([seq, case_no, party, "违法取水", fine, decided, "2019-03-08", receipt, unit, "备注文字"])
        if i == 3:
            rows.append([])  # a blank row inside the data (row 9)
            rows.append([None, "   ", None])  # whitespace only (row 10)
    rows.append([99])  # a pre-numbered empty row: only 序号 (row 16)
    rows.append(["合 计", None, None, None, "=SUM(E5:E15)"])  # closing row (row 17)
    return rows


EXPECTED_ROWS = [5, 6, 7, 8, 11, 12, 13, 14, 15]


def test_messy_ledger_imports_exactly(store, db, xlsx) -> None:
    path = xlsx("台账.xlsx", {"说明": [["本工作簿第二页是台账"], ["请勿修改表头"]], "2019年": _ledger_sheet()},
                merges={"2019年": ["A1:J1", "A2:G2"]})

    report = import_file(store, "ledger", path, unit="沈阳市水务局", operator="王科长")

    assert (report.sheet, report.header_row) == ("2019年", 4)
    assert report.imported == 9
    assert report.rejected == []
    assert report.skipped_blank == 4  # blank, whitespace-only, 序号-only, 合计
    assert report.rows_read == 13  # rows 5..17
    assert report.already_imported is False and report.batch_id is not None

    rows = db.all(LedgerEntry)
    units = db.units()
    assert [r.source_row for r in rows] == EXPECTED_ROWS
    assert [r.fine_fen for r in rows] == EXPECTED_FEN
    assert all(r.decided_on == D for r in rows)
    assert all(r.paid_on == date(2019, 3, 8) for r in rows)
    assert [r.case_key for r in rows] == [f"沈水罚字〔2019〕第{n}号" for n in range(1, 10)]
    assert [r.case_no for r in rows][:2] == ["沈水罚字[2019]第001号", "沈水罚字（2019）第002号"]
    assert rows[3].receipt_no == "104"  # a number cell, not "104.0"
    assert rows[0].receipt_key == "NO.00000101"
    assert [r.seq for r in rows][:3] == ["1", "2", "3"]
    assert [units[r.unit_id] for r in rows][:3] == ["第一大队", "沈阳市水务局", "第一大队"]  # blank → default
    assert {r.batch_id for r in rows} == {report.batch_id}
    assert rows[0].party == "张三" and rows[0].violation == "违法取水"

    (batch,) = db.all(ImportBatch)
    assert batch.file_name == "台账.xlsx"
    assert batch.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert (batch.kind, batch.sheet, batch.header_row, batch.operator) == ("ledger", "2019年", 4, "王科长")
    assert (batch.rows_read, batch.imported, batch.skipped_blank, batch.rejected) == (13, 9, 4, 0)
    mapping = json.loads(batch.mapping_json)
    assert {c["column"]: c["field"] for c in mapping["columns"]}["E"] == "fine_fen"
    assert "J" not in {c["column"] for c in mapping["columns"]}  # 备注 is not a ledger field

    (entry,) = db.all(ChangeLogEntry)
    after = json.loads(entry.after_json)
    assert (entry.action, entry.table_name, entry.record_id, entry.operator) == (
        "import", "ledger_entries", batch.id, "王科长")
    assert after == {"file": "台账.xlsx", "sha256": batch.sha256, "sheet": "2019年", "rows": 9,
                     "first_id": rows[0].id, "last_id": rows[-1].id}


def test_preview_shows_mapping_and_sample_without_writing(store, db, xlsx) -> None:
    path = xlsx("台账.xlsx", {"说明": [["x"]], "2019年": _ledger_sheet()}, merges={"2019年": ["A1:J1"]})
    before = db.counts()

    pv = preview_import(store, "ledger", path)

    assert db.counts() == before
    assert pv.sheets == ["说明", "2019年"] and pv.sheet == "2019年" and pv.header_row == 4
    assert [(c.letter, c.header, c.field) for c in pv.columns][4] == ("E", "罚款金额（元）", "fine_fen")
    assert pv.columns[9].field is None and pv.columns[9].header == "备注"
    assert (pv.rows_read, pv.valid, pv.skipped_blank) == (13, 9, 4)
    assert [s["fine_fen"] for s in pv.sample] == EXPECTED_FEN
    assert pv.sample[1]["decided_on"] == D  # Excel serial 43529 in a date column
    assert pv.already_imported is False


def test_preview_without_store(xlsx) -> None:
    path = xlsx("台账.xlsx", {"2019年": _ledger_sheet()})
    pv = preview_import(None, "ledger", path)
    assert pv.valid == 9 and pv.already_imported is False

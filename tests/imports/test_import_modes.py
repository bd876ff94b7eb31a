"""Strict, skip-invalid and dry-run imports; re-import; conflicts; cancel; mapping; progress."""

from __future__ import annotations

import pytest

from app.errors import BadFileError, Cancelled, ImportRejectedError
from app.imports.service import import_file, preview_import
from db.models import CaseFile, ImportBatch, LedgerEntry

HEADER = ["序号", "决定书文号", "被处罚人", "罚款", "决定日期", "收据号"]


def _ledger(n: int, bad_rows: tuple[int, ...] = ()) -> list[list[object]]:
    rows: list[list[object]] = [HEADER]
    for i in range(1, n + 1):
        fine = "五千块" if i in bad_rows else 100 * i
        rows.append([i, f"沈水罚字〔2019〕第{i}号", f"当事人{i}", fine, "2019-03-05", f"A{i:06d}"])
    return rows


def test_strict_refuses_everything_for_one_bad_row(store, db, xlsx) -> None:
    path = xlsx("台账.xlsx", {"台账": _ledger(5, bad_rows=(3,))})
    before = db.counts()
    with pytest.raises(ImportRejectedError) as info:
        import_file(store, "ledger", path)
    assert db.counts() == before
    assert "第 4 行 D 列「罚款」：无法识别的金额「五千块」" in info.value.message


def test_skip_invalid_imports_valid_rows_and_lists_rejected(store, db, xlsx) -> None:
    path = xlsx("台账.xlsx", {"台账": _ledger(5, bad_rows=(3,))})
    report = import_file(store, "ledger", path, skip_invalid=True)
    assert report.imported == 4
    assert [(i.row, i.column_letter, i.value) for i in report.rejected] == [(4, "D", "五千块")]
    assert [r.source_row for r in db.all(LedgerEntry)] == [2, 3, 5, 6]
    assert [r.fine_fen for r in db.all(LedgerEntry)] == [10000, 20000, 40000, 50000]
    (batch,) = db.all(ImportBatch)
    assert (batch.imported, batch.rejected) == (4, 1)


def test_dry_run_writes_nothing_but_counts(store, db, xlsx) -> None:
    path = xlsx("台账.xlsx", {"台账": _ledger(5, bad_rows=(3,))})
    before = db.counts()
    report = import_file(store, "ledger", path, skip_invalid=True, dry_run=True)
    assert (report.imported, report.dry_run, report.batch_id) == (4, True, None)
    assert db.counts() == before
    with pytest.raises(ImportRejectedError):  # a strict dry run refuses like the real thing
        import_file(store, "ledger", path, dry_run=True)
    assert db.counts() == before
    # and a dry run does not make the real import look "already imported"
    assert import_file(store, "ledger", path, skip_invalid=True).imported == 4


def test_same_file_twice_adds_nothing(store, db, xlsx) -> None:
    path = xlsx("台账.xlsx", {"台账": _ledger(3)})
    first = import_file(store, "ledger", path)
    after_first = db.counts()
    again = import_file(store, "ledger", path)
    assert first.imported == 3 and first.already_imported is False
    assert (again.imported, again.already_imported, again.batch_id) == (0, True, None)
    assert db.counts() == after_first
    assert preview_import(store, "ledger", path).already_imported is True
    # the same bytes under another name are the same file
    copy = path.with_name("副本.xlsx")
    copy.write_bytes(path.read_bytes())
    assert import_file(store, "ledger", copy).already_imported is True


def test_identical_ledger_row_from_another_file_is_a_conflict(store, db, xlsx) -> None:
    import_file(store, "ledger", xlsx("一.xlsx", {"台账": _ledger(2)}))
    rows = _ledger(3)
    rows[1][2] = "别名"  # party differs but the key fields agree → still the same row
    report = import_file(store, "ledger", xlsx("二.xlsx", {"台账": rows}), skip_invalid=True)
    assert report.imported == 1
    assert [i.row for i in report.rejected] == [2, 3]
    assert report.rejected[0].reason.endswith("已存在于数据库（第 1 批导入，文件 一.xlsx）：未覆盖")
    assert report.rejected[0].column == "决定书文号"


def test_ledger_duplicate_case_numbers_inside_a_file_are_kept(store, db, xlsx) -> None:
    rows = _ledger(2)
    rows.append([3, "沈水罚字[2019]第001号", "分期", 50, "2019-03-05", "A000003"])
    report = import_file(store, "ledger", xlsx("台账.xlsx", {"台账": rows}))
    assert report.imported == 3
    assert [r.case_key for r in db.all(LedgerEntry)].count("沈水罚字〔2019〕第1号") == 2


def test_existing_case_is_never_overwritten(store, db, xlsx) -> None:
    import_file(store, "cases", xlsx("案卷1.xlsx", {"案卷": [["案号", "当事人"], ["沈水罚字〔2019〕第12号", "原当事人"]]}))
    path = xlsx("案卷2.xlsx", {"案卷": [["案号", "当事人"], ["沈水罚字[2019]第012号", "新当事人"]]})
    with pytest.raises(ImportRejectedError) as info:
        import_file(store, "cases", path)
    assert "案号已存在于数据库（第 1 批导入，文件 案卷1.xlsx）：未覆盖" in info.value.message
    assert [c.party for c in db.all(CaseFile)] == ["原当事人"]


def test_cancel_after_first_progress_leaves_store_unchanged(store, db, xlsx) -> None:
    path = xlsx("台账.xlsx", {"台账": _ledger(2500)})
    import_file(store, "cases", xlsx("案卷.xlsx", {"案卷": [["案号"], ["沈水罚字〔2019〕第1号"]]}))
    before = db.counts()
    calls: list[tuple[int, int, str]] = []

    def progress(done: int, total: int, label: str) -> None:
        calls.append((done, total, label))

    with pytest.raises(Cancelled):
        import_file(store, "ledger", path, progress=progress, cancel=lambda: bool(calls))
    assert db.counts() == before
    assert len(calls) == 1 and calls[0][1] == 2500


def test_cancel_during_the_insert_rolls_back(store, db, xlsx) -> None:
    path = xlsx("台账.xlsx", {"台账": _ledger(30)})
    before = db.counts()
    writing: list[str] = []

    def progress(done: int, total: int, label: str) -> None:
        if label == "写入数据库":
            writing.append(label)

    with pytest.raises(Cancelled):
        import_file(store, "ledger", path, unit="新单位", progress=progress, cancel=lambda: bool(writing))
    assert writing  # the insert phase had begun (batch and unit rows were already written)
    assert db.counts() == before
    assert import_file(store, "ledger", path).imported == 30  # nothing half-done blocks a retry


def test_progress_is_reported_about_every_thousand_rows(store, xlsx) -> None:
    calls: list[tuple[int, int, str]] = []
    import_file(store, "ledger", xlsx("台账.xlsx", {"台账": _ledger(2500)}),
                progress=lambda d, t, label: calls.append((d, t, label)))
    checking = [c for c in calls if c[2] == "检查数据行"]
    assert [c[0] for c in checking] == [0, 1000, 2000, 2500]
    assert calls[-1] == (2500, 2500, "写入数据库")
    assert len(calls) < 10


def test_explicit_mapping_overrides_detection(store, db, xlsx) -> None:
    rows = [["甲", "乙", "丙"], ["沈水罚字〔2019〕第1号", "张三", "5000"]]
    path = xlsx("台账.xlsx", {"台账": rows})
    with pytest.raises(BadFileError):
        preview_import(store, "ledger", path)  # nothing looks like a header
    pv = preview_import(store, "ledger", path, mapping={0: "case_no", 2: "fine_fen"})
    assert pv.header_row == 1
    assert [(c.header, c.field) for c in pv.columns] == [("甲", "case_no"), ("乙", None), ("丙", "fine_fen")]
    report = import_file(store, "ledger", path, mapping={0: "case_no", 2: "fine_fen"})
    assert report.imported == 1
    (row,) = db.all(LedgerEntry)
    assert (row.case_key, row.party, row.fine_fen) == ("沈水罚字〔2019〕第1号", "", 500000)


def test_mapping_can_correct_a_detected_column(store, xlsx) -> None:
    rows = [["案号", "当事人", "罚款", "备用金额"], ["沈水罚字〔2019〕第1号", "张三", "备注", 300]]
    path = xlsx("台账.xlsx", {"台账": rows})
    pv = preview_import(store, "ledger", path, mapping={0: "case_no", 1: "party", 3: "fine_fen"})
    assert pv.rejected == [] and pv.sample[0]["fine_fen"] == 30000
    for bad in ({1: "party"}, {0: "case_no", 2: "nonsense"}, {0: "case_no", 2: "fine_fen", 3: "fine_fen"}):
        with pytest.raises(BadFileError):
            preview_import(store, "ledger", path, mapping=bad)


def test_header_picks_the_row_with_most_fields_and_ignores_extra_columns(store, xlsx) -> None:
    rows = [
        ["案号查询说明", "请按案号填写"],  # mentions 案号 but is not the header
        ["案号", None],
        ["说明", "违法行为", "案号", "票号", "罚没金额（元）", "作出决定日期", "经办人电话"],
        ["x", "违法取水", "沈水罚字〔2019〕第1号", "B01", "1,000", "2019年3月5日", "123"],
    ]
    pv = preview_import(store, "ledger", xlsx("台账.xlsx", {"台账": rows}))
    assert pv.header_row == 3
    assert {c.letter: c.field for c in pv.columns} == {
        "A": None, "B": "violation", "C": "case_no", "D": "receipt_no", "E": "fine_fen", "F": "decided_on", "G": None}
    assert pv.sample[0]["fine_fen"] == 100000


def test_report_json_has_exactly_the_cli_keys(store, xlsx) -> None:
    report = import_file(store, "ledger", xlsx("台账.xlsx", {"台账": _ledger(3, bad_rows=(2,))}), skip_invalid=True)
    data = report.to_json()
    assert set(data) == {"kind", "file", "sheet", "header_row", "rows_read", "imported", "skipped_blank",
                         "already_imported", "rejected", "warnings", "dry_run", "batch_id"}
    assert set(data["rejected"][0]) == {"row", "column", "value", "reason"}
    assert (data["kind"], data["file"], data["sheet"], data["header_row"]) == ("ledger", "台账.xlsx", "台账", 1)


def test_unknown_kind(store, xlsx) -> None:
    from app.errors import UserError

    with pytest.raises(UserError):
        import_file(store, "findings", xlsx("台账.xlsx", {"台账": _ledger(1)}))


def test_only_a_real_total_row_is_skipped(store, db, xlsx) -> None:
    rows = [["当事人", "案号"], ["合计科技有限公司", "沈水罚字〔2019〕第1号"], ["总计：", None], ["本页合计", 1]]
    report = import_file(store, "cases", xlsx("案卷.xlsx", {"案卷": rows}))
    assert (report.imported, report.skipped_blank) == (1, 2)
    assert [c.party for c in db.all(CaseFile)] == ["合计科技有限公司"]


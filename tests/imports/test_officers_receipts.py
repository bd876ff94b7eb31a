"""Officers from a real .xls and a GBK CSV; receipts from a UTF-8-BOM CSV."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import xlwt

from app.imports.service import import_file, preview_import
from db.models import Officer, Receipt


def _officers_xls(path: Path) -> Path:
    wb = xlwt.Workbook(encoding="utf-8")
    ws = wb.add_sheet("人员名单")
    ws.write_merge(0, 0, 0, 7, "2019年执法人员名单")
    datefmt = xlwt.easyxf(num_format_str="YYYY-MM-DD")
    ws.write(2, 0, "序号")
    for c, h in enumerate(["姓名", "执法证号", "执法单位", "发证日期", "有效期至", "证件状态", "人员类别"], start=1):
        ws.write(2, c, h)
    rows = [
        (1, "张三", 21010012345, "第一大队", date(2018, 1, 1), "2023-12-31", "", ""),
        (2, "李四", "21010012346", "第一大队", date(2018, 1, 2), "2023年12月31日", "暂扣", "执法人员"),
        (3, "王五", "", "第一大队", None, None, "", "辅助人员"),
        (4, "赵六", "21010012399", "第二大队", None, None, "", "辅助人员"),
        (5, "钱七", "21010012345", "第二大队", None, None, "有效", ""),  # repeats row 4's certificate
        (6, "孙八", "", "", None, None, "过期", ""),  # not a status
    ]
    for r, row in enumerate(rows, start=3):
        for c, value in enumerate(row):
            if value is None:
                continue
            if isinstance(value, date):
                ws.write(r, c, value, datefmt)
            else:
                ws.write(r, c, value)
    wb.save(str(path))
    return path


def test_officers_from_real_xls(store, db, tmp_path) -> None:
    path = _officers_xls(tmp_path / "执法人员.xls")

    report = import_file(store, "officers", path, skip_invalid=True, unit="沈阳市水务局")

    assert (report.sheet, report.header_row, report.imported) == ("人员名单", 3, 4)
    rejected = {i.row: i for i in report.rejected}
    assert sorted(rejected) == [8, 9]
    assert rejected[8].column_letter == "C" and "第 4 行重复" in rejected[8].reason
    assert rejected[9].column == "证件状态" and "过期" in rejected[9].reason
    assert [(w.row, w.column) for w in report.warnings] == [(7, "执法证号")]
    assert "辅助人员" in report.warnings[0].reason

    officers = db.all(Officer)
    units = db.units()
    got = [(o.name, o.cert_no, units[o.unit_id], o.valid_from, o.valid_to, o.status, o.kind, o.source_row)
           for o in officers]
    assert got == [
        ("张三", "21010012345", "第一大队", date(2018, 1, 1), date(2023, 12, 31), "有效", "执法人员", 4),
        ("李四", "21010012346", "第一大队", date(2018, 1, 2), date(2023, 12, 31), "暂扣", "执法人员", 5),
        ("王五", None, "第一大队", None, None, "有效", "辅助人员", 6),
        ("赵六", "21010012399", "第二大队", None, None, "有效", "辅助人员", 7),
    ]


def test_officers_from_gbk_csv(store, db, tmp_path) -> None:
    path = tmp_path / "执法证名册.csv"
    text = "姓名,执法证号,执法单位,人员类别\r\n张三,21010012345,第一大队,执法人员\r\n\r\n李四,,第一大队,辅助人员\r\n"
    path.write_bytes(text.encode("gbk"))

    pv = preview_import(store, "officers", path)
    assert pv.sheets == ["执法证名册"] and pv.sheet == "执法证名册" and pv.header_row == 1
    report = import_file(store, "officers", path)

    assert (report.imported, report.skipped_blank) == (2, 1)
    assert [(o.name, o.cert_no, o.kind, o.source_row) for o in db.all(Officer)] == [
        ("张三", "21010012345", "执法人员", 2), ("李四", None, "辅助人员", 4)]


def test_officer_conflicts_by_cert_or_name_and_unit(store, db, tmp_path) -> None:
    first = tmp_path / "a.csv"
    first.write_text("姓名,执法证号,执法单位\n张三,21010012345,第一大队\n王五,,第一大队\n", encoding="utf-8")
    import_file(store, "officers", first)
    second = tmp_path / "b.csv"
    second.write_text("姓名,执法证号,执法单位\n张三丰,21010012345,第二大队\n王五,,第一大队\n王五,,第二大队\n",
                      encoding="utf-8")

    report = import_file(store, "officers", second, skip_invalid=True)

    assert report.imported == 1  # 王五 of 第二大队 is another person
    reasons = {i.row: i.reason for i in report.rejected}
    assert reasons[2] == "执法证号已存在于数据库（第 1 批导入，文件 a.csv）：未覆盖"
    assert reasons[3] == "同一单位的同名人员已存在于数据库（第 1 批导入，文件 a.csv）：未覆盖"
    assert len(db.all(Officer)) == 3


RECEIPTS = (
    "票据号,开票日期,缴款人,金额,案号,收款人,收缴方式,备注\n"
    "NO.0001,2019-03-06,张三,5000,沈水罚字[2019]第012号,刘会计,银行代收,\n"
    "NO.0002,2019-03-06,,,,,,作废\n"
    "NO.0003,2019/3/7,李四,￥50,,刘会计,当场收缴,\n"
    "NO.0003,2019/3/7,李四,￥50,,刘会计,当场收缴,重开\n"
    "NO.0005,2019-03-08,王五,,,刘会计,,\n"
)


def test_receipts_from_utf8_bom_csv(store, db, tmp_path) -> None:
    path = tmp_path / "收据.csv"
    path.write_bytes(RECEIPTS.encode("utf-8-sig"))

    report = import_file(store, "receipts", path, skip_invalid=True)

    assert report.imported == 4  # the repeated NO.0003 is kept for the audit to report
    assert [(i.row, i.column) for i in report.rejected] == [(6, "金额")]
    got = [(r.receipt_no, r.series, r.number, r.issued_on, r.payer, r.amount_fen, r.case_key, r.onsite, r.voided,
            r.remark) for r in db.all(Receipt)]
    assert got == [
        ("NO.0001", "NO.", 1, date(2019, 3, 6), "张三", 500000, "沈水罚字〔2019〕第12号", False, False, ""),
        ("NO.0002", "NO.", 2, date(2019, 3, 6), "", None, "", False, True, "作废"),
        ("NO.0003", "NO.", 3, date(2019, 3, 7), "李四", 5000, "", True, False, ""),
        ("NO.0003", "NO.", 3, date(2019, 3, 7), "李四", 5000, "", True, False, "重开"),
    ]


def test_receipt_already_in_store_from_another_batch_is_a_conflict(store, db, tmp_path) -> None:
    path = tmp_path / "收据.csv"
    path.write_bytes(RECEIPTS.encode("utf-8-sig"))
    import_file(store, "receipts", path, skip_invalid=True)
    later = tmp_path / "收据2.csv"
    later.write_text("票据号,金额\nno.0001,100\nNO.0009,100\n", encoding="utf-8")

    report = import_file(store, "receipts", later, skip_invalid=True)

    assert report.imported == 1
    (issue,) = report.rejected
    assert (issue.row, issue.column_letter, issue.value) == (2, "A", "no.0001")
    assert issue.reason == "票据号已存在于数据库（第 1 批导入，文件 收据.csv）：未覆盖"
    assert [r.receipt_key for r in db.all(Receipt)][-1] == "NO.0009"

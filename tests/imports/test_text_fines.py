"""Text-only fines (issue 11 point 7): with no amount column, the fine (and a confiscation) stated
in 处罚内容 / 处罚结果 is taken from the text as a derived value, with a warning on each such row."""

from __future__ import annotations

from datetime import date

from app.imports.service import import_file
from db.models import CaseFile, LedgerEntry
from tests.imports.credit_layouts import blank_case, case_fields

HEADER = ["案号", "当事人", "处罚内容", "决定日期", "执法单位"]
ROWS = [
    HEADER,
    ["沈水罚字〔2019〕第1号", "张三", "罚款5000元", "2019-03-01", "第一大队"],
    ["沈水罚字〔2019〕第2号", "李四", "罚款人民币1.2万元", "2019-03-02", "第一大队"],
    ["沈水罚字〔2019〕第3号", "王五", "警告，罚款500元", "2019-03-03", "第一大队"],
    ["沈水罚字〔2019〕第4号", "赵六", "警告", "2019-03-04", "第一大队"],
    ["沈水罚字〔2019〕第5号", "某某公司", "罚款2000元，没收违法所得300元", "2019-03-05", "第一大队"],
    ["沈水罚字〔2019〕第6号", "钱七", "罚款1000元，后改为罚款800元", "2019-03-06", "第一大队"],
]


def _case(n: int, party: str, penalty: str, **amounts: int | None) -> dict[str, object]:
    key = f"沈水罚字〔2019〕第{n}号"
    return blank_case(case_no=key, case_key=key, party=party, penalty=penalty, decided_on=date(2019, 3, n),
                      source_row=n + 1, unit="第一大队", **amounts)


def test_fines_only_in_the_penalty_text_become_derived_amounts(store, db, xlsx) -> None:
    path = xlsx("案卷.xlsx", {"案卷": ROWS})

    report = import_file(store, "cases", path)

    assert report.imported == 6 and report.rejected == []
    units = db.units()
    assert [case_fields(c, units) for c in db.all(CaseFile)] == [
        _case(1, "张三", "罚款5000元", fine_fen=500_000),
        _case(2, "李四", "罚款人民币1.2万元", fine_fen=1_200_000),
        _case(3, "王五", "警告，罚款500元", fine_fen=50_000),
        _case(4, "赵六", "警告"),
        _case(5, "某某公司", "罚款2000元，没收违法所得300元", fine_fen=200_000, confiscation_fen=30_000),
        _case(6, "钱七", "罚款1000元，后改为罚款800元"),  # two fines: none is guessed
    ]
    got = [(w.row, w.column_letter, w.column, w.reason) for w in report.warnings]
    assert got == [
        (2, "C", "处罚内容", "表中没有「罚款金额」列，罚款金额 5,000.00 元取自本行处罚内容的文字，请核对"),
        (3, "C", "处罚内容", "表中没有「罚款金额」列，罚款金额 12,000.00 元取自本行处罚内容的文字，请核对"),
        (4, "C", "处罚内容", "表中没有「罚款金额」列，罚款金额 500.00 元取自本行处罚内容的文字，请核对"),
        (6, "C", "处罚内容", "表中没有「罚款金额」列，罚款金额 2,000.00 元取自本行处罚内容的文字，请核对"),
        (6, "C", "处罚内容", "表中没有「没收金额」列，没收金额 300.00 元取自本行处罚内容的文字，请核对"),
        (7, "C", "处罚内容", "处罚内容中写有几个不同的罚款金额，没有取用，请核对"),
    ]


def test_an_amount_column_wins_over_the_text(store, db, xlsx) -> None:
    rows = [["案号", "处罚结果", "罚款金额"], ["沈水罚字〔2019〕第1号", "罚款5000元", 4000]]
    report = import_file(store, "cases", xlsx("案卷.xlsx", {"案卷": rows}))

    assert report.warnings == []
    [case] = db.all(CaseFile)
    assert (case.fine_fen, case.confiscation_fen, case.penalty) == (400_000, None, "罚款5000元")


def test_a_ledger_without_an_amount_column_takes_the_fine_from_its_text(store, db, xlsx) -> None:
    rows = [["案号", "当事人", "处罚结果"], ["沈水罚字〔2019〕第1号", "张三", "警告，罚款伍佰元"]]
    report = import_file(store, "ledger", xlsx("台账.xlsx", {"台账": rows}))

    [entry] = db.all(LedgerEntry)
    assert (entry.fine_fen, entry.penalty) == (50_000, "警告，罚款伍佰元")
    assert [(w.row, w.column) for w in report.warnings] == [(2, "处罚结果")]

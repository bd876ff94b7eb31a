"""End to end: messy spreadsheets with planted discrepancies (and traps beside them) are imported
through import_file, audited, and exactly the planted findings come out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import openpyxl

from app.audit import service
from app.imports.service import import_file
from app.store import open_store

UNIT = "沈阳市水务局"
AS_OF = date(2025, 6, 30)
SERIES = "辽财罚A"
BASIS = "《中华人民共和国水法》第六十九条"
LAW_2017 = "2017年修正的《中华人民共和国行政处罚法》"


def cn(i: int) -> str:
    return f"沈水罚字〔2019〕第{i}号"


@dataclass
class Case:
    i: int
    fine: int = 5000  # yuan
    cause: str = ""
    filed: date | None = None  # default: 19 days before the decision
    decided: date = date(2019, 3, 20)
    served: date | None = None
    published: date | None = None
    officers: str = "张三(21010001)、李四(21010002)"
    major: str = "否"
    review: date | None = None
    enforcement: str = "已缴纳"
    paid: date | None = None
    case_no: str = ""
    ledger: list[dict[str, Any]] | None = None  # None: one ordinary row
    receipts: list[dict[str, Any]] | None = None  # None: one ordinary receipt
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.cause = self.cause or f"违法行为{self.i}"
        self.case_no = self.case_no or cn(self.i)

    def finish(self) -> Case:
        """Dates left open follow the decision date (set after any planted change)."""
        self.filed = self.filed or self.decided - timedelta(days=19)
        self.served = self.served or self.decided + timedelta(days=1)
        self.published = self.published or self.decided + timedelta(days=1)
        return self


def _cases() -> list[Case]:
    c = [Case(i) for i in range(1, 29)]
    c[0].receipts = [{"payer": "沈阳 ABC 有限公司"}]  # trap: party 沈阳ＡＢＣ有限公司
    c[1].case_no = "沈水罚字〔2019〕第12号"  # trap: ledger 沈水罚字[2019]第012号, receipt （2019）第０１２号
    c[2].ledger = [{"fine": 6000}]  # LEDGER_AMOUNT_MISMATCH (the receipt agrees with the ledger)
    c[2].receipts = [{"amount": "￥6,000"}]
    # trap: day 91, but in 2019 the law (2017 text) set no general decision period (DOMAIN §3.3)
    c[3].filed, c[3].decided = date(2019, 1, 1), date(2019, 4, 2)
    c[4].filed, c[4].decided = date(2019, 1, 1), date(2019, 4, 1)  # trap: day 90
    c[4].receipts = [{}, {}]  # the same receipt number twice: RECEIPT_NUMBER_DUPLICATE
    c[5].decided, c[5].published = date(2019, 9, 27), date(2019, 10, 12)  # trap: 7th working day
    c[6].decided, c[6].published = date(2019, 4, 26), date(2019, 5, 9)  # PUBLICATION_LATE (deadline 5/8)
    c[7].decided, c[7].officers = date(2019, 6, 10), "张三(21010001)、赵六(21010004)"  # expired the day before
    c[8].decided, c[8].officers = date(2019, 6, 10), "李四、王五"  # trap: valid through the decision day
    c[9].officers = "张三(21010001)、孙八"  # auxiliary: OFFICER_NOT_CERTIFIED + TOO_FEW_OFFICERS
    c[10].major = "是"  # MAJOR_DECISION_WITHOUT_LEGAL_REVIEW
    c[11].served = date(2019, 3, 19)  # 送达 before 决定: DATE_ORDER
    c[11].case_no = cn(212)  # (第12号 is case 2's)
    c[12].fine, c[12].enforcement, c[12].receipts = 2000, "未缴纳", []  # FINE_UNPAID_OVERDUE
    c[12].ledger = [{"receipt_no": "", "paid": None}]
    c[13].fine, c[13].enforcement, c[13].receipts = 2000, "申请法院强制执行", []  # trap: enforcement applied
    c[13].ledger = [{"receipt_no": "", "paid": None}]
    c[14].ledger, c[14].receipts, c[14].paid = [], [], date(2019, 3, 25)  # CASE_NOT_IN_LEDGER
    c[15].fine, c[15].enforcement = 2000, "分期缴纳"  # trap: an instalment pair
    c[15].ledger = [{"fine": 1000, "seq_receipt": 0}, {"fine": 1000, "seq_receipt": 1}]
    c[15].receipts = [{"amount": "1000"}, {"amount": "壹仟元整"}]
    c[16].ledger = [{}, {"receipt_no": "", "paid": None}]  # LEDGER_DUPLICATE_CASE
    c[17].receipts = []  # LEDGER_PAID_WITHOUT_RECEIPT (ledger names a receipt that does not exist)
    c[17].ledger = [{"receipt_no": f"{SERIES}00000900"}]
    c[18].fine, c[18].receipts = 200, [{"onsite": "当场收缴", "issued": c[18].decided}]  # ONSITE_…_OVER_LIMIT
    c[19].cause, c[19].fine = "无证取水", 20000  # DISCRETION_OUT_OF_RANGE (benchmark 1,000–10,000)
    for k, fine in zip((20, 21, 22), (1000, 2000, 10000), strict=True):  # INCONSISTENT_PENALTY (×10)
        c[k].cause, c[k].fine = "非法采砂", fine
    for k, fine in zip((23, 24, 25), (1000, 2000, 5000), strict=True):  # trap: exactly ×5
        c[k].cause, c[k].fine = "擅自取水", fine
    c[26].receipts = [{"payer": "王某某"}]  # RECEIPT_PAYER_MISMATCH
    c[27].receipts = [{"issued": c[27].decided - timedelta(days=3)}]  # RECEIPT_BEFORE_DECISION
    return [x.finish() for x in c]


def _sheet(path: Path, titles: list[str], header: list[str], rows: list[list[Any]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    for t in titles:
        ws.append([t])
    ws.append(header)
    for r in rows:
        ws.append(r)
    ws.append([])
    ws.append(["合计"])
    wb.save(path)
    return path


def _write_files(tmp: Path, cases: list[Case]) -> dict[str, Path]:
    officers = [["张三", "21010001", "2015-01-01", "2030-12-31", "有效", "执法人员"],
                ["李四", "21010002", "2015-01-01", "2030-12-31", "有效", "执法人员"],
                ["王五", "21010003", "2015-01-01", "2019年6月10日", "有效", "执法人员"],
                ["赵六", "21010004", "2015-01-01", "2019-06-09", "有效", "执法人员"],
                ["孙八", "", "", "", "", "辅助人员"]]
    case_rows, ledger_rows, receipt_rows = [], [], []
    number = 0

    def next_no() -> str:
        nonlocal number
        number += 1
        if number == 20:  # two receipts missing from the book: 20 and 21
            number = 22
        if number == 9:  # a voided stub inside the series
            receipt_rows.append([f"{SERIES}{number:08d}", "", "", "", "", "", "作废"])
            number += 1
        return f"{SERIES}{number:08d}"

    for c in cases:
        case_rows.append([c.case_no, "沈阳ＡＢＣ有限公司" if c.i == 1 else f"当事人{c.i}", c.cause, BASIS,
                          "伍仟元整" if c.i == 2 else f"{c.fine:,}.00", c.filed.isoformat(),  # type: ignore[union-attr]
                          f"{c.decided.year}年{c.decided.month}月{c.decided.day}日", c.served,
                          c.published.strftime("%Y/%m/%d") if c.published else "", c.officers, c.major,
                          c.review, c.enforcement, c.paid])
        paid_on = c.served + timedelta(days=2)  # type: ignore[operator]
        numbers = []
        for spec in c.receipts if c.receipts is not None else [{}]:
            no = numbers[-1] if numbers and c.i == 5 else next_no()
            numbers.append(no)
            receipt_rows.append([no, spec.get("issued", paid_on), spec.get("payer", f"当事人{c.i}"),
                                 spec.get("amount", f"{c.fine:,}.00"),
                                 "沈水罚字（2019）第０１２号" if c.i == 2 else c.case_no, spec.get("onsite", "银行代收"), ""])
        for spec in c.ledger if c.ledger is not None else [{}]:
            rno = spec["receipt_no"] if "receipt_no" in spec else numbers[spec.get("seq_receipt", 0)]
            ledger_rows.append([len(ledger_rows) + 1, "沈水罚字[2019]第012号" if c.i == 2 else c.case_no,
                                f"当事人{c.i}", spec.get("fine", c.fine), c.decided,
                                spec.get("paid", paid_on), rno, c.enforcement])
    receipt_rows.append([next_no(), date(2019, 7, 1), "路人甲", "800.00", "", "银行代收", ""])  # not in ledger
    ledger_rows.append([len(ledger_rows) + 1, cn(99), "当事人99", 3000, date(2019, 5, 5), None, "", "未缴纳"])
    return {
        "officers": _sheet(tmp / "执法人员.xlsx", ["沈阳市水务局执法人员名册", "（2019年）"],
                           ["姓名", "执法证号", "发证日期", "有效期至", "证件状态", "人员类别"], officers),
        "cases": _sheet(tmp / "案卷.xlsx", ["2019年行政处罚案卷目录"],
                        ["案号", "当事人", "案由", "处罚依据", "罚款金额（元）", "立案日期", "决定日期", "送达日期",
                         "公示日期", "执法人员", "是否重大执法决定", "法制审核日期", "执行情况", "缴款日期"], case_rows),
        "ledger": _sheet(tmp / "台账.xlsx", ["沈阳市水务局行政处罚台账", "填报单位：政策法规处"],
                         ["序号", "处罚决定书文号", "被处罚人", "罚款金额", "处罚决定日期", "缴款日期", "票据号",
                          "执行情况"], ledger_rows),
        "receipts": _sheet(tmp / "收据.xlsx", ["罚没款收据登记簿"],
                           ["票据号码", "开票日期", "缴款人", "金额", "决定书文号", "收缴方式", "备注"], receipt_rows),
    }


def _key(f: dict[str, Any]) -> str:
    refs = f["refs"]
    if f["code"].startswith(("RECEIPT_", "ONSITE_")):
        return refs.get("receipt_no") or refs["series"]
    return refs["case_no"]


def test_exactly_the_planted_findings(tmp_path: Path) -> None:
    cases = _cases()
    files = _write_files(tmp_path, cases)
    store = open_store(tmp_path / "store.sqlite")
    try:
        for kind in ("officers", "cases", "ledger", "receipts"):
            report = import_file(store, kind, files[kind], unit=UNIT)
            assert report.rejected == [], (kind, report.rejected)
        service.set_benchmark(store, violation="无证取水", min_fen=100_000, max_fen=1_000_000)
        result = service.run_audit(store, as_of=AS_OF).to_json()
    finally:
        store.close()

    receipt_of = {}  # case index → its (first) receipt number, as written in the generated book
    n = 0
    for c in cases:
        for _ in c.receipts if c.receipts is not None else [{}]:
            if c.i == 5 and c.i in receipt_of:
                continue
            n += 1
            n = 22 if n == 20 else (n + 1 if n == 9 else n)
            receipt_of.setdefault(c.i, f"{SERIES}{n:08d}")
    stray = f"{SERIES}{n + 1:08d}"
    got = sorted((f["code"], _key(f)) for f in result["findings"])
    expected = sorted([
        ("RECEIPT_NUMBER_GAP", SERIES), ("RECEIPT_NOT_IN_LEDGER", stray),
        ("RECEIPT_NUMBER_DUPLICATE", receipt_of[5]), ("RECEIPT_PAYER_MISMATCH", receipt_of[27]),
        ("RECEIPT_BEFORE_DECISION", receipt_of[28]), ("ONSITE_COLLECTION_OVER_LIMIT", receipt_of[19]),
        ("LEDGER_WITHOUT_CASE", cn(99)), ("CASE_NOT_IN_LEDGER", cn(15)), ("LEDGER_AMOUNT_MISMATCH", cn(3)),
        ("LEDGER_PAID_WITHOUT_RECEIPT", cn(18)), ("LEDGER_DUPLICATE_CASE", cn(17)),
        ("TOO_FEW_OFFICERS", cn(10)), ("OFFICER_NOT_CERTIFIED", cn(8)),
        ("OFFICER_NOT_CERTIFIED", cn(10)), ("MAJOR_DECISION_WITHOUT_LEGAL_REVIEW", cn(11)),
        ("PUBLICATION_LATE", cn(7)), ("FINE_UNPAID_OVERDUE", cn(13)), ("DATE_ORDER", cn(212)),
        ("DISCRETION_OUT_OF_RANGE", cn(20)), ("INCONSISTENT_PENALTY", cn(23)),
    ])
    assert got == expected
    by = {(f["code"], _key(f)): f for f in result["findings"]}
    assert by[("RECEIPT_NUMBER_GAP", SERIES)]["refs"] == {
        "series": SERIES, "first_missing": f"{SERIES}00000020", "last_missing": f"{SERIES}00000021", "count": 2}
    assert by[("OFFICER_NOT_CERTIFIED", cn(8))]["refs"]["officer"] == "赵六(21010004)"
    assert by[("OFFICER_NOT_CERTIFIED", cn(10))]["refs"]["officer"] == "孙八"
    assert by[("LEDGER_AMOUNT_MISMATCH", cn(3))]["expected"] == {"fine_fen": 500_000}
    assert by[("LEDGER_AMOUNT_MISMATCH", cn(3))]["refs"]["ledger_row"] == 6  # two title rows, header, row 3
    assert by[("PUBLICATION_LATE", cn(7))]["expected"] == {"deadline": "2019-05-08"}
    assert result["counts"]["OFFICER_NOT_CERTIFIED"] == 2
    assert result["calendar_fallback_years"] == []
    assert all(f["rule"] and f["message"] and f["stage"] for f in result["findings"])
    # 2019 decisions: the 2017 text's limits and articles
    onsite = by[("ONSITE_COLLECTION_OVER_LIMIT", receipt_of[19])]
    assert onsite["rule"] == LAW_2017 + "第四十七条" and onsite["expected"] == {"max_fen": 2_000}
    assert by[("TOO_FEW_OFFICERS", cn(10))]["rule"] == LAW_2017 + "第三十七条"
    assert by[("MAJOR_DECISION_WITHOUT_LEGAL_REVIEW", cn(11))]["rule"] == LAW_2017 + "第三十八条第三款"
    assert by[("RECEIPT_BEFORE_DECISION", receipt_of[28])]["rule"].startswith(LAW_2017 + "第四十六条")
    assert by[("FINE_UNPAID_OVERDUE", cn(13))]["rule"] == LAW_2017 + "第四十六条、第五十一条"

"""The law by date through the real path: spreadsheets written here, imported into a real store,
the office's rules entered on the command line, `audit run --json` — the acceptance list of
issue 12 on both sides of 2021-07-15 (DOMAIN §3.3)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tests.cli.helpers import run_cli

LAW_2017 = "2017年修正的《中华人民共和国行政处罚法》"
LAW_2021 = "2021年修订的《中华人民共和国行政处罚法》"
SECTOR = "《某省水行政处罚程序规定》第二十八条"
CATALOGUE = "《某局重大执法决定法制审核目录清单》"
LAW_CODES = {"ONSITE_COLLECTION_OVER_LIMIT", "DECISION_OVERDUE", "SERVICE_LATE", "HEARING_RIGHTS_IGNORED",
             "MAJOR_DECISION_WITHOUT_LEGAL_REVIEW", "NOTICE_MISSING", "NO_LEGAL_BASIS", "DATE_ORDER",
             "HEARING_WITHOUT_LEGAL_REVIEW", "DECIDED_AFTER_REVIEW_REJECTED", "CASE_PENDING_TOO_LONG"}

CASE_HEADER = ["案号", "当事人", "证件号码", "案由", "处罚依据", "处罚种类", "罚款金额", "执法领域", "立案日期", "告知日期",
               "听证日期", "放弃听证日期", "决定日期", "送达日期", "执法人员", "是否重大执法决定", "法制审核日期",
               "法制审核结果", "延期批准日期", "延长至"]


def cn(tag: str) -> str:
    return f"沈水罚字〔{tag}〕号"


def _case(tag: str, decided: date, *, filed: date | None = None, notified: date | None = None,
          served: date | None = None, penalty: str = "罚款", fine: int = 5000, party: str = "",
          party_id: str = "", extension: tuple[date, date] | None = None,
          review: tuple[date, str] | None = None) -> list[Any]:
    """A complete, lawful case file unless the test changes one thing."""
    filed = filed or decided - timedelta(days=20)
    notified = notified or decided - timedelta(days=14)
    return [cn(tag), party or f"当事人{tag}", party_id, "非法取水", "《中华人民共和国水法》第六十九条", penalty, fine, "水利",
            filed, notified, None, None, decided, served or decided + timedelta(days=1),
            "张三(21010001)、李四(21010002)", "否", *(review or (None, "")), *(extension or (None, None))]


CASES = [
    _case("2019-120", date(2019, 5, 1), filed=date(2019, 1, 1)),  # 120 days under the 2017 text
    _case("2022-97", date(2022, 4, 8), filed=date(2022, 1, 1)),  # day 97: overdue (第六十条)
    _case("2022-97-ext", date(2022, 4, 8), filed=date(2022, 1, 1),
          extension=(date(2022, 3, 25), date(2022, 4, 30))),  # day 97 within a recorded extension
    _case("2022-svc9", date(2022, 3, 1), served=date(2022, 3, 14)),  # 9th working day after the decision
    _case("2022-svc-nd", date(2022, 9, 29), served=date(2022, 10, 10)),  # 11 days, 4 working days (国庆)
    _case("2019-revoke-1", date(2019, 5, 7), notified=date(2019, 5, 6), penalty="吊销取水许可证"),
    _case("2022-revoke-1", date(2022, 5, 11), notified=date(2022, 5, 10), penalty="吊销取水许可证"),
    _case("2019-revoke-14", date(2019, 5, 20), notified=date(2019, 5, 6), penalty="吊销取水许可证"),
    _case("2022-revoke-14", date(2022, 5, 24), notified=date(2022, 5, 10), penalty="吊销取水许可证"),
    _case("2022-major", date(2022, 6, 1), fine=200_000, party="沈阳某某水务有限公司",
          party_id="91210100MA0XXXXX1Y"),  # major by the catalogue (organisation, ≥ 100,000 元)
    _case("2022-rejected", date(2022, 7, 1), review=(date(2022, 6, 28), "不通过")),  # decided after 不通过
    _case("2022-passed", date(2022, 7, 1), review=(date(2022, 6, 28), "通过")),
]

RECEIPT_HEADER = ["票据号码", "开票日期", "缴款人", "金额", "收缴方式"]
RECEIPTS = [["A00000001", date(2019, 6, 3), "甲", "20.00", "当场收缴"],
            ["A00000002", date(2019, 6, 3), "乙", "50.00", "当场收缴"],
            ["A00000003", date(2022, 6, 3), "丙", "50.00", "当场收缴"],
            ["A00000004", date(2022, 6, 6), "丁", "150.00", "当场收缴"]]


def _sheet(path: Path, header: list[str], rows: list[list[Any]]) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["2017年至今行政处罚案卷"])
    ws.append(header)
    for r in rows:
        ws.append(r)
    wb.save(path)
    return path


def _ok(*args: str | Path) -> Any:
    r = run_cli(*args)
    assert r.returncode == 0, r.stderr
    return json.loads(r.stdout) if "--json" in args else r.stdout


def _audit(db: Path) -> dict[tuple[str, str], dict[str, Any]]:
    doc = _ok("--db", db, "audit", "run", "--as-of", "2025-06-30", "--json")
    out = {}
    for f in doc["findings"]:
        if f["code"] in LAW_CODES:
            key = (f["code"], f["refs"].get("case_no") or f["refs"]["receipt_no"])
            assert key not in out  # one finding per code and record
            out[key] = f
    return out


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "store.sqlite"
    _ok("--db", path, "import", "cases", _sheet(tmp_path / "案卷.xlsx", CASE_HEADER, CASES), "--unit", "沈阳市水务局")
    _ok("--db", path, "import", "receipts", _sheet(tmp_path / "收据.xlsx", RECEIPT_HEADER, RECEIPTS),
        "--unit", "沈阳市水务局")
    return path


def test_each_rule_by_the_text_in_force_on_its_date(db: Path) -> None:
    found = _audit(db)
    assert set(found) == {
        ("ONSITE_COLLECTION_OVER_LIMIT", "A00000002"), ("ONSITE_COLLECTION_OVER_LIMIT", "A00000004"),
        ("DECISION_OVERDUE", cn("2022-97")), ("SERVICE_LATE", cn("2022-svc9")),
        ("HEARING_RIGHTS_IGNORED", cn("2019-revoke-1")), ("HEARING_RIGHTS_IGNORED", cn("2022-revoke-1")),
        ("DECIDED_AFTER_REVIEW_REJECTED", cn("2022-rejected")),
    }
    rejected = found[("DECIDED_AFTER_REVIEW_REJECTED", cn("2022-rejected"))]
    assert rejected["rule"] == LAW_2021 + "第五十八条" and rejected["found"]["legal_review_outcome"] == "不通过"
    onsite_2019, onsite_2022 = found[("ONSITE_COLLECTION_OVER_LIMIT", "A00000002")], found[
        ("ONSITE_COLLECTION_OVER_LIMIT", "A00000004")]
    assert (onsite_2019["rule"], onsite_2019["expected"]) == (LAW_2017 + "第四十七条", {"max_fen": 2_000})
    assert (onsite_2022["rule"], onsite_2022["expected"]) == (LAW_2021 + "第六十八条", {"max_fen": 10_000})
    overdue = found[("DECISION_OVERDUE", cn("2022-97"))]
    assert overdue["rule"] == LAW_2021 + "第六十条"
    assert overdue["expected"] == {"max_days": 90, "decided_by": "2022-04-01"} and overdue["found"]["days"] == 97
    late = found[("SERVICE_LATE", cn("2022-svc9"))]
    assert late["rule"] == LAW_2021 + "第六十一条" and late["found"]["working_days"] == 9
    assert late["expected"] == {"served_by": "2022-03-10", "period": "7个工作日"}
    hearing_2019 = found[("HEARING_RIGHTS_IGNORED", cn("2019-revoke-1"))]
    assert hearing_2019["rule"] == LAW_2017 + "第四十二条"
    assert hearing_2019["expected"]["request_period_ends"] == "2019-05-09"
    hearing_2022 = found[("HEARING_RIGHTS_IGNORED", cn("2022-revoke-1"))]
    assert hearing_2022["rule"] == LAW_2021 + "第六十三条、第六十四条"
    assert hearing_2022["expected"]["request_period_ends"] == "2022-05-17"


def test_the_office_rules_entered_on_the_command_line_change_the_findings(db: Path) -> None:
    first = _audit(db)
    assert ("DECISION_OVERDUE", cn("2019-120")) not in first
    _ok("--db", db, "law", "sector-rule", "add", "--topic", "decision_period", "--field", "水利", "--days", "90",
        "--from", "2018-01-01", "--citation", SECTOR)
    _ok("--db", db, "law", "catalogue", "set", "--from", "2020-01-01", "--org", "100000", "--citation", CATALOGUE)
    found = _audit(db)
    added = set(found) - set(first)
    assert added == {("DECISION_OVERDUE", cn("2019-120")), ("MAJOR_DECISION_WITHOUT_LEGAL_REVIEW", cn("2022-major"))}
    sector = found[("DECISION_OVERDUE", cn("2019-120"))]
    assert sector["rule"] == SECTOR and sector["expected"] == {"max_days": 90, "decided_by": "2019-04-01"}
    major = found[("MAJOR_DECISION_WITHOUT_LEGAL_REVIEW", cn("2022-major"))]
    assert major["rule"] == LAW_2021 + "第五十八条；" + CATALOGUE
    assert major["expected"]["major_because"] == ["罚款 200,000.00 元达到目录清单标准"]
    # the sector rule governs the field's later cases too (规章另有规定的从其规定), and says so
    assert found[("DECISION_OVERDUE", cn("2022-97"))]["rule"] == SECTOR


def test_rerunning_does_not_duplicate_and_a_dismissed_law_finding_stays_dismissed(db: Path) -> None:
    first = _audit(db)
    fid = first[("HEARING_RIGHTS_IGNORED", cn("2019-revoke-1"))]["id"]
    _ok("--db", db, "findings", "dismiss", str(fid), "--reason", "当事人当场书面放弃听证，卷内有笔录")
    second = _audit(db)
    assert {k: f["id"] for k, f in second.items()} == {k: f["id"] for k, f in first.items()}
    assert second[("HEARING_RIGHTS_IGNORED", cn("2019-revoke-1"))]["status"] == "dismissed"
    stored = _ok("--db", db, "findings", "--json")["findings"]
    fingerprints = {(f["code"], json.dumps(f["refs"], sort_keys=True)) for f in stored}
    assert len(fingerprints) == len(stored)


def test_a_sheet_without_the_columns_reports_nothing_the_data_cannot_show(tmp_path: Path) -> None:
    header = ["案号", "当事人", "案由", "罚款金额", "立案日期", "决定日期", "执法人员"]
    rows = [[cn("2022-1"), "张三", "非法取水", 5000, date(2022, 1, 1), date(2022, 3, 1), "张三、李四"]]
    db = tmp_path / "s.sqlite"
    _ok("--db", db, "import", "cases", _sheet(tmp_path / "c.xlsx", header, rows))
    assert _audit(db) == {}  # no 处罚依据, 告知, 送达, 听证, 法制审核 columns: no such findings

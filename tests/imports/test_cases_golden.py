"""Golden test for case files: IDs (number cell rejected, bad check digit warned), officers with
and without certificate numbers, yes/no flags, several dates, repeated case numbers."""

from __future__ import annotations

from datetime import date

import pytest

from app.domain.ids import NUMBER_CELL_REASON
from app.errors import ImportRejectedError
from app.imports.service import import_file
from db.models import CaseFile, CaseOfficer

HEADER = ["案号", "当事人", "身份证号", "案由", "罚款金额（元）", "立案日期", "处罚决定日期", "承办人",
          "是否重大执法决定", "法制审核日期", "执法单位"]
GOOD_ID = "11010519491231002X"  # the GB 11643 example: check digit X
BAD_CHECK = "110105194912310021"  # same, last digit wrong


def _cases_sheet() -> list[list[object]]:
    return [
        ["2019年度行政处罚案卷目录"],  # row 1 (merged)
        [None, None, None, "单位：沈阳市水务局"],  # row 2
        HEADER,  # row 3
        ["沈水罚字[2019]第012号", "张三", GOOD_ID, "违法取水", 5000, "2019-01-10", "2019-02-01",
         "张三(21010012345)、李四", "是", "2019-01-28", "第一大队"],  # row 4
        ["沈水罚字〔2019〕第13号", "李四", 110105194912310021, "违法取水", 3000, "2019-01-11", "2019-02-02",
         "王五", "否", None, "第一大队"],  # row 5: ID typed as a number → rejected
        ["沈水罚字〔2019〕第14号", "某某公司", BAD_CHECK, "违法采砂", "2,000.50", "2019/1/12", "2019年2月3日",
         "赵六（21010012346），钱七（执法证号21010012347）", "", None, None],  # row 6: warning only
        ["沈水罚字（2019）第0012号", "重复", GOOD_ID, "违法取水", 100, "2019-01-10", "2019-02-01", "张三", "否",
         None, "第一大队"],  # row 7: same key as row 4 → rejected
        ["沈水罚字〔2019〕第15号", "周八", "", "违法取水", 100, "2019-02-30", "2019-03-01", "张三", "否", None,
         None],  # row 8: impossible date → rejected
        ["合计", None, None, None, 10100.5],  # row 9
    ]


def test_cases_strict_is_refused_with_cell_by_cell_reasons(store, db, xlsx) -> None:
    path = xlsx("案卷.xlsx", {"案卷": _cases_sheet()}, merges={"案卷": ["A1:K1"]})
    before = db.counts()

    with pytest.raises(ImportRejectedError) as info:
        import_file(store, "cases", path)

    assert db.counts() == before
    msg = info.value.message
    assert "案卷.xlsx" in msg and "工作表「案卷」" in msg
    assert "第 5 行 C 列「身份证号」" in msg
    assert "第 8 行 F 列「立案日期」" in msg and "2019-02-30" in msg
    report = info.value.report
    assert report.imported == 0
    by_row = {i.row: i for i in report.rejected}
    assert sorted(by_row) == [5, 7, 8]
    assert by_row[5].reason == NUMBER_CELL_REASON and by_row[5].column_letter == "C"
    assert by_row[7].column == "案号" and "第 4 行重复" in by_row[7].reason
    assert by_row[8].value == "2019-02-30"
    assert report.to_json()["rejected"][0] == {"row": 5, "column": "身份证号", "value": "110105194912310000",  # what survived
                                               "reason": NUMBER_CELL_REASON}


def test_cases_skip_invalid_imports_the_rest(store, db, xlsx) -> None:
    path = xlsx("案卷.xlsx", {"案卷": _cases_sheet()}, merges={"案卷": ["A1:K1"]})

    report = import_file(store, "cases", path, skip_invalid=True, unit="沈阳市水务局")

    assert (report.header_row, report.imported, report.skipped_blank, report.rows_read) == (3, 2, 1, 6)
    assert [(w.row, w.column_letter) for w in report.warnings] == [(6, "C")]
    assert "校验位" in report.warnings[0].reason
    assert report.to_json()["warnings"] == [{"row": 6, "column": "身份证号", "reason": report.warnings[0].reason}]

    cases = db.all(CaseFile)
    units = db.units()
    assert [c.case_key for c in cases] == ["沈水罚字〔2019〕第12号", "沈水罚字〔2019〕第14号"]
    first, second = cases
    assert (first.party_id, first.fine_fen, first.filed_on, first.decided_on) == (
        GOOD_ID, 500000, date(2019, 1, 10), date(2019, 2, 1))
    assert first.major is True and first.legal_review_on == date(2019, 1, 28)
    assert (second.party_id, second.fine_fen, second.major) == (BAD_CHECK, 200050, False)
    assert second.decided_on == date(2019, 2, 3)
    assert units[first.unit_id] == "第一大队" and units[second.unit_id] == "沈阳市水务局"
    assert (first.source_row, second.source_row) == (4, 6)

    officers = db.all(CaseOfficer, order=(CaseOfficer.case_id, CaseOfficer.position))
    got = [(o.case_id, o.position, o.name, o.cert_no) for o in officers]
    assert got == [
        (first.id, 0, "张三", "21010012345"), (first.id, 1, "李四", ""),
        (second.id, 0, "赵六", "21010012346"), (second.id, 1, "钱七", "21010012347"),
    ]

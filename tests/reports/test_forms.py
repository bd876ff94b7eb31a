"""The Excel forms from plain data, read back with calamine and openpyxl."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from app.errors import UserError
from app.reports import forms
from app.reports.forms import FILE_NAMES, render_forms
from tests.reports.factories import CATEGORIES, FORMULA, many, problem, report_data
from tests.reports.helpers import sheet_rows

HEADERS = {
    "问题清单.xlsx": ["序号", "问题类别", "具体表现", "整治措施", "责任部门"],
    "整改台账.xlsx": ["序号", "问题类别", "具体表现", "整改措施", "责任单位", "责任人", "整改方式（立行立改/限期整改）",
                  "整改时限", "进展情况", "状态"],
    "销号台账.xlsx": ["序号", "问题类别", "具体表现", "整改措施", "责任单位", "状态", "销号日期", "佐证材料", "审批人"],
    # reference/004 附件3: the categories are the columns, in the form's wording (机械式执法问题)
    "统计表.xlsx": ["整治重点", "选择性执法问题", "随意性执法问题", "机械式执法问题", "逐利性执法问题"],
}
STAT_LABELS = ["发现问题数", "整改问题数", "处理人数", "党纪政务处分人数", "备注"]
NOTE = "要求每一个具体问题分栏填写，表述简洁明了。"


@pytest.fixture
def written(tmp_path: Path) -> list[Path]:
    return render_forms(many(30), tmp_path / "out")


def test_four_files_each_with_its_prescribed_header_row(written: list[Path]) -> None:
    assert [p.name for p in written] == list(FILE_NAMES)
    for path in written:
        rows = sheet_rows(path)
        assert rows[2] == HEADERS[path.name], path.name
        info = rows[1][0]
        # punctuated as the forms print them: 填报单位：（盖章） 负责人：（签字）
        assert "填报单位：沈阳市水务局（盖章）" in info and "负责人：（签字）" in info and "填报时间：2024年9月10日" in info
    assert sorted(p.name for p in written[0].parent.iterdir()) == sorted(FILE_NAMES)  # no temp files left


def test_one_row_per_problem_in_category_order(written: list[Path]) -> None:
    for name in ("问题清单.xlsx", "整改台账.xlsx", "销号台账.xlsx"):
        data = sheet_rows(written[0].parent / name)[3:]
        if name == "问题清单.xlsx":  # 附件2 closes with its 备注 row
            assert data[-1][:2] == ["备注", NOTE] and all(v == "" for v in data[-1][2:])
            data = data[:-1]
        assert len(data) == 30, name
        assert [r[0] for r in data] == list(range(1, 31))
        cats = [r[1] for r in data]
        assert cats == sorted(cats, key=CATEGORIES.index)
    rows = sheet_rows(written[0].parent / "问题清单.xlsx")[3:]
    assert rows[0][2].startswith("第4号问题") and rows[0][3].startswith("组织案卷复查") and rows[0][4] == "法制科"


def test_ledgers_show_method_deadline_progress_and_close_out(tmp_path: Path) -> None:
    data = report_data([problem(3, immediate=True), problem(4, timetable="9月底前完成复查"),
                        problem(5, status="已销号"), problem(6, overdue=True, deadline=date(2024, 8, 1))])
    out = render_forms(data, tmp_path)
    ledger = {r[2][:4]: r for r in sheet_rows(out[1])[3:]}
    assert ledger["第3号问"][6] == "立行立改" and ledger["第4号问"][6] == "限期整改"
    assert ledger["第4号问"][7] == "2024年10月31日\n9月底前完成复查"
    assert ledger["第4号问"][8] == "2024-09-01 已完成复查4"
    assert ledger["第6号问"][9] == "整改中（逾期）" and ledger["第5号问"][9] == "已销号"
    closed = {r[2][:4]: r for r in sheet_rows(out[2])[3:]}
    assert closed["第5号问"][5] == "已销号" and closed["第4号问"][5] == "整改中"
    assert closed["第5号问"][6] == date(2024, 9, 5) or str(closed["第5号问"][6]).startswith("2024-09-05")
    assert closed["第5号问"][7] == "整改佐证5.pdf（SHA-256 ab12cd34ef56…）" and closed["第5号问"][8] == "刘彦"
    assert closed["第4号问"][6] == "" and closed["第4号问"][7] == ""


def test_statistics_categories_as_columns_and_counts_add_up(written: list[Path]) -> None:
    rows = sheet_rows(written[3])[3:]
    assert [r[0] for r in rows] == STAT_LABELS  # no 合计 row: the form has none
    data = many(30)
    found = {c: sum(p["category"] == c for p in data["problems"]) for c in CATEGORIES}
    assert dict(zip(CATEGORIES, rows[0][1:], strict=True)) == found and sum(rows[0][1:]) == 30
    assert sum(rows[1][1:]) == sum(p["status"] == "已销号" for p in data["problems"])
    assert sum(rows[2][1:]) == sum(p["people_handled"] for p in data["problems"])
    assert sum(rows[3][1:]) == sum(p["sanctions"] for p in data["problems"])
    assert rows[4][1:] == [""] * len(CATEGORIES)


def test_a_total_column_only_when_asked(tmp_path: Path) -> None:
    data = many(12)
    data["stats_total"] = True
    rows = sheet_rows(render_forms(data, tmp_path)[3])
    assert rows[2] == [*HEADERS["统计表.xlsx"], "合计"]
    for r in rows[3:7]:
        assert r[-1] == sum(r[1:-1])


def test_empty_category_still_has_its_column(tmp_path: Path) -> None:
    out = render_forms(report_data([problem(1, category=CATEGORIES[0])]), tmp_path)
    rows = sheet_rows(out[3])[3:]
    assert rows[0] == ["发现问题数", 1, 0, 0, 0]


def test_formula_text_stays_text_in_every_sheet(tmp_path: Path) -> None:
    evil = problem(1, category=FORMULA, manifestation=FORMULA, measure="+1+2", dept="@SUM(A1)", owner="-5",
                   status="已销号", approver="\tX")
    evil["close_evidence"] = [{"file_name": "=1+1.pdf", "sha256": "00" * 32}]
    data = report_data([evil, problem(2)])
    data["office"]["office_name"] = "=cmd|' /C calc'!A0"
    out = render_forms(data, tmp_path)
    for path in out:
        values = [v for row in sheet_rows(path) for v in row]
        assert FORMULA in values, path.name
        wb = openpyxl.load_workbook(path)
        ws = wb.active
        cells = [c for row in ws.iter_rows() for c in row]
        assert not [c.coordinate for c in cells if c.data_type == "f"], path.name
        formula_cells = [c for c in cells if c.value == FORMULA]
        assert formula_cells and all(c.data_type == "s" for c in formula_cells)
    ledger = [v for row in sheet_rows(out[1]) for v in row]
    assert "+1+2" in ledger and "@SUM(A1)" in ledger and "-5" in ledger
    assert "\tX" in [v for row in sheet_rows(out[2]) for v in row]


def test_print_setup_a4_one_page_wide_header_repeated_borders_songti(written: list[Path]) -> None:
    for path in written:
        ws = openpyxl.load_workbook(path).active
        assert int(ws.page_setup.paperSize) == 9  # A4
        assert ws.page_setup.orientation == ("portrait" if path.name == "统计表.xlsx" else "landscape")
        assert int(ws.page_setup.fitToWidth) == 1 and int(ws.page_setup.fitToHeight) == 0
        assert ws.sheet_properties.pageSetUpPr.fitToPage
        assert ws.print_title_rows == "$3:$3"
        cell = ws.cell(4, 2)
        assert cell.font.name == "宋体" and cell.border.left.style == "thin" and cell.alignment.wrap_text
        assert ws.cell(3, 1).font.name == "宋体"


def test_control_characters_are_dropped_not_crashing(tmp_path: Path) -> None:
    out = render_forms(report_data([problem(1, manifestation="票据\x01号码\x0b缺失")]), tmp_path)
    assert sheet_rows(out[0])[3][2] == "票据号码缺失"


def test_failure_leaves_the_folder_as_it_was(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "forms"
    render_forms(many(3), folder)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}

    def broken(data: dict) -> list:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(forms, "build_workbooks", broken)
    with pytest.raises(UserError, match="写入"):
        render_forms(many(10), folder)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_output_folder_that_is_a_file_is_refused(tmp_path: Path) -> None:
    blocker = tmp_path / "x"
    blocker.write_text("not a folder")
    with pytest.raises(UserError, match="文件夹"):
        render_forms(many(2), blocker)
    with pytest.raises(UserError):
        render_forms(many(2), blocker / "sub")

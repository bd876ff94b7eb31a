"""The 三项制度 task table: the plan's sheet (title rows, merged cells, the header repeated on a new
page) imports in its own columns; 完成时限 as a month, a day or 长期执行; status, progress and
overdue warnings; the export in the same columns with 完成情况 imports back as it was."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from app.errors import BadFileError, UserError
from app.process.task_sheet import read_task_sheet, write_task_sheet
from app.process.task_terms import parse_due
from app.process.tasks import add_progress, import_tasks, list_tasks, overdue_tasks, update_task
from app.store import open_store

HEADER = ["序号", "主要\n工作任务", None, "任务分解", "工作要求", "责任单位", "完成时限"]
# reference/002 附件2, rows 1–5 and 10–11, as the plan lays them out (blank = merged with the cell above)
ROWS = [
    [1, "全面推行行政执法公示制度", "健全公示制度", "修订行政执法公示具体办法",
     "明确本地区、本部门执法信息公示内容范围、内容、载体、程序、时限要求、监督方式和保障措施。", "政策法规科", "2019年12月"],
    [2, None, None, "建立执法决定信息公开发布、撤销和更新制度", "确保各类信息及时公开、撤销和更新。", "政策法规科",
     "2019年12月"],
    [3, None, None, "建立行政执法统计年报制度",
     "每年1月31日前公开本机关上年度行政执法总体情况有关数据,并报本级人民政府和上级主管部门。", "政策法规科", "2019年12月"],
    HEADER,
    [4, "全面推行行政执法公示制度", "强化事前公开", "修订行政执法人员清单", "审核确认行政执法人员",
     "政策法规科牵头,各执法科室、水政监察支队", "2019年10月"],
    [5, None, None, "修订行政执法事项清单", "明确行政执法主体、职责、权限、依据。", None, "2019年10月"],
    [10, None, "执法活动中出具执法文书", "主动告知当事人执法事由、执法依据和权利义务等内容", "并做好说明解释工作。",
     "各执法科室、水政监察支队", "长期执行"],
    [11, None, None, "持证上岗,亮证执法", "出示省政府统一印制或经备案的行政执法证件。", None, None],
]


def plan_sheet(path: Path) -> Path:
    wb = Workbook()
    ws = wb.active
    ws.append(["附件2"])
    ws.append(["长治市水利局全面推行行政执法三项制度任务分解推进表"])
    ws.append(HEADER)
    ws.merge_cells("B3:C3")
    for r in ROWS:
        ws.append(r)
    ws.merge_cells("B4:B6")  # 主要工作任务 over rows 1–3, as the plan prints it
    wb.save(path)
    return path


def test_the_plans_sheet_imports_in_its_own_columns(store, tmp_path: Path) -> None:
    rows = read_task_sheet(plan_sheet(tmp_path / "附件2.xlsx"))
    assert [r.seq for r in rows] == [1, 2, 3, 4, 5, 10, 11]
    two, five, eleven = rows[1], rows[4], rows[6]
    assert (two.main_task, two.sub_task, two.units) == ("全面推行行政执法公示制度", "健全公示制度", "政策法规科")
    assert two.due_on == date(2019, 12, 31) and two.due_text == "2019年12月"
    assert five.units == "政策法规科牵头,各执法科室、水政监察支队" and five.due_on == date(2019, 10, 31)
    assert (eleven.sub_task, eleven.due_text, eleven.due_on) == ("执法活动中出具执法文书", "长期执行", None)
    assert import_tasks(store, rows) == 7
    with pytest.raises(UserError, match="已有任务分解推进表"):
        import_tasks(store, rows)


def test_overdue_tasks_are_warned_and_leave_the_list_when_done(store, tmp_path: Path) -> None:
    import_tasks(store, read_task_sheet(plan_sheet(tmp_path / "附件2.xlsx")))
    late = overdue_tasks(store, as_of=date(2019, 11, 1))
    assert [t["seq"] for t in late] == [4, 5] and late[0]["days_overdue"] == 1
    assert overdue_tasks(store, as_of=date(2019, 10, 31)) == []
    update_task(store, 4, status="已完成", completed_on="2019-10-30")
    assert [t["seq"] for t in overdue_tasks(store, as_of=date(2020, 1, 1))] == [1, 2, 3, 5]
    with pytest.raises(UserError, match="任务状态"):
        update_task(store, 5, status="完成了")
    with pytest.raises(UserError, match="没有序号 99"):
        add_progress(store, 99, on="2019-10-01", note="x")


def test_the_task_table_round_trips(store, tmp_path: Path) -> None:
    import_tasks(store, read_task_sheet(plan_sheet(tmp_path / "附件2.xlsx")))
    evidence = tmp_path / "办法.pdf"
    evidence.write_bytes("%PDF-1.4 办法".encode())
    add_progress(store, 1, on="2019-11-02", note="起草公示办法初稿", evidence=evidence)
    add_progress(store, 1, on="2019-12-10", note="局务会审议通过")
    update_task(store, 1, status="已完成", completed_on="2019-12-20")
    add_progress(store, 10, on="2019-09-01", note="执法文书范本已下发")
    first = write_task_sheet(tmp_path / "导出.xlsx", list_tasks(store))
    ws = load_workbook(first).active
    assert [c.value for c in ws[3]] == ["序号", "主要工作任务", None, "任务分解", "工作要求", "责任单位", "完成时限", "完成情况"]
    assert ws["H4"].value == "已完成 2019-12-20\n2019-11-02 起草公示办法初稿\n2019-12-10 局务会审议通过"
    other = open_store(tmp_path / "other.sqlite")
    try:
        import_tasks(other, read_task_sheet(first))
        again = write_task_sheet(tmp_path / "再导出.xlsx", list_tasks(other))
        keys = ("seq", "main_task", "sub_task", "breakdown", "requirement", "units", "due_text", "due_on", "status",
                "completed_on")
        strip = [{k: t[k] for k in keys} | {"notes": [(p["on"], p["note"]) for p in t["progress"]]}
                 for t in list_tasks(other)]
        assert strip == [{k: t[k] for k in keys} | {"notes": [(p["on"], p["note"]) for p in t["progress"]]}
                         for t in list_tasks(store)]
    finally:
        other.close()
    cells = [[c.value for c in row] for row in load_workbook(first).active.iter_rows()]
    assert cells == [[c.value for c in row] for row in load_workbook(again).active.iter_rows()]


@pytest.mark.parametrize(("raw", "expected"), [("2019年12月", date(2019, 12, 31)), ("2020年2月", date(2020, 2, 29)),
                                               ("2019年12月20日", date(2019, 12, 20)), ("长期推进", None)])
def test_due_dates_as_the_plan_writes_them(raw: str, expected: date | None) -> None:
    assert parse_due(raw).on == expected


def test_a_sheet_without_the_plans_columns_is_refused_naming_the_row(tmp_path: Path) -> None:
    wb = Workbook()
    wb.active.append(["序号", "任务分解", "工作要求"])
    wb.save(tmp_path / "bad.xlsx")
    with pytest.raises(BadFileError, match="第 1 行表头缺少列：主要工作任务、责任单位、完成时限"):
        read_task_sheet(tmp_path / "bad.xlsx")
    wb = Workbook()
    wb.active.append(HEADER)
    wb.active.append([1, "甲", "乙", "丙", "丁", "戊", "明年"])
    wb.save(tmp_path / "bad2.xlsx")
    with pytest.raises(BadFileError, match="第 2 行.*完成时限「明年」") as info:
        read_task_sheet(tmp_path / "bad2.xlsx")
    assert info.value.row == 2

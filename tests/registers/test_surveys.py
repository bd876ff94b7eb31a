"""Questionnaires: checked as data; the Excel sheet written, filled in and imported back tallies
exactly; a sheet whose columns do not match is refused naming the column, a bad answer naming its
row and column; the same file twice adds nothing; the printed form and the tally PDF read back."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook

from app.errors import BadFileError, UserError
from app.registers.survey_print import print_survey
from app.registers.survey_sheet import headers_of, import_sheet
from app.registers.survey_tally import tally, write_tally
from app.registers.surveys import create_survey, get_survey, list_surveys, survey_from_file
from tests.reports.helpers import assert_all_embedded, pdftext, sheet_rows, squeeze

DEFINITION: dict[str, Any] = {
    "title": "规范文明执法问卷调查表", "audience": "处罚对象", "intro": "请如实填写。",
    "questions": [{"text": "执法人员是否出示执法证件", "kind": "单选", "options": ["是", "否", "记不清"]},
                  {"text": "您认为执法中存在哪些问题", "kind": "multiple", "options": ["态度粗暴", "程序不规范", "处罚过重", "无"]},
                  {"text": "您的意见建议", "kind": "问答"}]}
FILLED = [("市水务局", "张一", "是", "态度粗暴、程序不规范", "加强培训"), ("市水务局", "", "A", "D", ""),
          ("区林业局", "李二", "否", "B", ""), ("区林业局", "", "记不清", "AC", "无"), ("区林业局", "", "", "", "")]


def _fill(sheet: Path, out: Path, rows: list[tuple[str, ...]] = FILLED) -> Path:
    wb = load_workbook(sheet)
    ws = wb["问卷"]
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            ws.cell(4 + i, 2 + j, value)
    wb.save(out)
    return out


def _options(q: dict[str, Any]) -> dict[str, tuple[int, float]]:
    return {o["option"]: (o["count"], round(o["percent"], 4)) for o in q["options"]}


def test_a_filled_sheet_imports_back_and_tallies_exactly(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sv = create_survey(store, DEFINITION, operator="法规科")
    sheet = print_survey(store, sv["id"], tmp_path / "答卷表.xlsx")
    assert sheet_rows(sheet)[2] == headers_of(sv)
    filled = _fill(sheet, tmp_path / "已填.xlsx")
    result = import_sheet(store, sv["id"], filled)
    assert result["imported"] == 4 and not result["already_imported"]  # the 5th row answers nothing: no response
    assert import_sheet(store, sv["id"], filled)["already_imported"] is True
    data = tally(store, sv["id"])
    assert data["responses"] == 4 and get_survey(store, sv["id"])["responses"] == 4
    q1, q2, q3 = data["questions"]
    assert q1["answered"] == 4 and _options(q1) == {"是": (2, 50.0), "否": (1, 25.0), "记不清": (1, 25.0)}
    assert _options(q2) == {"态度粗暴": (2, 50.0), "程序不规范": (2, 50.0), "处罚过重": (1, 25.0), "无": (1, 25.0)}
    assert q3["answered"] == 2 and q3["answers"] == ["加强培训", "无"]
    units = {u["unit"]: u for u in data["by_unit"]}
    assert {u: x["responses"] for u, x in units.items()} == {"区林业局": 2, "市水务局": 2}
    assert _options(units["市水务局"]["questions"][0]) == {"是": (2, 100.0), "否": (0, 0.0), "记不清": (0, 0.0)}
    assert _options(units["区林业局"]["questions"][1])["处罚过重"] == (1, 50.0)


def test_a_sheet_whose_columns_do_not_match_is_refused_naming_the_column(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sv = create_survey(store, DEFINITION)
    sheet = print_survey(store, sv["id"], tmp_path / "答卷表.xlsx")
    wb = load_workbook(sheet)
    wb["问卷"]["E3"] = "2. 您认为存在的问题（多选）"
    wb.save(tmp_path / "改过.xlsx")
    with pytest.raises(BadFileError) as info:
        import_sheet(store, sv["id"], _fill(tmp_path / "改过.xlsx", tmp_path / "改过已填.xlsx"))
    assert info.value.column == "E" and info.value.row == 3
    assert "E 列表头应为「2. 您认为执法中存在哪些问题（多选）」" in info.value.message
    other = create_survey(store, {**DEFINITION, "questions": DEFINITION["questions"][:2]})
    with pytest.raises(BadFileError, match="F 列「3. 您的意见建议（问答）」不是问卷"):
        import_sheet(store, other["id"], _fill(sheet, tmp_path / "填1.xlsx"))
    assert tally(store, sv["id"])["responses"] == 0


def test_an_answer_that_is_not_an_option_is_refused_naming_row_and_column(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sv = create_survey(store, DEFINITION)
    sheet = print_survey(store, sv["id"], tmp_path / "答卷表.xlsx")
    rows = [FILLED[0], ("区林业局", "", "也许", "", "")]
    with pytest.raises(BadFileError) as info:
        import_sheet(store, sv["id"], _fill(sheet, tmp_path / "错.xlsx", rows))
    assert (info.value.row, info.value.column) == (5, "D") and "「也许」不是第 1 题的选项" in info.value.message
    assert tally(store, sv["id"])["responses"] == 0


@pytest.mark.parametrize(("change", "message"), [
    ({"title": ""}, "问卷标题不能为空"), ({"audience": "群众"}, "调查对象"), ({"questions": []}, "至少要有一道题"),
    ({"questions": [{"text": "满意吗", "kind": "单选", "options": ["是"]}]}, "至少要有两个选项"),
    ({"questions": [{"text": "满意吗", "kind": "单选", "options": ["是", "是"]}]}, "选项有重复"),
    ({"questions": [{"text": "建议", "kind": "问答", "options": ["a"]}]}, "不应有选项"),
    ({"questions": [{"text": "建议", "kind": "判断"}]}, "题型"),
])
def test_a_bad_questionnaire_is_refused(store, change, message) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(UserError, match=message):
        create_survey(store, {**DEFINITION, **change})
    assert list_surveys(store) == []


def test_the_definition_reads_from_a_json_file(tmp_path: Path) -> None:
    path = tmp_path / "问卷.json"
    path.write_text(json.dumps(DEFINITION, ensure_ascii=False), encoding="utf-8")
    d = survey_from_file(path)
    assert [q["kind"] for q in d["questions"]] == ["single", "multiple", "text"]
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(UserError, match="不是有效的 JSON"):
        survey_from_file(path)


def test_the_form_and_the_tally_print(store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    sv = create_survey(store, DEFINITION)
    form = print_survey(store, sv["id"], tmp_path / "问卷.pdf")
    text = squeeze(pdftext(form))
    assert "规范文明执法问卷调查表" in text and "□A.是" in text and "（可多选）" in text
    assert_all_embedded(form)
    import_sheet(store, sv["id"], _fill(print_survey(store, sv["id"], tmp_path / "s.xlsx"), tmp_path / "f.xlsx"))
    report = write_tally(store, sv["id"], tmp_path / "统计.pdf")
    text = squeeze(pdftext(report))
    assert "收回答卷4份" in text and "2（50.0%）" in text and "加强培训" in text and "按单位统计" in text
    assert_all_embedded(report)
    rows = sheet_rows(write_tally(store, sv["id"], tmp_path / "统计.xlsx"))
    assert ["全部", 1, "执法人员是否出示执法证件", "是", 2, 50] in [[*r[:5], r[5]] for r in rows]

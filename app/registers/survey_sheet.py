"""A questionnaire as an Excel sheet to fill in (one row per response) and its filled copies read
back.

Sheet 问卷 holds a title row, an info row naming the questionnaire, the header row — 序号 · 答卷单位
· 答卷人 · one column per question headed "1. 题目（单选）" — and the responses below; sheet 选项
lists each choice question's options with their letters. A single-choice answer is an option's
text or letter; a multiple-choice one several, separated by 、 , ; or space (or letters run
together, "AC"); free text is kept as written; an empty cell is no answer, and a row without
any answer is no response.

Import is strict: a header that is not the one written for this questionnaire is refused naming
the column, an answer that is not an option naming its row and column, and nothing is written;
the same file (by SHA-256) imported twice adds nothing.
"""

from __future__ import annotations

import json
import re
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select

from app.accounts.actor import check
from app.errors import BadFileError, UserError
from app.rectify.evidence import check_readable, file_sha256
from app.registers.surveys import KIND_LABELS, SINGLE, TEXT, get_survey
from app.store import Store
from db import changelog
from db.models_registers import SurveyImport, SurveyResponse

SHEET = "问卷"
FIXED = ("序号", "答卷单位", "答卷人")
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
SPLIT = re.compile(r"[、,，;；\s/]+")
BLANK_ROWS = 30  # rows ready for answers in a fresh sheet


def headers_of(survey: dict[str, Any]) -> list[str]:
    return [*FIXED, *(f"{n}. {q['text']}（{KIND_LABELS[q['kind']]}）"
                      for n, q in enumerate(survey["questions"], start=1))]


def _letter(col: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(col))


def write_sheet(store: Store, survey_id: int, out: Path | str) -> Path:
    """The questionnaire as an Excel sheet to fill in."""
    from openpyxl import Workbook
    from openpyxl.worksheet.datavalidation import DataValidation

    from app.reports.forms_base import Column, put, write_form
    from app.reports.output import atomic_file

    sv = get_survey(store, survey_id)
    heads = headers_of(sv)
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = SHEET
    columns = [Column(h, 8 if i == 0 else (16 if i < len(FIXED) else 24), i == 0) for i, h in enumerate(heads)]
    rows = [[n, *([""] * (len(heads) - 1))] for n in range(1, BLANK_ROWS + 1)]
    header = write_form(ws, title=sv["title"], columns=columns, rows=rows, landscape=True,
                        info_line=f"问卷编号：{sv['id']}　调查对象：{sv['audience']}　单选题填选项或其字母，"
                                  "多选题各选项用、分隔，问答题照实填写；每份答卷填一行。")
    for n, q in enumerate(sv["questions"]):
        if q["kind"] == SINGLE:
            dv = DataValidation(type="list", formula1='"' + ",".join(q["options"]) + '"', allow_blank=True)
            if len(dv.formula1 or "") <= 255:  # Excel's limit for an inline list
                ws.add_data_validation(dv)
                col = _letter(len(FIXED) + n + 1)
                dv.add(f"{col}{header + 1}:{col}{header + BLANK_ROWS}")
    key = wb.create_sheet("选项")
    put(key, 1, 1, "题号")
    put(key, 1, 2, "题目")
    put(key, 1, 3, "选项")
    r = 2
    for n, q in enumerate(sv["questions"], start=1):
        put(key, r, 1, n)
        put(key, r, 2, q["text"])
        put(key, r, 3, "　".join(f"{LETTERS[i]}. {o}" for i, o in enumerate(q["options"])) or "（问答题）")
        r += 1
    with atomic_file(Path(out)) as temp:
        wb.save(temp)
    return Path(out)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def read_rows(path: Path) -> tuple[str, list[list[str]]]:
    from python_calamine import CalamineWorkbook

    try:
        wb = CalamineWorkbook.from_path(str(path))
        name = SHEET if SHEET in wb.sheet_names else wb.sheet_names[0]
        rows = wb.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except Exception as exc:  # noqa: BLE001 - calamine raises its own kinds for every bad file
        raise UserError(f"无法读取 {path.name}（{exc}），请确认是 Excel 文件（.xlsx/.xls）。") from None
    return name, [[_cell(v) for v in row] for row in rows]


def parse_answer(q: dict[str, Any], text: str) -> str | list[str]:
    """The answer as stored: an option (single), options in the question's order (multiple), or
    the text; ValueError naming what is not an option."""
    if not text or q["kind"] == TEXT:
        return text if q["kind"] == TEXT else ("" if q["kind"] == SINGLE else [])
    options = q["options"]

    def option(part: str) -> str:
        if part in options:
            return str(part)
        letter = part.upper().rstrip(".．、")
        if len(letter) == 1 and letter in LETTERS[: len(options)]:
            return str(options[LETTERS.index(letter)])
        raise ValueError(part)

    if q["kind"] == SINGLE:
        return option(text)
    parts = [p for p in SPLIT.split(text) if p]
    if len(parts) == 1 and text not in options and re.fullmatch(r"[A-Za-z]{2,}", text):
        parts = list(text)  # "AC"
    chosen = {option(p) for p in parts}
    return [o for o in options if o in chosen]


def import_sheet(store: Store, survey_id: int, path: Path | str, *, operator: str = "") -> dict[str, Any]:
    """Read a filled sheet back: {"survey_id", "file", "sheet", "sha256", "imported", "already_imported"}."""
    source = check_readable(path)
    actor = check(store, "records.register")
    operator = actor.name if actor else operator
    sv = get_survey(store, survey_id)
    sha = file_sha256(source)
    sheet, rows = read_rows(source)
    expected = headers_of(sv)
    at = next((i for i, r in enumerate(rows) if r and r[0] == FIXED[0]), None)
    if at is None:
        raise BadFileError(f"{source.name}（工作表「{sheet}」）中找不到表头行（第一列为「序号」），不是本问卷的答卷表。",
                           file=source.name, sheet=sheet)
    header = rows[at] + [""] * max(0, len(expected) - len(rows[at]))
    while len(header) > len(expected) and not header[-1]:
        header.pop()
    for col, want in enumerate(expected):
        if header[col] != want:
            raise BadFileError(f"{source.name}（工作表「{sheet}」）第 {at + 1} 行 {_letter(col + 1)} 列表头应为「{want}」，"
                               f"现为「{header[col] or '（空）'}」：列与问卷 #{sv['id']} 不符，未导入任何答卷。",
                               file=source.name, sheet=sheet, row=at + 1, column=_letter(col + 1))
    if len(header) > len(expected):
        col = len(expected)
        raise BadFileError(f"{source.name}（工作表「{sheet}」）第 {at + 1} 行 {_letter(col + 1)} 列「{header[col]}」"
                           f"不是问卷 #{sv['id']} 的列，未导入任何答卷。",
                           file=source.name, sheet=sheet, row=at + 1, column=_letter(col + 1))
    responses: list[SurveyResponse] = []
    width = len(expected)
    for i, raw in enumerate(rows[at + 1:], start=at + 2):
        cells = (raw + [""] * width)[:width]
        if not any(cells[len(FIXED):]):
            continue  # a numbered row with no answer (perhaps its unit written in ahead) is no response
        answers: list[str | list[str]] = []
        for n, q in enumerate(sv["questions"]):
            col = len(FIXED) + n
            try:
                answers.append(parse_answer(q, cells[col]))
            except ValueError as exc:
                raise BadFileError(f"{source.name}（工作表「{sheet}」）第 {i} 行 {_letter(col + 1)} 列的答案「{exc}」"
                                   f"不是第 {n + 1} 题的选项（{'、'.join(q['options'])}），未导入任何答卷。",
                                   file=source.name, sheet=sheet, row=i, column=_letter(col + 1)) from None
        responses.append(SurveyResponse(survey_id=sv["id"], row=i, unit=cells[1], respondent=cells[2],
                                        answers_json=json.dumps(answers, ensure_ascii=False)))
    out = {"survey_id": sv["id"], "file": source.name, "sheet": sheet, "sha256": sha}
    with store.writing() as s:
        seen = s.scalar(select(SurveyImport).where(SurveyImport.survey_id == sv["id"], SurveyImport.sha256 == sha))
        if seen is not None:
            return {**out, "imported": 0, "already_imported": True}
        batch = SurveyImport(survey_id=sv["id"], file_name=source.name, sha256=sha, sheet=sheet, rows=len(responses),
                             imported_at=datetime.now().replace(microsecond=0), operator=operator)
        s.add(batch)
        s.flush()
        for r in responses:
            r.import_id = batch.id
        s.add_all(responses)
        s.flush()
        changelog.append(s, operator=operator, action="create", table_name="survey_imports", record_id=batch.id,
                         after={**out, "rows": len(responses)})
        return {**out, "imported": len(responses), "already_imported": False}

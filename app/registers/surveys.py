"""Questionnaires (问卷调查, reference/000 and 001: 择机发放专项治理问卷调查表; 004: 采取问卷调查…评估
成效) as data: a title, an audience and questions, each single choice, multiple choice or free
text.

    {"title": "…", "audience": "处罚对象" | "执法单位" | "社会公众", "intro": "…",
     "questions": [{"text": "…", "kind": "single" | "multiple" | "text", "options": ["…", …]}, …]}

    create_survey · survey_from_file · get_survey · list_surveys

The kinds may be written in Chinese (单选 / 多选 / 问答). A choice question needs at least two
options, none repeated; a free-text one takes none. Printing, the Excel sheet and its import, and
the tallies are in survey_print.py, survey_sheet.py and survey_tally.py.
"""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import func, select

from app.accounts.actor import check
from app.errors import UserError
from app.registers.values import one_of, required_text
from app.store import Store
from db import changelog
from db.models_campaign import Campaign
from db.models_registers import Survey, SurveyResponse

AUDIENCES = ("处罚对象", "执法单位", "社会公众")
SINGLE, MULTIPLE, TEXT = "single", "multiple", "text"
KINDS = {SINGLE: SINGLE, MULTIPLE: MULTIPLE, TEXT: TEXT, "单选": SINGLE, "多选": MULTIPLE, "问答": TEXT,
         "填空": TEXT}
KIND_LABELS = {SINGLE: "单选", MULTIPLE: "多选", TEXT: "问答"}
MAX_OPTIONS = 26  # lettered A–Z on the form and the sheet


def check_question(q: Any, number: int) -> dict[str, Any]:
    if not isinstance(q, dict):
        raise UserError(f"第 {number} 题格式有误：应为含 text、kind、options 的对象。")
    text = required_text(q.get("text"), f"第 {number} 题的题目")
    kind = KINDS.get(str(q.get("kind") or "").strip())
    if kind is None:
        raise UserError(f"第 {number} 题的题型「{q.get('kind')}」有误，应为 单选、多选 或 问答（single、multiple、text）。")
    raw = q.get("options") or []
    if not isinstance(raw, list):
        raise UserError(f"第 {number} 题的选项应为列表。")
    options = [str(o).strip() for o in raw if str(o).strip()]
    if kind == TEXT:
        if options:
            raise UserError(f"第 {number} 题是问答题，不应有选项。")
    elif len(options) < 2:
        raise UserError(f"第 {number} 题是{KIND_LABELS[kind]}题，至少要有两个选项。")
    elif len(set(options)) != len(options):
        raise UserError(f"第 {number} 题的选项有重复。")
    elif len(options) > MAX_OPTIONS:
        raise UserError(f"第 {number} 题的选项超过 {MAX_OPTIONS} 个。")
    return {"text": text, "kind": kind, "options": options}


def check_definition(data: Any) -> dict[str, Any]:
    if not isinstance(data, dict):
        raise UserError("问卷应为含 title、audience、questions 的对象。")
    questions = data.get("questions")
    if not isinstance(questions, list) or not questions:
        raise UserError("问卷至少要有一道题。")
    return {"title": required_text(data.get("title"), "问卷标题"),
            "audience": one_of(data.get("audience"), AUDIENCES, "调查对象"),
            "intro": str(data.get("intro") or "").strip(),
            "questions": [check_question(q, n) for n, q in enumerate(questions, start=1)]}


def survey_from_file(path: Path | str) -> dict[str, Any]:
    """A questionnaire's definition read from a JSON file (UTF-8), checked."""
    p = Path(path)
    try:
        data = json.loads(p.read_text(encoding="utf-8-sig"))
    except OSError as exc:
        raise UserError(f"无法读取问卷文件 {p}（{exc.strerror or exc}）。") from None
    except ValueError as exc:
        raise UserError(f"问卷文件 {p.name} 不是有效的 JSON（{exc}）。") from None
    return check_definition(data)


def _dict(sv: Survey, responses: int) -> dict[str, Any]:
    return {"id": sv.id, "title": sv.title, "audience": sv.audience, "intro": sv.intro,
            "questions": json.loads(sv.questions_json), "campaign_id": sv.campaign_id, "created_at": sv.created_at,
            "responses": responses}


def create_survey(store: Store, definition: dict[str, Any], *, campaign_id: int | None = None,
                  operator: str = "") -> dict[str, Any]:
    d = check_definition(definition)
    actor = check(store, "records.register")
    operator = actor.name if actor else operator
    with store.writing() as s:
        if campaign_id is None:
            campaign_id = s.scalar(select(Campaign.id).where(Campaign.active.is_(True))
                                   .order_by(Campaign.id.desc()).limit(1))
        sv = Survey(campaign_id=campaign_id, title=d["title"], audience=d["audience"], intro=d["intro"],
                    questions_json=json.dumps(d["questions"], ensure_ascii=False),
                    created_at=datetime.now().replace(microsecond=0), operator=operator)
        s.add(sv)
        s.flush()
        changelog.append(s, operator=operator, action="create", table_name="surveys", record_id=sv.id, after=d)
        return _dict(sv, 0)


def get_survey(store: Store, survey_id: int) -> dict[str, Any]:
    with store.session() as s:
        sv = s.get(Survey, survey_id)
        if sv is None:
            raise UserError(f"找不到问卷（编号 {survey_id}）。")
        n = s.scalar(select(func.count(SurveyResponse.id)).where(SurveyResponse.survey_id == sv.id)) or 0
        return _dict(sv, n)


def list_surveys(store: Store) -> list[dict[str, Any]]:
    with store.session() as s:
        counts: dict[int, int] = {sid: n for sid, n in s.execute(
            select(SurveyResponse.survey_id, func.count(SurveyResponse.id)).group_by(SurveyResponse.survey_id))}
        return [_dict(sv, counts.get(sv.id, 0)) for sv in s.scalars(select(Survey).order_by(Survey.id))]

"""The documents that carry the dispositions (分类处置) out of the office, as GB/T 9704 PDFs:

    行政执法监督函      to a unit whose rectification falls short (reference/003 四(四))
    行政执法监督建议书 · 纪律检查建议书   to a unit, for 一般性问题 (reference/004 三(三)2)
    移送函              to 纪检监察机关 / 检察机关 / 公安机关 / 监督问责组, with the clue list as 附件
    通报                to the units, from the typical-case register (通报一批, reference/004 三(三)3)

Each comes from the dispositions recorded: a letter to a unit lists its problems carrying a
disposition of that kind not yet sent (or the problems named), a 移送函 the problems referred to
that body; once issued, those dispositions point at the document. Each gets its number from the
office's sequence (app.reports.docnumbers).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from reportlab.platypus import Flowable
from sqlalchemy import select, update

from app.errors import UserError
from app.reports import doc_parts as parts
from app.reports.fonts import FontSet, document_fonts
from app.reports.gbt9704 import TITLE_PT, Document, GridText, blank, build_document
from app.reports.text import clean, cn_date, status_text
from app.store import Store
from db.models_rectify import Disposition

LETTER_KINDS = {"监督函": "行政执法监督函", "监督建议书": "行政执法监督建议书", "纪律检查建议书": "纪律检查建议书",
                "移送函": "移送函", "通报": "通报"}
PROBLEM_COLUMNS = ("序号", "问题类别", "具体表现", "整改时限", "整改情况")
PROBLEM_WIDTHS = (12.0, 26.0, 64.0, 26.0, 28.0)
CLUE_COLUMNS = ("序号", "单位", "案号", "问题线索", "发现方式")
CLUE_WIDTHS = (12.0, 30.0, 34.0, 58.0, 22.0)
SOURCES = {"audit": "案卷倒查", "review": "案卷评查", "manual": "督查发现", "complaint": "投诉举报",
           "onsite": "实地督查", "selfcheck": "单位自查", "visit": "回访"}


def kind_of(name: str) -> str:
    kind = LETTER_KINDS.get(name) or (name if name in LETTER_KINDS.values() else "")
    if not kind:
        raise UserError(f"文书种类「{name}」有误，应为 {'、'.join(LETTER_KINDS)} 之一。")
    return kind


def _pending(store: Store, *, kind: str | None = None, referral: str | None = None,
             unit: str | None = None) -> list[tuple[int, int]]:
    """(disposition id, problem id) of the dispositions of that kind / referral not yet sent."""
    from db.models_rectify import Problem

    with store.session() as s:
        stmt = select(Disposition.id, Disposition.problem_id).join(Problem, Problem.id == Disposition.problem_id) \
            .where(Disposition.document_id.is_(None)).order_by(Disposition.problem_id)
        if kind is not None:
            stmt = stmt.where(Disposition.kind == kind)
        if referral is not None:
            stmt = stmt.where(Disposition.referral == referral)
        if unit:
            stmt = stmt.where(Problem.unit == unit)
        return [(d, pid) for d, pid in s.execute(stmt).all()]


def letter_data(store: Store, kind: str, *, unit: str = "", to: str = "", problem_ids: list[int] | None = None,
                case_ids: list[int] | None = None, as_of: date | None = None) -> dict[str, Any]:
    """What the letter says, gathered from the store (plain data for `render_letter`)."""
    from app.rectify.registers import list_typical_cases
    from app.rectify.service import get_problem
    from app.reports.data import gather

    kind = kind_of(kind)
    data = gather(store, as_of=as_of)
    data.update(kind=kind, unit=unit, to=to, dispositions=[])
    if kind == "通报":
        data["cases"] = list_typical_cases(store, case_ids)
        if not data["cases"]:
            raise UserError("典型案例登记中没有案例，无法通报（先用 typical add 登记）。")
        data["problems"] = []
        return data
    if kind == "移送函":
        if not to:
            raise UserError("移送函须写明移送机关（--to，如 纪检监察机关）。")
        pending = _pending(store, referral=to, unit=unit or None)
    else:
        if not unit:
            raise UserError(f"{kind}须写明发往的单位（--unit）。")
        pending = _pending(store, kind=kind, unit=unit)
    ids = list(dict.fromkeys(problem_ids or [pid for _d, pid in pending]))
    disp = [d for d, pid in pending if pid in ids]
    if not ids:
        what = f"移送{to}" if kind == "移送函" else f"处置为「{kind}」"
        raise UserError(f"没有{what}且尚未发文的问题（先用 dispose 记录处置，或用 --problem 指定问题）。")
    data["problems"] = [get_problem(store, pid, as_of=data["as_of"]) for pid in ids]
    data["dispositions"] = disp
    return data


def _problem_rows(problems: list[dict[str, Any]]) -> list[list[Any]]:
    return [[n, clean(p.get("category")), clean(p.get("manifestation")) + (
        f"（案号：{clean(p['case_no'])}）" if p.get("case_no") else ""),
             cn_date(p.get("deadline")) or "—", status_text(p)] for n, p in enumerate(problems, start=1)]


def _body(data: dict[str, Any], fonts: FontSet) -> tuple[str, str, list[Flowable], list[Flowable], list[str],
                                                           list[Flowable]]:
    """(title, addressee, body, closing, attachment names, appendix) of the letter."""
    kind, office = data["kind"], parts.office_name(data) or "本机关"
    basis, n = parts.basis_of(data), len(data["problems"])
    if kind == "行政执法监督函":
        body = [parts.para(f"{basis}和《辽宁省行政执法监督规定》，经督查，你单位在专项整治中存在以下{n}个问题，"
                           "整改不到位：", fonts),
                *parts.table(PROBLEM_COLUMNS, _problem_rows(data["problems"]), PROBLEM_WIDTHS, fonts,
                             center_cols=(0,)),
                parts.para("请你单位高度重视，自收到本函之日起15日内逐项整改到位，坚持“不解决不销号”，"
                           f"并将整改情况及佐证材料书面报送{office}。逾期未整改的，将依照有关规定严肃处理。", fonts)]
        return f"关于{clean(data['unit'])}整改不到位问题的监督函", clean(data["unit"]), body, [], [], []
    if kind in ("行政执法监督建议书", "纪律检查建议书"):
        body = [parts.para(f"{basis}要求，{office}在专项整治中发现你单位存在以下{n}个问题：", fonts),
                *parts.table(PROBLEM_COLUMNS, _problem_rows(data["problems"]), PROBLEM_WIDTHS, fonts,
                             center_cols=(0,)),
                parts.para("为督促规范管理、堵塞漏洞，现提出如下建议：", fonts),
                parts.para("一、对上述问题逐项查明原因，对相关责任人员进行批评教育，情节较重的依规依纪处理。", fonts),
                parts.para("二、对照问题健全完善执法制度，严格落实行政执法“三项制度”，建立长效机制。", fonts),
                parts.para(f"三、请于收到本建议书之日起30日内，将采纳建议及整改落实情况书面反馈{office}。", fonts)]
        return kind, clean(data["unit"]), body, [], [], []
    if kind == "移送函":
        clues = [[i, clean(p.get("unit")), clean(p.get("case_no")), clean(p.get("manifestation")),
                  SOURCES.get(str(p.get("source")), "督查发现")] for i, p in enumerate(data["problems"], start=1)]
        body = [parts.para(f"{basis}要求，{office}在专项整治中发现{n}条涉嫌违纪违法的问题线索。根据有关规定，"
                           "现将问题线索移送你机关依法依规处理，并请将处理结果反馈我单位。", fonts)]
        appendix: list[Flowable] = [GridText("附件", fonts.title, indent=0), blank(),
                                    GridText("问题线索清单", fonts.body, size=TITLE_PT, indent=0, align="center",
                                             lines_per_line=2), blank(),
                                    *parts.table(CLUE_COLUMNS, clues, CLUE_WIDTHS, fonts, center_cols=(0,))]
        return "关于移送问题线索的函", clean(data["to"]), body, [], ["问题线索清单"], appendix
    cases = data["cases"]
    body = [parts.para(f"{basis}要求，为发挥典型案例警示教育作用，现将专项整治中查处的{len(cases)}起典型案例通报如下：",
                       fonts)]
    for i, c in enumerate(cases, start=1):
        body.append(parts.heading(f"{'一二三四五六七八九十'[i - 1] if i <= 10 else i}、{clean(c['title'])}", fonts))
        who = "".join(x for x in (clean(c.get("unit")), f"（案号：{clean(c['case_no'])}）" if c.get("case_no") else ""))
        body.append(parts.para(f"{who}{clean(c['summary'])}" if who else clean(c["summary"]), fonts))
        if c.get("handling"):
            body.append(parts.para(f"处理情况：{clean(c['handling'])}", fonts))
    closing = [parts.para("各单位要以案为鉴、举一反三，对照通报问题开展自查自纠，严格规范公正文明执法。", fonts)]
    return "关于专项整治典型案例的通报", clean(data.get("to")) or "各行政执法单位", body, closing, [], []


def render_letter(data: dict[str, Any], out: Path, *, fonts: FontSet | None = None) -> Path:
    """The letter from plain data (`doc_no` the number it is issued under)."""
    fonts = fonts or document_fonts()
    title, to, body, closing, attachments, appendix = _body(data, fonts)
    doc = Document(kind=data["kind"], issuer=parts.issuer_mark(data), doc_no=clean(data["doc_no"]), title=title,
                   addressee=to, body=body, signature=parts.office_name(data) or "（发文机关）",
                   issued_on=data["as_of"], attachments=attachments, appendix=appendix, closing=closing)
    return build_document(out, doc, fonts)


def issue_letter(store: Store, kind: str, out: Path, *, unit: str = "", to: str = "",
                 problem_ids: list[int] | None = None, case_ids: list[int] | None = None,
                 as_of: date | None = None, operator: str = "") -> dict[str, Any]:
    """Gather, number, render and record one letter; the dispositions it carries point at it."""
    from app.reports.docnumbers import issue

    data = letter_data(store, kind, unit=unit, to=to, problem_ids=problem_ids, case_ids=case_ids, as_of=as_of)
    fonts = document_fonts()
    title, addressee, *_rest = _body({**data, "doc_no": ""}, fonts)

    def render(doc_no: str) -> Path:
        return render_letter({**data, "doc_no": doc_no}, Path(out), fonts=fonts)

    record = issue(store, kind=data["kind"], title=title, addressee=addressee, issued_on=data["as_of"], out=out,
                   render=render, unit=unit or to, problem_ids=[p["id"] for p in data["problems"]],
                   operator=operator)
    if data["dispositions"]:
        with store.writing() as s:
            s.execute(update(Disposition).where(Disposition.id.in_(data["dispositions"]))
                      .values(document_id=record["id"]))
    return {**record, "path": str(out)}

"""The disposition vocabulary (分类处置 and 移送) as data: an editable list per campaign.

A campaign starts with every term the plans use (reference/004 三(三), reference/003 三(三)、四(四),
reference/000/001 挂牌督办 · 通报); the office may add its own words or remove ones it does not
use. Until the office edits it, a campaign's list is the default one; the first edit copies the
defaults into the campaign and changes the copy. Without a campaign the defaults apply.

A term may carry an effect besides being recorded: `supervise` (挂牌督办 — a decision with a
deadline, listed by `supervised`) or `suspend_officer` (暂扣执法证件 — the officer's roster
status becomes 暂扣 from that day).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from app.errors import UserError
from app.store import Store
from db import changelog
from db.models_campaign import Campaign
from db.models_rectify import DispositionTerm

DISPOSE, REFER = "处置", "移送"
SUPERVISE, SUSPEND = "supervise", "suspend_officer"
EFFECTS = ("", SUPERVISE, SUSPEND)


@dataclass(frozen=True)
class Term:
    term: str
    kind: str = DISPOSE
    severity: str = ""
    effect: str = ""


# In the order and with the severity the plans give them.
DEFAULT_TERMS: tuple[Term, ...] = (
    Term("约谈", severity="问题轻微"), Term("整改函", severity="问题轻微"),
    Term("通报批评", severity="问题轻微"),
    Term("挂牌督办", severity="一般性问题", effect=SUPERVISE), Term("批评教育", severity="一般性问题"),
    Term("诫勉谈话", severity="一般性问题"), Term("调岗建议", severity="一般性问题"),
    Term("暂扣执法证件", severity="一般性问题", effect=SUSPEND),
    Term("纪律检查建议书", severity="一般性问题"), Term("行政执法监督建议书", severity="一般性问题"),
    Term("行政执法监督函", severity="整改不到位"),
    Term("严肃查处", severity="问题突出、情节严重"), Term("通报曝光", severity="问题突出、情节严重"),
    Term("追究主体责任", severity="弄虚作假、不实不力"), Term("一票否决", severity="弄虚作假、不实不力"),
    Term("纪检监察机关", REFER), Term("检察机关", REFER), Term("公安机关", REFER),
    Term("专项整治监督问责组", REFER),
)


def active_campaign_id(s: Session) -> int | None:
    return s.scalar(select(Campaign.id).where(Campaign.active.is_(True)).order_by(Campaign.id.desc()).limit(1))


def terms_in(s: Session, campaign_id: int | None) -> list[Term]:
    """The campaign's list (its own copy once edited, else the defaults)."""
    if campaign_id is None:
        return list(DEFAULT_TERMS)
    rows = s.scalars(select(DispositionTerm).where(DispositionTerm.campaign_id == campaign_id)
                     .order_by(DispositionTerm.position, DispositionTerm.id)).all()
    if not rows:
        return list(DEFAULT_TERMS)
    return [Term(r.term, r.kind, r.severity, r.effect) for r in rows]


def find_term(s: Session, campaign_id: int | None, term: str, kind: str) -> Term:
    """The term of the list, or UserError naming the words the list has."""
    term = (term or "").strip()
    terms = [t for t in terms_in(s, campaign_id) if t.kind == kind]
    for t in terms:
        if t.term == term:
            return t
    what = "处置方式" if kind == DISPOSE else "移送机关"
    raise UserError(f"{what}「{term}」不在本专项活动的处置用语中，应为 {'、'.join(t.term for t in terms)} 之一"
                    f"（可用 disposition-terms add 增加）。")


def _materialise(s: Session, campaign_id: int) -> None:
    has = s.scalar(select(func.count()).select_from(DispositionTerm)
                   .where(DispositionTerm.campaign_id == campaign_id))
    if has:
        return
    for n, t in enumerate(DEFAULT_TERMS):
        s.add(DispositionTerm(campaign_id=campaign_id, position=n, term=t.term, kind=t.kind,
                              severity=t.severity, effect=t.effect))
    s.flush()


def _campaign_for_edit(s: Session) -> int:
    cid = active_campaign_id(s)
    if cid is None:
        raise UserError("尚未创建专项活动：默认处置用语不能修改，请先创建专项活动（campaign create）。")
    return cid


def list_terms(store: Store) -> dict[str, Any]:
    """{"campaign_id", "terms": [{"term", "kind", "severity", "effect"}]} of the active campaign."""
    with store.session() as s:
        cid = active_campaign_id(s)
        return {"campaign_id": cid, "terms": [t.__dict__.copy() for t in terms_in(s, cid)]}


def add_term(store: Store, term: str, *, kind: str = DISPOSE, severity: str = "", effect: str = "",
             operator: str = "") -> dict[str, Any]:
    """Add a word to the active campaign's list (after the others of its kind)."""
    term = (term or "").strip()
    if not term or len(term) > 40:
        raise UserError("处置用语不能为空，也不能超过 40 个字。")
    if kind not in (DISPOSE, REFER):
        raise UserError(f"用语类别「{kind}」有误，应为 处置 或 移送。")
    if effect not in EFFECTS:
        raise UserError(f"用语效果「{effect}」有误，应为 supervise、suspend_officer 或不填。")
    with store.writing() as s:
        cid = _campaign_for_edit(s)
        _materialise(s, cid)
        if any(t.term == term and t.kind == kind for t in terms_in(s, cid)):
            raise UserError(f"处置用语「{term}」已在列表中，未作任何改动。")
        last = s.scalar(select(func.max(DispositionTerm.position)).where(DispositionTerm.campaign_id == cid))
        row = DispositionTerm(campaign_id=cid, position=int(last or 0) + 1, term=term, kind=kind,
                              severity=(severity or "").strip(), effect=effect)
        s.add(row)
        s.flush()
        changelog.append(s, operator=operator, action="create", table_name="disposition_terms", record_id=row.id,
                         after={"campaign_id": cid, "term": term, "kind": kind, "effect": effect})
    return list_terms(store)


def remove_term(store: Store, term: str, *, kind: str = DISPOSE, operator: str = "") -> dict[str, Any]:
    """Remove a word from the active campaign's list (dispositions already recorded keep it)."""
    with store.writing() as s:
        cid = _campaign_for_edit(s)
        find_term(s, cid, term, kind)
        _materialise(s, cid)
        s.execute(delete(DispositionTerm).where(DispositionTerm.campaign_id == cid, DispositionTerm.kind == kind,
                                                DispositionTerm.term == term.strip()))
        changelog.append(s, operator=operator, action="delete", table_name="disposition_terms", record_id=None,
                         before={"campaign_id": cid, "term": term.strip(), "kind": kind})
    return list_terms(store)

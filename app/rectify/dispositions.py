"""Dispositions (分类处置) of a problem and referrals (移送), reference/004 三(三).

    约谈 / 整改函 (轻微) · 挂牌督办 / 批评教育 / 诫勉谈话 / 纪律检查建议书 / 行政执法监督建议书 (一般) ·
    严肃查处 / 通报曝光 (严重) · 追究主体责任 / 一票否决 (弄虚作假、不实不力)

`people_handled` (处理人数) and `sanctions` (党纪政务处分人数) feed the statistics form (附件3).
"""

from __future__ import annotations

from datetime import date

from app.errors import UserError
from app.rectify.problems import load_problem
from app.store import Store
from db import changelog
from db.models_rectify import Disposition

DISPOSITION_KINDS = ("约谈", "整改函", "挂牌督办", "批评教育", "诫勉谈话", "纪律检查建议书", "行政执法监督建议书",
                     "严肃查处", "通报曝光", "追究主体责任", "一票否决")
REFERRALS = ("", "纪检监察机关", "检察机关")


def _count(value: object, label: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise UserError(f"{label}应为整数。")
    if value < 0:
        raise UserError(f"{label}不能为负数。")
    return value


def add_disposition(store: Store, problem_id: int, *, kind: str, referral: str = "", people_handled: int = 0,
                    sanctions: int = 0, note: str = "", on: date | None = None, operator: str = "") -> int:
    """Record one disposition of the problem (and any referral); returns its id."""
    kind, referral = (kind or "").strip(), (referral or "").strip()
    if kind not in DISPOSITION_KINDS:
        raise UserError(f"处置方式「{kind}」有误，应为 {'、'.join(DISPOSITION_KINDS)} 之一。")
    if referral not in REFERRALS:
        raise UserError(f"移送机关「{referral}」有误，应为 {'、'.join(r for r in REFERRALS if r)} 之一（或不填）。")
    people = _count(people_handled, "处理人数")
    sanctioned = _count(sanctions, "党纪政务处分人数")
    with store.writing() as s:
        p = load_problem(s, problem_id)
        d = Disposition(problem_id=p.id, kind=kind, referral=referral, people_handled=people, sanctions=sanctioned,
                        note=(note or "").strip(), on=on or date.today(), operator=operator)
        s.add(d)
        s.flush()
        changelog.append(s, operator=operator, action="create", table_name="dispositions", record_id=d.id,
                         after={"problem_id": p.id, "kind": kind, "referral": referral, "people_handled": people,
                                "sanctions": sanctioned, "note": d.note, "on": d.on})
        return d.id

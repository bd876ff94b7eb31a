"""同案异罚 over the store (app/audit/penalty_groups.py) finds what the check over every loaded
case finds — on groups planted on the edges of what makes one decision of several cases (one
party's cases of one day: entered twice, in instalments, or each its own) and of how a party and
its kind are told (an ID written two ways, an ID equal to another case's name, a blank ID, names
that normalise alike), on both engines; and the helpers that tell many members at once tell each
as the one-at-a-time functions do."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

from app.audit import penalty_groups, rules_discretion
from app.audit.data import AuditData, norm
from app.audit.load import load_all
from app.audit.load_cases import load_cases, party_kind
from app.audit.rule import RunInputs
from app.domain.calendar import Calendar
from app.domain.persons import MIDDLE_DOTS, STRONG_ORG_WORDS, looks_like_organisation, looks_like_organisations
from db.models import CaseFile

AS_OF = date(2025, 6, 30)
D, D2, D3, D4 = date(2024, 5, 1), date(2024, 5, 2), date(2024, 5, 3), date(2024, 5, 6)


def _case(i: int, fine: int, party: str = "", party_id: str = "", decided: date | None = D, **kw: Any) -> CaseFile:
    key = kw.pop("key", f"K{i:02d}")
    return CaseFile(id=i, case_no=f"沈水罚字〔2024〕第{i}号", case_key=key, cause=kw.pop("cause", "无证取水"),
                    legal_basis=kw.pop("legal_basis", "第一款"), penalty=kw.pop("penalty", "罚款"), party=party,
                    party_id=party_id, party_kind=kw.pop("party_kind", "自然人"), fine_fen=fine, decided_on=decided,
                    **kw)


def _planted() -> list[CaseFile]:
    return [
        # one decision entered three times (张 三 is 张三); its lowest key is its third case's
        _case(1, 1_000, "张三"), _case(2, 1_000, "张三"), _case(3, 1_000, "张 三", key="K00"),
        # one ID written two ways, two fines: two decisions
        _case(4, 2_000, "李四", "91210100ma0xxxxx1y "), _case(5, 3_000, "李四", "91210100MA0XXXXX1Y"),
        # one decision in two instalments: 50,000 — named by its lower key (case 7)
        _case(6, 10_000, "王五", enforcement="分期缴纳", key="K99"), _case(7, 40_000, "王五", key="K98"),
        # a name equal to another case's ID: one party, one decision
        _case(8, 1_000, "A123", decided=D2), _case(9, 1_000, "某甲", "a123", decided=D2),
        # a blank ID: the name tells; two fines: two decisions
        _case(10, 1_000, "赵六", "  ", decided=D3), _case(11, 5_000, "赵六", decided=D3),
        # no party, no date: each a decision of its own
        _case(12, 1_000), _case(13, 1_000, "钱七", decided=None), _case(16, 1_000, decided=None),
        # names one with "|", the other with the full-width bar NFKC makes "|": one party
        _case(14, 1_000, "孙八|", decided=D4), _case(15, 1_000, "孙八｜", decided=D4),
        # no stated kind: told by the name (an organisation, or unknown) or by the ID (a person)
        *(_case(20 + k, fine, name, cause="非法采砂", party_kind="")
          for k, (name, fine) in enumerate((("甲有限公司", 1_000), ("乙有限公司", 1_000), ("丙有限公司", 100_000),
                                            ("张三", 1_000), ("李四", 2_000), ("李四", 2_000), ("王麻子", 9_000)))),
        *(_case(30 + k, fine, "某", "210102199001011234", decided=date(2024, 6, 1 + k), cause="非法采砂",
                party_kind="") for k, fine in enumerate((1_000, 1_000, 20_000))),
        # within the factor case by case, beyond it by one decision in instalments (5,500)
        _case(60, 1_000, "王五", cause="河道采砂", enforcement="分期缴纳"), _case(61, 4_500, "王五", cause="河道采砂"),
        _case(62, 1_000, "甲", cause="河道采砂"), _case(63, 1_000, "乙", cause="河道采砂"),
        # a group within the factor, and one of two decisions only
        *(_case(40 + k, 1_000 + k, f"当事人{k}", cause="超计划取水") for k in range(4)),
        _case(50, 1_000, "周九", cause="拒不缴纳水资源费"), _case(51, 900_000, "吴十", cause="拒不缴纳水资源费"),
        _case(52, 900_000, "吴十", cause="拒不缴纳水资源费"),
    ]


def _found(s: Any, every: bool) -> list[tuple[Any, ...]]:
    data = AuditData.build(cases=load_cases(s)) if every else load_all(s)
    run = RunInputs(data, Calendar.bundled(), AS_OF, 5.0, None, s.connection())
    rule = rules_discretion.RULES[1]
    assert rule.check.__name__ == "_inconsistent_rule"
    return [(d.refs, d.expected, d.found, d.message, d.unit_id, d.case_key, d.rule) for d in rule.check(run)]


def test_the_groups_over_the_store_are_those_over_every_case(store: Any) -> None:
    with store.writing() as s:
        s.add_all(_planted())
    with store.writing() as s:
        assert load_all(s).cases_from_store
        found, expected = _found(s, every=False), _found(s, every=True)
    assert found == expected
    by_group = {(refs["violation"], refs.get("party_kind")): (refs["case_nos"], seen) for refs, _, seen, *_ in found}
    # 张三 ×3, 李四 ×2, 王五 (instalments), A123, 赵六 ×2, no party, 钱七, no date, 孙八: 11 decisions
    assert by_group[("无证取水", "person")] == (["K00", "K98"], {"ratio": 50.0, "min_fen": 1_000, "max_fen": 50_000,
                                                                "cases": 11})
    assert by_group[("非法采砂", "organisation")][1]["cases"] == 3
    assert by_group[("非法采砂", None)][1]["cases"] == 3  # 李四 twice on one day, one fine: one decision
    assert by_group[("非法采砂", "person")][0] == ["K30", "K32"]
    assert by_group[("河道采砂", "person")][1]["max_fen"] == 5_500
    assert len(found) == 5


def test_the_extremes_are_read_whole_only_for_the_groups_found(store: Any) -> None:
    with store.writing() as s:
        s.add_all(_planted())
    with store.writing() as s:
        db = s.connection()
        groups = penalty_groups.groups_beyond(db, rules_discretion._written_group, 5.0, rules_discretion.MIN_GROUP, ())
    assert [(g.key[0], g.key[2], g.decisions, g.low.id, g.low_fine, g.high.id, g.high_fine) for g in groups] == [
        ("无证取水", "person", 11, 3, 1_000, 7, 50_000),
        ("河道采砂", "person", 3, 62, 1_000, 60, 5_500),
        ("非法采砂", "", 3, 23, 1_000, 26, 9_000),
        ("非法采砂", "organisation", 3, 20, 1_000, 22, 100_000),
        ("非法采砂", "person", 3, 30, 1_000, 32, 20_000),
    ]
    low = groups[0].low
    assert (low.case_no, low.party, low.cause, low.decided_on) == ("沈水罚字〔2024〕第3号", "张 三", "无证取水", D)


def _member(pid: str | None, name: str | None) -> tuple[Any, ...]:
    return (1, "", "", "", 0, pid, name, None, 1, "K")


def test_the_parties_of_many_members_are_told_as_decisions_tells_each() -> None:
    rng = random.Random(12)
    ids = ["", "", None, "  ", "a123", "A123", "91210100ma0xxxxx1y ", "９１", "ß", "x|y", "\u3000b"]
    names = ["", None, "张三", "张 三", "孙八|", "孙八｜", "Ａ", "a\u200bb", "A123", "李\t四", "x", "ﬁ"]
    for _ in range(400):
        members = [_member(rng.choice(ids), rng.choice(names)) for _ in range(rng.randrange(0, 6))]
        expected = [("".join(m[5].split()).upper() if m[5] else "") or norm(m[6] or "") for m in members]
        assert penalty_groups._parties(members) == expected, members
    plain = [_member("", f"当事人{k}") for k in range(50)] + [_member("91210100MA0XXXXX1Y", "甲")]
    assert penalty_groups._parties(plain) == [f"当事人{k}" for k in range(50)] + ["91210100MA0XXXXX1Y"]


def test_the_kinds_of_many_members_are_told_as_party_kind_tells_each() -> None:
    rng = random.Random(3)
    ids = ["", "", None, "210102199001011234", "91210100MA0XXXXX1Y", "92210100MA0XXXXX1Y", "  "]
    names = ["", None, "张三", "某某有限公司", "沈阳市和平区张三", "欧阳建行", "买买提·吐尔逊", "某某 面馆"]
    for _ in range(300):
        members = [_member(rng.choice(ids), rng.choice(names)) for _ in range(rng.randrange(0, 6))]
        assert penalty_groups._kinds(members) == [party_kind(m[5] or "", m[6] or "") or "" for m in members], members


def test_many_names_are_told_organisations_as_each_alone() -> None:
    rng = random.Random(5)
    alphabet = [*"张三李四欧阳当事人省市区县旗镇乡行院所站队部社馆场园坊城处办庄铺吧楼", *STRONG_ORG_WORDS[:40],
                *MIDDLE_DOTS, " ", "\u3000", "\t", "\n", "a", "1", "０", "\0"]
    for _ in range(2000):
        names = ["".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 9))) for _ in range(rng.randrange(0, 9))]
        assert looks_like_organisations(names) == [looks_like_organisation(n) for n in names], names
    # a place before the last character counts, at the end it does not; a word split by a space does
    assert looks_like_organisations(["沈阳市张三丰", "张三丰四市", "某某有 限公司", "张三·某某有限", ""]) == [
        True, False, True, True, False]

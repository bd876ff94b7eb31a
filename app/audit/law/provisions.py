"""The rule book: for each topic, what each text of the 行政处罚法 says (DOMAIN §3.3 table).

A Python table rather than a JSON file under resources/: the statute is not the office's to
edit (its own rules are data, see office.py), every row is read by a check written for that
topic, and a typed table is checked by mypy and needs no bundled file in the frozen build.
Limits are in fen, periods in days of the stated kind; an empty article means the text has no
such provision (the 2017 text had no general decision period and no 首违不罚).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property

from app.audit.law import penalties as pk
from app.audit.law.periods import DayKind
from app.audit.law.texts import TEXT_2017, TEXT_2021, LawText, TextId, text_on

ONSITE_COLLECTION = "onsite_collection"  # 当场收缴
ONSITE_REMOTE = "onsite_remote"  # 边远、水上、交通不便地区当场收缴
SIMPLE_PROCEDURE = "simple_procedure"  # 简易程序（当场处罚）
TWO_OFFICERS = "two_officers"  # 执法人员不少于两人
LEGAL_BASIS = "legal_basis"  # 没有依据的处罚无效；决定书载明依据
DECISION_PERIOD = "decision_period"  # 办案期限
NOTICE = "notice_before_decision"  # 告知、陈述申辩
HEARING_SCOPE = "hearing_scope"  # 适用听证的处罚
HEARING_REQUEST = "hearing_request_period"  # 要求听证的期限
LEGAL_REVIEW = "legal_review"  # 法制审核
SERVICE = "service_of_decision"  # 决定书送达
PAYMENT = "payment_period"  # 缴纳罚款期限
SURCHARGE = "late_payment_surcharge"  # 加处罚款
CASH_HANDOVER = "cash_handover"  # 当场收缴的罚款交至行政机关
ONE_ACT_ONE_FINE = "one_act_one_fine"  # 一事不再罚
FIRST_MINOR = "first_minor_violation"  # 首违不罚
PUBLICATION_WITHDRAWN = "publication_withdrawn"  # 决定被撤销后撤回公示
PAYMENT_SEPARATION = "payment_separation"  # 罚缴分离：决定机关不得自行收缴罚款
PROPORTIONALITY = "proportionality"  # 过罚相当；2021：裁量基准


@dataclass(frozen=True)
class Provision:
    """What one text says on one topic."""

    topic: str
    text: LawText
    article: str  # "第四十七条"; "" when the text has no such provision
    summary: str
    limit_fen: int | None = None  # the person's limit where the law sets two
    limit_org_fen: int | None = None
    period: int | None = None
    day_kind: DayKind = "calendar"
    daily_rate_percent: int | None = None  # 加处罚款：每日按罚款数额的百分之三
    capped_at_fine: bool = False  # 加处罚款的数额不得超出罚款的数额
    kinds: frozenset[str] = frozenset()  # penalty kinds open to a hearing
    large_confiscation: bool = False  # 没收较大数额违法所得、较大价值非法财物 open to a hearing

    @property
    def exists(self) -> bool:
        return bool(self.article)

    @cached_property  # asked for every finding: the provisions are the rule book's constants
    def citation(self) -> str:
        """"2017年修正的《中华人民共和国行政处罚法》第四十七条"."""
        return self.text.name + self.article if self.article else self.text.name


_2017, _2021 = TEXT_2017, TEXT_2021
_BOOK: tuple[Provision, ...] = (
    Provision(ONSITE_COLLECTION, _2017, "第四十七条", "依法给予二十元以下罚款的，可以当场收缴", limit_fen=2_000),
    Provision(ONSITE_COLLECTION, _2021, "第六十八条", "依法给予一百元以下罚款的，可以当场收缴", limit_fen=10_000),
    Provision(ONSITE_REMOTE, _2017, "第四十八条", "边远、水上、交通不便地区，当事人提出的，可以当场收缴"),
    Provision(ONSITE_REMOTE, _2021, "第六十九条", "边远、水上、交通不便地区，当事人提出的，可以当场收缴"),
    Provision(SIMPLE_PROCEDURE, _2017, "第三十三条", "对公民五十元以下、对法人或者其他组织一千元以下罚款或者警告，可以当场作出决定",
       limit_fen=5_000, limit_org_fen=100_000),
    Provision(SIMPLE_PROCEDURE, _2021, "第五十一条", "对公民二百元以下、对法人或者其他组织三千元以下罚款或者警告，可以当场作出决定",
       limit_fen=20_000, limit_org_fen=300_000),
    Provision(TWO_OFFICERS, _2017, "第三十七条", "调查或者检查时，执法人员不得少于两人"),
    Provision(TWO_OFFICERS, _2021, "第四十二条", "执法人员不得少于两人"),
    Provision(LEGAL_BASIS, _2017, "第三条、第三十九条", "没有法定依据的行政处罚无效；决定书应当载明处罚的种类和依据"),
    Provision(LEGAL_BASIS, _2021, "第三十八条、第五十九条", "没有依据的行政处罚无效；决定书应当载明处罚的种类和依据"),
    Provision(DECISION_PERIOD, _2017, "", "法律未规定一般办案期限，规章另有规定的从其规定"),
    Provision(DECISION_PERIOD, _2021, "第六十条", "自立案之日起九十日内作出决定，法律、法规、规章另有规定的从其规定",
       period=90),
    Provision(NOTICE, _2017, "第三十一条、第四十一条", "作出决定前告知事实、理由、依据和权利，未告知的决定不能成立"),
    Provision(NOTICE, _2021, "第四十四条、第六十二条", "作出决定前告知内容及依据和权利，未告知的不得作出决定"),
    Provision(HEARING_SCOPE, _2017, "第四十二条", "责令停产停业、吊销许可证或者执照、较大数额罚款，应当告知听证权利",
       kinds=frozenset({pk.STOP_BUSINESS, pk.REVOKE_LICENCE})),
    Provision(HEARING_SCOPE, _2021, "第六十三条",
       "较大数额罚款，没收较大数额违法所得、较大价值非法财物，降低资质等级、吊销许可证件，责令停产停业、"
       "责令关闭、限制从业等，应当告知听证权利",
       kinds=frozenset({pk.REVOKE_LICENCE, pk.DOWNGRADE, pk.STOP_BUSINESS, pk.CLOSE, pk.BAR_PRACTICE}),
       large_confiscation=True),
    Provision(HEARING_REQUEST, _2017, "第四十二条", "当事人要求听证的，应当在告知后三日内提出", period=3),
    Provision(HEARING_REQUEST, _2021, "第六十四条", "当事人要求听证的，应当在告知后五日内提出", period=5,
       day_kind="working"),
    Provision(LEGAL_REVIEW, _2017, "第三十八条第三款", "行政机关负责人作出决定之前，应当由从事行政处罚决定审核的人员进行审核"),
    Provision(LEGAL_REVIEW, _2021, "第五十八条",
       "涉及重大公共利益、直接关系重大权益经过听证程序、案情疑难复杂等情形，决定前应当进行法制审核"),
    Provision(SERVICE, _2017, "第四十条", "当事人不在场的，应当在七日内送达决定书", period=7),
    Provision(SERVICE, _2021, "第六十一条", "当事人不在场的，应当在七日内送达决定书", period=7, day_kind="working"),
    Provision(PAYMENT, _2017, "第四十六条", "自收到决定书之日起十五日内缴纳罚款", period=15),
    Provision(PAYMENT, _2021, "第六十七条", "自收到决定书之日起十五日内缴纳罚款", period=15),
    # The 2017 text set no cap; 行政强制法 第四十五条 (in force since 2012) caps the surcharge at
    # the fine, so the cap applies to both texts.
    Provision(SURCHARGE, _2017, "第五十一条", "到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款", daily_rate_percent=3,
       capped_at_fine=True),
    Provision(SURCHARGE, _2021, "第七十二条", "到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款，数额不得超出罚款数额",
       daily_rate_percent=3, capped_at_fine=True),
    Provision(CASH_HANDOVER, _2017, "第五十条", "当场收缴的罚款，应当自收缴之日起二日内交至行政机关", period=2),
    Provision(CASH_HANDOVER, _2021, "第七十一条", "当场收缴的罚款，应当自收缴之日起二日内交至行政机关", period=2,
       day_kind="working"),
    Provision(ONE_ACT_ONE_FINE, _2017, "第二十四条", "对当事人的同一个违法行为，不得给予两次以上罚款"),
    Provision(ONE_ACT_ONE_FINE, _2021, "第二十九条", "对当事人的同一个违法行为，不得给予两次以上罚款"),
    Provision(FIRST_MINOR, _2017, "", "未规定首违不罚"),
    Provision(FIRST_MINOR, _2021, "第三十三条", "初次违法且危害后果轻微并及时改正的，可以不予行政处罚"),
    Provision(PUBLICATION_WITHDRAWN, _2017, "", "未规定撤回公示"),
    Provision(PUBLICATION_WITHDRAWN, _2021, "第四十八条", "公开的决定被依法变更、撤销、确认违法或者无效的，三日内撤回",
       period=3, day_kind="working"),
    Provision(PAYMENT_SEPARATION, _2017, "第四十六条",
              "罚款决定与罚款收缴分离，除当场收缴的外，作出决定的机关及其执法人员不得自行收缴罚款"),
    Provision(PAYMENT_SEPARATION, _2021, "第六十七条",
              "罚款决定与罚款收缴分离，除当场收缴的外，作出决定的机关及其执法人员不得自行收缴罚款"),
    Provision(PROPORTIONALITY, _2017, "第四条", "实施行政处罚必须与违法行为的事实、性质、情节以及社会危害程度相当"),
    Provision(PROPORTIONALITY, _2021, "第五条、第三十四条", "过罚相当；行政机关可以依法制定行政处罚裁量基准，规范行使裁量权"),
)

BOOK: dict[tuple[str, TextId], Provision] = {(p.topic, p.text.id): p for p in _BOOK}
TOPICS: tuple[str, ...] = tuple(dict.fromkeys(p.topic for p in _BOOK))


def provision_of(topic: str, text: LawText) -> Provision:
    try:
        return BOOK[(topic, text.id)]
    except KeyError:
        raise KeyError(f"unknown rule topic {topic!r}") from None


def provision(topic: str, on: date) -> Provision:
    """What the text in force on `on` says on `topic`."""
    return provision_of(topic, text_on(on))


def cite(*provisions: Provision) -> str:
    """One citation for several provisions: of one text, "…处罚法》第四十六条、第五十一条"."""
    first = provisions[0]
    if all(p.text == first.text for p in provisions):
        articles = dict.fromkeys(p.article for p in provisions if p.article)
        return first.text.name + "、".join(articles)
    return "；".join(p.citation for p in provisions)

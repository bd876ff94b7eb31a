"""The finding codes (DOMAIN §3.1, §3.3): their stage in the reverse-order audit and their rule.

The rule here is the code's general one, naming the articles of both texts of the 行政处罚法;
each finding carries the article of the text in force on its own date (Draft.rule, set by the
law checks in rules_law.py and the case rules), which is what the CLI and reports print.
"""

from __future__ import annotations

from app.audit.law.result import NEW_CODES, RECEIPT_CODES

STAGE_RECEIPTS = "收据→台账"
STAGE_LEDGER = "台账→案卷"
STAGE_CASES = "案卷检查"
STAGES = (STAGE_RECEIPTS, STAGE_LEDGER, STAGE_CASES)

LAW = "《中华人民共和国行政处罚法》"


def both(old: str, new: str) -> str:
    """A rule cited in both texts: "《…》（2017年修正 第四十七条；2021年修订 第六十八条）"."""
    return f"{LAW}（2017年修正 {old}；2021年修订 {new}）"


REVERSE = "倒查机制：先查罚没款收据、再查处罚台账、后查处罚案卷"
CUSTODY = "罚没票据管理：票据按号连续使用，作废票据全联留存"
PUBLICATION_SYSTEM = "行政执法公示制度：行政处罚决定自作出之日起7个工作日内向社会公布（行政执法三项制度实施方案）"
# 国办发〔2018〕118号: the 三项制度 guidance the plans carry out (reference/002).
THREE_SYSTEMS = ("《国务院办公厅关于全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度的指导意见》"
                 "（国办发〔2018〕118号）")
PUBLICATION = PUBLICATION_SYSTEM + "；" + LAW + "（2021年修订 第四十八条、第八十五条）"

# The general rule of each law check's code; a finding cites the article of its own date.
LAW_RULES: dict[str, str] = {
    "NO_LEGAL_BASIS": both("第三条、第三十九条", "第三十八条、第五十九条"),
    "NOTICE_MISSING": both("第三十一条、第四十一条", "第四十四条、第六十二条"),
    "HEARING_RIGHTS_IGNORED": both("第四十二条", "第六十三条、第六十四条"),
    "HEARING_WITHOUT_LEGAL_REVIEW": LAW + "（2021年修订 第五十八条第一款第二项）",
    "SERVICE_LATE": both("第四十条", "第六十一条"),
    "DOUBLE_PENALTY": both("第二十四条", "第二十九条") + "（一事不再罚）",
    "CASE_PENDING_TOO_LONG": LAW + "（2021年修订 第六十条）；历史积案清理",
    "LATE_PAYMENT_NO_SURCHARGE": both("第四十六条、第五十一条", "第六十七条、第七十二条"),
    "CASH_HANDOVER_LATE": both("第五十条", "第七十一条"),
    "DECIDED_AFTER_REVIEW_REJECTED": both("第三十八条第三款", "第五十八条"),
}

# The code of a review problem no automatic code describes; the only code no rule produces.
REVIEW_CODE = "REVIEW_PROBLEM"

CODES: dict[str, tuple[str, str, str]] = {
    # code: (stage, Chinese name, rule)
    "RECEIPT_NOT_IN_LEDGER": (STAGE_RECEIPTS, "收据未入台账", REVERSE),
    "RECEIPT_AMOUNT_MISMATCH": (STAGE_RECEIPTS, "收据金额与台账不符", REVERSE),
    "RECEIPT_NUMBER_GAP": (STAGE_RECEIPTS, "收据号码不连续", CUSTODY),
    "RECEIPT_NUMBER_DUPLICATE": (STAGE_RECEIPTS, "收据号码重复", CUSTODY),
    "RECEIPT_PAYER_MISMATCH": (STAGE_RECEIPTS, "缴款人与当事人不符", REVERSE),
    "RECEIPT_BEFORE_DECISION": (STAGE_RECEIPTS, "先收款后决定", both("第四十六条", "第六十七条") + "（罚缴分离）"),
    "ONSITE_COLLECTION_OVER_LIMIT": (STAGE_RECEIPTS, "当场收缴超过法定限额", both("第四十七条", "第六十八条")),
    "LEDGER_WITHOUT_CASE": (STAGE_LEDGER, "有账无卷", REVERSE),
    "CASE_NOT_IN_LEDGER": (STAGE_LEDGER, "有卷无账", REVERSE),
    "LEDGER_AMOUNT_MISMATCH": (STAGE_LEDGER, "台账罚款与决定不符", REVERSE),
    "LEDGER_PAID_WITHOUT_RECEIPT": (STAGE_LEDGER, "台账记载已缴但无收据", REVERSE),
    "LEDGER_DUPLICATE_CASE": (STAGE_LEDGER, "台账重复登记", REVERSE),
    "DECISION_OVERDUE": (STAGE_CASES, "超过办案期限作出决定", LAW + "（2021年修订 第六十条）；规章另有规定的从其规定"),
    "TOO_FEW_OFFICERS": (STAGE_CASES, "执法人员少于两人", both("第三十七条", "第四十二条")),
    "OFFICER_NOT_CERTIFIED": (STAGE_CASES, "执法人员无有效执法证",
                              both("第三十七条", "第四十二条") + "；核对执法身份、辅助人员不得独立执法"),
    "MAJOR_DECISION_WITHOUT_LEGAL_REVIEW": (STAGE_CASES, "重大执法决定未经法制审核",
                                            both("第三十八条第三款", "第五十八条") + "；重大执法决定法制审核制度"),
    "PUBLICATION_LATE": (STAGE_CASES, "未按时公示", PUBLICATION),
    "FINE_UNPAID_OVERDUE": (STAGE_CASES, "逾期未缴且未申请强制执行", both("第四十六条、第五十一条", "第六十七条、第七十二条")),
    "DATE_ORDER": (STAGE_CASES, "程序倒置", "案卷评查：立案≤告知≤决定≤送达≤缴款≤结案"),
    "DISCRETION_OUT_OF_RANGE": (STAGE_CASES, "罚款超出裁量基准", both("第四条", "第五条、第三十四条") + "（过罚相当、裁量基准）"),
    "INCONSISTENT_PENALTY": (STAGE_CASES, "同案异罚",
                             both("第四条", "第五条、第三十四条") + "（过罚相当、裁量基准）；同案异罚、畸轻畸重"),
    # The law checks by date (DOMAIN §3.3); their names live with the checks (law/result.py).
    **{code: (STAGE_RECEIPTS if code in RECEIPT_CODES else STAGE_CASES, name, LAW_RULES[code])
       for code, name in NEW_CODES.items()},
    "RECORDING_MISSING": (STAGE_CASES, "未按清单全程音像记录",
                          THREE_SYSTEMS + "：执法全过程记录制度、音像记录事项清单"),
    # A problem a reviewer marked in 评查 that no automatic code describes (source 'review').
    REVIEW_CODE: (STAGE_CASES, "评查发现的问题", "一案一查：案卷评查"),
}


def stage_of(code: str) -> str:
    return CODES[code][0]


def label_of(code: str) -> str:
    return CODES[code][1]


def rule_of(code: str) -> str:
    return CODES[code][2]

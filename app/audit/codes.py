"""The finding codes (DOMAIN §3.1): their stage in the reverse-order audit and their rule.

Law articles follow the 2021 revision of 《中华人民共和国行政处罚法》.
"""

from __future__ import annotations

STAGE_RECEIPTS = "收据→台账"
STAGE_LEDGER = "台账→案卷"
STAGE_CASES = "案卷检查"
STAGES = (STAGE_RECEIPTS, STAGE_LEDGER, STAGE_CASES)

LAW = "《中华人民共和国行政处罚法》"
REVERSE = "倒查机制：先查罚没款收据、再查处罚台账、后查处罚案卷"
CUSTODY = "罚没票据管理：票据按号连续使用，作废票据全联留存"
PUBLICATION = ("行政执法公示制度：行政处罚决定自作出之日起7个工作日内向社会公布"
               "（行政执法三项制度实施方案）；" + LAW + "第四十八条、第八十五条")

# The code of a review problem no automatic code describes; the only code no rule produces.
REVIEW_CODE = "REVIEW_PROBLEM"

CODES: dict[str, tuple[str, str, str]] = {
    # code: (stage, Chinese name, rule)
    "RECEIPT_NOT_IN_LEDGER": (STAGE_RECEIPTS, "收据未入台账", REVERSE),
    "RECEIPT_AMOUNT_MISMATCH": (STAGE_RECEIPTS, "收据金额与台账不符", REVERSE),
    "RECEIPT_NUMBER_GAP": (STAGE_RECEIPTS, "收据号码不连续", CUSTODY),
    "RECEIPT_NUMBER_DUPLICATE": (STAGE_RECEIPTS, "收据号码重复", CUSTODY),
    "RECEIPT_PAYER_MISMATCH": (STAGE_RECEIPTS, "缴款人与当事人不符", REVERSE),
    "RECEIPT_BEFORE_DECISION": (STAGE_RECEIPTS, "先收款后决定", LAW + "第六十七条（罚缴分离）"),
    "ONSITE_COLLECTION_OVER_LIMIT": (STAGE_RECEIPTS, "当场收缴超过一百元", LAW + "第六十八条"),
    "LEDGER_WITHOUT_CASE": (STAGE_LEDGER, "有账无卷", REVERSE),
    "CASE_NOT_IN_LEDGER": (STAGE_LEDGER, "有卷无账", REVERSE),
    "LEDGER_AMOUNT_MISMATCH": (STAGE_LEDGER, "台账罚款与决定不符", REVERSE),
    "LEDGER_PAID_WITHOUT_RECEIPT": (STAGE_LEDGER, "台账记载已缴但无收据", REVERSE),
    "LEDGER_DUPLICATE_CASE": (STAGE_LEDGER, "台账重复登记", REVERSE),
    "DECISION_OVERDUE": (STAGE_CASES, "超过九十日作出决定", LAW + "第六十条"),
    "TOO_FEW_OFFICERS": (STAGE_CASES, "执法人员少于两人", LAW + "第四十二条"),
    "OFFICER_NOT_CERTIFIED": (STAGE_CASES, "执法人员无有效执法证", LAW + "第四十二条；核对执法身份、辅助人员不得独立执法"),
    "MAJOR_DECISION_WITHOUT_LEGAL_REVIEW": (STAGE_CASES, "重大执法决定未经法制审核",
                                            LAW + "第五十八条；重大执法决定法制审核制度"),
    "PUBLICATION_LATE": (STAGE_CASES, "未按时公示", PUBLICATION),
    "FINE_UNPAID_OVERDUE": (STAGE_CASES, "逾期未缴且未申请强制执行", LAW + "第六十七条、第七十二条"),
    "DATE_ORDER": (STAGE_CASES, "程序倒置", "案卷评查：立案≤告知≤决定≤送达≤缴款≤结案"),
    "DISCRETION_OUT_OF_RANGE": (STAGE_CASES, "罚款超出裁量基准", LAW + "第三十四条（行政处罚裁量基准）"),
    "INCONSISTENT_PENALTY": (STAGE_CASES, "同案异罚", LAW + "第三十四条（行政处罚裁量基准）；同案异罚、畸轻畸重"),
    # A problem a reviewer marked in 评查 that no automatic code describes (source 'review').
    REVIEW_CODE: (STAGE_CASES, "评查发现的问题", "一案一查：案卷评查"),
}


def stage_of(code: str) -> str:
    return CODES[code][0]


def label_of(code: str) -> str:
    return CODES[code][1]


def rule_of(code: str) -> str:
    return CODES[code][2]

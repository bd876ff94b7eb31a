"""The four registers' fields: one table that import, listing, the CLI and the UI all read.

Each field says how it is labelled in Chinese, how its values are parsed, which spreadsheet
headers mean it (DOMAIN.md §5), and whether a row needs it. The first synonym is the label the
program itself uses in forms and exported sheets.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from app.records import synonyms as syn


class FieldType(Enum):
    TEXT = "text"
    FEN = "fen"  # money, integer fen
    DATE = "date"
    BOOL = "bool"  # 是/否
    ID = "id"  # personal ID or unified social credit code: text, check digit warns
    CERT = "cert"  # certificate number: text, never a number
    OFFICERS = "officers"  # "张三(21010012345)、李四"
    STATUS = "status"  # officer status 有效/暂扣/注销
    STAFF_KIND = "staff_kind"  # 执法人员/辅助人员
    RECEIPT_REMARK = "receipt_remark"  # 作废 marks a voided receipt
    COLLECTION = "collection"  # 当场收缴 / 银行代收 → onsite bool
    PARTY_KIND = "party_kind"  # 法人及非法人组织 / 自然人 / 个体工商户 (the 双公示 行政相对人类别)


@dataclass(frozen=True)
class Field:
    name: str
    label: str
    type: FieldType
    synonyms: tuple[str, ...] = ()
    required: bool = False
    searchable: bool = False  # included in the register's text search
    # False for what an import reads but the register does not keep as a column of its own: a
    # second ID column (the row keeps one party ID) and the deciding office's credit code (kept
    # on the unit).
    stored: bool = True

    @property
    def headers(self) -> tuple[str, ...]:
        return (self.label, *self.synonyms)


T = FieldType
UNIT = Field("unit", "执法单位", T.TEXT, syn.UNIT, searchable=True)

OFFICER_FIELDS: tuple[Field, ...] = (
    Field("name", "姓名", T.TEXT, ("执法人员姓名", "人员姓名"), required=True, searchable=True),
    Field("cert_no", "执法证号", T.CERT, ("证件编号", "执法证件号", "执法证编号"), searchable=True),
    UNIT,
    Field("field", "执法领域", T.TEXT, ("领域", "执法类别")),
    Field("valid_from", "发证日期", T.DATE, ("有效期起", "有效期自")),
    Field("valid_to", "有效期至", T.DATE, ("有效期止", "有效期截止", "有效期截止日期")),
    Field("status", "证件状态", T.STATUS, ("状态",)),
    Field("kind", "人员类别", T.STAFF_KIND, ("类别",)),
)

CASE_FIELDS: tuple[Field, ...] = (
    Field("case_no", "案号", T.TEXT, syn.CASE_NO, required=True, searchable=True),
    Field("cause", "案由", T.TEXT, syn.CASE_CAUSE, searchable=True),
    Field("facts", "违法事实", T.TEXT, syn.CASE_FACTS),
    Field("party", "当事人", T.TEXT, syn.PARTY, searchable=True),
    Field("party_kind", "当事人类别", T.PARTY_KIND, syn.PARTY_KIND),
    Field("party_id", "证件号码", T.ID, syn.PARTY_ID),
    Field("party_credit_code", "统一社会信用代码", T.ID, syn.PARTY_CREDIT_CODE, stored=False),
    Field("legal_basis", "处罚依据", T.TEXT, syn.LEGAL_BASIS),
    Field("penalty_kinds", "处罚类别", T.TEXT, syn.PENALTY_KINDS),
    Field("penalty", "处罚种类", T.TEXT, syn.PENALTY),
    Field("fine_fen", "罚款金额", T.FEN, syn.FINE),
    Field("confiscation_fen", "没收金额", T.FEN, syn.CONFISCATION),
    Field("filed_on", "立案日期", T.DATE, ("立案时间",)),
    Field("notified_on", "告知日期", T.DATE, ("告知时间",)),
    Field("decided_on", "决定日期", T.DATE, syn.DECIDED_ON),
    Field("served_on", "送达日期", T.DATE, ("送达时间",)),
    Field("paid_on", "缴款日期", T.DATE, ("缴纳日期", "执行日期")),
    Field("closed_on", "结案日期", T.DATE, ("结案时间",)),
    Field("published_on", "公示日期", T.DATE, ("公示时间",)),
    Field("penalty_valid_to", "处罚有效期", T.DATE, syn.PENALTY_VALID_TO),
    Field("publicity_until", "公示截止期", T.DATE, syn.PUBLICITY_UNTIL),
    Field("officers", "执法人员", T.OFFICERS, ("承办人", "办案人员"), searchable=True),
    Field("major", "重大执法决定", T.BOOL, ("是否重大执法决定",)),
    Field("legal_review_on", "法制审核日期", T.DATE, ("法制审核时间",)),
    Field("enforcement", "执行情况", T.TEXT, ("执行方式",)),
    UNIT,
    Field("unit_credit_code", "处罚机关统一社会信用代码", T.ID, syn.UNIT_CREDIT_CODE, stored=False),
    Field("archive_location", "档案位置", T.TEXT, ("归档位置", "存放位置")),
    # The law checks by date (DOMAIN §3.3) and their headers, kept in one block: the import's
    # synonyms for the other fields are extended elsewhere. `hearing_on` is the hearing held.
    Field("field", "执法领域", T.TEXT, ("领域", "案件领域")),
    Field("act_on", "违法行为发生日期", T.DATE, ("违法行为日期", "违法日期", "案发日期", "发生日期")),
    Field("hearing_requested_on", "听证申请日期", T.DATE, ("申请听证日期", "要求听证日期")),
    Field("hearing_on", "听证日期", T.DATE, ("听证时间", "举行听证日期")),
    Field("hearing_waived_on", "放弃听证日期", T.DATE, ("放弃听证",)),
    Field("legal_review_outcome", "法制审核结果", T.TEXT, ("法制审核意见", "法制审核结论", "审核意见")),
    Field("extension_on", "延期批准日期", T.DATE, ("延长办案期限批准日期", "延期审批日期")),
    Field("extended_to", "延长至", T.DATE, ("延期至", "延长后期限")),
    Field("surcharge_fen", "加处罚款", T.FEN, ("加处罚款金额",)),
    Field("surcharge_exempt", "加处罚款减免", T.BOOL, ("免予加处罚款", "不予加处罚款")),
)

LEDGER_FIELDS: tuple[Field, ...] = (
    Field("seq", "序号", T.TEXT, ()),
    Field("case_no", "案号", T.TEXT, syn.CASE_NO, required=True, searchable=True),
    Field("party", "当事人", T.TEXT, syn.PARTY, searchable=True),
    Field("violation", "违法行为", T.TEXT, ("案由", "违法事实", "违法行为类型", "处罚事由"), searchable=True),
    Field("penalty", "处罚种类", T.TEXT, syn.PENALTY),
    Field("fine_fen", "罚款金额", T.FEN, syn.FINE),
    Field("decided_on", "决定日期", T.DATE, syn.DECIDED_ON),
    Field("paid_on", "缴款日期", T.DATE, ("缴纳日期", "执行日期")),
    Field("receipt_no", "票据号", T.CERT, syn.RECEIPT_NO, searchable=True),
    Field("enforcement", "执行情况", T.TEXT, ("执行方式",)),
    UNIT,
)

RECEIPT_FIELDS: tuple[Field, ...] = (
    Field("receipt_no", "票据号", T.CERT, syn.RECEIPT_NO, required=True, searchable=True),
    Field("issued_on", "开票日期", T.DATE, ("收款日期", "日期")),
    Field("payer", "缴款人", T.TEXT, syn.PAYER, searchable=True),
    Field("amount_fen", "金额", T.FEN, ("收款金额", "票面金额")),
    Field("case_no", "案号", T.TEXT, syn.CASE_NO, searchable=True),
    Field("collector", "收款人", T.TEXT, ("收款员", "开票人")),
    Field("onsite", "收缴方式", T.COLLECTION, ()),
    Field("remark", "备注", T.RECEIPT_REMARK, ("状态",)),
    UNIT,
    # The law checks on cash taken on the spot (DOMAIN §3.3), in one block like the cases' above.
    Field("onsite_reason", "当场收缴理由", T.TEXT, ("当场收缴原因", "收缴理由")),
    Field("handed_over_on", "上缴日期", T.DATE, ("上缴时间", "交回日期")),
)

UNIT_FIELDS: tuple[Field, ...] = (
    Field("name", "单位名称", T.TEXT, ("执法单位",), required=True, searchable=True),
    Field("field", "执法领域", T.TEXT, ("领域",), searchable=True),
    Field("credit_code", "统一社会信用代码", T.ID, ()),
)

FIELDS: dict[str, tuple[Field, ...]] = {
    "officers": OFFICER_FIELDS,
    "cases": CASE_FIELDS,
    "ledger": LEDGER_FIELDS,
    "receipts": RECEIPT_FIELDS,
}

# Registers the UI and `list` show (the stored fields); units are edited in the window but not imported.
REGISTER_FIELDS: dict[str, tuple[Field, ...]] = {
    **{kind: tuple(f for f in fields if f.stored) for kind, fields in FIELDS.items()}, "units": UNIT_FIELDS,
}

KIND_LABELS: dict[str, str] = {
    "officers": "执法人员", "cases": "案卷", "ledger": "台账", "receipts": "收据", "units": "执法单位",
}

# Fields printed by `caseaudit list KIND` (CLI.md "Record fields"), in that order.
LIST_FIELDS: dict[str, tuple[str, ...]] = {
    "officers": ("name", "cert_no", "unit", "valid_from", "valid_to", "status", "kind"),
    "cases": ("case_no", "cause", "facts", "party", "party_kind", "party_id", "legal_basis", "penalty",
              "fine_fen", "confiscation_fen", "filed_on", "decided_on", "served_on", "closed_on", "published_on",
              "officers", "major", "legal_review_on", "enforcement", "unit"),
    "ledger": ("row", "case_no", "party", "violation", "penalty", "fine_fen", "decided_on", "paid_on",
               "receipt_no", "unit"),
    "receipts": ("receipt_no", "issued_on", "payer", "amount_fen", "case_no", "collector", "onsite", "voided"),
}

OFFICER_STATUSES = ("有效", "暂扣", "注销")
STAFF_KINDS = ("执法人员", "辅助人员")


def field_by_name(kind: str, name: str) -> Field:
    for f in REGISTER_FIELDS[kind]:
        if f.name == name:
            return f
    raise KeyError(f"{kind}.{name}")

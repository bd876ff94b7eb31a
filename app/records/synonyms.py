"""The spreadsheet headers that mean each field (DOMAIN.md §5, §5.1): data, not code.

Each tuple lists the other ways real files write a field's header; the field's own label comes
first in app/records/fields.py and is not repeated here. Collected from ledgers, case
registers, 非税 and 执法平台 exports and the 双公示 templates (2021 unified 30 columns, the older
法人 26 and 自然人 20, local WPS templates). Headers are compared after app/imports/header_labels
has taken units and hints out of brackets, so `罚款金额（万元）` and `文书号（必填）` need no entry
of their own; a bracket that is part of the name (`行政相对人代码_1（统一社会信用代码）`) is
written here with its bracket.
"""

from __future__ import annotations

CASE_NO = ("处罚决定书文号", "决定书文号", "决定书编号", "文号", "处罚决定书号",
           "行政处罚决定书文号", "行政处罚决定文号", "行政处罚决定书号", "决定文书号", "文书号", "处罚文号")
PARTY = ("被处罚人", "当事人名称", "被处罚单位(人)", "被处罚单位", "被处罚人姓名",
         "行政相对人名称", "行政相对人", "被处罚当事人", "被罚当事人名称", "企业名称", "企业或个人名称",
         "法人及其他组织名称", "自然人姓名", "当事人名称(姓名)")
PARTY_KIND = ("行政相对人类别", "当事人类别", "相对人类别", "当事人类型")
# 证件号码 is a person's document; a 统一社会信用代码 column is read separately (PARTY_CREDIT_CODE)
# so a row can take whichever of the two its party kind calls for.
PARTY_ID = ("身份证号", "当事人证件号", "身份证号码")
PARTY_CREDIT_CODE = ("行政相对人代码_1(统一社会信用代码)", "当事人统一社会信用代码", "社会信用代码")
CASE_CAUSE = ("违法行为", "违法行为类型", "处罚事由", "主要违法违规事实(案由)")
CASE_FACTS = ("主要违法事实", "违法事实及依据")
LEGAL_BASIS = ("法律依据",)
PENALTY = ("处罚内容", "处罚结果", "行政处罚内容", "行政处罚决定")
PENALTY_KINDS = ("处罚种类名称",)
FINE = ("罚款", "处罚金额", "罚没金额", "罚没款金额")
CONFISCATION = ("没收违法所得", "没收违法所得、没收非法财物的金额", "没收违法所得没收非法财物的金额",
                "没收违法所得金额")
DECIDED_ON = ("处罚决定日期", "作出决定日期", "决定时间", "处罚日期", "作出行政处罚决定日期", "作出处罚决定的日期")
PENALTY_VALID_TO = ("处罚有效期至", "处罚期限")
PUBLICITY_UNTIL = ("公示截止日期", "公示期限")
UNIT = ("承办单位", "执法机关", "处罚机关", "处罚机构", "作出行政处罚决定机关名称", "作出决定机关", "执法机构名称")
UNIT_CREDIT_CODE = ("作出行政处罚决定机关统一社会信用代码", "执法机关统一社会信用代码")
PAYER = ("交款人", "缴款单位", "付款人", "缴款人全称")
RECEIPT_NO = ("收据号", "票号", "收据编号", "票据号码")

"""Form text → typed values for one record, and stored records → plain dicts.

The detail form in the window and any hand-entered record go through `parse_texts`; it uses
the same parsers as the spreadsheet import so a value means the same thing everywhere.
"""

from __future__ import annotations

from typing import Any

from app.domain.amounts import parse_amount_fen
from app.domain.dates import parse_date
from app.domain.errors import ValueParseError
from app.domain.ids import check_id, normalise_id_text
from app.domain.officers_text import parse_officers
from app.domain.party_kinds import parse_party_kind
from app.domain.text import clean_text
from app.domain.yesno import parse_yes_no
from app.records.fields import OFFICER_STATUSES, REGISTER_FIELDS, STAFF_KINDS, Field, FieldType


def parse_value(f: Field, raw: Any) -> tuple[Any, str | None]:
    """(value, warning) for one field; raises ValueParseError with a Chinese reason."""
    t = f.type
    if t is FieldType.FEN:
        return parse_amount_fen(raw), None
    if t is FieldType.DATE:
        return parse_date(raw), None
    if t is FieldType.ID:
        text = normalise_id_text(raw)
        return text, check_id(text)
    if t is FieldType.OFFICERS:
        if isinstance(raw, list):
            return raw, None
        return [{"name": n, "cert_no": c} for n, c in parse_officers(raw)], None
    if t is FieldType.BOOL:
        return parse_yes_no(raw), None
    if t is FieldType.PARTY_KIND:
        return parse_party_kind(raw), None
    if t is FieldType.COLLECTION:
        if isinstance(raw, bool):
            return raw, None
        return "当场" in clean_text(raw), None
    text = clean_text(raw)
    if t is FieldType.STATUS:
        text = text or "有效"
        if text not in OFFICER_STATUSES:
            raise ValueParseError(f"证件状态应为 有效/暂扣/注销 之一，而不是「{text}」")
    elif t is FieldType.STAFF_KIND:
        text = text or "执法人员"
        if text not in STAFF_KINDS:
            raise ValueParseError(f"人员类别应为 执法人员/辅助人员 之一，而不是「{text}」")
    return text, None


def parse_texts(kind: str, texts: dict[str, Any]) -> tuple[dict[str, Any], dict[str, str], dict[str, str]]:
    """Parse a form's texts: (values, errors by field, warnings by field)."""
    values: dict[str, Any] = {}
    errors: dict[str, str] = {}
    warnings: dict[str, str] = {}
    for f in REGISTER_FIELDS[kind]:
        raw = texts.get(f.name, "")
        try:
            value, warning = parse_value(f, raw)
        except ValueParseError as exc:
            errors[f.name] = exc.reason
            continue
        if f.required and value in ("", None, []):
            errors[f.name] = f"{f.label}为必填项"
        if warning:
            warnings[f.name] = warning
        values[f.name] = value
    if kind == "receipts":
        values["voided"] = "作废" in values.get("remark", "")
        values["onsite"] = bool(values.get("onsite"))
    if kind == "officers" and values.get("kind") == "辅助人员" and values.get("cert_no"):
        warnings["cert_no"] = "辅助人员不持执法证，此处不应填写执法证号"
    return values, errors, warnings

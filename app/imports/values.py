"""One converter per field type: a cell → the stored value, raising ValueParseError.

The converters are built once per import column (`converter(field_type)`), so the hot loop
calls a plain function and never looks anything up in the field registry. Types whose cells
repeat (dates, amounts, yes/no words) remember what each distinct text parsed to.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from app.domain.amount_units import parse_amount_in_unit
from app.domain.amounts import parse_amount_fen
from app.domain.dates import parse_date
from app.domain.errors import ValueParseError
from app.domain.ids import normalise_id_text
from app.domain.officers_text import parse_officers
from app.domain.party_kinds import parse_party_kind
from app.domain.text import clean_text
from app.domain.yesno import parse_yes_no
from app.records.fields import OFFICER_STATUSES, STAFF_KINDS, FieldType

Converter = Callable[[Any], Any]

ONSITE_MARK = "当场"

# The value a blank cell gives, per type.
BLANK: dict[FieldType, Any] = {
    FieldType.TEXT: "",
    FieldType.FEN: None,
    FieldType.DATE: None,
    FieldType.BOOL: False,
    FieldType.ID: "",
    FieldType.CERT: "",
    FieldType.OFFICERS: None,  # replaced by a fresh [] per row (lists are mutable)
    FieldType.STATUS: OFFICER_STATUSES[0],
    FieldType.STAFF_KIND: STAFF_KINDS[0],
    FieldType.RECEIPT_REMARK: "",
    FieldType.COLLECTION: False,
    FieldType.PARTY_KIND: "",
}


def _remember(fn: Converter) -> Converter:
    """Cache the result for each distinct text cell (numbers and dates are cheap already)."""
    seen: dict[str, Any] = {}

    def conv(raw: Any) -> Any:
        if raw.__class__ is str:
            try:
                return seen[raw]
            except KeyError:
                value = seen[raw] = fn(raw)
                return value
        return fn(raw)

    return conv


def to_date(raw: Any) -> date | None:
    cls = raw.__class__
    if cls is date:
        return raw
    if cls is datetime:
        return raw.date()
    return parse_date(raw)


def to_cert(raw: Any) -> str:
    """Certificate and receipt numbers are text; a number cell 21010012345.0 → "21010012345"."""
    cls = raw.__class__
    if cls is str:
        return clean_text(raw)
    if cls is float:
        if raw.is_integer():
            return str(int(raw))
        # A number cell 1234.5 is no receipt or certificate number: a typing slip or a column
        # of amounts mapped here. Keeping "1234.5" would make a number no receipt book has.
        raise ValueParseError(f"编号应为整数或文字，而不是带小数的数字「{clean_text(raw)}」")
    if cls is int:
        return str(raw)
    return clean_text(raw)


def to_status(raw: Any) -> str:
    text = clean_text(raw) or OFFICER_STATUSES[0]
    if text not in OFFICER_STATUSES:
        raise ValueParseError(f"证件状态应为 {'/'.join(OFFICER_STATUSES)} 之一，而不是「{text}」")
    return text


def to_staff_kind(raw: Any) -> str:
    text = clean_text(raw) or STAFF_KINDS[0]
    if text not in STAFF_KINDS:
        raise ValueParseError(f"人员类别应为 {'/'.join(STAFF_KINDS)} 之一，而不是「{text}」")
    return text


def to_officers(raw: Any) -> list[dict[str, str]]:
    return [{"name": name, "cert_no": cert or ""} for name, cert in parse_officers(raw)]


def to_collection(raw: Any) -> bool:
    """当场收缴 → True; 银行代收 or anything else → False."""
    if isinstance(raw, bool):
        return raw
    return ONSITE_MARK in clean_text(raw)


def _in_unit(unit: str) -> Converter:
    def conv(raw: Any) -> int | None:
        return parse_amount_in_unit(raw, unit)

    return conv


def converter(ftype: FieldType, scale: str | None = None) -> Converter:
    """A fresh converter for one column of type `ftype` (with its own cache); `scale` is the
    unit an amount column's header states (万元, 千元, 元 or None)."""
    if ftype is FieldType.TEXT or ftype is FieldType.RECEIPT_REMARK:
        return clean_text
    if ftype is FieldType.FEN:
        if scale is None or scale == "元":
            return _remember(parse_amount_fen)
        return _remember(_in_unit(scale))
    if ftype is FieldType.DATE:
        return _remember(to_date)
    if ftype is FieldType.ID:
        return normalise_id_text
    if ftype is FieldType.CERT:
        return to_cert
    if ftype is FieldType.BOOL:
        return _remember(parse_yes_no)
    if ftype is FieldType.STATUS:
        return _remember(to_status)
    if ftype is FieldType.STAFF_KIND:
        return _remember(to_staff_kind)
    if ftype is FieldType.COLLECTION:
        return _remember(to_collection)
    if ftype is FieldType.OFFICERS:
        return to_officers
    if ftype is FieldType.PARTY_KIND:
        return _remember(parse_party_kind)
    raise ValueError(f"no converter for {ftype}")

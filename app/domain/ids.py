"""Party identifiers: 居民身份证号码 (GB 11643) and 统一社会信用代码 (GB 32100).

They are text. A failed check digit is a warning, not an error: real early credit codes and
hand-copied IDs fail it, and the office decides (DOMAIN §5). The one hard error is an ID that
Excel stored as a number — its last digits are already gone and nothing can bring them back.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

from app.domain.errors import ValueParseError

NUMBER_CELL_REASON = (
    "证件号码被存成了数字，Excel 只保留 15 位有效数字，末尾几位已丢失；请把该列设为文本格式后重新填写"
)

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CHARS = "10X98765432"
_CREDIT_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_VALUE = {ch: i for i, ch in enumerate(_CREDIT_CHARSET)}
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
# "1.10105E+17": a number-formatted ID column saved as CSV; same loss as a number cell.
_SCIENTIFIC = re.compile(r"[0-9](?:\.[0-9]+)?E\+?[0-9]+\Z")
# Birth years accepted as plausible when deciding "is this an ID card number?".
_BIRTH_YEARS = range(1880, 2101)


def normalise_id_text(value: object) -> str:
    """A cell → ID text: NFKC, no whitespace, upper case (the final x of an ID becomes X)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        raise ValueParseError(f"无法识别的证件号码「{value}」")
    if isinstance(value, (int, float)):
        return _from_number(value)
    text = "".join(unicodedata.normalize("NFKC", str(value)).split()).upper()
    # A leading apostrophe is how people force text in Excel; in a CSV it survives as a char.
    text = text.removeprefix("'")
    if _SCIENTIFIC.match(text):
        raise ValueParseError(NUMBER_CELL_REASON)
    return text


def _from_number(value: float) -> str:
    if isinstance(value, float):
        if not value.is_integer():
            raise ValueParseError(f"无法识别的证件号码「{value}」")
        value = int(value)
    if value < 0:
        raise ValueParseError(f"无法识别的证件号码「{value}」")
    # Excel keeps 15 significant digits; at 15 or more we cannot tell what was lost.
    if value >= 10**14:
        raise ValueParseError(NUMBER_CELL_REASON)
    return str(value)


def id_check_char(first17: str) -> str:
    """GB 11643 check character for the first 17 digits of an ID number."""
    total = sum(int(c) * w for c, w in zip(first17, _ID_WEIGHTS, strict=True))
    return _ID_CHECK_CHARS[total % 11]


def credit_check_char(first17: str) -> str:
    """GB 32100 check character for the first 17 characters of a 统一社会信用代码."""
    total = sum(_CREDIT_VALUE[c] * w for c, w in zip(first17, _CREDIT_WEIGHTS, strict=True))
    return _CREDIT_CHARSET[(31 - total % 31) % 31]


def _birth_date_ok(yyyymmdd: str) -> bool:
    year, month, day = int(yyyymmdd[:4]), int(yyyymmdd[4:6]), int(yyyymmdd[6:])
    if year not in _BIRTH_YEARS:
        return False
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def check_id(s: str) -> str | None:
    """None when the number looks right, else a Chinese warning for the user to review."""
    # Same clean-up as normalise_id_text, but a check only warns: it never raises.
    text = "".join(unicodedata.normalize("NFKC", str(s)).split()).upper() if s else ""
    if not text:
        return None
    n = len(text)
    if n == 15 and text.isdigit() and text.isascii():
        return "15位旧身份证号，请核对是否已换发18位身份证"
    if n != 18:
        return f"证件号码长度不对：{n} 位（身份证号和统一社会信用代码都是 18 位）"
    first17 = text[:17]
    digits17 = first17.isdigit() and first17.isascii()
    if digits17 and text[17] in "0123456789X" and _birth_date_ok(text[6:14]):
        expected = id_check_char(first17)
        if text[17] != expected:
            return f"身份证号码校验位不对：末位应为 {expected}，实为 {text[17]}，请核对"
        return None
    bad = sorted({c for c in text if c not in _CREDIT_VALUE})
    if bad:
        if digits17:
            return f"身份证号码中的出生日期「{text[6:14]}」不存在，请核对"
        return f"统一社会信用代码含有不允许的字符「{''.join(bad)}」，请核对"
    expected = credit_check_char(first17)
    if text[17] != expected:
        if digits17:
            return "证件号码校验不通过：既不是有效的身份证号（出生日期不对），也不是有效的统一社会信用代码"
        return f"统一社会信用代码校验位不对：末位应为 {expected}，实为 {text[17]}，请核对"
    return None

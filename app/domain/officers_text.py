"""The officers cell of a ledger or case file: names, each optionally with a certificate number.

Written by hand in many ways: `张三(21010012345)、李四(21010012346)`, `张三（21010012345）,李四`,
`张三 21010012345 / 李四 21010012346`, one per line, or names only (DOMAIN §5: officers may be
matched to the roster by name). A certificate with no name in front of it is an error: which
officer it belongs to cannot be known.
"""

from __future__ import annotations

import re
import unicodedata

from app.domain.errors import ValueParseError
from app.domain.text import clean_text

# After NFKC: （） → (), ［］ → [], ，→ ,  ；→ ;  ／→ /  ：→ :  . 、 and 【】 stay.
_TOKEN = re.compile(
    r"\s*(?:"
    r"(?P<bracket>[(\[【](?P<inner>[^()\[\]【】]*)[)\]】])"
    r"|(?P<sep>[、,;/|]+)"
    r"|(?P<word>[^\s、,;/|()\[\]【】]+)"
    r")"
)
# A certificate number written after a space: ASCII letters/digits/hyphens with a digit in it.
_CERT_WORD = re.compile(r"[A-Za-z0-9-]*[0-9][A-Za-z0-9-]*\Z")
# A name glued to its number: 张三21010012345.
_NAME_THEN_CERT = re.compile(r"(?P<name>[^\x00-\x7f]+)(?P<cert>[A-Za-z0-9-]*[0-9][A-Za-z0-9-]*)\Z")
# Labels people put inside the brackets: 张三（执法证号：21010012345）.
_CERT_LABEL = re.compile(r"^(?:执法证号|执法证编号|执法证|证件号码|证件编号|证号|编号)[:]?")


def _orphan(value: object) -> ValueParseError:
    return ValueParseError(f"执法人员「{value}」中有证号前面没有姓名")


def parse_officers(value: object) -> list[tuple[str, str]]:
    """The cell → [(name, certificate number or "")]; [] for a blank cell."""
    raw = clean_text(value)
    text = unicodedata.normalize("NFKC", raw).strip()
    if not text:
        return []
    officers: list[list[str]] = []
    # The entry a following certificate may still attach to: only right after its name.
    open_entry: list[str] | None = None
    pos = 0
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            if text[pos:].strip():
                raise ValueParseError(f"无法识别的执法人员「{raw}」（括号不成对？）")
            break
        pos = m.end()
        if m.group("sep"):
            open_entry = None
        elif m.group("bracket") is not None:
            if open_entry is None:
                raise _orphan(raw)
            open_entry[1] = _CERT_LABEL.sub("", "".join(m.group("inner").split()))
            open_entry = None
        else:
            word = m.group("word")
            if _CERT_WORD.match(word):
                if open_entry is None:
                    raise _orphan(raw)
                open_entry[1] = word
                open_entry = None
                continue
            glued = _NAME_THEN_CERT.match(word)
            if glued:
                officers.append([glued.group("name"), glued.group("cert")])
                open_entry = None
            else:
                open_entry = [word, ""]
                officers.append(open_entry)
    return [(name, cert) for name, cert in officers]

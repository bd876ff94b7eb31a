"""Removing personal data from text for publication (公示) and for the bureau's package.

    mask_id_numbers(text)  18/15-digit resident ID numbers → 2101**********123X (package)
    redact_text(text)      ID, phone and bank numbers, addresses and house numbers → ***
    publish_party(party, party_id)   natural persons → surname + 某; organisations kept
    replace_names(text, party, party_id)   the same persons' names reduced inside free text
    person_name(name)      张三 → 张某, 欧阳娜娜 → 欧阳某
    is_organisation(name, party_id)

Who is a person is decided by the ID and any stated role (app.publication.parties), not by
words such as 城 or 行 in the name. The patterns are deliberately greedy on what looks like
personal data: publishing one number too few is worse than hiding one too many.
"""

from __future__ import annotations

import re

from app.domain.persons import COMPOUND_SURNAMES, MIDDLE_DOTS, has_middle_dot, person_name
from app.publication.addresses import remove_addresses
from app.publication.numbers import remove_personal_numbers
from app.publication.parties import party_parts, party_people

__all__ = ["COMPOUND_SURNAMES", "REMOVED", "is_organisation", "mask_id_numbers", "person_name", "publish_party",
           "redact_text", "replace_names"]

REMOVED = "***"
_FULLWIDTH = str.maketrans("０１２３４５６７８９ｘＸ－", "0123456789xX-")
_ID18 = r"[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]"
_ID15 = r"[1-9]\d{7}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}"
ID_RE = re.compile(rf"(?<![0-9A-Za-z])(?:{_ID18}|{_ID15})(?![0-9A-Za-z])")
# After a label (电话, 身份证号, 账号 …) any run of digits goes, however it is punctuated.
_LABELLED_NUMBER = re.compile(
    r"((?:身份证号码|身份证号|身份证|证件号码|证件号|公民身份号码|联系电话|电话号码|电话|手机号码|手机号|手机|座机|"
    r"联系方式|银行账号|银行卡号|银行账户|开户账号|账号|帐号|卡号|账户)\s*(?:为|是)?\s*[:：]?\s*)"
    r"[(（+＋]*[0-9Xx](?:[\s\-–—.．·()（）]{0,2}[0-9Xx]){5,40}")
_BANK = re.compile(r"(?<!\d)(?:\d{4}[\s-]){3,4}\d{1,7}(?!\d)|(?<!\d)\d{12,30}(?!\d)")
_DOT_SPLIT = re.compile(rf"[\s{re.escape(MIDDLE_DOTS)}]+")
_NAME_GAP = rf"[\s{re.escape(MIDDLE_DOTS)}]{{0,2}}"  # 买买提·吐尔逊 = 买买提•吐尔逊 = 买买提 吐尔逊


def normalise_digits(text: str) -> str:
    return text.translate(_FULLWIDTH)


def _mask_one(m: re.Match[str]) -> str:
    s = m.group(0)
    return s[:4] + "*" * (len(s) - 8) + s[-4:]


def mask_id_numbers(text: str) -> str:
    """Resident ID numbers masked to their first and last four characters (2101**********123X)."""
    return ID_RE.sub(_mask_one, text) if text else text


def redact_text(text: str) -> str:
    """ID, mobile, landline and bank numbers, addresses and house numbers replaced by ***."""
    if not text:
        return text
    t = normalise_digits(str(text))
    t = _LABELLED_NUMBER.sub(lambda m: m.group(1) + REMOVED, t)
    t = remove_personal_numbers(t)
    t = _BANK.sub(REMOVED, t)
    return remove_addresses(t)


def is_organisation(name: str, party_id: str = "") -> bool:
    """An organisation (kept in full) rather than natural persons: by its ID (a resident ID → a
    person; an 18-character credit code → an organisation, a 个体工商户's code aside), by a
    stated role, and only then by words such as 公司 or 面馆."""
    return not any(person for _, person in party_parts(name, party_id))


def publish_party(party: str, party_id: str = "") -> str:
    """The party as published: organisations kept, each natural person reduced to surname + 某."""
    parts = party_parts((party or "").strip(), party_id)
    return redact_text("".join(person_name(text) if person else text for text, person in parts))


def _bare(name: str) -> str:
    return "".join(c for c in name if not c.isspace() and c not in MIDDLE_DOTS)


def _name_pattern(name: str) -> re.Pattern[str]:
    """A name however the text spaces or dots it (the party field may use · and the facts •)."""
    return re.compile(_NAME_GAP.join(re.escape(c) for c in _bare(name)))


def replace_names(text: str, party: str, party_id: str = "") -> str:
    """`text` with the party's natural persons' full names replaced as in publish_party."""
    if not text or not party:
        return text
    people = [name for name in party_people(party.strip(), party_id) if len(_bare(name)) >= 2]
    for name in people:  # a one-character "name" is no name to look for
        text = _name_pattern(name).sub(person_name(name), text)
    for name in people:  # 买买提·吐尔逊（以下简称吐尔逊）: each part of a dotted name on its own
        for part in _DOT_SPLIT.split(name) if has_middle_dot(name) else ():
            if len(part) >= 2:
                text = text.replace(part, person_name(part))
    return text

"""Removing personal data from text for publication (公示) and for the bureau's package.

    mask_id_numbers(text)  18/15-digit resident ID numbers → 2101**********123X (package)
    redact_text(text)      ID numbers, phone numbers, bank accounts and addresses → ***
    person_name(name)      张三 → 张某, 欧阳娜娜 → 欧阳某; organisations are kept
    is_organisation(name, party_id)

The patterns are deliberately greedy on what looks like personal data: publishing one
number too few is worse than hiding one too many.
"""

from __future__ import annotations

import re

REMOVED = "***"
_COMPOUND = (
    "欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 钟离 单于 太史 "
    "司空 司寇 澹台 公冶 宗政 濮阳 淳于 太叔 申屠 仲孙 闾丘 端木 百里 东郭 南宫 西门 呼延 羊舌 万俟 "
    "拓跋 赫连 闻人 巫马 公西 漆雕 乐正 壤驷 公良 谷梁 宰父 夹谷 段干 左丘 东门 梁丘 微生 公羊 亓官 "
    "鲜于 颛孙 子车 第五 独孤")
COMPOUND_SURNAMES = frozenset(_COMPOUND.split())
ORG_WORDS = ("公司", "有限", "集团", "厂", "店", "行", "中心", "合作社", "协会", "学会", "商会", "委员会", "医院",
             "诊所", "药房", "学校", "学院", "大学", "幼儿园", "事务所", "经营部", "门市", "超市", "市场", "酒店",
             "宾馆", "饭店", "餐馆", "餐厅", "工作室", "农场", "养殖场", "加工", "网吧", "会所", "俱乐部", "银行",
             "局", "院", "所", "站", "队", "部", "社", "馆", "场", "园", "坊", "城", "处", "办")
_FULLWIDTH = str.maketrans("０１２３４５６７８９ｘＸ－", "0123456789xX-")
_ID18 = r"[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]"
_ID15 = r"[1-9]\d{7}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}"
ID_RE = re.compile(rf"(?<![0-9A-Za-z])(?:{_ID18}|{_ID15})(?![0-9A-Za-z])")
_LABELLED_NUMBER = re.compile(
    r"((?:身份证号码|身份证号|身份证|证件号码|证件号|公民身份号码|联系电话|电话号码|电话|手机号码|手机号|手机|座机|"
    r"联系方式|银行账号|银行卡号|银行账户|开户账号|账号|帐号|卡号|账户)\s*(?:为|是)?\s*[:：]?\s*)"
    r"[0-9Xx](?:[\s-]?[0-9Xx]){5,40}")
_MOBILE = re.compile(r"(?<!\d)(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}(?!\d)")
_LANDLINE = re.compile(r"(?<!\d)(?:\(0\d{2,3}\)|0\d{2,3}[\s-])\s?\d{7,8}(?:-\d{1,5})?(?!\d)")
_BANK = re.compile(r"(?<!\d)(?:\d{4}[\s-]){3,4}\d{1,7}(?!\d)|(?<!\d)\d{12,30}(?!\d)")
_ADDRESS_LABEL = re.compile(
    r"((?:家庭住址|联系地址|通讯地址|经营地址|经营场所|户籍地址|户籍地|居住地址|居住地|住所地|住所|住址|地址|现住|家住)"
    r"\s*(?:为|是|位于|在|于)?\s*[:：]?\s*)[^，,。；;）)\s]{2,60}")
# A street and number (中华路12号3单元501室) with up to 20 characters of place before it; the part
# up to the first lead-in word (在, 于, 位于 …) is kept. Bounded quantifiers only: no backtracking blow-up.
_ADDRESS = re.compile(
    r"[\u4e00-\u9fff]{1,20}?(?:大街|大道|路|街|巷|胡同|弄|村|屯|小区|花园|公寓|大厦|社区)"
    r"[\d一二三四五六七八九十百零]{1,6}(?:号|弄|组|栋|幢|号楼)"
    r"(?:[\d一二三四五六七八九十]{1,6}(?:号楼|栋|幢|单元|层|楼|室|号|户)){0,4}(?:-\d{1,6}){0,3}")
_LEAD_IN = re.compile(r"^.*?(?:位于|坐落于|坐落在|在|于|住|至|到|从|向|系|:|：)")


def normalise_digits(text: str) -> str:
    return text.translate(_FULLWIDTH)


def _mask_one(m: re.Match[str]) -> str:
    s = m.group(0)
    return s[:4] + "*" * (len(s) - 8) + s[-4:]


def mask_id_numbers(text: str) -> str:
    """Resident ID numbers masked to their first and last four characters (2101**********123X)."""
    return ID_RE.sub(_mask_one, text) if text else text


def _address(m: re.Match[str]) -> str:
    s = m.group(0)
    lead = _LEAD_IN.match(s)
    return (lead.group(0) if lead else "") + REMOVED


def redact_text(text: str) -> str:
    """ID numbers, mobile and landline numbers, bank accounts and addresses replaced by ***."""
    if not text:
        return text
    t = normalise_digits(str(text))
    t = _LABELLED_NUMBER.sub(lambda m: m.group(1) + REMOVED, t)
    t = _ADDRESS_LABEL.sub(lambda m: m.group(1) + REMOVED, t)
    t = ID_RE.sub(REMOVED, t)
    t = _MOBILE.sub(REMOVED, t)
    t = _LANDLINE.sub(REMOVED, t)
    t = _BANK.sub(REMOVED, t)
    return _ADDRESS.sub(_address, t)


def is_organisation(name: str, party_id: str = "") -> bool:
    """An organisation (kept in full) rather than a natural person: by its ID (a resident ID → a
    person; an 18-character credit code → an organisation), else by words such as 公司 or 店."""
    pid = normalise_digits((party_id or "").strip()).upper()
    if ID_RE.fullmatch(pid):
        return False
    if len(pid) == 18 and re.fullmatch(r"[0-9A-HJ-NPQRTUWXY]{18}", pid) and not pid.isdigit():
        return True
    return any(w in name for w in ORG_WORDS) and len(name) > 3


def person_name(name: str) -> str:
    """A natural person's name reduced to surname + 某 (compound surnames keep both characters;
    a name with a middle dot — 买买提·吐尔逊 — keeps its first character)."""
    name = (name or "").strip()
    if not name:
        return ""
    if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES:
        return name[:2] + "某"
    return name[0] + "某"


_SPLIT = re.compile(r"([、，,；;])")


def _is_person_id(party_id: str) -> bool:
    return ID_RE.fullmatch(normalise_digits((party_id or "").strip())) is not None


def _people(party: str, party_id: str) -> list[str]:
    """The natural persons named in `party` (several may be listed with 、 or ，)."""
    parts = [p.strip() for p in _SPLIT.split(party) if p.strip() and not _SPLIT.fullmatch(p)]
    if _is_person_id(party_id):  # a resident ID: natural persons, whatever the names look like
        return parts
    if is_organisation(party, party_id):
        return []
    return [p for p in parts if not is_organisation(p)]


def publish_party(party: str, party_id: str = "") -> str:
    """The party as published: organisations kept, each natural person reduced to surname + 某."""
    party = (party or "").strip()
    people = set(_people(party, party_id))
    return redact_text("".join(person_name(p.strip()) if p.strip() in people else p for p in _SPLIT.split(party)))


def replace_names(text: str, party: str, party_id: str = "") -> str:
    """`text` with the party's natural persons' full names replaced as in publish_party."""
    if not text or not party:
        return text
    for p in sorted(set(_people(party.strip(), party_id)), key=len, reverse=True):
        if len(p) >= 2:
            text = text.replace(p, person_name(p))
    return text

"""Who a party is: a natural person or an organisation, decided by the ID and the stated kind.

    id_kind(party_id)              → PERSON | INDIVIDUAL_BUSINESS | ORGANISATION | UNKNOWN
    looks_like_organisation(name)  the fallback when neither ID nor kind says: 公司, 面馆 …
    person_name(name)              张三 → 张某, 欧阳娜娜 → 欧阳某, 买买提·吐尔逊 → 买某
    COMPOUND_SURNAMES, MIDDLE_DOTS

The ID decides first: an 18-digit (or old 15-digit) resident ID means a person; an 18-character
统一社会信用代码 means an organisation, except a code whose second character is 2 (登记管理部门
码 9, 类别 2: 个体工商户), which counts as a natural person for masking (双公示: 个体工商户 without
a 字号 is published like a person). Words in the name are only a fallback, and a weak one: a
single 城, 园 or 行 is an ordinary given name (司马文城, 上官小园, 欧阳建行).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from datetime import date
from enum import Enum
from itertools import accumulate


class IdKind(Enum):
    PERSON = "person"
    INDIVIDUAL_BUSINESS = "individual_business"
    ORGANISATION = "organisation"
    UNKNOWN = "unknown"


_COMPOUND = (
    "欧阳 司马 诸葛 上官 东方 皇甫 尉迟 公孙 慕容 长孙 宇文 司徒 夏侯 轩辕 令狐 钟离 单于 太史 "
    "司空 司寇 澹台 公冶 宗政 濮阳 淳于 太叔 申屠 仲孙 闾丘 端木 百里 东郭 南宫 西门 呼延 羊舌 万俟 "
    "拓跋 赫连 闻人 巫马 公西 漆雕 乐正 壤驷 公良 谷梁 宰父 夹谷 段干 左丘 东门 梁丘 微生 公羊 亓官 "
    "鲜于 颛孙 子车 第五 独孤")
COMPOUND_SURNAMES = frozenset(_COMPOUND.split())
# Every dot people type between the parts of a minority name (U+00B7, U+2022, U+30FB, U+FF0E,
# ASCII full stop, the hyphens, U+2027, U+2219, U+22C5, U+FF65).
MIDDLE_DOTS = "·•・．.-‐‑－‧∙⋅･"

# Words no given name contains: enough on their own to call a name an organisation.
_STRONG = (
    "公司 有限 合伙 集团 合作社 联社 协会 学会 商会 委员会 医院 卫生院 卫生室 诊所 门诊 药房 药店 学校 学院 大学 "
    "中学 小学 幼儿园 培训 事务所 经营部 服务部 门市 商店 商行 商贸 商场 超市 市场 酒店 宾馆 旅馆 旅店 饭店 "
    "餐馆 餐厅 饭馆 面馆 酒楼 酒家 食府 烧烤 火锅 工作室 农场 林场 养殖 种植 加工 网吧 网咖 会所 俱乐部 银行 "
    "支行 分行 车行 汽修 维修 美容 美发 理发 浴池 洗浴 歌厅 影院 书店 印刷 广告 装饰 建材 建筑 工程 物业 物流 "
    "运输 快递 科技 贸易 实业 中心 政府 办事处 居委会 村委会 管委会 项目部 专卖 批发 零售 加油站 厂 店 局")
STRONG_ORG_WORDS = tuple(_STRONG.split())
# The words as one alternation: `search` finds any of them in one scan of the name, where testing
# each word in turn costs a hundred scans (the audit asks this for every case without a party ID).
_STRONG_ANY = re.compile("|".join(map(re.escape, STRONG_ORG_WORDS)))
# Suffixes that mark an organisation only in a longer name: 5+ characters (no dot) ending in one.
_WEAK_SUFFIXES = "行院所站队部社馆场园坊城处办庄铺吧楼"
_PLACE = re.compile(r"[省市区县旗镇乡]")
_SPACES = re.compile(r"\s+")

_ID18 = r"[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx]"
_ID15 = r"[1-9]\d{7}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}"
RESIDENT_ID = re.compile(rf"(?:{_ID18}|{_ID15})")
_CREDIT_CODE = re.compile(r"[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}")
_ORG_CODE = re.compile(r"[0-9A-Z]{8}-?[0-9X]")
_FULLWIDTH = str.maketrans("０１２３４５６７８９ｘＸ－", "0123456789xX-")


def _birth_date_ok(digits: str) -> bool:
    """The birth date inside a resident ID is a real date (19700230 is not)."""
    born = digits[6:14] if len(digits) == 18 else "19" + digits[6:12]
    try:
        date(int(born[:4]), int(born[4:6]), int(born[6:]))
    except ValueError:
        return False
    return True


def is_resident_id(text: str) -> bool:
    pid = _SPACES.sub("", (text or "").translate(_FULLWIDTH)).upper()
    return RESIDENT_ID.fullmatch(pid) is not None and _birth_date_ok(pid)


def id_kind(party_id: str) -> IdKind:
    """What the party's ID says about who the party is."""
    pid = _SPACES.sub("", (party_id or "").translate(_FULLWIDTH)).upper()
    if not pid:
        return IdKind.UNKNOWN
    if is_resident_id(pid):
        return IdKind.PERSON
    if pid.isdigit():  # 18 digits but no real birth date: a mistyped ID as likely as a code
        return IdKind.UNKNOWN
    if len(pid) == 18 and _CREDIT_CODE.fullmatch(pid):
        return IdKind.INDIVIDUAL_BUSINESS if pid[:2] == "92" else IdKind.ORGANISATION
    if _ORG_CODE.fullmatch(pid):
        return IdKind.ORGANISATION
    return IdKind.UNKNOWN


def has_middle_dot(name: str) -> bool:
    return any(d in name for d in MIDDLE_DOTS)


def looks_like_organisation(name: str) -> bool:
    """An organisation by its name alone (used only when no ID or stated kind decides)."""
    name = _SPACES.sub("", name or "")
    if _STRONG_ANY.search(name) is not None:
        return True
    if has_middle_dot(name) or len(name) < 5:
        return False
    return name[-1] in _WEAK_SUFFIXES or _PLACE.search(name[:-1]) is not None


_DOT_ANY = re.compile("[" + re.escape(MIDDLE_DOTS) + "]")


def looks_like_organisations(names: Sequence[str]) -> list[bool]:
    """`looks_like_organisation` of each name, told in one scan of them all joined by NUL (no
    word, dot, place or space is or spans one): the audit asks it of every case of no stated
    kind and no ID, tens of thousands a run."""
    joined = "\0".join(names)
    if not names or joined.count("\0") != len(names) - 1:  # a name holding a NUL: one at a time
        return [looks_like_organisation(n) for n in names]
    flat = _SPACES.sub("", joined)
    parts = flat.split("\0")
    starts = [0, *accumulate(len(p) + 1 for p in parts)]

    def found(pattern: re.Pattern[str], last: bool = True) -> set[int]:
        """The names `pattern` is found in (before their last character, unless `last`)."""
        out = set()
        for m in pattern.finditer(flat):
            i = bisect_right(starts, m.start()) - 1
            if last or m.start() < starts[i] + len(parts[i]) - 1:
                out.add(i)
        return out

    strong, dotted, placed = found(_STRONG_ANY), found(_DOT_ANY), found(_PLACE, last=False)
    return [i in strong or (i not in dotted and len(p) >= 5 and (p[-1] in _WEAK_SUFFIXES or i in placed))
            for i, p in enumerate(parts)]


def person_name(name: str) -> str:
    """A natural person's name reduced to surname + 某 (compound surnames keep both characters;
    a name with a middle dot — 买买提·吐尔逊 — keeps its first character)."""
    name = _SPACES.sub("", name or "")
    if not name:
        return ""
    if len(name) >= 3 and name[:2] in COMPOUND_SURNAMES:
        return name[:2] + "某"
    return name[0] + "某"

"""Removing addresses and house numbers from text for publication.

    remove_addresses(text) → labelled addresses (住址：…), street-and-number addresses
                             (中华路12号3单元501室) and bare house numbers (58-6号, 12号楼3单元401, 5-2-301)
                             replaced by ***

A bare `12号` is not removed: it is how case numbers (沈环罚〔2019〕12号, 第12号) end. A number
is a house number when it has a dash before 号 (58-6号) or a building part (号楼, 栋, 幢, 单元,
室) — and never right after 〕, 第 or a bracket, where a case number's serial stands, nor
year-dash-serial (2019-12号).
"""

from __future__ import annotations

import re

REMOVED = "***"
_ADDRESS_LABEL = re.compile(
    r"((?:家庭住址|联系地址|通讯地址|经营地址|经营场所|户籍地址|户籍地|居住地址|居住地|住所地|住所|住址|地址|现住|家住)"
    r"\s*(?:为|是|位于|在|于)?\s*[:：]?\s*)[^，,。；;）)\s]{2,60}")
_NUMBER = r"[\d一二三四五六七八九十百零]{1,6}(?:-\d{1,6}){0,3}"
# A street and number (中华路12号3单元501室) with up to 20 characters of place before it; the part
# up to the first lead-in word (在, 于, 位于 …) is kept. Bounded quantifiers only: no backtracking blow-up.
_ADDRESS = re.compile(
    r"[\u4e00-\u9fff]{1,20}?(?:大街|大道|路|街|巷|胡同|弄|村|屯|小区|花园|公寓|大厦|社区)"
    rf"{_NUMBER}(?:号楼|号院|号|弄|组|栋|幢)"
    r"(?:\d{1,6}(?:-\d{1,6}){0,3}(?:号楼|栋|幢|单元|层|楼|室|号|户)|[一二三四五六七八九十]{1,3}(?:号楼|栋|幢|单元|层|楼|室)){0,4}"
    r"(?:-?\d{1,6}(?:-\d{1,6}){0,3}(?:室|户)?)?")
_LEAD_IN = re.compile(r"^.*?(?:位于|坐落于|坐落在|在|于|住|至|到|从|向|系|:|：)")
# A chain of numbered building parts: 58-6号, 12号楼3单元401, 3栋2单元501室, 5-2-301室.
_PART = r"(?:号楼|号院|栋|幢|单元|层|楼|室|户|号)"
_HOUSE = re.compile(
    rf"(?<![\d第〕\]］)）】\-])(?:\d{{1,5}}(?:-\d{{1,5}}){{0,3}}{_PART}){{1,5}}(?:\d{{1,5}}(?:-\d{{1,5}}){{0,3}})?")
# Building-unit-room with no words: 5-2-301 (a date has a 4-digit year first: 2019-03-05).
_BUILDING_UNIT_ROOM = re.compile(r"(?<![\d第\-.．/])\d{1,3}-\d{1,2}-(?!(?:19|20)\d\d(?!\d))\d{3,4}(?![\d\-])")
_BUILDING = re.compile(r"号楼|号院|栋|幢|单元|室|-")


def _address(m: re.Match[str]) -> str:
    s = m.group(0)
    lead = _LEAD_IN.match(s)
    return (lead.group(0) if lead else "") + REMOVED


_YEAR_SERIAL = re.compile(r"(?:19|20)\d{2}-\d{1,5}号")  # 沈环罚2019-12号: a case number, not a house


def _house(m: re.Match[str]) -> str:
    s = m.group(0)
    return REMOVED if _BUILDING.search(s) and not _YEAR_SERIAL.fullmatch(s) else s


def remove_addresses(text: str) -> str:
    if not text:
        return text
    text = _ADDRESS_LABEL.sub(lambda m: m.group(1) + REMOVED, text)
    text = _ADDRESS.sub(_address, text)
    text = _HOUSE.sub(_house, text)
    return _BUILDING_UNIT_ROOM.sub(REMOVED, text)

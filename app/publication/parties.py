"""Reading the party field: which pieces of it are natural persons' names.

    party_parts(party, party_id) → [(text, is_person), …]   joined back, they are the field
    party_people(party, party_id) → the persons' names, as written

A party field is often more than a name: a role (张三（个体工商户）, 个体工商户李四, 经营者：王五),
several people (张三、李四 / 张三 李四 / 张三/李四), a place written apart from the company
(沈阳市 某某有限公司), or a name typed with a space (张 三). Each name piece is decided on its own:
a stated role or kind first, then the ID (app.domain.persons.id_kind), then — only when neither
says — the name's words. A 个体工商户 that trades under a 字号 (老四季面馆) keeps the 字号.
"""

from __future__ import annotations

import re

from app.domain.persons import COMPOUND_SURNAMES, IdKind, id_kind, looks_like_organisation

# Longest first: 个体工商户 before 个体户, 法定代表人 before 法人.
PERSON_ROLES = ("个体工商户", "个体经营者", "个体户", "经营者", "经营户", "业主", "店主", "户主", "自然人",
                "法定代表人", "法人代表", "负责人", "当事人")
ORGANISATION_ROLES = ("法人及非法人组织", "非法人组织", "法人", "单位", "企业")
_ROLE = "|".join(PERSON_ROLES + ORGANISATION_ROLES)
_PREFIX_ROLE = re.compile(rf"^\s*(?:{_ROLE})\s*[：:]?\s*")
_BRACKET_ROLE = re.compile(rf"^\s*((?:{_ROLE})\s*[：:]?\s*)(.*)$", re.S)
_OPEN, _CLOSE = "（(【[〔［", "）)】]〕］"
_SEPARATORS = "、，,；;/／|｜"
_NAME_CHAR = re.compile(r"[\u3400-\u9fffA-Za-z]")
_SEVERAL_MORE = re.compile(r"\s*等(?:[\d一二两三四五六七八九十]+(?:人|名|户))?$")
_PLACE_ONLY = re.compile(r"^[\u4e00-\u9fff]{2,12}(?:省|市|区|县|旗|镇|乡|街道)$")

Parts = list[tuple[str, bool]]


def _split_top_level(text: str) -> list[str]:
    """Pieces and separators alternately, splitting only outside brackets (the "http://x" of a
    formula-like name stays whole)."""
    out, start, depth = [], 0, 0
    for i, ch in enumerate(text):
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth = max(0, depth - 1)
        elif ch in _SEPARATORS and depth == 0:
            out += [text[start:i], ch]
            start = i + 1
    out.append(text[start:])
    return out


def _trailing_bracket(piece: str) -> tuple[str, str, str, str] | None:
    """`张三（个体工商户）` → ("张三", "（", "个体工商户", "）"), when the piece ends in a bracket."""
    if not piece or piece[-1] not in _CLOSE:
        return None
    depth = 0
    for i in range(len(piece) - 1, -1, -1):
        if piece[i] in _CLOSE:
            depth += 1
        elif piece[i] in _OPEN:
            depth -= 1
            if depth == 0:
                return piece[:i], piece[i], piece[i + 1:-1], piece[-1]
    return None


def _role_kind(role: str) -> str:
    role = role.strip(" ：:")
    return "org" if role in ORGANISATION_ROLES else "person"


def _is_person(name: str, kind: IdKind, role: str, several: bool) -> bool:
    if not _NAME_CHAR.search(name):
        return False
    if role == "org":
        return False
    if role == "person":  # a stated person; a 个体工商户's 字号 is still kept
        return not looks_like_organisation(name)
    if kind is IdKind.PERSON:
        return True
    if kind is IdKind.ORGANISATION and not several:
        return False
    return not looks_like_organisation(name)


def _spaced_name(words: list[str]) -> bool:
    """张 三丰, 司马 文城: one name with its surname typed apart, not two people."""
    return len(words) == 2 and (len(words[0]) == 1 or words[0] in COMPOUND_SURNAMES) and len("".join(words)) <= 4


def _name_parts(core: str, kind: IdKind, role: str, several: bool) -> Parts:
    """A name piece with no role left in it; whitespace may join several people."""
    words = list(re.finditer(r"\S+", core))
    texts = [w.group(0) for w in words]
    if len(words) <= 1 or kind is IdKind.ORGANISATION or all(len(t) == 1 for t in texts) or _spaced_name(texts):
        return [(core, _is_person(core, kind, role, several))]
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        j = i  # places written apart from the company after them (沈阳市 和平区 某某有限公司) go with it
        while j + 1 < len(words) and _PLACE_ONLY.match(texts[j]):
            j += 1
        if j == i or not looks_like_organisation(texts[j]):
            j = i
        spans.append((words[i].start(), words[j].end()))
        i = j + 1
    parts: Parts = []
    at = 0
    for s, e in spans:
        if s > at:
            parts.append((core[at:s], False))
        parts.append((core[s:e], _is_person(core[s:e], kind, role, True)))
        at = e
    if at < len(core):
        parts.append((core[at:], False))
    return parts


def _piece_parts(piece: str, kind: IdKind, several: bool, role: str = "") -> Parts:
    parts: Parts = []
    tail: Parts = []
    bracket = _trailing_bracket(piece)
    if bracket and bracket[0].strip():
        head, opening, inner, closing = bracket
        m = _BRACKET_ROLE.match(inner)
        if m and m.group(2).strip():  # 某某面馆（经营者：张三）: the role is the inner name's
            tail = [(opening + m.group(1), False), *_piece_parts(m.group(2), kind, True, _role_kind(m.group(1))),
                    (closing, False)]
            piece = head
        elif m:  # 张三（个体工商户）
            role = role or _role_kind(m.group(1))
            tail = [(opening + inner + closing, False)]
            piece = head
        elif not (looks_like_organisation(inner) and len(inner) <= 6):  # 某某（集团） is one name
            tail = [(opening + inner + closing, False)]  # 张三（男，汉族）: the name is before it
            piece = head
    m = _PREFIX_ROLE.match(piece)
    if m and m.end() < len(piece):
        role = role or _role_kind(m.group(0))
        parts.append((m.group(0), False))
        piece = piece[m.end():]
    m = _SEVERAL_MORE.search(piece)
    if m and m.start() > 0:  # 张三等3人
        tail.insert(0, (m.group(0), False))
        piece = piece[:m.start()]
    return parts + _name_parts(piece, kind, role, several) + tail


def party_parts(party: str, party_id: str = "") -> Parts:
    """The party field cut into pieces, each marked whether it is a natural person's name."""
    kind = id_kind(party_id)
    pieces = _split_top_level(party or "")
    several = len(pieces) > 1
    parts: Parts = []
    for i, piece in enumerate(pieces):
        if i % 2:  # a separator
            parts.append((piece, False))
        elif piece.strip():
            parts += _piece_parts(piece, kind, several)
        elif piece:
            parts.append((piece, False))
    return parts


def party_people(party: str, party_id: str = "") -> list[str]:
    """The natural persons named in the party field, longest first, each once."""
    names = dict.fromkeys(text.strip() for text, person in party_parts(party, party_id) if person and text.strip())
    return sorted(names, key=len, reverse=True)  # 张三丰 before 张三; otherwise in the field's order

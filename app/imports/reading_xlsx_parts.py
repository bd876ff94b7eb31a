"""The parts of an .xlsx the streaming reader needs besides the sheet: which cell styles show a
date or a duration, the shared strings, and the workbook's date system.

The reader of normal-sized sheets (calamine) decides what a number cell means from its style's
number format; the streaming reader (reading_stream.py) must decide exactly as it does, or one
sheet would read differently depending on its size. So the rules here are calamine's: the
built-in formats 14–22, 45 and 47 are dates or times, 46 (`[h]:mm:ss`) is a duration, and a
custom format is a date when its first section holds a d, m, y, h or s outside quotes, brackets
and escapes (or an a/p marker followed by m, p or /), a duration when it holds `[h]`, `[m]`
or `[s]`. The built-in CJK formats (27–36, 50–58) are not dates to calamine, so not here.

Every part is size-checked by reading_zip before this reads it; styles and the workbook are
parsed with defusedxml, strings with the same regular expressions as the sheet's inline strings
(calamine accepts character references an XML parser refuses, so a parser would refuse files
calamine reads).
"""

from __future__ import annotations

import re
import zipfile
import zlib
from enum import Enum
from typing import Any

from defusedxml import ElementTree

from app.errors import BadFileError
from app.imports.limits import MB
from app.imports.reading_zip import DAMAGED

_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_SI = re.compile(rb"<si\b[^>]*?(?:/>|>(.*?)</si>)", re.S)
_TEXT = re.compile(rb"<t(\s[^>]*)?(?:/>|>(.*?)</t>)", re.S)
_PHONETIC = re.compile(rb"<rPh\b.*?</rPh>", re.S)
_ENTITY = re.compile(r"&(#[0-9]+|#x[0-9A-Fa-f]+|amp|lt|gt|quot|apos);")
_ENTITIES = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


class NumberKind(Enum):
    NUMBER = 0
    DATE = 1  # a date, a time or both, by the value
    DURATION = 2


_BUILTIN = {**{i: NumberKind.DATE for i in (*range(14, 23), 45, 47)}, 46: NumberKind.DURATION}
_TOKENS = frozenset("dmyhsDMYHS")
_HMS = frozenset("hmsHMS")


def format_kind(code: str) -> NumberKind:
    """What a custom number format code shows, as calamine reads it (see the module doc)."""
    escaped = quoted = after_ap = hms = False
    brackets = 0
    prev = " "
    for ch in code:
        if escaped:
            escaped = False
        elif ch in "_\\*":
            escaped = True  # the next character is a literal
        elif quoted:
            quoted = ch != '"'
        elif ch == '"':
            quoted = True
        elif ch == ";":
            return NumberKind.NUMBER  # only the first section counts
        elif ch == "[":
            brackets += 1
        elif ch == "]":
            if brackets == 1 and hms:
                return NumberKind.DURATION
            brackets = max(brackets - 1, 0)
        elif brackets == 0 and not after_ap and ch in "aA":
            after_ap = True
        elif brackets == 0 and ch in ("pmPM/" if after_ap else _TOKENS):
            return NumberKind.DATE  # after an a (of AM/PM) only m, p or / make it a time
        elif not (hms and ch.lower() == prev.lower()):
            hms = prev == "[" and ch in _HMS
        prev = ch
    return NumberKind.NUMBER


def style_kinds(zf: zipfile.ZipFile, name: str) -> list[NumberKind]:
    """The NumberKind of each cell style (`s="3"` → index 3), from xl/styles.xml."""
    root = _parse(zf, "xl/styles.xml", name)
    if root is None:
        return []
    custom: dict[int, NumberKind] = {}
    kinds: list[NumberKind] = []
    for el in root:
        if el.tag == _MAIN + "numFmts":
            for fmt in el:
                try:
                    custom[int(fmt.get("numFmtId", ""))] = format_kind(fmt.get("formatCode", ""))
                except ValueError:
                    continue
        elif el.tag == _MAIN + "cellXfs":
            for xf in el:
                try:
                    fid = int(xf.get("numFmtId", "0"))
                except ValueError:
                    fid = 0
                kinds.append(custom.get(fid, _BUILTIN.get(fid, NumberKind.NUMBER)))
    return kinds


def shared_strings(zf: zipfile.ZipFile, name: str) -> list[str]:
    """The shared string table: each `<si>`'s text (its runs joined, phonetic hints left out),
    read off the part as it is inflated, with the same rules as inline strings (string_text)."""
    try:
        info = zf.getinfo("xl/sharedStrings.xml")
    except KeyError:
        return []
    out: list[str] = []
    try:
        with zf.open(info) as f:
            carry = b""
            while block := f.read(4 * MB):
                data = carry + block if carry else block
                cut = data.rfind(b"</si>")
                if cut < 0:
                    carry = data
                    continue
                out += (string_text(m.group(1) or b"") for m in _SI.finditer(data, 0, cut + 5))
                carry = data[cut + 5:]
            if carry:
                out += (string_text(m.group(1) or b"") for m in _SI.finditer(carry))
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError) as exc:
        raise BadFileError(DAMAGED.format(name=name, why=exc)) from exc
    return out


def string_text(item: bytes) -> str:
    """The text of a string item's content (`<si>…</si>`, `<is>…</is>`): its `<t>`, or its runs'
    `<t>` joined, phonetic hints (`<rPh>`) left out; each `<t>` read by xml_text."""
    if b"<rPh" in item:
        item = _PHONETIC.sub(b"", item)
    return "".join(xml_text(m.group(2) or b"", trim=b'xml:space="preserve"' not in (m.group(1) or b""))
                   for m in _TEXT.finditer(item))


def xml_text(raw: bytes, *, trim: bool) -> str:
    """Text as it stands in the XML, read as calamine reads it: line ends as an XML parser
    normalises them, entities and character references replaced, a `<t>` without
    xml:space="preserve" stripped of XML white space, then Office's `_x000D_` escapes undone."""
    text = raw.decode("utf-8", "replace")
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if "&" in text:
        text = _ENTITY.sub(_entity, text)
    if trim:
        text = text.strip(" \t\n\r")
    return _ESCAPE.sub(_office_char, text) if "_x" in text else text


def _entity(m: re.Match[str]) -> str:
    name = m.group(1)
    if name[0] != "#":
        return _ENTITIES[name]
    try:
        return chr(int(name[2:], 16) if name[1] == "x" else int(name[1:]))
    except (ValueError, OverflowError):
        return m.group(0)


def _office_char(m: re.Match[str]) -> str:
    return chr(int(m.group(1), 16))  # `_x000D_` → CR; `_x005F_` is the `_` itself


def uses_1904(zf: zipfile.ZipFile, name: str) -> bool:
    """Whether the workbook counts dates from 1904 (old Mac workbooks)."""
    root = _parse(zf, "xl/workbook.xml", name)
    if root is None:
        return False
    pr = root.find(_MAIN + "workbookPr")
    return pr is not None and pr.get("date1904", "").lower() in ("1", "true")


def _parse(zf: zipfile.ZipFile, part: str, name: str) -> Any:
    try:
        data = zf.read(part)
    except KeyError:
        return None
    try:
        return ElementTree.fromstring(data)
    except Exception as exc:  # noqa: BLE001 - defusedxml raises several unrelated types
        raise BadFileError(DAMAGED.format(name=name, why=exc)) from exc

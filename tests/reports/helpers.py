"""Reading the outputs back for real, with pip-installed readers only: pypdfium2 for the text and the
page count, pypdf for the fonts and whether they are embedded, calamine for the spreadsheets.

The names and return shapes are those of the poppler tools they replace (pdffonts, pdftotext,
pdfinfo), so `make test` needs no system PDF tools.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
from pypdf import PdfReader
from pypdf.generic import DictionaryObject, IndirectObject
from python_calamine import CalamineWorkbook

# What pdffonts prints in its "type" column for each font subtype (simple fonts) or for the
# descendant CIDFont of a Type0 font.
_SIMPLE_TYPES = {"/Type1": "Type 1", "/MMType1": "Type 1", "/TrueType": "TrueType", "/Type3": "Type 3"}
_CID_TYPES = {"/CIDFontType0": "CID Type 0", "/CIDFontType2": "CID TrueType"}
_FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


def _resolve(obj: Any) -> Any:
    return obj.get_object() if isinstance(obj, IndirectObject) else obj


def _has_font_file(font: DictionaryObject) -> bool:
    descriptor = _resolve(font.get("/FontDescriptor"))
    return isinstance(descriptor, DictionaryObject) and any(k in descriptor for k in _FONT_FILES)


def _describe(font: DictionaryObject) -> dict[str, str]:
    """One pdffonts row: the base font name, its type and whether its glyphs are in the file."""
    subtype = str(font.get("/Subtype", ""))
    name = str(font.get("/BaseFont", "[none]")).lstrip("/")
    if subtype == "/Type0":
        descendants = _resolve(font.get("/DescendantFonts")) or []
        cid = _resolve(descendants[0]) if len(descendants) else DictionaryObject()
        kind = _CID_TYPES.get(str(cid.get("/Subtype", "")), "CID unknown")
        embedded = _has_font_file(cid)
    elif subtype == "/Type3":
        kind, embedded = "Type 3", True  # its glyphs are content streams inside the PDF itself
    else:
        kind = _SIMPLE_TYPES.get(subtype, subtype.lstrip("/") or "unknown")
        embedded = _has_font_file(font)
    return {"name": name, "type": kind, "emb": "yes" if embedded else "no"}


def _resource_dicts(resources: Any, seen: set[int]) -> Iterator[DictionaryObject]:
    """A resource dictionary and those of the form XObjects it uses, each once (forms can nest)."""
    resources = _resolve(resources)
    if not isinstance(resources, DictionaryObject) or id(resources) in seen:
        return
    seen.add(id(resources))
    yield resources
    xobjects = _resolve(resources.get("/XObject"))
    if isinstance(xobjects, DictionaryObject):
        for ref in xobjects.values():
            xobject = _resolve(ref)
            if isinstance(xobject, DictionaryObject) and xobject.get("/Subtype") == "/Form":
                yield from _resource_dicts(xobject.get("/Resources"), seen)


def _appearance_resources(page: DictionaryObject) -> Iterator[Any]:
    """The resources of each annotation's normal appearance (a visible signature stamp, say)."""
    for ref in _resolve(page.get("/Annots")) or []:
        normal = _resolve((_resolve(_resolve(ref).get("/AP")) or {}).get("/N"))
        if isinstance(normal, DictionaryObject):
            states = [normal] if "/Resources" in normal or "/Subtype" in normal else \
                [_resolve(v) for v in normal.values()]
            for state in states:
                if isinstance(state, DictionaryObject):
                    yield state.get("/Resources")


def pdffonts(path: Path) -> list[dict[str, str]]:
    """Each font the pages (and their forms and annotation appearances) use, once: name, type, emb."""
    reader = PdfReader(str(path))
    fonts: dict[Any, dict[str, str]] = {}
    seen: set[int] = set()
    for page in reader.pages:
        for resources in [page.get("/Resources"), *_appearance_resources(page)]:
            for res in _resource_dicts(resources, seen):
                for ref in (_resolve(res.get("/Font")) or {}).values():
                    key = (ref.idnum, ref.generation) if isinstance(ref, IndirectObject) else id(ref)
                    if key not in fonts:
                        fonts[key] = _describe(_resolve(ref))
    return list(fonts.values())


def _page_texts(path: Path) -> list[str]:
    """pdfium's text of each page in drawing order, with plain newlines."""
    doc = pdfium.PdfDocument(str(path))
    try:
        texts = []
        for i in range(len(doc)):
            page = doc[i]
            textpage = page.get_textpage()
            try:
                texts.append(textpage.get_text_bounded().replace("\r\n", "\n").replace("\r", "\n"))
            finally:
                textpage.close()
                page.close()
        return texts
    finally:
        doc.close()


def pdftext(path: Path) -> str:
    """The text of every page, each ending in a form feed as pdftotext writes it. pdfium keeps the
    drawing order (like pdftotext -raw) and one space between cells on a line, so tests compare
    Chinese text after `squeeze`, never by columns."""
    return "".join(text + "\n\f" for text in _page_texts(path))


def pdfraw(path: Path) -> str:
    """The text in drawing order: each table cell's lines stay together."""
    return pdftext(path)


def pdfpages(path: Path) -> int:
    doc = pdfium.PdfDocument(str(path))
    try:
        return len(doc)
    finally:
        doc.close()


def page_texts(path: Path) -> list[str]:
    """The text of each page."""
    return _page_texts(path)


def squeeze(text: str) -> str:
    """Text without white space: wrapped cells come out over several lines."""
    return re.sub(r"\s+", "", text)


def sheet_rows(path: Path) -> list[list[Any]]:
    wb = CalamineWorkbook.from_path(str(path))
    return wb.get_sheet_by_index(0).to_python(skip_empty_area=False)


def assert_all_embedded(path: Path) -> None:
    fonts = pdffonts(path)
    assert fonts, f"{path.name}: no fonts at all"
    assert all(f["emb"] == "yes" for f in fonts), fonts
    assert not any("STSong" in f["name"] or "Helvetica" in f["name"] for f in fonts), fonts

"""Checks on a zipped workbook (.xlsx, .xlsm, .ods) before the reader is given it.

The zip directory says how big each part inflates to; a part over its limit, or one that
inflates more than MAX_RATIO times its compressed size (a zip bomb), is refused from the
directory alone. The parts the reader will load besides the sheets (workbook, styles, shared
strings) are then inflated here, in blocks, which also proves the directory told the truth:
zipfile stops at the declared size and a part that would inflate further fails its CRC.
"""

from __future__ import annotations

import zipfile
import zlib
from pathlib import Path

from app.errors import BadFileError
from app.imports.limits import (
    MAX_INFLATED_BYTES,
    MAX_PART_BYTES,
    MAX_RATIO,
    MAX_SHARED_STRINGS_BYTES,
    MAX_SMALL_PART_BYTES,
    MAX_ZIP_MEMBERS,
    MB,
    RATIO_FLOOR,
    size_text,
)

DAMAGED = "文件 {name} 已损坏或不完整（压缩结构无法读取：{why}），请重新复制或另存后再导入。"


def open_zip(path: Path) -> zipfile.ZipFile:
    """The zip directory of `path`, with every part's declared size within the limits."""
    name = path.name
    try:
        zf = zipfile.ZipFile(path)
        infos = zf.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, zlib.error, OSError, ValueError, EOFError) as exc:
        raise BadFileError(DAMAGED.format(name=name, why=exc)) from exc
    try:
        _check_directory(name, infos)
    except BaseException:
        zf.close()
        raise
    return zf


def _check_directory(name: str, infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_ZIP_MEMBERS:
        raise BadFileError(f"文件 {name} 内含 {len(infos)} 个部件，超过上限 {MAX_ZIP_MEMBERS} 个，不像是正常的表格文件。")
    total = 0
    for info in infos:
        size = info.file_size
        total += size
        limit = part_limit(info.filename)
        if size > limit:
            raise BadFileError(
                f"文件 {name} 中的部件 {info.filename} 解压后有 {size_text(size)}，超过上限 {size_text(limit)}。"
                "这样大的表格无法导入，请分成几个文件。"
            )
        if size > RATIO_FLOOR and size > MAX_RATIO * max(info.compress_size, 1):
            raise BadFileError(
                f"文件 {name} 中的部件 {info.filename} 压缩了 {size // max(info.compress_size, 1)} 倍"
                f"（上限 {MAX_RATIO} 倍），像是“压缩炸弹”而不是正常的表格，已拒绝读取。"
            )
    if total > MAX_INFLATED_BYTES:
        raise BadFileError(
            f"文件 {name} 解压后共有 {size_text(total)}，超过上限 {size_text(MAX_INFLATED_BYTES)}。"
            "请把表格分成几个文件分别导入。"
        )


def part_limit(member: str) -> int:
    """The inflated size allowed for one part, by what the reader does with it."""
    low = member.lower()
    if low.endswith("sharedstrings.xml"):
        return MAX_SHARED_STRINGS_BYTES
    if is_sheet_part(low) or low == "content.xml":
        return MAX_PART_BYTES
    if low.endswith((".xml", ".rels")):
        return MAX_SMALL_PART_BYTES
    return MAX_PART_BYTES  # pictures and the like, which the reader never inflates


def is_sheet_part(member: str) -> bool:
    low = member.lower()
    return low.startswith("xl/worksheets/") and low.endswith(".xml")


def verify_support_parts(zf: zipfile.ZipFile, name: str) -> None:
    """Inflate (and discard) every XML part the reader loads whole, proving its declared size."""
    for info in zf.infolist():
        low = info.filename.lower()
        if is_sheet_part(low) or low == "content.xml" or not low.endswith((".xml", ".rels")):
            continue  # sheets are inflated by their own scan; binary parts are never read
        inflate_all(zf, info, name)


def inflate_all(zf: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> None:
    try:
        with zf.open(info) as f:
            while f.read(4 * MB):
                pass
    except (zipfile.BadZipFile, zlib.error, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise BadFileError(DAMAGED.format(name=name, why=exc)) from exc

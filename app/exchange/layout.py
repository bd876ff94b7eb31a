"""The zip around the members, held to the one layout `package.write_zip` produces.

Verifying the members alone is not enough: a zip tool reads more than the members' bytes. A file
that carries bytes outside the members and the directory (a program prepended to make a
polyglot, an `evil.exe` hidden after the end record), a local header that tells another story
than the directory (method, sizes, CRC, name), a member marked as a symlink, executable or
setuid, or an extra field (the Info-ZIP Unicode-Path field 0x7075 makes `unzip` extract
`data.json` under another name) would pass a check of the members and still do harm when a
person opens the package with another tool. So every byte of the file must be accounted for:

    [local header + data] × n, in directory order from offset 0, back to back
    central directory (exactly the end record's size, right after the last member)
    end record (no comment), the last 22 bytes of the file

and each member's headers must be what the exporter writes: version 20, no flags but UTF-8
names (set exactly when the name is not ASCII), no data descriptor, no extra fields, no
comment, attributes `rw-r--r--` of a plain file, the local header equal to the directory's.
"""

from __future__ import annotations

import stat
import struct
import zipfile
from typing import IO

from app.exchange.errors import WHOLE_FILE, PackageRejected

LOCAL = struct.Struct("<4s5H3L2H")  # signature, version, flags, method, time, date, crc, csize, usize, nlen, elen
EOCD = struct.Struct("<4s4H2LH")  # signature, disk, cd disk, entries here, entries, cd size, cd offset, comment len
VERSION = 20  # what zipfile writes for stored and deflated members without ZIP64
ATTRIBUTES = 0o644 << 16  # package._info: a plain file, rw-r--r--
SYSTEMS = (0, 3)  # zipfile writes 0 (MS-DOS) on Windows and 3 (Unix) elsewhere
UTF8 = 0x800
DATA_DESCRIPTOR = 0x08


def _refuse_whole(check: str, detail: str) -> PackageRejected:
    return PackageRejected(WHOLE_FILE, check, detail)


def end_record(fh: IO[bytes], max_members: int) -> tuple[int, int, int]:
    """(entries, directory offset, directory size) from the end record, which must be the file's
    last 22 bytes and sit right after the directory. Read before zipfile loads the directory, so
    a directory of millions of entries is refused unread. ZIP64 is refused: packages stay far
    below its limits."""
    size = fh.seek(0, 2)
    tail_len = min(size, EOCD.size + 65_535)
    fh.seek(size - tail_len)
    tail = fh.read(tail_len)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) - at < EOCD.size:
        raise _refuse_whole("zip", "不是有效的 zip 压缩包（找不到目录结束记录）")
    _sig, disk, cd_disk, here, entries, cd_size, cd_offset, comment = EOCD.unpack_from(tail, at)
    if entries == 0xFFFF or cd_size == 0xFFFFFFFF or cd_offset == 0xFFFFFFFF:
        raise _refuse_whole("count", "使用 ZIP64 目录（成员数量或大小超出数据包的上限）")
    if entries > max_members:
        raise _refuse_whole("count", f"含 {entries} 个成员，超过上限 {max_members} 个")
    if cd_size > max_members * 2048:
        raise _refuse_whole("zip", f"的目录有 {cd_size} 字节，超过上限")
    eocd_at = size - tail_len + at
    trailing = size - (eocd_at + EOCD.size)
    if comment or trailing:
        raise _refuse_whole("layout", f"在目录结束记录之后还有 {trailing} 字节（压缩包注释或被附加的隐藏内容），"
                                      "本程序导出的数据包到目录结束记录为止")
    if disk or cd_disk or here != entries:
        raise _refuse_whole("layout", "是分卷压缩包（目录结束记录的分卷编号不为 0）")
    if entries == 0:
        raise _refuse_whole("zip", "是空的压缩包（没有任何成员）")
    if cd_offset + cd_size != eocd_at:
        raise _refuse_whole("layout", f"的目录位置与目录结束记录不符（目录应在第 {eocd_at - cd_size} 字节开始，"
                                      f"记录为第 {cd_offset} 字节）：文件前面被附加了内容，或目录之后有多余的字节")
    fh.seek(0)
    return entries, cd_offset, cd_size


def _attributes_problem(info: zipfile.ZipInfo) -> str | None:
    if info.external_attr == ATTRIBUTES and info.internal_attr == 0:
        return None
    mode = info.external_attr >> 16
    if stat.S_ISLNK(mode):
        return "被标记为符号链接，解压时会指向压缩包以外的位置"
    if mode & (stat.S_ISUID | stat.S_ISGID | stat.S_ISVTX):
        return f"带有 setuid/setgid/粘滞位（权限 {mode:o}）"
    if mode & 0o111:
        return f"被标记为可执行文件（权限 {mode:o}）"
    if stat.S_ISDIR(mode) or info.external_attr & 0x10:
        return "被标记为文件夹"
    return (f"的文件属性（外部 {info.external_attr:#010x}、内部 {info.internal_attr:#x}）与本程序导出的"
            f"（{ATTRIBUTES:#010x}）不同")


def canonical_member(info: zipfile.ZipInfo) -> None:
    """The directory record is what the exporter writes; PackageRejected naming the member."""
    name = info.orig_filename
    if info.extra:
        ids = ", ".join(f"0x{i:04x}" for i in _extra_ids(info.extra))
        raise PackageRejected(name, "extra", f"带有扩展字段（{ids}）：本程序导出的数据包不含扩展字段，"
                                             "其中如 0x7075（Unicode 路径）会使解压工具以另一个名称解压该成员")
    if info.comment:
        raise PackageRejected(name, "extra", "带有成员注释，本程序导出的数据包不含注释")
    problem = _attributes_problem(info)
    if problem:
        raise PackageRejected(name, "attributes", problem)
    if info.flag_bits & DATA_DESCRIPTOR:
        raise PackageRejected(name, "header", "使用了数据描述符（大小和 CRC 不在文件头中），本程序导出的数据包不使用")
    expected_flags = 0 if name.isascii() else UTF8
    if info.flag_bits != expected_flags:
        raise PackageRejected(name, "header", f"的标志位 {info.flag_bits:#06x} 与本程序导出的 {expected_flags:#06x} 不同"
                                              "（名称编码或其他选项）")
    if info.create_system not in SYSTEMS or info.create_version != VERSION or info.extract_version != VERSION \
            or info.reserved or info.volume:
        raise PackageRejected(name, "header", "的版本、系统或分卷字段与本程序导出的不同")


def _extra_ids(extra: bytes) -> list[int]:
    ids, at = [], 0
    while at + 4 <= len(extra):
        ident, size = struct.unpack_from("<2H", extra, at)
        ids.append(ident)
        at += 4 + size
    return ids or [0]


def _dos_time(info: zipfile.ZipInfo) -> tuple[int, int]:
    y, mo, d, h, mi, s = info.date_time
    return (h << 11) | (mi << 5) | (s // 2), ((y - 1980) << 9) | (mo << 5) | d


def raw_name(info: zipfile.ZipInfo) -> bytes:
    return info.orig_filename.encode("utf-8" if info.flag_bits & UTF8 else "cp437")


def local_header(fh: IO[bytes], info: zipfile.ZipInfo) -> int:
    """Check the member's local header against its directory record, field by field; returns
    where its data starts."""
    name = info.orig_filename
    fh.seek(info.header_offset)
    head = fh.read(LOCAL.size)
    if len(head) != LOCAL.size or head[:4] != b"PK\x03\x04":
        raise PackageRejected(name, "zip", "的本地文件头损坏")
    _sig, version, flags, method, dtime, ddate, crc, csize, usize, nlen, elen = LOCAL.unpack(head)
    if fh.read(nlen) != raw_name(info):
        raise PackageRejected(name, "header", "的本地文件头名称与目录不一致")
    if elen:
        raise PackageRejected(name, "extra", "的本地文件头带有扩展字段，本程序导出的数据包不含扩展字段")
    local = {"版本": version, "标志位": flags, "压缩方式": method, "时间": (dtime, ddate), "CRC": crc,
             "压缩后大小": csize, "原始大小": usize}
    central = {"版本": info.extract_version, "标志位": info.flag_bits, "压缩方式": info.compress_type,
               "时间": _dos_time(info), "CRC": info.CRC, "压缩后大小": info.compress_size, "原始大小": info.file_size}
    differing = [k for k in local if local[k] != central[k]]
    if differing:
        k = differing[0]
        raise PackageRejected(name, "header", f"的本地文件头与目录不一致（{'、'.join(differing)}；"
                                              f"本地为 {local[k]}，目录为 {central[k]}）")
    return info.header_offset + LOCAL.size + nlen


def contiguous(infos: list[zipfile.ZipInfo], starts: dict[str, int], cd_offset: int) -> None:
    """Members back to back from offset 0 in directory order, the last ending where the directory
    begins: no byte of the file belongs to nothing (nor to two members)."""
    at = 0
    for info in infos:
        name = info.orig_filename
        if info.header_offset > at:
            raise PackageRejected(name, "layout", f"之前有 {info.header_offset - at} 字节不属于任何成员"
                                                  "（被插入或附加的内容）")
        if info.header_offset < at:
            raise PackageRejected(name, "layout", "的数据与前一个成员重叠，或成员在目录中的顺序与文件中的不同")
        at = starts[name] + info.compress_size
    if at != cd_offset:
        last = infos[-1].orig_filename
        raise PackageRejected(last, "layout", f"之后、目录之前有 {cd_offset - at} 字节不属于任何成员"
                              if at < cd_offset else "的数据与目录重叠")

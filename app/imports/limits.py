"""How big a file the import reads, checked before anything is read into memory.

A 2 KB workbook can describe a sheet of 17 billion cells (one stray cell at XFD1048576) and a
1.5 MB zip can inflate to gigabytes; the readers underneath allocate the whole used range at
once and cannot be stopped half-way. So every limit here is checked on what the file *says*
(its size, its zip directory, the cell references in its sheet XML) before a reader is given
it, and a file over a limit is refused with a Chinese message naming the limit.

The limits are set so that Excel's largest sheet (1,048,576 rows) of an ordinary register
(a dozen or so columns) still imports.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from app.errors import BadFileError

MB = 1024 * 1024

MAX_FILE_BYTES = 160 * MB  # the file on disk (a 1,048,575-row .xlsx register is ~70 MB)
MAX_ZIP_MEMBERS = 10_000
MAX_PART_BYTES = 1024 * MB  # one inflated part (the sheet XML of that register is ~800 MB)
MAX_INFLATED_BYTES = 1536 * MB  # all parts together
MAX_SHARED_STRINGS_BYTES = 256 * MB  # held in memory whole by the reader
MAX_SMALL_PART_BYTES = 32 * MB  # workbook.xml, styles.xml, relationships
MAX_RATIO = 200  # inflated / compressed, for parts over RATIO_FLOOR; real sheets stay under ~30
RATIO_FLOOR = 16 * MB
MAX_ROWS = 1_048_576  # Excel's own limit
MAX_COLUMNS = 1000
MAX_CELLS = 16_000_000  # rows × columns of the range the reader materialises
# rows × columns above which an .xlsx sheet is read row by row (reading_stream.py) rather than
# whole by calamine: ≈ 230,000 rows of 11 columns, where calamine's two copies pass ~700 MB
STREAM_CELLS = 2_500_000
MAX_LINE_CHARS = 1 * MB  # one CSV line (a stray quote makes the rest of the file one field)
MAX_SHEETS_LISTED = 10  # sheet names spelled out in a message


def size_text(n: int) -> str:
    """Bytes as the user reads them: 160 MB, 2.5 GB, 900 KB."""
    if n >= 1024 * MB:
        return f"{n / (1024 * MB):.1f} GB"
    if n >= MB:
        return f"{n / MB:.0f} MB"
    return f"{max(n // 1024, 1)} KB"


def count_text(n: int) -> str:
    """A count as the user reads it: 16384, 1600 万, 1.7 亿."""
    if n >= 100_000_000:
        return f"{n / 100_000_000:.1f} 亿"
    if n >= 100_000:
        return f"{n / 10_000:.0f} 万"
    return str(n)


def check_regular_file(path: Path) -> int:
    """The size of `path` when it is an ordinary file within MAX_FILE_BYTES; else BadFileError.

    A FIFO, a device (/dev/zero reads forever) or a directory is refused from its stat, before
    it is opened for reading."""
    try:
        st = os.stat(path)
    except FileNotFoundError as exc:
        raise BadFileError(f"找不到文件 {path.name}（{path}）。") from exc
    except OSError as exc:
        raise BadFileError(f"无法读取文件 {path.name}：{exc.strerror or exc}。") from exc
    if stat.S_ISDIR(st.st_mode):
        raise BadFileError(f"{path.name} 是一个文件夹，不是表格文件。")
    if not stat.S_ISREG(st.st_mode):
        raise BadFileError(f"{path.name} 不是普通文件（可能是设备或管道），无法作为表格导入。")
    if st.st_size > MAX_FILE_BYTES:
        raise BadFileError(
            f"文件 {path.name} 有 {size_text(st.st_size)}，超过导入上限 {size_text(MAX_FILE_BYTES)}。"
            "请把表格分成几个文件分别导入。"
        )
    return st.st_size


def file_digest(path: Path) -> tuple[str, bytes]:
    """The file's SHA-256 and its first bytes (for sniffing), read in blocks."""
    sha = hashlib.sha256()
    head = b""
    try:
        with open(path, "rb") as f:
            while block := f.read(1 * MB):
                if not head:
                    head = block[:8192]
                sha.update(block)
    except OSError as exc:
        raise BadFileError(f"无法读取文件 {path.name}：{exc.strerror or exc}。") from exc
    return sha.hexdigest(), head

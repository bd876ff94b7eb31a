"""Writing output files atomically: a temp file in the same folder, then `os.replace`.

A failure (a full disk, a cancel, a bug in a renderer) never leaves a half-written report where
the user expects the finished one; an output path that cannot be written is a UserError. The
files written are private to the user (0600 on POSIX), packages included (app/exchange writes
them through temp_beside/commit too).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path

from app.errors import UserError
from app.private_files import make_private

# What a cancelled report says: the atomic write means no file was left behind.
CANCELLED_MESSAGE = "已取消，未生成文件。"


def prepare_dir(folder: Path) -> Path:
    """The folder, created if missing; UserError when it cannot be (a file in the way, no rights)."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UserError(f"无法创建输出文件夹 {folder}：{exc.strerror or exc}。") from None
    if not folder.is_dir():
        raise UserError(f"输出位置 {folder} 不是文件夹。")
    return folder


def temp_beside(out: Path) -> Path:
    """A new empty temp file in the output's folder (so os.replace stays on one file system)."""
    if out.exists() and out.is_dir():
        raise UserError(f"输出文件 {out} 是一个文件夹，请给出文件名。")
    folder = prepare_dir(out.parent)
    try:
        fd, name = tempfile.mkstemp(prefix=f".{out.stem}.", suffix=".part", dir=folder)
    except OSError as exc:
        raise UserError(f"无法在 {folder} 写入文件：{exc.strerror or exc}。") from None
    os.close(fd)
    # mkstemp makes the file 0600 whatever the umask, and os.replace keeps the mode: a report,
    # form or package names the parties and their fines, so it stays readable by the user only
    # (db/private_files.py; on Windows the folder's ACL decides). Sending it is a person's act.
    return make_private(Path(name))


def commit(temp: Path, out: Path) -> None:
    try:
        os.replace(temp, out)
    except OSError as exc:
        discard(temp)
        raise UserError(f"无法写入 {out}：{exc.strerror or exc}（文件是否正被 Excel 或阅读器打开？）。") from None


def discard(temp: Path) -> None:
    with contextlib.suppress(OSError):
        temp.unlink()


@contextlib.contextmanager
def atomic_file(out: Path) -> Iterator[Path]:
    """Yield a temp path to write; on success it replaces `out`, on any error it is removed."""
    out = Path(out)
    temp = temp_beside(out)
    try:
        yield temp
    except OSError as exc:
        discard(temp)
        raise UserError(f"写入 {out} 失败：{exc.strerror or exc}。") from None
    except BaseException:
        discard(temp)
        raise
    commit(temp, out)


def atomic_files(outs: list[Path], write: Callable[[list[Path]], None]) -> list[Path]:
    """Write several files: all to temps first, then replace them all (none is replaced if any
    write fails)."""
    temps: list[Path] = []
    try:
        for out in outs:
            temps.append(temp_beside(out))
        write(temps)
    except OSError as exc:
        for t in temps:
            discard(t)
        raise UserError(f"写入 {outs[0].parent} 失败：{exc.strerror or exc}。") from None
    except BaseException:
        for t in temps:
            discard(t)
        raise
    for i, (temp, out) in enumerate(zip(temps, outs, strict=True)):
        try:
            commit(temp, out)
        except UserError:
            for t in temps[i + 1:]:
                discard(t)
            raise
    return outs

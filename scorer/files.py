"""Opening input files safely: only regular files, checked before a single byte is read.

A FIFO given as a report, rulebook or waivers file blocks a plain open() forever; a
device (/dev/zero) never ends. We open with O_NONBLOCK (so a FIFO cannot block the
open itself), then check with fstat that the opened object is a regular file.
"""
from __future__ import annotations

import io
import os
import stat
from pathlib import Path
from typing import Callable

from .errors import InputError, ScorerError

ErrorType = Callable[[object, str], ScorerError]


def kind_of(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "这是一个目录，不是文件 (is a directory)"
    if stat.S_ISFIFO(mode):
        return "这是命名管道（FIFO），不是普通文件 (not a regular file: FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "这是设备文件，不是普通文件 (not a regular file: device)"
    if stat.S_ISSOCK(mode):
        return "这是套接字，不是普通文件 (not a regular file: socket)"
    return "不是普通文件 (not a regular file)"


def check_regular(path: str | os.PathLike, error: ErrorType = InputError) -> os.stat_result:
    """stat() the path (following links) and refuse anything that is not a regular file."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        if os.path.islink(path):
            raise error(path, "符号链接指向的文件不存在 (dangling symlink)") from None
        raise error(path, "文件不存在 (no such file)") from None
    except PermissionError:
        raise error(path, "没有读取权限 (permission denied)") from None
    except OSError as exc:
        raise error(path, f"无法读取：{exc.strerror or exc} (cannot read)") from None
    if not stat.S_ISREG(st.st_mode):
        raise error(path, kind_of(st.st_mode))
    return st


def open_regular(path: str | os.PathLike, error: ErrorType = InputError) -> io.BufferedReader:
    """Open a regular file for binary reading; anything else is refused with a one-line error."""
    check_regular(path, error)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except PermissionError:
        raise error(path, "没有读取权限 (permission denied)") from None
    except OSError as exc:
        raise error(path, f"无法读取：{exc.strerror or exc} (cannot read)") from None
    st = os.fstat(fd)
    if not stat.S_ISREG(st.st_mode):  # swapped between stat and open
        os.close(fd)
        raise error(path, kind_of(st.st_mode))
    if hasattr(os, "set_blocking"):
        os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def read_regular(path: str | os.PathLike, limit: int, error: ErrorType = InputError, what: str = "文件") -> bytes:
    """The whole content of a regular file of at most `limit` bytes."""
    with open_regular(path, error) as fh:
        try:
            data = fh.read(limit + 1)
        except OSError as exc:
            raise error(path, f"无法读取：{exc.strerror or exc} (cannot read)") from None
    if len(data) > limit:
        raise error(path, f"{what}过大，上限 {limit} 字节 (file too large)")
    return data


def same_file(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)


def is_within(child: str | os.PathLike, parent: str | os.PathLike) -> bool:
    """True if `child` is `parent` or lies below it (after resolving links)."""
    c, p = Path(os.path.realpath(child)), Path(os.path.realpath(parent))
    return c == p or p in c.parents

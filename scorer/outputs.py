"""Writing output files atomically and never over something that is not ours to replace.

An output goes to a temporary file next to its destination and is renamed at the end, so
a reader never sees a half-written file. A destination that is a symlink, a device, a
FIFO, a folder, or the same file as an input is refused before anything is written.
"""
from __future__ import annotations

import json
import os
import stat
import tempfile
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from .errors import OutputError
from .files import kind_of, same_file


def check_output_path(path: str | os.PathLike, inputs: Iterable[str | os.PathLike | None] = ()) -> Path:
    """Refuse an output path that would destroy something; return it as a Path."""
    p = Path(path)
    try:
        st = os.lstat(p)
    except FileNotFoundError:
        st = None
    except OSError as exc:
        raise OutputError(p, f"无法写入：{exc.strerror or exc} (cannot write)") from None
    if st is not None:
        if stat.S_ISLNK(st.st_mode):
            raise OutputError(p, "输出路径是符号链接，拒绝覆盖 (output path is a symlink)")
        if stat.S_ISDIR(st.st_mode):
            raise OutputError(p, "输出路径是一个目录 (output path is a directory)")
        if not stat.S_ISREG(st.st_mode):
            raise OutputError(p, "输出路径" + kind_of(st.st_mode).replace("这是", "是") + "，拒绝写入")
        for item in inputs:
            if item is not None and str(item) != "-" and same_file(p, item):
                raise OutputError(p, f"输出路径就是输入文件 {item}，拒绝覆盖 (output would replace an input)")
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(p, "输出目录不存在 (output folder does not exist)")
    return p


def write_all_atomic(items: Sequence[tuple[str | os.PathLike, Callable[[str], None]]],
                     inputs: Iterable[str | os.PathLike | None] = ()) -> list[Path]:
    """Write several outputs all or nothing: every one to a temporary file first, then rename them all."""
    inputs = list(inputs)
    paths = [check_output_path(path, inputs) for path, _ in items]
    for i, p in enumerate(paths):
        for q in paths[:i]:
            if os.path.realpath(p) == os.path.realpath(q):
                raise OutputError(p, "两个输出写到同一个文件 (two outputs name the same file)")
    temps: list[str] = []
    try:
        for p, (_, writer) in zip(paths, items):
            parent = p.parent if str(p.parent) else Path(".")
            try:
                fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=parent)
                os.close(fd)
            except OSError as exc:
                raise OutputError(p, f"无法写入：{exc.strerror or exc} (cannot write)") from None
            temps.append(tmp)
            try:
                writer(tmp)
                os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; an output file gets the usual mode
            except OSError as exc:
                raise OutputError(p, f"无法写入：{exc.strerror or exc} (cannot write)") from None
        for p, tmp in zip(paths, temps):
            check_output_path(p, inputs)  # nothing swapped in meanwhile
            try:
                os.replace(tmp, p)
            except OSError as exc:
                raise OutputError(p, f"无法写入：{exc.strerror or exc} (cannot write)") from None
    except BaseException:
        for tmp in temps:
            _unlink(tmp)
        raise
    return paths


def write_atomic_with(path: str | os.PathLike, writer: Callable[[str], None]) -> Path:
    """Run writer(temporary path) next to `path`, then rename: a reader never sees a half-written file."""
    return write_all_atomic([(path, writer)])[0]


def text_writer(text: str) -> Callable[[str], None]:
    def write(tmp: str) -> None:
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)

    return write


def write_atomic(path: str | os.PathLike, text: str) -> Path:
    return write_atomic_with(path, text_writer(text))


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def to_json(data: Any, ascii_only: bool = False) -> str:
    """`ascii_only`: \\u escapes for every non-ASCII character, for a console that is not UTF-8 (GBK): the
    JSON stays complete and valid instead of losing characters the console cannot show."""
    return json.dumps(data, ensure_ascii=ascii_only, indent=2) + "\n"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask

"""Writing output files atomically: a reader never sees a half-written file."""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any, Callable

from .errors import OutputError


def write_atomic_with(path: str | os.PathLike, writer: Callable[[str], None]) -> Path:
    """Run writer(temporary path) next to `path`, then rename: a reader never sees a half-written file."""
    p = Path(path)
    parent = p.parent if str(p.parent) else Path(".")
    if not parent.is_dir():
        raise OutputError(p, "输出目录不存在 (output folder does not exist)")
    if p.is_dir():
        raise OutputError(p, "输出路径是一个目录 (output path is a directory)")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".{p.name}.", suffix=".tmp", dir=parent)
        os.close(fd)
    except OSError as exc:
        raise OutputError(p, f"无法写入：{exc.strerror or exc} (cannot write)") from None
    try:
        writer(tmp)
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; an output file gets the usual mode
        os.replace(tmp, p)
    except OSError as exc:
        _unlink(tmp)
        raise OutputError(p, f"无法写入：{exc.strerror or exc} (cannot write)") from None
    except BaseException:
        _unlink(tmp)
        raise
    return p


def write_atomic(path: str | os.PathLike, text: str) -> Path:
    def write(tmp: str) -> None:
        with open(tmp, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)

    return write_atomic_with(path, write)


def _unlink(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask

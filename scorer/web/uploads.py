"""Uploaded files: streamed straight into a private folder, with size limits, and .zip archives unpacked safely.

Starlette's own form parser spools file parts to the system temporary folder; a draft
report is an unpublished government document, so we parse the multipart body ourselves
(python-multipart's streaming parser) and write each file part only into the folder we
were given (created 0700 by the caller), counting bytes as they arrive: an oversize file
is cut off at the limit, never written in full.
"""
from __future__ import annotations

import os
import re
import stat
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import AsyncIterator

from ..printable import printable
from ..read_docx import MAX_RATIO
from ..reading import SUPPORTED

MB = 1024 * 1024
MAX_FIELD = 8 * MB  # a text field (the extracted report text carried by the correction form)
MAX_FIELDS = 64
MAX_ZIP_ENTRIES = 5000
_NOT_IN_NAMES = re.compile(r'[\x00-\x1f\x7f<>:"|?*\\/]')


@dataclass
class Limits:
    per_file: int = 50 * MB  # a .docx/.pdf may be 10× the 5 MB text limit (reading.BINARY_FACTOR)
    total: int = 1024 * MB  # one request (a county's reports, or one .zip of them)
    files: int = 2000


@dataclass
class Saved:
    field: str  # the form field it came in
    name: str  # the user's file name, made safe (no folders, no control characters)
    path: Path  # where it is, inside the private folder
    size: int


@dataclass
class Form:
    fields: dict[str, str] = field(default_factory=dict)
    files: list[Saved] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)  # one line each: the file and what is wrong

    def get(self, name: str) -> str:
        return self.fields.get(name, "").strip()


class UploadRefused(Exception):
    """The request as a whole cannot be used (too large, not a form): one line for the page."""


def safe_name(raw: str, fallback: str = "报告") -> str:
    """The last part of a client's file name (browsers on Windows may send C:\\...\\x.docx), printable."""
    base = re.split(r"[\\/]", raw)[-1].strip().lstrip(".")
    base = _NOT_IN_NAMES.sub("_", printable(base))
    base = base.encode("utf-8")[:180].decode("utf-8", "ignore")
    return base or fallback


def _unique(folder: Path, name: str) -> Path:
    target, n = folder / name, 2
    stem, suffix = os.path.splitext(name)
    while os.path.lexists(target):
        target, n = folder / f"{stem}-{n}{suffix}", n + 1
    return target


def _size_text(n: int) -> str:
    return f"{n / MB:.0f} MB" if n >= MB else f"{n // 1024} KB"


async def read_form(headers, body: AsyncIterator[bytes], folder: Path, limits: Limits) -> Form:
    """Parse a multipart/form-data body, saving file parts under `folder`.

    A file over the per-file limit is dropped (a problem line; the others still count); a body
    over the total limit, or more files than allowed, refuses the whole request."""
    from python_multipart.multipart import MultipartParser, parse_options_header

    ctype, options = parse_options_header(headers.get("content-type", "").encode("latin-1", "replace"))
    if ctype != b"multipart/form-data" or b"boundary" not in options:
        raise UploadRefused("请求不是文件上传表单 (expected multipart/form-data)")
    declared = headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limits.total + MB:
        raise UploadRefused(f"上传内容共 {_size_text(int(declared))}，超过单次上限 {_size_text(limits.total)}，"
                            "请分批上传 (upload too large)")
    form = Form()
    state: dict = {"headers": [], "field": b"", "value": b""}

    def on_part_begin() -> None:
        state.update(headers=[], name="", filename=None, out=None, size=0, data=bytearray(), dropped=False)

    def on_header_field(data: bytes, start: int, end: int) -> None:
        state["field"] += data[start:end]

    def on_header_value(data: bytes, start: int, end: int) -> None:
        state["value"] += data[start:end]

    def on_header_end() -> None:
        state["headers"].append((state["field"].lower(), state["value"]))
        state["field"], state["value"] = b"", b""

    def on_headers_finished() -> None:
        for key, value in state["headers"]:
            if key == b"content-disposition":
                _, opts = parse_options_header(value)
                state["name"] = opts.get(b"name", b"").decode("utf-8", "replace")
                if b"filename" in opts:
                    state["filename"] = opts[b"filename"].decode("utf-8", "replace")
        if state["filename"] is not None:
            if not state["filename"]:  # an empty file input sends a part with filename=""
                state["dropped"] = True
                return
            if len(form.files) >= limits.files:
                raise UploadRefused(f"一次最多上传 {limits.files} 个文件 (too many files)")
            name = safe_name(state["filename"])
            path = _unique(folder, name)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
            state["out"] = os.fdopen(fd, "wb")
            state["saved"] = Saved(state["name"], name, path, 0)
        elif len(form.fields) >= MAX_FIELDS:
            raise UploadRefused("表单字段过多 (too many fields)")

    def on_part_data(data: bytes, start: int, end: int) -> None:
        if state["dropped"]:
            return
        chunk = data[start:end]
        state["size"] += len(chunk)
        if state["out"] is None:
            if state["size"] > MAX_FIELD:
                raise UploadRefused(f"表单字段 {state['name']} 过大 (field too large)")
            state["data"] += chunk
            return
        if state["size"] > limits.per_file:
            saved: Saved = state["saved"]
            state["out"].close()
            saved.path.unlink()
            state["out"], state["dropped"] = None, True
            form.problems.append(f"{saved.name}：文件超过单个文件上限 {_size_text(limits.per_file)}，未处理 "
                                 "(file too large)")
            return
        state["out"].write(chunk)

    def on_part_end() -> None:
        if state["dropped"]:
            return
        if state["out"] is not None:
            state["out"].close()
            saved = state["saved"]
            saved.size = state["size"]
            form.files.append(saved)
        else:
            form.fields[state["name"]] = bytes(state["data"]).decode("utf-8", "replace")

    parser = MultipartParser(options[b"boundary"], {
        "on_part_begin": on_part_begin, "on_part_data": on_part_data, "on_part_end": on_part_end,
        "on_header_field": on_header_field, "on_header_value": on_header_value, "on_header_end": on_header_end,
        "on_headers_finished": on_headers_finished})
    total = 0
    try:
        async for chunk in body:
            total += len(chunk)
            if total > limits.total + MB:
                raise UploadRefused(f"上传内容超过单次上限 {_size_text(limits.total)}，请分批上传 (upload too large)")
            parser.write(chunk)
        parser.finalize()
    except UploadRefused:
        raise
    except Exception as exc:  # python-multipart's parse errors: a truncated or malformed body
        raise UploadRefused(f"上传内容不完整或格式错误，请重试 ({type(exc).__name__})") from None
    finally:
        if state.get("out") is not None:
            state["out"].close()
    return form


# --- .zip archives -------------------------------------------------------------------
def _entry_name(info: zipfile.ZipInfo) -> str:
    """The entry's name as its author saw it: Windows zips store GBK names without the UTF-8 flag."""
    if info.flag_bits & 0x800:
        return info.filename
    try:
        return info.filename.encode("cp437").decode("gbk")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return info.filename


def _entry_problem(name: str, info: zipfile.ZipInfo, limits: Limits) -> str | None:
    parts = PurePosixPath(name.replace("\\", "/")).parts
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name) or ".." in parts:
        return "路径指向压缩包之外，已拒绝 (path traversal)"
    kind = stat.S_IFMT(info.external_attr >> 16)  # Unix file type; 0 when the archiver did not record one
    if kind == stat.S_IFLNK:
        return "是符号链接，已拒绝 (symlink)"
    if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
        return "不是普通文件，已拒绝 (not a regular file)"
    if info.file_size > limits.per_file:
        return f"解压后超过单个文件上限 {_size_text(limits.per_file)}，已跳过 (file too large)"
    if info.file_size > 8 * MB and info.file_size > MAX_RATIO * max(info.compress_size, 1):
        return "压缩比异常，已拒绝 (zip bomb?)"
    return None


def unpack_zip(archive: Saved, dest: Path, limits: Limits) -> tuple[list[Saved], list[str]]:
    """Report files inside a .zip, written under `dest`; every refused entry is a problem line.

    Declared sizes are checked before anything is written (a zip bomb is refused unopened), and
    the bytes actually written are counted too, since a crafted archive can lie about its sizes."""
    label = archive.name
    try:
        zf = zipfile.ZipFile(archive.path)
    except (zipfile.BadZipFile, OSError):
        return [], [f"{label}：压缩包已损坏，无法打开 (corrupt zip)"]
    saved: list[Saved] = []
    problems: list[str] = []
    with zf:
        infos = [i for i in zf.infolist() if not i.is_dir()]
        if len(infos) > MAX_ZIP_ENTRIES:
            return [], [f"{label}：压缩包内有 {len(infos)} 个文件，超过上限 {MAX_ZIP_ENTRIES} (too many entries)"]
        declared = sum(i.file_size for i in infos)
        if declared > limits.total:
            return [], [f"{label}：解压后共 {_size_text(declared)}，超过上限 {_size_text(limits.total)}，"
                        "拒绝解压 (zip bomb?)"]
        written = 0
        for info in infos:
            name = _entry_name(info)
            shown = f"{label}/{printable(name)}"
            problem = _entry_problem(name, info, limits)
            if problem is None and info.flag_bits & 0x1:
                problem = "已加密，无法解压 (encrypted)"
            if problem:
                problems.append(f"{shown}：{problem}")
                continue
            base = PurePosixPath(name.replace("\\", "/")).name
            if base.startswith(".") or os.path.splitext(base)[1].lower() not in SUPPORTED + (".doc", ".wps"):
                continue  # not a report (a readme, thumbs.db, __MACOSX/…) — as `scorer summary` skips them
            target = _unique(dest, safe_name(base))
            size = 0
            try:
                with zf.open(info) as src, open(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600),
                                                "wb") as out:
                    while True:
                        block = src.read(MB)
                        if not block:
                            break
                        size += len(block)
                        written += len(block)
                        if size > limits.per_file or written > limits.total:
                            raise ValueError("larger than declared")
                        out.write(block)
            except (ValueError, zipfile.BadZipFile, OSError, EOFError, NotImplementedError) as exc:
                target.unlink(missing_ok=True)
                why = ("解压后比声明的大，已拒绝 (zip bomb?)" if str(exc) == "larger than declared"
                       else "无法解压，已跳过 (corrupt entry)")
                problems.append(f"{shown}：{why}")
                if written > limits.total:
                    break
                continue
            saved.append(Saved(archive.field, target.name, target, size))
    return saved, problems

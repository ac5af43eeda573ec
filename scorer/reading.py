"""Reading a report file into text, with one-line errors for everything that can go wrong.

Reports come from Windows machines (GB18030/GBK), from web pages (UTF-8, often
with a BOM) and from Word's "Unicode text" export (UTF-16). The set is small and
known, so we try it in a fixed, explainable order with *strict* decoding rather
than guessing statistically: a file is decoded only if every byte is valid.
"""
from __future__ import annotations

import codecs
import os
import re
from pathlib import Path

from .errors import InputError

DEFAULT_MAX_BYTES = 5 * 1024 * 1024

OLE_MESSAGE = ("这是旧版 Word/WPS 格式（.doc/.wps）或加密的 Word 文档，请在 Word/WPS 中另存为 .docx 后再检查 "
               "(old binary .doc/.wps or encrypted Office file: save as .docx)")
# Formats that are never a report text (checked after PDF, Word and HTML were routed).
_MAGIC = [
    (b"%PDF", "PDF 文件无法按文本读取 (PDF)"),
    (b"PK\x03\x04", "zip 文件无法按文本读取 (zip)"),
    (b"\xd0\xcf\x11\xe0", OLE_MESSAGE),
    (b"\x89PNG", "这是图片文件，不是文本报告 (image file)"),
    (b"\xff\xd8\xff", "这是图片文件，不是文本报告 (image file)"),
    (b"GIF8", "这是图片文件，不是文本报告 (image file)"),
    (b"\x1f\x8b", "这是 gzip 压缩文件，请先解压 (gzip)"),
    (b"Rar!", "这是 rar 压缩文件，请先解压 (rar)"),
    (b"7z\xbc\xaf", "这是 7z 压缩文件，请先解压 (7z)"),
]
BINARY_FACTOR = 10  # a .docx or .pdf file may be this many times larger than the text limit
SUPPORTED = (".txt", ".text", ".docx", ".pdf", ".html", ".htm", ".shtml", ".xhtml")


def _existing_file(path: str | os.PathLike) -> Path:
    """The path, if it is a regular file (a FIFO, device or folder is refused before reading)."""
    from .files import check_regular

    check_regular(path)
    return Path(path)


def read_bytes(path: str | os.PathLike, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    from .files import open_regular

    p = _existing_file(path)
    try:
        size = p.stat().st_size
        if size > max_bytes:
            raise InputError(p, f"文件过大：{size} 字节，上限 {max_bytes} 字节 (file too large)")
        with open_regular(p) as fh:
            data = fh.read(max_bytes + 1)
    except PermissionError:
        raise InputError(p, "没有读取权限 (permission denied)") from None
    except IsADirectoryError:
        raise InputError(p, "这是一个目录，不是文件 (is a directory)") from None
    except OSError as exc:
        raise InputError(p, f"无法读取：{exc.strerror or exc} (cannot read)") from None
    if len(data) > max_bytes:
        raise InputError(p, f"文件过大，上限 {max_bytes} 字节 (file too large)")
    return data


def _looks_utf16(data: bytes) -> str | None:
    """UTF-16 without a BOM: NULs in every other byte of mostly-ASCII/CJK text."""
    if len(data) < 4 or len(data) % 2:
        return None
    even = data[0::2].count(0)
    odd = data[1::2].count(0)
    half = len(data) // 2
    # ASCII-heavy text has NULs in the high byte; CJK text has few NULs at all,
    # so only decide when one side is clearly NUL-rich.
    if odd > 0.3 * half and even < 0.05 * half:
        return "utf-16-le"
    if even > 0.3 * half and odd < 0.05 * half:
        return "utf-16-be"
    return None


_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))


def bom(data: bytes) -> tuple[str, int] | None:
    """(encoding, BOM length) when the data starts with a byte-order mark."""
    for mark, enc in _BOMS:
        if data.startswith(mark):
            return enc, len(mark)
    return None


def decode(data: bytes, path: str | os.PathLike = "") -> tuple[str, str]:
    """Return (text, encoding name) or raise InputError."""
    if not data.strip():
        raise InputError(path, "文件为空 (empty file)")
    for magic, msg in _MAGIC:
        if data.startswith(magic):
            raise InputError(path, msg)
    marked = bom(data)
    if marked:
        enc, skip = marked
        try:
            return data[skip:].decode(enc), ("utf-8-sig" if enc == "utf-8" else "utf-16")
        except UnicodeDecodeError:
            kind = "UTF-8" if enc == "utf-8" else "UTF-16"
            raise InputError(path, f"文件声明为 {kind} 但含有无效字节 (invalid {kind})") from None
    enc16 = _looks_utf16(data)
    if enc16:
        try:
            return data.decode(enc16), enc16
        except UnicodeDecodeError:
            pass
    if b"\x00" in data:
        raise InputError(path, "这是二进制文件，不是文本报告 (binary file)")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise InputError(path, "无法识别文本编码（不是 UTF-8、GB18030/GBK 或 UTF-16）(undecodable text)") from None
    return text, "gb18030"


_CONTROLS = re.compile("[\x00-\x08\x0b\x0e-\x1f]")  # control characters other than \t \n \f \r
_CJK = re.compile("[\u4e00-\u9fff]")


def check_text_plausible(text: str, path: str | os.PathLike = "") -> None:
    """Reject decoded 'text' that is really binary noise or has no Chinese at all."""
    sample = text[:20000]
    if not sample.strip():
        raise InputError(path, "文件为空 (empty file)")
    if len(_CONTROLS.findall(sample)) > 0.02 * len(sample):
        raise InputError(path, "这是二进制文件，不是文本报告 (binary file)")
    if not _CJK.search(sample):
        raise InputError(path, "文件中没有中文文本，不像一份年度报告 (no Chinese text)")


def read_text(path: str | os.PathLike, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[str, str]:
    """Read and decode a text report; returns (text, encoding)."""
    data = read_bytes(path, max_bytes)
    text, enc = decode(data, path)
    check_text_plausible(text, path)
    return text, enc


def sniff(head: bytes, suffix: str) -> str:
    """The format by content first (a PDF named .txt is still a PDF), the extension second."""
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "docx"
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return "ole"
    from .read_html import looks_like_html

    if looks_like_html(head) or suffix in (".html", ".htm", ".shtml", ".xhtml"):
        return "html"
    return "text"


def read_report(path: str | os.PathLike, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[str, str]:
    """Read any supported report file; returns (text, format or encoding). Errors are InputError."""
    from .files import open_regular

    p = _existing_file(path)
    try:
        size = p.stat().st_size
        with open_regular(p) as fh:
            head = fh.read(4096)
    except PermissionError:
        raise InputError(p, "没有读取权限 (permission denied)") from None
    except OSError as exc:
        raise InputError(p, f"无法读取：{exc.strerror or exc} (cannot read)") from None
    if not head.strip():
        raise InputError(p, "文件为空 (empty file)")
    fmt = sniff(head, p.suffix.lower())
    if fmt == "ole":
        raise InputError(p, OLE_MESSAGE)
    if fmt in ("pdf", "docx"):
        if size > BINARY_FACTOR * max_bytes:
            raise InputError(p, f"文件过大：{size} 字节，上限 {BINARY_FACTOR * max_bytes} 字节 (file too large)")
        if fmt == "pdf":
            from .read_pdf import read_pdf

            text = read_pdf(p)
        else:
            from .read_docx import read_docx

            text = read_docx(p)
        if len(text.encode("utf-8")) > max_bytes:
            raise InputError(p, f"提取的文本超过 {max_bytes} 字节上限 (text too large)")
        check_text_plausible(text, p)
        return text, fmt
    data = read_bytes(p, max_bytes)
    if fmt == "html":
        from .read_html import decode_html, html_to_text

        if b"\x00" in data[:4096] and not bom(data):
            raise InputError(p, "这是二进制文件，不是网页 (binary file)")
        text = html_to_text(decode_html(data))
        check_text_plausible(text, p)
        return text, "html"
    text, enc = decode(data, p)
    check_text_plausible(text, p)
    return text, enc

"""PDF reports with a text layer (pypdf), without running headers, footers and page numbers.

pypdf was chosen by measurement (benchmarks/pdf_libraries.py): on the seeds printed to
PDF it recovers the same 99.9% of characters in order as pdfplumber/pdfminer, some 15%
faster, as one pure-Python dependency. Broken lines are rejoined later by cleaning.
"""
from __future__ import annotations

import logging
import os
import re
from collections import Counter

from .errors import InputError

_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–]\s*\d{1,4}\s*[-—–]|第\s*\d{1,4}\s*页(?:\s*[,，/]?\s*共\s*\d{1,4}\s*页)?|\d{1,4}\s*/\s*\d{1,4}"
    r"|\d{1,4}|Page\s+\d+(?:\s+of\s+\d+)?)\s*$", re.IGNORECASE)


def _shape(line: str) -> str:
    return re.sub(r"\d+", "#", line.strip())


def strip_running_lines(pages: list[list[str]]) -> list[list[str]]:
    """Drop page numbers and lines that recur on most pages (running headers and footers)."""
    if len(pages) >= 2:
        counts = Counter(s for page in pages for s in {_shape(ln) for ln in page if ln.strip()})
        need = max(2, int(0.6 * len(pages) + 0.5))
        running = {s for s, n in counts.items() if n >= need and len(s) <= 120}
    else:
        running = set()
    out = []
    for page in pages:
        kept = [ln for ln in page if ln.strip() and _shape(ln) not in running and not _PAGE_NUMBER.match(ln)]
        out.append(kept)
    return out


def read_pdf(path: str | os.PathLike) -> str:
    logging.getLogger("pypdf").setLevel(logging.ERROR)  # malformed-but-readable files warn a lot
    try:
        from pypdf import PdfReader
        from pypdf.errors import PdfReadError

        reader = PdfReader(str(path))
    except Exception as exc:
        raise InputError(path, f"PDF 文件已损坏，无法打开：{type(exc).__name__} (corrupt PDF)") from None
    if reader.is_encrypted:
        try:
            ok = reader.decrypt("")  # many government PDFs only restrict printing
        except Exception:
            ok = 0
        if not ok:
            raise InputError(path, "PDF 已加密，需要密码才能读取 (encrypted PDF)")
    pages: list[list[str]] = []
    try:
        for page in reader.pages:
            pages.append((page.extract_text() or "").splitlines())
    except InputError:
        raise
    except Exception as exc:
        if "encrypt" in str(exc).lower() or "decrypt" in str(exc).lower():
            raise InputError(path, "PDF 已加密，需要密码才能读取 (encrypted PDF)") from None
        raise InputError(path, f"PDF 内容无法解析：{type(exc).__name__} (unreadable PDF)") from None
    text_chars = sum(len("".join(p).strip()) for p in pages)
    if text_chars < 20:
        raise InputError(path, "PDF 无文本层，需先 OCR (scanned PDF without a text layer: run OCR first)")
    return "\n".join("\n".join(page) for page in strip_running_lines(pages))

"""Names that are safe to show: in a terminal, an HTML page, a CSV or XLSX cell.

File names come from unpacked Windows zips (GBK bytes that are not UTF-8), from
careless copying (control characters) and from people who want to mislead (terminal
escapes, bidi overrides that reverse "exe.txt"). Every path or name we print or write
goes through `printable`; every spreadsheet cell goes through `cell_text`.
"""
from __future__ import annotations

import os
import re

# C0 and C1 controls, DEL, line/paragraph separators, bidi embeddings/overrides/isolates and marks
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_SURROGATE = re.compile("[\udc80-\udcff]")  # undecodable bytes, as os.fsdecode keeps them


def _escape(ch: str) -> str:
    code = ord(ch)
    if 0xDC80 <= code <= 0xDCFF:
        return f"\\x{code - 0xDC00:02x}"
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def printable(name: object) -> str:
    """`name` with undecodable bytes shown as \\xNN and control/bidi characters as escapes.

    Idempotent for ordinary names (Chinese, spaces, punctuation are kept as they are).
    """
    if isinstance(name, bytes):
        name = os.fsdecode(name)
    text = str(name)
    if _SURROGATE.search(text) or _UNSAFE.search(text):
        text = _SURROGATE.sub(lambda m: _escape(m.group(0)), text)
        text = _UNSAFE.sub(lambda m: _escape(m.group(0)), text)
        # any other lone surrogate (not a byte escape) cannot be encoded either
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    return text


def has_unsafe(text: str) -> bool:
    """True if the text holds control or bidi characters or undecodable bytes."""
    return bool(_UNSAFE.search(text) or _SURROGATE.search(text))


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")


def cell_text(value: object) -> object:
    """A spreadsheet cell value that can never be a formula: text starting with = + - @ gets a leading '.

    Numbers and None pass through (they are data we computed, not names).
    """
    if value is None or isinstance(value, (int, float)):
        return value
    text = printable(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text

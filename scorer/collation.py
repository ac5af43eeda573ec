"""Sorting Chinese names the way a clerk expects: by pinyin (阿坝镇, 白云街道, 城关镇 … 重庆 as chóng).

pypinyin reads characters by word (长安 cháng'ān, 重庆 chóngqìng), which a character table cannot.
"""
from __future__ import annotations


def pinyin_key(text: str) -> tuple[tuple[str, ...], str]:
    """Sort key: the pinyin with tone numbers, then the text itself (same pinyin, stable order)."""
    from pypinyin import Style, lazy_pinyin

    return tuple(lazy_pinyin(text, style=Style.TONE3, errors="default")), text

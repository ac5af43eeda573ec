"""Regular expressions shared by cleaning and structure detection (on normalized text)."""
from __future__ import annotations

import re

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
CJK_PUNCT = "\u3000-\u303f\u2018\u2019\u201c\u201d\u2014\u2026\u00b7"
CN_NUM = "一二三四五六七八九十百零〇两"

# Numbered headings, after full-width forms were folded to ASCII.
# level 1: 一、  第一部分  第一、   level 2: (一)  level 3: 1. 1、 (1)   level 4: 一是 …
HEADING_MARKERS: list[tuple[int, re.Pattern[str]]] = [
    (1, re.compile(rf"^(?:第[{CN_NUM}]+(?:部分|章|节)[、.:\s]?|[{CN_NUM}]{{1,3}}\s*[、.．])")),
    (2, re.compile(rf"^\(\s*[{CN_NUM}]{{1,3}}\s*\)[、.]?")),
    (3, re.compile(r"^(?:\d{1,2}\s*[、.．](?!\d)|\(\s*\d{1,2}\s*\)|[①②③④⑤⑥⑦⑧⑨⑩])")),
    (4, re.compile(rf"^(?:[{CN_NUM}]{{1,3}}是|首先|其次|再次|最后)(?=[{CJK},:])")),
]

SENTENCE_END = "。！？!?；;"
CLOSERS = "”’」』)）】》\"'"
TERMINAL_LINE_END = re.compile(rf"[。！？!?；;:：…][{re.escape(CLOSERS)}]*$")

DATE_RE = re.compile(r"(20\d{2}|19\d{2})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?")
CN_DATE_RE = re.compile(r"([二〇零一三四五六七八九○]{4})年([一二三四五六七八九十]{1,3})月([一二三四五六七八九十]{1,3})日")

_CN_DIGIT = {"〇": 0, "零": 0, "○": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def cn_small_number(s: str) -> int:
    """一 → 1, 十五 → 15, 二十三 → 23 (enough for months and days)."""
    if "十" in s:
        tens, _, ones = s.partition("十")
        return (_CN_DIGIT.get(tens, 1) if tens else 1) * 10 + (_CN_DIGIT.get(ones, 0) if ones else 0)
    return _CN_DIGIT.get(s, 0)


def parse_date(text: str) -> str | None:
    """First date in `text` as YYYY-MM-DD (Arabic or Chinese numerals), or None."""
    m = DATE_RE.search(text)
    if m:
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    else:
        m = CN_DATE_RE.search(text)
        if not m:
            return None
        y = int("".join(str(_CN_DIGIT.get(c, 0)) for c in m.group(1)))
        mo, d = cn_small_number(m.group(2)), cn_small_number(m.group(3))
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def heading_marker(line: str) -> tuple[int, int] | None:
    """(level, marker length) if the line starts with a heading number."""
    for level, rx in HEADING_MARKERS:
        m = rx.match(line)
        if m:
            return level, m.end()
    return None

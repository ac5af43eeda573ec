"""Word (.docx) reports: paragraphs and tables in document order, with Word's automatic numbering.

An "一、" that Word draws from its numbering definitions is not in the paragraph's
text; we render it from numbering.xml (format, level text, counters) so that the
heading detection sees what the reader sees.
"""
from __future__ import annotations

import os
import zipfile

from .errors import InputError

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MAX_UNZIPPED = 200 * 1024 * 1024  # a .docx that unpacks to more than this is refused (zip bomb)
MAX_RATIO = 200  # and so is a member compressed more than 200:1 beyond a few MB

_CN_DIGITS = "零一二三四五六七八九"
MAX_STYLE_CHAIN = 32  # Word itself nests styles a few deep; a style "based on" itself must not loop forever
MAX_LEVEL = 8  # Word numbering has levels 0-8
MAX_COUNTER = 1_000_000  # a list starting at 10^13 is hostile; counters are clamped here


def _int(value, default: int, low: int, high: int) -> int:
    """An integer attribute of numbering.xml, clamped; anything else is an unreadable document."""
    if value is None:
        return default
    try:
        n = int(str(value).strip())
    except ValueError:
        raise ValueError(f"numbering value {str(value)[:20]!r} is not an integer") from None
    return max(low, min(high, n))


def _chinese(n: int) -> str:
    if n <= 0:
        return str(n)
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    return str(n)


def _roman(n: int) -> str:
    if not 0 < n < 4000:
        return str(n)  # Roman numerals stop at 3999 (and a loop per thousand must stay bounded)
    out = ""
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"),
                       (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        while n >= value:
            out += sym
            n -= value
    return out


def format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "ideographTraditional",
               "taiwaneseCounting", "taiwaneseCountingThousand", "japaneseCounting"):
        return _chinese(n)
    if fmt in ("upperLetter", "lowerLetter"):
        s = chr(ord("A") + (n - 1) % 26)
        return s if fmt == "upperLetter" else s.lower()
    if fmt in ("upperRoman", "lowerRoman"):
        return _roman(n) if fmt == "upperRoman" else _roman(n).lower()
    if fmt == "decimalEnclosedCircle" and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    if fmt in ("bullet", "none"):
        return ""
    return str(n)


class Numbering:
    """Renders list numbers the way Word would for each numbered paragraph."""

    def __init__(self, numbering_el):
        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # abstractNumId -> ilvl -> (fmt, text, start)
        self.num_to_abs: dict[str, str] = {}
        self.counters: dict[str, dict[int, int]] = {}
        if numbering_el is None:
            return
        for absn in numbering_el.findall(f"{W}abstractNum"):
            aid = absn.get(f"{W}abstractNumId")
            lv: dict[int, tuple[str, str, int]] = {}
            for lvl in absn.findall(f"{W}lvl"):
                ilvl = _int(lvl.get(f"{W}ilvl"), 0, 0, MAX_LEVEL)
                fmt = lvl.find(f"{W}numFmt")
                text = lvl.find(f"{W}lvlText")
                start = lvl.find(f"{W}start")
                lv[ilvl] = (fmt.get(f"{W}val") if fmt is not None else "decimal",
                            text.get(f"{W}val") if text is not None else "",
                            _int(start.get(f"{W}val"), 1, 0, MAX_COUNTER) if start is not None else 1)
            self.levels[aid] = lv
        for num in numbering_el.findall(f"{W}num"):
            ref = num.find(f"{W}abstractNumId")
            if ref is not None:
                self.num_to_abs[num.get(f"{W}numId")] = ref.get(f"{W}val")

    def label(self, num_id: str, ilvl: int) -> str:
        aid = self.num_to_abs.get(num_id)
        levels = self.levels.get(aid or "")
        if not levels or ilvl not in levels:
            return ""
        counters = self.counters.setdefault(aid or "", {})
        fmt, text, start = levels[ilvl]
        counters[ilvl] = min(counters.get(ilvl, start - 1) + 1, MAX_COUNTER)
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]  # a new item restarts the levels below it
        out = text
        for k in range(ilvl, -1, -1):
            if f"%{k + 1}" in out:
                kfmt, _, kstart = levels.get(k, ("decimal", "", 1))
                out = out.replace(f"%{k + 1}", format_number(counters.get(k, kstart), kfmt))
        return out


def _num_pr(paragraph) -> tuple[str, int] | None:
    """The paragraph's numbering (numId, ilvl), from its own properties or its style chain."""
    p_pr = paragraph._p.pPr
    num_pr = p_pr.numPr if p_pr is not None else None
    style = paragraph.style
    seen: set[int] = set()
    while num_pr is None and style is not None and len(seen) < MAX_STYLE_CHAIN:
        if id(style.element) in seen:
            break  # a style based on itself (or a loop of styles)
        seen.add(id(style.element))
        s_pr = style.element.pPr
        num_pr = s_pr.numPr if s_pr is not None else None
        style = style.base_style
    if num_pr is None or num_pr.numId is None:
        return None
    ilvl = num_pr.ilvl.val if num_pr.ilvl is not None else 0
    num_id = str(num_pr.numId.val)
    return (num_id, max(0, min(MAX_LEVEL, int(ilvl)))) if num_id != "0" else None


def check_zip(path: str | os.PathLike, data: bytes | None = None) -> None:
    """Refuse corrupt archives, non-Word zips and zip bombs before parsing."""
    try:
        with zipfile.ZipFile(path) as zf:
            infos = zf.infolist()
            names = {i.filename for i in infos}
            if "word/document.xml" not in names:
                raise InputError(path, "这是 zip 文件，但不是 Word 文档 (.docx 中没有 word/document.xml)")
            total = sum(i.file_size for i in infos)
            if total > MAX_UNZIPPED:
                raise InputError(path, f"解压后超过 {MAX_UNZIPPED // (1024 * 1024)} MB，拒绝读取 (zip bomb?)")
            for i in infos:
                if i.file_size > 8 * 1024 * 1024 and i.file_size > MAX_RATIO * max(i.compress_size, 1):
                    raise InputError(path, f"{i.filename} 压缩比异常，拒绝读取 (zip bomb?)")
    except zipfile.BadZipFile:
        raise InputError(path, "Word 文档已损坏，无法打开 (corrupt .docx / zip)") from None


def read_docx(path: str | os.PathLike) -> str:
    check_zip(path)
    try:
        import docx

        document = docx.Document(str(path))
    except InputError:
        raise
    except Exception as exc:  # python-docx raises many kinds on damaged parts
        raise InputError(path, f"Word 文档无法解析：{type(exc).__name__} (unreadable .docx)") from None
    try:
        return _document_text(document)
    except InputError:
        raise
    except Exception as exc:  # damaged numbering or styles: non-integer attributes, missing parts
        raise InputError(path, f"Word 文档无法解析：{type(exc).__name__} (unreadable .docx)") from None


def _document_text(document) -> str:
    return "\n".join(text for text, _ in docx_lines(document))


def docx_lines(document):
    """The report's lines in document order, each with the Word paragraphs it came from.

    Yields (text, [(shift, paragraph)]): the line as read (a paragraph with its list number, or
    a table row), and for each paragraph the position in the line where its own `.text` begins
    (negative when leading spaces were stripped). The lines joined by newlines are the text the
    evidence offsets point into, so an annotator can find the paragraph of any evidence.
    """
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        numbering_el = document.part.numbering_part.element
    except (NotImplementedError, KeyError, AttributeError):
        numbering_el = None
    numbering = Numbering(numbering_el)

    def para_text(p) -> tuple[str, int]:
        raw = p.text
        text = raw.strip()
        shift = -(len(raw) - len(raw.lstrip()))
        np = _num_pr(p)
        if np is not None:
            label = numbering.label(*np)
            if label and text:
                text = label + text
                shift += len(label)
        return text, shift

    for child in document.element.body.iterchildren():
        if child.tag == f"{W}p":
            p = Paragraph(child, document)
            text, shift = para_text(p)
            if text:
                yield text, [(shift, p)]
        elif child.tag == f"{W}tbl":
            for row in Table(child, document).rows:
                cells: list[str] = []
                where: list[tuple[int, object]] = []
                pos = 0
                for cell in row.cells:
                    parts = [(p, *para_text(p)) for p in cell.paragraphs]
                    t = " ".join(text for _, text, _ in parts).strip()
                    if t and (not cells or cells[-1] != t):  # merged cells repeat their text
                        lead = len(" ".join(text for _, text, _ in parts)) - len(" ".join(
                            text for _, text, _ in parts).lstrip())
                        at = pos - lead
                        for p, text, shift in parts:
                            if text:
                                where.append((at + shift, p))
                            at += len(text) + 1
                        cells.append(t)
                        pos += len(t) + 3  # " | "
                if cells:
                    yield " | ".join(cells), where

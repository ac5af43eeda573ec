"""Build a `Document` from a file or a string: title block, headings, sections with roles,
paragraphs, sentences and metadata.
"""
from __future__ import annotations

import os
import re
from bisect import bisect_right

from . import metadata as metadata_mod
from .cleaning import clean
from .document import Document, Heading, Paragraph, Section, Sentence
from .reading import DEFAULT_MAX_BYTES, check_text_plausible, read_report
from .textpatterns import CLOSERS, SENTENCE_END, heading_marker, parse_date

_SENT_SPLIT = re.compile(rf"[^{SENTENCE_END}]*(?:[{SENTENCE_END}][{re.escape(CLOSERS)}]*|$)")
_FIRST_SENTENCE = re.compile(rf"^[^{SENTENCE_END}]*[{SENTENCE_END}][{re.escape(CLOSERS)}]*")
_SIGNATURE_LINE = re.compile(
    r"(?:人民政府|委员会|党委|办事处|政府|局|办公室|街道|中心|[镇乡县区])(?:\(盖章\))?$|^\(?盖章\)?$"
)
_SALUTATION = re.compile(r"[:：]$")

ROLE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("leader-duty", re.compile(
        r"第一责任人|主要负责(?:人|同志)[^,，。]{0,16}(?:履行|履职|推动|推进|落实|职责|抓)|履行[^,，。]{0,12}第一责任|述法|"
        r"(?:书记|镇长|乡长|县长|区长|局长|主要领导|一把手)[^。]{0,12}(?:履行|履职)[^。]{0,12}(?:法治|职责)")),
    ("shortcomings", re.compile(
        r"存在的?(?:主要)?(?:问题|不足|困难|短板)|不足(?:之处)?(?:和|及|与)?原因|问题(?:和|及|与)(?:不足|原因)|"
        r"薄弱环节|短板弱项|差距(?:和|及|与)?(?:不足|原因)|(?:不足|差距)$|困难和问题|主要问题|问题(?:和|及|与)?困难")),
    ("plans", re.compile(
        r"下一步|下步|下一阶段|下一年度?|下年度|明年|来年|今后|工作(?:打算|思路|安排|计划|设想)|主要安排|"
        r"努力方向|改进措施|整改措施|改进方向|工作展望|展望|(?:思路|打算|计划)(?:及|和|与)")),
    ("measures", re.compile(
        r"主要举措|举措(?:和|及|与)成效|工作成效|主要成效|取得的?成效|主要做法|工作开展情况|开展情况|推进情况|"
        r"落实情况|工作情况|主要工作|工作措施|成效|做法|进展")),
]
_YEAR = re.compile(r"(20\d{2})\s*年")


def heading_roles(text: str, report_year: int | None) -> tuple[str, ...]:
    """Roles a heading's own words give its section ("存在的问题及改进措施" → shortcomings, plans)."""
    found = [role for role, rx in ROLE_PATTERNS if rx.search(text)]
    if report_year:
        years = [int(y) for y in _YEAR.findall(text)]
        if years and max(years) > report_year and "plans" not in found:
            found.append("plans")
    if "leader-duty" in found:
        return ("leader-duty",)
    if "plans" in found and "measures" in found:
        found.remove("measures")  # "工作思路及举措" is a plan
    if ("shortcomings" in found or "plans" in found) and "measures" in found:
        found.remove("measures")
    return tuple(found)


def _lines(text: str):
    pos = 0
    for line in text.split("\n"):
        yield pos, line
        pos += len(line) + 1


_TITLE_WORDS = re.compile(r"报告|总结|汇报")
_HEADER_EXTRA = re.compile(r"^[(（]?[^。]{0,12}\d{4}\s*年[^。]{0,10}[)）]?$")


def _is_header_line(line: str) -> bool:
    return not (len(line) > 60 or "。" in line or heading_marker(line) or _SALUTATION.search(line)
                or line.endswith("如下"))


_REPORT_TITLE = re.compile(r"法治.{0,30}(报告|总结|汇报)")


def _chrome_before_title(lines: list[tuple[int, str]]) -> int:
    """Leading lines of a saved web page that stand above the report's own title (site names,
    menus, column names): the title is the last report-title line before the body starts, and
    only the issuer lines (中共××镇委员会, ××镇人民政府) right above it belong to the report."""
    last = None
    for i, (_, line) in enumerate(lines[:40]):
        if not _is_header_line(line):
            break
        if _REPORT_TITLE.search(line):
            last = i
    if not last:
        return 0
    start = last
    while start > 0 and last - start < 3 and _SIGNATURE_LINE.search(lines[start - 1][1]) and len(lines[start - 1][1]) <= 20:
        start -= 1
    return start


def _split_header(lines: list[tuple[int, str]]) -> int:
    """Number of non-empty leading lines that form the title block (issuer lines, title, a date line)."""
    for i, (_, line) in enumerate(lines[:4]):
        if not _is_header_line(line):
            break
        if _TITLE_WORDS.search(line):
            n = i + 1
            if n < len(lines) and _HEADER_EXTRA.match(lines[n][1]) and parse_date(lines[n][1]):
                n += 1  # "（2024年3月10日）" under the title
            return n
    # no recognizable title: only a short first line can be one
    return 1 if lines and _is_header_line(lines[0][1]) and len(lines[0][1]) <= 40 else 0


def _split_signature(lines: list[tuple[int, str]]) -> int:
    """Number of non-empty trailing lines that form the signature block (落款)."""
    count = 0
    for _, line in reversed(lines[-4:]):
        if len(line) <= 30 and "。" not in line and (parse_date(line) and len(line) <= 16 or _SIGNATURE_LINE.search(line)):
            count += 1
        else:
            break
    return count


def _heading_text(line: str, level: int) -> str | None:
    """The heading part of a numbered line, or None if it is a numbered paragraph."""
    m = _FIRST_SENTENCE.match(line)
    limit = 40 if level <= 2 else 30
    if m:
        first = m.group(0)
        if len(first) <= limit + 1:
            return first
        return None if level >= 3 else (line if len(line) <= 60 else None)
    return line if len(line) <= 60 else None


def _unnumbered_heading(line: str, next_line: str | None) -> bool:
    if next_line is None or len(line) > 30 or len(line) < 4:
        return False
    if re.search(rf"[{SENTENCE_END}]", line) or _SALUTATION.search(line) or line.endswith("如下"):
        return False
    if line.count(",") + line.count("，") > 1 or parse_date(line):
        return False
    return True


def _sentences(text: str, base: int) -> list[tuple[int, int, str]]:
    out = []
    for m in _SENT_SPLIT.finditer(text):
        s, e = m.span()
        if e <= s:
            continue
        seg = m.group(0)
        stripped = seg.strip()
        if not stripped:
            continue
        lead = len(seg) - len(seg.lstrip())
        out.append((base + s + lead, base + s + lead + len(stripped), stripped))
    return out


def parse_text(original: str, path: str = "<text>", encoding: str | None = None) -> Document:
    """Build the document model from decoded text."""
    check_text_plausible(original, path)
    return _build(original, path, encoding)


def _build(original: str, path: str, encoding: str | None) -> Document:
    """The document model of text that read_report has already checked."""
    ct = clean(original)
    text = ct.text
    all_lines = [(p, ln) for p, ln in _lines(text) if ln.strip()]
    n_chrome = _chrome_before_title(all_lines)
    page_lines = [ln for _, ln in all_lines[max(0, n_chrome - 3):n_chrome]]  # site name above the title: a hint
    all_lines = all_lines[n_chrome:]
    n_head = _split_header(all_lines)
    header, rest = all_lines[:n_head], all_lines[n_head:]
    n_sig = _split_signature(rest) if len(rest) > 2 else 0
    body_lines = rest[: len(rest) - n_sig] if n_sig else rest
    signature = rest[len(rest) - n_sig:] if n_sig else []

    header_texts = [ln for _, ln in header]
    sig_texts = [ln for _, ln in signature] + [ln for ln in header_texts if parse_date(ln) and len(ln) <= 16]
    body_text = "\n".join(ln for _, ln in body_lines)
    md = metadata_mod.detect(header_texts, sig_texts, body_text, ct.web_meta, page_lines)
    md.encoding = encoding

    # headings: (start, end, level, numbered)
    headings: list[Heading] = []
    pieces: list[tuple[int, str]] = []  # paragraph text pieces (start, text)
    seen_numbered = False
    for i, (pos, line) in enumerate(body_lines):
        nxt = body_lines[i + 1][1] if i + 1 < len(body_lines) else None
        hm = heading_marker(line)
        htext = None
        level = 0
        numbered = False
        if hm:
            level = hm[0]
            htext = _heading_text(line, level)
            numbered = htext is not None
        elif _unnumbered_heading(line, nxt):
            htext = line
            level = 1 if not seen_numbered else min(4, (headings[-1].level + 1) if headings else 1)
        if htext is not None:
            seen_numbered = seen_numbered or numbered
            stripped = htext.rstrip(SENTENCE_END)
            headings.append(Heading(text=stripped, level=level, start=pos, end=pos + len(stripped), numbered=numbered))
            remainder = line[len(htext):]
            if remainder.strip():
                pieces.append((pos + len(htext), remainder))
        else:
            pieces.append((pos, line))

    # level-4 enumerations inside paragraphs: "一是规范执法强约束。…"
    inline: list[Heading] = []
    for start, piece in pieces:
        for s, e, sent in _sentences(piece, start):
            hm = heading_marker(sent)
            if hm and hm[0] == 4 and len(sent) <= 31 and not any(h.start == s for h in headings):
                stripped = sent.rstrip(SENTENCE_END)
                inline.append(Heading(text=stripped, level=4, start=s, end=s + len(stripped), numbered=True))
    headings = sorted(headings + inline, key=lambda h: h.start)

    body_start = body_lines[0][0] if body_lines else 0
    body_end = (body_lines[-1][0] + len(body_lines[-1][1])) if body_lines else 0
    sections = _build_sections(headings, body_start, body_end, md.year)
    _implicit_closing_parts(sections, pieces, body_start, body_end, md.year)

    doc = Document(path=str(path), original=original, mapped=ct.mapped, metadata=md, headings=headings,
                   sections=sections, web_labels=ct.web_labels, notes=ct.notes)
    for pos, line in header:
        if line.strip() == md.title:
            doc.title_span = (pos, pos + len(line))
    sec_starts = [s.start for s in sections]

    def section_at(pos: int) -> int:
        # the innermost section starting at or before pos (sections are in text order)
        return max(0, bisect_right(sec_starts, pos) - 1)

    heading_starts = {h.start: h for h in headings}
    sentences: list[Sentence] = []
    paragraphs: list[Paragraph] = []
    # headings are sentences too (a heading can be evidence: "二、党政主要负责人履行…情况")
    items: list[tuple[int, int, str, bool]] = []
    for h in headings:
        items.append((h.start, h.end, h.text, True))
    for start, piece in pieces:
        pi = len(paragraphs)
        paragraphs.append(Paragraph(index=pi, start=start, end=start + len(piece), text=piece,
                                    section=section_at(start)))
        for s, e, sent in _sentences(piece, start):
            if s in heading_starts:
                continue  # an inline "一是…" heading, already added
            items.append((s, e, sent, False))
    items.sort()
    para_starts = [p.start for p in paragraphs]  # once: a lookup per sentence must not rebuild it
    for s, e, sent, is_heading in items:
        para = _paragraph_of(paragraphs, para_starts, s)
        sentences.append(Sentence(index=len(sentences), start=s, end=e, text=sent, paragraph=para,
                                  section=section_at(s), is_heading=is_heading))
    doc.sentences = sentences
    doc.paragraphs = paragraphs
    return doc


def _paragraph_of(paragraphs: list[Paragraph], starts: list[int], pos: int) -> int:
    i = bisect_right(starts, pos) - 1
    return paragraphs[i].index if i >= 0 else -1


def _build_sections(headings: list[Heading], body_start: int, body_end: int, year: int | None) -> list[Section]:
    sections: list[Section] = []
    first = headings[0].start if headings else body_end
    sections.append(Section(index=0, heading=None, level=0, start=body_start, end=first, parent=None,
                            roles=("preamble",), explicit=True))
    stack: list[int] = []
    for h in headings:
        while stack and sections[stack[-1]].level >= h.level:
            stack.pop()
        parent = stack[-1] if stack else None
        own = heading_roles(h.text, year) if (h.level <= 2 or not h.numbered) else ()
        sec = Section(index=len(sections), heading=h, level=h.level, start=h.start, end=body_end, parent=parent,
                      roles=own, explicit=bool(own))
        sections.append(sec)
        stack.append(sec.index)
    # ends: the next section at the same or a higher level (one pass with a stack of open sections:
    # a report of many short lines has as many headings, and a search per section was quadratic)
    open_: list[Section] = []
    for sec in sections[1:]:
        while open_ and open_[-1].level >= sec.level:
            open_.pop().end = sec.start
        open_.append(sec)
    # top-level sections without a role of their own: topical parts before the
    # problems/plans are the year's measures; anything after them is "other"
    tops = [s for s in sections[1:] if s.parent is None]
    closing_seen = False
    for sec in tops:
        if sec.explicit and set(sec.roles) & {"shortcomings", "plans"}:
            closing_seen = True
        if not sec.roles:
            sec.roles = ("other",) if closing_seen else ("measures",)
    for sec in sections[1:]:
        if not sec.roles:
            sec.roles = sections[sec.parent].roles if sec.parent is not None else ("other",)
    return sections


# Closing parts written without a heading: "下一步，我镇将……", "但也存在一些不足：……"
_OPENINGS = [
    ("shortcomings", re.compile(r"^(?:但|同时|当然)?(?:(?!针对|整改|解决|查找|梳理|对照)[^。,，]){0,12}(?:也|还|仍)?存在(?:的|着)?"
                                r"(?:一些|以下|不少)?(?:问题|不足|短板|差距)")),
    ("plans", re.compile(r"^(?:下一步|下步|下一年度|下年度|今后|明年|新的一年|(?P<year>20\d{2})\s*年[^。]{0,8}(?:将|计划|拟|工作))")),
]


def _implicit_closing_parts(sections: list[Section], pieces: list[tuple[int, str]], body_start: int,
                            body_end: int, year: int | None) -> None:
    """A trailing paragraph that opens a statutory part without a heading starts an implicit part
    (only in the second half of the body, after the last heading, and only if no heading gave that role)."""
    half = body_start + (body_end - body_start) // 2
    for role, rx in _OPENINGS:
        if any(role in s.roles for s in sections):
            continue
        last = sections[-1].start
        for start, text in pieces:
            if start <= max(last, half):
                continue
            m = rx.match(text)
            if not m or (m.groupdict().get("year") and year and int(m.group("year")) <= year):
                continue
            for s in sections:
                if s.start < start < s.end:
                    s.end = start
            sections.append(Section(index=len(sections), heading=None, level=1, start=start, end=body_end,
                                    parent=None, roles=(role,), explicit=False))
            break


def read_document(path: str | os.PathLike, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read a report file (.txt, .docx, .pdf, .html) into the document model."""
    from .printable import printable

    text, fmt = read_report(path, max_bytes)
    return _build(text, printable(path), fmt)  # the name is shown in reports: undecodable bytes escaped

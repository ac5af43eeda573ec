"""The draft with Word comments at its gaps (`scorer check DRAFT --annotate OUT.docx`).

A .docx draft is copied with its text and formatting untouched: comments are anchored on the
runs that hold the evidence sentence (partial rules: what is still missing) or the heading
of the section where a missing or planned rule belongs (what is required, the basis in one
line, how to write it). One comment at the title gives the score and the counts. Any other
format becomes a new .docx of the extracted text (title, headings, paragraphs) with the same
comments.

Evidence offsets point into the text as read (`Document.original`); for a .docx that text is
the lines of `read_docx.docx_lines`, so every offset leads back to a Word paragraph and run.
"""
from __future__ import annotations

import os
import re
import unicodedata
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from typing import Callable, Iterable

from . import render_docx as rd
from .errors import InputError
from .rectification import basis_line
from .results import STATUS_LABELS, ReportResult, RuleResult
from .rules.vocabulary import DONE_STATUSES, VERDICTS

# bigrams that every heading of a report shares; they say nothing about which part a heading is
_COMMON = {"依法", "法治", "建设", "政府", "推进", "全面", "加强", "坚持", "健全", "体系", "工作", "持续", "深入",
           "不断", "提升", "完善", "落实", "机制", "推动", "强化", "进一", "一步", "治政", "法行", "行政"}
_NUMBERING = re.compile(r"^[\s(（]*[一二三四五六七八九十\d]+[)）、.．]\s*")
_CLOSING_ROLES = {"preamble", "shortcomings", "plans"}


@dataclass
class Target:
    """A Word paragraph and where its text lies in the checked text (original or normalized offsets)."""

    start: int
    end: int
    paragraph: object
    runs: list[tuple[int, int, object]] = field(default_factory=list)  # (start, end, Run)

    def runs_over(self, start: int, end: int) -> list:
        hit = [r for s, e, r in self.runs if s < end and e > start and e > s]
        if hit:
            return hit
        hit = [r for s, e, r in self.runs if e > s]
        if hit:
            return hit
        return [self.paragraph.add_run("")]  # a paragraph whose text is all in fields: anchor on an empty run


class Placer:
    """Finds the Word paragraph (and runs) for a span of the checked text."""

    def __init__(self, targets: list[Target]):
        self.targets = sorted(targets, key=lambda t: t.start)
        self.starts = [t.start for t in self.targets]

    def target(self, start: int) -> Target:
        i = max(0, bisect_right(self.starts, start) - 1)
        t = self.targets[i]
        if start >= t.end and i + 1 < len(self.targets):  # between paragraphs: the nearer one
            nxt = self.targets[i + 1]
            if nxt.start - start <= start - t.end:
                t = nxt
        return t

    def runs(self, start: int, end: int) -> list:
        """The runs to anchor on: in the paragraph holding most of the span (a table row's sentence
        can run over several cells; a comment stays within one)."""
        first = self.target(start)
        best, most = first, min(end, first.end) - max(start, first.start)
        i = bisect_right(self.starts, start)
        while i < len(self.targets) and self.targets[i].start < end:
            t = self.targets[i]
            overlap = min(end, t.end) - max(start, t.start)
            if overlap > most:
                best, most = t, overlap
            i += 1
        return best.runs_over(start, end)


# --- the two kinds of copy -------------------------------------------------------------

def _runs_of(paragraph, base: int) -> list[tuple[int, int, object]]:
    from docx.text.run import Run

    out = []
    pos = base
    for item in paragraph.iter_inner_content():
        runs = [item] if isinstance(item, Run) else list(item.runs)
        if not isinstance(item, Run):
            inner = sum(len(r.text) for r in runs)
            pad = len(item.text) - inner  # a hyperlink's visible text beyond its runs (fields)
        else:
            pad = 0
        for r in runs:
            out.append((pos, pos + len(r.text), r))
            pos += len(r.text)
        pos += max(0, pad)
    return out


def open_docx(path: str | os.PathLike):
    """The draft as a python-docx Document (read only; the file is never written)."""
    from .read_docx import check_zip

    check_zip(path)
    try:
        import docx

        return docx.Document(str(path))
    except Exception as exc:
        raise InputError(path, f"Word 文档无法解析：{type(exc).__name__} (unreadable .docx)") from None


def docx_copy(path: str | os.PathLike, original: str):
    """The draft itself and its paragraphs located in the text as read; None if the text differs."""
    from .read_docx import docx_lines

    document = open_docx(path)
    targets: list[Target] = []
    pos = 0
    texts = []
    for text, paragraphs in docx_lines(document):
        for k, (shift, p) in enumerate(paragraphs):
            base = pos + shift  # the line's first paragraph also owns the list number Word draws before it
            targets.append(Target(start=pos if k == 0 else max(pos, base), end=base + len(p.text), paragraph=p,
                                  runs=_runs_of(p, base)))
        texts.append(text)
        pos += len(text) + 1
    if "\n".join(texts) != original or not targets:
        return None
    return document, Placer(targets)


def _display(doc, start: int, end: int) -> str:
    """The normalized text shown with the characters the author wrote (full-width punctuation,
    traditional characters), without what cleaning removed (page headers, hard line breaks)."""
    text, offsets, original = doc.text, doc.mapped.offsets, doc.original
    out = []
    for i in range(start, end):
        n = text[i]
        o = original[offsets[i]] if 0 <= offsets[i] < len(original) else n
        if o == n or 0x2E80 <= ord(o) <= 0x2FDF:  # PDF radicals (⼈) are shown as the characters they stand for
            out.append(n)
        elif unicodedata.normalize("NFKC", o) == n or (ord(o) >= 0x3400 and ord(n) >= 0x3400):
            out.append(o)
        elif n.isascii() and not n.isalnum() and unicodedata.category(o).startswith("P"):
            out.append(o)  # “ ” 、 folded to ASCII for matching
        else:
            out.append(n)
    return "".join(out)


def new_copy(doc):
    """A new .docx of the extracted text: title, headings as Word headings, one run per sentence."""
    from docx.shared import Pt

    d = rd.new_document()
    d.core_properties.title = doc.metadata.title or ""
    text = doc.text
    begin = doc.title_span[0] if doc.title_span != (0, 0) else 0
    headings = {h.start: h for h in doc.headings if h.level < 4}
    cuts = sorted({s.start for s in doc.sentences} | {s.end for s in doc.sentences})
    targets: list[Target] = []

    def emit(ranges: list[tuple[int, int]], kind: str, level: int = 0) -> None:
        if kind == "title":
            p = d.add_paragraph(style="Title")
        elif kind == "heading":
            p = d.add_paragraph(style=f"Heading {min(max(level, 1), 4)}")
        else:
            p = d.add_paragraph()
            p.paragraph_format.first_line_indent = Pt(24)
        runs = []
        for a, b in ranges:
            points = [a] + cuts[bisect_right(cuts, a):bisect_left(cuts, b)] + [b]
            for x, y in zip(points, points[1:]):
                if y > x:
                    run = p.add_run(_display(doc, x, y))
                    rd.run_fonts(run, rd.TITLE_FONT if kind == "title" else rd.HEADING_FONT if kind == "heading"
                                 else rd.BODY_FONT)
                    runs.append((x, y, run))
        targets.append(Target(start=ranges[0][0], end=ranges[-1][1], paragraph=p, runs=runs))

    pending: list[tuple[int, int]] = []  # the words after a heading on its line, waiting for the rest of their sentence
    pos = begin
    for line in text[begin:].split("\n"):
        a = pos + len(line) - len(line.lstrip())
        b = pos + len(line.rstrip())
        pos += len(line) + 1
        if b <= a:
            continue
        is_heading = (a, b) == tuple(doc.title_span) or a in headings
        if pending and is_heading:
            emit(pending, "para")
            pending = []
        if (a, b) == tuple(doc.title_span):
            emit([(a, b)], "title")
        elif a in headings:
            h = headings[a]
            split = h.end
            while split < b and text[split] in "。.:：;；,，":
                split += 1
            emit([(a, split)], "heading", h.level)
            rest = split + len(text[split:b]) - len(text[split:b].lstrip())
            if rest < b:  # "（一）加强组织领导。我镇成立……": the heading, then its paragraph
                pending = [(rest, b)]
                if text[b - 1] in "。；！？!?;":
                    emit(pending, "para")
                    pending = []
        else:
            emit(pending + [(a, b)], "para")  # a PDF line broken right after a heading joins its sentence
            pending = []
    if pending:
        emit(pending, "para")
    if not targets:
        emit([(0, 0)], "para")
    return d, Placer(targets)


# --- where each comment goes -----------------------------------------------------------

def _bigrams(text: str) -> set[str]:
    text = _NUMBERING.sub("", text)
    return {text[i:i + 2] for i in range(len(text) - 1)} - _COMMON


def _top(doc, index: int):
    """The topical part a section belongs to: its outermost ancestor with a heading, passing over a
    container such as "一、工作成效" whose subsections are the topics ("（一）加强组织领导……")."""
    chain = doc.section_chain(index)
    parents = {s.parent for s in doc.sections if s.parent is not None}
    for sec in reversed(chain):
        if sec.heading is None or set(sec.roles) & _CLOSING_ROLES:
            continue
        if sec.explicit and "measures" in sec.roles and sec.index in parents and sec is not chain[0]:
            continue
        return sec
    return chain[0]


def _top_of_body(doc) -> tuple[int, int]:
    """The first line of the body (below the title, which holds the score comment alone)."""
    firsts = [(p.start, p.end) for p in doc.paragraphs[:1]] + [(h.start, h.end) for h in doc.headings[:1]]
    return min(firsts) if firsts else tuple(doc.title_span)


def home_of(result: ReportResult, rule: RuleResult) -> tuple[int, int]:
    """The heading (normalized span) under which a missing or planned rule belongs: its part's
    heading, else the measures section's, else the top of the body."""
    doc = result.document
    top = _top_of_body(doc)
    if rule.rule.part == "report":
        return top  # the statutory items concern the report as a whole
    part = result.rulebook.part(rule.rule.part)
    words = _bigrams(part.title)
    scores: dict[int, float] = {}
    for sec in doc.sections:
        if sec.heading is None or set(sec.roles) & _CLOSING_ROLES or sec.level > 3:
            continue
        overlap = len(words & _bigrams(sec.heading.text))
        if overlap:
            scores[sec.index] = scores.get(sec.index, 0) + 3 * overlap
    for other in result.rules:  # where the report wrote its other rules of this part
        if other.rule.part != rule.rule.part or other.status not in DONE_STATUSES:
            continue
        for e in other.evidence:
            s = doc.sentence_at(e.norm_start)
            if s is None:
                continue
            sec = _top(doc, s.section)
            if sec.heading is not None and not set(sec.roles) & _CLOSING_ROLES:
                scores[sec.index] = scores.get(sec.index, 0) + 1
    if scores:
        best = max(scores, key=lambda i: (scores[i], -doc.sections[i].level, -i))
        h = doc.sections[best].heading
        return h.start, h.end
    for sec in doc.sections:
        if sec.heading is not None and "measures" in sec.roles:
            return sec.heading.start, sec.heading.end
    return top


# --- comment texts ---------------------------------------------------------------------

def title_comment(result: ReportResult) -> list[str]:
    c = result.counts()
    counts = "，".join(f"{STATUS_LABELS[s]} {c[s]} 条" for s in VERDICTS)
    extra = "，".join(f"{STATUS_LABELS[s]} {c[s]} 条" for s in ("waived", "na") if c.get(s))
    return [f"检查结果：总分 {result.score:.1f} / 100。{counts}" + (f"（{extra}，不计分）" if extra else "") + "。",
            "批注位置：部分落实的要求批注在证据句上，写明还缺什么；缺失或只写了计划、问题的要求批注在它所属部分的"
            "标题上（没有合适标题时在举措部分标题或正文开头），写明要求、依据和写法。",
            f"规则库 {result.rulebook.id} {result.rulebook.version}。"]


def rule_comment(r: RuleResult) -> list[str]:
    rule = r.rule
    basis = basis_line([{"doc": b.doc, "clause": b.clause} for b in rule.basis])
    if r.status == "partial":
        missing = "；".join(c.title for c in r.criteria if not c.met) or r.message
        return [f"【部分落实】{rule.title}", f"还缺：{missing}", f"怎么补充：{rule.advice}"]
    if r.status == "met":
        return [f"【已落实】{rule.title}"]
    head = (f"【仅计划/仅问题】{rule.title}：报告只在计划或存在的问题中提到，没有写已落实的情况"
            if r.status == "planned" else f"【缺失】{rule.title}")
    return [head, f"要求：{rule.description or rule.title}", f"依据：{basis}", f"怎么写：{rule.advice}"]


def comments(result: ReportResult, include_met: bool = False) -> list[tuple[tuple[int, int], list[str], str]]:
    """(normalized span, comment paragraphs, rule id) for each comment, the title's first."""
    doc = result.document
    title = tuple(doc.title_span) if doc.title_span != (0, 0) else (
        (doc.paragraphs[0].start, doc.paragraphs[0].end) if doc.paragraphs else (0, 0))
    out = [(title, title_comment(result), "")]
    for r in result.rules:
        if include_met and r.status == "met" and r.evidence:  # met without evidence (timeliness): nowhere to say it
            e = r.evidence[0]
            out.append(((e.norm_start, e.norm_end), rule_comment(r), r.id))
        elif r.status == "partial":
            if r.evidence:
                e = r.evidence[0]
                out.append(((e.norm_start, e.norm_end), rule_comment(r), r.id))
            else:
                out.append((home_of(result, r), rule_comment(r), r.id))
        elif r.status in ("missing", "planned"):
            out.append((home_of(result, r), rule_comment(r), r.id))
    return out


def annotated(result: ReportResult, include_met: bool = False, source: str | os.PathLike | None = None):
    """The annotated document (python-docx) for a scored draft; `source` is the draft's path
    (result.file is the name made printable, which differs for names with undecodable bytes)."""
    doc = result.document
    source = result.file if source is None else source
    copy = docx_copy(source, doc.original) if _is_docx(source) else None
    if copy is not None:
        document, placer = copy
        span: Callable[[int, int], tuple[int, int]] = doc.original_span
    else:
        document, placer = new_copy(doc)
        span = lambda a, b: (a, b)  # noqa: E731 - the new copy is laid out in normalized offsets
    for (a, b), paragraphs, _ in comments(result, include_met):
        s, e = span(a, b)
        rd.add_comment(document, placer.runs(s, e), paragraphs)
    return document


def _is_docx(path) -> bool:
    import zipfile

    try:
        return zipfile.is_zipfile(path)
    except OSError:
        return False


def write_annotated(result: ReportResult, path: str | os.PathLike, include_met: bool = False,
                    inputs: Iterable = (), source: str | os.PathLike | None = None) -> None:
    rd.save(annotated(result, include_met, source), path, inputs)

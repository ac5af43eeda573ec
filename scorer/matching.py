"""Matching a rule's patterns against a document: hits, look-alikes, negation, moods.

Term hits are found once per document with one compiled alternation per term
list (a cheap prefilter, like Semgrep's literal prefilter); jieba is run only
on sentences that hold a hit, to reject hits that cut a word in two ("述法"
inside "叙述法律"). Every rejected hit is kept with its reason so that the
report can explain near misses.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field

from . import moods
from .document import Document
from .rules.model import Rule, Rulebook
from .rules.patterns import Literal, Terms
from .rules.spans import Hit, Unit
from .rules.vocabulary import REASONS
from .segmenter import segmenter_for
from .termfinder import finder_for, select

_WINDOW = 6  # characters segmented on each side of a hit for the word-boundary check
_CUTS_KEPT = 50_000  # windows remembered per vocabulary (some 15 MB), then forgotten at once
_UNSEEN = object()
_TITLE_SPAN = re.compile(r"《[^《》\n]{1,80}》")
# the formula that presents the report itself ("现将我局2023年法治政府建设工作情况报告如下"): it names what the report
# is about (the unit, 第一责任人职责, 法治政府建设工作汇报), so no hit in it is evidence of any rule
_PRESENTING = re.compile(r"(?:现将|兹将|特将)[^。;:：]{0,80}(?:汇报|报告)如下")

DONE, PLAN, PROBLEM = "done", "plan", "problem"



@dataclass
class Rejection:
    hit: Hit
    reason: str
    detail: str


@dataclass
class Candidate:
    unit: Unit
    hits: list[Hit]
    mood: str


@dataclass
class RuleMatches:
    candidates: list[Candidate] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)

    @property
    def done(self) -> list[Candidate]:
        return [c for c in self.candidates if c.mood == DONE]


class DocIndex:
    """Per-document caches: term hits by pattern, units by scope, title spans, tokens."""

    def __init__(self, doc: Document, domain_words: frozenset[str] = frozenset(),
                 implementing_verbs: tuple[str, ...] = (), terms: frozenset[str] = frozenset()):
        self.doc = doc
        self.domain_words = domain_words
        self.segmenter = segmenter_for(domain_words)
        self._finder = finder_for(terms)
        self._occurrences: dict[str, list[int]] | None = None
        self._hits: dict[int, tuple[list[int], list[Hit]]] = {}
        self._units: dict[str, list[Unit]] = {}
        self.titles = [(m.start(), m.end()) for m in _TITLE_SPAN.finditer(doc.text)]
        self.governed = _governed_titles(doc.text, self.titles, implementing_verbs)
        self.presenting = [(m.start(), m.end()) for m in _PRESENTING.finditer(doc.text)]

    def hits(self, p: Literal) -> tuple[list[int], list[Hit]]:
        """A literal pattern's hits in the whole text, by start (terms from the one-pass finder)."""
        key = id(p)
        got = self._hits.get(key)
        if got is None:
            text = self.doc.text
            if isinstance(p, Terms) and self._finder.terms.issuperset(p.terms):
                if self._occurrences is None:
                    self._occurrences = self._finder.occurrences(text)
                hits = [Hit(a, b, text[a:b]) for a, b in select(self._occurrences, p.terms)]
            elif p.may_occur(text):
                hits = [Hit(m.start(), m.end(), m.group(0)) for m in p.finditer(text) if m.end() > m.start()]
            else:  # the literal text every match needs is not there
                hits = []
            got = ([h.start for h in hits], hits)
            self._hits[key] = got
        return got

    def hits_in(self, p: Literal, start: int, end: int) -> list[Hit]:
        starts, hits = self.hits(p)
        i = bisect_left(starts, start)
        out = []
        while i < len(hits) and hits[i].start < end:
            if hits[i].end <= end:
                out.append(hits[i])
            i += 1
        return out

    def units(self, scope: str) -> list[Unit]:
        got = self._units.get(scope)
        if got is not None:
            return got
        doc = self.doc
        if scope == "sentence":
            got = [Unit("sentence", s.index, s.start, s.end, s.text, s.section,
                        doc.sections[s.section].heading if s.is_heading else None) for s in doc.sentences]
        elif scope == "paragraph":
            got = [Unit("paragraph", p.index, p.start, p.end, p.text, p.section) for p in doc.paragraphs]
            got += [Unit("paragraph", -1 - i, s.start, s.end, s.text, s.section, doc.sections[s.section].heading)
                    for i, s in enumerate(doc.sentences) if s.is_heading]
            got.sort(key=lambda u: u.start)
        elif scope == "title":
            a, b = doc.title_span
            got = [Unit("title", 0, a, b, doc.text[a:b], 0)] if b > a else []
        else:
            got = [Unit("section", sec.index, sec.start, sec.end, doc.text[sec.start:sec.end], sec.index, sec.heading)
                   for sec in doc.sections if sec.end > sec.start]
        self._units[scope] = got
        return got

    def title_of(self, hit: Hit) -> int | None:
        """The index of the 《title》 that holds the hit, if any."""
        i = bisect_left(self.titles, (hit.start + 1,)) - 1
        return i if i >= 0 and self.titles[i][0] < hit.start and hit.end < self.titles[i][1] else None

    def in_presenting(self, hit: Hit) -> bool:
        """True if the hit overlaps the formula that presents the report ("现将……报告如下")."""
        i = bisect_left(self.presenting, (hit.end,)) - 1  # the last formula starting before the hit ends
        return i >= 0 and self.presenting[i][1] > hit.start

    def cuts_word(self, hit: Hit) -> tuple[int, int] | None:
        """The general-vocabulary word that the hit cuts in two ("述法" in 叙述/法律), if any.

        A hit inside a longer word ("法律顾问" in "政府法律顾问") is not cut, and
        neither is an overlap with another domain term ("执法全过程" / "全过程记录").
        Only a window around the hit is segmented: a word straddling an edge of the hit
        lies within a few characters of it. The answer depends on the window's text and the
        vocabulary alone, so the segmenter remembers it (phrases recur within and across reports).
        """
        sent = self.doc.sentence_at(hit.start)
        if sent is None:
            return None
        text = self.doc.text
        a0 = max(sent.start, hit.start - _WINDOW)
        b0 = min(sent.end, hit.end + _WINDOW)
        key = (text[a0:b0], hit.start - a0, hit.end - a0)
        memo = self.segmenter.cuts
        found = memo.get(key, _UNSEEN)
        if found is _UNSEEN:
            if len(memo) > _CUTS_KEPT:
                memo.clear()
            found = memo[key] = self._cut_in_window(*key)
        return (found[0] + a0, found[1] + a0) if found else None

    def _cut_in_window(self, window: str, start: int, end: int) -> tuple[int, int] | None:
        if not self.segmenter.may_cut(window, start, end):
            return None
        for a, b in self.segmenter.tokenize(window):
            if b <= start or a >= end:
                continue
            straddles = (a < start < b and end > b) or (a < end < b and start < a)
            if straddles and window[a:b] not in self.domain_words:
                return (a, b)
        return None

    def enclosing(self, unit: Unit, scope: str) -> Unit:
        """The unit at `scope` that contains `unit` (a sentence's paragraph or section)."""
        if scope == unit.scope or scope == "sentence":
            return unit
        doc = self.doc
        if scope == "paragraph":
            if unit.scope == "sentence":
                s = doc.sentences[unit.index]
                if not s.is_heading and s.paragraph >= 0:
                    p = doc.paragraphs[s.paragraph]
                    return Unit("paragraph", p.index, p.start, p.end, p.text, p.section)
            return unit
        sec = doc.sections[unit.section]
        return Unit("section", sec.index, sec.start, sec.end, doc.text[sec.start:sec.end], sec.index, sec.heading)


class RuleRun:
    """Evaluates one rule's patterns over one document: the patterns evaluate themselves
    (rules/patterns.py) and ask the run to filter each literal hit (`accept`) and for moods."""

    def __init__(self, rule: Rule, index: DocIndex, moods: bool = True):
        self.rule = rule
        self.ix = index
        self.moods = moods  # plans and problems are told apart from done (the rule kind decides)
        self.rejections: dict[tuple[int, int, str], Rejection] = {}
        self._lookalike_spans: list[tuple[int, int, str]] | None = None
        self._lk_starts: list[int] = []
        self._lk_longest = 0

    # -- hit filtering ---------------------------------------------------------
    def lookalike_spans(self) -> list[tuple[int, int, str]]:
        """Look-alike matches in the whole document, sorted by start."""
        if self._lookalike_spans is None:
            spans: list[tuple[int, int, str]] = []
            doc_unit = Unit("document", 0, 0, len(self.ix.doc.text), self.ix.doc.text, 0)
            for lk in self.rule.lookalikes:
                for h in lk.pattern.raw(self, doc_unit):
                    spans.append((h.start, h.end, lk.reason))
            self._lookalike_spans = sorted(spans)
            self._lk_starts = [a for a, _, _ in self._lookalike_spans]
            self._lk_longest = max((b - a for a, b, _ in spans), default=0)
        return self._lookalike_spans

    def lookalike_at(self, hit: Hit) -> str | None:
        spans = self.lookalike_spans()
        i = bisect_left(self._lk_starts, hit.end)  # spans starting before the hit ends
        j = i - 1
        while j >= 0 and spans[j][0] > hit.start - self._lk_longest:
            a, b, reason = spans[j]
            # a longer hit that holds the whole look-alike is more specific than it, and stands
            inside = hit.start <= a and b <= hit.end and b - a < hit.end - hit.start
            if a < hit.end and hit.start < b and not inside:
                return reason
            j -= 1
        return None

    def _reject(self, hit: Hit, reason: str, detail: str) -> None:
        self.rejections.setdefault((hit.start, hit.end, reason), Rejection(hit, reason, detail))

    def accept(self, hit: Hit, literal: bool = True) -> bool:
        if not self.rule.in_titles:
            t = self.ix.title_of(hit)
            if t is not None and t not in self.ix.governed:
                self._reject(hit, "title", REASONS["title"])
                return False
        if self.ix.presenting and self.ix.in_presenting(hit):
            self._reject(hit, "presenting", REASONS["presenting"])
            return False
        reason = self.lookalike_at(hit)
        if reason is not None:
            self._reject(hit, "lookalike", reason)
            return False
        sent = self.ix.doc.sentence_at(hit.start)
        if sent is not None and self.rule.negation:
            neg = moods.negation(sent.text, hit.start - sent.start)
            if neg:
                self._reject(hit, "negated", f"前有否定词“{neg}”：{REASONS['negated']}")
                return False
        cut = self.ix.cuts_word(hit) if literal else None
        if cut is not None:
            word = self.ix.doc.text[cut[0]:cut[1]]
            self._reject(hit, "fragment", f"“{hit.text}”只是“{word}”一词的一部分")
            return False
        return True

    # -- evaluation ----------------------------------------------------------------
    def mood(self, hits: list[Hit], unit: Unit) -> str:
        if not self.moods or unit.scope == "title":
            return DONE
        pos = min((h.start for h in hits), default=unit.start)
        sent = self.ix.doc.sentence_at(pos)
        if sent is None:
            return DONE
        roles = self.ix.doc.sections[sent.section].roles
        rel = pos - sent.start
        planned = moods.is_plan(sent.text, rel)
        if "plans" in roles and "shortcomings" in roles:
            return PLAN if planned else PROBLEM
        if "plans" in roles or planned:
            return PLAN
        if "shortcomings" in roles or moods.is_problem(sent.text, rel):
            return PROBLEM
        return DONE


_TITLE_LINK = re.compile(r"[、，,和及与以及暨\s]*")  # between titles of one list: 《A》、《B》和《C》


def _governed_titles(text: str, titles: list[tuple[int, int]], verbs: tuple[str, ...]) -> set[int]:
    """Titles the reporting body itself executes or issues (认真执行《…》, 制定印发《…》、《…》).

    A list of titles shares the verb before its first title; a title that is only
    studied, cited or listed (学习《…》, 根据《…》要求) is not governed.
    """
    if not verbs or not titles:
        return set()
    # the verb, then perhaps who issued the title (落实中共中央办公厅、国务院办公厅印发的《…》, 全面落实中央《…》)
    # or whose and which year's it is (制定年度《…清单》, 印发本单位《…》)
    verb_end = re.compile("(?:" + "|".join(sorted(map(re.escape, verbs), key=len, reverse=True)) + ")[了过]?"
                          "(?:[^,，。;；《》]{0,24}?(?:印发|颁布|发布|出台|制定|修订)的|中央|新修订的"
                          "|(?:\\d{4}年)?(?:本|今)?年度|本(?:单位|部门|机关|局|委|镇|乡|街道|县|区|市))?\\s*$")
    governed: set[int] = set()
    head = 0  # the first title of the current list
    for i, (start, _end) in enumerate(titles):
        if i and _TITLE_LINK.fullmatch(text, titles[i - 1][1], start):
            pass  # same list as the previous title
        else:
            head = i
        s0 = titles[head][0]
        if verb_end.search(text, max(0, s0 - 40), s0):
            governed.add(i)
    return governed


def _candidate_units(rule: Rule, index: DocIndex) -> list[Unit]:
    """Prefilter (as Semgrep does with literals): only units that hold an anchor hit can match."""
    units = index.units(rule.scope)
    anchors = rule.match.anchors() if rule.scope in ("sentence", "paragraph") else None  # type: ignore[union-attr]
    if anchors is None:
        return units
    starts = [u.start for u in units]
    picked: set[int] = set()
    for node in anchors:
        for h in index.hits(node)[1]:
            i = bisect_right(starts, h.start) - 1
            if i >= 0 and units[i].start <= h.start < units[i].end:
                picked.add(i)
    return [units[i] for i in sorted(picked)]


def match_rule(rule: Rule, index: DocIndex, moods: bool = True) -> tuple[RuleMatches, RuleRun]:
    run = RuleRun(rule, index, moods)
    out = RuleMatches()
    for unit in _candidate_units(rule, index):
        hits = rule.match.evaluate(run, unit)  # type: ignore[union-attr]
        if hits is None:
            continue
        out.candidates.append(Candidate(unit=unit, hits=hits, mood=run.mood(hits, unit)))
    out.rejections = list(run.rejections.values())
    return out, run


def domain_words(rulebook: Rulebook) -> frozenset[str]:
    """The words jieba must keep whole (Rulebook.domain_words)."""
    return rulebook.domain_words()

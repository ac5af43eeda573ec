"""From matches to what a report shows: evidence sentences, near misses, criteria met (shared by every rule kind)."""
from __future__ import annotations

from .document import Document
from .matching import DONE, Candidate, DocIndex, Hit, RuleRun, Unit
from .results import Evidence, NearMiss
from .rules.model import DEFAULT_UNITS, Rule
from .rules.patterns import units_regex

MAX_EVIDENCE = 5
MAX_NEAR_MISSES = 6
QUANTITY = units_regex(DEFAULT_UNITS)  # "has data", for ranking evidence: the rulebook's own notion of a quantity


def evidence_at(doc: Document, start: int, end: int, text: str, section: int, hits: list[Hit]) -> Evidence:
    sec = doc.sections[section]
    o_start, o_end = doc.original_span(start, end)
    terms = list(dict.fromkeys(h.text for h in sorted(hits, key=lambda h: h.start)))
    return Evidence(text=text, start=o_start, end=o_end, section=sec.title, role=sec.role, terms=terms,
                    norm_start=start, norm_end=end)


def evidence(doc: Document, c: Candidate) -> Evidence:
    u = c.unit
    if u.scope == "section" and u.heading is not None:
        return evidence_at(doc, u.heading.start, u.heading.end, u.heading.text, u.section, c.hits)
    return evidence_at(doc, u.start, u.end, u.text, u.section, c.hits)


def near_miss(doc: Document, start: int, end: int, reason: str, detail: str, term: str = "") -> NearMiss:
    sent = doc.sentence_at(start)
    s, e, text = (sent.start, sent.end, sent.text) if sent else (start, end, doc.text[start:end])
    o_start, o_end = doc.original_span(s, e)
    return NearMiss(text=text, start=o_start, end=o_end, reason=reason, detail=detail, term=term,
                    norm_start=s, norm_end=e)


def criterion_met(run: RuleRun, index: DocIndex, rule: Rule, crit, done: list[Candidate]) -> bool:
    """A graded criterion holds where some done evidence's enclosing unit (at the criterion's scope) matches it."""
    scope = crit.scope or rule.scope
    seen: set[tuple[int, int]] = set()
    for c in done:
        unit: Unit = index.enclosing(c.unit, scope)
        if (unit.start, unit.end) in seen:
            continue
        seen.add((unit.start, unit.end))
        hits = crit.pattern.evaluate(run, unit)
        if hits is None:
            continue
        if not hits or run.mood(hits, unit) == DONE:
            return True
    return False

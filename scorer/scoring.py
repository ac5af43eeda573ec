"""From matches to verdicts, credits and the score.

How each kind of rule reaches its verdict is the kind's own (rules/kinds.py); for concept rules:
- met / partial: the rule's match is reported as done somewhere; the credit is
  the weighted share of its criteria that done evidence satisfies (the core
  criterion is the match itself). Done evidence anywhere wins over plans or
  problems elsewhere.
- planned: found only as a plan or only inside a statement of problems.
- missing: not found (look-alikes, negated mentions and titles do not count).
- na: the rule does not apply to this unit's level.
Score = 100 × Σ weight×credit / Σ weight over the applicable rules.
"""
from __future__ import annotations

from .budget import rule_clock
from .document import Document
from .matching import DocIndex, domain_words
from .results import PartScore, ReportResult, RuleResult
from .rules.kinds import KINDS
from .rules.model import Rule, Rulebook
from .rules.vocabulary import LEVEL_LABELS
from .wordfreq import lookup


def _not_applicable(rule: Rule, doc: Document) -> str | None:
    level, year = doc.metadata.level, doc.metadata.year
    if level and level not in rule.applies_to:
        return f"不适用于{LEVEL_LABELS.get(level, level)}报告"
    if year is not None and rule.year_from is not None and year < rule.year_from:
        return f"只适用于 {rule.year_from} 年度及以后的报告"
    if year is not None and rule.year_to is not None and year > rule.year_to:
        return f"只适用于 {rule.year_to} 年度及以前的报告"
    return None


def evaluate_rule(rule: Rule, doc: Document, index: DocIndex) -> RuleResult:
    """Not applicable to this report, or what the rule's kind decides (rules/kinds.py)."""
    why_na = _not_applicable(rule, doc)
    if why_na:
        return RuleResult(rule=rule, status="na", credit=0.0, message=why_na)
    return KINDS[rule.kind].verdict(rule, doc, index)


def _apply_waiver(res: RuleResult, doc: Document, waivers, today) -> RuleResult:
    for w in waivers:
        if not w.applies(doc.metadata.unit, res.rule.id):
            continue
        res.waiver = w.to_dict(today)
        if w.active(today) and res.status != "na":
            res.status, res.credit = "waived", 0.0
            res.message = f"已豁免（{w.approved_by} 批准，至 {w.expires.isoformat()}）：{w.justification}"
        elif not w.active(today):
            res.message += f"（豁免已于 {w.expires.isoformat()} 到期，重新计分）"
        break
    return res


def score_document(doc: Document, rulebook: Rulebook, waivers=(), today=None) -> ReportResult:
    """Verdicts for every rule; waived, not-applicable and info rules stay out of the score."""
    import datetime as dt

    today = today or dt.date.today()
    index = DocIndex(doc, domain_words(rulebook), rulebook.implementing_verbs, rulebook.literal_terms())
    lookup()  # jieba's dictionary opened (built, the first time) before any rule's time budget starts
    results = []
    with rule_clock(len(doc.text)) as clock:  # a runaway rule stops with an error naming it (budget.py)
        for rule in rulebook.rules:
            clock.arm(rule)
            results.append(_apply_waiver(evaluate_rule(rule, doc, index), doc, waivers, today))
    applicable = [r for r in results if r.status not in ("na", "waived") and r.rule.counts_in_score]
    total_w = sum(r.rule.weight for r in applicable)
    score = round(100 * sum(r.rule.weight * r.credit for r in applicable) / total_w, 1) if total_w else 0.0
    parts = []
    for p in rulebook.parts:
        rs = [r for r in applicable if r.rule.part == p.id]
        w = sum(r.rule.weight for r in rs)
        parts.append(PartScore(id=p.id, title=p.title,
                               score=round(100 * sum(r.rule.weight * r.credit for r in rs) / w, 1) if w else None,
                               weight=w))
    from .metadata import timeliness

    return ReportResult(file=doc.path, document=doc, rulebook=rulebook, score=score, parts=parts, rules=results,
                        timeliness=timeliness(doc.metadata))

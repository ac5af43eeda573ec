"""From matches to verdicts, credits and the score.

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

from .budget import time_budget
from .combined_parts import role_span
from .document import Document
from .matching import DONE, PLAN, REASONS, Candidate, DocIndex, Hit, Unit, _RuleRun, domain_words, match_rule
from .results import CriterionResult, Evidence, NearMiss, PartScore, ReportResult, RuleResult
from .rulebook import DEFAULT_UNITS, Rule, Rulebook, _units_rx

MAX_EVIDENCE = 5
MAX_NEAR_MISSES = 6
_QUANTITY = _units_rx(DEFAULT_UNITS)  # "has data", for ranking evidence: the rulebook's own notion of a quantity


def _evidence_at(doc: Document, start: int, end: int, text: str, section: int, hits: list[Hit]) -> Evidence:
    sec = doc.sections[section]
    o_start, o_end = doc.original_span(start, end)
    terms = list(dict.fromkeys(h.text for h in sorted(hits, key=lambda h: h.start)))
    return Evidence(text=text, start=o_start, end=o_end, section=sec.title, role=sec.role, terms=terms,
                    norm_start=start, norm_end=end)


def _evidence(doc: Document, c: Candidate) -> Evidence:
    u = c.unit
    if u.scope == "section" and u.heading is not None:
        return _evidence_at(doc, u.heading.start, u.heading.end, u.heading.text, u.section, c.hits)
    return _evidence_at(doc, u.start, u.end, u.text, u.section, c.hits)


def _near_miss(doc: Document, start: int, end: int, reason: str, detail: str, term: str = "") -> NearMiss:
    sent = doc.sentence_at(start)
    s, e, text = (sent.start, sent.end, sent.text) if sent else (start, end, doc.text[start:end])
    o_start, o_end = doc.original_span(s, e)
    return NearMiss(text=text, start=o_start, end=o_end, reason=reason, detail=detail, term=term,
                    norm_start=s, norm_end=e)


def _criterion_met(run: _RuleRun, index: DocIndex, rule: Rule, crit, done: list[Candidate]) -> bool:
    scope = crit.scope or rule.scope
    seen: set[tuple[int, int]] = set()
    for c in done:
        unit: Unit = index.enclosing(c.unit, scope)
        if (unit.start, unit.end) in seen:
            continue
        seen.add((unit.start, unit.end))
        hits = run.ev(crit.pattern, unit)
        if hits is None:
            continue
        if not hits or run.mood(hits, unit) == DONE:
            return True
    return False


def _strongest(rule: Rule, doc: Document, done: list[Candidate]) -> list[Candidate]:
    """Best evidence first: body sentences before bare headings, sentences with data first.
    For structure rules, the matching part itself rather than each of its sub-headings."""
    if rule.kind == "structure":
        matched = {c.unit.section for c in done}
        return [c for c in done
                if not any(sec.index in matched for sec in doc.section_chain(c.unit.section)[1:])]
    return sorted(done, key=lambda c: (c.unit.heading is not None, not _QUANTITY.search(c.unit.text),
                                       -len({h.text for h in c.hits}), c.unit.start))


def _not_applicable(rule: Rule, doc: Document) -> str | None:
    level, year = doc.metadata.level, doc.metadata.year
    if level and level not in rule.applies_to:
        return f"不适用于{_LEVEL_CN.get(level, level)}报告"
    if year is not None and rule.year_from is not None and year < rule.year_from:
        return f"只适用于 {rule.year_from} 年度及以后的报告"
    if year is not None and rule.year_to is not None and year > rule.year_to:
        return f"只适用于 {rule.year_to} 年度及以前的报告"
    return None


def _timeliness(rule: Rule, doc: Document) -> RuleResult:
    from .metadata import timeliness

    t = timeliness(doc.metadata)
    if t["status"] == "unknown":
        return RuleResult(rule=rule, status="na", credit=0.0, message=f"无法判断：{t['detail']}")
    ok = t["status"] == "on-time"
    return RuleResult(rule=rule, status="met" if ok else "missing", credit=1.0 if ok else 0.0,
                      criteria=[CriterionResult(c.id, c.title, c.weight, ok) for c in rule.criteria],
                      message=("按时：" if ok else "逾期：") + str(t["detail"]))


def _forbid(rule: Rule, doc: Document, index: DocIndex) -> RuleResult:
    """A rule that is met when its pattern is absent (e.g. the 2015 outline's goal wording)."""
    matches, _ = match_rule(rule, index)
    crit = [CriterionResult(c.id, c.title, c.weight, not matches.candidates) for c in rule.criteria]
    if not matches.candidates:
        return RuleResult(rule=rule, status="met", credit=1.0, criteria=crit, message="未发现")
    found = [_evidence(doc, c) for c in matches.candidates[:MAX_EVIDENCE]]
    return RuleResult(rule=rule, status="missing", credit=0.0, criteria=crit, evidence=found,
                      message=f"发现 {len(matches.candidates)} 处不应出现的表述（见引文）")


def _correspondence(rule: Rule, doc: Document, index: DocIndex) -> RuleResult:
    """Share of the topics named in one part (the shortcomings) that another part (the plans) takes up."""
    def topics_in(role: str) -> dict[str, list[Hit]]:
        found: dict[str, list[Hit]] = {}
        for sec in doc.sections:
            span = role_span(doc, sec, role)  # a combined "问题及改进措施" part: only its own half
            if span is None or span[1] <= span[0]:
                continue
            for name, pat in rule.topics.items():
                hits = index.hits_in(pat.rx, *span)
                if hits:
                    found.setdefault(name, []).extend(hits)
        return found

    named, answered = topics_in(rule.from_role), topics_in(rule.to_role)
    if not named:
        return RuleResult(rule=rule, status="na", credit=0.0,
                          message="没有可以对应的内容（没有写明具体领域的不足）")
    covered = [t for t in named if t in answered]
    credit = len(covered) / len(named)
    status = "met" if credit >= 0.999 else "partial" if covered else "missing"
    missing = [t for t in named if t not in answered]
    crit = [CriterionResult(f"topic-{i}", f"不足中的“{t}”在安排中有回应", 1.0, t in answered)
            for i, t in enumerate(named)]
    evidence = []
    for t in covered[:MAX_EVIDENCE]:
        h = answered[t][0]
        sent = doc.sentence_at(h.start)
        if sent:
            evidence.append(_evidence_at(doc, sent.start, sent.end, sent.text, sent.section, [h]))
    msg = "下一年度安排回应了全部不足" if status == "met" else "安排没有回应的不足：" + "、".join(missing)
    return RuleResult(rule=rule, status=status, credit=credit, criteria=crit, evidence=evidence, message=msg)


def evaluate_rule(rule: Rule, doc: Document, index: DocIndex) -> RuleResult:
    why_na = _not_applicable(rule, doc)
    if why_na:
        return RuleResult(rule=rule, status="na", credit=0.0, message=why_na)
    if rule.kind == "timeliness":
        return _timeliness(rule, doc)
    if rule.kind == "forbid":
        return _forbid(rule, doc, index)
    if rule.kind == "correspondence":
        return _correspondence(rule, doc, index)
    matches, run = match_rule(rule, index)
    done = matches.done
    criteria: list[CriterionResult] = []
    if done:
        for crit in rule.criteria:
            ok = crit.pattern is None or _criterion_met(run, index, rule, crit, done)
            criteria.append(CriterionResult(crit.id, crit.title, crit.weight, ok))
        total = sum(c.weight for c in criteria)
        credit = sum(c.weight for c in criteria if c.met) / total if total else 1.0
        status = "met" if credit >= 0.999 else "partial"
        missing = [c.title for c in criteria if not c.met]
        message = "已写明" if status == "met" else "已写明，但缺少：" + "；".join(missing)
    else:
        criteria = [CriterionResult(c.id, c.title, c.weight, False) for c in rule.criteria]
        credit = 0.0
        if matches.candidates:
            status = "planned"
            only_plans = all(c.mood == PLAN for c in matches.candidates)
            message = "只作为计划提出，未写明已落实" if only_plans else "只在问题/不足或计划中提到，未写明已落实"
        else:
            status = "missing"
            message = "报告中没有找到" + ("（有相似说法，但不算数，见“近似未计”）" if matches.rejections else "")

    evidence = [_evidence(doc, c) for c in _strongest(rule, doc, done)[:MAX_EVIDENCE]]
    near: list[NearMiss] = []
    seen_near: set[tuple[int, str]] = set()
    for c in matches.candidates:
        if c.mood == DONE:
            continue
        reason = "plan-only" if c.mood == PLAN else "problem-only"
        first = min(c.hits, key=lambda h: h.start) if c.hits else Hit(c.unit.start, c.unit.end, "")
        nm = _near_miss(doc, first.start, first.end, reason, REASONS[reason], first.text)
        if (nm.start, reason) not in seen_near:
            seen_near.add((nm.start, reason))
            near.append(nm)
    for rej in sorted(matches.rejections, key=lambda r: r.hit.start):
        nm = _near_miss(doc, rej.hit.start, rej.hit.end, rej.reason, rej.detail, rej.hit.text)
        if (nm.start, rej.reason) not in seen_near:
            seen_near.add((nm.start, rej.reason))
            near.append(nm)
    return RuleResult(rule=rule, status=status, credit=credit, criteria=criteria, evidence=evidence,
                      near_misses=near[:MAX_NEAR_MISSES], message=message)


_LEVEL_CN = {"township": "乡镇（街道）", "county": "县级政府", "department": "政府部门"}


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
    index = DocIndex(doc, domain_words(rulebook), rulebook.implementing_verbs)
    results = []
    for rule in rulebook.rules:
        with time_budget(rule):  # a runaway rule stops with an error naming it (budget.py)
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
    return ReportResult(file=doc.path, document=doc, rulebook=rulebook, score=score, parts=parts, rules=results)

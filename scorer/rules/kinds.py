"""Rule kinds: one class each, parsing its own YAML keys and deciding its own verdict.

- concept: the requirement is written as done somewhere (met/partial by graded criteria),
  only as a plan or a problem (planned), or not at all (missing);
- structure: the report has the part (a heading or section), plans and problems do not matter;
- forbid: met when a wording is absent (e.g. the 2015 outline's goals in a 2023 report);
- timeliness: published or signed by 31 March of the next year;
- correspondence: the topics named in one part (the shortcomings) are taken up in another (the plans).

To add a kind: write a class with `name` and `verdict` (and `parse`, `needs_match`, `graded`,
`moods` where they differ) and list it in KINDS.
"""
from __future__ import annotations

import re
from typing import Any, ClassVar

from ..combined_parts import role_span
from ..findings import MAX_EVIDENCE, MAX_NEAR_MISSES, QUANTITY, criterion_met, evidence, evidence_at, near_miss
from ..matching import DONE, PLAN, Hit, match_rule
from ..metadata import timeliness
from ..results import CriterionResult, RuleResult
from .patterns import Terms, parse_pattern
from .vocabulary import KINDS as KIND_NAMES
from .vocabulary import REASONS, ROLES


class Kind:
    name: ClassVar[str] = ""
    needs_match: ClassVar[bool] = False  # the rule must have `match`
    graded: ClassVar[bool] = False  # the rule may have graded `criteria`
    moods: ClassVar[bool] = True  # a match only as a plan or a problem is not done
    keys: ClassVar[tuple[str, ...]] = ()  # YAML keys only this kind takes

    def parse(self, ctx, node, units_rx: re.Pattern[str]) -> dict[str, Any]:
        """This kind's own keys (listed in `keys`), as Rule fields."""
        return {}

    def strongest(self, rule, doc, done: list) -> list:
        """Best evidence first: body sentences before bare headings, sentences with data first."""

        return sorted(done, key=lambda c: (c.unit.heading is not None, not QUANTITY.search(c.unit.text),
                                           -len({h.text for h in c.hits}), c.unit.start))

    def verdict(self, rule, doc, index):
        raise NotImplementedError


class Concept(Kind):
    name = "concept"
    needs_match = True
    graded = True

    def verdict(self, rule, doc, index):
        matches, run = match_rule(rule, index, self.moods)
        done = matches.done
        criteria: list[CriterionResult] = []
        if done:
            for crit in rule.criteria:
                ok = crit.pattern is None or criterion_met(run, index, rule, crit, done)
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

        found = [evidence(doc, c) for c in self.strongest(rule, doc, done)[:MAX_EVIDENCE]]
        near = []
        seen_near: set[tuple[int, str]] = set()
        for c in matches.candidates:
            if c.mood == DONE:
                continue
            reason = "plan-only" if c.mood == PLAN else "problem-only"
            first = min(c.hits, key=lambda h: h.start) if c.hits else Hit(c.unit.start, c.unit.end, "")
            nm = near_miss(doc, first.start, first.end, reason, REASONS[reason], first.text)
            if (nm.start, reason) not in seen_near:
                seen_near.add((nm.start, reason))
                near.append(nm)
        for rej in sorted(matches.rejections, key=lambda r: r.hit.start):
            nm = near_miss(doc, rej.hit.start, rej.hit.end, rej.reason, rej.detail, rej.hit.text)
            if (nm.start, rej.reason) not in seen_near:
                seen_near.add((nm.start, rej.reason))
                near.append(nm)
        return RuleResult(rule=rule, status=status, credit=credit, criteria=criteria, evidence=found,
                          near_misses=near[:MAX_NEAR_MISSES], message=message)


class Structure(Concept):
    name = "structure"
    moods = False  # a part of the report is there or not; what it says is for other rules

    def strongest(self, rule, doc, done):
        """The matching part itself rather than each of its sub-headings."""
        matched = {c.unit.section for c in done}
        return [c for c in done if not any(sec.index in matched for sec in doc.section_chain(c.unit.section)[1:])]


class Forbid(Kind):
    name = "forbid"
    needs_match = True
    moods = False

    def verdict(self, rule, doc, index):
        matches, _ = match_rule(rule, index, self.moods)
        crit = [CriterionResult(c.id, c.title, c.weight, not matches.candidates) for c in rule.criteria]
        if not matches.candidates:
            return RuleResult(rule=rule, status="met", credit=1.0, criteria=crit, message="未发现")
        found = [evidence(doc, c) for c in matches.candidates[:MAX_EVIDENCE]]
        return RuleResult(rule=rule, status="missing", credit=0.0, criteria=crit, evidence=found,
                          message=f"发现 {len(matches.candidates)} 处不应出现的表述（见引文）")


class Timeliness(Kind):
    name = "timeliness"

    def verdict(self, rule, doc, index):
        t = timeliness(doc.metadata)
        if t["status"] == "unknown":
            return RuleResult(rule=rule, status="na", credit=0.0, message=f"无法判断：{t['detail']}")
        ok = t["status"] == "on-time"
        return RuleResult(rule=rule, status="met" if ok else "missing", credit=1.0 if ok else 0.0,
                          criteria=[CriterionResult(c.id, c.title, c.weight, ok) for c in rule.criteria],
                          message=("按时：" if ok else "逾期：") + str(t["detail"]))


class Correspondence(Kind):
    """Share of the topics named in one part (the shortcomings) that another part (the plans) takes up."""

    name = "correspondence"
    keys = ("topics", "from_role", "to_role")

    def parse(self, ctx, node, units_rx):

        raw_t = node.get("topics")
        if not isinstance(raw_t, dict) or not raw_t:
            ctx.fail("a correspondence rule needs 'topics': {name: [terms]}", node, key="topics")
        topics: dict[str, Terms] = {}
        for name, terms in raw_t.items():
            pat = parse_pattern(ctx, terms, units_rx, raw_t, str(name))
            if not isinstance(pat, Terms):
                ctx.fail("topics are lists of terms", raw_t, key=str(name))
            topics[str(name)] = pat
        for key in ("from_role", "to_role"):
            if node.get(key) not in ROLES:
                ctx.fail(f"{key} must be a section role ({', '.join(ROLES)})", node, key=key)
        return {"topics": topics, "from_role": node["from_role"], "to_role": node["to_role"]}

    def verdict(self, rule, doc, index):
        def topics_in(role: str) -> dict[str, list]:
            found: dict[str, list] = {}
            for sec in doc.sections:
                span = role_span(doc, sec, role)  # a combined "问题及改进措施" part: only its own half
                if span is None or span[1] <= span[0]:
                    continue
                for name, pat in rule.topics.items():
                    hits = index.hits_in(pat, *span)
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
        found = []
        for t in covered[:MAX_EVIDENCE]:
            h = answered[t][0]
            sent = doc.sentence_at(h.start)
            if sent:
                found.append(evidence_at(doc, sent.start, sent.end, sent.text, sent.section, [h]))
        msg = "下一年度安排回应了全部不足" if status == "met" else "安排没有回应的不足：" + "、".join(missing)
        return RuleResult(rule=rule, status=status, credit=credit, criteria=crit, evidence=found, message=msg)


KINDS: dict[str, Kind] = {k.name: k for k in (Concept(), Structure(), Timeliness(), Forbid(), Correspondence())}
assert tuple(KINDS) == KIND_NAMES

"""Result objects: every finding carries its rule id, location, message and evidence.

`ReportResult.to_dict()` is the stable JSON documented in the README.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .document import Document
from .rules.model import Rule, Rulebook
from .rules.vocabulary import OPTIONAL, SHOWN_LABELS, SHOWN_ORDER, STATUS_LABELS, shown  # noqa: F401  (re-exported)


def shown_status(rule: Rule, status: str) -> str:
    """The status to show and count for a verdict of this rule: an optional item not written is not a gap."""
    return shown(status, rule.counts_in_score)


@dataclass
class Evidence:
    text: str  # the sentence (or heading) as normalized
    start: int  # offsets into the original decoded text
    end: int
    section: str
    role: str
    terms: list[str]
    norm_start: int = 0  # offsets into the normalized text (for renderers)
    norm_end: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "section": self.section,
                "role": self.role, "terms": self.terms}


@dataclass
class NearMiss:
    text: str
    start: int
    end: int
    reason: str  # a key of rules.vocabulary.REASONS
    detail: str
    term: str = ""
    norm_start: int = 0
    norm_end: int = 0

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end, "reason": self.reason,
                "detail": self.detail, "term": self.term}


@dataclass
class CriterionResult:
    id: str
    title: str
    weight: float
    met: bool

    def to_dict(self, rule_text: bool = True) -> dict[str, Any]:
        if not rule_text:
            return {"id": self.id, "met": self.met}
        return {"id": self.id, "title": self.title, "weight": self.weight, "met": self.met}


@dataclass
class RuleResult:
    rule: Rule
    status: str
    credit: float
    criteria: list[CriterionResult] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    near_misses: list[NearMiss] = field(default_factory=list)
    message: str = ""
    waiver: dict[str, Any] | None = None

    @property
    def id(self) -> str:
        return self.rule.id

    @property
    def shown(self) -> str:
        return shown_status(self.rule, self.status)

    def to_dict(self, rule_text: bool = True) -> dict[str, Any]:
        """This report's finding; with rule_text=False, without what the rule says in every report
        (title, basis, advice…: `rule_dict`, written once to the summary's rules.json)."""
        declared = {c.id for c in self.rule.criteria}
        found = {
            "id": self.rule.id, "status": self.status, "credit": round(self.credit, 3), "message": self.message,
            # a criterion the rule declares is in rules.json; one made for this report (a topic) keeps its title
            "criteria": [c.to_dict(rule_text or c.id not in declared) for c in self.criteria],
            "evidence": [e.to_dict() for e in self.evidence],
            "near_misses": [n.to_dict() for n in self.near_misses],
            "waiver": self.waiver,
        }
        return {**rule_dict(self.rule), **found} if rule_text else found


def rule_dict(r: Rule) -> dict[str, Any]:
    """What a rule says, the same for every report: the constant part of a finding."""
    return {
        "id": r.id, "title": r.title, "part": r.part, "weight": r.weight, "severity": r.severity,
        "basis": [{"doc": b.doc, "clause": b.clause, "status": b.status, "quote": b.quote, "ref": b.ref,
                   "label": b.label} for b in r.basis],
        "advice": r.advice,
        "kind": r.kind,
        "counts_in_score": r.counts_in_score,
        "criteria": [{"id": c.id, "title": c.title, "weight": c.weight} for c in r.criteria],
    }


def with_rule_text(data: dict[str, Any], rules: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """A results.jsonl row made whole again: each finding joined with its rule's text from rules.json
    (`rulebook_dict(rb)["rules"]`), criteria matched by id, as `check --json` writes it."""
    out = []
    for r in data.get("rules", []):
        text = rules.get(r.get("id"), {})
        titles = {c["id"]: c for c in text.get("criteria", [])}
        crit = [{**titles.get(c.get("id"), {}), **c} for c in r.get("criteria", [])]
        out.append({**text, **r, "criteria": crit})
    return {**data, "rules": out}


def rulebook_dict(rb: Rulebook) -> dict[str, Any]:
    """The rulebook's constant text by rule id (the summary's rules.json, which results.jsonl refers to)."""
    return {"rulebook": {"id": rb.id, "version": rb.version, "title": rb.title},
            "parts": [{"id": p.id, "title": p.title} for p in rb.parts],
            "rules": {r.id: rule_dict(r) for r in rb.rules}}


@dataclass
class PartScore:
    id: str
    title: str
    score: float | None  # None when no rule of the part applies
    weight: float

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "title": self.title, "score": self.score, "weight": self.weight}


@dataclass
class ReportResult:
    file: str
    document: Document
    rulebook: Rulebook
    score: float
    parts: list[PartScore]
    rules: list[RuleResult]
    timeliness: dict[str, Any] = field(default_factory=dict)  # metadata.timeliness: decided once, when scoring

    def counts(self) -> dict[str, int]:
        out = {k: 0 for k in SHOWN_LABELS}  # "optional" comes last: the JSON only appends keys
        for r in self.rules:
            out[r.shown] += 1
        return out

    def to_dict(self, rule_text: bool = True) -> dict[str, Any]:
        md = self.document.metadata
        return {
            "file": self.file,
            "title": md.title,
            "unit": md.unit,
            "county": md.county,
            "level": md.level,
            "year": md.year,
            "dated": md.dated,
            "published": md.published,
            "rulebook": {"id": self.rulebook.id, "version": self.rulebook.version},
            "score": self.score,
            "counts": self.counts(),
            "parts": [p.to_dict() for p in self.parts],
            "rules": [r.to_dict(rule_text) for r in self.rules],
            "unit_source": md.unit_source,  # title | signature | publisher | page | body | given
        }

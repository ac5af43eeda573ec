"""Result objects: every finding carries its rule id, location, message and evidence.

`ReportResult.to_dict()` is the stable JSON documented in the README.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .document import Document
from .rulebook import Rule, Rulebook

STATUS_LABELS = {
    "met": "已落实",
    "partial": "部分落实",
    "planned": "仅计划/仅问题",
    "missing": "缺失",
    "waived": "已豁免",
    "na": "不适用",
}
# How a verdict is shown and counted. An optional item (a rule that does not count in the score, such as
# "其他需要报告的情况（如有）") that is not written is not a gap: it is shown as OPTIONAL, never as a red 缺失,
# and never counted among the missing — in the terminal, the cards, the summary and the spreadsheets.
# The JSON keeps the verdict itself in rules[].status; counts{} counts what is shown.
OPTIONAL = "optional"
SHOWN_LABELS = {**STATUS_LABELS, OPTIONAL: "可选，未写"}
SHOWN_ORDER = ("met", "partial", "planned", "missing", OPTIONAL, "waived", "na")


def shown_status(rule: Rule, status: str) -> str:
    """The status to show and count for a verdict of this rule."""
    return OPTIONAL if status in ("planned", "missing") and not rule.counts_in_score else status


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
    reason: str  # negated | lookalike | title | fragment | plan-only | problem-only
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

    def to_dict(self) -> dict[str, Any]:
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

    def to_dict(self) -> dict[str, Any]:
        r = self.rule
        return {
            "id": r.id, "title": r.title, "part": r.part, "weight": r.weight, "severity": r.severity,
            "status": self.status, "credit": round(self.credit, 3), "message": self.message,
            "criteria": [c.to_dict() for c in self.criteria],
            "evidence": [e.to_dict() for e in self.evidence],
            "near_misses": [n.to_dict() for n in self.near_misses],
            "basis": [{"doc": b.doc, "clause": b.clause, "status": b.status, "quote": b.quote, "ref": b.ref}
                      for b in r.basis],
            "advice": r.advice,
            "kind": r.kind,
            "counts_in_score": r.counts_in_score,
            "waiver": self.waiver,
        }


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

    def counts(self) -> dict[str, int]:
        out = {k: 0 for k in SHOWN_LABELS}  # "optional" comes last: the JSON only appends keys
        for r in self.rules:
            out[r.shown] += 1
        return out

    def to_dict(self) -> dict[str, Any]:
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
            "rules": [r.to_dict() for r in self.rules],
            "unit_source": md.unit_source,  # title | signature | publisher | page | body | given
        }

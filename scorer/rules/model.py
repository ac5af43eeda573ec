"""The rulebook model: plain dataclasses, built by loader.py from YAML (see the README's annotated rule).

A rule says *what* counts as evidence (a pattern over sentences, paragraphs or sections), which
look-alikes do not count, how partial credit is graded, what it rests on (basis) and what to write
when it is missing (advice). How a rule reaches its verdict is its kind's (kinds.py).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from .patterns import Node, Terms
from .vocabulary import BASIS_STATUSES

DEFAULT_RULEBOOK_ID = "fzzf-2021"
DEFAULT_UNITS = (
    "件", "次", "份", "名", "人", "人次", "场", "场次", "期", "条", "个", "项", "%", "学时", "课时", "小时", "天",
    "日", "卷", "户", "家", "元", "万元", "篇", "批", "处", "起", "宗", "部", "本", "套", "台", "支",
)
# What every output (HTML, terminal, JSON, a Word report) shows beside a basis, by status:
# 原文 read in a faithful full text, 转引 only in a secondary source, 待核 not verified (rules/SOURCES.md)
BASIS_LABELS = {"原文": "原文", "转引": "转引（二手来源）", "待核": "依据待核实"}
assert set(BASIS_LABELS) == set(BASIS_STATUSES)


@dataclass
class Basis:
    doc: str
    clause: str = ""
    status: str = ""  # 原文 / 转引 / 待核
    quote: str = ""
    ref: str = ""

    @property
    def unverified(self) -> bool:
        """Nobody has read this basis, not even second-hand (待核, or no status given)."""
        return self.status not in ("原文", "转引")

    @property
    def label(self) -> str:
        """The one label every renderer shows for this basis: an unverified one says so plainly."""
        return BASIS_LABELS["待核"] if self.unverified else BASIS_LABELS[self.status]


@dataclass
class Lookalike:
    pattern: Node
    reason: str


@dataclass
class Criterion:
    id: str
    title: str
    weight: float
    pattern: Node | None  # None: the rule's own match (the core)
    scope: str | None = None  # evaluate on the evidence's enclosing unit at this scope


@dataclass
class Rule:
    id: str
    title: str
    part: str
    weight: float
    severity: str
    applies_to: tuple[str, ...]
    kind: str  # a key of kinds.KINDS
    scope: str
    match: Node | None
    lookalikes: list[Lookalike]
    criteria: list[Criterion]
    basis: list[Basis]
    advice: str
    description: str
    examples: dict[str, list[str]]
    in_titles: bool = False
    negation: bool = True
    source: str = ""
    line: int = 0
    year_from: int | None = None  # applies_when: only to reports on these years
    year_to: int | None = None
    topics: dict[str, Terms] = field(default_factory=dict)  # correspondence rules
    from_role: str = ""
    to_role: str = ""
    short: str = ""  # a column header of at most SHORT_MAX characters (the summary matrix)

    @property
    def counts_in_score(self) -> bool:
        return self.severity != "info"

    @property
    def basis_unverified(self) -> bool:
        """Every basis of the rule is unverified: outputs say 依据待核实 next to the requirement."""
        return all(b.unverified for b in self.basis)

    def patterns(self) -> list[Node]:
        """Every pattern of the rule: its match, topics, criteria and look-alikes."""
        out = [self.match] if self.match is not None else []
        out += list(self.topics.values())
        out += [c.pattern for c in self.criteria if c.pattern is not None]
        out += [lk.pattern for lk in self.lookalikes]
        return out


@dataclass
class Part:
    id: str
    title: str
    description: str = ""


@dataclass
class Rulebook:
    id: str
    version: str
    title: str
    parts: list[Part]
    rules: list[Rule]
    path: str
    units: tuple[str, ...] = DEFAULT_UNITS
    description: str = ""
    extends: str | None = None
    # verbs that make a 《title》 right after them the reporting body's own act (认真执行《…规定》):
    # such a title is evidence; a title only studied or cited (学习《…》, 根据《…》) is not
    implementing_verbs: tuple[str, ...] = ()

    def rule(self, rule_id: str) -> Rule:
        for r in self.rules:
            if r.id == rule_id:
                return r
        raise KeyError(rule_id)

    def part(self, part_id: str) -> Part:
        for p in self.parts:
            if p.id == part_id:
                return p
        raise KeyError(part_id)

    def literal_terms(self) -> frozenset[str]:
        """Every literal term of every pattern (matches, criteria, topics, look-alikes); computed once."""
        got = self.__dict__.get("_literal_terms")
        if got is None:
            got = self.__dict__["_literal_terms"] = frozenset(
                t for r in self.rules for p in r.patterns() for n in p.walk() if isinstance(n, Terms) for t in n.terms)
        return got

    def all_terms(self) -> frozenset[str]:
        """Every literal term of two characters or more, for jieba's dictionary."""
        return frozenset(t for t in self.literal_terms() if len(t) >= 2)

    def domain_words(self) -> frozenset[str]:
        """The words segmentation keeps whole: the shared domain lexicon and this rulebook's terms; computed once."""
        got = self.__dict__.get("_domain_words")
        if got is None:
            from ..lexicon import DOMAIN_TERMS

            got = self.__dict__["_domain_words"] = frozenset(DOMAIN_TERMS) | self.all_terms()
        return got

"""Pattern nodes: one class per YAML key, each parsing itself, naming its literal anchors and evaluating itself.

A pattern is evaluated on one unit (sentence, paragraph, section or title) by a rule run
(matching.RuleRun), which supplies the document's hits and filters each literal hit (titles,
look-alikes, negation, word fragments). `evaluate` returns the hits that make the match — an
empty list for a match that needs no literal (a role, a negation) — or None for no match.

To add a node: write a class with `key`, `parse`, `evaluate` (and `children`, `anchors` or `raw`
where they apply) and list it in NODES.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass
from typing import Any, ClassVar, Iterator, Optional

from .literals import analyse, windowed_finditer
from .spans import Hit, Unit
from .vocabulary import ROLES

MAX_REGEX = 2000  # characters; the built-in rulebook's longest is a few hundred

# Report text is folded to half-width punctuation; fold the regex's safe ones too
# (full-width brackets are left alone: in a regex they must be written as \( \)).
_RX_FOLD = str.maketrans({"，": ",", "：": ":", "；": ";", "！": "!", "？": "?", "　": " "})


def norm_term(t: str) -> str:
    """Fold a rule term the same way report text is folded (full-width → half-width)."""
    from ..cleaning import _FULLWIDTH

    return t.translate(_FULLWIDTH).replace(" ", "")


def compile_regex(ctx, source: str, node, key: str) -> re.Pattern[str]:
    from ..regex_safety import nested_quantifier

    shown = source if len(source) <= 80 else source[:77] + "..."
    if len(source) > MAX_REGEX:
        ctx.fail(f"regular expression longer than {MAX_REGEX} characters", node, key=key)
    try:
        rx = re.compile(source.translate(_RX_FOLD))
    except (re.error, OverflowError, RecursionError, ValueError) as exc:  # {4294967296}: OverflowError
        ctx.fail(f"bad regular expression {shown!r}: {exc}", node, key=key)
        raise  # unreachable: fail() raises
    if nested_quantifier(rx.pattern):
        ctx.fail(f"regular expression {shown!r} repeats a group that itself repeats (like '(a+)+'): it can take "
                 "exponential time on some texts; rewrite it without the nested quantifier", node, key=key)
    return rx


def units_regex(units: tuple[str, ...]) -> re.Pattern[str]:
    """A quantity: a number (or Chinese numeral) followed by one of the rulebook's units (件, 次, 人次…)."""
    alt = "|".join(re.escape(u) for u in sorted(units, key=len, reverse=True))
    return re.compile(rf"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千万]+)\s*(?:余|多|多万)?\s*(?:{alt})")


class Node:
    """A pattern node. Subclasses set `key` (their YAML key) and implement `parse` and `evaluate`."""

    key: ClassVar[str] = ""

    @classmethod
    def parse(cls, ctx, value: Any, mapping, key: str, units_rx: re.Pattern[str]) -> "Node":
        raise NotImplementedError

    def evaluate(self, run, unit: Unit) -> Optional[list[Hit]]:
        raise NotImplementedError

    def children(self) -> tuple["Node", ...]:
        return ()

    def anchors(self) -> Optional[list["Literal"]]:
        """Literal nodes one of whose hits every match must contain, or None when a match needs none."""
        return None  # roles, headings, quantities, negations: evaluate every unit

    def raw(self, run, unit: Unit) -> list[Hit]:
        """All literal hits of the positive parts in a unit, unfiltered (for look-alikes)."""
        return []

    def walk(self) -> Iterator["Node"]:
        yield self
        for c in self.children():
            yield from c.walk()


class _Compiled:
    """A node that compiles its regex on first use and pickles only the source
    (a cached rulebook then loads without recompiling patterns a report never needs)."""

    source: str

    @property
    def rx(self) -> re.Pattern[str]:
        rx = self.__dict__.get("_rx")
        if rx is None:
            rx = self.__dict__["_rx"] = re.compile(self.source)
        return rx

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "_rx"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)


class Literal(_Compiled, Node):
    """A node whose hits are spans of the text (terms, regex): the anchors of the prefilter."""

    word_check: ClassVar[bool] = False  # whether a hit that cuts a dictionary word in two is rejected

    def anchors(self) -> list["Literal"]:
        return [self]

    def raw(self, run, unit: Unit) -> list[Hit]:
        return run.ix.hits_in(self, unit.start, unit.end)

    def may_occur(self, text: str) -> bool:
        """False only if the text cannot hold a hit (so the pattern need not run over it)."""
        return True

    def finditer(self, text: str) -> Iterator["re.Match[str]"]:
        """The pattern's matches in the whole text (what `rx.finditer(text)` yields)."""
        return self.rx.finditer(text)

    def evaluate(self, run, unit: Unit) -> Optional[list[Hit]]:
        hits = [h for h in run.ix.hits_in(self, unit.start, unit.end) if run.accept(h, self.word_check)]
        return hits or None


@dataclass(eq=False)
class Terms(Literal):
    terms: tuple[str, ...]
    source: str  # the terms as one alternation, longest first

    key: ClassVar[str] = "terms"
    word_check: ClassVar[bool] = True  # regex authors set their own boundaries: only literal terms get the check

    @classmethod
    def of(cls, ctx, items: Any, where, key: str) -> "Terms":
        if isinstance(items, str):
            items = [items]
        if not isinstance(items, list) or not items or not all(isinstance(t, str) and t.strip() for t in items):
            ctx.fail("a term list must hold non-empty strings", where, key=key)
        terms = tuple(dict.fromkeys(norm_term(t) for t in items))
        return cls(terms=terms, source="|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)))

    @classmethod
    def parse(cls, ctx, value, mapping, key, units_rx):
        return cls.of(ctx, value, mapping, key)


@dataclass(eq=False)
class Regex(Literal):
    source: str

    key: ClassVar[str] = "regex"

    @classmethod
    def parse(cls, ctx, value, mapping, key, units_rx):
        if not isinstance(value, str) or not value:
            ctx.fail("must be a non-empty string", mapping, key=key)
        return cls(source=compile_regex(ctx, value, mapping, key).pattern)

    def _analysis(self):
        got = self.__dict__.get("_analysed")
        if got is None:  # worked out on first use, like the compiled pattern: (needed literals, window plan)
            got = self.__dict__["_analysed"] = analyse(self.source)
        return got

    def may_occur(self, text: str) -> bool:
        needed = self._analysis()[0]
        return needed is None or any(n in text for n in needed)

    def finditer(self, text: str) -> Iterator["re.Match[str]"]:
        """As `rx.finditer(text)`, but run only over the windows around the literals every match holds
        (rules/literals.py proves the two the same): a report holds 第一责任人 a few times, not everywhere."""
        plan = self._analysis()[1]
        return self.rx.finditer(text) if plan is None else windowed_finditer(self.rx, text, plan)


@dataclass
class All(Node):
    items: list[Node]
    near: int | None = None  # all hits within this many characters

    key: ClassVar[str] = "all"

    @classmethod
    def parse(cls, ctx, value, mapping, key, units_rx):
        items = _items(ctx, value, mapping, key, units_rx)
        near = mapping.get("near")
        if near is not None and (not isinstance(near, int) or isinstance(near, bool) or near <= 0):
            ctx.fail("must be a positive number of characters", mapping, key="near")
        return cls(items=items, near=near)

    def children(self):
        return tuple(self.items)

    def anchors(self):
        for it in self.items:
            s = it.anchors()
            if s is not None:
                return s
        return None

    def raw(self, run, unit):
        got = [it.raw(run, unit) for it in self.items]
        return [h for hs in got for h in hs] if all(got) else []

    def evaluate(self, run, unit):
        groups = []
        for it in self.items:
            got = it.evaluate(run, unit)
            if got is None:
                return None
            groups.append(got)
        if self.near is not None and not _near([g for g in groups if g], self.near):
            return None
        return [h for g in groups for h in g]


@dataclass
class Either(Node):
    items: list[Node]

    key: ClassVar[str] = "either"

    @classmethod
    def parse(cls, ctx, value, mapping, key, units_rx):
        return cls(items=_items(ctx, value, mapping, key, units_rx))

    def children(self):
        return tuple(self.items)

    def anchors(self):
        subs = [it.anchors() for it in self.items]
        return None if any(s is None for s in subs) else [x for s in subs for x in s]  # type: ignore[union-attr]

    def raw(self, run, unit):
        return [h for it in self.items for h in it.raw(run, unit)]

    def evaluate(self, run, unit):
        out: list[Hit] = []
        matched = False
        for it in self.items:
            got = it.evaluate(run, unit)
            if got is not None:
                matched = True
                out.extend(got)
        return out if matched else None


@dataclass
class _Wrapping(Node):
    """A node around one pattern (`not: …`, `heading: …`)."""

    item: Node

    @classmethod
    def parse(cls, ctx, value, mapping, key, units_rx):
        return cls(item=parse_pattern(ctx, value, units_rx, mapping, key))

    def children(self):
        return (self.item,)


@dataclass
class Not(_Wrapping):
    key: ClassVar[str] = "not"

    def evaluate(self, run, unit):
        return None if self.item.evaluate(run, unit) is not None else []


@dataclass
class Role(Node):
    roles: tuple[str, ...]

    key: ClassVar[str] = "role"

    @classmethod
    def parse(cls, ctx, value, mapping, key, units_rx):
        roles = (value,) if isinstance(value, str) else tuple(value) if isinstance(value, list) else ()
        bad = [r for r in roles if r not in ROLES]
        if not roles or bad:
            ctx.fail(f"unknown section role {bad or value!r} (roles: {', '.join(ROLES)})", mapping, key=key)
        return cls(roles=roles)

    def evaluate(self, run, unit):
        roles = run.ix.doc.sections[unit.section].roles
        return [] if set(roles) & set(self.roles) else None


@dataclass
class HeadingMatch(_Wrapping):
    """The unit's section heading matches the pattern."""

    key: ClassVar[str] = "heading"

    def evaluate(self, run, unit):
        sec = run.ix.doc.sections[unit.section]
        if sec.heading is None:
            return None
        h = sec.heading
        return self.item.evaluate(run, Unit("sentence", -1, h.start, h.end, h.text, sec.index, h))


@dataclass(eq=False)
class Quantified(_Compiled, Node):
    source: str

    key: ClassVar[str] = "quantified"

    @classmethod
    def parse(cls, ctx, value, mapping, key, units_rx):
        if value is not True:
            ctx.fail("write 'quantified: true' or leave it out", mapping, key=key)
        return cls(source=units_rx.pattern)

    def evaluate(self, run, unit):
        found = [Hit(unit.start + m.start(), unit.start + m.end(), m.group(0)) for m in self.rx.finditer(unit.text)]
        return found or None


@dataclass
class MinCount(Node):
    """At least `count` distinct hits of `item` in the unit (e.g. several enumerated tasks)."""

    item: Node
    count: int

    key: ClassVar[str] = "min_count"

    @classmethod
    def parse(cls, ctx, value, mapping, key, units_rx):
        count = value.get("count") if isinstance(value, dict) else None
        if not isinstance(value, dict) or set(value) - {"count", "of"} or not isinstance(count, int) \
                or isinstance(count, bool) or not 1 <= count <= 1000:
            ctx.fail("min_count takes {count: N, of: pattern} with N from 1 to 1000", mapping, key=key)
        return cls(item=parse_pattern(ctx, value.get("of"), units_rx, value, "of"), count=count)

    def children(self):
        return (self.item,)

    def anchors(self):
        return self.item.anchors()

    def evaluate(self, run, unit):
        got = self.item.evaluate(run, unit)
        if got is None or len({(h.start, h.end) for h in got}) < self.count:
            return None
        return got


Pattern = Node  # the type of any pattern
NODES: dict[str, type[Node]] = {cls.key: cls for cls in
                                (Terms, Regex, All, Either, Not, Role, HeadingMatch, Quantified, MinCount)}
MODIFIERS = {"near": "all"}  # keys that qualify another node rather than make one
PATTERN_KEYS = ("terms", "regex", "all", "either", "not", "near", "role", "heading", "quantified", "min_count")
assert set(PATTERN_KEYS) == set(NODES) | set(MODIFIERS)


def parse_pattern(ctx, node: Any, units_rx: re.Pattern[str], where, key: str) -> Node:
    """Compile one pattern. A list of strings (or one string) is shorthand for `terms`."""
    if isinstance(node, (str, list)):
        return Terms.of(ctx, node, where, key)
    if not isinstance(node, dict):
        ctx.fail("a pattern must be a mapping or a list of terms", where, key=key)
    ctx.keys(node, PATTERN_KEYS, "pattern")
    for mod, owner in MODIFIERS.items():
        if mod in node and owner not in node:
            ctx.fail(f"'{mod}' only goes with '{owner}'", node, key=mod)
    parts = [NODES[k].parse(ctx, node[k], node, k, units_rx) for k in node if k in NODES]
    if not parts:
        ctx.fail("empty pattern", node)
    return parts[0] if len(parts) == 1 else All(items=parts)


def _items(ctx, value, mapping, key, units_rx) -> list[Node]:
    if not isinstance(value, list) or not value:
        ctx.fail("must be a non-empty list of patterns", mapping, key=key)
    return [parse_pattern(ctx, it, units_rx, mapping, key) for it in value]


def _near(groups: list[list[Hit]], span: int) -> bool:
    """Some choice of one hit per group lies within `span` characters (nearest hit by bisection)."""
    first, rest = groups[0], groups[1:]
    indexed = [(sorted(h.start for h in g), sorted(g, key=lambda h: h.start)) for g in rest]
    for h in first:
        lo, hi = h.start, h.end
        for starts, hits in indexed:
            i = bisect_left(starts, h.start)
            cands = [hits[j] for j in (i - 1, i) if 0 <= j < len(hits)]
            best = min(cands, key=lambda x: abs(x.start - h.start))
            lo, hi = min(lo, best.start), max(hi, best.end)
            if hi - lo > span:
                break
        else:
            return True
    return False

"""The rulebook model: loading YAML, validating it with file:line errors, compiling patterns.

A rule says *what* counts as evidence (a pattern over sentences, paragraphs or
sections), which look-alikes do not count, how partial credit is graded, what
it rests on (basis) and what to write when it is missing (advice). See the
README for the annotated schema.
"""
from __future__ import annotations

import difflib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Union

from .document import LEVELS, ROLES
from .errors import RulebookError

DEFAULT_RULEBOOK_ID = "fzzf-2021"
SCOPES = ("sentence", "paragraph", "section", "title")
SEVERITIES = ("major", "minor", "info")
KINDS = ("concept", "structure", "timeliness", "forbid", "correspondence")
STATUSES = ("met", "partial", "planned", "missing")
DEFAULT_UNITS = (
    "件", "次", "份", "名", "人", "人次", "场", "场次", "期", "条", "个", "项", "%", "学时", "课时", "小时", "天",
    "日", "卷", "户", "家", "元", "万元", "篇", "批", "处", "起", "宗", "部", "本", "套", "台", "支",
)


# --- patterns ----------------------------------------------------------------

class _Compiled:
    """A pattern node that compiles its regex on first use and pickles only the source
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


@dataclass(eq=False)
class Terms(_Compiled):
    terms: tuple[str, ...]
    source: str  # the terms as one alternation, longest first


@dataclass(eq=False)
class Regex(_Compiled):
    source: str


@dataclass
class All:
    items: list["Pattern"]
    near: int | None = None


@dataclass
class Either:
    items: list["Pattern"]


@dataclass
class Not:
    item: "Pattern"


@dataclass
class Role:
    roles: tuple[str, ...]


@dataclass
class HeadingMatch:
    item: "Pattern"


@dataclass(eq=False)
class Quantified(_Compiled):
    source: str


@dataclass
class MinCount:
    """At least `count` distinct hits of `item` in the unit (e.g. several enumerated tasks)."""

    item: "Pattern"
    count: int


Pattern = Union[Terms, Regex, All, Either, Not, Role, HeadingMatch, Quantified, MinCount]


# --- rule model ---------------------------------------------------------------

@dataclass
class Basis:
    doc: str
    clause: str = ""
    status: str = ""  # 原文 / 转引 / 待核
    quote: str = ""
    ref: str = ""


@dataclass
class Lookalike:
    pattern: Pattern
    reason: str


@dataclass
class Criterion:
    id: str
    title: str
    weight: float
    pattern: Pattern | None  # None: the rule's own match (the core)
    scope: str | None = None  # evaluate on the evidence's enclosing unit at this scope


@dataclass
class Rule:
    id: str
    title: str
    part: str
    weight: float
    severity: str
    applies_to: tuple[str, ...]
    kind: str
    scope: str
    match: Pattern | None
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
    topics: dict[str, "Terms"] = field(default_factory=dict)  # correspondence rules
    from_role: str = ""
    to_role: str = ""
    short: str = ""  # a column header of at most SHORT_MAX characters (the summary matrix)

    @property
    def counts_in_score(self) -> bool:
        return self.severity != "info"


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

    def all_terms(self) -> set[str]:
        """Every literal term, for jieba's dictionary."""
        out: set[str] = set()

        def walk(p: Pattern | None) -> None:
            if p is None:
                return
            if isinstance(p, Terms):
                out.update(t for t in p.terms if len(t) >= 2)
            elif isinstance(p, (All, Either)):
                for it in p.items:
                    walk(it)
            elif isinstance(p, (Not, HeadingMatch, MinCount)):
                walk(p.item)

        for r in self.rules:
            walk(r.match)
            for t in r.topics.values():
                walk(t)
            for c in r.criteria:
                walk(c.pattern)
            for lk in r.lookalikes:
                walk(lk.pattern)
        return out


# --- validation helpers ----------------------------------------------------------

from .rulebook_yaml import LDict, LList  # noqa: E402  (tiny; yaml itself is imported lazily)


class _Ctx:
    def __init__(self, path: str):
        self.path = path
        self.here: int | None = None  # the line of the list item being validated (items that are not mappings)

    def at(self, seq: Any, index: int) -> None:
        """Validation moves to item `index` of a YAML list: its line is the fallback for errors."""
        self.here = seq.line_at(index) if isinstance(seq, LList) else self.here

    def fail(self, problem: str, node: Any = None, key: str | None = None, line: int | None = None) -> None:
        if line is None and isinstance(node, LDict):
            line = node.line_of(key) if key else node.line
        if line is None and isinstance(node, LList):
            line = node.line
        if line is None:
            line = self.here
        raise RulebookError(self.path, problem, line=line, key=key)

    def keys(self, node: Any, allowed: tuple[str, ...], what: str, required: tuple[str, ...] = ()) -> None:
        if not isinstance(node, dict):
            self.fail(f"{what} must be a mapping", node)
        for k in node:
            if k not in allowed:
                close = difflib.get_close_matches(str(k), allowed, n=1)
                hint = f" (did you mean '{close[0]}'?)" if close else f" (allowed: {', '.join(allowed)})"
                self.fail(f"unknown key in {what}{hint}", node, key=str(k))
        for k in required:
            if k not in node:
                self.fail(f"{what} lacks required key '{k}'", node)

    def string(self, node: LDict, key: str, what: str, default: str | None = None) -> str:
        val = node.get(key, default)
        if val is None:
            self.fail(f"{what} lacks required key '{key}'", node)
        if isinstance(val, (int, float)) and not isinstance(val, bool):
            val = str(val)
        if not isinstance(val, str):
            self.fail("must be a string", node, key=key)
        return val


def _norm_term(t: str) -> str:
    """Fold a rule term the same way report text is folded (full-width → half-width)."""
    from .cleaning import _FULLWIDTH

    return t.translate(_FULLWIDTH).replace(" ", "")


# Report text is folded to half-width punctuation; fold the regex's safe ones too
# (full-width brackets are left alone: in a regex they must be written as \( \)).
_RX_FOLD = str.maketrans({"，": ",", "：": ":", "；": ";", "！": "!", "？": "?", "　": " "})


MAX_REGEX = 2000  # characters; the built-in rulebook's longest is a few hundred


def _compile_rx(ctx: _Ctx, source: str, node: LDict, key: str) -> re.Pattern[str]:
    from .regex_safety import nested_quantifier

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


PATTERN_KEYS = ("terms", "regex", "all", "either", "not", "near", "role", "heading", "quantified", "min_count")


def _pattern(ctx: _Ctx, node: Any, units_rx: re.Pattern[str], where: LDict, key: str) -> Pattern:
    """Compile one pattern. A list of strings is shorthand for `terms`."""
    if isinstance(node, str):
        node = [node]
    if isinstance(node, list):
        if not node or not all(isinstance(t, str) and t.strip() for t in node):
            ctx.fail("a term list must hold non-empty strings", where, key=key)
        terms = tuple(dict.fromkeys(_norm_term(t) for t in node))
        alt = "|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True))
        return Terms(terms=terms, source=alt)
    if not isinstance(node, dict):
        ctx.fail("a pattern must be a mapping or a list of terms", where, key=key)
    ctx.keys(node, PATTERN_KEYS, "pattern")
    if "near" in node and "all" not in node:
        ctx.fail("'near' only goes with 'all'", node, key="near")
    parts: list[Pattern] = []
    for k in node:
        v = node[k]
        if k == "terms":
            parts.append(_pattern(ctx, v if isinstance(v, list) else [v], units_rx, node, k))
        elif k == "regex":
            if not isinstance(v, str) or not v:
                ctx.fail("must be a non-empty string", node, key=k)
            parts.append(Regex(source=_compile_rx(ctx, v, node, k).pattern))
        elif k in ("all", "either"):
            if not isinstance(v, list) or not v:
                ctx.fail("must be a non-empty list of patterns", node, key=k)
            items = [_pattern(ctx, it, units_rx, node, k) for it in v]
            if k == "all":
                near = node.get("near")
                if near is not None and (not isinstance(near, int) or isinstance(near, bool) or near <= 0):
                    ctx.fail("must be a positive number of characters", node, key="near")
                parts.append(All(items=items, near=near))
            else:
                parts.append(Either(items=items))
        elif k == "not":
            parts.append(Not(item=_pattern(ctx, v, units_rx, node, k)))
        elif k == "role":
            roles = (v,) if isinstance(v, str) else tuple(v) if isinstance(v, list) else ()
            bad = [r for r in roles if r not in ROLES]
            if not roles or bad:
                ctx.fail(f"unknown section role {bad or v!r} (roles: {', '.join(ROLES)})", node, key=k)
            parts.append(Role(roles=roles))
        elif k == "heading":
            parts.append(HeadingMatch(item=_pattern(ctx, v, units_rx, node, k)))
        elif k == "quantified":
            if v is not True:
                ctx.fail("write 'quantified: true' or leave it out", node, key=k)
            parts.append(Quantified(source=units_rx.pattern))
        elif k == "min_count":
            count = v.get("count") if isinstance(v, dict) else None
            if not isinstance(v, dict) or set(v) - {"count", "of"} or not isinstance(count, int) \
                    or isinstance(count, bool) or not 1 <= count <= 1000:
                ctx.fail("min_count takes {count: N, of: pattern} with N from 1 to 1000", node, key=k)
            parts.append(MinCount(item=_pattern(ctx, v.get("of"), units_rx, v, "of"), count=v["count"]))
    if not parts:
        ctx.fail("empty pattern", node)
    return parts[0] if len(parts) == 1 else All(items=parts)


def _units_rx(units: tuple[str, ...]) -> re.Pattern[str]:
    alt = "|".join(re.escape(u) for u in sorted(units, key=len, reverse=True))
    return re.compile(rf"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千万]+)\s*(?:余|多|多万)?\s*(?:{alt})")


RULE_KEYS = ("id", "title", "part", "weight", "severity", "applies_to", "applies_when", "kind", "scope", "match",
             "lookalikes", "criteria", "basis", "advice", "description", "examples", "in_titles", "negation",
             "topics", "from_role", "to_role", "short")
SHORT_MAX = 8
BASIS_KEYS = ("doc", "clause", "status", "quote", "ref")
CRITERION_KEYS = ("id", "title", "weight", "match", "scope")
_ID_RX = re.compile(r"^[a-z][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$")
_NEEDS_MATCH = ("concept", "structure", "forbid")


def _number(ctx: _Ctx, node: LDict, key: str, default: float, low: float, high: float, what: str) -> float:
    v = node.get(key, default)
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not (low < v <= high):
        ctx.fail(f"{what} must be a number above {low:g} and at most {high:g}", node, key=key)
    return float(v)


def _levels(ctx: _Ctx, node: LDict, key: str) -> tuple[str, ...]:
    applies = node.get(key, list(LEVELS))
    if isinstance(applies, str):
        applies = [applies]
    if not isinstance(applies, list) or not applies or any(a not in LEVELS for a in applies):
        ctx.fail(f"applies_to takes levels from: {', '.join(LEVELS)}", node, key=key)
    return tuple(applies)


def _rule(ctx: _Ctx, node: Any, parts: dict[str, Part], units_rx: re.Pattern[str]) -> Rule:
    ctx.keys(node, RULE_KEYS, "rule", required=("id", "title", "part", "basis", "advice"))
    rid = ctx.string(node, "id", "rule")
    if not _ID_RX.match(rid):
        ctx.fail(f"rule id {rid!r} must look like 'part.short-name' (lower case, dots and dashes)", node, key="id")
    part = ctx.string(node, "part", "rule")
    if part not in parts:
        close = difflib.get_close_matches(part, list(parts), n=1)
        ctx.fail(f"unknown part {part!r}" + (f" (did you mean '{close[0]}'?)" if close else ""), node, key="part")
    weight = _number(ctx, node, "weight", 1, 0, 100, "weight")
    severity = node.get("severity", "major")
    if severity not in SEVERITIES:
        ctx.fail(f"severity must be one of {', '.join(SEVERITIES)}", node, key="severity")
    applies = _levels(ctx, node, "applies_to")
    kind = node.get("kind", "concept")
    if kind not in KINDS:
        ctx.fail(f"kind must be one of {', '.join(KINDS)}", node, key="kind")
    scope = node.get("scope", "sentence")
    if scope not in SCOPES:
        ctx.fail(f"scope must be one of {', '.join(SCOPES)}", node, key="scope")
    when = node.get("applies_when") or {}
    ctx.keys(when, ("year_from", "year_to"), "applies_when")
    for k, v in when.items():
        if isinstance(v, bool) or not isinstance(v, int) or not 1990 <= v <= 2100:
            ctx.fail("must be a year such as 2022", when, key=k)
    if kind in _NEEDS_MATCH and "match" not in node:
        ctx.fail(f"a {kind} rule lacks required key 'match'", node)
    match = _pattern(ctx, node["match"], units_rx, node, "match") if "match" in node else None

    topics: dict[str, Terms] = {}
    if kind == "correspondence":
        raw_t = node.get("topics")
        if not isinstance(raw_t, dict) or not raw_t:
            ctx.fail("a correspondence rule needs 'topics': {name: [terms]}", node, key="topics")
        for name, terms in raw_t.items():
            pat = _pattern(ctx, terms, units_rx, raw_t, str(name))
            if not isinstance(pat, Terms):
                ctx.fail("topics are lists of terms", raw_t, key=str(name))
            topics[str(name)] = pat
        for key in ("from_role", "to_role"):
            if node.get(key) not in ROLES:
                ctx.fail(f"{key} must be a section role ({', '.join(ROLES)})", node, key=key)

    lookalikes = []
    raw_lk = node.get("lookalikes", []) or []
    if not isinstance(raw_lk, list):
        ctx.fail("lookalikes must be a list", node, key="lookalikes")
    for _i, item in enumerate(raw_lk):
        ctx.at(raw_lk, _i)
        ctx.keys(item, PATTERN_KEYS + ("reason",), "lookalike", required=("reason",))
        pat_node = LDict({k: v for k, v in item.items() if k != "reason"})
        pat_node.line, pat_node.lines = item.line, item.lines
        lookalikes.append(Lookalike(pattern=_pattern(ctx, pat_node, units_rx, item, "reason"),
                                    reason=ctx.string(item, "reason", "lookalike")))

    criteria: list[Criterion] = []
    raw_cr = node.get("criteria")
    if raw_cr is None:
        criteria.append(Criterion(id="core", title=node["title"], weight=1.0, pattern=None))
    else:
        if kind not in ("concept", "structure"):
            ctx.fail(f"a {kind} rule has no graded criteria", node, key="criteria")
        if not isinstance(raw_cr, list) or not raw_cr:
            ctx.fail("criteria must be a non-empty list", node, key="criteria")
        for _i, item in enumerate(raw_cr):
            ctx.at(raw_cr, _i)
            ctx.keys(item, CRITERION_KEYS, "criterion", required=("id", "title", "weight"))
            w = _number(ctx, item, "weight", 1, 0, 100, "criterion weight")
            cscope = item.get("scope")
            if cscope is not None and cscope not in SCOPES:
                ctx.fail(f"scope must be one of {', '.join(SCOPES)}", item, key="scope")
            pat = _pattern(ctx, item["match"], units_rx, item, "match") if "match" in item else None
            criteria.append(Criterion(id=ctx.string(item, "id", "criterion"), title=ctx.string(item, "title", "criterion"),
                                      weight=w, pattern=pat, scope=cscope))
        cores = [c for c in criteria if c.pattern is None]
        if len(cores) != 1:
            ctx.fail("exactly one criterion must have no 'match': it stands for the rule's own match",
                     node, key="criteria")
        ids = [c.id for c in criteria]
        if len(set(ids)) != len(ids):
            ctx.fail("criterion ids must be unique within a rule", node, key="criteria")

    basis = []
    raw_b = node["basis"]
    if not isinstance(raw_b, list) or not raw_b:
        ctx.fail("basis must be a non-empty list", node, key="basis")
    for _i, item in enumerate(raw_b):
        ctx.at(raw_b, _i)
        ctx.keys(item, BASIS_KEYS, "basis", required=("doc",))
        status = item.get("status", "")
        if status and status not in ("原文", "转引", "待核"):
            ctx.fail("status must be 原文, 转引 or 待核", item, key="status")
        basis.append(Basis(doc=ctx.string(item, "doc", "basis"), clause=ctx.string(item, "clause", "basis", ""),
                           status=status, quote=ctx.string(item, "quote", "basis", ""),
                           ref=ctx.string(item, "ref", "basis", "")))

    examples: dict[str, list[str]] = {}
    raw_ex = node.get("examples", {}) or {}
    ctx.keys(raw_ex, STATUSES + ("na",), "examples")
    for st, items in raw_ex.items():
        if isinstance(items, str):
            items = [items]
        if not isinstance(items, list) or not all(isinstance(x, str) and x.strip() for x in items):
            ctx.fail("examples are lists of texts", raw_ex, key=st)
        examples[st] = list(items)
    # Self-testing rules: each needs a text it passes on and one it fails on.
    if not (examples.get("met") or examples.get("partial")):
        ctx.fail("needs at least one passing example (examples: met or partial)", node, key="examples")
    if not (examples.get("missing") or examples.get("planned")):
        ctx.fail("needs at least one failing example (examples: missing or planned)", node, key="examples")

    return Rule(id=rid, title=ctx.string(node, "title", "rule"), part=part, weight=weight, severity=severity,
                applies_to=applies, kind=kind, scope=scope, match=match, lookalikes=lookalikes,
                criteria=criteria, basis=basis, advice=ctx.string(node, "advice", "rule"),
                description=ctx.string(node, "description", "rule", ""), examples=examples,
                in_titles=bool(node.get("in_titles", False)), negation=bool(node.get("negation", True)),
                source=ctx.path, line=node.line, year_from=when.get("year_from"), year_to=when.get("year_to"),
                topics=topics, from_role=node.get("from_role", ""), to_role=node.get("to_role", ""),
                short=_short(ctx, node))


def default_short(title: str) -> str:
    """A column header from a title, for rules without `short:`: "报告写明存在的不足和原因" → "存在的不足和原因",
    "落实行政执法三项制度（公示、…）" → "落实行政执法三项…"."""
    text = re.sub(r"^报告(写明|单列)?", "", title).strip() or title
    text = re.split(r"[（(，,：:；;]", text, maxsplit=1)[0].strip() or text
    return text if len(text) <= SHORT_MAX else text[:SHORT_MAX - 1] + "…"


def _short(ctx: _Ctx, node: LDict, key: str = "short") -> str:
    """`short:` is optional; when given, a header of 1 to SHORT_MAX characters on one line."""
    if key not in node:
        return default_short(ctx.string(node, "title", "rule"))
    short = ctx.string(node, key, "rule").strip()
    if not short or len(short) > SHORT_MAX or re.search(r"\s", short):
        ctx.fail(f"short must be a column header of 1 to {SHORT_MAX} characters without spaces "
                 f"(got {len(short)})", node, key=key)
    return short


TOP_KEYS = ("rulebook", "extends", "units", "implementing_verbs", "parts", "rules", "overrides", "disable")
OVERRIDE_KEYS = ("weight", "severity", "applies_to", "advice", "title", "short")


def _read_yaml(text: str, path: str) -> Any:
    import yaml

    from .rulebook_yaml import load_yaml

    try:
        return load_yaml(text)  # the safe loader, with line numbers
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise RulebookError(path, f"YAML syntax error: {exc.problem or exc}", line=line) from None
    except yaml.YAMLError as exc:
        raise RulebookError(path, f"YAML error: {exc}") from None


def parse_rulebook(text: str, path: str, collect: list[RulebookError] | None = None,
                   _depth: int = 0) -> Rulebook:
    """Parse and validate. With `collect`, record every rule's fault and go on (for `rules check`)."""
    ctx = _Ctx(path)
    data = _read_yaml(text, path)
    if not isinstance(data, dict):
        raise RulebookError(path, "a rulebook is a YAML mapping with 'rulebook', 'parts' and 'rules'")
    extends = data.get("extends")
    ctx.keys(data, TOP_KEYS, "rulebook file", required=("rulebook",) if extends else ("rulebook", "parts", "rules"))
    head = data["rulebook"]
    ctx.keys(head, ("id", "version", "title", "description"), "rulebook", required=("id", "version", "title"))

    base: Rulebook | None = None
    if extends is not None:
        if not isinstance(extends, str) or not extends:
            ctx.fail("extends takes the id of the embedded rulebook or a path", data, key="extends")
        if _depth > 4:
            ctx.fail("extends chain is too deep (a loop?)", data, key="extends")
        base = _load_base(extends, path, ctx, data, _depth)

    units = data.get("units", list(base.units) if base else list(DEFAULT_UNITS))
    if not isinstance(units, list) or not all(isinstance(u, str) and u for u in units):
        ctx.fail("units must be a list of strings", data, key="units")
    units_rx = _units_rx(tuple(units))
    verbs = data.get("implementing_verbs", list(base.implementing_verbs) if base else [])
    if not isinstance(verbs, list) or not all(isinstance(v, str) and v.strip() for v in verbs):
        ctx.fail("implementing_verbs must be a list of words", data, key="implementing_verbs")
    raw_parts = data.get("parts", [])
    if not isinstance(raw_parts, list) or (not raw_parts and base is None):
        ctx.fail("parts must be a non-empty list", data, key="parts")
    parts: dict[str, Part] = {p.id: p for p in base.parts} if base else {}
    for _i, p in enumerate(raw_parts):
        ctx.at(raw_parts, _i)
        ctx.keys(p, ("id", "title", "description"), "part", required=("id", "title"))
        pid = ctx.string(p, "id", "part")
        if pid in parts:
            ctx.fail(f"duplicate part id {pid!r}", p, key="id")
        parts[pid] = Part(id=pid, title=ctx.string(p, "title", "part"), description=ctx.string(p, "description", "part", ""))
    raw_rules = data.get("rules", [])
    if not isinstance(raw_rules, list) or (not raw_rules and base is None):
        ctx.fail("rules must be a non-empty list", data, key="rules")

    rules: list[Rule] = list(base.rules) if base else []
    seen: dict[str, int] = {r.id: 0 for r in rules}
    for _i, node in enumerate(raw_rules):
        ctx.at(raw_rules, _i)
        try:
            rule = _rule(ctx, node, parts, units_rx)
            if rule.id in seen:
                where = f"first at line {seen[rule.id]}" if seen[rule.id] else f"already in {base.id if base else ''}"
                ctx.fail(f"duplicate rule id {rule.id!r} ({where}; change it with 'overrides')", node, key="id")
        except RulebookError as err:
            if collect is None:
                raise
            collect.append(err)
            continue
        seen[rule.id] = node.line
        rules.append(rule)

    by_id = {r.id: r for r in rules}
    overrides = data.get("overrides", {}) or {}
    ctx.keys(overrides, tuple(by_id), "overrides") if overrides else None
    for rid, ov in overrides.items():
        ctx.keys(ov, OVERRIDE_KEYS, f"override of {rid}")
        r = by_id[rid]
        if "weight" in ov:
            r = _replace(r, weight=_number(ctx, ov, "weight", 1, 0, 100, "weight"))
        if "severity" in ov:
            if ov["severity"] not in SEVERITIES:
                ctx.fail(f"severity must be one of {', '.join(SEVERITIES)}", ov, key="severity")
            r = _replace(r, severity=ov["severity"])
        if "applies_to" in ov:
            r = _replace(r, applies_to=_levels(ctx, ov, "applies_to"))
        for key in ("advice", "title"):
            if key in ov:
                r = _replace(r, **{key: ctx.string(ov, key, "override")})
        if "short" in ov or "title" in ov:  # a new title without a new short gets a short of its own
            r = _replace(r, short=_short(ctx, ov) if "short" in ov else default_short(r.title))

        by_id[rid] = r
    disable = data.get("disable", []) or []
    if not isinstance(disable, list):
        ctx.fail("disable takes a list of rule ids", data, key="disable")
    for _i, rid in enumerate(disable):
        ctx.at(disable, _i)
        if not isinstance(rid, str):
            ctx.fail("disable takes a list of rule ids (strings)", data, key="disable")
        if rid not in by_id:
            close = difflib.get_close_matches(str(rid), list(by_id), n=1)
            ctx.fail(f"cannot disable unknown rule {rid!r}" + (f" (did you mean '{close[0]}'?)" if close else ""),
                     data, key="disable")
    final = [by_id[r.id] for r in rules if r.id not in set(disable)]
    if not final:
        ctx.fail("no rules left", data, key="disable")
    return Rulebook(id=ctx.string(head, "id", "rulebook"), version=ctx.string(head, "version", "rulebook"),
                    title=ctx.string(head, "title", "rulebook"), description=ctx.string(head, "description", "rulebook", ""),
                    parts=list(parts.values()), rules=final, path=path, units=tuple(units),
                    extends=base.id if base else None, implementing_verbs=tuple(_norm_term(v) for v in verbs))


def _replace(rule: Rule, **changes: Any) -> Rule:
    from dataclasses import replace

    return replace(rule, **changes)


def _load_base(ref: str, path: str, ctx: _Ctx, data: LDict, depth: int) -> Rulebook:
    """`extends: fzzf-2021` names an embedded rulebook; anything else is a path next to this file."""
    embedded = data_dir("rules") / f"{ref}.yaml"
    candidate = embedded if embedded.is_file() and "/" not in ref and not ref.endswith(".yaml") \
        else (Path(path).parent / ref)
    if not candidate.is_file():
        ctx.fail(f"extends: no embedded rulebook or file named {ref!r}", data, key="extends")
    return parse_rulebook(_read_text(candidate), str(candidate), _depth=depth + 1)


MAX_RULEBOOK_BYTES = 16 * 1024 * 1024


def _read_text(p: Path) -> str:
    """A rulebook file's text: a regular file (a FIFO would block), bounded, UTF-8."""
    from .files import read_regular

    try:
        return read_regular(p, MAX_RULEBOOK_BYTES, RulebookError, "规则库").decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RulebookError(p, "rulebook is not UTF-8 text") from None


def data_dir(name: str) -> Path:
    """Embedded data (rules/, templates/): in the wheel, or at the top of a source checkout."""
    here = Path(__file__).resolve().parent
    packaged = here / "_data" / name
    if packaged.is_dir():
        return packaged
    return here.parent / name


def default_rulebook_path() -> Path:
    return data_dir("rules") / f"{DEFAULT_RULEBOOK_ID}.yaml"


def load_rulebook(path: str | os.PathLike | None = None) -> Rulebook:
    """Load and validate a rulebook; the embedded default when `path` is None."""
    from .files import read_regular
    from .rulebook_cache import cache_get, cache_put

    p = Path(path) if path is not None else default_rulebook_path()
    if path is not None and not os.path.lexists(p):
        raise RulebookError(p, "rulebook file not found")
    raw = read_regular(p, MAX_RULEBOOK_BYTES, RulebookError, "规则库")  # a FIFO or device is refused unread
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RulebookError(p, "rulebook is not UTF-8 text") from None
    cacheable = not re.search(rb"(?m)^extends\s*:", raw)  # a base rulebook may change under an extension
    cached = cache_get(raw, str(p)) if cacheable else None
    if isinstance(cached, Rulebook):
        return cached
    rb = _parse_guarded(text, str(p))
    if cacheable:
        cache_put(raw, str(p), rb)
    return rb


def _parse_guarded(text: str, path: str, collect: list[RulebookError] | None = None) -> Rulebook:
    """parse_rulebook, with any fault the validation did not foresee still a one-line rulebook error."""
    try:
        return parse_rulebook(text, path, collect=collect)
    except RulebookError:
        raise
    except RecursionError:
        raise RulebookError(path, "rulebook is nested too deeply") from None
    except Exception as exc:  # a shape the validator did not anticipate: still one line, never a traceback
        raise RulebookError(path, f"invalid rulebook ({type(exc).__name__}: {exc})") from None


def check_rulebook(path: str | os.PathLike | None = None) -> tuple[Rulebook | None, list[RulebookError]]:
    """Every fault of a rulebook (one per rule at most), for `scorer rules check`."""
    p = Path(path) if path is not None else default_rulebook_path()
    errors: list[RulebookError] = []
    try:
        if not os.path.lexists(p):
            raise RulebookError(p, "rulebook file not found")
        rb = _parse_guarded(_read_text(p), str(p), collect=errors)
    except RulebookError as err:
        errors.append(err)
        return None, errors
    return (rb if not errors else None), errors


def default_rulebook() -> Rulebook:
    return load_rulebook(None)

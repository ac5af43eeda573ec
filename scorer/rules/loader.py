"""YAML → the rulebook model: validation with file:line errors and "did you mean" hints,
extends / overrides / disable, the embedded default rulebook, and the compiled-rulebook cache.
"""
from __future__ import annotations

import difflib
import os
import re
from pathlib import Path
from typing import Any

from ..errors import RulebookError
from ..rulebook_yaml import LDict, LList  # tiny; yaml itself is imported lazily
from .kinds import KINDS
from .model import DEFAULT_RULEBOOK_ID, DEFAULT_UNITS, Basis, Criterion, Lookalike, Part, Rule, Rulebook
from .patterns import PATTERN_KEYS, norm_term, parse_pattern, units_regex
from .vocabulary import BASIS_STATUSES, LEVELS, SCOPES, SEVERITIES, VERDICTS

# --- validation helpers ----------------------------------------------------------


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


RULE_KEYS = ("id", "title", "part", "weight", "severity", "applies_to", "applies_when", "kind", "scope", "match",
             "lookalikes", "criteria", "basis", "advice", "description", "examples", "in_titles", "negation") \
    + tuple(k for kind in KINDS.values() for k in kind.keys) + ("short",)
SHORT_MAX = 8
BASIS_KEYS = ("doc", "clause", "status", "quote", "ref")
CRITERION_KEYS = ("id", "title", "weight", "match", "scope")
_ID_RX = re.compile(r"^[a-z][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$")


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
    behaviour = KINDS[kind]
    scope = node.get("scope", "sentence")
    if scope not in SCOPES:
        ctx.fail(f"scope must be one of {', '.join(SCOPES)}", node, key="scope")
    when = node.get("applies_when") or {}
    ctx.keys(when, ("year_from", "year_to"), "applies_when")
    for k, v in when.items():
        if isinstance(v, bool) or not isinstance(v, int) or not 1990 <= v <= 2100:
            ctx.fail("must be a year such as 2022", when, key=k)
    if behaviour.needs_match and "match" not in node:
        ctx.fail(f"a {kind} rule lacks required key 'match'", node)
    match = parse_pattern(ctx, node["match"], units_rx, node, "match") if "match" in node else None
    own = behaviour.parse(ctx, node, units_rx)  # the kind's own keys (topics, from_role, to_role…)

    lookalikes = []
    raw_lk = node.get("lookalikes", []) or []
    if not isinstance(raw_lk, list):
        ctx.fail("lookalikes must be a list", node, key="lookalikes")
    for _i, item in enumerate(raw_lk):
        ctx.at(raw_lk, _i)
        ctx.keys(item, PATTERN_KEYS + ("reason",), "lookalike", required=("reason",))
        pat_node = LDict({k: v for k, v in item.items() if k != "reason"})
        pat_node.line, pat_node.lines = item.line, item.lines
        lookalikes.append(Lookalike(pattern=parse_pattern(ctx, pat_node, units_rx, item, "reason"),
                                    reason=ctx.string(item, "reason", "lookalike")))

    criteria: list[Criterion] = []
    raw_cr = node.get("criteria")
    if raw_cr is None:
        criteria.append(Criterion(id="core", title=node["title"], weight=1.0, pattern=None))
    else:
        if not behaviour.graded:
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
            pat = parse_pattern(ctx, item["match"], units_rx, item, "match") if "match" in item else None
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
        if status and status not in BASIS_STATUSES:
            ctx.fail("status must be " + ", ".join(BASIS_STATUSES[:-1]) + " or " + BASIS_STATUSES[-1], item,
                     key="status")
        basis.append(Basis(doc=ctx.string(item, "doc", "basis"), clause=ctx.string(item, "clause", "basis", ""),
                           status=status, quote=ctx.string(item, "quote", "basis", ""),
                           ref=ctx.string(item, "ref", "basis", "")))

    examples: dict[str, list[str]] = {}
    raw_ex = node.get("examples", {}) or {}
    ctx.keys(raw_ex, VERDICTS + ("na",), "examples")
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
                short=_short(ctx, node), **own)


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

    from ..rulebook_yaml import load_yaml

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
    units_rx = units_regex(tuple(units))
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
                    extends=base.id if base else None, implementing_verbs=tuple(norm_term(v) for v in verbs))


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
    from ..files import read_regular

    try:
        return read_regular(p, MAX_RULEBOOK_BYTES, RulebookError, "规则库").decode("utf-8-sig")
    except UnicodeDecodeError:
        raise RulebookError(p, "rulebook is not UTF-8 text") from None


def data_dir(name: str) -> Path:
    """Embedded data (rules/, templates/): in the wheel, or at the top of a source checkout."""
    here = Path(__file__).resolve().parent.parent
    packaged = here / "_data" / name
    if packaged.is_dir():
        return packaged
    return here.parent / name


def default_rulebook_path() -> Path:
    return data_dir("rules") / f"{DEFAULT_RULEBOOK_ID}.yaml"


def load_rulebook(path: str | os.PathLike | None = None) -> Rulebook:
    """Load and validate a rulebook; the embedded default when `path` is None."""
    from ..files import read_regular
    from .cache import cache_get, cache_put

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

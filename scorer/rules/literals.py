"""The literal text a regular expression cannot match without: a prefilter for regex patterns.

`required_literals('公示[^,。;]{0,4}执法(信息|结果)')` is {'执法'} or {'公示'} (the longest run wins: both are needed);
for an alternation, one run per branch ('(劳动|人事)三项制度|三项制度改革' → {'三项制度'}, via each branch's own).
A text holding none of the returned strings cannot hold a match, so the regex is not run over it at all. Where
nothing can be proven (a case-insensitive pattern, a branch without a literal run), the answer is None: always run.
"""
from __future__ import annotations

import re

try:  # Python 3.11+
    from re import _constants as C, _parser as P  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover - older Pythons
    import sre_constants as C  # type: ignore[no-redef]
    import sre_parse as P  # type: ignore[no-redef]


def analyse(source: str) -> tuple[frozenset[str] | None, tuple[frozenset[str], int, int] | None]:
    """`required_literals` and `window_plan` of one pattern, from a single parse (parsing is most of the cost)."""
    try:
        parsed = P.parse(source)
    except Exception:
        return None, None
    if parsed.state.flags & (re.IGNORECASE | re.VERBOSE):
        return None, None
    needed = _best(_candidates(parsed))
    return needed, _plan(parsed, needed)


def required_literals(source: str) -> frozenset[str] | None:
    """Strings of which every match holds at least one, or None."""
    return analyse(source)[0]


def _best(cands: list[frozenset[str]]) -> frozenset[str] | None:
    """The most selective candidate: the one whose shortest alternative is longest (then the fewest alternatives)."""
    cands = [c for c in cands if c and min(map(len, c)) >= 2]
    if not cands:
        return None
    return max(cands, key=lambda c: (min(map(len, c)), -len(c)))


def _candidates(seq) -> list[frozenset[str]]:
    """Every requirement of a sequence: each maximal run of literals, and what its mandatory parts require."""
    out: list[frozenset[str]] = []
    run: list[str] = []

    def flush() -> None:
        if run:
            out.append(frozenset(["".join(run)]))
            run.clear()

    for op, av in seq:
        if op is C.LITERAL:
            run.append(chr(av))
            continue
        flush()
        if op is C.SUBPATTERN:
            _group, add_flags, _del_flags, sub = av
            if not add_flags & re.IGNORECASE:
                out.extend(_candidates(sub))
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None)):
            low, _high, sub = av
            if low >= 1:
                out.extend(_candidates(sub))
        elif op is C.BRANCH:
            per_branch = [_best(_candidates(b)) for b in av[1]]
            if all(per_branch):
                out.append(frozenset().union(*per_branch))  # type: ignore[arg-type]
        # anything else (classes, any, anchors, lookarounds, backreferences) requires nothing literal
    flush()
    return out


def window_plan(source: str) -> tuple[frozenset[str], int, int] | None:
    """(literals, width, margin): every match of the regex holds one of the literals and is at most `width`
    characters long, and while matching it reads at most `margin` characters past what it consumes (lookaheads,
    `$`, `\\b`). So the regex need only run over windows reaching `width` before and `width + margin` after each
    occurrence of a literal, and finds there exactly what it finds over the whole text (`windowed_finditer`).
    None where that cannot be proven (no literal, unbounded width or lookahead, backreferences): run it over all."""
    return analyse(source)[1]


def _plan(parsed, needed: frozenset[str] | None) -> tuple[frozenset[str], int, int] | None:
    if needed is None:
        return None
    width = parsed.getwidth()[1]
    reach = _lookahead_reach(parsed)
    if width > _BOUNDED or reach is None:
        return None
    return needed, width, 2 + reach


_BOUNDED = 4000  # characters: a wider match (or an unbounded repeat) is not windowed


def _lookahead_reach(seq) -> int | None:
    """How far past the consumed text the pattern's lookaheads may read (summed: an upper bound), or None."""
    total = 0
    for op, av in seq:
        if op in (C.GROUPREF, getattr(C, "GROUPREF_EXISTS", None)):
            return None
        subs = []
        if op in (C.ASSERT, C.ASSERT_NOT):
            direction, sub = av
            if direction > 0:
                w = sub.getwidth()[1]
                if w > _BOUNDED:
                    return None
                total += w
            subs = [sub]
        elif op is C.SUBPATTERN:
            subs = [av[3]]
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT, getattr(C, "POSSESSIVE_REPEAT", None), getattr(C, "ATOMIC_GROUP", None)):
            subs = [av[2]] if op is not getattr(C, "ATOMIC_GROUP", None) else [av]
        elif op is C.BRANCH:
            subs = list(av[1])
        for sub in subs:
            r = _lookahead_reach(sub)
            if r is None:
                return None
            total += r
    return total


def windowed_finditer(rx: "re.Pattern[str]", text: str, plan: tuple[frozenset[str], int, int]):
    """The matches `rx.finditer(text)` yields, found only in the windows around the plan's literals."""
    needed, width, margin = plan
    n = len(text)
    spans = []
    for lit in needed:
        i = text.find(lit)
        while i != -1:
            spans.append((max(0, i + len(lit) - width), min(n, i + width + margin)))
            i = text.find(lit, i + 1)
    if not spans:
        return
    spans.sort()
    merged = [list(spans[0])]
    for a, b in spans[1:]:
        if a <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], b)
        else:
            merged.append([a, b])
    pos = 0
    for a, b in merged:
        if b <= pos:
            continue
        for m in rx.finditer(text, max(a, pos), b):
            pos = m.end()
            yield m

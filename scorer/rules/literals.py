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


def required_literals(source: str) -> frozenset[str] | None:
    """Strings of which every match holds at least one, or None."""
    try:
        parsed = P.parse(source)
    except Exception:
        return None
    if parsed.state.flags & (re.IGNORECASE | re.VERBOSE):
        return None
    return _best(_candidates(parsed))


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

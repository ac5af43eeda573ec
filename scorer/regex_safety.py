"""A linter for regular expressions that can backtrack catastrophically.

Python's `re` backtracks: `(a+)+b` on forty a's and no b tries 2^40 ways. The classic
shape is a nested quantifier — a repeated group whose body can itself repeat — so a
rulebook regex with an unbounded (or large) repeat inside another repeat is refused
when the rulebook is loaded and by `scorer rules check`. What this linter cannot see
(overlapping alternatives such as `(a|aa)+`) is stopped by the per-rule time budget
(budget.py) while scoring.
"""
from __future__ import annotations

try:  # Python 3.11+
    from re import _constants as _c
    from re import _parser as _p
except ImportError:  # Python 3.9, 3.10
    import sre_constants as _c  # type: ignore[no-redef]
    import sre_parse as _p  # type: ignore[no-redef]

_REPEATS = {_c.MAX_REPEAT, _c.MIN_REPEAT} | ({_c.POSSESSIVE_REPEAT} if hasattr(_c, "POSSESSIVE_REPEAT") else set())
LARGE = 100  # a repeat above this many times counts as unbounded for nesting


def _big(hi: int) -> bool:
    return hi == _c.MAXREPEAT or hi > LARGE


def _children(op, av):
    """Sub-patterns of one parsed node."""
    if op in _REPEATS:
        return [av[2]]
    if op == _c.SUBPATTERN:
        return [av[-1]]
    if op == _c.BRANCH:
        return list(av[1])
    if op in (_c.ASSERT, _c.ASSERT_NOT):
        return [av[1]]
    if op == _c.GROUPREF_EXISTS:
        return [x for x in av[1:] if x is not None]
    if hasattr(_c, "ATOMIC_GROUP") and op == _c.ATOMIC_GROUP:
        return [av]
    return []


def _has_repeat(seq) -> bool:
    for op, av in seq:
        if op in _REPEATS and av[1] > 1:
            return True
        if any(_has_repeat(ch) for ch in _children(op, av)):
            return True
    return False


def _nested(seq) -> bool:
    for op, av in seq:
        if op in _REPEATS:
            lo, hi, body = av
            if hi > 1 and _has_repeat(body) and (_big(hi) or _has_big_repeat(body)):
                return True
        if any(_nested(ch) for ch in _children(op, av)):
            return True
    return False


def _has_big_repeat(seq) -> bool:
    for op, av in seq:
        if op in _REPEATS and _big(av[1]):
            return True
        if any(_has_big_repeat(ch) for ch in _children(op, av)):
            return True
    return False


def nested_quantifier(source: str) -> bool:
    """True if the pattern repeats a group that itself repeats (one of them unbounded): `(a+)+`, `(\\w*\\s?)*`."""
    try:
        parsed = _p.parse(source)
    except Exception:  # compile() reports syntax errors itself
        return False
    return _nested(list(parsed))

"""All literal terms of a rulebook found in one pass over a report (Aho-Corasick).

Each `terms` pattern used to scan the whole text with its own regular expression; a
rulebook has a few hundred of them. One automaton over every term of the rulebook finds
all occurrences at once; a pattern's hits are then chosen from the occurrences of its own
terms exactly as its regular expression (`长词|短词`, longest first) would choose them:
scanning left to right, the longest term at the leftmost position, never overlapping.
"""
from __future__ import annotations

from typing import Iterable

_cache: dict[frozenset, "TermFinder"] = {}


class TermFinder:
    def __init__(self, terms: frozenset[str]):
        import ahocorasick  # pyahocorasick: a C automaton, ~20 M characters per second here

        self.terms = terms
        self._ac = ahocorasick.Automaton()
        for t in terms:
            self._ac.add_word(t, len(t))
        if terms:
            self._ac.make_automaton()

    def occurrences(self, text: str) -> dict[str, list[int]]:
        """Start offsets of every (overlapping) occurrence of every term, by term."""
        found: dict[str, list[int]] = {}
        if not self.terms:
            return found
        for end, n in self._ac.iter(text):
            start = end - n + 1
            found.setdefault(text[start:end + 1], []).append(start)
        return found


def select(occurrences: dict[str, list[int]], terms: Iterable[str]) -> list[tuple[int, int]]:
    """The spans a `t1|t2|…` regex (longest first) would match, given each term's occurrences."""
    spans = sorted((s, -len(t)) for t in terms for s in occurrences.get(t, ()))
    out: list[tuple[int, int]] = []
    pos = 0
    for s, neg in spans:
        if s >= pos:
            out.append((s, s - neg))
            pos = s - neg
    return out


def finder_for(terms: Iterable[str]) -> TermFinder:
    """The finder of one rulebook's terms (built once per process and vocabulary)."""
    key = frozenset(terms)
    got = _cache.get(key)
    if got is None:
        if len(_cache) > 64:
            _cache.clear()
        got = _cache[key] = TermFinder(key)
    return got

"""jieba's segmentation per vocabulary: a rulebook's domain terms count as single words.

Each rulebook gets a segmenter of its own (jieba's dictionary plus its terms), so what
one rulebook adds to segmentation can never change another rulebook's verdicts in the
same process. jieba's dictionary is asked only for the strings around a hit
(wordfreq.py), so a single check never loads it whole. Tokenizing is done lazily and
only where a dictionary word may really straddle a hit.
"""
from __future__ import annotations

from typing import Iterable

MAX_WORD = 8  # longer dictionary words are too rare to straddle a term
_TERM_FREQ = 200000  # a high frequency makes jieba prefer the whole term over its parts

_cache: dict[object, object] = {}  # one Segmenter per vocabulary


class Segmenter:
    """jieba's segmentation (without HMM) as it would be with one vocabulary of domain terms added.

    The tokenizer is jieba's own algorithm (wordfreq.tokenize) over jieba's own dictionary, asked
    only for the strings around a hit (wordfreq.lookup), with this vocabulary's words at a high
    frequency on top, as `jieba.add_word` would add them. Nothing is ever added to a dictionary
    another rulebook can see.
    """

    def __init__(self, words: frozenset[str]):
        self.words = frozenset(w for w in words if w and len(w) >= 2)
        self._merged: tuple[object, dict[str, int]] | None = None
        # the word-boundary check's answers by window text (matching.DocIndex.cuts_word): they depend on the
        # window and this vocabulary alone, and the phrases around a rule's terms recur from report to report
        self.cuts: dict[tuple[str, int, int], tuple[int, int] | None] = {}

    def _total(self, base) -> int:
        return base.total + _TERM_FREQ * len(self.words)  # add_word adds each word's count to the total

    def _in_memory(self) -> dict[str, int] | None:
        """jieba's dictionary with this vocabulary on top, when the dictionary is in memory (a batch)."""
        from .wordfreq import MemoryFreq, lookup

        base = lookup()
        if not isinstance(base, MemoryFreq):
            return None
        if self._merged is None or self._merged[0] is not base:
            merged = dict(base.freq)
            merged.update(dict.fromkeys(self.words, _TERM_FREQ))
            self._merged = (base, merged)
        return self._merged[1]

    def _freq(self, strings) -> tuple[dict[str, int], int]:
        from .wordfreq import lookup

        base = lookup()
        freq = base.lookup(s for s in strings if s not in self.words)
        freq.update((s, _TERM_FREQ) for s in strings if s in self.words)
        return freq, self._total(base)

    def warm(self) -> None:
        """Build what tokenizing needs now (a parent process, before its workers are forked)."""
        self._in_memory()

    def tokenize(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of each token jieba (with this vocabulary added) yields for `text`, HMM off."""
        from .wordfreq import lookup, tokenize

        merged = self._in_memory()
        if merged is not None:  # every substring asked straight from the dictionary
            return tokenize(text, merged, self._total(lookup()))
        n = len(text)
        freq, total = self._freq({text[a:b] for a in range(n) for b in range(a + 1, n + 1)})
        return tokenize(text, freq, total)

    def may_cut(self, text: str, start: int, end: int) -> bool:
        """True if some dictionary word (jieba's or this vocabulary's) straddles an edge of text[start:end].

        A necessary condition for jieba to cut the span: when it fails, segmenting is unnecessary.
        """
        n = len(text)
        edge = [text[a:b] for a in range(max(0, start - MAX_WORD + 1), start)  # across the left edge, ending inside
                for b in range(start + 1, min(end, a + MAX_WORD + 1))]
        edge += [text[a:b] for a in range(start + 1, end)  # starting inside, across the right edge
                 for b in range(end + 1, min(n, a + MAX_WORD) + 1)]
        if not edge:
            return False
        merged = self._in_memory()
        if merged is not None:
            return any(map(merged.get, edge))
        if not self.words.isdisjoint(edge):
            return True
        from .wordfreq import lookup

        return lookup().any_word(edge)


def forget_all() -> None:
    """Drop every segmenter with its merged dictionary and remembered answers (a batch has been scored)."""
    _cache.clear()


def segmenter_for(words: Iterable[str]) -> Segmenter:
    """The segmenter of one vocabulary (cached: a rulebook's is built once per process)."""
    key = frozenset(words)
    seg = _cache.get(key)
    if seg is None:
        if len(_cache) > 64:  # a long-lived process with many local rulebooks: start afresh
            _cache.clear()
        seg = _cache[key] = Segmenter(key)
    return seg  # type: ignore[return-value]

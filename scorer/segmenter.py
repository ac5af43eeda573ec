"""jieba, set up per vocabulary: quiet, with a rulebook's domain terms as single words.

Each rulebook gets a tokenizer of its own (a copy of jieba's dictionary plus its
terms), so what one rulebook adds to segmentation can never change another
rulebook's verdicts in the same process. jieba's dictionary is loaded once per
process and only when a dictionary word may really straddle a hit.
Tokenizing is done lazily and only where a rule found a candidate hit.
"""
from __future__ import annotations

import logging
from typing import Iterable

MAX_WORD = 8  # longer dictionary words are too rare to straddle a term
_TERM_FREQ = 200000  # a high frequency makes jieba prefer the whole term over its parts

_cache: dict[object, object] = {}  # caches: jieba's base tokenizer, and one Segmenter per vocabulary


def _base():
    """jieba's own dictionary, loaded once per process and never changed."""
    tk = _cache.get("base")
    if tk is None:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        tk = jieba.Tokenizer()
        tk.initialize()
        _cache["base"] = tk
    return tk


class _Overlay(dict):
    """This vocabulary's entries over jieba's shared dictionary: add_word writes here, never to the base."""

    __slots__ = ("base",)

    def __init__(self, base: dict):
        super().__init__()
        self.base = base

    def __contains__(self, key) -> bool:
        return dict.__contains__(self, key) or key in self.base

    def __missing__(self, key):
        return self.base[key]

    def get(self, key, default=None):
        return dict.__getitem__(self, key) if dict.__contains__(self, key) else self.base.get(key, default)


class Segmenter:
    """A jieba tokenizer that knows one vocabulary of domain terms (and nothing another rulebook added)."""

    def __init__(self, words: frozenset[str]):
        self.words = frozenset(w for w in words if w and len(w) >= 2)
        self._tk = None

    def _jieba(self):
        """jieba over its shared dictionary plus this vocabulary, built on first tokenizing."""
        if self._tk is None:
            import jieba

            base = _base()
            tk = jieba.Tokenizer()
            tk.FREQ, tk.total, tk.initialized = _Overlay(base.FREQ), base.total, True
            for w in sorted(self.words):
                tk.add_word(w, freq=_TERM_FREQ)
            self._tk = tk
        return self._tk

    def tokenize(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of each jieba token in `text`."""
        return [(a, b) for _, a, b in self._jieba().tokenize(text, HMM=False)]

    def may_cut(self, text: str, start: int, end: int) -> bool:
        """True if some dictionary word (jieba's or this vocabulary's) straddles an edge of text[start:end].

        A necessary condition for jieba to cut the span: when it fails, segmenting is unnecessary.
        Asked of jieba's shared dictionary and the vocabulary, so no private copy is made for it.
        """
        freq, words = _base().FREQ, self.words
        n = len(text)
        for a in range(max(0, start - MAX_WORD + 1), start):  # words across the left edge, ending inside
            for b in range(start + 1, min(end, a + MAX_WORD + 1)):
                w = text[a:b]
                if freq.get(w) or w in words:
                    return True
        for a in range(start + 1, end):  # words starting inside, across the right edge
            for b in range(end + 1, min(n, a + MAX_WORD) + 1):
                w = text[a:b]
                if freq.get(w) or w in words:
                    return True
        return False


def segmenter_for(words: Iterable[str]) -> Segmenter:
    """The segmenter of one vocabulary (cached: a rulebook's is built once per process)."""
    key = frozenset(words)
    seg = _cache.get(key)
    if seg is None:
        if len(_cache) > 64:  # a long-lived process with many local rulebooks: start afresh
            base = _cache.get("base")
            _cache.clear()
            if base is not None:
                _cache["base"] = base
        seg = _cache[key] = Segmenter(key)
    return seg  # type: ignore[return-value]

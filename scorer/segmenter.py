"""jieba, set up once: quiet, with our domain terms as single words.

Tokenizing is done lazily and only where a rule found a candidate hit, so a
report costs a fraction of a full jieba pass.
"""
from __future__ import annotations

import logging
from typing import Iterable

_state: dict[str, object] = {}  # cache: the initialized tokenizer and the words added to it


def _jieba():
    tk = _state.get("tk")
    if tk is None:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        tk = jieba.Tokenizer()
        tk.initialize()
        from .lexicon import DOMAIN_TERMS

        _state["tk"] = tk
        _state["words"] = set()
        add_words(DOMAIN_TERMS)
    return tk


def add_words(words: Iterable[str]) -> None:
    """Register domain terms so that jieba keeps each as one token."""
    tk = _jieba()
    known: set[str] = _state["words"]  # type: ignore[assignment]
    for w in words:
        if w and w not in known and len(w) >= 2:
            # a high frequency makes jieba prefer the whole term over its parts
            tk.add_word(w, freq=200000)
            known.add(w)


def tokenize(text: str) -> list[tuple[int, int]]:
    """(start, end) of each jieba token in `text`."""
    tk = _jieba()
    return [(a, b) for _, a, b in tk.tokenize(text, HMM=False)]


MAX_WORD = 8  # longer dictionary words are too rare to straddle a term


def may_cut(text: str, start: int, end: int) -> bool:
    """True if some dictionary word straddles an edge of text[start:end].

    A necessary condition for jieba to cut the span: when it fails, segmenting is unnecessary.
    """
    freq = _jieba().FREQ
    n = len(text)
    for a in range(max(0, start - MAX_WORD + 1), start):  # words across the left edge, ending inside
        for b in range(start + 1, min(end, a + MAX_WORD + 1)):
            if freq.get(text[a:b]):
                return True
    for a in range(start + 1, end):  # words starting inside, across the right edge
        for b in range(end + 1, min(n, a + MAX_WORD) + 1):
            if freq.get(text[a:b]):
                return True
    return False

"""One pass finds what each pattern's own regular expression would find, hit for hit."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from scorer.termfinder import TermFinder, select

ALPHABET = "法治政府建设第一责任人顾问"


def regex_spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    rx = re.compile("|".join(re.escape(t) for t in sorted(set(terms), key=len, reverse=True)))
    return [(m.start(), m.end()) for m in rx.finditer(text)]


def test_the_longest_term_at_the_leftmost_place_wins_and_hits_never_overlap():
    text = "履行法治建设第一责任人职责，落实第一责任人制度"
    finder = TermFinder(frozenset(["第一责任人", "第一责任", "责任人", "法治建设"]))
    occ = finder.occurrences(text)
    assert select(occ, ["第一责任", "第一责任人", "责任人"]) == [(6, 11), (16, 21)]
    assert select(occ, ["责任人", "法治建设"]) == [(2, 6), (8, 11), (18, 21)]


@settings(max_examples=300, deadline=None)
@given(text=st.text(alphabet=ALPHABET, max_size=60),
       vocabulary=st.lists(st.text(alphabet=ALPHABET, min_size=1, max_size=4), min_size=1, max_size=12, unique=True),
       data=st.data())
def test_selected_hits_equal_the_regex_alternation(text, vocabulary, data):
    finder = TermFinder(frozenset(vocabulary))
    terms = data.draw(st.lists(st.sampled_from(vocabulary), min_size=1, max_size=len(vocabulary), unique=True))
    assert select(finder.occurrences(text), terms) == regex_spans(text, terms)

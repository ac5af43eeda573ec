"""A regex pattern is not run over a text that lacks the literal text every match needs (rules/literals.py)."""
from __future__ import annotations

from pathlib import Path

import pytest

from scorer.rules.literals import required_literals

DATA = Path(__file__).resolve().parent / "data" / "real"


@pytest.mark.parametrize("pattern, needed", [
    ("公示[^,。;]{0,4}执法(信息|结果|决定)", {"公示"}),  # both runs are needed: the longer (or first) one is enough
    ("重大执法决定[^。]{0,10}法制审核", {"重大执法决定"}),
    ("(劳动|人事|分配)[^。;]{0,10}三项制度|三项制度改革", {"三项制度", "三项制度改革"}),  # one per branch
    ("(聘请|聘用)[^。]{0,6}(法律顾问|公职律师)", {"法律顾问", "公职律师"}),
    ("法律顾问?", {"法律顾"}),  # the optional last character is not needed
    ("(法治建设)+第一责任人", {"第一责任人"}),
    ("(第一责任人)*职责", {"职责"}),  # a repeat that may be absent requires nothing
])
def test_the_literal_text_every_match_needs(pattern, needed):
    assert required_literals(pattern) == needed


@pytest.mark.parametrize("pattern", [
    "(?i)法治ABC",  # case-insensitive: literal text cannot be required as written
    "法|治",  # single characters filter nothing
    "(第一责任人)?职责|责",  # a branch whose only run is one character
])
def test_nothing_is_required_where_nothing_can_be_proven(pattern):
    assert required_literals(pattern) is None


def test_no_pattern_of_the_default_rulebook_is_skipped_on_a_text_where_it_matches():
    import scorer
    from scorer.document_builder import read_document
    from scorer.rules.patterns import Regex

    found: dict[int, Regex] = {}

    def walk(o, depth=0):
        if isinstance(o, Regex):
            found[id(o)] = o
        elif depth < 12 and isinstance(o, (list, tuple)):
            for x in o:
                walk(x, depth + 1)
        elif depth < 12 and hasattr(o, "__dict__"):
            for v in vars(o).values():
                walk(v, depth + 1)

    walk(scorer.default_rulebook().rules)
    assert len(found) > 50
    skipped = 0
    for path in sorted(DATA.glob("real_*.txt"))[::3]:
        text = read_document(path).text
        for node in found.values():
            if not node.may_occur(text):
                skipped += 1
                assert next(node.rx.finditer(text), None) is None, (path.name, node.source)
    assert skipped > 1000  # the prefilter does skip most patterns on most reports


# --- windows: a regex runs only around the literals its matches need ---------------------------------------
@pytest.mark.parametrize("pattern, text", [
    # a lookbehind reads before the window: 党委集体研究 is excluded even when the window starts at 集体
    ("(?<!党委)集体(讨论|研究)", "镇党委集体研究了法治工作；政府集体讨论重大事项。"),
    # a lookahead reads past the consumed text, up to the window's margin
    ("(安全生产|意识形态)(?:(?!法治)[^,。;:]){0,12}第一责任人", "履行安全生产第一责任人职责，意识形态法治第一责任人。"),
    ("第一责任人(?!职责)", "履行第一责任人职责。他是第一责任人。"),
    ("法律顾问$", "聘请法律顾问\n常年法律顾问"),
    ("(?m)法律顾问$", "聘请法律顾问\n常年法律顾问\n"),
    ("(聘请|聘用)[^。]{0,6}(法律顾问|公职律师)", "聘请了法律顾问，聘用2名公职律师。" * 40 + "聘请律师担任法律顾问。"),
])
def test_a_windowed_scan_finds_exactly_what_a_full_scan_finds(pattern, text):
    import re

    from scorer.rules.literals import window_plan, windowed_finditer

    rx = re.compile(pattern)
    plan = window_plan(pattern)
    assert plan is not None
    text = "工作" * 300 + text + "推进" * 300  # windows well inside a long text
    assert [m.span() for m in windowed_finditer(rx, text, plan)] == [m.span() for m in rx.finditer(text)]


@pytest.mark.parametrize("pattern", ["(?m)^\\d{1,2}[、.]", "法治.*建设", "(法治)\\1建设", "第一责任人(?=.*职责)"])
def test_a_regex_without_bounded_reach_is_scanned_whole(pattern):
    from scorer.rules.literals import window_plan

    assert window_plan(pattern) is None


def test_every_windowed_pattern_of_the_default_rulebook_finds_what_a_full_scan_finds():
    import scorer
    from scorer.document_builder import read_document
    from scorer.rules.literals import window_plan, windowed_finditer
    from scorer.rules.patterns import Regex

    found: list[Regex] = []

    def walk(node):
        if isinstance(node, Regex):
            found.append(node)
        for child in node.children():
            walk(child)

    for rule in scorer.default_rulebook().rules:
        for node in [rule.match, *(lk.pattern for lk in rule.lookalikes), *(c.pattern for c in rule.criteria)]:
            if node is not None:
                walk(node)
    plans = [(n.rx, window_plan(n.source)) for n in found]
    assert sum(p is not None for _, p in plans) > 50
    for path in sorted(DATA.glob("real_*.txt"))[::4]:
        text = read_document(path).text
        for rx, plan in plans:
            if plan is not None:
                assert [m.span() for m in windowed_finditer(rx, text, plan)] == [m.span() for m in rx.finditer(text)]

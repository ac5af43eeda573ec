"""Every example in the rulebook yields the verdict it is filed under (the rules test themselves)."""
from __future__ import annotations

import pytest

import scorer
from scorer.api import check_text

RB = scorer.default_rulebook()
CASES = [(rule.id, status, text) for rule in RB.rules for status, texts in rule.examples.items() for text in texts]


@pytest.mark.parametrize("rule_id,expected,text", CASES,
                         ids=[f"{r}:{s}:{i}" for i, (r, s, _) in enumerate(CASES)])
def test_rule_example(rule_id, expected, text):
    result = check_text(text, RB)
    got = next(r for r in result.rules if r.id == rule_id)
    assert got.status == expected, f"{rule_id}: expected {expected}, got {got.status} ({got.message})"


def test_every_rule_has_a_passing_and_a_failing_example():
    for rule in RB.rules:
        assert rule.examples.get("met") or rule.examples.get("partial"), rule.id
        assert rule.examples.get("missing") or rule.examples.get("planned"), rule.id

"""The per-rule time budget: a runaway match stops with an error naming the rule; nothing else is disturbed."""
from __future__ import annotations

import re
import signal
import time

import pytest

from scorer.budget import RuleTimeout, time_budget
from scorer.rulebook import default_rulebook_path, load_rulebook


def _rule():
    return load_rulebook(None).rule("decision.legal-adviser")


def test_a_match_past_the_budget_becomes_an_error_naming_the_rule_and_its_line():
    rule = _rule()
    with pytest.raises(RuleTimeout) as caught:
        with time_budget(rule, 0.2):
            re.search(r"(法|法法)+治b", "法" * 60 + "治")
    err = caught.value
    assert err.rule_id == "decision.legal-adviser" and err.exit_code == 3
    assert err.line().startswith(f"{default_rulebook_path()}:{rule.line}: 规则 decision.legal-adviser")


def test_a_callers_own_alarm_still_fires_after_a_rule_ran():
    fired = []
    previous = signal.signal(signal.SIGALRM, lambda *a: fired.append(True))
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.3)
        with time_budget(_rule(), 5):
            time.sleep(0.05)
        time.sleep(0.5)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    assert fired == [True]

"""The per-rule time budget: a runaway match stops with an error naming the rule; nothing else is disturbed."""
from __future__ import annotations

import re
import signal
import time

import pytest

from scorer.budget import RuleTimeout, rule_clock, time_budget
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


def test_the_rule_running_when_the_report_clock_expires_is_the_one_named():
    rules = load_rulebook(None).rules
    with pytest.raises(RuleTimeout) as caught:
        with rule_clock(seconds=0.2) as clock:
            clock.arm(rules[0])
            time.sleep(0.15)  # most of a budget, but each rule has its own
            clock.arm(rules[1])
            time.sleep(0.1)
            clock.arm(rules[2])
            re.search(r"(法|法法)+治b", "法" * 60 + "治")
    assert caught.value.rule_id == rules[2].id

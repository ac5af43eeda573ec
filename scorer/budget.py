"""A time budget per rule: a rule that runs too long on a report stops with an error naming it.

The nested-quantifier linter (regex_safety.py) refuses the usual catastrophic regexes when a
rulebook is loaded; this budget catches the rest (`(a|aa)+b`, or a legitimate pattern meeting a
hostile text). Python's regular-expression engine checks for signals while it backtracks, so
a SIGALRM timer interrupts even a match that would run for years. The timer only works in a
process's main thread on POSIX; elsewhere the budget is not enforced.
"""
from __future__ import annotations

import contextlib
import os
import signal
import threading
from typing import Iterator

from .errors import RulebookError

DEFAULT_SECONDS = 10.0  # per rule and report of up to PER_CHARS characters
PER_CHARS = 500_000  # a longer report gets the budget once more per this many characters: a rule that
# matches 100,000 sentences does honest work in proportion to the text, unlike a backtracking regex


def rule_seconds(chars: int = 0) -> float:
    """The budget: FZZF_SCORER_RULE_SECONDS (set by --rule-time-limit), else the default; scaled for long texts."""
    try:
        value = float(os.environ.get("FZZF_SCORER_RULE_SECONDS", DEFAULT_SECONDS))
    except ValueError:
        value = DEFAULT_SECONDS
    if not 0 < value < 1e6:
        value = DEFAULT_SECONDS
    return value * max(1.0, chars / PER_CHARS)


class RuleTimeout(RulebookError):
    """A rule ran past its time budget on one report."""

    def __init__(self, rule, seconds: float):
        super().__init__(rule.source or "rulebook", f"规则 {rule.id} 在这份报告上运行超过 {seconds:g} 秒，已停止"
                         "（正则表达式可能发生灾难性回溯）(rule exceeded its time budget)", line=rule.line or None)
        self.rule_id = rule.id


class _Expired(BaseException):
    """Raised by the alarm; a BaseException so that no `except Exception` in matching swallows it."""


def _usable() -> bool:
    return hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()


class RuleClock:
    """The timer of one report's rules: the alarm's handler is installed once for the report, and each rule
    only re-arms the timer (a handler installed and removed per rule cost more than some rules' matching)."""

    def __init__(self, seconds: float, enforced: bool):
        self.seconds, self.enforced = seconds, enforced
        self.rule = None

    def arm(self, rule) -> None:
        """From now on, `rule` has the whole budget."""
        self.rule = rule
        if self.enforced:
            signal.setitimer(signal.ITIMER_REAL, self.seconds)


@contextlib.contextmanager
def rule_clock(chars: int = 0, seconds: float | None = None) -> Iterator[RuleClock]:
    """A budget for each rule armed inside: the rule running when it expires stops with RuleTimeout."""
    seconds = rule_seconds(chars) if seconds is None else seconds
    if not _usable():
        yield RuleClock(seconds, enforced=False)
        return

    def expire(signum, frame):
        raise _Expired()

    import time

    clock = RuleClock(seconds, enforced=True)
    previous = signal.signal(signal.SIGALRM, expire)
    started = time.monotonic()
    before, interval = signal.getitimer(signal.ITIMER_REAL)
    try:
        yield clock
    except _Expired:
        raise RuleTimeout(clock.rule, seconds) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if before:  # a caller's own timer keeps running (what is left of it)
            signal.setitimer(signal.ITIMER_REAL, max(before - (time.monotonic() - started), 0.001), interval)


@contextlib.contextmanager
def time_budget(rule, seconds: float | None = None, chars: int = 0) -> Iterator[None]:
    """One rule's budget (rule_clock for a single rule)."""
    with rule_clock(chars, seconds) as clock:
        clock.arm(rule)
        yield

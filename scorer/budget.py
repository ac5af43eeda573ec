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


@contextlib.contextmanager
def time_budget(rule, seconds: float | None = None, chars: int = 0) -> Iterator[None]:
    seconds = rule_seconds(chars) if seconds is None else seconds
    if not _usable():
        yield
        return

    def expire(signum, frame):
        raise _Expired()

    import time

    previous = signal.signal(signal.SIGALRM, expire)
    started = time.monotonic()
    before, interval = signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except _Expired:
        raise RuleTimeout(rule, seconds) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
        if before:  # a caller's own timer keeps running (what is left of it)
            signal.setitimer(signal.ITIMER_REAL, max(before - (time.monotonic() - started), 0.001), interval)

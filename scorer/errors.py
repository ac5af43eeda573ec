"""Errors the user can act on. Each renders as one line naming the file and the problem."""
from __future__ import annotations


class ScorerError(Exception):
    """Base class: a message meant for the user, never a traceback."""

    exit_code = 2

    def __init__(self, path: object, problem: str):
        self.path = str(path) if path is not None else ""
        self.problem = problem
        super().__init__(self.line())

    def line(self) -> str:
        from .printable import printable  # a file name with control characters must not reach the terminal raw

        return printable(f"{self.path}: {self.problem}" if self.path else self.problem)


class InputError(ScorerError):
    """A report file that cannot be read (missing, empty, binary, undecodable…)."""

    exit_code = 2


class RulebookError(ScorerError):
    """An invalid rulebook. `line` and `key` point at the offending YAML."""

    exit_code = 3

    def __init__(self, path: object, problem: str, line: int | None = None, key: str | None = None):
        self.lineno = line
        self.key = key
        where = f"{path}:{line}" if line else str(path)
        self.where = where
        from .rulebook_text import chinese

        msg = chinese(problem)  # the validator's English with a Chinese sentence in front
        msg = msg if not key else f"{key}: {msg}"
        super().__init__(where, msg)


class OutputError(ScorerError):
    """An output path that cannot be written."""

    exit_code = 2

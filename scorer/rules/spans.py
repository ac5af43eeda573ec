"""What matching works on: a hit (a span of the text) and a unit (a sentence, paragraph, section or title)."""
from __future__ import annotations

from dataclasses import dataclass

from ..document import Heading


@dataclass(frozen=True)
class Hit:
    start: int
    end: int
    text: str


@dataclass
class Unit:
    scope: str
    index: int
    start: int
    end: int
    text: str
    section: int
    heading: Heading | None = None

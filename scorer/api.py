"""The library's front door: file (or text) in, `ReportResult` out."""
from __future__ import annotations

import os

from .document_builder import parse_text, read_document
from .reading import DEFAULT_MAX_BYTES
from .results import ReportResult
from .rules.loader import load_rulebook
from .rules.model import Rulebook
from .scoring import score_document


def check_file(path: str | os.PathLike, rulebook: Rulebook | str | os.PathLike | None = None,
               max_bytes: int = DEFAULT_MAX_BYTES, waivers=(), today=None, given=None) -> ReportResult:
    """Score one report file against a rulebook (the embedded default when None).

    `given`: unit, county, level, year the user states; they replace what was detected (metadata.override)."""
    rb = rulebook if isinstance(rulebook, Rulebook) else load_rulebook(rulebook)
    doc = read_document(path, max_bytes)
    if given:
        from .metadata import override

        override(doc.metadata, **given)
    return score_document(doc, rb, waivers, today)


def check_text(text: str, rulebook: Rulebook | str | os.PathLike | None = None,
               name: str = "<text>", waivers=(), today=None) -> ReportResult:
    """Score report text given as a string."""
    rb = rulebook if isinstance(rulebook, Rulebook) else load_rulebook(rulebook)
    return score_document(parse_text(text, name), rb, waivers, today)

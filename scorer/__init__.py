"""Score 法治政府建设年度报告 against a YAML rulebook.

Usage as a library::

    import scorer
    result = scorer.check_file("seeds/002_f24fc2990dbe03d0.txt")
    print(result.score, [r.status for r in result.rules])
"""
from __future__ import annotations

from .errors import InputError, OutputError, RulebookError, ScorerError

__version__ = "0.1.0"

__all__ = [
    "InputError", "OutputError", "RulebookError", "ScorerError",
    "check_file", "check_text", "load_rulebook", "default_rulebook", "read_document", "parse_text",
]


def __getattr__(name):  # lazy: keep `import scorer` cheap for the CLI's cold start
    if name in ("check_file", "check_text"):
        from . import api
        return getattr(api, name)
    if name in ("load_rulebook", "default_rulebook"):
        from . import rulebook
        return getattr(rulebook, name)
    if name in ("read_document", "parse_text"):
        from . import document_builder
        return getattr(document_builder, name)
    raise AttributeError(name)

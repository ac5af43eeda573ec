"""The rule language in one home.

- vocabulary.py  statuses, levels, kinds, scopes, severities and roles, with their Chinese labels
- patterns.py    one class per pattern node (terms, regex, all, either, not, role, heading, quantified,
                 min_count): each parses itself from YAML, lists its literal anchors and evaluates itself
- kinds.py       one class per rule kind (concept, structure, forbid, timeliness, correspondence): each
                 parses its own keys and decides its own verdict
- model.py       the rulebook model (plain dataclasses): Rulebook, Part, Rule, Criterion, Lookalike, Basis
- loader.py      YAML → model: validation with file:line errors, extends/overrides/disable, the embedded default
- cache.py       the compiled-rulebook cache (an HMAC-signed pickle)

Import what you need from the submodules; the names below are re-exported for convenience.
"""
from __future__ import annotations

from typing import Any

_EXPORTS = {
    "Rulebook": "model", "Rule": "model", "Part": "model", "Criterion": "model", "Lookalike": "model",
    "Basis": "model", "load_rulebook": "loader", "default_rulebook": "loader", "parse_rulebook": "loader",
    "check_rulebook": "loader", "default_rulebook_path": "loader", "Status": "vocabulary", "Level": "vocabulary",
}


def __getattr__(name: str) -> Any:  # lazy: document.py imports the vocabulary without loading the loader
    mod = _EXPORTS.get(name)
    if mod is None:
        raise AttributeError(name)
    from importlib import import_module

    return getattr(import_module(f"{__name__}.{mod}"), name)

"""Compatibility: the rule language now lives in `scorer/rules/` (model, patterns, kinds, loader, cache).

Code written against `scorer.rulebook` (local tools, older tests) keeps working through these names.
"""
from __future__ import annotations

from .rules.loader import (MAX_RULEBOOK_BYTES, SHORT_MAX, check_rulebook, data_dir, default_rulebook,  # noqa: F401
                           default_rulebook_path, default_short, load_rulebook, parse_rulebook)
from .rules.model import (BASIS_LABELS, DEFAULT_RULEBOOK_ID, DEFAULT_UNITS, Basis, Criterion, Lookalike, Part,  # noqa: F401
                          Rule, Rulebook)
from .rules.patterns import (MAX_REGEX, PATTERN_KEYS, All, Either, HeadingMatch, MinCount, Node, Not, Pattern,  # noqa: F401
                             Quantified, Regex, Role, Terms)
from .rules.vocabulary import BASIS_STATUSES, KINDS, SCOPES, SEVERITIES  # noqa: F401
from .rules.vocabulary import VERDICTS as STATUSES  # noqa: F401

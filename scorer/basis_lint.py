"""Checks on a rulebook's legal bases, for `scorer rules check`: warnings, not errors.

A county forwards our gap reports; a basis that cites no clause, quotes nothing, or claims
more than its quote can carry (原文 with nothing quoted, 原文 for a clause still marked
unverified) undermines the rest. These checks say where, rule by rule.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .rules.model import Basis, Rulebook
from .rules.vocabulary import BASIS_STATUSES

MAX_QUOTE = 60  # characters: a short verbatim quote, not a paraphrase of a whole clause
_UNCHECKED = re.compile(r"待核|未核实")
_HEARSAY = "据记忆"


@dataclass(frozen=True)
class BasisWarning:
    source: str
    line: int
    rule_id: str
    index: int  # 1-based position of the basis within the rule
    problem: str


def basis_problems(b: Basis) -> list[str]:
    """What is wrong with one basis, in the words `rules check` prints."""
    out: list[str] = []
    if not b.clause.strip():
        out.append("没有写条款（clause）")
    if not b.status:
        out.append("没有写核实状态（status：原文 / 转引 / 待核）")
    if not b.quote.strip():
        out.append("没有原文短引（quote）")
    elif len(b.quote) > MAX_QUOTE:
        out.append(f"引文 {len(b.quote)} 字，超过 {MAX_QUOTE} 字：只引原文中支持要求的一句")
    if b.status == "原文" and not b.quote.strip():
        out.append("标为“原文”却没有引文：状态得不到引文支持")
    if b.status == "原文" and _UNCHECKED.search(b.clause):
        out.append("标为“原文”，条款却写着待核或未核实")
    if b.status == "待核" and b.clause.strip() and not _UNCHECKED.search(b.clause):
        out.append("状态为“待核”，条款应注明“未核实”，不要像已核对的条号那样写")
    if any(_HEARSAY in x for x in (b.doc, b.clause, b.quote)):
        out.append("写着“据记忆”：用户看到的依据不能出自记忆")
    return out


def basis_warnings(rb: Rulebook) -> list[BasisWarning]:
    return [BasisWarning(r.source or rb.path, r.line, r.id, i, problem)
            for r in rb.rules for i, b in enumerate(r.basis, 1) for problem in basis_problems(b)]


def basis_counts(rb: Rulebook) -> dict[str, int]:
    """How many bases carry each status (no status counts as 待核: nobody has checked it)."""
    counts = {s: 0 for s in BASIS_STATUSES}
    for r in rb.rules:
        for b in r.basis:
            counts[b.status if b.status in counts else "待核"] += 1
    return counts

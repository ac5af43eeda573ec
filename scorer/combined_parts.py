"""A part that holds both the year's shortcomings and the plans that answer them ("存在的问题及改进措施"):
where, inside it, the shortcomings end and the plans begin.

Without this, a rule comparing the two (do the plans answer the shortcomings?) would compare the part
with itself and always agree.
"""
from __future__ import annotations

import re

from .document import Document, Section

# a sentence (or sub-heading) that opens the plans: 下一步…, 针对上述问题…, （二）改进措施, 2024年我镇将…
_PLAN_OPENING = re.compile(
    r"^(?:\(?[一二三四五六七八九十\d]{1,2}[)、.]|[一二三四五六七八九十]是)?\s*(?:在|对此|为此|因此)?[,，]?\s*"
    r"(?:下一步|下步|下一阶段|下一年度?|下年度|明年|来年|今后|新的一年|针对(?:以上|上述|这些|存在的)|"
    r"改进措施|整改措施|对策|工作打算|工作思路|努力方向|20\d{2}\s*年[^。]{0,8}(?:将|计划|拟))")
_BOTH = frozenset({"shortcomings", "plans"})


def role_span(doc: Document, sec: Section, role: str) -> tuple[int, int] | None:
    """The stretch of `sec` that plays `role`, or None. A part that is both shortcomings and plans splits at
    its first sentence that opens the plans; with no such sentence it is all shortcomings (no plans found)."""
    if role not in sec.roles:
        return None
    if role not in _BOTH or not _BOTH <= set(sec.roles):
        return sec.start, sec.end
    body = sec.heading.end if sec.heading is not None else sec.start
    split = next((s.start for s in doc.sentences
                  if body <= s.start < sec.end and _PLAN_OPENING.match(s.text)), None)
    if split is None:
        return (sec.start, sec.end) if role == "shortcomings" else None
    return (sec.start, split) if role == "shortcomings" else (split, sec.end)

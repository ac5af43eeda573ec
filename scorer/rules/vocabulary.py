"""The vocabularies of the rule language, defined once: statuses, levels, kinds, scopes, severities, roles.

Each is a `str` enumeration, so a value compares equal to its plain string ("met"), serialises to it in
JSON and reads the same in a template; the Chinese labels every output shows live here too.
"""
from __future__ import annotations

from enum import Enum


class Status(str, Enum):
    MET = "met"
    PARTIAL = "partial"
    PLANNED = "planned"  # only as a plan, or only inside a statement of problems
    MISSING = "missing"
    WAIVED = "waived"
    NA = "na"  # the rule does not apply to this report

    def __str__(self) -> str:
        return self.value

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.value]


STATUS_LABELS = {"met": "已落实", "partial": "部分落实", "planned": "仅计划/仅问题", "missing": "缺失",
                 "waived": "已豁免", "na": "不适用"}
STATUSES = tuple(s.value for s in Status)  # every status, in display order
VERDICTS = ("met", "partial", "planned", "missing")  # what a rule's own evaluation can say (and examples use)
# How a verdict is shown and counted. An optional item (a rule that does not count in the score, such as
# "其他需要报告的情况（如有）") that is not written is not a gap: it is shown as OPTIONAL, never as a red 缺失,
# and never counted among the missing — in the terminal, the cards, the summary and the spreadsheets.
# The JSON keeps the verdict itself in rules[].status; counts{} counts what is shown.
OPTIONAL = "optional"
SHOWN_LABELS = {**STATUS_LABELS, OPTIONAL: "可选，未写"}
SHOWN_ORDER = ("met", "partial", "planned", "missing", OPTIONAL, "waived", "na")
def shown(status: str, counts_in_score: bool) -> str:
    """The status shown and counted: a gap of a rule that does not count in the score is OPTIONAL."""
    return OPTIONAL if status in ("planned", "missing") and not counts_in_score else status


DONE_STATUSES = ("met", "partial")  # written as done (with full or partial credit)
NOT_DONE = ("planned", "missing")  # a gap: not written as done
TO_FIX = ("partial", "planned", "missing")  # what a rectification list asks to add
STATUS_SYMBOLS = {"met": "✓", "partial": "◐", "planned": "…", "missing": "✗", OPTIONAL: "○", "waived": "⊘", "na": "–"}
STATUS_CODES = {"met": "m", "partial": "p", "planned": "l", "missing": "x", "waived": "w", "na": "n"}  # summary.csv


class Level(str, Enum):
    TOWNSHIP = "township"
    COUNTY = "county"
    DEPARTMENT = "department"

    def __str__(self) -> str:
        return self.value


LEVELS = tuple(v.value for v in Level)
LEVEL_LABELS = {"township": "乡镇（街道）", "county": "县级政府", "department": "政府部门"}
LEVEL_SHORT = {"township": "乡镇", "county": "县", "department": "部门"}

KINDS = ("concept", "structure", "timeliness", "forbid", "correspondence")  # the kind registry (kinds.py) holds each
SCOPES = ("sentence", "paragraph", "section", "title")
SEVERITIES = ("major", "minor", "info")
ROLES = ("preamble", "measures", "shortcomings", "leader-duty", "plans", "other")
BASIS_STATUSES = ("原文", "转引", "待核")
# Why a hit did not count (a near miss): what the JSON says, the sentence a report gives, the short label
REASONS = {
    "negated": "否定表述（如“尚未”“未”“没有”），不算已落实",
    "lookalike": "易混淆的相似说法，不是本项要求",
    "title": "只出现在文件名《…》中，不是本单位的做法",
    "presenting": "只出现在“现将……报告如下”这句开头套语中，不是所做的工作",
    "fragment": "只是另一个词的一部分",
    "plan-only": "只作为计划、打算提出（下一步/将/拟…），不算已落实",
    "problem-only": "只出现在问题、不足的表述中，不算已落实",
}
REASON_LABELS = {
    "negated": "否定表述", "lookalike": "易混淆说法", "title": "只是文件名", "presenting": "开头套语",
    "fragment": "词的一部分", "plan-only": "只是计划", "problem-only": "只在问题中",
}

"""The rectification list (整改清单): a report's gaps only, each with what to add and its basis.

Built from the JSON form of a result (`ReportResult.to_dict()`, one line of results.jsonl),
so that `check --rectify`, the HTML print view and `summary --feedback` share one list.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from .results import SHOWN_LABELS, STATUS_LABELS
from .rules.model import BASIS_LABELS
from .rules.vocabulary import TO_FIX, VERDICTS, shown

GAP_STATUSES = TO_FIX  # not met, applicable, not waived
_EXAMPLE = re.compile(r"[，,；;]?\s*(?:例如|如：|比如)")


@dataclass
class Gap:
    number: int
    rule_id: str
    title: str
    part: str  # the part's title
    status: str
    status_label: str
    to_add: str  # what to write, in one or two lines
    basis: str  # the first basis in one line, as the rulebook gives it
    counts: bool  # counts in the score (an `info` rule is only a hint)


@dataclass
class Rectification:
    unit: str
    year: int | None
    title: str
    file: str
    score: float
    counts: dict[str, int]
    rulebook: str
    gaps: list[Gap]

    @property
    def heading(self) -> str:
        year = f"{self.year}年度" if self.year else ""
        return f"{self.unit}{year}法治政府建设年度报告整改清单"

    def counts_line(self) -> str:
        c = self.counts
        return "；".join(f"{STATUS_LABELS[s]} {c.get(s, 0)} 条" for s in VERDICTS
                        if c.get(s, 0)) + "".join(f"；{STATUS_LABELS[s]} {c[s]} 条（不计分）"
                                                  for s in ("waived", "na") if c.get(s, 0))


_DOC_NUMBER = re.compile(r"》\s*（[^（）]*(?:〔|号|\d{4})[^（）]*）")


def basis_line(basis: list[dict[str, Any]]) -> str:
    """The first basis as one line: document and clause, exactly as the rulebook writes them."""
    if not basis:
        return "—"
    b = basis[0]
    line = _DOC_NUMBER.sub("》", b.get("doc") or "")  # the title is enough in a one-line list; the 文号 is in the report
    if b.get("clause"):
        line += " " + b["clause"]
    if b.get("label") == BASIS_LABELS["待核"]:
        line += f"（{b['label']}）"  # a basis nobody has checked says so plainly (rules.model.Basis.label)
    return line.strip() or "—"


def first_sentence(advice: str) -> str:
    """The instruction of an advice without its worked example (the full advice is in the annotated draft)."""
    text = " ".join(advice.split())
    m = _EXAMPLE.search(text)
    if m and m.start() >= 12:
        text = text[: m.start()]
    end = text.find("。")
    if 0 <= end:
        text = text[: end]
    return text.rstrip("，,；; ") + "。"


def to_add(rule: dict[str, Any]) -> str:
    if rule["status"] == "partial":
        missing = [c["title"] for c in rule.get("criteria", []) if not c.get("met")]
        if missing:
            return "补写：" + "；".join(missing) + "。"
    prefix = "只写了计划或问题，须写明已落实的：" if rule["status"] == "planned" else ""
    return prefix + first_sentence(rule.get("advice") or rule["title"])


def _shown(rule: dict[str, Any]) -> str:
    """The status as every output shows it: an optional item left out is 可选，未写, not 缺失."""
    return shown(rule["status"], rule.get("counts_in_score", True))


def rectification(data: dict[str, Any]) -> Rectification:
    """The gaps of one result (JSON form), in rulebook part order."""
    parts = {p["id"]: (i, p["title"]) for i, p in enumerate(data.get("parts", []))}
    rules = [r for r in data["rules"] if r["status"] in GAP_STATUSES]
    order = {r["id"]: i for i, r in enumerate(data["rules"])}
    rules.sort(key=lambda r: (parts.get(r["part"], (len(parts), ""))[0], order[r["id"]]))
    gaps = [Gap(number=n, rule_id=r["id"], title=r["title"], part=parts.get(r["part"], (0, r["part"]))[1],
                status=_shown(r), status_label=SHOWN_LABELS[_shown(r)], to_add=to_add(r),
                basis=basis_line(r.get("basis", [])), counts=bool(r.get("counts_in_score", True)))
            for n, r in enumerate(rules, start=1)]
    rb = data.get("rulebook") or {}
    return Rectification(unit=data.get("unit") or "（未识别单位）", year=data.get("year"), title=data.get("title") or "",
                         file=data.get("file") or "", score=float(data.get("score") or 0.0),
                         counts=dict(data.get("counts") or {}), rulebook=f"{rb.get('id', '')} {rb.get('version', '')}".strip(),
                         gaps=gaps)

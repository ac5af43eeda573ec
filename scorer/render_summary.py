"""The summary page (index.html): presentation data for templates/summary.html.j2, streamed to disk."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from .results import SHOWN_LABELS, SHOWN_ORDER
from .rules.vocabulary import LEVEL_LABELS, STATUS_SYMBOLS

SYMBOLS = STATUS_SYMBOLS


def _row(rec, summary, order: list[int]) -> dict[str, Any]:
    shown = summary.shown(rec)
    return {"label": rec.label, "file": rec.file, "county": rec.county or "—", "year": rec.year or "—",
            "level": LEVEL_LABELS.get(rec.level or "", "—"), "score": rec.score, "report": f"reports/{rec.report}",
            "cells": [shown[i] for i in order]}  # in the matrix's column order


PRINT_COLUMNS = 22  # rule columns that fit an A4 page across (headers written vertically, 8.8 pt)


def part_label(title: str) -> str:
    """A part's label over its columns: "一" for "一、深入学习贯彻习近平法治思想", else four characters."""
    m = re.match(r"([一二三四五六七八九十]+)、", title)
    if m:
        return m.group(1)
    text = re.sub(r"^(附[:：]|报告的|报告)", "", title)
    return re.split(r"[（(，,：:]", text, maxsplit=1)[0][:4]


def _groups(summary) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The matrix's parts (label, title, span) in column order; and pages for print: whole parts, at most
    PRINT_COLUMNS rule columns each (a part wider than that gets a page of its own)."""
    groups: list[dict[str, Any]] = []
    start = 0
    for part in summary.rulebook.parts:
        n = sum(1 for _, r in summary.columns() if r.part == part.id)
        if n:
            groups.append({"part": part, "label": part_label(part.title), "start": start, "end": start + n})
            start += n
    pages: list[dict[str, Any]] = []
    for g in groups:
        if pages and g["end"] - pages[-1]["start"] <= PRINT_COLUMNS:
            pages[-1]["end"] = g["end"]
            pages[-1]["groups"].append(g)
        else:
            pages.append({"start": g["start"], "end": g["end"], "groups": [g]})
    return groups, pages


def view_model(summary) -> dict[str, Any]:
    from .collation import pinyin_key

    order = [i for i, _ in summary.columns()]
    by_unit = sorted(summary.records, key=lambda r: pinyin_key(r.label))
    by_score = summary.ranking()
    names = {r.index: r.label for r in summary.records}
    passages = [{"reports": sorted({names.get(i, "?") for i in p.reports}),
                 "members": [{"unit": names.get(i, "?"), "text": t} for i, t in p.members],
                 "not_shown": p.sentences - len(p.members)}
                for p in summary.passages]
    position = {r.id: k for k, (_, r) in enumerate(summary.columns())}
    rule_counts = sorted(summary.rule_counts(), key=lambda c: position[c["rule"].id])  # as the matrix
    groups, pages = _groups(summary)

    return {
        "rulebook": summary.rulebook, "rules": summary.rulebook.rules, "n": len(summary.records),
        "n_errors": len(summary.errors), "errors": summary.errors,
        "by_unit": [_row(r, summary, order) for r in by_unit], "by_score": [_row(r, summary, order) for r in by_score],
        "columns": [r for _, r in summary.columns()], "part_groups": groups, "print_pages": pages,
        "rule_counts": rule_counts, "parts": summary.part_coverage(),
        "gaps": summary.common_gaps(), "plan_only": summary.plan_only(), "passages": passages,
        "problems": summary.metadata_problems(), "changes": summary.changes(),
        "rule_changes": summary.rule_changes(), "has_baseline": summary.baseline is not None,
        "status_labels": SHOWN_LABELS, "status_order": SHOWN_ORDER, "symbols": SYMBOLS,
        "mean": (sum(r.score for r in summary.records) / len(summary.records)) if summary.records else 0,
    }


def write_index(summary, path: Path) -> None:
    from .render_html import environment

    from .outputs import write_atomic_with

    stream = environment().get_template("summary.html.j2").generate(**view_model(summary))

    def write(tmp: str) -> None:
        with open(tmp, "w", encoding="utf-8") as fh:
            for chunk in stream:  # streamed: a 2,000-unit matrix is never one string in memory
                fh.write(chunk)

    write_atomic_with(path, write)

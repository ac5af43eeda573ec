"""The summary page (index.html): presentation data for templates/summary.html.j2, streamed to disk."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from .render_html import LEVEL_LABELS
from .results import SHOWN_LABELS, SHOWN_ORDER

SYMBOLS = {"met": "✓", "partial": "◐", "planned": "…", "missing": "✗", "optional": "○", "waived": "⊘", "na": "–"}


def _row(rec, summary) -> dict[str, Any]:
    return {"label": rec.label, "file": rec.file, "county": rec.county or "—", "year": rec.year or "—",
            "level": LEVEL_LABELS.get(rec.level or "", "—"), "score": rec.score, "report": f"reports/{rec.report}",
            "cells": summary.shown(rec)}


def view_model(summary) -> dict[str, Any]:
    by_unit = sorted(summary.records, key=lambda r: r.label)
    by_score = summary.ranking()
    names = {r.index: r.label for r in summary.records}
    passages = [{"reports": sorted({names.get(i, "?") for i in p.reports}),
                 "members": [{"unit": names.get(i, "?"), "text": t} for i, t in p.members]}
                for p in summary.passages]
    rule_counts = summary.rule_counts()
    return {
        "rulebook": summary.rulebook, "rules": summary.rulebook.rules, "n": len(summary.records),
        "n_errors": len(summary.errors), "errors": summary.errors,
        "by_unit": [_row(r, summary) for r in by_unit], "by_score": [_row(r, summary) for r in by_score],
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

"""Spreadsheets for the county office: summary.csv and summary.xlsx (openpyxl, write-only: streamed)."""
from __future__ import annotations

import csv
from pathlib import Path

from .batch import CODE_STATUS
from .outputs import write_atomic_with
from .printable import cell_text
from .results import STATUS_LABELS

HEAD = ["file", "unit", "county", "level", "year", "dated", "published", "score",
        "met", "partial", "planned", "missing", "optional", "waived", "na", "report", "error"]


def _unit_rows(summary):
    rules = summary.rulebook.rules
    for rec in summary.records:
        statuses = summary.shown(rec)  # an unwritten optional item is "optional", never "missing"
        counts = {s: statuses.count(s) for s in ("met", "partial", "planned", "missing", "optional", "waived", "na")}
        yield [rec.file, rec.unit or "", rec.county or "", rec.level or "", rec.year or "", rec.dated or "",
               rec.published or "", rec.score, *counts.values(), f"reports/{rec.report}", ""] + statuses
    for rec in summary.errors:
        yield [rec.file] + [""] * (len(HEAD) - 2) + [rec.error] + [""] * len(rules)


def _safe(row):
    """Every cell printable and never a formula (a unit named =HYPERLINK(…) stays text)."""
    return [cell_text(v) for v in row]


class _SafeSheet:
    """A write-only worksheet whose rows pass through _safe."""

    def __init__(self, ws):
        self.ws = ws

    def append(self, row) -> None:
        self.ws.append(_safe(row))


def write_csv(summary, path: Path) -> None:
    header = HEAD + [r.id for r in summary.rulebook.rules]

    def write(tmp: str) -> None:
        with open(tmp, "w", encoding="utf-8-sig", newline="") as fh:  # the BOM lets Excel read Chinese
            w = csv.writer(fh)
            w.writerow(_safe(header))
            w.writerows(_safe(row) for row in _unit_rows(summary))

    write_atomic_with(path, write)


def write_xlsx(summary, path: Path) -> None:
    from openpyxl import Workbook

    rules = summary.rulebook.rules
    parts = {p.id: p.title for p in summary.rulebook.parts}

    def write(tmp: str) -> None:
        wb = Workbook(write_only=True)
        ws = _SafeSheet(wb.create_sheet("矩阵 matrix"))
        ws.append(HEAD + [r.id for r in rules])
        ws.append([""] * len(HEAD) + [r.title for r in rules])
        for row in _unit_rows(summary):
            ws.append(row)
        ws = _SafeSheet(wb.create_sheet("覆盖率 coverage"))
        ws.append(["rule", "title", "part", "weight", "met", "partial", "planned", "missing", "optional", "waived",
                   "na", "coverage"])
        for c in summary.rule_counts():
            r, n = c["rule"], c["counts"]
            ws.append([r.id, r.title, parts.get(r.part, r.part), r.weight, n["met"], n["partial"], n["planned"],
                       n["missing"], n["optional"], n["waived"], n["na"],
                       round(c["coverage"], 4) if c["coverage"] is not None else None])
        ws.append([])
        ws.append(["part", "title", "rules", "coverage"])
        for p in summary.part_coverage():
            ws.append([p["part"].id, p["part"].title, p["rules"],
                       round(p["coverage"], 4) if p["coverage"] is not None else None])
        ws = _SafeSheet(wb.create_sheet("差距清单 gaps"))
        ws.append(["file", "unit", "rule", "title", "status", "status_label", "advice"])
        for rec in summary.records:
            for r, code in zip(rules, rec.codes):
                st = CODE_STATUS[code]
                if st in ("planned", "missing") and r.counts_in_score:
                    ws.append([rec.file, rec.label, r.id, r.title, st, STATUS_LABELS[st], r.advice])
        ws = _SafeSheet(wb.create_sheet("元数据问题 metadata"))
        ws.append(["file", "unit", "problem"])
        for m in summary.metadata_problems():
            ws.append([m["file"], m["unit"], m["problem"]])
        ws = _SafeSheet(wb.create_sheet("错误 errors"))
        ws.append(["file", "error"])
        for rec in summary.errors:
            ws.append([rec.file, rec.error])
        wb.save(tmp)

    write_atomic_with(path, write)

"""Spreadsheets for the county office.

summary.csv is for machines: one row per file, ids and status codes (met, missing…), UTF-8 with BOM.
summary.xlsx is for people: Chinese headers, rule titles as well as ids, statuses in Chinese in the page's
colours, percentages as percentages, frozen headers and first column, filters, fitted widths, each unit
linked to its gap report. openpyxl write-only mode: rows are streamed, memory does not grow with units.

No cell is ever a formula: in the CSV a text starting with = + - @ gets a leading ' (printable.cell_text);
in the XLSX every text is stored as text and marked "quote prefix" (as when a user types ' in Excel), so
Excel and WPS show it and never evaluate it, even after the cell is edited.
"""
from __future__ import annotations

import csv
import unicodedata
from pathlib import Path

from .outputs import write_atomic_with
from .printable import cell_text, printable
from .results import SHOWN_LABELS
from .rules.vocabulary import LEVEL_LABELS, NOT_DONE, SHOWN_ORDER

HEAD = ["file", "unit", "county", "level", "year", "dated", "published", "score",
        "met", "partial", "planned", "missing", "optional", "waived", "na", "report", "error"]
COUNTED = SHOWN_ORDER

# the page's colours (templates/_styles.css.j2): text and background of each shown status
STATUS_COLOURS = {
    "met": ("1d7a3a", "e3f4e8"), "partial": ("8a5a00", "fff2cc"), "planned": ("6b3fa0", "efe6fa"),
    "missing": ("b3261e", "fde7e5"), "optional": ("3d5a80", "e8eef6"), "waived": ("0e6b73", "e0f4f5"),
    "na": ("5b6470", "eceff2"),
}
LINK_COLOUR = "0b57a4"
RISKY = ("=", "+", "-", "@", "\t", "\r", "\n")  # what a spreadsheet could take for a formula
# The gap list links each row to the rule in the unit's report, up to this many rows: Excel accepts at most 65,530
# links in a sheet, and openpyxl keeps every link in memory until the sheet is saved (about 2 KB each).
GAP_LINKS = 10_000


def _unit_rows(summary):
    """Machine rows: ids and codes, in the matrix's column order."""
    columns = summary.columns()
    for rec in summary.records:
        shown = summary.shown(rec)  # an unwritten optional item is "optional", never "missing"
        counts = {s: shown.count(s) for s in COUNTED}
        yield [rec.file, rec.unit or "", rec.county or "", rec.level or "", rec.year or "", rec.dated or "",
               rec.published or "", rec.score, *counts.values(), f"reports/{rec.report}", ""] + \
            [shown[i] for i, _ in columns]
    for rec in summary.errors:
        yield [rec.file] + [""] * (len(HEAD) - 2) + [rec.error] + [""] * len(columns)


def _safe(row):
    """Every cell printable and never a formula (a unit named =HYPERLINK(…) stays text)."""
    return [cell_text(v) for v in row]


def write_csv(summary, path: Path) -> None:
    header = HEAD + [r.id for _, r in summary.columns()]

    def write(tmp: str) -> None:
        with open(tmp, "w", encoding="utf-8-sig", newline="") as fh:  # the BOM lets Excel read Chinese
            w = csv.writer(fh)
            w.writerow(_safe(header))
            w.writerows(_safe(row) for row in _unit_rows(summary))

    write_atomic_with(path, write)


# --- summary.xlsx ------------------------------------------------------------------------------------

def display_width(text: str) -> int:
    """Columns a text takes in a spreadsheet: two for a Chinese character, one for others."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


class _Sheet:
    """A write-only worksheet that sizes its columns to their contents and writes only safe cells.

    Rows are kept until the sheet is closed only as widths (numbers), not as cells: the column widths
    must be set before the first row is written, so the rows are written in a second pass from a
    generator factory."""

    def __init__(self, wb, title: str, header_rows: int, freeze: str, widths: dict[int, float],
                 max_width: float = 60):
        from openpyxl.utils import get_column_letter

        self.ws = wb.create_sheet(title)
        self.ws.freeze_panes = freeze
        for col, w in widths.items():
            self.ws.column_dimensions[get_column_letter(col)].width = min(max_width, max(6.0, w + 2))
        self.header_rows = header_rows
        self.rows = 0
        self.cols = 0

    def append(self, cells) -> None:
        self.ws.append(cells)
        self.rows += 1
        self.cols = max(self.cols, len(cells))

    def close(self, filter_row: int) -> None:
        from openpyxl.utils import get_column_letter

        if self.cols and self.rows >= filter_row:
            self.ws.auto_filter.ref = f"A{filter_row}:{get_column_letter(self.cols)}{max(self.rows, filter_row)}"


class _Cells:
    """Cell factories with the workbook's styles. Each style is a named style, registered once: giving a cell
    a named style copies a few numbers, while giving it a font, a fill and an alignment hashes each of them
    (most of the time spent writing the spreadsheet, measured)."""

    def __init__(self, wb):
        from openpyxl.styles import Alignment, Border, Font, NamedStyle, PatternFill, Side

        def named(name: str, **look) -> str:
            wb.add_named_style(NamedStyle(name=name, **look))
            return name

        wrap = Alignment(wrap_text=True, vertical="top")
        thin = Side(style="thin", color="d7dce2")
        self.head = named("表头", font=Font(bold=True), fill=PatternFill("solid", fgColor="eef1f4"), alignment=wrap,
                          border=Border(left=thin, right=thin, top=thin, bottom=thin))
        self.link = named("链接", font=Font(color=LINK_COLOUR, underline="single"))
        self.wrap = named("换行", alignment=wrap)
        self.status_style = {
            s: named(f"状态：{SHOWN_LABELS[s]}", font=Font(color=fg, bold=s in ("missing", "planned")),
                     fill=PatternFill("solid", fgColor=bg), alignment=Alignment(horizontal="center", vertical="center"))
            for s, (fg, bg) in STATUS_COLOURS.items()}

    def cell(self, sheet: _Sheet, value, number_format: str | None = None, link: str | None = None,
             head: bool = False, wrap: bool = False):
        from openpyxl.cell import WriteOnlyCell

        if value is not None and not isinstance(value, (int, float)):
            value = printable(value)
        if not (number_format or link or head or wrap) and not (isinstance(value, str) and value.startswith(RISKY)):
            return value  # a plain value: openpyxl stores it as is (text as text), at a third of a cell object's cost
        c = WriteOnlyCell(sheet.ws, value=value)
        if head:
            c.style = self.head
        elif link:
            c.style = self.link
        elif wrap:
            c.style = self.wrap
        if link:
            c.hyperlink = link
        if isinstance(value, str):
            c.data_type = "s"  # never a formula, whatever the text starts with
            if value.startswith(RISKY):
                c.quotePrefix = True  # stays text when edited in Excel or WPS
        if number_format:
            c.number_format = number_format
        return c

    def status(self, sheet: _Sheet, status: str):
        from openpyxl.cell import WriteOnlyCell

        c = WriteOnlyCell(sheet.ws, value=SHOWN_LABELS[status])
        c.style = self.status_style[status]
        return c


def _fit(rows, wrap_cols: frozenset[int] = frozenset(), wrap_at: float = 40) -> dict[int, float]:
    """Column widths (1-based) that fit the given rows of plain values."""
    widths: dict[int, float] = {}
    for row in rows:
        for i, v in enumerate(row, start=1):
            if v is None:
                continue
            w = display_width(v if isinstance(v, str) else f"{v}")
            if i in wrap_cols:
                w = min(w, wrap_at)
            widths[i] = max(widths.get(i, 0), w)
    return widths


MATRIX_HEAD = ["单位", "县（区）", "层级", "年度", "得分", "已落实", "部分落实", "仅计划/仅问题", "缺失", "可选，未写",
               "已豁免", "不适用", "落款日期", "发布日期", "文件", "无法读取的原因"]


def _matrix(wb, cells: _Cells, summary) -> None:
    columns = summary.columns()
    parts = {p.id: p.title for p in summary.rulebook.parts}
    fixed = len(MATRIX_HEAD)
    plain = [[rec.label, rec.county or "", LEVEL_LABELS.get(rec.level or "", "未识别"), rec.year or "",
              f"{rec.score:.1f}", "", "", "", "", "", "", "", rec.dated or "", rec.published or "", rec.file, ""]
             for rec in summary.records] + [[e.file, "", "", "", "", "", "", "", "", "", "", "", "", "", e.file, e.error]
                                            for e in summary.errors]
    widths = _fit([MATRIX_HEAD] + plain, wrap_cols=frozenset({fixed}))
    for k in range(fixed + 1, fixed + len(columns) + 1):
        widths[k] = 12  # a status label; the rule's title wraps in the header
    sheet = _Sheet(wb, "单位×规则", 2, "B3", widths)
    sheet.ws.row_dimensions[1].height = 96
    row1 = [cells.cell(sheet, "单位信息" if i == 0 else "各状态条数" if i == 5 else None, head=True)
            for i in range(fixed)]
    row1 += [cells.cell(sheet, f"{r.title}（{parts.get(r.part, r.part)}）", head=True) for _, r in columns]
    row2 = [cells.cell(sheet, h, head=True) for h in MATRIX_HEAD] + [cells.cell(sheet, r.id, head=True)
                                                                     for _, r in columns]
    sheet.append(row1)
    sheet.append(row2)
    for rec in summary.records:
        shown = summary.shown(rec)
        n = {s: shown.count(s) for s in COUNTED}
        row = [cells.cell(sheet, rec.label, link=f"reports/{rec.report}"), cells.cell(sheet, rec.county or ""),
               cells.cell(sheet, LEVEL_LABELS.get(rec.level or "", "未识别")), cells.cell(sheet, rec.year),
               cells.cell(sheet, rec.score, "0.0")]
        row += [cells.cell(sheet, n[s]) for s in COUNTED]
        row += [cells.cell(sheet, rec.dated or ""), cells.cell(sheet, rec.published or ""), cells.cell(sheet, rec.file),
                cells.cell(sheet, "")]
        row += [cells.status(sheet, shown[i]) for i, _ in columns]
        sheet.append(row)
    for e in summary.errors:
        sheet.append([cells.cell(sheet, e.file)] + [cells.cell(sheet, None)] * (fixed - 3)
                     + [cells.cell(sheet, e.file), cells.cell(sheet, e.error, wrap=True)])
    sheet.close(filter_row=2)


def _coverage(wb, cells: _Cells, summary) -> None:
    parts = {p.id: p.title for p in summary.rulebook.parts}
    by_rule = {c["rule"].id: c for c in summary.rule_counts()}
    head = ["部分", "规则编号", "规则", "权重", "已落实", "部分落实", "仅计划/仅问题", "缺失", "可选，未写", "已豁免",
            "不适用", "适用单位数", "覆盖率"]
    plain = [[parts.get(r.part, r.part), r.id, r.title, r.weight] for _, r in summary.columns()]
    sheet = _Sheet(wb, "覆盖率（按规则）", 1, "D2", _fit([head] + plain, frozenset({3}), 50))
    sheet.append([cells.cell(sheet, h, head=True) for h in head])
    for _, r in summary.columns():
        c = by_rule[r.id]
        n = c["counts"]
        sheet.append([cells.cell(sheet, parts.get(r.part, r.part)), cells.cell(sheet, r.id),
                      cells.cell(sheet, r.title, wrap=True), cells.cell(sheet, r.weight, "0.##")]
                     + [cells.cell(sheet, n[s]) for s in COUNTED]
                     + [cells.cell(sheet, c["applicable"]), cells.cell(sheet, c["coverage"], "0%")])
    sheet.close(filter_row=1)

    head = ["部分", "规则数", "覆盖率"]
    rows = summary.part_coverage()
    sheet = _Sheet(wb, "覆盖率（按部分）", 1, "B2", _fit([head] + [[p["part"].title, p["rules"]] for p in rows]))
    sheet.append([cells.cell(sheet, h, head=True) for h in head])
    for p in rows:
        sheet.append([cells.cell(sheet, p["part"].title), cells.cell(sheet, p["rules"]),
                      cells.cell(sheet, p["coverage"], "0%")])
    sheet.close(filter_row=1)


def _gaps(wb, cells: _Cells, summary) -> None:
    parts = {p.id: p.title for p in summary.rulebook.parts}
    head = ["单位", "县（区）", "部分", "规则编号", "规则", "状态", "怎么写"]
    rows = []
    for rec in summary.records:
        shown = summary.shown(rec)
        for i, r in summary.columns():
            if shown[i] in NOT_DONE:  # optional items never: they are not gaps
                rows.append((rec, r, shown[i]))
    plain = [[rec.label, rec.county or "", parts.get(r.part, r.part), r.id, r.title, SHOWN_LABELS[st], r.advice]
             for rec, r, st in rows[:2000]]
    sheet = _Sheet(wb, "差距清单", 1, "B2", _fit([head] + plain, frozenset({5, 7}), 50))
    sheet.append([cells.cell(sheet, h, head=True) for h in head])
    for n, (rec, r, st) in enumerate(rows):
        link = f"reports/{rec.report}#rule-{r.id}" if n < GAP_LINKS else None
        sheet.append([cells.cell(sheet, rec.label, link=link),
                      cells.cell(sheet, rec.county or ""), cells.cell(sheet, parts.get(r.part, r.part)),
                      cells.cell(sheet, r.id), cells.cell(sheet, r.title, wrap=True), cells.status(sheet, st),
                      cells.cell(sheet, r.advice, wrap=True)])
    sheet.close(filter_row=1)


def _plain_sheet(wb, cells: _Cells, title: str, head: list[str], rows: list[list]) -> None:
    sheet = _Sheet(wb, title, 1, "B2", _fit([head] + rows, frozenset({len(head)}), 60))
    sheet.append([cells.cell(sheet, h, head=True) for h in head])
    for row in rows:
        sheet.append([cells.cell(sheet, v, wrap=i == len(row) - 1) for i, v in enumerate(row)])
    sheet.close(filter_row=1)


def write_xlsx(summary, path: Path) -> None:
    from openpyxl import Workbook

    def write(tmp: str) -> None:
        wb = Workbook(write_only=True)
        cells = _Cells(wb)
        _matrix(wb, cells, summary)
        _coverage(wb, cells, summary)
        _gaps(wb, cells, summary)
        _plain_sheet(wb, cells, "元数据问题", ["单位", "文件", "问题"],
                     [[m["unit"], m["file"], m["problem"]] for m in summary.metadata_problems()])
        _plain_sheet(wb, cells, "无法读取的文件", ["文件", "原因"], [[e.file, e.error] for e in summary.errors])
        wb.save(tmp)

    write_atomic_with(path, write)

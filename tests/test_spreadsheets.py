"""summary.xlsx is for people, summary.csv for machines; no cell of either is ever a formula."""
from __future__ import annotations

import csv
import json
import re
import shutil

import pytest

from conftest import ROOT, SEEDS
from scorer.exports import STATUS_COLOURS
from scorer.results import SHOWN_LABELS

# tabs and carriage returns never start a cell: control characters are shown escaped (printable.py)
HOSTILE_UNITS = ["=HYPERLINK(\"http://x.example\",\"点我\")", "+1+2镇", "-3镇", "@SUM(A1)"]


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    from scorer.summary import run_summary

    tmp = tmp_path_factory.mktemp("xlsx")
    folder = tmp / "报告"
    folder.mkdir()
    for f in SEEDS.glob("*.txt"):
        shutil.copy(f, folder / f.name)
    seed = (SEEDS / "002_f24fc2990dbe03d0.txt").read_text(encoding="utf-8")
    manifest = tmp / "清单.csv"
    rows = [["file", "unit"]]
    for k, unit in enumerate(HOSTILE_UNITS):
        (folder / f"h{k}.txt").write_text(seed.replace("城关镇", f"城关{k}镇"), encoding="utf-8")
        rows.append([f"h{k}.txt", unit])
    with open(manifest, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    (folder / "坏.docx").write_bytes(b"PK\x03\x04broken")
    result = tmp / "汇总"
    summary = run_summary([str(folder)], result, manifest=str(manifest), jobs=1, progress=False)
    return summary, result


@pytest.fixture(scope="module")
def wb(out):
    from openpyxl import load_workbook

    return load_workbook(out[1] / "summary.xlsx")


def test_sheets_have_chinese_names(wb):
    assert wb.sheetnames == ["单位×规则", "覆盖率（按规则）", "覆盖率（按部分）", "差距清单", "元数据问题", "无法读取的文件"]


def test_matrix_headers_are_chinese_with_rule_titles_and_ids_in_part_order(out, wb):
    summary, _ = out
    ws = wb["单位×规则"]
    row1 = [c.value for c in ws[1]]
    row2 = [c.value for c in ws[2]]
    assert row2[:5] == ["单位", "县（区）", "层级", "年度", "得分"]
    ids = [v for v in row2 if v and re.fullmatch(r"[a-z]+\.[a-z0-9-]+", v)]
    assert ids == [r.id for _, r in summary.columns()] and len(ids) == len(summary.rulebook.rules)
    first = row2.index(ids[0])
    assert row1[first].startswith(summary.rulebook.rule(ids[0]).title)
    parts = [summary.rulebook.rule(i).part for i in ids]
    order = [p.id for p in summary.rulebook.parts]
    assert [order.index(p) for p in parts] == sorted(order.index(p) for p in parts)


def test_statuses_are_chinese_in_the_page_colours(out, wb):
    summary, _ = out
    ws = wb["单位×规则"]
    row2 = [c.value for c in ws[2]]
    col = row2.index("decision.legal-adviser") + 1
    unit_row = next(r for r in range(3, ws.max_row + 1) if ws.cell(r, 1).value == "城关镇")
    cell = ws.cell(unit_row, col)
    assert cell.value == SHOWN_LABELS["met"]
    assert cell.fill.fgColor.rgb.lower().endswith(STATUS_COLOURS["met"][1])
    assert cell.font.color.rgb.lower().endswith(STATUS_COLOURS["met"][0])
    n = len(summary.rulebook.rules)
    labels = {ws.cell(r, c).value for r in range(3, ws.max_row + 1) for c in range(len(row2) - n + 1, len(row2) + 1)}
    assert labels - {None} <= set(SHOWN_LABELS.values()) and "缺失" in labels and "可选，未写" in labels


def test_colours_are_the_page_colours():
    css = (ROOT / "templates" / "_styles.css.j2").read_text(encoding="utf-8")
    for status, (fg, bg) in STATUS_COLOURS.items():
        if status in ("met", "partial", "planned", "missing", "na"):
            assert f"--{status}: #{fg}" in css and f"--{status}-bg: #{bg}" in css, status
        else:
            assert f".c-{status} {{ background: #{bg}; color: #{fg}; }}" in css, status


def test_scores_and_percentages_are_formatted(wb):
    ws = wb["单位×规则"]
    assert ws.cell(3, 5).number_format == "0.0" and isinstance(ws.cell(3, 5).value, float)
    cov = wb["覆盖率（按规则）"]
    head = [c.value for c in cov[1]]
    k = head.index("覆盖率") + 1
    values = [cov.cell(r, k) for r in range(2, cov.max_row + 1)]
    assert all(c.number_format == "0%" for c in values)
    assert all(c.value is None or 0 <= c.value <= 1 for c in values)
    parts = wb["覆盖率（按部分）"]
    assert parts.cell(2, 3).number_format == "0%"


def test_headers_and_first_column_are_frozen_and_filtered(wb):
    ws = wb["单位×规则"]
    assert ws.freeze_panes == "B3"
    assert ws.auto_filter.ref.startswith("A2:") and ws.auto_filter.ref.endswith(str(ws.max_row))
    for name in ("覆盖率（按规则）", "差距清单", "元数据问题", "无法读取的文件"):
        assert wb[name].freeze_panes and wb[name].auto_filter.ref.startswith("A1:"), name


def test_columns_fit_their_contents(wb):
    from scorer.exports import display_width

    ws = wb["单位×规则"]
    longest = max(display_width(ws.cell(r, 1).value or "") for r in range(3, ws.max_row + 1))
    assert ws.column_dimensions["A"].width >= min(60, longest)
    gaps = wb["差距清单"]
    assert 20 <= gaps.column_dimensions["G"].width <= 62  # advice wraps instead of running off


def test_each_unit_links_to_its_report(out, wb):
    _, folder = out
    ws = wb["单位×规则"]
    links = [ws.cell(r, 1).hyperlink.target for r in range(3, ws.max_row + 1) if ws.cell(r, 1).hyperlink]
    assert len(links) == 5 + len(HOSTILE_UNITS)
    for target in links:
        assert target.startswith("reports/") and (folder / target).is_file()
    gap = wb["差距清单"].cell(2, 1).hyperlink.target
    assert re.fullmatch(r"reports/.+\.html#rule-[a-z]+\.[a-z0-9-]+", gap)


def test_the_gap_list_links_rows_only_up_to_its_limit(out, tmp_path, monkeypatch):
    """Excel accepts at most 65,530 links in a sheet and each link is held in memory until the sheet is saved:
    past the limit, gap rows are still listed, without a link."""
    from openpyxl import load_workbook

    import scorer.exports as exports

    summary, _ = out
    monkeypatch.setattr(exports, "GAP_LINKS", 3)
    exports.write_xlsx(summary, tmp_path / "s.xlsx")
    ws = load_workbook(tmp_path / "s.xlsx")["差距清单"]
    linked = [r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).hyperlink]
    assert linked == [2, 3, 4]
    assert ws.max_row > 10 and all(ws.cell(r, 5).value for r in range(2, ws.max_row + 1))


def test_no_cell_is_a_formula_and_hostile_names_stay_text(wb):
    seen = set()
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)
                if isinstance(cell.value, str) and cell.value[:1] in "=+-@":
                    assert cell.quotePrefix, (ws.title, cell.coordinate, cell.value)
                    seen.add(cell.value)
    assert {"=HYPERLINK(\"http://x.example\",\"点我\")", "+1+2镇", "-3镇", "@SUM(A1)"} <= seen


def test_csv_keeps_ids_and_codes_for_machines(out):
    summary, folder = out
    with open(folder / "summary.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    row = next(r for r in rows if r["unit"] == "城关镇")
    assert row["decision.legal-adviser"] == "met" and row["level"] == "township"
    assert list(rows[0])[-len(summary.rulebook.rules):] == [r.id for _, r in summary.columns()]
    assert {r["unit"] for r in rows} >= {"'=HYPERLINK(\"http://x.example\",\"点我\")", "'+1+2镇", "'@SUM(A1)"}
    jsonl = [json.loads(x) for x in (folder / "results.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(rows) == len(jsonl) + 1  # and the unreadable file

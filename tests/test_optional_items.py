"""An optional item ("其他需要报告的情况（如有）") that a report leaves out is not a gap anywhere."""
from __future__ import annotations

import csv
import io
import re

import pytest
from rich.console import Console

from conftest import SEEDS
from scorer.api import check_file, check_text
from scorer.render_html import render as render_html
from scorer.terminal import render as render_terminal

OTHER = "report.other-matters"
SEED = SEEDS / "002_f24fc2990dbe03d0.txt"  # 城关镇: no "其他需要报告的情况" part

WITH_OTHER = ("城关镇2023年法治政府建设情况报告\n一、主要举措和成效\n全年审查合同12份。\n"
              "二、其他需要报告的情况\n我镇被命名为省级法治政府建设示范乡镇。\n")


@pytest.fixture(scope="module")
def result(rulebook):
    return check_file(str(SEED), rulebook)


def test_unwritten_optional_item_keeps_its_verdict_but_is_shown_as_optional(result):
    r = next(x for x in result.rules if x.id == OTHER)
    assert r.status == "missing"  # the JSON verdict is unchanged
    assert r.shown == "optional"


def test_unwritten_optional_item_is_not_counted_among_missing(result):
    counts = result.counts()
    gaps = [x for x in result.rules if x.status == "missing" and x.rule.counts_in_score]
    optional = [x.id for x in result.rules if x.status in ("planned", "missing") and not x.rule.counts_in_score]
    assert counts["missing"] == len(gaps)
    assert OTHER in optional  # with the advice-only items (severity: info) of the rulebook
    assert counts["optional"] == len(optional)
    assert result.to_dict()["counts"]["optional"] == len(optional)


def test_written_optional_item_is_met(rulebook):
    r = next(x for x in check_text(WITH_OTHER, rulebook).rules if x.id == OTHER)
    assert r.status == r.shown == "met"


def test_terminal_never_shows_optional_item_as_missing(result):
    console = Console(file=io.StringIO(), width=200, color_system=None)
    render_terminal(result, console)
    out = console.file.getvalue()
    line = next(ln for ln in out.splitlines() if "其他需要报告的情况" in ln)
    assert "缺失" not in line and "可选，未写" in line
    total = next(ln for ln in out.splitlines() if ln.startswith("总分"))
    assert f"缺失 {result.counts()['missing']}" in total and f"可选，未写 {result.counts()['optional']}" in total


def test_html_card_of_optional_item_is_not_red(result):
    html = render_html(result)
    card = html.split(f'id="rule-{OTHER}"', 1)[1].split("</article>", 1)[0]
    assert 'class="badge st-optional"' in card and "st-missing" not in card
    tag = re.search(rf'<article class="([^"]*)" id="rule-{re.escape(OTHER)}"', html).group(1)
    assert "st-b-optional" in tag.split()  # its one line in the list of rules that are not gaps
    assert "缺失 " + str(result.counts()["missing"]) in html


def test_summary_matrix_and_spreadsheets_do_not_count_optional_item_as_missing(tmp_path):
    from openpyxl import load_workbook

    from scorer.summary import run_summary

    out = tmp_path / "汇总"
    summary = run_summary([str(SEEDS)], out, jobs=1, progress=False)
    idx = [r.id for r in summary.rulebook.rules].index(OTHER)
    for rec in summary.records:
        assert summary.shown(rec)[idx] == "optional"
    counts = next(c for c in summary.rule_counts() if c["rule"].id == OTHER)["counts"]
    assert counts["missing"] == 0 and counts["optional"] == len(summary.records)
    html = (out / "index.html").read_text(encoding="utf-8")
    assert 'class="cell c-optional"' in html
    with open(out / "summary.csv", encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        assert row[OTHER] == "optional"
        assert int(row["optional"]) == sum(1 for k, v in row.items() if k.count(".") and v == "optional")
        assert int(row["missing"]) == sum(1 for k, v in row.items() if k.count(".") and v == "missing")
    wb = load_workbook(out / "summary.xlsx")
    gaps = list(wb["差距清单"].iter_rows(values_only=True))
    assert len(gaps) > 1 and not any(OTHER in row for row in gaps)
    matrix = list(wb["单位×规则"].iter_rows(values_only=True))
    col = matrix[1].index(OTHER)
    assert {row[col] for row in matrix[2:]} == {"可选，未写"}
    assert all(row[matrix[1].index("缺失")] == int(csv_row["missing"]) for row, csv_row in zip(matrix[2:], rows))

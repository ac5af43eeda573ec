"""County feedback: `scorer summary … --feedback` writes each unit's rectification list and a circular."""
from __future__ import annotations

import json
import os

import docx
import pytest

from conftest import SEEDS
from test_summary import make_batch, run
from test_word_outputs import east_asian_fonts

GAPS = ("partial", "planned", "missing")


@pytest.fixture(scope="module")
def feedback_out(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("feedback")
    batch = make_batch(tmp / "in")
    out = tmp / "out"
    p = run(str(batch), "--out", str(out), "--jobs", "1", "--no-progress", "--feedback")
    assert p.returncode == 4, p.stderr  # the broken .docx of the batch is reported, the rest completes
    return out


def test_one_rectification_list_per_scored_report_named_like_its_gap_report(feedback_out):
    reports = sorted(f[:-5] for f in os.listdir(feedback_out / "reports"))
    lists = sorted(f[:-5] for f in os.listdir(feedback_out / "feedback"))
    assert lists == reports and "城关镇-2023" in lists and "新华镇-2023" in lists


def test_each_unit_list_has_exactly_its_gaps(feedback_out):
    rules = json.loads((feedback_out / "rules.json").read_text(encoding="utf-8"))["rules"]  # rule titles, once
    by_name = {}
    for line in (feedback_out / "results.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row.get("unit") in ("城关镇", "高城镇"):
            by_name[f"{row['unit']}-{row['year']}"] = row
    assert len(by_name) == 2
    for name, row in by_name.items():
        d = docx.Document(str(feedback_out / "feedback" / f"{name}.docx"))
        titles = sorted(r.cells[1].text.replace("（提示，不计分）", "") for r in d.tables[0].rows[1:])
        assert titles == sorted(rules[r["id"]]["title"] for r in row["rules"] if r["status"] in GAPS)
        assert row["unit"] in d.paragraphs[0].text and f"{row['score']:.1f}" in d.paragraphs[1].text


def test_circular_has_counts_coverage_common_gaps_and_late_or_incomplete_units(feedback_out):
    d = docx.Document(str(feedback_out / "summary.docx"))
    text = "\n".join(p.text for p in d.paragraphs)
    headings = [p.text for p in d.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:5] == ["一、总体情况", "二、各部分落实情况", "三、存在的主要问题", "四、报送不及时或内容不完整的单位",
                            "五、下一步要求"]
    assert "共检查报告 9 份" in text and "1 份文件无法读取" in text
    coverage = {r.cells[0].text: r.cells[2].text for r in d.tables[0].rows[1:]}
    assert "四、健全行政决策制度体系" in coverage and all(v.endswith("%") for v in coverage.values())
    assert "可参考" in text  # a common gap with a peer's good passage
    assert "未在次年3月31日前落款或公开：新华镇" in text  # the planted late report
    assert "损坏.docx：无法读取" in text
    scores = [r.cells[0].text for r in d.tables[1].rows[1:]]
    assert len(scores) == 9
    assert {"仿宋", "黑体"} <= east_asian_fonts(feedback_out / "summary.docx")


def test_summary_folder_with_feedback_can_be_written_again(feedback_out, tmp_path):
    batch = make_batch(tmp_path / "in")
    out = tmp_path / "out"
    for _ in range(2):
        p = run(str(batch), "--out", str(out), "--jobs", "1", "--no-progress", "--feedback")
        assert p.returncode == 4 and (out / "summary.docx").exists(), p.stderr
    p = run(str(batch), "--out", str(out), "--jobs", "1", "--no-progress")  # and without, it goes away
    assert p.returncode == 4 and not (out / "feedback").exists(), p.stderr


def test_unit_names_become_safe_file_names(tmp_path):
    batch = tmp_path / "in"
    batch.mkdir()
    (batch / "a.txt").write_text((SEEDS / "002_f24fc2990dbe03d0.txt").read_text(encoding="utf-8"), encoding="utf-8")
    man = tmp_path / "m.csv"
    man.write_text('file,unit\na.txt,"城关/镇:*?"\n', encoding="utf-8")
    p = run(str(batch), "--out", str(tmp_path / "out"), "--manifest", str(man), "--jobs", "1", "--no-progress",
            "--feedback")
    assert p.returncode == 0, p.stderr
    assert os.listdir(tmp_path / "out" / "feedback") == ["城关_镇_-2023.docx"]

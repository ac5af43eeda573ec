"""`scorer eval`: the scorer's verdicts against a reader's labels, per rule and overall."""
from __future__ import annotations

import json
import shutil

import pytest
from typer.testing import CliRunner

import scorer
from conftest import LABELS, SEEDS
from scorer.cli import app
from scorer.errors import InputError
from scorer.evaluation import evaluate, load_labels

runner = CliRunner()

# A floor that is raised as the scorer improves, never lowered.
SEED_FLOOR = 1.0


def _corpus(tmp_path, rows: list[tuple[str, str, str]], header="file\tFR\tLA\tnotes"):
    """Reports written from Chinese text, with a label file: rows of (file, text, label cells)."""
    for name, text, _ in rows:
        (tmp_path / name).write_text(text, encoding="utf-8")
    labels = tmp_path / "labels.tsv"
    labels.write_text(header + "\n" + "".join(f"{n}\t{cells}\n" for n, _, cells in rows), encoding="utf-8")
    return labels


REPORT_DONE = ("2023年法治政府建设情况报告\n一、主要举措和成效\n镇党委书记、镇长认真履行推进法治建设第一责任人职责，"
               "主持召开专题会议研究法治政府建设4次。镇政府聘请常年法律顾问1名，审查合同12份。\n")
REPORT_TRAP = ("2023年法治政府建设情况报告\n一、主要举措和成效\n镇长严格落实安全生产第一责任人职责，开展隐患排查20次。"
               "全镇实现一村（社区）一法律顾问全覆盖。\n")


def test_seed_labels_agree_at_the_floor():
    rb = scorer.default_rulebook()
    report = evaluate(load_labels(LABELS, rb), SEEDS, rb)
    assert len(report.verdicts) == 45 and not report.errors
    assert report.agreement >= SEED_FLOOR


def test_eval_prints_per_rule_agreement_and_the_overall_figure():
    res = runner.invoke(app, ["eval", str(LABELS), str(SEEDS)])
    assert res.exit_code == 0, res.output
    assert "leadership.first-responsible-person" in res.output
    assert "总一致率 agreement 1.0000" in res.output


def test_a_disagreement_is_listed_with_gold_prediction_and_the_deciding_evidence(tmp_path):
    # labelled as if the trap counted: the scorer says absent, and the near miss says why
    labels = _corpus(tmp_path, [("a.txt", REPORT_TRAP, "done\tabsent\t")])
    res = runner.invoke(app, ["eval", str(labels), str(tmp_path), "--json", "-"])
    data = json.loads(res.stdout)
    assert data["agreement"] == 0.5
    (dis,) = data["disagreements"]
    assert (dis["file"], dis["column"], dis["gold"], dis["predicted"]) == ("a.txt", "FR", "done", "absent")
    assert "安全生产第一责任人" in dis["reason"]


def test_confusion_precision_and_recall_of_done(tmp_path):
    labels = _corpus(tmp_path, [("a.txt", REPORT_DONE, "done\tdone\t"), ("b.txt", REPORT_TRAP, "absent\tdone\t"),
                                ("c.txt", REPORT_TRAP, "done\tabsent\t")])
    rb = scorer.default_rulebook()
    report = evaluate(load_labels(labels, rb), tmp_path, rb)
    fr, la = report.columns
    assert fr.confusion() == {"done": {"done": 1, "absent": 1}, "absent": {"absent": 1}}
    assert fr.precision_recall() == (1.0, 0.5)
    assert la.precision_recall() == (1.0, 0.5)
    assert report.agreement == pytest.approx(4 / 6)


def test_debatable_label_accepts_either_verdict_and_is_counted(tmp_path):
    labels = _corpus(tmp_path, [("a.txt", REPORT_TRAP, "done|absent\tabsent\t安全生产第一责任人：有人会算")])
    rb = scorer.default_rulebook()
    report = evaluate(load_labels(labels, rb), tmp_path, rb)
    assert report.agreement == 1.0 and report.debatable == 1


def test_min_agreement_below_the_figure_exits_1(tmp_path):
    labels = _corpus(tmp_path, [("a.txt", REPORT_TRAP, "done\tabsent\t")])
    res = runner.invoke(app, ["eval", str(labels), str(tmp_path), "--min-agreement", "0.9"])
    assert res.exit_code == 1
    assert "低于 --min-agreement 0.9" in res.stderr


def test_split_column_selects_part_of_the_corpus(tmp_path):
    labels = _corpus(tmp_path, [("a.txt", REPORT_DONE, "done\tdone\tdev"), ("b.txt", REPORT_TRAP, "done\tabsent\ttest")],
                     header="file\tFR\tLA\tsplit")
    rb = scorer.default_rulebook()
    ls = load_labels(labels, rb)
    assert evaluate(ls, tmp_path, rb, split="dev").agreement == 1.0
    assert evaluate(ls, tmp_path, rb, split="test").agreement == 0.5


def test_columns_map_to_rules_by_rule_id_header_or_option(tmp_path):
    labels = _corpus(tmp_path, [("a.txt", REPORT_DONE, "done\tdone\t")], header="file\tdecision.legal-adviser\t首责\tx")
    res = runner.invoke(app, ["eval", str(labels), str(tmp_path), "--map", "首责=leadership.first-responsible-person",
                              "--json", "-"])
    data = json.loads(res.stdout)
    assert [c["rule"] for c in data["columns"]] == ["decision.legal-adviser", "leadership.first-responsible-person"]


@pytest.mark.parametrize("content, problem", [
    ("file\tFR\na.txt\tmaybe\n", "labels.tsv:2: FR: 'maybe'"),
    ("report\tFR\na.txt\tdone\n", "labels.tsv:1: 标注文件缺少 file 列"),
    ("file\tFR\na.txt\tdone\tdone\n", "labels.tsv:2: 3 列，表头只有 2 列"),
    ("file\tFR\na.txt\tdone\na.txt\tplan\n", "labels.tsv:3: a.txt 重复标注"),
    ("file\tnotes\na.txt\tdone\n", "没有可对应到规则的标注列"),
])
def test_a_bad_label_file_gives_one_line_naming_file_and_line(tmp_path, content, problem):
    (tmp_path / "a.txt").write_text(REPORT_DONE, encoding="utf-8")
    (tmp_path / "labels.tsv").write_text(content, encoding="utf-8")
    res = runner.invoke(app, ["eval", str(tmp_path / "labels.tsv"), str(tmp_path)])
    assert res.exit_code == 2
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and problem in lines[0] and "Traceback" not in res.output


def test_a_mapping_to_an_unknown_rule_is_refused(tmp_path):
    labels = _corpus(tmp_path, [("a.txt", REPORT_DONE, "done\tdone\t")])
    with pytest.raises(InputError, match="no.such"):
        load_labels(labels, scorer.default_rulebook(), {"FR": "no.such"})


def test_an_unreadable_report_is_an_error_row_and_the_rest_still_count(tmp_path):
    labels = _corpus(tmp_path, [("a.txt", REPORT_DONE, "done\tdone\t"), ("b.txt", "", "done\tdone\t")])
    res = runner.invoke(app, ["eval", str(labels), str(tmp_path)])
    assert res.exit_code == 4
    assert "b.txt" in res.stderr and "总一致率 agreement 1.0000" in res.stdout


def test_eval_reads_label_files_with_the_seeds_layout(tmp_path):
    # the seeds' own label file, with its unit/county/notes columns, works unchanged
    shutil.copy(LABELS, tmp_path / "labels.tsv")
    rb = scorer.default_rulebook()
    ls = load_labels(tmp_path / "labels.tsv", rb)
    assert list(ls.columns) == ["FR", "LA", "TS", "DR", "DS", "SA", "SP", "SL", "SN"]


def test_a_fifo_as_label_file_is_refused_without_reading(tmp_path):
    import os

    fifo = tmp_path / "labels.tsv"
    os.mkfifo(fifo)
    res = runner.invoke(app, ["eval", str(fifo), str(tmp_path)])
    assert res.exit_code == 2 and "labels.tsv" in res.stderr and "Traceback" not in res.output


def test_a_missing_label_file_is_one_line(tmp_path):
    res = runner.invoke(app, ["eval", str(tmp_path / "none.tsv"), str(tmp_path)])
    assert res.exit_code == 2 and len(res.stderr.strip().splitlines()) == 1

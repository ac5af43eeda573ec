"""Legal bases: every one cites a clause and a status, none rests on memory, unverified ones are labelled plainly
in every output, and `scorer rules check` warns on the weak ones and counts 原文/转引/待核."""
from __future__ import annotations

import json
import os
import subprocess
import sys

from conftest import ROOT
from scorer.api import check_text
from scorer.basis_lint import basis_counts, basis_problems, basis_warnings
from scorer.render_html import render
from scorer.rulebook import Basis, load_rulebook

RULEBOOK = ROOT / "rules" / "fzzf-2021.yaml"


def rules_cli(*args):
    env = dict(os.environ, PYTHONIOENCODING="utf-8", FZZF_SCORER_NO_CACHE="1")
    return subprocess.run([sys.executable, "-m", "scorer", "rules", *args], capture_output=True, text=True, env=env)


def test_every_basis_of_the_default_rulebook_has_a_clause_and_a_status(rulebook):
    bare = [(r.id, b.doc) for r in rulebook.rules for b in r.basis if not b.clause.strip() or not b.status]
    assert not bare


def test_no_basis_rests_on_memory(rulebook):
    assert "据记忆" not in RULEBOOK.read_text(encoding="utf-8")
    assert not [w for w in basis_warnings(rulebook) if "据记忆" in w.problem]


def test_the_60_hour_training_figure_is_cited_from_the_outline_not_used_as_a_threshold(rulebook, verdict):
    rule = rulebook.rule("enforcement.training")
    cited = [b for b in rule.basis if "60学时" in b.quote]
    assert cited and cited[0].status == "原文" and "（三十四）" in cited[0].clause
    assert verdict("执法人员全年参加业务培训人均12学时。", "enforcement.training") == "met"


def test_every_quote_is_at_most_60_characters(rulebook):
    assert all(len(b.quote) <= 60 for r in rulebook.rules for b in r.basis)


def test_a_quote_marked_original_is_never_missing(rulebook):
    assert not [(r.id, b.doc) for r in rulebook.rules for b in r.basis if b.status == "原文" and not b.quote]


def test_the_decision_catalogue_basis_quotes_the_permissive_wording(rulebook):
    quotes = [b.quote for b in rulebook.rule("decision.decision-catalogue").basis]
    assert any("可以" in q for q in quotes)


def test_an_unverified_basis_is_labelled_plainly_and_a_read_one_by_its_status():
    assert Basis(doc="《某纲要》", clause="（四）（条目原文未核实）", status="待核").label == "依据待核实"
    assert Basis(doc="《某规定》").label == "依据待核实"  # no status: nobody checked it
    assert Basis(doc="《某条例》", clause="第五条", status="原文", quote="应当").label == "原文"
    assert Basis(doc="《某规定》", clause="第二项", status="转引", quote="应当").label.startswith("转引")


def test_lint_finds_a_status_its_quote_cannot_support():
    assert any("状态得不到引文支持" in p for p in basis_problems(Basis(doc="《某条例》", clause="第五条", status="原文")))
    assert any("未核实" in p for p in basis_problems(Basis(doc="《某条例》", clause="第五条（条号未核实）", status="原文",
                                                         quote="应当公开")))
    assert any("超过 60 字" in p for p in basis_problems(Basis(doc="《某条例》", clause="第五条", status="原文",
                                                            quote="应" * 61)))
    assert basis_problems(Basis(doc="《某条例》", clause="第五条", status="原文", quote="应当坚持以公开为常态")) == []


def test_rules_check_warns_on_a_basis_without_clause_or_quote(tmp_path):
    book = tmp_path / "本县规则.yaml"
    book.write_text(
        "extends: fzzf-2021\n"
        "rulebook: {id: qs-2024, version: '1', title: 青山县检查清单}\n"
        "parts: [{id: local, title: 本县要求}]\n"
        "rules:\n"
        "  - id: local.grid-law\n"
        "    title: 网格员法治培训\n"
        "    part: local\n"
        "    match: {all: [[网格员], [培训, 学法]]}\n"
        "    basis: [{doc: 《青山县2024年全面依法治县工作要点》, status: 原文}]\n"
        "    advice: 写明网格员法治培训的场次和人数。\n"
        "    examples: {met: [组织网格员法治培训3场。], missing: [加强网格化管理。]}\n", encoding="utf-8")
    p = rules_cli("check", str(book))
    assert p.returncode == 0, p.stderr
    warned = [ln for ln in p.stdout.splitlines() if "local.grid-law" in ln]
    assert any("没有写条款" in ln for ln in warned) and any("没有原文短引" in ln for ln in warned)
    assert any("状态得不到引文支持" in ln for ln in warned)
    assert all(f"{book.name}:5:" in ln for ln in warned)  # the line of the rule that holds the basis


def test_rules_check_prints_the_counts_the_readme_gives(rulebook):
    counts = basis_counts(rulebook)
    p = rules_cli("check")
    assert p.returncode == 0 and p.stdout.startswith("校验通过")
    line = "，".join(f"{k} {v}" for k, v in counts.items())
    assert line in p.stdout
    assert line in (ROOT / "README.md").read_text(encoding="utf-8")


LOCAL_UNVERIFIED = (
    "extends: fzzf-2021\n"
    "rulebook: {id: qs-2024, version: '1', title: 青山县检查清单}\n"
    "parts: [{id: local, title: 本县要求}]\n"
    "rules:\n"
    "  - id: local.grid-law\n"
    "    title: 网格员法治培训\n"
    "    part: local\n"
    "    match: {all: [[网格员], [培训, 学法]]}\n"
    "    basis: [{doc: 《青山县2024年全面依法治县工作要点》, clause: 第三部分（条目原文未核实）, status: 待核}]\n"
    "    advice: 写明网格员法治培训的场次和人数。\n"
    "    examples: {met: [组织网格员法治培训3场。], missing: [加强网格化管理。]}\n")
REPORT = "青山镇2023年法治政府建设情况报告\n加强基层党组织建设。\n"


def _local_book(tmp_path):
    book = tmp_path / "本县规则.yaml"
    book.write_text(LOCAL_UNVERIFIED, encoding="utf-8")
    return book


def test_gap_report_html_labels_an_unverified_basis(tmp_path):
    rb = load_rulebook(_local_book(tmp_path))
    assert rb.rule("local.grid-law").basis_unverified and not rb.rule("decision.legal-adviser").basis_unverified
    article = render(check_text(REPORT, rb)).split('id="rule-local.grid-law"')[1].split("</article>")[0]
    assert "依据待核实" in article and "lvl unverified" in article


def test_terminal_table_labels_a_missing_rule_whose_basis_is_unverified(tmp_path):
    report = tmp_path / "报告.txt"
    report.write_text(REPORT, encoding="utf-8")
    env = dict(os.environ, PYTHONIOENCODING="utf-8", FZZF_SCORER_NO_CACHE="1", COLUMNS="200")
    p = subprocess.run([sys.executable, "-m", "scorer", "check", str(report), "--rules", str(_local_book(tmp_path)),
                        "--html", str(tmp_path / "r.html")], capture_output=True, text=True, env=env)
    assert p.returncode == 0, p.stderr
    lines = p.stdout.splitlines()
    at = next(i for i, ln in enumerate(lines) if "local.grid-law" in ln)
    assert any("依据待核实" in ln for ln in lines[at - 2:at + 4])  # the rule's row (title, id, note lines)
    assert sum("依据待核实" in ln for ln in lines) == 1  # rules with a read basis are not labelled


def test_json_carries_the_label_beside_the_status(tmp_path):
    result = check_text(REPORT, load_rulebook(_local_book(tmp_path)))
    rules = {r["id"]: r for r in json.loads(json.dumps(result.to_dict()))["rules"]}
    assert rules["local.grid-law"]["basis"][0]["label"] == "依据待核实"
    assert rules["decision.legal-adviser"]["basis"][0]["label"] == "原文"

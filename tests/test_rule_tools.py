"""`scorer rules list/show/check/test` as a rule author uses them."""
from __future__ import annotations

import os
import subprocess
import sys

from conftest import ROOT

RULEBOOK = ROOT / "rules" / "fzzf-2021.yaml"


def run(*args, cwd=None):
    env = dict(os.environ, PYTHONIOENCODING="utf-8", FZZF_SCORER_NO_CACHE="1")
    return subprocess.run([sys.executable, "-m", "scorer", "rules", *args], capture_output=True, text=True,
                          cwd=cwd, env=env)


def test_list_shows_rules_in_every_part_of_the_outline():
    p = run("list")
    assert p.returncode == 0, p.stderr
    for part in ("一、", "习近平法治思想", "二、", "政府机构职能体系", "三、", "依法行政制度体系", "四、", "行政决策",
                 "五、", "行政执法", "六、", "突发事件", "七、", "矛盾纠纷", "八、", "制约和监督", "九、", "科技保障",
                 "十、", "党的领导", "普法"):
        assert part in p.stdout, part
    assert "decision.legal-adviser" in p.stdout


def test_default_rulebook_has_between_40_and_70_rules_with_every_part_used(rulebook):
    assert 40 <= len(rulebook.rules) <= 70
    assert {p.id for p in rulebook.parts} == {r.part for r in rulebook.rules}


def test_show_prints_basis_advice_criteria_and_examples():
    p = run("show", "enforcement.three-systems")
    assert p.returncode == 0
    for needle in ("国办发〔2018〕118号", "原文", "法制审核", "评分细项", "样例", "missing:"):
        assert needle in p.stdout, needle


def test_show_unknown_rule_suggests_the_closest():
    p = run("show", "decision.legal-advisor")
    assert p.returncode == 2 and "是不是 'decision.legal-adviser'" in p.stderr


def test_check_default_rulebook_is_ok():
    p = run("check")
    assert p.returncode == 0 and p.stdout.startswith("校验通过")


def test_test_runs_every_example_of_every_rule():
    p = run("test")
    assert p.returncode == 0, p.stdout
    assert "，0 个不符" in p.stdout


def test_check_reports_each_fault_of_a_broken_copy_with_its_line(tmp_path):
    lines = RULEBOOK.read_text(encoding="utf-8").splitlines()

    def line_of(text, start=0):
        return next(i for i in range(start, len(lines)) if lines[i].startswith(text))

    # 1. unknown key in the first rule
    a = line_of("    match:", line_of("  - id: leadership.first-responsible-person"))
    lines[a] = lines[a].replace("match:", "matches:")
    # 2. bad weight in the legal-adviser rule
    b = line_of("    weight: 3", line_of("  - id: decision.legal-adviser"))
    lines[b] = "    weight: -1"
    # 3. bad regex in the disclosure rule
    c = line_of("        - regex: '公开(政府|政务)", line_of("  - id: openness.disclosure"))
    lines[c] = "        - regex: '公开((政府|政务)'"
    # 4. an example list removed: no failing example left
    d0 = line_of("  - id: functions.business-environment")
    d = line_of("      missing: [加强基层党组织建设。]", d0)
    e = line_of("      planned: [下一步，将持续优化法治化营商环境。]", d0)
    lines[d] = lines[e] = ""
    # 5. a duplicate id
    f = line_of("  - id: report.shortcomings")
    lines[f] = "  - id: report.measures-and-results"
    broken = tmp_path / "broken.yaml"
    broken.write_text("\n".join(lines), encoding="utf-8")

    p = run("check", str(broken))
    assert p.returncode == 3
    out = p.stdout
    assert f"{broken}:{a + 1}: matches: 规则 中有不认识的键（是不是 'match'？） (unknown key in rule (did you mean 'match'?))" in out
    assert f"{broken}:{b + 1}: weight:" in out
    assert f"{broken}:{c + 1}: regex: 正则表达式 '公开((政府|政务)" in out and "写错了 (bad regular expression" in out
    assert f"{broken}:{line_of('    examples:', d0) + 1}: examples: 至少要有一个不通过的样例" in out
    assert f"{broken}:{f + 1}: id: 规则编号 'report.measures-and-results' 重复" in out
    assert len(out.strip().splitlines()) == 5


def test_test_reports_a_wrong_example_with_its_rule_and_exits_1(tmp_path):
    text = RULEBOOK.read_text(encoding="utf-8").replace(
        "        - 我镇聘请了常年法律顾问。", "        - 我镇尚未聘请法律顾问。")
    bad = tmp_path / "bad.yaml"
    bad.write_text(text, encoding="utf-8")
    p = run("test", str(bad))
    assert p.returncode == 1
    assert "不符" in p.stdout and "decision.legal-adviser：样例应为 partial，判定为 missing" in p.stdout

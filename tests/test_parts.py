"""The rulebook's parts are numbered as the 纲要 numbers them; the README's examples still work."""
from __future__ import annotations

import re

from conftest import ROOT, SEEDS
from scorer.api import check_file
from scorer.waivers import load_waivers

NUMERALS = "一二三四五六七八九十"


def test_outline_parts_are_numbered_one_to_ten_each_once_in_order(rulebook):
    numbered = [p.title for p in rulebook.parts if re.match(rf"[{NUMERALS}]、", p.title)]
    assert [t.split("、", 1)[0] for t in numbered] == list(NUMERALS)


def test_outline_part_titles_are_the_outline_wording(rulebook):
    titles = {p.id: p.title for p in rulebook.parts}
    assert titles["oversight"].startswith("八、健全行政权力制约和监督体系")
    assert titles["disputes"] == "七、健全社会矛盾纠纷行政预防调处化解体系"
    assert titles["leadership"] == "十、加强党的领导，完善法治政府建设推进机制"


def test_disclosure_rules_sit_in_part_eight_as_the_outline_has_them(rulebook):
    openness = [r for r in rulebook.rules if r.id.startswith("openness.")]
    assert openness and {r.part for r in openness} == {"oversight"}
    assert "（二十七）" in rulebook.part("oversight").description


def test_parts_outside_the_outline_say_so_and_sit_around_it(rulebook):
    ids = [p.id for p in rulebook.parts]
    assert ids[0] == "report" and ids[-2:] == ["society", "quality"]
    for pid in ("report", "society", "quality"):
        assert "不属于纲要" in rulebook.part(pid).description, pid
    assert "法治社会建设实施纲要" in rulebook.part("society").description


def test_readme_waiver_example_applies_and_has_not_expired(tmp_path, rulebook):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("### 豁免", 1)[1].split("```yaml", 1)[1].split("```", 1)[0]
    path = tmp_path / "waivers.yaml"
    path.write_text(block, encoding="utf-8")
    waivers = load_waivers(path, {r.id for r in rulebook.rules})
    result = check_file(SEEDS / "002_f24fc2990dbe03d0.txt", rulebook, waivers=waivers)  # 城关镇
    r = next(x for x in result.rules if x.id == waivers[0].rule)
    assert r.status == "waived" and r.waiver["expired"] is False

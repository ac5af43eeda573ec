"""What one rulebook adds to word segmentation never changes another rulebook's verdicts."""
from __future__ import annotations

import scorer
from scorer.rulebook import load_rulebook
from scorer.segmenter import segmenter_for

# A local rulebook whose term 公开工作 would, in a shared dictionary, make jieba cut
# "政府信息公开工作" as 政府信息/公开工作 and so turn the default hit 信息公开 into a word fragment.
LOCAL = """\
extends: fzzf-2021
rulebook: {id: local-openness, version: "1", title: 本地规则}
parts:
  - {id: local, title: 本地要求}
rules:
  - id: local.openness-work
    title: 公开工作
    part: local
    match: {terms: [公开工作]}
    basis: [{doc: 本县工作要点, status: 待核}]
    advice: 写明公开工作。
    examples:
      met: [扎实做好公开工作。]
      missing: [加强宣传。]
"""

TEXTS = [
    "积极推进政府信息公开工作。",
    "镇党委书记认真履行推进法治建设第一责任人职责，全年主动公开政府信息120条。",
    "聘请常年法律顾问1名，全年审查合同15份。",
]


def _verdicts(rb) -> list[list[tuple[str, str]]]:
    return [[(r.id, r.status) for r in scorer.check_text(t, rb).rules if not r.id.startswith("local.")]
            for t in TEXTS]


def test_default_verdicts_are_the_same_before_and_after_a_local_rulebook_ran(tmp_path):
    default = scorer.default_rulebook()
    before = _verdicts(default)
    path = tmp_path / "local.yaml"
    path.write_text(LOCAL, encoding="utf-8")
    local = load_rulebook(path)
    _verdicts(local)  # the local rulebook scores the same texts in the same process
    assert _verdicts(default) == before


def test_disclosure_in_xinxi_gongkai_gongzuo_is_not_a_fragment_for_the_default_rulebook(tmp_path):
    path = tmp_path / "local.yaml"
    path.write_text(LOCAL, encoding="utf-8")
    scorer.check_text(TEXTS[0], load_rulebook(path))
    res = next(r for r in scorer.check_text(TEXTS[0]).rules if r.id == "openness.disclosure")
    assert res.status in ("met", "partial")


def test_each_vocabulary_has_its_own_segmenter_and_the_base_dictionary_is_untouched():
    a = segmenter_for({"公开工作"})
    b = segmenter_for({"法律顾问"})
    assert a is not b and a is segmenter_for({"公开工作"})
    assert (4, 8) in a.tokenize("政府信息公开工作")  # 公开工作 one word for a
    assert (4, 8) not in b.tokenize("政府信息公开工作")  # but not for b

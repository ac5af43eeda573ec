"""Rules corrected against the full texts (basis-verified.md): 可以 is not 应当, conditional steps only
where the condition applies, the government's own meeting, and the other 第一责任人 of 国办发〔2018〕118号."""
from __future__ import annotations

from dataclasses import replace

from scorer.api import check_text

COUNTY_HEAD = "青山县人民政府关于2023年度法治政府建设情况的报告\n一、主要举措和成效\n"


def _score_without(text, rulebook, rule_id):
    return check_text(text, replace(rulebook, rules=[r for r in rulebook.rules if r.id != rule_id])).score


def test_a_report_that_only_mentions_a_decision_catalogue_is_not_penalised(rulebook):
    text = COUNTY_HEAD + "县政府编制了重大行政决策事项目录，全年召开常务会议研究重大事项12次。\n"
    result = check_text(text, rulebook)
    rule = next(r for r in result.rules if r.id == "decision.decision-catalogue")
    assert rule.status == "partial" and not rule.rule.counts_in_score  # the catalogue is 可以: advice only
    assert result.score == _score_without(text, rulebook, "decision.decision-catalogue")


def test_a_report_without_any_decision_catalogue_loses_nothing_for_it(rulebook):
    text = COUNTY_HEAD + "县政府全年召开常务会议研究重大事项12次。\n"
    result = check_text(text, rulebook)
    assert next(r for r in result.rules if r.id == "decision.decision-catalogue").status == "missing"
    assert result.score == _score_without(text, rulebook, "decision.decision-catalogue")


def test_post_decision_evaluation_is_advice_not_a_duty(rulebook):
    assert not rulebook.rule("decision.evaluation-and-accountability").counts_in_score


def test_a_decision_without_technical_matter_is_not_penalised_for_no_expert_review(verdict):
    text = "本年度作出重大行政决策1项（镇区农贸市场改造方案），经公开征求意见、合法性审查后提交镇长办公会集体讨论决定。"
    res = verdict.result(text, "decision.major-decision-procedure")
    assert res.status == "met"
    assert {c.id: c.met for c in res.criteria}["experts"]


def test_a_technical_decision_without_expert_review_lacks_that_step(verdict):
    text = ("本年度作出重大行政决策1项（污水处理厂选址），该事项专业性、技术性较强，"
            "经公开征求意见、合法性审查和镇政府常务会议讨论决定。")
    res = verdict.result(text, "decision.major-decision-procedure")
    met = {c.id: c.met for c in res.criteria}
    assert res.status == "partial" and not met["experts"] and met["risk"]


def test_a_decision_touching_social_stability_needs_a_risk_assessment(verdict):
    text = "本年度作出重大行政决策1项（涉及征地拆迁的片区改造），经公开征求意见、合法性审查和镇政府常务会议讨论决定。"
    met = {c.id: c.met for c in verdict.result(text, "decision.major-decision-procedure").criteria}
    assert not met["risk"] and met["experts"]


def test_a_party_committee_meeting_is_not_the_collective_discussion_of_article_30(verdict):
    party = "本年度作出重大行政决策2项，均经公开征求意见、合法性审查和党委会集体讨论决定。"
    government = "本年度作出重大行政决策2项，均经公开征求意见、合法性审查和镇政府常务会议集体讨论决定。"
    assert not {c.id: c.met for c in verdict.result(party, "decision.major-decision-procedure").criteria}["collective"]
    assert verdict(government, "decision.major-decision-procedure") == "met"


def test_contract_review_alone_is_not_legality_review_of_a_decision(verdict):
    assert verdict("全年对政府合同开展合法性审查15件。", "decision.legality-review") == "missing"
    assert verdict("全年对提交镇政府常务会议讨论的重大事项开展合法性审查15件。", "decision.legality-review") == "met"


def test_enforcement_training_has_no_hour_threshold(verdict):
    assert verdict("组织执法人员专题培训2次，参训48人次。", "enforcement.training") == "met"
    assert verdict("执法人员全年参加业务培训人均12学时。", "enforcement.training") == "met"


def test_the_three_systems_first_responsible_person_is_a_lookalike(verdict):
    text = "镇长作为本镇全面推行行政执法“三项制度”工作的第一责任人，推动法治政府建设各项任务落实。"
    res = verdict.result(text, "leadership.first-responsible-person")
    assert res.status == "missing"
    assert any(n.reason == "lookalike" and "118号" in n.detail for n in res.near_misses)


def test_the_legal_review_first_responsible_person_is_a_lookalike(verdict):
    text = "局长是推动落实本机关重大执法决定法制审核制度的第一责任人，法治建设工作有序推进。"
    res = verdict.result(text, "leadership.first-responsible-person")
    assert res.status == "missing"
    assert any(n.reason == "lookalike" and "（十四）" in n.detail for n in res.near_misses)


def test_the_rule_of_law_first_responsible_person_still_counts(verdict):
    text = "镇党委书记、镇长切实履行推进法治建设第一责任人职责，全年主持召开党委会专题研究法治建设4次。"
    assert verdict(text, "leadership.first-responsible-person") == "met"

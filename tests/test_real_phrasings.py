"""Ways real reports phrase the duties that the five seeds did not show."""
from __future__ import annotations

import pytest

import scorer

FR = "leadership.first-responsible-person"
TS = "enforcement.three-systems"
DS = "openness.disclosure"
LA = "decision.legal-adviser"


def test_traditional_script_report_is_read_as_simplified(verdict):
    text = "2022年法治政府建設情況報告\n一、主要舉措和成效\n鎮黨委書記、鎮長認真履行推進法治建設第一責任人職責，主持召開專題會議研究法治政府建設3次。\n"
    assert verdict(text, FR) in ("met", "partial")


def test_traditional_script_evidence_points_into_the_original_characters():
    text = "一、主要舉措和成效\n全年主動公開政府信息256條，依申請公開辦結12件。\n"
    res = next(r for r in scorer.check_text(text).rules if r.id == DS)
    ev = res.evidence[0]
    assert "主動公開政府信息" in text[ev.start:ev.end]
    assert "主动公开政府信息" in ev.text


def test_simplified_text_is_left_as_it_is():
    from scorer.cleaning import clean

    c = clean("乾隆年间的干部后来在发展。")
    assert c.text == "乾隆年间的干部后来在发展。" and not c.notes


def test_executing_the_first_responsible_person_regulation_is_doing_it(verdict):
    text = "2023年，镇党委认真执行《党政主要负责人履行推进法治建设第一责任人职责规定》，把法治建设纳入年度工作计划。"
    assert verdict(text, FR) in ("met", "partial")


def test_issuing_an_enforcement_publicity_system_is_doing_it(verdict):
    text = "制定印发《全面推行行政执法公示制度实施办法》、《重大执法决定法制审核办法》，规范执法行为。"
    assert verdict(text, TS) in ("met", "partial")


def test_a_title_only_studied_is_still_a_near_miss(verdict):
    text = "组织班子成员集中学习《宪法》《党政主要负责人履行推进法治建设第一责任人职责规定》等法律法规12次。"
    res = verdict.result(text, FR)
    assert res.status == "missing"
    assert [n.reason for n in res.near_misses] == ["title"]


def test_a_title_cited_as_grounds_is_not_the_units_own_act(verdict):
    text = "根据《中共某县委全面依法治县委员会关于全面推行行政执法公示制度的通知》要求，召开会议传达。"
    assert verdict(text, TS) == "missing"


def test_a_title_executed_only_next_year_is_a_plan(verdict):
    text = "三、下一步工作打算\n下一步，我镇将认真执行《党政主要负责人履行推进法治建设第一责任人职责规定》。"
    assert verdict(text, FR) == "planned"


def test_implementing_a_regulation_named_with_its_issuers_is_doing_it(verdict):
    text = ("认真贯彻落实中共中央办公厅、国务院办公厅印发的《党政主要负责人履行推进法制建设第一责任人职责规定》精神，"
            "将法治政府建设摆在工作全局的重要位置，局长亲自负责。")
    assert verdict(text, FR) in ("met", "partial")


def test_a_regulation_named_with_its_issuers_but_only_studied_is_still_a_near_miss(verdict):
    text = "组织干部学习中共中央办公厅、国务院办公厅印发的《党政主要负责人履行推进法治建设第一责任人职责规定》。"
    assert verdict(text, FR) == "missing"


def test_legal_review_under_the_three_major_one_large_system_is_not_enforcement_review(verdict):
    text = ("严格按照《新江湾城街道关于进一步落实“三重一大”制度的实施办法》等文件要求，推动法制审核程序制度化、"
            "机制化运行，充分发挥街道法律顾问、公职律师作用，有效保障街道法制审核工作。")
    assert verdict(text, TS) == "missing"


def test_a_law_firm_engaged_for_the_bodys_decisions_is_a_legal_adviser(verdict):
    text = ("三是重大行政决策律师参与制度。街道继续与律师事务所合作，选聘律师事务所签订合同，"
            "为行政决策提供依据。")
    assert verdict(text, "decision.legal-adviser") in ("met", "partial")


def test_a_disclosure_attribute_alone_under_the_title_is_page_chrome(verdict):
    text = "2025年重固镇法治政府建设报告\n\n主动公开\n\n2026.03.05\n\n2025年，重固镇坚持以习近平法治思想为指导。\n"
    assert verdict(text, DS) == "missing"


def test_the_districts_legal_advisers_lecturing_residents_are_not_the_bodys_adviser(verdict):
    text = "开展以案释法，组织司法所工作人员、辖区法律顾问等人员到村（社区）会议室给群众上法治课5场次。"
    assert verdict(text, "decision.legal-adviser") == "missing"


def test_the_legal_review_procedure_of_normative_documents_is_not_enforcement_review(verdict):
    assert verdict("全年起草编制2项规范性文件，均按规定履行法制审核程序。", TS) == "missing"


def test_a_duty_written_in_the_sentence_that_presents_the_report_is_not_a_plan(verdict):
    """Reports copied from web pages lose their line breaks: "现将…报告如下" then runs into the first heading.
    现将 presents the report; it is not 将 of the future."""
    text = ("现将相关情况报告如下: 一、主要举措和成效 (一)加强党的领导，部门主要负责人切实履行推进法治建设第一责任人"
            "职责，主持召开党委会研究法治建设3次")
    assert verdict(text, FR) in ("met", "partial")


def test_the_sentence_that_presents_the_report_is_no_evidence_itself(verdict):
    text = "现将我镇2023年度党政主要负责人履行推进法治建设第一责任人职责情况报告如下："
    assert verdict(text, FR) == "missing"
    assert verdict("现将我街2021年法治政府建设工作情况汇报如下：", "leadership.meetings-on-rule-of-law") == "missing"


@pytest.mark.parametrize("text, rule", [
    ("现将县司法局2023年度法治政府建设暨法律顾问工作情况报告如下：", LA),
    ("现将县审计局2023年度法治政府建设工作情况报告如下：", "oversight.audit-and-internal"),
    ("兹将我办2022年政府信息公开工作情况报告如下：", DS),
    ("特将我局行政执法公示制度、执法全过程记录制度、重大执法决定法制审核制度落实情况汇报如下：", TS),
])
def test_no_rule_takes_evidence_from_the_sentence_that_presents_the_report(verdict, text, rule):
    """The formula names the report's subject and its author (a 审计局, a 司法局), not work done: the engine
    sets it aside for every rule, and says why among the near misses."""
    r = verdict.result(text, rule)
    assert r.status == "missing"
    assert any(n.reason == "presenting" for n in r.near_misses)


def test_a_duty_after_the_presenting_formula_in_the_same_sentence_still_counts(verdict):
    text = "现将有关情况报告如下：镇长认真履行推进法治建设第一责任人职责，全年主持专题研究法治建设4次。"
    assert verdict(text, FR) in ("met", "partial")


def test_a_years_own_list_the_body_draws_up_is_doing_it(verdict):
    text = "建立责任清单，制定年度《党政主要负责人履行推进法治建设第一责任人职责工作清单》，明确主要负责人具体职责。"
    assert verdict(text, FR) in ("met", "partial")
    assert verdict("组织学习年度《党政主要负责人履行推进法治建设第一责任人职责规定》。", FR) == "missing"


def test_legal_review_counts_for_enforcement_only(verdict):
    assert verdict("对重大行政处罚决定进行法制审查，全年审查案件5件。", TS) in ("met", "partial")
    assert verdict("一是对内从严落实法制审核。为进一步规范依法行政工作，全面落实规范性文件法制审核制度。", TS) == "missing"


def test_the_first_responsible_duty_named_without_a_field_is_the_rule_of_law_duty(verdict):
    """In a report on rule-of-law work, "认真履行第一责任人职责" with no field named is that duty (real reports
    head a part with it: "(一)严格落实主体责任。一是认真履行第一责任人职责。")."""
    assert verdict("(一)严格落实主体责任。一是认真履行第一责任人职责。区政府组织召开会议研究制定年度工作要点。", FR) \
        in ("met", "partial")
    assert verdict("严格落实第一责任人职责，建立责任清单。", FR) in ("met", "partial")


@pytest.mark.parametrize("text", [
    "严格落实党风廉政建设主体责任，认真履行第一责任人职责。",
    "党委书记是意识形态工作的责任主体，认真履行第一责任人职责。",
    "压实安全生产责任，主要负责人切实履行第一责任人职责。",
])
def test_the_bare_duty_beside_another_field_is_not_counted(verdict, text):
    assert verdict(text, FR) == "missing"


def test_a_clause_that_begins_with_jihua_is_a_plan(verdict):
    assert verdict("2024年，计划新聘请1家律师事务所担任镇政府常年法律顾问。", LA) == "planned"
    assert verdict("认真落实计划生育政策，聘请常年法律顾问1名。", LA) in ("met", "partial")


@pytest.mark.parametrize("text, rule", [
    ("县长带头述法，在年终述职中报告本人推进法治建设的情况。", FR),
    ("局党组书记对依法行政工作重要事项做到亲自部署、亲自过问。", FR),
    ("与县内律师事务所签订常年法律顾问合同，全年审查合同12份。", LA),
    ("全年公开行政处罚决定信息89条。", TS),
    ("所有执法案件从立案到结案均有文字和音像记录可查。", TS),
    ("对不能确定是否可以公开的政府信息，报请保密行政管理部门确定。", "openness.disclosure-review"),
    ("全年在政府网站更新机构职能、办事指南等信息300余条。", DS),
])
def test_duties_written_without_their_usual_names_still_count(verdict, text, rule):
    assert verdict(text, rule) in ("met", "partial")


@pytest.mark.parametrize("text", [
    "分管副县长主持召开全县法治建设工作推进会，带头述法。",
    "局党组会议传达学习习近平总书记关于全面依法治国的重要论述，研究部署法治建设工作。",
    "各村党组织书记在年终述职中述法。",
])
def test_a_deputy_the_general_secretary_or_a_village_secretary_is_not_the_principal_leader(verdict, text):
    assert verdict(text, FR) == "missing"


@pytest.mark.parametrize("text, rule, expected", [
    # 拟 that qualifies what is about to be disclosed or decided: the review of it is done now
    ("对拟公开信息不能确定是否可以公开的，报请县保密局确定，全年报请3件。", "openness.disclosure-review", ("met", "partial")),
    ("对拟作出较大数额罚款的案件，均由法制审核人员进行法制审核。", TS, ("met", "partial")),
    # 拟制定 is intent, though 拟制 alone is drafting
    ("拟制定本镇重大执法决定法制审核目录清单。", TS, ("planned",)),
    ("我局计划编制重大执法决定法制审核目录清单。", TS, ("planned",)),
    # a sentence about "部分/个别…" that names a shortcoming anywhere is a statement of problems
    ("部分乡镇党政主要负责人述法工作仍停留在书面层面，现场述法环节尚不规范。", FR, ("planned",)),
])
def test_moods_of_intent_and_of_shortcomings(verdict, text, rule, expected):
    assert verdict(text, rule) in expected


@pytest.mark.parametrize("text, rule", [
    ("政府网站发布内容实行“三审”制，分管领导终审后发布。", "openness.disclosure-review"),
    ("主动公开行政处罚信息前均进行保密审核。", "openness.disclosure-review"),
    ("全年审核各类拟公开政府信息536条。", "openness.disclosure-review"),
    ("处罚决定作出后20个工作日内在网站公开执法对象、执法类别和执法结论。", TS),
    ("均以文字、音像等形式对立案、调查取证、决定等执法环节进行记录并归档。", TS),
    ("县委书记主持召开县委全面依法治县委员会第三次会议。", FR),
    ("按月公开全县空气质量监测信息，全年公开环境信息162条。", DS),
])
def test_more_duties_written_by_what_was_done(verdict, text, rule):
    assert verdict(text, rule) in ("met", "partial")


def test_the_adviser_as_a_figure_of_speech_is_not_an_adviser(verdict):
    assert verdict("司法所要切实当好镇党委、政府依法决策的参谋助手和法律顾问。", LA) == "missing"

"""The document model: title, headings with levels, sections with roles, plan sentences, metadata."""
from __future__ import annotations

from scorer.document_builder import parse_text
from scorer.matching import DONE, PLAN, PROBLEM

REPORT = """中共青山镇委员会 青山镇人民政府
关于2023年度法治政府建设情况的报告

县委、县政府：
2023年，青山镇在县委、县政府的坚强领导下，扎实推进法治政府建设。现将有关情况报告如下：
一、2023年推进法治政府建设的主要举措和成效
（一）强化组织领导。镇党委书记主持召开党委会专题研究法治建设4次。
（二）推进依法决策
1.聘请法律顾问。聘请律师事务所律师担任常年法律顾问。
二、党政主要负责人履行推进法治建设第一责任人职责情况
镇长带头学法，全年讲法治课2次。
三、存在的不足和原因
一是执法力量薄弱。二是宣传不够。
四、2024年推进法治政府建设的主要安排
下一步，我镇将聘请公职律师。
五、其他需要报告的情况
无。

青山镇人民政府
2024年2月26日
"""


def doc():
    return parse_text(REPORT, "青山镇.txt")


def test_title_unit_county_level_year_and_date():
    md = doc().metadata
    assert md.title == "关于2023年度法治政府建设情况的报告"
    assert md.unit == "青山镇"
    assert md.level == "township"
    assert md.year == 2023
    assert md.dated == "2024-02-26"


def test_heading_levels():
    heads = [(h.level, h.text) for h in doc().headings]
    assert (1, "一、2023年推进法治政府建设的主要举措和成效") in heads
    assert (2, "(一)强化组织领导") in heads
    assert (2, "(二)推进依法决策") in heads
    assert (3, "1.聘请法律顾问") in heads
    assert (4, "一是执法力量薄弱") in heads


def test_section_roles_from_heading_words():
    roles = {s.title: s.roles for s in doc().sections}
    assert roles["（导语）"] == ("preamble",)
    assert roles["一、2023年推进法治政府建设的主要举措和成效"] == ("measures",)
    assert roles["(二)推进依法决策"] == ("measures",)  # inherited
    assert roles["二、党政主要负责人履行推进法治建设第一责任人职责情况"] == ("leader-duty",)
    assert roles["三、存在的不足和原因"] == ("shortcomings",)
    assert roles["四、2024年推进法治政府建设的主要安排"] == ("plans",)
    assert roles["五、其他需要报告的情况"] == ("other",)


def test_a_heading_naming_next_year_is_a_plan_part():
    d = parse_text("2022年法治政府建设情况报告\n一、工作成效\n聘请法律顾问。\n二、2023年工作重点\n继续聘请。\n", "x")
    assert d.sections[-1].roles == ("plans",)


def test_combined_problems_and_measures_heading_has_both_roles():
    d = parse_text("报告\n一、存在的问题及改进措施\n宣传不够。今后将加强宣传。\n", "x")
    assert set(d.sections[-1].roles) == {"shortcomings", "plans"}


def test_topical_parts_before_the_problems_are_the_measures():
    d = parse_text("报告\n加强政务公开工作\n主动公开政府信息12条。\n二、存在的问题\n宣传不够。\n", "x")
    assert d.sections[1].roles == ("measures",) and not d.sections[1].explicit


def test_signature_and_salutation_are_not_headings():
    texts = [h.text for h in doc().headings]
    assert "青山镇人民政府" not in texts and "县委、县政府:" not in texts


def mood(text: str, term: str) -> str:
    from scorer.matching import DocIndex, Hit, RuleRun
    from scorer.rulebook import default_rulebook

    d = parse_text(text, "x")
    rule = default_rulebook().rule("decision.legal-adviser")
    run = RuleRun(rule, DocIndex(d))
    pos = d.text.index(term)
    unit = next(u for u in run.ix.units("sentence") if u.start <= pos < u.end)
    return run.mood([Hit(pos, pos + len(term), term)], unit)


def test_plan_sentence_inside_the_measures_part_is_a_plan():
    assert mood("一、主要举措和成效\n下一步，将聘请法律顾问。\n", "法律顾问") == PLAN


def test_jiang_as_object_marker_is_not_a_plan():
    assert mood("一、主要举措和成效\n将法律顾问参与合法性审查纳入年度考核。\n", "法律顾问") == DONE


def test_jiang_as_future_is_a_plan():
    assert mood("一、主要举措和成效\n我镇将进一步发挥法律顾问作用。\n", "法律顾问") == PLAN


def test_plan_after_the_match_does_not_make_it_a_plan():
    assert mood("一、主要举措和成效\n聘请法律顾问1名，下一步将继续发挥其作用。\n", "法律顾问") == DONE


def test_ni_and_jihua_are_plans_but_niding_is_not():
    assert mood("拟聘请法律顾问。", "法律顾问") == PLAN
    assert mood("计划于明年聘请法律顾问。", "法律顾问") == PLAN
    assert mood("拟定了法律顾问工作规则。", "法律顾问") == DONE


def test_statement_of_a_problem_outside_the_problems_part_is_a_problem():
    assert mood("一、主要举措和成效\n法律顾问作用发挥还不够充分。\n", "法律顾问") == PROBLEM


def test_everything_in_the_problems_part_is_a_problem():
    assert mood("一、存在的问题\n法律顾问参与决策较少。\n", "法律顾问") == PROBLEM


def test_county_and_department_levels():
    county = parse_text("某某县人民政府\n关于2023年法治政府建设情况的报告\n正文。聘请法律顾问。\n", "x").metadata
    assert (county.unit, county.level) == ("某某县", "county")
    dept = parse_text("某某县司法局2023年法治政府建设年度报告\n正文。聘请法律顾问。\n", "x").metadata
    assert (dept.unit, dept.county, dept.level) == ("司法局", "某某县", "department")


def test_dates_in_chinese_numerals_are_read():
    d = parse_text("青山镇2023年法治政府建设情况报告\n正文内容，聘请法律顾问。\n青山镇人民政府\n二〇二四年三月五日\n", "x")
    assert d.metadata.dated == "2024-03-05"


def test_common_heading_variants_get_their_roles():
    cases = {
        "二、主要问题": ("shortcomings",),
        "三、存在的困难和问题": ("shortcomings",),
        "四、下步工作打算": ("plans",),
        "四、工作展望": ("plans",),
        "二、书记、镇长履行法治建设职责情况": ("leader-duty",),
        "二、党政一把手履行推进法治建设第一责任人职责情况": ("leader-duty",),
        "一、主要工作及成效": ("measures",),
    }
    from scorer.document_builder import heading_roles

    for heading, roles in cases.items():
        assert heading_roles(heading, 2023) == roles, heading


def test_closing_paragraphs_without_headings_are_implicit_parts(verdict):
    body = "我镇聘请常年法律顾问1名，审查合同12份。" * 6
    text = ("青山镇2023年法治政府建设情况报告\n2023年，我镇扎实推进法治政府建设。\n一、主要举措和成效\n" + body + "\n"
            "但也存在一些不足：执法人员偏少，主要是编制不足。\n"
            "下一步，我镇将充实执法队伍，加强法治宣传。\n")
    d = parse_text(text, "x")
    roles = [s.roles for s in d.sections]
    assert ("shortcomings",) in roles and ("plans",) in roles
    assert verdict(text, "report.next-year-plan") in ("met", "partial")
    assert verdict(text, "report.shortcomings") in ("met", "partial")


def test_a_plan_sentence_early_in_the_report_is_not_a_plan_part():
    text = ("青山镇2023年法治政府建设情况报告\n下一步，我镇将继续推进。\n一、主要举措和成效\n"
            + "我镇聘请常年法律顾问1名，审查合同12份。" * 6 + "\n")
    assert all("plans" not in s.roles for s in parse_text(text, "x").sections)


def test_addressing_problems_is_not_a_shortcomings_part():
    text = ("青山镇2023年法治政府建设情况报告\n2023年，我镇扎实推进法治政府建设。\n一、主要举措和成效\n"
            + "我镇聘请常年法律顾问1名，审查合同12份。" * 6 + "\n针对存在的问题，我镇制定整改方案，逐项整改到位。\n")
    assert all("shortcomings" not in s.roles for s in parse_text(text, "x").sections)

"""Look-alikes, negation, plans and problems: new Chinese text for every trap family of the digest
(requirements.md §3.4, §4.5, §5.2, §6.4–6.5, §11) that touches the current rules."""
from __future__ import annotations

import pytest

FR = "leadership.first-responsible-person"
LA = "decision.legal-adviser"
TS = "enforcement.three-systems"
DS = "openness.disclosure"
DR = "openness.disclosure-review"


# --- 第一责任人 in other contexts (§3.4, §11.1, §11.14) ----------------------------
@pytest.mark.parametrize("text", [
    "镇长严格履行安全生产第一责任人职责，全年带队检查企业20家。",
    "党委书记切实履行意识形态工作责任制第一责任人职责。",
    "书记认真履行党风廉政建设第一责任人职责，班子成员落实一岗双责。",
    "党委书记履行党建工作第一责任人职责，抓好基层党建。",
    "单位主要领导是政务新媒体信息发布的第一责任人。",
    "主要负责人为政务数据安全第一责任人。",
    "执法机关主要负责人是推进本单位服务型行政执法建设的第一责任人。",
    "国有企业主要负责人切实履行法治建设第一责任人职责，实现三个100%。",
    "严格落实党政同责、一岗双责，层层压实责任。",
    "镇主要领导担任法治政府建设领导小组组长，分管领导任副组长。",
])
def test_other_first_responsible_person_duties_do_not_count(verdict, text):
    assert verdict(text, FR) == "missing"


def test_lookalike_first_responsible_person_is_reported_as_near_miss(verdict):
    r = verdict.result("镇长严格履行安全生产第一责任人职责。", FR)
    assert r.near_misses and r.near_misses[0].reason == "lookalike"
    assert "安全生产" in r.near_misses[0].detail


def test_rule_of_law_duty_beside_a_safety_duty_still_counts(verdict):
    text = "党委书记既履行安全生产第一责任人职责，也切实履行推进法治建设第一责任人职责。"
    assert verdict(text, FR) in ("met", "partial")


def test_first_responsible_person_in_a_document_title_only_does_not_count(verdict):
    assert verdict("认真学习《党政主要负责人履行推进法治建设第一责任人职责规定》。", FR) == "missing"


# --- legal advisers (§5.2, §11.10) -------------------------------------------------
@pytest.mark.parametrize("text", [
    "全面推行一村（社区）一法律顾问制度，为群众提供法律咨询。",
    "充分发挥村（居）法律顾问、法律明白人的作用，化解矛盾纠纷。",
    "为各村配齐法律顾问，开展法律进村活动。",
    "群众遇事主动咨询法律顾问，依法维权意识增强。",
    "进一步发挥司法所参谋、助手和法律顾问的作用。",
    "推动国有企业设立总法律顾问。",
    "培养法治副主任和法律明白人120名。",
    "深化市场主体法律顾问网格化全覆盖，首创园区检企联络站。",
    "商会法律顾问为30余家企业提供法律服务110余次。",
])
def test_legal_advisers_that_are_not_the_governments_own_do_not_count(verdict, text):
    assert verdict(text, LA) == "missing"


def test_negated_legal_adviser_is_missing_with_reason(verdict):
    r = verdict.result("我镇尚未聘请法律顾问。", LA)
    assert r.status == "missing"
    assert r.near_misses[0].reason == "negated" and "尚未" in r.near_misses[0].detail


def test_government_adviser_beside_village_advisers_counts(verdict):
    text = "镇政府聘请常年法律顾问1名，审查合同8份；同时为各村配齐村居法律顾问。"
    assert verdict(text, LA) == "met"


def test_public_sector_lawyer_counts(verdict):
    assert verdict("我局配备公职律师2名，参与审查规范性文件5件。", LA) == "met"


# --- three enforcement systems (§4.5, §11.2–11.7) ------------------------------------
@pytest.mark.parametrize("text", [
    "严格执行“三重一大”制度，重大事项集体决策。",
    "设立政务公开栏，公示单位工作人员姓名、职务和照片。",
    "规章制度全部上墙，接受群众监督。",
    "落实行政许可和行政处罚信息“双公示”制度。",
    "推行“双随机、一公开”监管，抽查企业15家。",
    "为执法人员配备执法记录仪10台。",
    "严格落实“三会一课”制度。",
    "认真做好会议记录和财务审核工作。",
    "对重大决策事项进行法制审核。",
    "深化国有企业劳动、人事、分配三项制度改革。",
    "重大决策三项制度刚性落实，重大行政决策全部经过合法性审查。",
])
def test_enforcement_lookalikes_do_not_count(verdict, text):
    assert verdict(text, TS) == "missing"


def test_three_systems_bundle_alone_is_partial(verdict):
    r = verdict.result("严格落实行政执法“三项制度”。", TS)
    assert r.status == "partial" and r.credit == pytest.approx(0.25)


def test_all_three_systems_written_out_is_met(verdict):
    text = "落实行政执法公示制度，推行执法全过程记录，重大执法决定法制审核率100%。"
    assert verdict(text, TS) == "met"


# --- disclosure and its review (§6.4–6.5, §11.3, §11.7, §11.13) -----------------------
@pytest.mark.parametrize("text", [
    "大力推行党务、村务、财务公开。",
    "落实“四议两公开”工作法，村级事务阳光运行。",
    "公开栏定期更新村务信息。",
])
def test_party_village_and_finance_openness_is_not_government_disclosure(verdict, text):
    assert verdict(text, DS) == "missing"


def test_enforcement_publicity_is_not_government_disclosure(verdict):
    assert verdict("全面推行行政执法公示制度，公示执法结果。", DS) == "missing"


@pytest.mark.parametrize("text", [
    "对重大行政决策和合同进行合法性审查，审查合同15份。",
    "开展公平竞争审查，审查涉企政策文件3件。",
    "对规范性文件进行合法性审核和备案审查。",
    "（一审：张明　二审：李华　三审：王强）",
    "积极推进政务公开，主动公开政府信息200条。",
])
def test_reviews_that_are_not_pre_disclosure_review_do_not_count(verdict, text):
    assert verdict(text, DR) == "missing"


def test_disclosure_review_wordings_count(verdict):
    for text in ("严格落实保密审查制度，做到先审后发。",
                 "政府网站信息需经分管领导审核后发布。",
                 "建立政府信息公开前审查机制。",
                 "政务新媒体严格执行“三审三校”制度。"):
        assert verdict(text, DR) in ("met", "partial"), text


def test_negated_disclosure_review_is_missing(verdict):
    assert verdict("我镇没有建立政府信息发布保密审查机制。", DR) == "missing"


# --- plans, problems and 将 ------------------------------------------------------------
def test_plan_only_mention_is_planned(verdict):
    r = verdict.result("下一步，我镇计划聘请常年法律顾问。", LA)
    assert r.status == "planned" and r.near_misses[0].reason == "plan-only"


def test_mention_inside_a_plan_part_is_planned(verdict):
    text = "一、主要举措和成效\n开展普法宣传。\n二、下一年度工作打算\n（一）聘请常年法律顾问，参与合法性审查。\n"
    assert verdict(text, LA) == "planned"


def test_problem_only_mention_is_planned(verdict):
    text = "一、主要举措和成效\n开展普法宣传。\n二、存在的问题\n行政执法公示制度落实不到位。\n"
    r = verdict.result(text, TS)
    assert r.status == "planned" and r.near_misses[0].reason == "problem-only"


def test_done_anywhere_wins_over_a_plan_elsewhere(verdict):
    text = ("一、主要举措和成效\n聘请律师担任常年法律顾问，审查合同12份。\n"
            "二、下一年度工作打算\n继续发挥法律顾问作用。\n")
    assert verdict(text, LA) == "met"


def test_jiang_as_object_marker_reports_done(verdict):
    text = "将党政主要负责人履行推进法治建设第一责任人职责情况列入年终述职内容。"
    assert verdict(text, FR) in ("met", "partial")


def test_jiang_as_future_reports_plan(verdict):
    assert verdict("党政主要负责人将切实履行推进法治建设第一责任人职责。", FR) == "planned"


@pytest.mark.parametrize("text", [
    "全年报送政务信息56条，被县委办采用12条。",
    "加快推进政府信息化建设，完成网络升级改造。",
])
def test_reporting_information_upward_and_it_projects_are_not_disclosure(verdict, text):
    assert verdict(text, DS) == "missing"


@pytest.mark.parametrize("rule,text,expected", [
    (DR, "政府网站信息发布前须经分管领导审签。", {"met", "partial"}),
    (TS, "及时在政府网站公示执法信息，接受群众监督。", {"met", "partial"}),
    (TS, "推行执法全过程音像记录，做到全程留痕。", {"met", "partial"}),
    (DS, "在县政府门户网站公开财政预决算等信息。", {"met", "partial"}),
    (DS, "主动公开部门预算、决算及“三公”经费情况。", {"met", "partial"}),
    (LA, "组织法律顾问进村入户开展法治宣讲。", {"missing"}),
    (TS, "为执法人员配备执法记录仪10台。", {"missing"}),
])
def test_further_wordings_of_real_reports(verdict, rule, text, expected):
    assert verdict(text, rule) in expected


def test_jiang_marks_the_object_even_when_its_verb_comes_after_the_matched_words(verdict):
    text = ("一、主要工作举措和成效\n坚持以公开为常态、不公开为例外的原则，将广大群众普遍关注的问题，通过政府网站、"
            "政务公开栏、微信公众号等多种渠道，及时、准确地公开政府信息，接受群众监督。\n")
    assert verdict(text, "openness.disclosure") in ("met", "partial")


def test_jiang_before_an_adverb_of_what_is_to_come_is_the_future_whatever_follows(verdict):
    text = "一、主要工作举措和成效\n将进一步深化政务公开，拓展政府网站公开内容。\n"
    assert verdict(text, "openness.disclosure") == "planned"

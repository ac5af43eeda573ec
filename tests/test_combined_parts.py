"""A part that holds both the shortcomings and the plans ("存在的问题及改进措施"): split at the sentence
that opens the plans, so the plans are compared with the shortcomings rather than with themselves."""
from __future__ import annotations

from scorer.combined_parts import role_span
from scorer.document_builder import parse_text

COMBINED = ("青山镇2023年法治政府建设情况报告\n一、主要举措和成效\n全年审查合同12份。\n"
            "二、存在的问题及改进措施\n执法力量薄弱，普法宣传不够。\n针对上述问题，下一步将加强党建引领。")


def _combined(text):
    doc = parse_text(text, "<报告>")
    sec = next(s for s in doc.sections if {"shortcomings", "plans"} <= set(s.roles))
    return doc, sec


def test_the_shortcomings_end_where_the_plans_open():
    doc, sec = _combined(COMBINED)
    a, b = role_span(doc, sec, "shortcomings")
    c, d = role_span(doc, sec, "plans")
    assert "普法宣传不够" in doc.text[a:b] and "加强党建引领" not in doc.text[a:b]
    assert doc.text[c:d].startswith("针对上述问题") and b == c


def test_a_combined_part_without_an_opening_has_no_plans():
    doc, sec = _combined(COMBINED.replace("针对上述问题，下一步将加强党建引领。", "法治意识不强。"))
    assert role_span(doc, sec, "plans") is None
    assert role_span(doc, sec, "shortcomings") == (sec.start, sec.end)


def test_plans_that_do_not_answer_a_combined_parts_shortcomings_are_not_credited(verdict):
    assert verdict(COMBINED, "quality.plan-answers-shortcomings") == "missing"
    answered = COMBINED.replace("加强党建引领", "充实执法队伍，创新普法宣传形式")
    assert verdict(answered, "quality.plan-answers-shortcomings") == "met"


def test_numbered_problems_are_not_counted_as_planned_tasks(verdict):
    text = ("青山镇2023年法治政府建设情况报告\n一、主要举措和成效\n全年审查合同12份。\n二、存在的问题及改进措施\n"
            "一是执法力量薄弱。二是普法宣传不够。\n下一步，我镇将继续加强法治宣传。")
    res = verdict.result(text, "report.next-year-plan")
    assert res.status == "partial" and not {c.id: c.met for c in res.criteria}["tasks"]

"""Formatting noise from PDF, Word and saved web pages does not change the verdicts."""
from __future__ import annotations

LA = "decision.legal-adviser"
CLEAN = "镇政府聘请常年法律顾问1名，审查合同8份。"


def test_spaced_out_characters(verdict):
    assert verdict("镇政府聘请常年法 律 顾 问 1 名，审查合同 8 份。", LA) == "met"


def test_line_break_inside_the_term(verdict):
    assert verdict("镇政府聘请常年法律\n顾问1名，审查合同8份。", LA) == "met"


def test_full_width_digits_and_punctuation(verdict):
    assert verdict("镇政府聘请常年法律顾问１名，审查合同８份。", LA) == "met"


def test_extraction_markers(verdict):
    assert verdict("[bookmark: _GoBack]镇政府聘请常年法律[image: ]顾问1名，审查合同8份。\nimage1.png\n", LA) == "met"


def test_web_page_chrome(verdict):
    page = ("您的位置: 首页>>政府信息公开>>青山镇\n关于2023年法治政府建设情况的报告\n字体:【 打印\n"
            "索引号\n1/2024-1\n发布机构\n某县青山镇\n生成日期\n2024-03-01\n是否有效\n\n"
            + CLEAN + "\n扫一扫在手机打开当前页\n")
    assert verdict(page, LA) == "met"


def test_evidence_from_noisy_text_points_at_the_noisy_original(verdict):
    text = "镇政府聘请常年法 律 顾 问 1 名，审查合同 8 份。"
    r = verdict.result(text, LA)
    ev = r.evidence[0]
    assert text[ev.start:ev.end].startswith("镇政府聘请常年法 律 顾 问")

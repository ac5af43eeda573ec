"""Normalization keeps a map back to the original text, and removes formatting noise."""
from __future__ import annotations

from scorer.cleaning import clean


def test_full_width_punctuation_digits_and_brackets_fold_to_half_width():
    ct = clean("（一）聘请法律顾问１名，审查合同１２份：")
    assert ct.text == "(一)聘请法律顾问1名,审查合同12份:"


def test_spaces_between_chinese_characters_are_removed():
    assert clean("聘请了法 律 顾 问 1 名。").text == "聘请了法律顾问1名。"


def test_ideographic_spaces_inside_a_term_are_removed():
    assert clean("落实行政执法　三项制度。").text == "落实行政执法三项制度。"


def test_line_break_inside_a_term_is_joined():
    assert clean("我镇聘请法律\n顾问，审查合同12份。").text == "我镇聘请法律顾问,审查合同12份。"


def test_hard_wrapped_lines_of_a_pdf_extraction_are_joined():
    text = ("全面推行行政执法公示制度、执法全过程记录制度和重大执法决定\n"
            "法制审核制度，全年审核重大执法决定5件。")
    assert "\n" not in clean(text).text


def test_line_break_after_a_comma_is_joined():
    assert clean("严格落实三审三校制度，\n先审后发。").text == "严格落实三审三校制度,先审后发。"


def test_heading_line_is_not_joined_to_the_next_line():
    assert clean("二、存在的问题\n一是宣传不够。").text == "二、存在的问题\n一是宣传不够。"


def test_short_unnumbered_heading_is_not_joined():
    text = "切实发挥镇党委的领导核心作用\n镇党委定期研究法治建设。"
    assert clean(text).text == text


def test_image_and_bookmark_markers_are_removed():
    ct = clean("[bookmark: _GoBack]（一）强化综合治理[image: ]，营造环境。\nimage1.png\n")
    assert "[" not in ct.text and "image1.png" not in ct.text
    assert ct.text.startswith("(一)强化综合治理,营造环境。")


def test_web_page_chrome_is_removed_and_metadata_kept():
    page = ("您的位置: 首页>>政府信息公开>>城关镇\n\n关于2023年法治政府建设情况的报告\n\n字体:【 打印\n"
            "索引号\n620724077/2024-00019\n文号\n政府报〔2024〕9号\n关键词\n发布机构\n高台县城关镇\n"
            "生成日期\n2024-03-18 17:35:20\n是否有效\n\n2023年，我镇聘请法律顾问1名。\n\n扫一扫在手机打开当前页\n")
    ct = clean(page)
    assert ct.web_meta == {"publisher": "高台县城关镇", "published": "2024-03-18"}
    for noise in ("您的位置", "字体", "索引号", "620724077", "发布机构", "生成日期", "是否有效", "扫一扫"):
        assert noise not in ct.text
    assert "2023年,我镇聘请法律顾问1名。" in ct.text


def test_metadata_on_one_line_with_colon_is_read():
    ct = clean("索引号：11/2024\n发布日期：2024年03月20日\n发布机构：某某县司法局\n\n正文：聘请法律顾问。")
    assert ct.web_meta["published"] == "2024-03-20"
    assert ct.web_meta["publisher"] == "某某县司法局"


def test_offsets_map_back_to_the_original_text():
    original = "前言。\n聘请了法 律 顾 问，审查合同１２份。"
    ct = clean(original)
    i = ct.text.index("法律顾问")
    s, e = ct.mapped.original_span(i, i + 4)
    assert original[s:e] == "法 律 顾 问"
    j = ct.text.index("12")
    s, e = ct.mapped.original_span(j, j + 2)
    assert original[s:e] == "１２"


def test_zero_width_and_bidi_characters_are_removed():
    assert clean("法律\u200b顾问\u202e。").text == "法律顾问。"


def test_windows_line_endings_are_normalized():
    assert clean("一、主要举措\r\n聘请法律顾问。\r\n").text == "一、主要举措\n聘请法律顾问。\n"

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


def test_a_bulleted_metadata_list_is_removed_and_read_without_other_web_hints():
    page = ("友谊路街道2025年法治政府建设情况报告\n\n信息来源: 友谊路街道 发布时间 2026-02-09\n"
            "  • 所属类目: 街镇园区文件\n  • 主题分类: 政务公开\n  • 体       裁: 报告\n  • 发布日期: 2026-02-09\n"
            "  • 公开类别: 主动公开\n  • 机构名称: 友谊路街道\n\n2025年，友谊路街道聘请常年法律顾问1名。\n")
    ct = clean(page)
    for noise in ("所属类目", "政务公开", "主动公开", "体裁", "机构名称"):
        assert noise not in ct.text
    assert ct.web_meta["published"] == "2026-02-09"
    assert "聘请常年法律顾问1名。" in ct.text


def test_metadata_labels_spaced_to_the_column_width_are_recognised():
    page = ("| 索 引 号 | 11370812004322138J/2026-00538 | 公开方式 | 主动公开 |\n"
            "| 发布机构 | 兖州区新驿镇 | 组配分类 | 法治政府建设年报 |\n| 成文日期 | 2026-02-10 | 废止日期 | |\n| 有效性 |\n"
            "2025年，新驿镇坚持以习近平新时代中国特色社会主义思想为指导，持续深化依法行政。\n")
    ct = clean(page)
    assert "主动公开" not in ct.text and "索引号" not in ct.text and "有效性" not in ct.text
    assert ct.web_labels["索引号"] == "11370812004322138J/2026-00538"
    assert ct.web_meta["publisher"] == "兖州区新驿镇"
    assert ct.text.strip().startswith("2025年,新驿镇")


def test_metadata_labels_spaced_with_ideographic_spaces_are_recognised():
    """Pages pad labels with U+3000 as often as with plain spaces ("索　引　号", "体　　裁")."""
    page = ("索\u3000引\u3000号：11370812004322138J/2026-00538\n发布机构：兖州区新驿镇\n体\u3000\u3000裁：工作报告\n"
            "2025年，新驿镇坚持以习近平新时代中国特色社会主义思想为指导，持续深化依法行政。\n")
    ct = clean(page)
    assert ct.web_labels["索引号"] == "11370812004322138J/2026-00538" and ct.web_labels["体裁"] == "工作报告"
    assert ct.text.strip().startswith("2025年,新驿镇")


def test_a_breadcrumb_trail_without_a_home_link_is_removed():
    page = ("政府信息公开 > 法定主动公开内容 > 其他主动公开内容 > 法治政府建设年度报告日期:2025-02-28 14:30 字体:[ 大 中 小 ] 关闭窗口\n"
            "2024年，武安镇深入学习贯彻党的二十届三中全会精神。\n")
    ct = clean(page)
    assert "主动公开" not in ct.text and "政府信息公开" not in ct.text
    assert "2024年,武安镇深入学习" in ct.text


def test_a_sentence_with_a_greater_than_sign_is_not_a_breadcrumb():
    text = "全年办结行政复议案件12件,群众满意率>95%,纠错率>10%>上年。\n"
    assert "群众满意率>95%" in clean(text).text


def test_a_short_report_line_starting_like_a_label_is_kept_outside_a_metadata_block():
    text = "2023年工作情况报告\n\n来源于群众的意见建议全部办结。\n我镇全年聘请法律顾问1名。\n"
    ct = clean(text)
    assert "来源于群众的意见建议全部办结。" in ct.text

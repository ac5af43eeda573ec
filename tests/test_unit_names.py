"""Unit names: read from the title, the 落款 and the page's publisher first, then the body.

tests/data/town_names.tsv holds 400 real township names with their counties, sampled (seed 11) from the
public list of China's administrative divisions (github.com/modood/Administrative-divisions-of-China,
dist/streets.csv, WTFPL): 200 whose names hold characters that are also common words (和 向 全 在 为 等 本
各 对 及 与 的 将 到 由 是 年 治 法 …) and 200 others.
"""
from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from scorer.document_builder import parse_text, read_document
from scorer.textpatterns import CJK
from scorer.unitnames import COUNTY_SUFFIX, DEPT_SUFFIX, TOWN_SUFFIX, county_before, from_line

DATA = Path(__file__).resolve().parent / "data"
BODY = ("一、主要举措和成效\n(一)聘请法律顾问。全年审查合同12份。\n二、存在的不足和原因\n宣传不够。\n"
        "三、下一年度工作安排\n继续加强法治宣传。\n")
NAMES = list(csv.DictReader(open(DATA / "town_names.tsv", encoding="utf-8"), delimiter="\t"))


def meta(text: str):
    return parse_text(text, "x").metadata


@pytest.mark.parametrize("name", ["向阳镇", "太和镇", "永和镇", "全福镇", "和平街道", "和平镇", "为民乡", "等驾坡街道",
                                  "在城镇", "在妙镇", "委只洛乡"])
def test_names_with_common_characters_are_read_from_the_title(name):
    md = meta(f"{name}2023年法治政府建设工作报告\n" + BODY)
    assert (md.unit, md.level, md.unit_source) == (name, "township", "title")


@pytest.mark.parametrize("name", ["向阳镇", "太和镇", "永和镇", "全福镇", "和平街道"])
def test_names_with_common_characters_are_read_from_the_signature(name):
    md = meta("2023年度法治政府建设情况报告\n" + BODY + f"{name}人民政府\n2024年3月1日\n")
    assert (md.unit, md.level, md.unit_source) == (name, "township", "signature")


def test_a_phrase_ending_in_town_is_not_the_unit():
    text = ("2023年度法治政府建设情况报告\n2023年,和平镇坚持以习近平法治思想为指导。\n"
            "一、主要举措和成效\n将习近平法治思想列入镇中心组学习内容,和平镇党委专题研究法治建设3次。\n" + BODY)
    md = meta(text)
    assert (md.unit, md.level, md.unit_source) == ("和平镇", "township", "body")


@pytest.mark.parametrize("name", ["凤凰街道", "城南街道", "新城街道办事处"])
def test_street_names_only_in_the_body_are_found(name):
    text = (f"2023年度法治政府建设情况报告\n2023年,在区委、区政府的坚强领导下,{name}坚持以习近平法治思想为指导,"
            f"扎实推进法治政府建设。\n一、主要举措和成效\n{name}党工委专题研究法治建设2次。\n" + BODY)
    md = meta(text)
    assert (md.unit, md.level, md.unit_source) == (name, "township", "body")


def test_title_outranks_the_body():
    md = meta("城关镇2023年法治政府建设工作报告\n2023年,我镇协助新华镇开展联合执法。新华镇党委…\n" + BODY)
    assert md.unit == "城关镇" and md.unit_source == "title"


def test_the_publisher_of_a_saved_page_names_the_unit():
    md = parse_text("文件编号: | 发布机构: | 湖州市交通运输局 |\n中共湖州市委、湖州市人民政府:\n"
                    "2024年我局聘请法律顾问1名。\n", "x").metadata
    assert (md.unit, md.county, md.level) == ("交通运输局", "湖州市", "department")


def test_the_addressee_is_not_the_unit():
    md = meta("中共海宁市委、海宁市人民政府:\n2024年,在市委市政府的坚强领导下,黄湾镇扎实开展法治政府建设。"
              "黄湾镇党委专题研究法治建设2次。\n" + BODY)
    assert (md.unit, md.level) == ("黄湾镇", "township")


def test_a_county_report_naming_its_towns_is_not_a_town():
    md = meta("2023年度法治政府建设情况报告\n2023年,我县坚持以习近平法治思想为指导。我县聘请法律顾问。"
              "花园镇、小河镇完成综合执法改革,花园镇党委专题研究2次。我县推进政务公开。\n" + BODY)
    assert md.level == "county" and md.unit is None and md.unit_source == "body"


def _cases(row):
    n, c = row["name"], row["county"]
    yield "title", f"{n}2023年法治政府建设工作报告\n" + BODY, None
    if re.search(r"[县区市旗]$", c):
        yield "county and title", f"{c}{n}关于2023年度法治政府建设情况的报告\n" + BODY, c
    yield "signature", "2023年度法治政府建设情况报告\n" + BODY + f"{n}人民政府\n2024年3月1日\n", None


def test_four_hundred_real_town_names_from_title_county_and_signature():
    wrong = []
    for row in NAMES:
        for where, text, county in _cases(row):
            md = meta(text)
            # the county as written, or its tail after a city (郑州 + 航空港经济综合实验区)
            if (md.unit, md.level) != (row["name"], "township") or county and not county.endswith(md.county or "?"):
                wrong.append((where, row["name"], row["county"], md.unit, md.county))
    assert len(NAMES) == 400 and not wrong, wrong


def test_four_hundred_real_town_names_from_the_body():
    wrong = []
    for row in NAMES:
        n = row["name"]
        text = ("2023年度法治政府建设情况报告\n" + f"2023年,{n}坚持以习近平法治思想为指导,推进法治政府建设。\n"
                + BODY.replace("全年审查合同12份。", f"全年为{n}审查合同12份,{n}党委会专题研究法治建设2次。"))
        md = meta(text)
        if (md.unit, md.level) != (n, "township"):
            wrong.append((n, md.unit))
    # a particle inside a name (维的乡) reads as running text in the body; in a title or 落款 it is found
    assert len(wrong) <= 2, wrong


# standard short forms of department names, as reports and sites write them ("武汉市市场监管局" for
# 武汉市市场监督管理局, "通城县人社局" for 通城县人力资源和社会保障局); the scorer keeps names as written
DEPT_SHORT_FORMS = {
    "市场监督管理": "市场监管", "人力资源和社会保障": "人社", "住房和城乡建设": "住建", "发展和改革委员会": "发改委",
    "卫生健康委员会": "卫健委", "文化和旅游": "文旅", "自然资源和规划": "自然资源", "城市管理": "城管",
    "林业和草原": "林草", "科学技术": "科技", "民族宗教事务": "民宗", "交通运输": "交通",
}


def _expected_names(listed: str) -> list[str]:
    """The unit as sources.tsv lists it without its （…）, and a （…） that is itself a name
    ("张家港经济技术开发区（杨舍镇）"; not a note such as "（区名据域名gzzs推断）"), each also in short form."""
    names = [re.sub(r"（.*?）", "", listed)]
    names += [part for part in re.findall(r"（(.*?)）", listed)
              if re.fullmatch(rf"[{CJK}]+(?:{TOWN_SUFFIX}|{COUNTY_SUFFIX}|{DEPT_SUFFIX})", part)]
    for name in list(names):
        short = name
        for full, abbreviated in DEPT_SHORT_FORMS.items():
            short = short.replace(full, abbreviated)
        if short != name:
            names.append(short)
    return names


def _names_the_unit(md, expected: str) -> bool:
    core = from_line(expected.split("、")[-1])  # 中共沅陵县委、沅陵县人民政府 → 沅陵县
    # as listed, or with a short region in front (万盛关坝镇 for 万盛经开区关坝镇), or an autonomous
    # prefecture's or county's standard short form (昌吉州 for 昌吉回族自治州, 新平县 for 新平彝族傣族自治县)
    return md.unit in expected or (md.county or "") + md.unit in expected \
        or bool(core) and md.unit.endswith(core.unit) \
        or md.unit.endswith(("州", "县")) and bool(re.search(re.escape(md.unit[:-1]) + r"[^、]*自治" + md.unit[-1], expected)) \
        or _abbreviates(md.unit, expected)


def _abbreviates(short: str, full: str) -> bool:
    """A banner's or county's usual short form (东乌旗 for 东乌珠穆沁旗人民政府, 阿左旗 for 阿拉善左旗): the full
    name's own first and last characters of its place name, with some of those between, in order."""
    place = re.match(r"(.{2,12}?(?:旗|县|区|市))", full)
    if not place or len(short) < 3 or short[0] != full[0] or short[-1] != place.group(1)[-1]:
        return False
    rest = iter(place.group(1)[1:-1])
    return all(ch in rest for ch in short[1:-1])


def test_real_corpus_units_are_never_wrong_and_mostly_found():
    """tests/data/real: 696 openings of real reports; sources.tsv names each one's unit and level."""
    rows = list(csv.DictReader(open(DATA / "real" / "sources.tsv", encoding="utf-8"), delimiter="\t"))
    found = 0
    for r in rows:
        md = read_document(DATA / "real" / r["file"]).metadata
        if md.level is not None:
            assert md.level == r["level"], (r["file"], r["unit"], md.unit, md.level)
        if md.unit:
            assert any(_names_the_unit(md, name) for name in _expected_names(r["unit"])), (r["file"], r["unit"], md.unit)
            found += 1
    assert found >= 520  # 2026-12-06 (696 reports); the rest do not name their unit in the stored opening, or only in passing


def test_a_working_organ_of_the_party_committee_is_neither_the_committee_nor_the_government():
    u = from_line("中共重庆市荣昌区委教育工作委员会 重庆市荣昌区教育委员会 关于2024年法治政府建设情况的报告")
    assert (u.unit, u.county, u.level) == ("教育委员会", "荣昌区", "department")
    assert from_line("中共某某县委政法委员会关于2023年法治建设工作情况的报告") is None
    assert from_line("中共南安市委柳城街道工作委员会").unit == "柳城街道"


def test_a_department_saying_we_the_bureau_in_its_opening_is_a_department_though_it_speaks_of_its_district():
    from scorer.unitnames import level_from_pronouns

    text = ("2021年,我局在区委、区政府的坚强领导下,全力推进市场监管法治建设。现将具体工作情况报告如下。"
            "我区市场主体登记全程网上办。我区企业开办时间压缩至1天。我区食品安全形势稳定。")
    assert level_from_pronouns(text) == "department"
    # beyond the opening sentence the counts decide, as before
    assert level_from_pronouns("2021年,我区坚持依法行政。我区全面推进法治政府建设。我区聘请法律顾问。"
                               "区司法局（我局）牵头。") == "county"


def test_the_expected_names_include_a_parenthesised_name_and_short_forms_not_notes():
    assert _expected_names("张家港经济技术开发区（杨舍镇）") == ["张家港经济技术开发区", "杨舍镇"]
    assert _expected_names("六盘水市钟山区荷城街道办事处（区名据域名gzzs推断）") == ["六盘水市钟山区荷城街道办事处"]
    assert _expected_names("通城县人力资源和社会保障局") == ["通城县人力资源和社会保障局", "通城县人社局"]


def test_from_line_keeps_the_county_and_the_full_street_name():
    u = from_line("广州市白云区松洲街道办事处")
    assert (u.unit, u.county, u.level) == ("松洲街道办事处", "白云区", "township")
    u = from_line("社旗县太和镇人民政府")
    assert (u.unit, u.county) == ("太和镇", "社旗县")
    u = from_line("赵县人民政府关于2025年度法治政府建设情况的报告")
    assert (u.unit, u.level) == ("赵县", "county")


# --- stating what detection cannot know ------------------------------------------------------------
import json  # noqa: E402
import os  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402

from conftest import SEEDS  # noqa: E402

HEPING = ("2023年度法治政府建设情况报告\n2023年,和平镇坚持以习近平法治思想为指导。\n一、主要举措和成效\n"
          "将习近平法治思想列入镇中心组学习内容,和平镇党委专题研究法治建设3次。聘请法律顾问1名。\n")


def scorer(*args):
    env = dict(os.environ, PYTHONIOENCODING="utf-8", FZZF_SCORER_NO_CACHE="1")
    return subprocess.run([sys.executable, "-m", "scorer", *map(str, args)], capture_output=True, text=True, env=env)


def test_check_says_when_the_unit_was_only_guessed(tmp_path):
    f = tmp_path / "和平镇.txt"
    f.write_text(HEPING, encoding="utf-8")
    p = scorer("check", f, "--json", tmp_path / "r.json")
    assert p.returncode == 0, p.stderr
    assert "单位“和平镇”是从正文推断的" in p.stdout
    assert json.loads((tmp_path / "r.json").read_text(encoding="utf-8"))["unit_source"] == "body"


def test_check_options_replace_what_was_detected(tmp_path):
    f = tmp_path / "r.txt"
    f.write_text(HEPING, encoding="utf-8")
    p = scorer("check", f, "--unit", "和平镇", "--county", "高台县", "--level", "county", "--year", "2024",
               "--json", "-")
    assert p.returncode == 0, p.stderr
    data = json.loads(p.stdout)
    assert (data["unit"], data["county"], data["level"], data["year"], data["unit_source"]) == \
        ("和平镇", "高台县", "county", 2024, "given")
    # a county-only rule now applies (乡镇 have no power to file normative documents)
    township = json.loads(scorer("check", f, "--level", "township", "--json", "-").stdout)
    rule = "rulemaking.filing-and-cleanup"
    status = {r["id"]: r["status"] for r in township["rules"]}[rule]
    assert status == "na" and {r["id"]: r["status"] for r in data["rules"]}[rule] != "na"


@pytest.mark.parametrize("option,value", [("--level", "town"), ("--year", "２０２３"), ("--year", "23"),
                                          ("--unit", "和平镇\x1b[2J"), ("--county", "县" * 41)])
def test_bad_check_overrides_are_one_line_and_exit_2(tmp_path, option, value):
    f = tmp_path / "r.txt"
    f.write_text(HEPING, encoding="utf-8")
    p = scorer("check", f, option, value, "--json", "-")
    assert p.returncode == 2 and len(p.stderr.strip().splitlines()) == 1 and option in p.stderr
    assert not p.stdout


def test_summary_lists_every_report_whose_unit_or_level_is_unknown_or_guessed(tmp_path):
    from scorer.summary import run_summary

    folder = tmp_path / "报告"
    folder.mkdir()
    (folder / "和平镇.txt").write_text(HEPING, encoding="utf-8")
    (folder / "无名.txt").write_text("2023年度法治政府建设情况报告\n一、主要举措和成效\n聘请法律顾问1名。\n", encoding="utf-8")
    (folder / "城关镇.txt").write_text((SEEDS / "002_f24fc2990dbe03d0.txt").read_text(encoding="utf-8"),
                                     encoding="utf-8")
    summary = run_summary([str(folder)], tmp_path / "汇总", jobs=1, progress=False)
    problems = {Path(p["file"]).name: p["problem"] for p in summary.metadata_problems()
                if "单位" in p["problem"] or "层级" in p["problem"]}
    assert "和平镇.txt" in problems and "推断" in problems["和平镇.txt"]
    assert "无名.txt" in problems and "未识别报告单位和层级" in problems["无名.txt"]
    assert "城关镇.txt" not in problems  # read from its 落款


# --- what is not the reporting unit, and how a report names itself (sentences from tests/data/real) -------------
def test_a_street_office_under_its_district_government_is_the_street():
    md = meta("广州市海珠区人民政府南华西街道办事处关于2024年度法治政府建设情况的报告\n"
              "今年以来,南华西街道办事处以习近平法治思想为指导,各项法治政府建设工作取得了良好成效。\n" + BODY)
    assert (md.unit, md.county, md.level, md.unit_source) == ("南华西街道办事处", "海珠区", "township", "title")


def test_a_title_block_of_street_party_committee_and_office_names_the_street():
    md = meta("中共重庆市荣昌区昌元街道工作委员会\n重庆市荣昌区人民政府昌元街道办事处\n关于2021年法治政府建设工作的报告\n"
              "区委、区政府:\n按照荣委法办便笺〔2022〕2号文件要求,现将昌元街道2021年度法治政府建设情况报告如下:\n" + BODY)
    assert (md.unit, md.county, md.level, md.unit_source) == ("昌元街道", "荣昌区", "township", "title")


def test_a_name_inside_a_cited_document_title_is_not_the_unit():
    md = meta("根据《法治政府建设实施纲要(2021—2025年)》《法治政府建设与责任落实督察工作规定》和《浙江省法治政府建设"
              "实施纲要(2021年—2025年)》等文件要求,现将法治政府建设工作情况报告如下。\n"
              "2023年,我局坚持以习近平新时代中国特色社会主义思想为指导。我局聘请法律顾问。\n" + BODY)
    assert md.unit is None and md.level == "department"


def test_a_report_title_quoted_in_a_cover_line_names_the_unit():
    md = meta("关于报送《浦东新区司法局2022年度法治政府建设情况报告》的报告\n"
              "2022年,浦东新区司法局在区委、区政府的坚强领导下,全面推进法治政府建设。\n" + BODY)
    assert (md.unit, md.county, md.level, md.unit_source) == ("司法局", "浦东新区", "department", "title")


def test_central_organs_joined_to_local_ones_are_not_the_unit():
    md = meta("2021年,我委以习近平新时代中国特色社会主义思想为指导,全面贯彻落实党中央、国务院和市委、市政府关于推进"
              "法治政府建设的决策部署,扎实推进依法行政。现将有关情况报告如下:\n动态调整我委权力清单事项1项。\n" + BODY)
    assert md.unit is None and md.level == "department"


def test_each_department_and_each_street_is_a_plural_not_a_street():
    md = meta("2023年度法治政府建设情况报告\n将学习习近平法治思想列入年度法治政府工作要点,并作为区政府常务会议、各部门各街道"
              "办公会、党校主体班次和各类法治专题培训的必学内容。\n" + BODY)
    assert md.unit is None and md.level is None


def test_a_report_presenting_itself_names_the_government():
    md = meta("依据《法治政府建设与责任落实督察工作规定》的相关要求,现将北京市石景山区人民政府2023年法治政府建设年度情况"
              "报告如下。\n一、主要举措和成效\n并作为区政府常务会议、各部门各街道办公会的必学内容。\n" + BODY)
    assert (md.unit, md.level, md.unit_source) == ("北京市石景山区", "county", "body")


def test_the_subject_of_the_opening_sentence_outranks_award_winning_streets():
    md = meta("2023年,武汉市认真贯彻落实党的二十大精神和习近平法治思想,深化全国法治政府建设示范市建设,"
              "江岸区、长江新区武湖街道和2个法治政府建设项目荣获全省第二批法治政府建设示范命名。\n"
              "武湖街道党工委专题研究法治建设。\n" + BODY)
    assert (md.unit, md.level, md.unit_source) == ("武汉市", "county", "body")


def test_a_word_ending_in_ju_like_pattern_is_not_a_bureau():
    md = meta("护国街道坚持以习近平新时代中国特色社会主义思想为指导,扎实推进各项工作。现将2025年法治政府建设工作汇报如下:\n"
              "持续提升基层党组织能力,构建城市基层党建新格局,护国街道党工委专题研究法治建设。\n" + BODY)
    assert (md.unit, md.level) == ("护国街道", "township")


def test_a_new_district_keeps_its_two_character_suffix():
    assert county_before("武湖街道", "江岸区、长江新区武湖街道和2个法治政府建设项目荣获示范命名") == "长江新区"


def test_a_government_office_is_a_department_not_the_government():
    md = meta("中共武定县委、县人民政府:\n2022年,在县委、县政府的坚强领导下,在县司法局的有力指导下,武定县人民政府办公室"
              "坚持以习近平新时代中国特色社会主义思想为指导,深入学习贯彻党的二十大精神。现将工作情况报告如下:\n" + BODY)
    assert (md.unit, md.county, md.level) == ("人民政府办公室", "武定县", "department")
    u = from_line("武定县人民政府办公室2022年度法治政府建设情况报告")
    assert (u.unit, u.county, u.level) == ("人民政府办公室", "武定县", "department")


def test_the_city_party_committee_before_a_street_committee_is_not_part_of_the_street():
    md = parse_text("发布机构:中共南安市委柳城街道工作委员会 南安市柳城街道办事处\n"
                    "2025年,柳城街道办事处以习近平法治思想为根本遵循。\n" + BODY, "x").metadata
    assert (md.unit, md.county, md.level, md.unit_source) == ("柳城街道", "南安市", "township", "publisher")


def test_a_verb_phrase_before_a_street_office_is_not_a_name():
    md = meta("为全面推进依法行政,加强法治政府建设,根据相关文件要求,以习近平新时代中国特色社会主义思想为指导,深入学习贯彻"
              "习近平总书记重要讲话精神,扎实推进法治政府建设,进一步完善依法行政机制体制,街道各项工作法治化水平进一步提升,"
              "法治政府建设取得新进展、新成效。街道围绕依法执政、依法行政、普法教育、社会法治四大项内容开展工作,牢固树立执政为民理念,"
              "坚持依法履行法定职责,不断规范街道办事处行政行为,积极推动社会治理工作。结合荷城街道实际,现就2022年法治政府建设"
              "工作开展情况报告如下:\n健全完善《荷城重大事项集体决策制度》《荷城街道行政决策相关制度》等制度。\n" + BODY)
    assert (md.unit, md.level) == ("荷城街道", "township")


def test_a_site_name_of_the_government_leading_the_report_is_its_county_not_its_unit():
    md = meta("咸安区人民政府\n热门搜索:\n2022年,官埠桥镇在区委、区政府的正确领导下,贯彻落实党的二十大精神及习近平法治思想,"
              "围绕“依法治区”“依法治镇”的建设理念,坚持普治并举。\n将镇党委书记、镇长履职推进法治建设第一责任人职责情况列入"
              "年终述职内容,官埠桥镇党委专题研究法治建设2次。\n" + BODY)
    assert (md.unit, md.county, md.level) == ("官埠桥镇", "咸安区", "township")


def test_the_leaders_named_in_the_opening_are_not_the_unit():
    md = meta("在中牟新区党工委、管委会的领导下,我镇持续深化法治政府建设实践,紧扣年度任务要求,在2023年工作基础上稳步提升。"
              "根据《中牟县法治政府建设年度报告工作规定的通知》要求,现将我镇2024年法治政府建设情况报告如下。\n"
              "在镇党委书记、镇长任双组长的基础上,新增村级纪检委员为联络员,将法治政府建设纳入全镇年度重点工作清单。\n" + BODY)
    assert md.unit is None and md.level == "township"


def test_common_words_ending_in_a_town_suffix_are_not_towns():
    """乡镇, 乡域 and 乡情 are words: "所长列席乡镇…", "紧密结合乡域发展实际" name no town."""
    from scorer.unitnames import most_named_town

    text = ("2024年，司法所所长列席乡镇党委会议3次，司法所所长列席乡镇重大事项讨论。"
            "我们紧密结合乡域发展实际情况，紧密结合乡情民意推进依法行政。")
    assert most_named_town(text) is None


def test_a_banner_referring_to_itself_is_not_a_name():
    md = meta("今年以来，我旗坚持以习近平法治思想为指导，深入推进法治政府建设。现将2024年度我旗法治政府建设情况报告如下：\n")
    assert md.unit != "我旗"


def test_a_bureau_name_ends_before_the_organs_that_lead_it():
    md = meta("为深入贯彻落实习近平法治思想，桃源县民政局在市民政局和县委、县政府的正确领导下，立足民政职能，"
              "聚焦法治政府建设重点任务。现将2024年度法治政府建设工作情况报告如下：\n")
    assert md.unit in (None, "桃源县民政局", "民政局")
    assert md.level in (None, "department")


def test_the_autonomous_region_above_is_not_the_unit_the_prefecture_reporting_is():
    """"贯彻落实中央、自治区关于…部署" names the region above by its kind alone; the subject of the sentence reports."""
    md = meta("今年以来,伊犁州认真贯彻落实中央、自治区关于推进法治政府建设系列部署要求,持续推进法治政府建设。"
              "现将工作报告如下:\n" + BODY)
    assert (md.unit, md.level) == ("伊犁州", "county")

"""The summary page as a county office reads it, on screen and on paper."""
from __future__ import annotations

import re
import shutil

import pytest

from conftest import SEEDS
from formats import CHROMIUM, to_docx, to_pdf
from scorer.errors import RulebookError
from scorer.rulebook import SHORT_MAX, load_rulebook

SEED = SEEDS / "002_f24fc2990dbe03d0.txt"  # 城关镇, 高台县, 2023


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    from scorer.summary import run_summary

    tmp = tmp_path_factory.mktemp("page")
    folder = tmp / "报告"
    folder.mkdir()
    for f in SEEDS.glob("*.txt"):
        shutil.copy(f, folder / f.name)
    out = tmp / "汇总"
    summary = run_summary([str(folder)], out, jobs=1, progress=False)
    return summary, out, (out / "index.html").read_text(encoding="utf-8")


def _matrix_head(html: str) -> str:
    return html.split('id="matrix-by-unit"')[1].split("</thead>")[0]


def test_matrix_columns_follow_the_rulebook_parts_with_short_headers(page):
    summary, _, html = page
    head = _matrix_head(html)
    ids = re.findall(r'class="rc" title="([a-z0-9.-]+) ', head)
    assert ids == [r.id for _, r in summary.columns()] and len(ids) == len(summary.rulebook.rules)
    parts = [summary.rulebook.rule(i).part for i in ids]
    assert parts == sorted(parts, key=[p.id for p in summary.rulebook.parts].index)
    shorts = re.findall(r'class="rc" title="[^"]+"><span>([^<]+)</span>', head)
    assert shorts[:2] == ["举措和成效", "不足和原因"] and all(len(s) <= SHORT_MAX for s in shorts)
    groups = re.findall(r'class="pg" title="([^"]+)">([^<]+)</th>', head)
    assert [label for _, label in groups][1:11] == list("一二三四五六七八九十")


def test_every_rule_of_the_default_rulebook_has_a_short_title(rulebook):
    assert all(1 <= len(r.short) <= SHORT_MAX for r in rulebook.rules)
    assert len({r.short for r in rulebook.rules}) == len(rulebook.rules)


LOCAL = """extends: fzzf-2021
rulebook: {id: local, version: "1", title: 本县规则}
parts:
  - {id: local, title: 本县要求}
overrides:
  decision.legal-adviser: {short: 顾问}
rules:
  - id: local.grid-law
    title: 网格员法治培训和网格化管理中的依法办事
    part: local
    match: [网格员]
    basis: [{doc: 《本县要点》, status: 待核}]
    advice: 写明网格员法治培训。
    examples: {met: [组织网格员法治培训3场。], missing: [加强网格化管理。]}
"""


def test_a_local_rule_without_short_gets_one_from_its_title(tmp_path):
    p = tmp_path / "local.yaml"
    p.write_text(LOCAL, encoding="utf-8")
    rb = load_rulebook(p)
    assert rb.rule("local.grid-law").short == "网格员法治培训…"
    assert rb.rule("decision.legal-adviser").short == "顾问"


@pytest.mark.parametrize("short", ['""', "一个超过八个字的很长的简称", "两个 词", "[a, b]"])
def test_a_bad_short_title_is_a_rulebook_error_with_its_line(tmp_path, short):
    p = tmp_path / "local.yaml"
    p.write_text(LOCAL.replace("    part: local\n", f"    short: {short}\n    part: local\n"),
                 encoding="utf-8")
    with pytest.raises(RulebookError) as exc:
        load_rulebook(p)
    assert f"{p}:" in exc.value.line() and "short" in exc.value.line()


def test_first_column_and_header_rows_stay_in_view(page):
    _, _, html = page
    css = html.split("<style", 1)[1].split("</style>", 1)[0]
    assert re.search(r"\.scroll \{[^}]*overflow: auto;[^}]*max-height", css)  # the box scrolls both ways
    assert re.search(r"\.matrix thead th \{[^}]*position: sticky; top: 0", css)
    assert re.search(r"\.matrix tr\.rules th \{ top: 2rem; \}", css) and "tr.parts th { height: 2rem" in css
    assert re.search(r"\.matrix th\[scope=row\] \{[^}]*position: sticky; left: 0", css)


def test_print_splits_the_matrix_by_part_into_tables_that_fit_across(page):
    summary, _, html = page
    from scorer.render_summary import PRINT_COLUMNS, _groups

    _, pages = _groups(summary)
    covered = [i for p in pages for i in range(p["start"], p["end"])]
    assert covered == list(range(len(summary.rulebook.rules)))
    assert all(p["end"] - p["start"] <= PRINT_COLUMNS for p in pages)
    for p in pages:  # parts are never cut across two tables
        assert [g["start"] for g in p["groups"]][0] == p["start"] and p["groups"][-1]["end"] == p["end"]
    printed = html.split('class="printparts"')[1]
    assert printed.count('<table class="matrix printpart">') == len(pages)
    css = html.split("<style", 1)[1].split("</style>", 1)[0]
    assert ".sortview, .sortview.default { display: none !important; }" in css and ".printparts { display: block; }" in css


def test_each_unit_report_links_back_to_the_summary(page):
    _, out, _ = page
    reports = list((out / "reports").glob("*.html"))
    assert len(reports) == 5
    for r in reports:
        assert '<a href="../index.html">← 返回全县汇总</a>' in r.read_text(encoding="utf-8")


def test_units_are_sorted_by_pinyin():
    from scorer.collation import pinyin_key

    names = ["重庆路街道", "新华镇", "长安镇", "阿坝镇", "城关镇", "和平镇", "白云街道", "东风乡"]
    assert sorted(names, key=pinyin_key) == ["阿坝镇", "白云街道", "长安镇", "城关镇", "重庆路街道", "东风乡", "和平镇",
                                             "新华镇"]


def test_summary_page_lists_units_by_pinyin(page):
    _, _, html = page
    by_unit = html.split('id="matrix-by-unit"')[1].split("</table>")[0]
    units = re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', by_unit)
    assert units == ["城关镇", "高城镇", "高家镇", "圣灯山镇", "田家寨镇"]


def _problems(summary):
    return [(p["file"].rsplit("/", 1)[-1], p["problem"]) for p in summary.metadata_problems()]


@pytest.mark.skipif(not CHROMIUM, reason="needs Chromium to print the PDF")
def test_the_same_report_as_docx_and_pdf_is_counted_once(tmp_path):
    from scorer.summary import run_summary

    folder = tmp_path / "报告"
    folder.mkdir()
    text = SEED.read_text(encoding="utf-8")
    to_docx(text, folder / "城关镇.docx")
    to_pdf(text, folder / "城关镇.pdf", tmp_path)
    shutil.copy(SEEDS / "004_e4f3eb5238560b4d.txt", folder / "高家镇.txt")
    summary = run_summary([str(folder)], tmp_path / "汇总", jobs=1, progress=False)
    assert sorted(r.file.rsplit("/", 1)[-1] for r in summary.records) == ["城关镇.docx", "高家镇.txt"]
    assert [(d.file.rsplit("/", 1)[-1], k.file.rsplit("/", 1)[-1]) for d, k in summary.same_report] == \
        [("城关镇.pdf", "城关镇.docx")]
    assert any(f == "城关镇.pdf" and "同一份报告的另一种格式" in p for f, p in _problems(summary))
    html = (tmp_path / "汇总" / "index.html").read_text(encoding="utf-8")
    ranking = html.split('id="ranking"')[1].split("</section>")[0]
    assert ranking.count(">城关镇</a>") == 1
    assert sorted(p.name for p in (tmp_path / "汇总" / "reports").iterdir()) == ["城关镇-2023.html", "高家镇-2024.html"]


def test_a_different_report_of_the_same_unit_in_another_format_is_not_merged(tmp_path):
    from scorer.summary import run_summary

    folder = tmp_path / "报告"
    folder.mkdir()
    to_docx(SEED.read_text(encoding="utf-8"), folder / "城关镇.docx")
    (folder / "城关镇.txt").write_text((SEEDS / "000_20c47740d8ca2b58.txt").read_text(encoding="utf-8"),
                                     encoding="utf-8")
    summary = run_summary([str(folder)], tmp_path / "汇总", jobs=1, progress=False)
    assert len(summary.records) == 2 and not summary.same_report


def test_reports_of_other_years_and_counties_and_undated_ones_are_flagged(tmp_path):
    from scorer.summary import run_summary

    folder = tmp_path / "报告"
    folder.mkdir()
    text = SEED.read_text(encoding="utf-8")
    for town in ("城关镇", "新华镇", "东风乡"):
        (folder / f"{town}.txt").write_text(text.replace("城关镇", town), encoding="utf-8")
    (folder / "红旗镇.txt").write_text(text.replace("城关镇", "红旗镇").replace("2023", "2022"), encoding="utf-8")
    (folder / "沙河镇.txt").write_text(text.replace("城关镇", "沙河镇").replace("高台县", "临泽县"), encoding="utf-8")
    undated = text.replace("城关镇", "青山镇").replace("2024年3月15日", "").replace("2024-03-18 17:35:20", "")
    (folder / "青山镇.txt").write_text(undated, encoding="utf-8")
    summary = run_summary([str(folder)], tmp_path / "汇总", jobs=1, progress=False)
    problems = _problems(summary)
    assert ("红旗镇.txt", "本批报告不是同一年度：大多是 2023年度（5 份），这份是 2022年度") in problems
    assert ("沙河镇.txt", "本批报告不是同一县（区）：大多是 高台县（5 份），这份是 临泽县") in problems
    assert any(f == "青山镇.txt" and "没有落款日期" in p for f, p in problems)
    assert not any(f in ("城关镇.txt", "新华镇.txt") for f, _ in problems)


def test_a_rerun_into_the_same_folder_leaves_no_stale_files(tmp_path):
    from scorer.summary import run_summary

    folder = tmp_path / "报告"
    folder.mkdir()
    for f in SEEDS.glob("*.txt"):
        shutil.copy(f, folder / f.name)
    out = tmp_path / "汇总"
    run_summary([str(folder)], out, jobs=1, progress=False)
    assert len(list((out / "reports").iterdir())) == 5
    for f in list(folder.iterdir())[1:]:
        f.unlink()
    run_summary([str(folder)], out, jobs=1, progress=False)
    assert len(list((out / "reports").iterdir())) == 1
    assert len((out / "results.jsonl").read_text(encoding="utf-8").splitlines()) == 1

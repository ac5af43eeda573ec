"""The HTML gap report: every rule with its status, evidence anchored in the full text, advice for gaps, safe."""
from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

import scorer
from conftest import SEEDS
from scorer.api import check_text
from scorer.render_html import render

SEED_FILES = sorted(p.name for p in SEEDS.glob("*.txt"))


class Collect(HTMLParser):
    """Collects ids, links, rule articles with their status badges, and text."""

    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []
        self.rules: dict[str, str] = {}
        self.tags: list[str] = []
        self.text: list[str] = []
        self._rule: str | None = None
        self.external: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        self.tags.append(tag)
        if "id" in a:
            self.ids.add(a["id"])
        for key in ("href", "src"):
            v = a.get(key)
            if v and not v.startswith("#"):
                self.external.append(v)
        if tag == "a" and a.get("href", "").startswith("#"):
            self.links.append(a["href"][1:])
        if tag == "article" and a.get("id", "").startswith("rule-"):
            self._rule = a["id"][5:]
        cls = a.get("class", "")
        if self._rule and tag == "span" and "badge" in cls and self._rule not in self.rules:
            self.rules[self._rule] = re.search(r"st-([\w-]+)", cls).group(1)

    def handle_data(self, data):
        self.text.append(data)


def parsed(result) -> tuple[Collect, str]:
    html = render(result)
    c = Collect()
    c.feed(html)
    return c, html


@pytest.mark.parametrize("name", SEED_FILES)
def test_seed_report_lists_every_rule_with_its_status(name):
    result = scorer.check_file(SEEDS / name)
    c, _ = parsed(result)
    assert c.rules == {r.id: r.shown for r in result.rules}  # an unwritten optional item shows as optional


@pytest.mark.parametrize("name", SEED_FILES)
def test_every_link_resolves_inside_the_page(name):
    c, _ = parsed(scorer.check_file(SEEDS / name))
    assert c.links and all(link in c.ids for link in c.links)
    assert not c.external and "script" not in c.tags


@pytest.mark.parametrize("name", SEED_FILES)
def test_evidence_anchors_point_at_highlighted_sentences(name):
    result = scorer.check_file(SEEDS / name)
    _, html = parsed(result)
    for r in result.rules:
        for e in r.evidence:
            s = result.document.sentence_at(e.norm_start)
            assert f'href="#s{s.index}"' in html
            assert re.search(rf'id="s{s.index}"( class="ev")?', html)


def test_gap_rules_show_basis_and_advice():
    result = scorer.check_file(SEEDS / "002_f24fc2990dbe03d0.txt")
    _, html = parsed(result)
    ts = next(r for r in result.rules if r.id == "enforcement.three-systems")
    assert ts.status == "planned"
    article = html.split('id="rule-enforcement.three-systems"')[1].split("</article>")[0]
    assert "怎么写" in article and ts.rule.advice[:20] in article
    assert "国办发〔2018〕118号" in article
    assert "只是计划" in article  # the near miss explained


def test_lookalike_near_miss_is_explained_in_words():
    result = scorer.check_file(SEEDS / "004_e4f3eb5238560b4d.txt")
    _, html = parsed(result)
    article = html.split('id="rule-decision.legal-adviser"')[1].split("</article>")[0]
    assert "村（居）法律顾问为村民、居民服务" in article


def test_header_states_metadata_score_formula_and_counts():
    result = scorer.check_file(SEEDS / "002_f24fc2990dbe03d0.txt")
    c, html = parsed(result)
    text = "".join(c.text)
    for needle in ("城关镇", "高台县", "乡镇（街道）", "2023", "2024-03-15", "2024-03-18", "fzzf-2021",
                   "权重 × 得分", f"{result.score:.1f}"):
        assert needle in text, needle


def test_statutory_items_and_timeliness_at_a_glance():
    result = scorer.check_file(SEEDS / "002_f24fc2990dbe03d0.txt")
    text = "".join(parsed(result)[0].text)
    assert "存在的不足和原因" in text and "其他需要报告的情况" in text
    assert "按时" in text and "2024-03-31" in text


def test_late_report_is_flagged_in_the_glance_table():
    result = check_text("青山镇2022年法治政府建设情况报告\n一、主要举措和成效\n聘请法律顾问1名。\n青山镇人民政府\n2023年5月6日\n")
    text = "".join(parsed(result)[0].text)
    assert "逾期" in text and "2023-05-06 晚于 2023-03-31" in text


def test_full_text_shows_section_roles():
    text = "".join(parsed(scorer.check_file(SEEDS / "003_a85474dd8e8b2607.txt"))[0].text)
    for role in ("举措和成效", "不足和原因", "下一年度安排"):
        assert role in text


def test_injected_markup_is_shown_as_text():
    result = check_text("青山镇2023年法治政府建设情况报告\n一、主要举措\n<script>alert(1)</script>聘请法律顾问<b>1名</b>。"
                        "<img src=x onerror=alert(2)>\n")
    c, html = parsed(result)
    assert "<script" not in html and "<img" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "script" not in c.tags and "img" not in c.tags
    assert "Content-Security-Policy" in html


def test_check_writes_gap_html_by_default_and_names_it(tmp_path):
    import shutil
    import subprocess
    import sys

    (tmp_path / "报告").mkdir()
    (tmp_path / "here").mkdir()
    report = shutil.copy(SEEDS / "003_a85474dd8e8b2607.txt", tmp_path / "报告")
    p = subprocess.run([sys.executable, "-m", "scorer", "check", str(report)],
                       capture_output=True, text=True, cwd=tmp_path / "here")
    assert p.returncode == 0, p.stderr
    out = tmp_path / "报告" / "003_a85474dd8e8b2607.gap.html"  # beside the report, not in the current folder
    assert out.exists() and str(out) in p.stdout and not list((tmp_path / "here").iterdir())
    assert oct(out.stat().st_mode & 0o777) != oct(0o600)


def test_gaps_come_first_and_met_rules_are_one_line_each():
    result = scorer.check_file(SEEDS / "002_f24fc2990dbe03d0.txt")
    _, html = parsed(result)
    rectify = html.split('id="rectify"')[1].split("</section>")[0]
    linked = re.findall(r'href="#rule-([\w.-]+)"', rectify)
    assert sorted(linked) == sorted(
        r.id for r in result.rules if r.status in ("partial", "planned", "missing"))
    assert html.index('id="rectify"') < html.index('id="statutory"') < html.index('id="met"')
    for r in result.rules:
        article = html.split(f'id="rule-{r.id}"')[1].split("</article>")[0]
        if r.status == "met":
            assert "怎么写" not in article and "<blockquote" not in article and article.count("\n") <= 2
        elif r.shown in ("planned", "missing"):  # an optional item left out is one line, not a gap card
            assert "怎么写" in article


def test_print_shows_the_rectification_list_and_hides_the_long_parts():
    _, html = parsed(scorer.check_file(SEEDS / "002_f24fc2990dbe03d0.txt"))
    assert ".screen { display: none; }" in html.split("@media print")[1]
    for section in ("overview", "fulltext"):
        assert re.search(rf'<section class="screen" aria-labelledby="{section}">', html)
    assert '<section aria-labelledby="rectify">' in html and '<section aria-labelledby="met">' in html


def test_highlighted_pieces_cover_every_occurrence_and_overlapping_terms_join():
    from scorer.render_html import segments

    text = "聘请法律顾问，法律顾问参与合法性审查。"
    assert segments(text, ["法律顾问", "顾问参与"]) == [
        ("聘请", False), ("法律顾问", True), ("，", False), ("法律顾问参与", True), ("合法性审查。", False)]
    assert segments(text, []) == [(text, False)]


@pytest.mark.parametrize("name", sorted(p.name for p in SEEDS.glob("*.txt")))
def test_a_summary_workers_gap_report_is_the_one_check_writes(name):
    """A summary worker passes the JSON form it has made anyway (results.jsonl, joined with rules.json's text)
    instead of having the page make it again: the page is the same, byte for byte."""
    from scorer.results import rulebook_dict, with_rule_text

    result = scorer.check_file(SEEDS / name)
    data = with_rule_text(result.to_dict(rule_text=False), rulebook_dict(result.rulebook)["rules"])
    assert render(result, "../index.html", data) == render(result, "../index.html")


def test_template_dot_reads_a_view_model_key_and_keeps_dict_methods():
    """`r.status` on a view-model dict is its key (asked first, for speed); a dict method's name
    still means the method, even when the dict holds a key of that name."""
    from scorer.render_html import environment

    tpl = environment().from_string("{{ r.status }}|{% for k, v in r.items() %}{{ k }}{% endfor %}|{{ r.get('status') }}")
    assert tpl.render(r={"status": "已落实", "items": "条目", "get": "取"}) == "已落实|statusitemsget|已落实"

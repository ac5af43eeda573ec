"""Every format yields the same document model and so the same verdicts as the .txt."""
from __future__ import annotations

import pytest

import scorer
from conftest import SEEDS
from formats import CHROMIUM, numbered_docx, to_docx, to_html, to_pdf
from scorer.document_builder import read_document

SEED_FILES = sorted(p.name for p in SEEDS.glob("*.txt"))
_txt: dict[str, object] = {}


def verdicts(result) -> dict[str, str]:
    return {r.id: r.status for r in result.rules}


def txt_result(name: str):
    if name not in _txt:
        _txt[name] = scorer.check_file(SEEDS / name)
    return _txt[name]


def same_as_txt(name: str, other) -> None:
    base = txt_result(name)
    want, got = verdicts(base), verdicts(other)
    diff = {k: (want[k], got[k]) for k in want if want[k] != got[k]}
    assert not diff, f"{name}: rule verdicts differ (txt, other): {diff}"
    for field in ("unit", "county", "level", "year"):
        assert getattr(other.document.metadata, field) == getattr(base.document.metadata, field), field


@pytest.mark.parametrize("name", SEED_FILES)
def test_docx_gives_the_same_verdicts(tmp_path, name):
    path = to_docx((SEEDS / name).read_text(encoding="utf-8"), tmp_path / (name[:-4] + ".docx"))
    same_as_txt(name, scorer.check_file(path))


@pytest.mark.parametrize("name", SEED_FILES)
def test_html_page_gives_the_same_verdicts(tmp_path, name):
    path = to_html((SEEDS / name).read_text(encoding="utf-8"), tmp_path / (name[:-4] + ".html"))
    same_as_txt(name, scorer.check_file(path))


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium makes the PDFs (.ci/run installs it)")
@pytest.mark.parametrize("name", SEED_FILES)
def test_pdf_gives_the_same_verdicts(tmp_path, name):
    path = to_pdf((SEEDS / name).read_text(encoding="utf-8"), tmp_path / (name[:-4] + ".pdf"), tmp_path)
    result = scorer.check_file(path)
    same_as_txt(name, result)
    text = result.document.text
    assert "file://" not in text and "/tmp" not in text  # Chromium's running footer is gone


def test_gbk_encoded_page_is_decoded_from_its_declaration(tmp_path):
    text = (SEEDS / "003_a85474dd8e8b2607.txt").read_text(encoding="utf-8")
    path = to_html(text.replace("\xa0", " "), tmp_path / "gbk.htm", charset="gb2312")
    same_as_txt("003_a85474dd8e8b2607.txt", scorer.check_file(path))


def test_web_page_navigation_script_and_footer_are_dropped(tmp_path):
    path = to_html((SEEDS / "000_20c47740d8ca2b58.txt").read_text(encoding="utf-8"), tmp_path / "p.html")
    text = read_document(path).text
    for noise in ("机构概况", "互动交流", "var x", "分享到", "网站标识码", "ICP备", "您的位置", "专栏"):
        assert noise not in text, noise
    assert text.lstrip().startswith("高青县高城镇人民政府")


def test_word_automatic_numbering_yields_headings_and_levels(tmp_path):
    path = numbered_docx([
        (None, "青山镇2023年法治政府建设情况报告"),
        (0, "主要举措和成效"),
        (1, "推进依法决策"),
        (None, "聘请常年法律顾问1名，审查合同12份。"),
        (1, "严格规范执法"),
        (2, "落实行政执法公示制度"),
        (0, "存在的不足和原因"),
        (None, "执法人员偏少，主要是编制不足。"),
        (0, "下一年度工作安排"),
        (None, "充实执法队伍。"),
    ], tmp_path / "numbered.docx")
    doc = read_document(path)
    heads = [(h.level, h.text) for h in doc.headings]
    assert (1, "一、主要举措和成效") in heads
    assert (2, "(一)推进依法决策") in heads
    assert (2, "(二)严格规范执法") in heads
    assert (3, "1.落实行政执法公示制度") in heads
    assert (1, "二、存在的不足和原因") in heads and (1, "三、下一年度工作安排") in heads
    roles = {s.title: s.roles for s in doc.sections}
    assert roles["二、存在的不足和原因"] == ("shortcomings",) and roles["三、下一年度工作安排"] == ("plans",)


def test_docx_tables_are_read_in_document_order(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("青山镇2023年法治政府建设情况报告")
    d.add_paragraph("一、主要举措和成效")
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text, t.cell(0, 1).text = "事项", "件数"
    t.cell(1, 0).text, t.cell(1, 1).text = "法律顾问审查合同", "12份"
    d.add_paragraph("二、存在的问题")
    d.add_paragraph("宣传不够。")
    d.save(str(tmp_path / "t.docx"))
    text = read_document(tmp_path / "t.docx").text
    assert text.index("法律顾问审查合同 | 12份") < text.index("二、存在的问题")

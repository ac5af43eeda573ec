"""Word outputs: the draft annotated with comments at its gaps, and the rectification list (整改清单).

Every written .docx is reopened with python-docx and checked as a clerk would rely on it.
"""
from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
import unicodedata
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

import scorer
from conftest import SEEDS
from formats import CHROMIUM, numbered_docx, to_docx, to_html, to_pdf
from scorer.waivers import load_waivers

SEED = SEEDS / "002_f24fc2990dbe03d0.txt"  # 城关镇 2023: met, partial, planned and missing rules
GAPS = ("partial", "planned", "missing")


def cli(*args, cwd=None):
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "scorer", "check", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env=env)


def all_paragraphs(d):
    """Body paragraphs and table-cell paragraphs, in document order."""
    out = []
    for block in d.iter_inner_content():
        if hasattr(block, "rows"):
            for row in block.rows:
                for cell in row.cells:
                    out.extend(cell.paragraphs)
        else:
            out.append(block)
    return out


def anchors(path: Path) -> list[tuple[str, object]]:
    """(comment text, the paragraph its range starts in) for every comment of the file."""
    d = docx.Document(str(path))
    texts = {c.comment_id: c.text for c in d.comments}
    out = []
    for p in all_paragraphs(d):
        for el in p._p.iter(qn("w:commentRangeStart")):
            out.append((texts[int(el.get(qn("w:id")))], p))
    assert len(out) == len(texts)  # every comment has its anchor
    return out


def squeeze(text: str) -> str:
    """Text without punctuation, spaces and width differences (the copy shows the author's ，、 forms)."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if not (unicodedata.category(ch)[0] in "PZS" or ch.isspace()))


def rule_of(comment: str, result) -> object | None:
    first = comment.split("\n", 1)[0]
    m = re.match(r"【[^】]+】(.+?)(：报告只在.*)?$", first)
    if not m:
        return None
    return next(r for r in result.rules if r.rule.title == m.group(1))


@pytest.fixture(scope="module")
def draft(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("word")
    path = to_docx(SEED.read_text(encoding="utf-8"), tmp / "城关镇报告.docx")
    result = scorer.check_file(path)
    out = tmp / "批注版.docx"
    p = cli(path, "--annotate", out, "--rectify", tmp / "整改清单.docx", cwd=tmp)
    assert p.returncode == 0, p.stderr
    return path, result, out, tmp / "整改清单.docx"


def run_signature(p) -> list[tuple[str, str]]:
    """The paragraph's runs as (text, formatting XML), leaving out the runs that carry comment references."""
    out = []
    for r in p._p.iter(qn("w:r")):
        if r.find(qn("w:commentReference")) is not None:
            continue
        rpr = r.find(qn("w:rPr"))
        out.append((r.text or "", "" if rpr is None else rpr.xml))
    return out


def test_annotated_copy_keeps_every_paragraph_text_and_run_format(draft):
    path, _, out, _ = draft
    before, after = all_paragraphs(docx.Document(str(path))), all_paragraphs(docx.Document(str(out)))
    assert [p.text for p in before] == [p.text for p in after]
    assert [p.style.name for p in before] == [p.style.name for p in after]
    assert [run_signature(p) for p in before] == [run_signature(p) for p in after]


def test_input_draft_is_not_modified(tmp_path):
    path = to_docx(SEED.read_text(encoding="utf-8"), tmp_path / "draft.docx")
    digest = hashlib.md5(path.read_bytes()).hexdigest()
    assert cli(path, "--annotate", tmp_path / "out.docx", cwd=tmp_path).returncode == 0
    assert hashlib.md5(path.read_bytes()).hexdigest() == digest


def test_draft_with_an_undecodable_file_name_is_still_copied_not_rebuilt(tmp_path):
    name = os.fsdecode(b"\xb1\xa8\xb8\xe6.docx")  # "报告" in GBK, as a Windows zip unpacks it
    path = to_docx(SEED.read_text(encoding="utf-8"), tmp_path / name)
    out = tmp_path / "out.docx"
    assert cli(path, "--annotate", out, cwd=tmp_path).returncode == 0
    assert [p.text for p in docx.Document(str(out)).paragraphs] == [p.text for p in docx.Document(str(path)).paragraphs]


def test_partial_rules_are_commented_on_the_paragraph_of_their_evidence(draft):
    _, result, out, _ = draft
    original = result.document.original
    seen = set()
    for text, p in anchors(out):
        r = rule_of(text, result)
        if r is None or r.status != "partial":
            continue
        e = r.evidence[0]
        assert original[e.start:e.end] in p.text, (r.id, p.text[:40])
        assert "还缺：" in text and r.rule.advice[:15] in text
        seen.add(r.id)
    assert seen == {r.id for r in result.rules if r.status == "partial" and r.evidence}


def test_missing_and_planned_rules_are_commented_on_a_heading_or_the_top_of_the_body(draft):
    _, result, out, _ = draft
    doc = result.document
    places = {squeeze(doc.original[slice(*doc.original_span(h.start, h.end))]) for h in doc.headings}
    places.add(squeeze(doc.paragraphs[0].text))
    seen = []
    for text, p in anchors(out):
        r = rule_of(text, result)
        if r is None or r.status not in ("missing", "planned"):
            continue
        assert any(place and place in squeeze(p.text) for place in places), (r.id, p.text[:40])
        assert "要求：" in text and "依据：" in text and "怎么写：" in text
        seen.append(r.id)
    assert sorted(seen) == sorted(r.id for r in result.rules if r.status in ("missing", "planned"))


def test_title_comment_gives_score_and_counts(draft):
    _, result, out, _ = draft
    text, p = anchors(out)[0]
    assert squeeze(result.document.metadata.title) in squeeze(p.text)
    c = result.counts()
    assert f"总分 {result.score:.1f} / 100" in text
    assert f"已落实 {c['met']} 条" in text and f"缺失 {c['missing']} 条" in text
    assert sum(1 for t, _ in anchors(out) if t.startswith("检查结果")) == 1


def test_missing_rule_goes_under_the_heading_of_its_part(tmp_path):
    text = ("青山镇人民政府关于2023年法治政府建设工作情况的报告\n"
            "一、坚持依法科学民主决策\n"
            "严格履行重大行政决策法定程序，全年重大决策均经公众参与、专家论证、风险评估、合法性审查和集体讨论决定。\n"
            "二、严格规范公正文明执法\n"
            "全面落实行政执法公示制度、执法全过程记录制度、重大执法决定法制审核制度。\n")
    path = to_docx(text, tmp_path / "青山镇.docx")
    out = tmp_path / "out.docx"
    assert cli(path, "--annotate", out, cwd=tmp_path).returncode == 0
    result = scorer.check_file(path)
    assert next(r for r in result.rules if r.id == "decision.legal-adviser").status == "missing"
    placed = {rule_of(t, result).id: p.text for t, p in anchors(out) if rule_of(t, result)}
    assert placed["decision.legal-adviser"] == "一、坚持依法科学民主决策"
    assert placed["enforcement.certification"] == "二、严格规范公正文明执法"


def test_missing_rule_goes_under_the_topic_not_the_measures_container(tmp_path):
    text = ("青山镇人民政府关于2023年法治政府建设工作情况的报告\n"
            "一、主要举措和成效\n"
            "（一）坚持依法科学民主决策\n"
            "严格履行重大行政决策法定程序，全年重大决策均经公众参与、专家论证、风险评估、合法性审查和集体讨论决定。\n"
            "（二）严格规范公正文明执法\n"
            "全面落实行政执法公示制度、执法全过程记录制度、重大执法决定法制审核制度。\n"
            "二、存在的不足和原因\n"
            "法治宣传教育的针对性还不够强。\n")
    path = to_docx(text, tmp_path / "青山镇.docx")
    out = tmp_path / "out.docx"
    assert cli(path, "--annotate", out, cwd=tmp_path).returncode == 0
    result = scorer.check_file(path)
    placed = {rule_of(t, result).id: p.text for t, p in anchors(out) if rule_of(t, result)}
    assert placed["decision.legal-adviser"] == "（一）坚持依法科学民主决策"
    assert placed["enforcement.certification"] == "（二）严格规范公正文明执法"


def test_evidence_in_a_table_cell_is_commented_in_that_cell(tmp_path):
    d = docx.Document()
    for line in ("青山镇2023年法治政府建设情况报告", "一、主要举措和成效", "全镇上下认真贯彻落实法治政府建设各项部署。"):
        d.add_paragraph(line)
    table = d.add_table(rows=2, cols=2)
    for cell, text in zip(table.rows[0].cells + table.rows[1].cells,
                          ("工作", "情况", "法律顾问", "  我镇聘请了常年法律顾问。")):
        cell.text = text
    d.add_paragraph("二、存在的不足")
    d.add_paragraph("法治宣传教育的针对性还不够强。")
    path = tmp_path / "表格.docx"
    d.save(str(path))
    out = tmp_path / "out.docx"
    assert cli(path, "--annotate", out, cwd=tmp_path).returncode == 0
    result = scorer.check_file(path)
    assert next(r for r in result.rules if r.id == "decision.legal-adviser").status == "partial"
    placed = {rule_of(t, result).id: p.text for t, p in anchors(out) if rule_of(t, result)}
    assert placed["decision.legal-adviser"] == "  我镇聘请了常年法律顾问。"


def test_heading_numbered_by_word_gets_its_comment(tmp_path):
    path = numbered_docx([(None, "青山镇2023年法治政府建设情况报告"), (0, "坚持依法科学民主决策"),
                          (None, "严格履行重大行政决策法定程序，重大决策均经合法性审查和集体讨论决定。"),
                          (0, "存在的不足"), (None, "法治宣传不够深入。")], tmp_path / "numbered.docx")
    out = tmp_path / "out.docx"
    assert cli(path, "--annotate", out, cwd=tmp_path).returncode == 0
    result = scorer.check_file(path)
    placed = {rule_of(t, result).id: p.text for t, p in anchors(out) if rule_of(t, result)}
    assert placed["decision.legal-adviser"] == "坚持依法科学民主决策"  # the "一、" is Word's, not in the text


def test_met_rules_are_commented_only_with_annotate_all(draft, tmp_path):
    path, result, out, _ = draft
    met = {r.id for r in result.rules if r.status == "met"}
    assert not any(t.startswith("【已落实】") for t, _ in anchors(out))
    every = tmp_path / "all.docx"
    assert cli(path, "--annotate", every, "--annotate-all", cwd=tmp_path).returncode == 0
    got = {rule_of(t, result).id for t, _ in anchors(every) if t.startswith("【已落实】")}
    assert got == {r for r in met if next(x for x in result.rules if x.id == r).evidence}


@pytest.mark.parametrize("kind", ["txt", "html", "pdf"])
def test_text_drafts_become_a_word_copy_with_headings_and_the_same_comments(tmp_path, kind):
    text = SEED.read_text(encoding="utf-8")
    if kind == "txt":
        path = SEED
    elif kind == "html":
        path = to_html(text, tmp_path / "page.html")
    else:
        if CHROMIUM is None:
            pytest.skip("headless Chromium is not installed (.ci/run installs it)")
        path = to_pdf(text, tmp_path / "report.pdf", tmp_path)
    out = tmp_path / "copy.docx"
    assert cli(path, "--annotate", out, cwd=tmp_path).returncode == 0
    result = scorer.check_file(path)
    d = docx.Document(str(out))
    styles = [p.style.name for p in d.paragraphs]
    assert styles[0] == "Title" and squeeze(d.paragraphs[0].text) == squeeze(result.document.metadata.title)
    assert styles.count("Heading 1") >= 3 and "Heading 2" in styles
    n_comments = 0
    for comment, p in anchors(out):
        n_comments += 1
        r = rule_of(comment, result)
        if r is not None and r.status == "partial":
            assert squeeze(r.evidence[0].text) in squeeze(p.text)
    assert n_comments == 1 + sum(1 for r in result.rules if r.status in GAPS)


def test_rectification_list_has_exactly_the_gaps(draft):
    _, result, _, rect = draft
    d = docx.Document(str(rect))
    table = d.tables[0]
    assert [c.text for c in table.rows[0].cells] == ["序号", "要求", "现状", "需要补充", "依据"]
    titles = [row.cells[1].text.replace("（提示，不计分）", "") for row in table.rows[1:]]
    expected = [r.rule.title for r in result.rules if r.status in GAPS]
    assert sorted(titles) == sorted(expected) and len(titles) == len(set(titles))
    head = "\n".join(p.text for p in d.paragraphs[:3])
    assert "城关镇" in head and "2023" in head and f"{result.score:.1f}" in head


def test_rectification_leaves_out_waived_and_not_applicable_rules(tmp_path):
    waivers = tmp_path / "waivers.yaml"
    waivers.write_text("waivers:\n- unit: 城关镇\n  rule: decision.legal-adviser\n  justification: 由县司法局统一派驻法律顾问\n"
                       "  approved_by: 县司法局\n  expires: 2099-12-31\n", encoding="utf-8")
    out = tmp_path / "r.docx"
    assert cli(SEED, "--waivers", waivers, "--rectify", out, cwd=tmp_path).returncode == 0
    result = scorer.check_file(SEED, waivers=load_waivers(waivers))
    assert next(r for r in result.rules if r.id == "decision.legal-adviser").status == "waived"
    titles = {row.cells[1].text for row in docx.Document(str(out)).tables[0].rows[1:]}
    left_out = {r.rule.title for r in result.rules if r.status in ("waived", "na", "met")}
    assert titles and not titles & left_out


def east_asian_fonts(path: Path) -> set[str]:
    """The East Asian fonts named in a file's document defaults, styles and runs."""
    names = set()
    with zipfile.ZipFile(path) as z:
        for part in ("word/styles.xml", "word/document.xml", "word/comments.xml"):
            if part in z.namelist():
                names |= set(re.findall(r'w:eastAsia="([^"]+)"', z.read(part).decode("utf-8")))
    return names


def test_chinese_fonts_are_named_in_everything_written(draft, tmp_path):
    _, _, out, rect = draft
    copy = tmp_path / "copy.docx"
    assert cli(SEED, "--annotate", copy, cwd=tmp_path).returncode == 0
    for path in (rect, copy):
        assert {"仿宋", "宋体"} <= east_asian_fonts(path)
        styles = docx.Document(str(path)).styles.element
        default = styles.find(qn("w:docDefaults")).find(".//" + qn("w:rFonts"))
        assert default.get(qn("w:eastAsia")) == "仿宋" and default.get(qn("w:eastAsiaTheme")) is None
    with zipfile.ZipFile(out) as z:  # the comments in the clerk's own draft too
        comments = z.read("word/comments.xml").decode("utf-8")
    assert comments.count('w:eastAsia="仿宋"') >= comments.count("<w:t")


# --- bad cases: one line, non-zero exit, nothing left behind -----------------------------

def refused(tmp_path, *args, needle: str):
    before = sorted(os.listdir(tmp_path))
    p = cli(*args, cwd=tmp_path)
    lines = p.stderr.strip().splitlines()
    assert p.returncode == 2 and len(lines) == 1 and "Traceback" not in p.stderr, p.stderr
    assert needle in lines[0], lines[0]
    assert sorted(os.listdir(tmp_path)) == before
    return lines[0]


def test_annotate_onto_the_input_is_refused(tmp_path):
    path = to_docx(SEED.read_text(encoding="utf-8"), tmp_path / "draft.docx")
    digest = hashlib.md5(path.read_bytes()).hexdigest()
    refused(tmp_path, path, "--annotate", path, needle="输入文件")
    refused(tmp_path, path, "--rectify", "./draft.docx", needle="输入文件")
    assert hashlib.md5(path.read_bytes()).hexdigest() == digest


def test_unwritable_place_is_refused_without_leftovers(tmp_path):
    refused(tmp_path, SEED, "--annotate", "/proc/draft.docx", needle="无法写入")
    refused(tmp_path, SEED, "--rectify", tmp_path / "no" / "r.docx", needle="不存在")


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder")
def test_read_only_folder_is_refused(tmp_path):
    ro = tmp_path / "ro"
    ro.mkdir()
    ro.chmod(0o500)
    try:
        refused(tmp_path, SEED, "--annotate", ro / "a.docx", needle="无法写入")
        assert not os.listdir(ro)
    finally:
        ro.chmod(0o700)


def test_scanned_pdf_gives_one_line_and_no_word_file(tmp_path):
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(width=595, height=842)
    scan = tmp_path / "scan.pdf"
    with open(scan, "wb") as fh:
        w.write(fh)
    refused(tmp_path, scan, "--annotate", "a.docx", "--rectify", "r.docx", needle="无文本层")


def test_word_output_must_be_named_docx(tmp_path):
    refused(tmp_path, SEED, "--rectify", "清单.doc", needle=".docx")
    refused(tmp_path, SEED, "--annotate-all", needle="--annotate")


# --- as a person sees it: LibreOffice renders the files -----------------------------------

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed (optional: apt-get install libreoffice-writer)")
def test_libreoffice_renders_the_rectification_list_on_two_pages(draft, tmp_path):
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    _, result, out, rect = draft
    for f in (rect, out):
        subprocess.run([SOFFICE, f"-env:UserInstallation={(tmp_path / 'lo').as_uri()}", "--headless",
                        "--convert-to", "pdf", "--outdir", str(tmp_path), str(f)], capture_output=True, timeout=300)
    pdf = tmp_path / (rect.stem + ".pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert re.search(r"Pages:\s+[12]\n", info), info
    text = "".join(subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout.split())
    assert "城关镇2023年度法治政府建设年度报告整改清单" in text
    assert all(squeeze(r.rule.title)[:8] in squeeze(text) for r in result.rules if r.status in GAPS)
    annotated = "".join(subprocess.run(["pdftotext", str(tmp_path / (out.stem + ".pdf")), "-"],
                                       capture_output=True, text=True).stdout.split())
    assert squeeze(result.document.metadata.title) in squeeze(annotated)

"""County-wide summary: a folder of reports in, one summary page and spreadsheets out."""
from __future__ import annotations

import csv
import difflib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEEDS
from scorer.copies import normalize

PLANTED = ("我镇创新建立法律顾问驻点坐班制度，每周二、周四由律师事务所派员到镇政府坐班，"
           "现场审查合同协议、接待来访群众并为重大决策提供书面法律意见，形成了可复制推广的经验做法。")


def run(*args, cwd=None):
    env = dict(os.environ, PYTHONIOENCODING="utf-8", FZZF_SCORER_NO_CACHE="1")
    return subprocess.run([sys.executable, "-m", "scorer", "summary", *args], capture_output=True, text=True,
                          cwd=cwd, env=env)


def make_batch(folder: Path) -> Path:
    """The five seeds plus generated variations a county office really receives."""
    folder.mkdir()
    for f in SEEDS.glob("*.txt"):
        shutil.copy(f, folder / f.name)
    s000 = (SEEDS / "000_20c47740d8ca2b58.txt").read_text(encoding="utf-8")
    s002 = (SEEDS / "002_f24fc2990dbe03d0.txt").read_text(encoding="utf-8")
    s003 = (SEEDS / "003_a85474dd8e8b2607.txt").read_text(encoding="utf-8")
    sub = folder / "乡镇"
    sub.mkdir()
    # another township reusing 002's structure, with a planted paragraph that 000's variation shares
    (sub / "新华镇.txt").write_text(s002.replace("城关镇", "新华镇").replace("2024年3月15日", "2024年4月15日")
                                    .replace("一、工作成效\n", "一、工作成效\n\n" + PLANTED + "\n"), encoding="utf-8")
    (sub / "东风乡.txt").write_text(s000.replace("高城镇", "东风乡").replace("五、2021年度", PLANTED + "\n\n五、2021年度"),
                                    encoding="utf-8")
    # the same report submitted twice
    shutil.copy(SEEDS / "003_a85474dd8e8b2607.txt", sub / "田家寨镇-再次报送.txt")
    # title says 2022, body speaks of 2023; no unit anywhere
    (sub / "无名.txt").write_text("2022年法治政府建设情况报告\n\n2023年，我们认真推进法治政府建设。\n"
                                  + s003.split("一、主要举措和成效", 1)[1].replace("田家寨镇", "我们"), encoding="utf-8")
    (sub / "损坏.docx").write_bytes(b"PK\x03\x04broken")
    return folder


@pytest.fixture(scope="module")
def summary_out(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("summary")
    batch = make_batch(tmp / "in")
    out = tmp / "out"
    p = run(str(batch), "--out", str(out), "--jobs", "2")
    return p, out, batch


def test_exit_4_when_a_file_failed_and_the_rest_complete(summary_out):
    p, out, _ = summary_out
    assert p.returncode == 4, p.stderr
    assert "损坏.docx" in p.stderr and "损坏" in p.stderr
    lines = (out / "results.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == 9
    assert "评分" in p.stderr  # the progress bar is on stderr


def test_outputs_exist_and_reports_are_linked(summary_out):
    _, out, _ = summary_out
    html = (out / "index.html").read_text(encoding="utf-8")
    reports = sorted(p.name for p in (out / "reports").glob("*.html"))
    assert len(reports) == 9 and "城关镇-2023.html" in reports and "新华镇-2023.html" in reports
    for name in reports:
        assert f'href="reports/{name}"' in html
    assert [p.name for p in out.glob(".*")] == [".scorer-summary"]  # the marker; no work files left behind
    assert not list(out.parent.glob(".out*"))  # nor the temporary sibling or the lock


def test_results_jsonl_is_the_check_json(summary_out):
    _, out, _ = summary_out
    rows = [json.loads(x) for x in (out / "results.jsonl").read_text(encoding="utf-8").splitlines()]
    row = next(r for r in rows if r["unit"] == "城关镇")
    check = subprocess.run([sys.executable, "-m", "scorer", "check", str(SEEDS / "002_f24fc2990dbe03d0.txt"),
                            "--json", "-"], capture_output=True, text=True)
    single = json.loads(check.stdout)
    assert {k for k in single if k != "file"} == {k for k in row if k != "file"}
    assert [r["status"] for r in row["rules"]] == [r["status"] for r in single["rules"]]
    assert row["score"] == single["score"]


def test_xlsx_round_trips_to_results_jsonl(summary_out):
    from openpyxl import load_workbook

    from scorer.results import SHOWN_LABELS

    _, out, _ = summary_out
    rows = {json.loads(x)["file"]: json.loads(x) for x in (out / "results.jsonl").read_text(encoding="utf-8").splitlines()}
    wb = load_workbook(out / "summary.xlsx", read_only=True)
    sheet = list(wb["单位×规则"].iter_rows(values_only=True))
    head = list(sheet[1])
    file_col = head.index("文件")
    rule_ids = [h for h in head if h and "." in h]
    counts = {k: v["counts_in_score"] for k, v in json.loads((out / "rules.json").read_text(encoding="utf-8"))["rules"].items()}
    seen = 0
    for values in sheet[2:]:
        rec = dict(zip(head, values))
        if rec["无法读取的原因"]:
            assert rec["文件"].endswith("损坏.docx")
            continue
        want = rows[values[file_col]]
        assert rec["单位"] == (want["unit"] or Path(want["file"]).name)
        assert round(float(rec["得分"]), 1) == round(want["score"], 1)
        by_id = {r["id"]: r for r in want["rules"]}
        assert [rec[r] for r in rule_ids] == [
            SHOWN_LABELS["optional" if by_id[r]["status"] in ("planned", "missing") and not counts[r]
                         else by_id[r]["status"]] for r in rule_ids]
        seen += 1
    assert seen == len(rows)
    gaps = list(wb["差距清单"].iter_rows(values_only=True))[1:]
    n_gaps = sum(1 for r in rows.values() for x in r["rules"] if x["status"] in ("planned", "missing")
                 and counts[x["id"]])
    assert len(gaps) == n_gaps


def test_csv_has_one_row_per_file(summary_out):
    _, out, _ = summary_out
    with open(out / "summary.csv", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == 10 and sum(1 for r in rows if r["error"]) == 1
    assert next(r for r in rows if r["unit"] == "城关镇")["decision.legal-adviser"] == "met"


def test_planted_copy_is_found_with_both_units(summary_out):
    _, out, _ = summary_out
    html = (out / "index.html").read_text(encoding="utf-8")
    section = html.split('id="copies"')[1].split("</section>")[0]
    assert "驻点坐班制度" in section
    block = next(b for b in section.split("<article") if "驻点坐班制度" in b)
    assert "新华镇" in block and "东风乡" in block


def test_copies_among_the_seeds_are_really_shared_text():
    """The seeds share stock formulae (“四个意识”, “枫桥经验” …): those are never reported;
    what is reported shares a long literal run."""
    import scorer
    from scorer.copies import CopyIndex, fingerprint_document
    from scorer.document_builder import read_document

    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        idx = CopyIndex(tmp)
        names = {}
        for i, f in enumerate(sorted(SEEDS.glob("*.txt"))):
            doc = read_document(f)
            fps, sents = fingerprint_document(doc)
            idx.add(i, fps, sents)
            names[i] = tuple(n for n in (doc.metadata.unit, doc.metadata.county) if n)
        passages = idx.find(names)
    for p in passages:
        texts = [t for _, t in p.members]
        a, b = normalize(texts[0]), normalize(texts[1])
        m = difflib.SequenceMatcher(None, a, b, autojunk=False).find_longest_match(0, len(a), 0, len(b))
        assert m.size >= 10, texts  # a literal run, not only formulae (paraphrased copies keep such runs)
        for t in texts:
            assert len(normalize(t)) >= 30
    assert not any("四个意识" in t and len(normalize(t)) < 30 for p in passages for _, t in p.members)


def test_metadata_problems_are_listed(summary_out):
    _, out, _ = summary_out
    text = re.sub(r"<[^>]+>", " ", (out / "index.html").read_text(encoding="utf-8").split('id="meta"')[1]
                  .split("</section>")[0])
    assert "重复提交" in text and "田家寨镇-再次报送.txt" in text
    assert "逾期" in text and "新华镇" in text
    assert "标题年度 2022 与正文年度 2023 不一致" in text
    assert "未识别报告单位" in text


def test_common_gaps_offer_peer_passages(summary_out):
    _, out, _ = summary_out
    html = (out / "index.html").read_text(encoding="utf-8")
    gaps = html.split('id="gaps"')[1].split("</section>")[0]
    assert gaps.count("<article") == 10 and "怎么写" in gaps
    assert "可参考的本批写法" in gaps  # some weak requirement is well written by a peer


def test_matrix_sorted_by_unit_and_by_score(summary_out):
    _, out, _ = summary_out
    html = (out / "index.html").read_text(encoding="utf-8")
    by_score = html.split('id="matrix-by-score"')[1].split("</table>")[0]
    scores = [float(x) for x in re.findall(r'<td class="num">([\d.]+)</td>', by_score)]
    assert scores == sorted(scores, reverse=True) and len(scores) == 9
    by_unit = html.split('id="matrix-by-unit"')[1].split("</table>")[0]
    units = re.findall(r'<th scope="row"><a href="[^"]+">([^<]+)</a>', by_unit)
    from scorer.collation import pinyin_key

    assert units == sorted(units, key=pinyin_key) and units[0] == "城关镇"  # by pinyin: chéngguān, dōngfēng…


def test_manifest_overrides_detected_metadata(tmp_path):
    batch = tmp_path / "in"
    batch.mkdir()
    shutil.copy(SEEDS / "001_3cb6339a0133ae3c.txt", batch / "a.txt")
    man = tmp_path / "manifest.csv"
    man.write_text("file,unit,county,level,year\na.txt,圣灯山镇,龙泉驿区,township,2021\n", encoding="utf-8")
    p = run(str(batch), "--out", str(tmp_path / "out"), "--manifest", str(man), "--jobs", "1", "--no-progress")
    assert p.returncode == 0, p.stderr
    row = json.loads((tmp_path / "out" / "results.jsonl").read_text(encoding="utf-8"))
    assert row["county"] == "龙泉驿区"


def test_bad_manifest_is_one_line_exit_2(tmp_path):
    man = tmp_path / "m.csv"
    man.write_text("file,unit,colour\na.txt,x,red\n", encoding="utf-8")
    p = run(str(SEEDS), "--out", str(tmp_path / "out"), "--manifest", str(man), "--no-progress")
    assert p.returncode == 2 and "colour" in p.stderr and len(p.stderr.strip().splitlines()) == 1


def test_baseline_shows_newly_met_lost_and_still_missing(tmp_path):
    last = tmp_path / "last"
    last.mkdir()
    shutil.copy(SEEDS / "002_f24fc2990dbe03d0.txt", last / "a.txt")
    assert run(str(last), "--out", str(tmp_path / "o1"), "--jobs", "1", "--no-progress").returncode == 0
    now = tmp_path / "now"
    now.mkdir()
    text = (SEEDS / "002_f24fc2990dbe03d0.txt").read_text(encoding="utf-8")
    text = text.replace("聘用镇政府法律顾问1名,", "").replace("审查、起草各类合同文件10余份,并出具法律意见,参与化解行政争议6余次。", "")
    text = text.replace("严格履行行政负责人出庭应诉制度", "严格履行行政负责人出庭应诉制度,全年出庭应诉2次,出庭率100%,行政机关负责人出庭应诉")
    (now / "a.txt").write_text(text.replace("一、工作成效", "一、工作成效\n我镇全面落实行政执法公示制度。"), encoding="utf-8")
    p = run(str(now), "--out", str(tmp_path / "o2"), "--baseline", str(tmp_path / "o1" / "results.jsonl"),
            "--jobs", "1", "--no-progress")
    assert p.returncode == 0, p.stderr
    section = (tmp_path / "o2" / "index.html").read_text(encoding="utf-8").split('id="baseline"')[1].split("</section>")[0]
    row = re.sub(r"<[^>]+>", "|", section.split("城关镇")[1].split("</tr>")[0])
    cells = [c for c in row.split("|") if c.strip()]
    assert "落实行政执法三项制度（公示、全过程记录、法制审核）" in cells[0]  # newly met
    assert "本机关聘请法律顾问或配备公职律师并发挥作用" in cells[1]  # newly lost
    assert "行政规范性文件合法性审核" in cells[2]  # still missing


def test_one_and_two_jobs_give_the_same_results(tmp_path):
    outs = []
    for jobs in ("1", "2"):
        p = run(str(SEEDS), "--out", str(tmp_path / jobs), "--jobs", jobs, "--no-progress")
        assert p.returncode == 0, p.stderr
        rows = [json.loads(x) for x in (tmp_path / jobs / "results.jsonl").read_text(encoding="utf-8").splitlines()]
        outs.append(sorted((r["file"], r["score"], tuple(x["status"] for x in r["rules"])) for r in rows))
    assert outs[0] == outs[1]
    from openpyxl import load_workbook

    # with two jobs the spreadsheet is written beside the copy finder and the summary page
    sheets = [{ws.title: [[c.value for c in row] for row in ws.iter_rows()]
               for ws in load_workbook(tmp_path / j / "summary.xlsx")} for j in ("1", "2")]
    assert sheets[0] == sheets[1] and len(sheets[0]["单位×规则"]) == 2 + len(outs[0])


def test_no_reports_found_is_an_error(tmp_path):
    (tmp_path / "empty").mkdir()
    p = run(str(tmp_path / "empty"), "--out", str(tmp_path / "out"), "--no-progress")
    assert p.returncode == 2 and "没有找到" in p.stderr


def test_missing_path_becomes_an_error_row(tmp_path):
    p = run(str(SEEDS / "000_20c47740d8ca2b58.txt"), str(tmp_path / "nope.txt"), "--out", str(tmp_path / "out"),
            "--jobs", "1", "--no-progress")
    assert p.returncode == 4 and "nope.txt" in p.stderr
    assert (tmp_path / "out" / "index.html").exists()


def test_results_jsonl_names_rules_by_id_and_rules_json_holds_their_text_once(tmp_path):
    import json

    from scorer.summary import run_summary

    out = tmp_path / "out"
    run_summary([str(p) for p in sorted(SEEDS.glob("*.txt"))[:2]], out, jobs=1, progress=False)
    rows = [json.loads(line) for line in (out / "results.jsonl").read_text(encoding="utf-8").splitlines()]
    rules = json.loads((out / "rules.json").read_text(encoding="utf-8"))["rules"]
    first = rows[0]["rules"][0]
    assert set(first) == {"id", "status", "credit", "message", "criteria", "evidence", "near_misses", "waiver"}
    assert "basis" not in json.dumps(rows, ensure_ascii=False)
    assert rules[first["id"]]["advice"] and rules[first["id"]]["basis"]
    assert {r["id"] for r in rows[0]["rules"]} == set(rules)


def test_a_copied_clause_with_small_edits_counts_as_found_in_order():
    """Containment is the share of the shorter sentence found, in order, in the longer one."""
    from scorer.copies import containment

    shorter = "全面推行行政执法公示制度执法全过程记录制度重大执法决定法制审核制度"
    edited = "我镇全面落实行政执法公示制度、执法全过程记录制度和重大执法决定法制审核制度，规范执法行为"
    assert containment(shorter, edited) >= 0.9
    assert containment("聘请法律顾问为重大决策提供法律意见", "开展宪法宣传周活动发放资料五百份") < 0.3


def test_copies_found_in_a_child_process_are_the_ones_found_here():
    """find_apart runs the copy finder in a forked child, so that its working set is gone with the child."""
    import tempfile

    from scorer.copies import CopyIndex, find_apart, fingerprint_document
    from scorer.document_builder import read_document

    found = []
    for finder in (lambda idx, names: idx.find(names), find_apart):
        with tempfile.TemporaryDirectory() as tmp:
            idx = CopyIndex(tmp)
            names = {}
            for i, f in enumerate(sorted(SEEDS.glob("*.txt"))):
                doc = read_document(f)
                idx.add(i, *fingerprint_document(doc))
                names[i] = tuple(n for n in (doc.metadata.unit, doc.metadata.county) if n)
            found.append([p.members for p in finder(idx, names)])
    assert found[0] and found[0] == found[1]


def test_a_check_after_a_batch_gives_the_same_verdicts(tmp_path):
    """A batch loads jieba's whole dictionary and gives it back when scoring is over; what is checked in the
    same process afterwards (the web page, a script) is judged exactly as before."""
    import scorer
    from scorer.batch import PRELOAD_FROM
    from scorer import wordfreq

    text = "镇党委书记切实履行推进法治建设第一责任人职责，镇政府聘请律师事务所担任常年法律顾问。积极推进政府信息公开工作。"
    before = [(r.rule.id, r.status, r.credit) for r in scorer.check_text(text).rules]
    folder = tmp_path / "batch"
    folder.mkdir()
    seeds = sorted(SEEDS.glob("*.txt"))
    for i in range(PRELOAD_FROM):  # enough reports for the dictionary to be loaded into memory
        shutil.copy(seeds[i % len(seeds)], folder / f"{i:02d}.txt")
    from scorer.summary import run_summary

    run_summary([str(folder)], tmp_path / "out", jobs=1, progress=False)
    assert "lookup" not in wordfreq._cache  # given back
    assert [(r.rule.id, r.status, r.credit) for r in scorer.check_text(text).rules] == before


COPIED = "我镇建立健全驻村干部每周三驻点坐班制度，由镇司法所工作人员轮流到村开展矛盾纠纷排查调处和法律咨询服务"


def _copy_index(tmp, texts):
    from scorer.copies import CopyIndex, fingerprint_document
    from scorer.document_builder import parse_text

    idx = CopyIndex(tmp)
    for i, text in enumerate(texts):
        idx.add(i, *fingerprint_document(parse_text(text, f"{i}.txt")))
    return idx


def test_a_passage_shows_a_dozen_sentences_one_per_report_first_and_counts_the_rest(tmp_path):
    from scorer.copies import SHOWN

    own = ["今年共办理行政复议案件三件，均在法定期限内办结。", "全年组织干部职工学法四次，考试合格率百分之百。"]
    texts = ["。".join([own[i % 2]] + [f"{COPIED}（第{k}次）" for k in range(4)]) + "。" for i in range(4)]
    (passage,) = _copy_index(tmp_path, texts).find()
    assert passage.reports == {0, 1, 2, 3} and passage.sentences == 16
    assert len(passage.members) == SHOWN == 12
    assert {r for r, _ in passage.members} == {0, 1, 2, 3}


def test_a_passage_without_a_report_drops_its_sentences_and_its_count():
    from scorer.copies import Passage

    p = Passage(members=[(0, "甲"), (1, "乙"), (2, "丙")], reports={0, 1, 2, 3}, sentences=5)
    q = p.without({1})
    assert q.members == [(0, "甲"), (2, "丙")] and q.reports == {0, 2, 3} and q.sentences == 4


CHAIN = ("坚持把法治政府建设摆在全局工作的突出位置统筹推进依法行政各项任务落实定期听取司法所工作汇报研究解决执法规范化"
         "建设中的困难问题组织执法人员参加专业法律知识培训考试全面梳理镇级权责清单并在政务服务中心公开办事指南优化审批流程"
         "压缩办理时限切实保障群众合法权益不断提升基层治理法治化水平")


def test_copies_chained_across_more_reports_than_a_template_may_reach_are_template_text(tmp_path):
    """Each report shares three quarters of its sentence with the next (a window sliding along one text): every pair
    of neighbours is a copy, but the chain reaches all ten reports, beyond what a template fingerprint may (four)."""
    windows = [CHAIN[10 * i:10 * i + 40] for i in range(10)]
    assert len(set(windows)) == 10 and all(len(w) == 40 for w in windows)
    assert _copy_index(tmp_path / "ten", [w + "。" for w in windows]).find() == []
    (few,) = _copy_index(tmp_path / "three", [w + "。" for w in windows[:3]]).find()
    assert few.reports == {0, 1, 2}

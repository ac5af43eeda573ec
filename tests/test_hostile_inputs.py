"""Hostile and careless inputs (issue 14): no hang, no traceback, no batch lost, no file overwritten.

Every case runs the real command in a subprocess. Cases that used to hang or take minutes get a
generous timeout (120 s, so machine noise cannot fail them); a hang shows as TimeoutExpired.
Inputs are compared byte for byte (md5) before and after.
"""
from __future__ import annotations

import csv
import fcntl
import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import SEEDS
from formats import crafted_docx, numbering_xml, para_xml, styles_xml

SEED = SEEDS / "002_f24fc2990dbe03d0.txt"
LIMIT = 120  # seconds; the fixed cases take one or two


def scorer(*args, cwd=None, timeout=LIMIT, **kw):
    env = dict(os.environ, PYTHONIOENCODING="utf-8", FZZF_SCORER_NO_CACHE="1")
    return subprocess.run([sys.executable, "-m", "scorer", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env=env, timeout=timeout, errors="replace", **kw)


def md5(path: Path) -> str:
    return hashlib.md5(Path(path).read_bytes()).hexdigest()


def one_line(p, code: int, *needles: str) -> str:
    """Exactly one line on stderr holding every needle, the given exit code, no traceback."""
    assert p.returncode == code, (p.returncode, p.stderr[-2000:])
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in p.stderr, p.stderr[-2000:]
    for n in needles:
        assert n in lines[0], lines[0]
    return lines[0]


def batch(folder: Path, n: int = 5) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for f in sorted(SEEDS.glob("*.txt"))[:n]:
        shutil.copy(f, folder / f.name)
    return folder


def csv_rows(out: Path) -> list[dict[str, str]]:
    with open(out / "summary.csv", encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


# --- 1. a batch survives anything one file does ---------------------------------------------

def test_a_file_name_that_is_not_utf8_is_scored_and_shown_escaped(tmp_path):
    reports = batch(tmp_path / "in")
    gbk = os.path.join(os.fsencode(reports), "报告".encode("gbk") + b".txt")  # unpacked from a Windows zip
    with open(gbk, "wb") as fh:
        fh.write(SEED.read_bytes())
    p = scorer("summary", reports, "--out", tmp_path / "out", "--no-progress")
    assert p.returncode == 0 and "Traceback" not in p.stderr, p.stderr
    out = tmp_path / "out"
    assert len((out / "results.jsonl").read_text(encoding="utf-8").splitlines()) == 6
    shown = "\\xb1\\xa8\\xb8\\xe6.txt"
    assert any(r["file"].endswith(shown) for r in csv_rows(out))
    assert shown in (out / "index.html").read_text(encoding="utf-8")


def test_control_and_bidi_characters_in_file_names_never_reach_terminal_html_or_csv(tmp_path):
    reports = batch(tmp_path / "in", 2)
    (reports / "清单\x1b[2J\u202etxt.exe.txt").write_bytes(b"")  # an empty file: an error row, printed
    shutil.copy(SEED, reports / "镇\x07\u2066报告.txt")
    p = scorer("summary", reports, "--out", tmp_path / "out", "--no-progress")
    assert p.returncode == 4, p.stderr
    out = tmp_path / "out"
    written = [p.stdout, p.stderr, (out / "index.html").read_text(encoding="utf-8"),
               (out / "summary.csv").read_text(encoding="utf-8-sig"),
               (out / "results.jsonl").read_text(encoding="utf-8")]
    for text in written:
        assert not any(ch in text for ch in "\x1b\x07\u202e\u2066")
    assert "清单\\x1b[2J\\u202etxt.exe.txt" in p.stderr and "为空" in p.stderr


def test_spreadsheet_cells_from_names_are_never_formulas(tmp_path):
    from openpyxl import load_workbook

    reports = batch(tmp_path / "in", 1)
    shutil.copy(SEED, reports / '=HYPERLINK("x.example","点我").txt')
    (reports / "@SUM(1+1).txt").write_bytes(b"")
    man = tmp_path / "m.csv"
    with open(man, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["file", "unit"], ['=HYPERLINK("x.example","点我").txt', "=1+2"]])
    p = scorer("summary", *sorted(os.listdir(reports)), "--out", tmp_path / "out", "--manifest", man, "--no-progress",
               cwd=reports)  # relative names: the file column starts with = and @
    assert p.returncode == 4, p.stderr
    out = tmp_path / "out"
    rows = csv_rows(out)
    assert {r["file"] for r in rows} >= {"'@SUM(1+1).txt", "'=HYPERLINK(\"x.example\",\"点我\").txt"}
    assert "'=1+2" in {r["unit"] for r in rows}
    wb = load_workbook(out / "summary.xlsx")
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (ws.title, cell.coordinate, cell.value)


@pytest.mark.parametrize("content, needle", [
    ("file,unit,year\na.txt,城关镇,2023,多出的一列\n", ":2: 这一行有 4 列"),
    ("file,year\na.txt,²⁰²³\n", ":2: year 应为四位年份"),
    ("file,unit\na.txt,城关\x00镇\n", ":2: 清单含有 NUL"),
    ("file,unit\na.txt,城关\u202e镇\n", ":2: unit 含有控制字符"),
    ("file,unit\na.txt," + "\U00020000" * 90 + "\n", ":2: unit 超过 40 个字"),
    ("file,unit,county,level,year\na.txt,城关镇,高台县,township,2023\n", ""),  # a good manifest is accepted
])
def test_bad_manifest_rows_are_one_line_errors_with_file_and_line(tmp_path, content, needle):
    reports = batch(tmp_path / "in", 1)
    man = tmp_path / "manifest.csv"
    man.write_text(content, encoding="utf-8")
    before = md5(man)
    p = scorer("summary", reports, "--out", tmp_path / "out", "--manifest", man, "--no-progress")
    if needle:
        one_line(p, 2, f"{man}{needle}")
        assert not (tmp_path / "out").exists()
    else:
        assert p.returncode == 0, p.stderr
    assert md5(man) == before


def test_report_names_follow_input_order_not_worker_timing(tmp_path):
    reports = tmp_path / "in"
    reports.mkdir()
    text = SEED.read_text(encoding="utf-8")
    for i, name in enumerate(["a.txt", "b.txt", "c.txt"]):  # one unit and year, three different texts
        (reports / name).write_text(text + f"\n附：第{i + 1}稿。\n", encoding="utf-8")
    for run in ("out1", "out2"):
        p = scorer("summary", reports, "--out", tmp_path / run, "--jobs", "2", "--no-progress")
        assert p.returncode == 0, p.stderr
        names = {Path(r["file"]).name: r["report"] for r in csv_rows(tmp_path / run)}
        assert names == {"a.txt": "reports/城关镇-2023.html", "b.txt": "reports/城关镇-2023-2.html",
                         "c.txt": "reports/城关镇-2023-3.html"}


def test_fifo_and_dangling_symlink_in_a_folder_become_error_rows(tmp_path):
    reports = batch(tmp_path / "in", 2)
    os.mkfifo(reports / "管道.txt")
    os.symlink(tmp_path / "gone.txt", reports / "断链.txt")
    p = scorer("summary", reports, "--out", tmp_path / "out", "--no-progress")
    assert p.returncode == 4 and "Traceback" not in p.stderr, p.stderr
    errors = {Path(r["file"]).name: r["error"] for r in csv_rows(tmp_path / "out") if r["error"]}
    assert "FIFO" in errors["管道.txt"] and "符号链接" in errors["断链.txt"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any folder; checked by hand as a normal user")
def test_unreadable_subfolder_becomes_an_error_row(tmp_path):
    reports = batch(tmp_path / "in", 2)
    locked = reports / "锁住"
    locked.mkdir()
    locked.chmod(0)
    try:
        p = scorer("summary", reports, "--out", tmp_path / "out", "--no-progress")
    finally:
        locked.chmod(0o755)
    assert p.returncode == 4 and "锁住" in p.stderr and "无法读取文件夹" in p.stderr


def _children(pid: int) -> list[int]:
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                out.append(int(entry))
    return out


@pytest.mark.skipif((os.cpu_count() or 1) < 2 or not os.path.isdir("/proc"), reason="needs two cores and /proc")
def test_a_worker_killed_mid_batch_costs_no_report(tmp_path):
    reports = tmp_path / "in"
    reports.mkdir()
    for i in range(6):
        for f in SEEDS.glob("*.txt"):
            shutil.copy(f, reports / f"{i}-{f.name}")
    env = dict(os.environ, PYTHONIOENCODING="utf-8", FZZF_SCORER_NO_CACHE="1")
    proc = subprocess.Popen([sys.executable, "-m", "scorer", "summary", str(reports), "--out", str(tmp_path / "out"),
                             "--jobs", "2", "--no-progress"], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env=env)
    killed = None
    deadline = time.time() + 60
    while killed is None and time.time() < deadline and proc.poll() is None:
        kids = _children(proc.pid)
        if kids:
            os.kill(kids[0], signal.SIGKILL)  # as the out-of-memory killer would
            killed = kids[0]
        time.sleep(0.05)
    stdout, stderr = proc.communicate(timeout=LIMIT)
    assert killed is not None
    assert proc.returncode == 0 and "Traceback" not in stderr, stderr
    assert "工作进程意外退出" in stderr
    assert len((tmp_path / "out" / "results.jsonl").read_text(encoding="utf-8").splitlines()) == 30
    assert (tmp_path / "out" / "index.html").is_file() and (tmp_path / "out" / "summary.xlsx").is_file()


def test_a_report_that_kills_its_worker_every_time_is_the_only_one_lost(tmp_path):
    """The out-of-memory killer, simulated: whatever process scores `fatal.txt` is killed with SIGKILL."""
    reports = batch(tmp_path / "in", 4)
    shutil.copy(SEED, reports / "fatal.txt")
    (tmp_path / "out" / "reports").mkdir(parents=True)
    script = f"""
import os, signal, sys
import scorer.batch as b
real = b.score_one
def score_one(job):
    if job.path.endswith("fatal.txt"):
        os.kill(os.getpid(), signal.SIGKILL)
    return real(job)
b.score_one = score_one
files, _ = b.discover([{str(reports)!r}])
jobs = [b.Job(i, f) for i, f in enumerate(files)]
notes = []
recs = list(b.run_jobs(jobs, None, None, {str(tmp_path / "out")!r}, 2, notes=notes))
for r in sorted(recs, key=lambda r: r.index):
    print(os.path.basename(r.file), r.ok, r.error)
print("NOTES", len(notes))
"""
    env = dict(os.environ, FZZF_SCORER_NO_CACHE="1", PYTHONIOENCODING="utf-8")
    p = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=LIMIT, env=env)
    assert p.returncode == 0, p.stderr
    rows = [ln.split(" ", 2) for ln in p.stdout.splitlines() if not ln.startswith("NOTES")]
    assert len(rows) == 5
    assert [r[0] for r in rows if r[1] == "False"] == ["fatal.txt"]
    assert "工作进程意外退出" in dict((r[0], r[2]) for r in rows)["fatal.txt"]
    assert "NOTES 0" not in p.stdout


# --- 2. bounded work --------------------------------------------------------------------------

def test_fifo_as_report_rulebook_or_waivers_is_refused_without_reading(tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)
    one_line(scorer("check", fifo, cwd=tmp_path), 2, str(fifo), "FIFO")
    one_line(scorer("check", SEED, "--rules", fifo, "--json", "-"), 3, str(fifo), "FIFO")
    one_line(scorer("check", SEED, "--waivers", fifo, "--json", "-"), 2, str(fifo), "FIFO")
    one_line(scorer("rules", "list", "--rules", fifo), 3, "FIFO")
    p = scorer("rules", "check", fifo)
    assert p.returncode == 3 and "FIFO" in p.stdout
    for opt in ("--manifest", "--baseline"):
        one_line(scorer("summary", SEED, "--out", tmp_path / "out", opt, fifo, "--no-progress"), 2, "FIFO")


def test_device_as_report_is_refused(tmp_path):
    one_line(scorer("check", "/dev/zero", "--json", "-"), 2, "/dev/zero", "设备")


DOCX_TITLE = "青山镇2023年法治政府建设情况报告"


def _docx(tmp_path, name, body, numbering=None, styles=None):
    return crafted_docx(tmp_path / name, [para_xml(DOCX_TITLE)] + body, numbering, styles)


def test_docx_style_based_on_itself_or_a_loop_is_read(tmp_path):
    body = [para_xml("主要举措和成效", style="A"), para_xml("聘请常年法律顾问1名，审查合同12份。"),
            para_xml("存在的不足和原因", num=("1", "0")), para_xml("执法人员偏少。")]
    for name, based, heads in (("self.docx", {"A": "A"}, ["一、存在的不足和原因"]),
                               ("loop.docx", {"A": "B", "B": "C", "C": "A"}, ["一、主要举措和成效", "二、存在的不足和原因"])):
        f = _docx(tmp_path, name, body, numbering_xml(), styles_xml(based, numbered="B"))  # B carries the numbering
        p = scorer("check", f, "--json", "-")
        assert p.returncode == 0 and "Traceback" not in p.stderr, p.stderr
        assert all(h in p.stdout for h in heads), name


def test_docx_numbering_starting_at_ten_to_the_thirteenth_in_roman_numerals_is_read(tmp_path):
    f = _docx(tmp_path, "roman.docx", [para_xml("主要举措和成效", num=("1", "0")), para_xml("聘请法律顾问1名。")],
              numbering_xml("upperRoman", start=str(10 ** 13), text="%1."))
    p = scorer("check", f, "--json", "-")
    assert p.returncode == 0, p.stderr


@pytest.mark.parametrize("num, numbering", [
    (("1", "0"), numbering_xml(start="一")),
    (("1", "1.5"), numbering_xml()),
    (("1", "0"), numbering_xml(ilvl="x")),
])
def test_docx_with_non_integer_numbering_attributes_is_a_one_line_error(tmp_path, num, numbering):
    f = _docx(tmp_path, "bad.docx", [para_xml("主要举措和成效", num=num), para_xml("聘请法律顾问1名。")], numbering)
    one_line(scorer("check", f, "--json", "-"), 2, str(f), "Word 文档无法解析")


LOCAL = """extends: fzzf-2021
rulebook: {{id: local-test, version: "1", title: 本地规则}}
parts:
  - {{id: local, title: 本县要求}}
rules:
  - id: local.rule
    title: 本地规则
    part: local
    match: {{regex: '{rx}'}}
    basis: [{{doc: 《某文件》, status: 待核}}]
    advice: 写明。
    examples:
      met: [法治b]
      missing: [没有。]
"""


def test_catastrophic_regex_is_rejected_by_rules_check_and_loading(tmp_path):
    rb = tmp_path / "local.yaml"
    rb.write_text(LOCAL.format(rx="(a+)+b"), encoding="utf-8")
    p = scorer("rules", "check", rb)
    assert p.returncode == 3 and f"{rb}:9: regex:" in p.stdout and "(a+)+" in p.stdout, p.stdout
    one_line(scorer("check", SEED, "--rules", rb, "--json", "-"), 3, f"{rb}:9", "repeats a group")


def test_a_slow_regex_the_linter_cannot_see_stops_at_the_rule_time_limit_naming_the_rule(tmp_path):
    rb = tmp_path / "local.yaml"
    rb.write_text(LOCAL.format(rx="(法|法法)+治b"), encoding="utf-8")
    report = tmp_path / "r.txt"
    report.write_text(DOCX_TITLE + "\n一、主要举措和成效\n" + "法" * 40 + "治。推进法治b建设。\n", encoding="utf-8")
    p = scorer("check", report, "--rules", rb, "--json", "-", "--rule-time-limit", "1")
    one_line(p, 3, f"{rb}:6", "local.rule", "超过 1 秒")
    p = scorer("summary", report, "--out", tmp_path / "out", "--rules", rb, "--rule-time-limit", "1", "--no-progress")
    assert p.returncode == 4 and "local.rule" in p.stderr and (tmp_path / "out" / "index.html").is_file()


BILLION_LAUGHS = """rulebook: {id: lol, version: "1", title: lol}
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
parts: [*g, *g, *g, *g, *g, *g, *g, *g, *g]
rules: [*g, *g, *g, *g, *g, *g, *g, *g, *g]
"""


def test_yaml_aliases_are_refused_in_rulebooks_and_waivers(tmp_path):
    rb = tmp_path / "lol.yaml"
    rb.write_text(BILLION_LAUGHS, encoding="utf-8")
    one_line(scorer("rules", "list", "--rules", rb), 3, f"{rb}:3", "aliases")
    wv = tmp_path / "w.yaml"
    wv.write_text(BILLION_LAUGHS.replace("rulebook", "waivers"), encoding="utf-8")
    one_line(scorer("check", SEED, "--waivers", wv, "--json", "-"), 2, f"{wv}:3", "aliases")


def test_many_short_lines_are_read_in_linear_time(tmp_path):
    f = tmp_path / "lines.txt"
    f.write_text(DOCX_TITLE + "\n" + "\n".join(["加强法治宣传教育。", "组织学法培训3次。"] * 30000), encoding="utf-8")
    p = scorer("check", f, "--json", "-")  # 60k lines: 49 s before the fix, about 3 s after
    assert p.returncode == 0, p.stderr


def test_html_with_many_unmatched_closing_tags_is_read_in_linear_time(tmp_path):
    f = tmp_path / "page.html"
    f.write_text("<html><body>" + "<div>" * 1000 + "<p>" + DOCX_TITLE + "</p><p>聘请法律顾问1名。</p>"
                 + "</span>" * 80000 + "</body></html>", encoding="utf-8")
    p = scorer("check", f, "--json", "-")  # 194 s before the fix
    assert p.returncode == 0, p.stderr


def test_a_hundred_thousand_paragraph_docx_is_read(tmp_path):
    f = _docx(tmp_path, "long.docx", [para_xml("加强法治宣传教育。")] * 100000)
    p = scorer("check", f, "--json", "-")  # 266 s before the fix, about 13 s after
    assert p.returncode == 0, p.stderr


def test_jobs_beyond_the_cores_are_capped(tmp_path):
    p = scorer("summary", SEED, "--out", tmp_path / "out", "--jobs", "100000", "--no-progress")
    assert p.returncode == 0 and "超过 CPU 核数" in p.stderr and "Traceback" not in p.stderr


# --- 3. every sidecar file and numeric option validated -----------------------------------

WAIVER = """waivers:
  - unit: 城关镇
    rule: {rule}
    justification: 执法权尚未下放
    approved_by: 县委依法治县办
    expires: {expires}
"""


@pytest.mark.parametrize("rule, expires, needle", [
    ("enforcement.three-systems", "2025-12-31 10:00:00", ":6: expires 应为日期（不带时刻）"),
    ("[x]", "2025-12-31", ":3: rule 应为一段文字"),
    ("{a: 1}", "2025-12-31", ":3: rule 应为一段文字"),
    ("enforcement.three-systems", "[2025]", ":6: expires 应为日期"),
    ("enforcement.three-systems", "'2025-13-01'", ":6: expires 应为日期"),
])
def test_bad_waivers_are_one_line_errors_with_file_and_line(tmp_path, rule, expires, needle):
    wv = tmp_path / "waivers.yaml"
    wv.write_text(WAIVER.format(rule=rule, expires=expires), encoding="utf-8")
    one_line(scorer("check", SEED, "--waivers", wv, "--json", "-"), 2, f"{wv}{needle}")


GOOD_ROW = '{"unit": "城关镇", "rules": [{"id": "decision.legal-adviser", "status": "met"}]}'


@pytest.mark.parametrize("content, needle", [
    ('{"unit": "城关镇'.encode("utf-8")[:-1] + b"\n", ":1: 不是 UTF-8"),  # cut mid-character
    (b"[1, 2]\n", ":1: 不是有效的结果行"),
    (GOOD_ROW.encode() + b"\n" + b'{"unit": "x", "rules": {"a": 1}}\n', ":2: rules 应为列表"),
    (b'{"unit": ["x"], "rules": []}\n', ":1: unit 应为文字"),
    (b'{"unit": "x", "rules": ["decision"]}\n', ":1: rules 中每一项"),
    (b'{"unit": "x", "rules": [{"id": "a.b"}]}\n', ":1: 规则 a.b 的 status"),
    (b"[" * 100000 + b"]" * 100000 + b"\n", ":1: "),
    (b"not json\n", ":1: 不是有效的 JSON"),
])
def test_bad_baselines_are_one_line_errors_with_file_and_line(tmp_path, content, needle):
    base = tmp_path / "results.jsonl"
    base.write_bytes(content)
    one_line(scorer("summary", SEED, "--out", tmp_path / "out", "--baseline", base, "--no-progress"), 2,
             f"{base}{needle}")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("extra, needle", [
    ("disable: [[1]]\n", ":1: disable: disable 应为规则编号的列表 (disable takes a list of rule ids"),
    ("disable: [{a: 1}]\n", "disable takes a list of rule ids"),
])
def test_bad_rulebook_shapes_are_one_line_errors(tmp_path, extra, needle):
    rb = tmp_path / "local.yaml"
    rb.write_text(extra + LOCAL.format(rx="法治b"), encoding="utf-8")
    one_line(scorer("rules", "list", "--rules", rb), 3, f"{rb}", needle)


@pytest.mark.parametrize("rx, needle", [("法{4294967296}", ":9: regex: 正则表达式 '法{4294967296}' 写错了 (bad regular expression"),
                                        ("a" * 3000, ":9: regex: 正则表达式超过 2000 个字符 (regular expression longer")])
def test_oversized_regex_repeats_are_rulebook_errors(tmp_path, rx, needle):
    rb = tmp_path / "local.yaml"
    rb.write_text(LOCAL.format(rx=rx), encoding="utf-8")
    one_line(scorer("rules", "list", "--rules", rb), 3, f"{rb}{needle}")


@pytest.mark.parametrize("depth, needle", [(100, "nested more than 40 levels"), (100000, "nesting depth")])
def test_deeply_nested_rulebook_is_a_one_line_error(tmp_path, depth, needle):
    rb = tmp_path / "deep.yaml"
    rb.write_text("rulebook: {id: d, version: '1', title: d}\nparts: " + "[" * depth + "]" * depth + "\n",
                  encoding="utf-8")
    one_line(scorer("rules", "list", "--rules", rb), 3, f"{rb}:2", needle)


@pytest.mark.parametrize("option, value", [("--max-size", "nan"), ("--max-size", "inf"), ("--max-size", "1e308"),
                                           ("--max-size", "-1"), ("--fail-under", "nan"), ("--fail-under", "101"),
                                           ("--rule-time-limit", "0"), ("--rule-time-limit", "abc")])
def test_numeric_options_are_validated(option, value):
    one_line(scorer("check", SEED, "--json", "-", option, value), 2, option, repr(value))


def test_jobs_must_be_a_positive_whole_number(tmp_path):
    for value in ("0", "1.5", "nan"):
        one_line(scorer("summary", SEED, "--out", tmp_path / "out", "--jobs", value), 2, "--jobs")


# --- 4. outputs never destroy anything -------------------------------------------------------

def test_check_refuses_to_write_over_its_input(tmp_path):
    report = tmp_path / "v.txt"
    shutil.copy(SEED, report)
    before = md5(report)
    for opt in ("--html", "--json"):
        one_line(scorer("check", report, opt, report, cwd=tmp_path), 2, "输入文件")
        one_line(scorer("check", report, opt, "./v.txt", cwd=tmp_path), 2, "输入文件")
    os.link(report, tmp_path / "same-inode.html")
    one_line(scorer("check", report, "--html", tmp_path / "same-inode.html"), 2, "输入文件")
    wv = tmp_path / "w.yaml"
    wv.write_text("waivers: []\n", encoding="utf-8")
    one_line(scorer("check", report, "--waivers", wv, "--json", wv), 2, "输入文件")
    assert md5(report) == before and wv.read_text(encoding="utf-8") == "waivers: []\n"


def test_check_refuses_symlinks_devices_and_fifos_as_outputs(tmp_path):
    target = tmp_path / "target.html"
    target.write_text("keep", encoding="utf-8")
    link = tmp_path / "link.html"
    link.symlink_to(target)
    fifo = tmp_path / "pipe.json"
    os.mkfifo(fifo)
    one_line(scorer("check", SEED, "--html", link), 2, "符号链接")
    one_line(scorer("check", SEED, "--json", "/dev/null"), 2, "/dev/null", "设备")
    one_line(scorer("check", SEED, "--json", fifo), 2, "FIFO")
    assert target.read_text(encoding="utf-8") == "keep" and link.is_symlink()
    assert Path("/dev/null").is_char_device()


def test_check_writes_all_outputs_or_none(tmp_path):
    one_line(scorer("check", SEED, "--html", tmp_path / "ok.html", "--json", tmp_path / "nodir" / "x.json"), 2,
             "不存在")
    one_line(scorer("check", SEED, "--html", tmp_path / "same", "--json", tmp_path / "same"), 2, "同一个文件")
    assert os.listdir(tmp_path) == []


def test_check_to_an_unwritable_place_is_one_line(tmp_path):
    one_line(scorer("check", SEED, "--html", "/proc/scorer-test.html"), 2, "/proc/scorer-test.html")


def test_summary_refuses_an_out_that_holds_its_inputs(tmp_path):
    prev = tmp_path / "prev"
    assert scorer("summary", batch(tmp_path / "in", 2), "--out", prev, "--no-progress").returncode == 0
    before = {p: md5(p) for p in prev.rglob("*") if p.is_file()}
    one_line(scorer("summary", prev / "reports", "--out", prev, "--no-progress"), 2, "在输出目录之内")
    assert {p: md5(p) for p in prev.rglob("*") if p.is_file()} == before


def test_summary_refuses_an_out_inside_an_input_folder(tmp_path):
    reports = batch(tmp_path / "in", 2)
    one_line(scorer("summary", reports, "--out", reports / "汇总", "--no-progress"), 2, "输入文件夹")
    assert not (reports / "汇总").exists()


def test_summary_refuses_a_folder_it_did_not_write(tmp_path):
    out = tmp_path / "out"
    (out / ".work").mkdir(parents=True)
    (out / ".work" / "mine.txt").write_text("keep", encoding="utf-8")
    one_line(scorer("summary", SEED, "--out", out, "--no-progress"), 2, "不是本工具写出的汇总")
    assert (out / ".work" / "mine.txt").read_text(encoding="utf-8") == "keep"
    link = tmp_path / "link"
    link.symlink_to(out)
    one_line(scorer("summary", SEED, "--out", link, "--no-progress"), 2, "符号链接")


def test_summary_replaces_its_own_earlier_output_but_not_a_file_added_to_it(tmp_path):
    out = tmp_path / "out"
    assert scorer("summary", SEED, "--out", out, "--no-progress").returncode == 0
    assert scorer("summary", SEED, SEEDS / "003_a85474dd8e8b2607.txt", "--out", out, "--no-progress").returncode == 0
    assert len((out / "results.jsonl").read_text(encoding="utf-8").splitlines()) == 2
    mask = os.umask(0)
    os.umask(mask)
    assert out.stat().st_mode & 0o777 == 0o777 & ~mask  # built in a private temporary folder, given the usual mode
    (out / "笔记.txt").write_text("mine", encoding="utf-8")
    one_line(scorer("summary", SEED, "--out", out, "--no-progress"), 2, "笔记.txt")
    assert (out / "笔记.txt").read_text(encoding="utf-8") == "mine"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_two_runs_cannot_share_an_out(tmp_path):
    out = tmp_path / "out"
    with open(tmp_path / ".out.lock", "w") as lock:  # another run holds the lock
        fcntl.flock(lock, fcntl.LOCK_EX)
        one_line(scorer("summary", SEED, "--out", out, "--no-progress"), 2, "另一个 scorer summary")
    assert not out.exists()


def test_summary_to_an_unwritable_place_is_one_line(tmp_path):
    one_line(scorer("summary", SEED, "--out", "/proc/scorer-test", "--no-progress"), 2, "/proc/scorer-test")


# --- interrupts -----------------------------------------------------------------------------------

@pytest.mark.parametrize("how", ["SIGTERM", "SIGINT to the process group"])
def test_an_interrupted_summary_removes_its_temporaries_says_so_and_keeps_the_previous_output(tmp_path, how):
    reports = tmp_path / "in"
    reports.mkdir()
    for i in range(8):
        for f in SEEDS.glob("*.txt"):
            shutil.copy(f, reports / f"{i}-{f.name}")
    out = tmp_path / "out"
    assert scorer("summary", SEED, "--out", out, "--no-progress").returncode == 0
    before = {p: md5(p) for p in out.rglob("*") if p.is_file()}
    env = dict(os.environ, PYTHONIOENCODING="utf-8", FZZF_SCORER_NO_CACHE="1")
    proc = subprocess.Popen([sys.executable, "-m", "scorer", "summary", str(reports), "--out", str(out), "--jobs", "2",
                             "--no-progress"], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
                            start_new_session=True)
    deadline = time.time() + 60
    while time.time() < deadline and not list(tmp_path.glob(".out.building-*/reports/*.html")):
        time.sleep(0.05)  # interrupt once reports are being written
    if how == "SIGTERM":
        proc.send_signal(signal.SIGTERM)
    else:
        os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C in a terminal reaches the workers too
    _, stderr = proc.communicate(timeout=LIMIT)
    assert proc.returncode == 130, stderr
    assert "已中断" in stderr and "Traceback" not in stderr and "KeyboardInterrupt" not in stderr, stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in", "out"]  # no temporary folder, no lock
    assert {p: md5(p) for p in out.rglob("*") if p.is_file()} == before


def test_a_list_item_of_the_wrong_shape_is_reported_at_its_own_line(tmp_path):
    rb = tmp_path / "local.yaml"
    rb.write_text(LOCAL.format(rx="法治b").replace("parts:\n  - {id: local, title: 本县要求}",
                                                   "parts:\n  - {id: local, title: 本县要求}\n  - 只写了一个词"),
                  encoding="utf-8")
    one_line(scorer("rules", "list", "--rules", rb), 3, f"{rb}:5: 部分 应为键值对（mapping） (part must be a mapping)")

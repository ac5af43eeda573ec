"""The local web page (`scorer serve`) over HTTP, with Starlette's test client."""
from __future__ import annotations

import io
import re
import time
import zipfile
from pathlib import Path

import pytest

pytest.importorskip("httpx2")
from starlette.testclient import TestClient  # noqa: E402

import scorer  # noqa: E402
from conftest import SEEDS  # noqa: E402
from formats import CHROMIUM, to_docx, to_html, to_pdf  # noqa: E402
from scorer.web.app import Settings, create_app  # noqa: E402
from scorer.web.uploads import Limits  # noqa: E402

SEED = SEEDS / "002_f24fc2990dbe03d0.txt"  # 城关镇, a township, 2023
TOWNSHIP_ONLY_NA = "decision.decision-catalogue"  # applies to county governments and departments only
LOCAL = "http://127.0.0.1"


def statuses(page: str) -> dict[str, str]:
    """Each rule's verdict as the page shows it (gap cards and the one-line rules alike)."""
    return {rid: st for st, rid in re.findall(r'<article class="rule (?:line )?st-b-(\w+)" id="rule-([\w.-]+)"', page)}


def score_of(page: str) -> float:
    return float(re.search(r"data-score>([\d.]+)<", page).group(1))


def alerts(page: str) -> list[str]:
    return re.findall(r'<p class="alert" role="alert">([^<]*)</p>', page)


def private_files(app) -> list[Path]:
    root = app.state.runtime["root"]
    return [p for p in root.rglob("*")]


@pytest.fixture(scope="module")
def app():
    return create_app(Settings(workers=1))


@pytest.fixture(scope="module")
def client(app):
    with TestClient(app, base_url=LOCAL) as c:
        yield c


@pytest.fixture(scope="module")
def strict():
    """A server with tiny limits and no time to score: for the refusals."""
    app = create_app(Settings(workers=1, check_timeout=0.001,
                              limits=Limits(per_file=64 * 1024, total=1024 * 1024, files=5)))
    with TestClient(app, base_url=LOCAL) as c:
        yield app, c


def upload(client, path: Path, name: str | None = None, **fields):
    return client.post("/check", files={"file": (name or path.name, path.read_bytes())}, data=fields)


def expected(path: Path, shown: bool = True):
    """`scorer check`'s verdicts: as every page shows them (an optional item left out: optional), or as its JSON."""
    result = scorer.check_file(path)
    return {r.id: r.shown if shown else r.status for r in result.rules}, result.score


@pytest.fixture(scope="module")
def drafts(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("drafts")
    text = SEED.read_text(encoding="utf-8")
    out = {"txt": SEED, "docx": to_docx(text, tmp / "城关镇.docx"), "html": to_html(text, tmp / "城关镇.html")}
    if CHROMIUM:
        out["pdf"] = to_pdf(text, tmp / "城关镇.pdf", tmp)
    return out


@pytest.mark.parametrize("fmt", ["txt", "docx", "html", "pdf"])
def test_each_format_uploaded_gets_the_verdicts_of_scorer_check(client, drafts, fmt):
    if fmt not in drafts:
        pytest.skip("headless Chromium is needed to print the PDF")
    r = upload(client, drafts[fmt])
    assert r.status_code == 200, alerts(r.text)
    want, score = expected(drafts[fmt])
    assert statuses(r.text) == want
    assert score_of(r.text) == pytest.approx(round(score, 1))


def carried(page: str) -> dict[str, str]:
    """The result page's form: the text it carries back and the applied unit, level and year."""
    form = re.search(r'<form[^>]*id="carry">(.*?)</form>', page, re.S).group(1)
    fields = dict(re.findall(r'<input type="hidden" name="(\w+)" value="([^"]*)"', form))
    fields.update(re.findall(r'<input type="text" name="(\w+)"[^>]*value="([^"]*)"', form))
    fields["level"] = re.search(r'<option value="(\w*)" selected>', form).group(1)
    return fields


def test_the_downloads_are_made_from_the_text_the_page_carries(client):
    import json

    fields = carried(upload(client, SEED).text)
    got = client.post("/check", data={**fields, "as": "json"}, files={"file": ("", b"")})
    assert got.headers["content-disposition"] == "attachment; filename*=UTF-8''002_f24fc2990dbe03d0.json"
    assert {x["id"]: x["status"] for x in json.loads(got.text)["rules"]} == expected(SEED, shown=False)[0]
    got = client.post("/check", data={**fields, "as": "html"}, files={"file": ("", b"")})
    assert got.headers["content-disposition"].endswith("002_f24fc2990dbe03d0.gap.html")
    assert statuses(got.text) == expected(SEED)[0] and "检查结果" not in got.text  # the plain gap report


def test_the_word_downloads_are_the_rectification_list_and_the_annotated_draft(client):
    import io

    import docx

    result = scorer.check_file(SEED)
    fields = carried(upload(client, SEED).text)
    got = client.post("/check", data={**fields, "as": "rectify"}, files={"file": ("", b"")})
    assert got.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument")
    assert got.headers["content-disposition"].endswith(".docx")
    table = docx.Document(io.BytesIO(got.content)).tables[0]
    assert len(table.rows) - 1 == sum(1 for r in result.rules if r.status in ("partial", "planned", "missing"))
    got = client.post("/check", data={**fields, "as": "annotate"}, files={"file": ("", b"")})
    annotated = docx.Document(io.BytesIO(got.content))
    assert annotated.paragraphs[0].text.strip() == result.document.metadata.title
    from scorer.word_annotate import comments

    assert len(list(annotated.comments)) == len(list(comments(result, False)))  # as `check --annotate` places them


def test_gaps_are_listed_first_with_missing_ones_at_the_top(client):
    r = upload(client, SEED)
    gap_list = re.search(r'<ol class="gaps">(.*?)</ol>', r.text, re.S).group(1)
    kinds = re.findall(r'badge st-(\w+)', gap_list)
    want = expected(SEED)[0]
    assert sorted(kinds) == sorted(s for s in want.values() if s in ("missing", "planned", "partial"))
    assert kinds == sorted(kinds, key=["missing", "planned", "partial"].index)
    assert r.text.index('class="gaps"') < r.text.index('id="statutory"')


def test_detected_unit_level_and_year_are_shown(client):
    r = upload(client, SEED)
    assert "单位 城关镇 · 层级 乡镇（街道） · 年度 2023" in r.text


def test_correcting_the_level_changes_which_rules_apply(client):
    first = upload(client, SEED)
    assert statuses(first.text)[TOWNSHIP_ONLY_NA] == "na"
    fields = carried(first.text)
    assert (fields["unit"], fields["level"], fields["year"]) == ("城关镇", "township", "2023")
    again = client.post("/check", data={**fields, "level": "county"}, files={"file": ("", b"")})
    assert again.status_code == 200, alerts(again.text)
    assert statuses(again.text)[TOWNSHIP_ONLY_NA] != "na"
    assert "已按您的更正重新评分" in again.text
    assert '<option value="county" selected>' in again.text


def test_corrected_metadata_given_with_the_upload_is_applied(client):
    r = upload(client, SEED, level="department", year="2023")
    assert r.status_code == 200
    assert statuses(r.text)["enforcement.comprehensive-team"] == "na"  # townships and counties only


def test_an_impossible_year_is_a_message_not_a_score(client):
    r = upload(client, SEED, year="²⁰²³")
    assert r.status_code == 400
    assert alerts(r.text) == ["报告年度应为四位年份（阿拉伯数字），如 2023"]


def test_a_bad_file_becomes_a_message_naming_it(client, tmp_path):
    bad = tmp_path / "损坏的报告.docx"
    bad.write_bytes(b"PK\x03\x04" + b"\x00garbage" * 50)
    r = upload(client, bad)
    assert r.status_code == 400
    assert alerts(r.text) == ["损坏的报告.docx：Word 文档已损坏，无法打开 (corrupt .docx / zip)"]


def test_an_old_word_file_says_how_to_fix_it(client, tmp_path):
    old = tmp_path / "报告.doc"
    old.write_bytes(b"\xd0\xcf\x11\xe0" + b"\x00" * 600)
    r = upload(client, old)
    assert r.status_code == 400 and "另存为 .docx" in alerts(r.text)[0]


def test_an_oversize_file_is_refused_with_the_limit(strict, tmp_path):
    app, client = strict
    big = tmp_path / "很长的报告.txt"
    big.write_text("法治政府建设。" * 20000, encoding="utf-8")  # 420 KB, limit 64 KB
    r = upload(client, big)
    assert r.status_code == 400
    assert alerts(r.text) == ["很长的报告.txt：文件超过单个文件上限 64 KB，未处理 (file too large)"]
    assert private_files(app) == []


def test_an_upload_over_the_total_limit_is_refused_before_reading_it(strict):
    app, client = strict
    r = client.post("/check", files={"file": ("a.txt", b"x" * (3 * 1024 * 1024))})
    assert r.status_code == 413
    assert "超过单次上限 1 MB" in alerts(r.text)[0]


def test_a_draft_that_cannot_be_scored_in_time_gets_a_clear_message(strict):
    app, client = strict
    r = upload(client, SEED)
    assert r.status_code == 504
    assert "仍未完成，已放弃" in alerts(r.text)[0]


def test_no_upload_is_left_on_disk_after_a_check(app, client, drafts):
    for path in drafts.values():
        upload(client, path)
    assert private_files(app) == []


def test_uploads_go_only_into_a_private_folder(app):
    root = app.state.runtime["root"]
    assert root.stat().st_mode & 0o777 == 0o700


def test_every_page_has_a_content_security_policy_and_loads_nothing_from_elsewhere(client):
    for path in ("/", "/summary", "/rules"):
        r = client.get(path)
        assert "default-src 'none'" in r.headers["content-security-policy"]
        assert not re.search(r'(?:src|href)="(?:https?:)?//', r.text)
    assert client.get("/static/web.js").status_code == 200


def test_the_rulebook_page_lists_what_each_rule_asks_its_basis_and_advice(client):
    r = client.get("/rules")
    rb = scorer.default_rulebook()
    rule = rb.rule("decision.legal-adviser")
    assert len(re.findall(r'<article class="rule"', r.text)) == len(rb.rules)
    assert rule.title in r.text and rule.advice in r.text and rule.basis[0].doc in r.text


def test_a_form_posted_from_another_site_is_refused(client):
    r = client.post("/check", files={"file": ("a.txt", SEED.read_bytes())}, headers={"origin": "http://evil.example"})
    assert r.status_code == 403


def test_a_foreign_host_name_is_refused_on_loopback(client):
    assert client.get("/", headers={"host": "attacker.example"}).status_code == 403  # DNS rebinding


# --- 全县汇总 --------------------------------------------------------------------------
def wait_for(client, job_url: str, seconds: float = 120):
    deadline = time.time() + seconds
    while time.time() < deadline:
        state = client.get(job_url + "/progress.json").json()
        if state["state"] != "running":
            return state
        time.sleep(0.3)
    raise AssertionError("summary did not finish")


def start_summary(client, files: list[tuple[str, bytes]], baseline: bytes | None = None):
    parts = [("files", f) for f in files]
    if baseline is not None:
        parts.append(("baseline", ("results.jsonl", baseline)))
    r = client.post("/summary", files=parts, follow_redirects=False)
    assert r.status_code == 303, alerts(r.text)
    return r.headers["location"]


def test_a_summary_of_several_files_scores_the_good_ones_and_lists_the_bad(app, client):
    files = [(p.name, p.read_bytes()) for p in sorted(SEEDS.glob("*.txt"))[:3]]
    files.append(("扫描件.pdf", b"%PDF-1.4\n%%EOF\n"))
    job = start_summary(client, files)
    assert wait_for(client, job)["state"] == "done"
    page = client.get(job).text
    for unit in ("高城镇", "圣灯山镇", "城关镇"):
        assert unit in page
    assert "扫描件.pdf" in page and "无法读取的文件" in page
    assert "上传的报告已删除" in page
    assert str(app.state.runtime["root"]) not in page  # file names as uploaded, not temporary paths
    link = re.search(r'href="(reports/城关镇-2023\.html)"', page).group(1)
    report = client.get(f"{job}/{link}")
    assert report.status_code == 200 and "差距报告" in report.text
    for name in ("summary.xlsx", "summary.csv", "results.jsonl"):
        got = client.get(f"{job}/{name}")
        assert got.status_code == 200 and "attachment" in got.headers["content-disposition"]
    folder = app.state.runtime["jobs"].get(job.rsplit("/", 1)[1]).folder
    assert not (folder / "in").exists()  # the uploads are gone once scored


def test_a_summary_compares_with_last_years_results(client):
    seed = sorted(SEEDS.glob("*.txt"))[0]
    first = start_summary(client, [(seed.name, seed.read_bytes())])
    wait_for(client, first)
    last_year = client.get(f"{first}/results.jsonl").content
    job = start_summary(client, [(seed.name, seed.read_bytes())], baseline=last_year)
    assert wait_for(client, job)["state"] == "done"
    assert "与上年比较" in client.get(job).text


def zip_of(entries: dict[str, bytes], symlink: str | None = None) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
        if symlink:
            info = zipfile.ZipInfo(symlink)
            info.external_attr = (0o120777 << 16)
            zf.writestr(info, "/etc/passwd")
    return buf.getvalue()


def test_a_zip_with_escaping_paths_and_links_keeps_only_the_safe_entries(app, client):
    seed = SEED.read_bytes()
    archive = zip_of({"各镇报告/城关镇.txt": seed, "../../逃逸.txt": seed, "/etc/绝对路径.txt": seed,
                      "..\\反斜杠.txt": seed}, symlink="链接.txt")
    job = start_summary(client, [("全县.zip", archive)])
    assert wait_for(client, job)["state"] == "done"
    page = client.get(job).text
    assert "城关镇" in page
    for name in ("../../逃逸.txt", "/etc/绝对路径.txt", "..\\反斜杠.txt"):
        assert f"全县.zip/{name}：路径指向压缩包之外，已拒绝 (path traversal)" in page
    assert "全县.zip/链接.txt：是符号链接，已拒绝 (symlink)" in page
    root = app.state.runtime["root"]
    assert not list(root.parent.glob("逃逸.txt")) and not list(root.glob("**/逃逸.txt"))


def test_a_zip_bomb_is_refused_unopened(client):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        with zf.open("炸弹.txt", "w", force_zip64=True) as fh:
            block = b"\x00" * (1024 * 1024)
            for _ in range(60):  # 60 MB of zeros in about 60 KB
                fh.write(block)
    r = client.post("/summary", files=[("files", ("报告.zip", buf.getvalue()))])
    assert r.status_code == 400
    assert alerts(r.text) == ["报告.zip/炸弹.txt：解压后超过单个文件上限 50 MB，已跳过 (file too large)"]


def test_a_highly_compressed_entry_is_refused_as_a_zip_bomb(client):
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("稀疏.txt", b"\x00" * (20 * 1024 * 1024))
    r = client.post("/summary", files=[("files", ("报告.zip", buf.getvalue()))])
    assert alerts(r.text) == ["报告.zip/稀疏.txt：压缩比异常，已拒绝 (zip bomb?)"]


def test_summary_results_are_deleted_when_they_expire(app, client):
    seed = sorted(SEEDS.glob("*.txt"))[1]
    job = start_summary(client, [(seed.name, seed.read_bytes())])
    wait_for(client, job)
    jobs = app.state.runtime["jobs"]
    folder = jobs.get(job.rsplit("/", 1)[1]).folder
    jobs.sweep(now=time.time() + app.state.settings.keep + 1)
    assert not folder.exists()
    r = client.get(job)
    assert r.status_code == 404 and "已过期或已删除" in alerts(r.text)[0]


def test_summary_results_can_be_deleted_at_once(app, client):
    seed = sorted(SEEDS.glob("*.txt"))[2]
    job = start_summary(client, [(seed.name, seed.read_bytes())])
    wait_for(client, job)
    folder = app.state.runtime["jobs"].get(job.rsplit("/", 1)[1]).folder
    client.post(f"{job}/delete")
    assert not folder.exists()
    assert client.get(f"{job}/summary.xlsx").status_code == 404


def test_files_outside_the_summary_cannot_be_fetched(client):
    seed = sorted(SEEDS.glob("*.txt"))[3]
    job = start_summary(client, [(seed.name, seed.read_bytes())])
    wait_for(client, job)
    assert client.get(f"{job}/..%2F..%2Fbaseline.jsonl").status_code == 404
    assert client.get(f"{job}/.scorer-summary").status_code == 404


# --- the access code ------------------------------------------------------------------
@pytest.fixture(scope="module")
def office():
    app = create_app(Settings(workers=1, access_code="1234-5678-9012", allowed_hosts=None))
    with TestClient(app, base_url="http://192.168.1.20:8765") as c:
        yield c


def test_without_the_access_code_pages_ask_for_it(office):
    r = office.get("/summary", follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/login?next=/summary"
    assert "输入访问码" in office.get("/").text


def test_without_the_access_code_an_upload_is_refused(office):
    r = office.post("/check", files={"file": ("a.txt", SEED.read_bytes())})
    assert r.status_code == 401 and "需要访问码" in r.text


def test_a_wrong_access_code_is_refused(office):
    r = office.post("/login", data={"code": "0000-0000-0000"})
    assert r.status_code == 401 and alerts(r.text) == ["访问码不正确，请向运行本页面的同事确认"]


def test_the_access_code_is_asked_once(office):
    r = office.post("/login?next=/rules", data={"code": "123456789012"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == "/rules"
    assert "1234" not in r.headers["set-cookie"]  # the cookie is derived from the code, not the code
    assert office.get("/rules").status_code == 200
    assert upload(office, SEED).status_code == 200


# --- a local rulebook given at start -----------------------------------------------------
LOCAL_RULES = """extends: fzzf-2021
rulebook: {id: gaotai-2024, version: "1", title: 高台县法治政府建设年度报告检查清单}
disable: [decision.decision-catalogue]
"""


def test_a_local_rulebook_given_by_a_relative_path_is_used_by_every_page(tmp_path, monkeypatch):
    (tmp_path / "gaotai.yaml").write_text(LOCAL_RULES, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    app = create_app(Settings(workers=1, rules="gaotai.yaml"))
    with TestClient(app, base_url=LOCAL) as c:
        assert "高台县法治政府建设年度报告检查清单" in c.get("/rules").text
        page = upload(c, SEED).text
        assert TOWNSHIP_ONLY_NA not in statuses(page) and "gaotai-2024" in page
        job = start_summary(c, [(SEED.name, SEED.read_bytes())])
        assert wait_for(c, job)["state"] == "done"
        assert "gaotai-2024" in c.get(job).text
        root = app.state.runtime["root"]
    assert not root.exists()  # stopping the server deletes every summary and the private folder


# --- the command --------------------------------------------------------------------------
def serve_command(*args: str, lines: int = 0):
    import subprocess
    import sys

    proc = subprocess.Popen([sys.executable, "-m", "scorer", "serve", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    if not lines:
        out, err = proc.communicate(timeout=120)
        return proc.returncode, out, err
    try:
        return None, "".join(proc.stdout.readline() for _ in range(lines)), ""
    finally:
        proc.terminate()
        proc.communicate(timeout=60)


def test_serving_to_the_network_generates_and_prints_an_access_code():
    _, out, _ = serve_command("--host", "0.0.0.0", "--port", "0", lines=2)
    assert re.search(r"页面地址 http://0\.0\.0\.0:\d+/", out)
    assert re.search(r"访问码 \d{4}-\d{4}-\d{4}（其他电脑打开页面时需输入一次）", out)


def test_a_busy_port_is_one_line_and_exit_2():
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen(1)
        port = busy.getsockname()[1]
        code, out, err = serve_command("--port", str(port))
    assert code == 2
    assert err.strip().splitlines() == [f"scorer: 127.0.0.1:{port}: 无法监听：Address already in use"
                                        "（端口可能已被占用，可用 --port 换一个）"]


def test_an_invalid_rulebook_stops_the_server_before_it_starts(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("rulebook: {id: x}\nrules: [{id: a, matches: [x]}]\n", encoding="utf-8")
    code, out, err = serve_command("--rules", str(bad))
    assert code == 3 and len(err.strip().splitlines()) == 1 and "bad.yaml" in err and out == ""


def test_a_worker_that_dies_is_a_message_and_the_next_draft_is_scored(app, client):
    import os

    app.state.runtime["pool"].submit(os._exit, 1)  # as the out-of-memory killer would
    time.sleep(1)
    r = upload(client, SEED)
    assert r.status_code == 500 and "进程意外退出" in alerts(r.text)[0]
    again = upload(client, SEED)
    assert again.status_code == 200 and statuses(again.text) == expected(SEED)[0]


def test_a_short_access_code_is_refused():
    code, out, err = serve_command("--host", "0.0.0.0", "--access-code", "1234")
    assert code == 2
    assert err.strip() == "scorer: --access-code: 访问码至少 8 位字母或数字，太短容易被猜中（不给则自动生成）"

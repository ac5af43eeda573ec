"""The command line in one language: Chinese help and errors, --version, several drafts, the path to open."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SEEDS

SEED = SEEDS / "002_f24fc2990dbe03d0.txt"


def run(*args, cwd=None, env_extra=None):
    env = dict(os.environ, PYTHONIOENCODING="utf-8", FZZF_SCORER_NO_CACHE="1")
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "scorer", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env=env)


@pytest.mark.parametrize("args", [["--help"], [], ["check", "--help"], ["summary", "--help"], ["rules"],
                                  ["rules", "show", "--help"], ["eval", "--help"]])
def test_help_is_in_chinese(args):
    p = run(*args)
    assert p.returncode == 0, p.stderr
    assert p.stdout.startswith("用法：scorer")
    for english in ("Usage:", "Options:", "Commands:", "Arguments:", "Show this message", "[default:", "[required]",
                    "Score one", "County-wide", "List the rules"):
        assert english not in p.stdout, english


@pytest.mark.parametrize("args,message", [
    (["check"], "缺少参数 FILE..."),
    (["check", SEED, "--bogus"], "没有选项 --bogus"),
    (["check", SEED, "--gap"], "没有选项 --gap（是不是 --gaps？）"),
    (["check", SEED, "--json"], "选项 --json 需要一个值"),
    (["summary", SEEDS], "缺少选项 --out"),
    (["eval", "a.tsv", "d", "--min-agreement", "7"], "--min-agreement 的值 7.0 不在"),
    (["nope"], "没有命令 nope"),
])
def test_usage_errors_are_one_chinese_line_exit_2(args, message):
    p = run(*args)
    lines = p.stderr.strip().splitlines()
    assert p.returncode == 2 and len(lines) == 1 and "Traceback" not in p.stderr, p.stderr
    assert lines[0].startswith("scorer: ") and message in lines[0] and "查看用法：scorer" in lines[0]
    assert not p.stdout


def test_version_names_the_program_and_the_rulebook():
    import scorer

    p = run("--version")
    assert p.returncode == 0 and p.stdout.strip() == (
        f"scorer {scorer.__version__}（内置规则库 fzzf-2021 {scorer.default_rulebook().version}，56 条规则）")


def test_several_drafts_at_once_each_gap_report_beside_its_draft(tmp_path):
    drafts = [shutil.copy(SEEDS / name, tmp_path / f"{k}号稿.txt")
              for k, name in enumerate(["000_20c47740d8ca2b58.txt", "002_f24fc2990dbe03d0.txt",
                                        "004_e4f3eb5238560b4d.txt"])]
    p = run("check", *drafts, cwd=SEEDS.parent)
    assert p.returncode == 0, p.stderr
    for d in drafts:
        html = Path(d).with_name(Path(d).stem + ".gap.html")
        assert html.is_file() and f"HTML 差距报告：{html}" in p.stdout
    assert p.stdout.count("总分") == 3
    assert p.stdout.strip().splitlines()[-1] == f"HTML 差距报告：{tmp_path / '2号稿.gap.html'}"


def test_one_unreadable_draft_does_not_stop_the_others(tmp_path):
    good = shutil.copy(SEED, tmp_path / "好.txt")
    (tmp_path / "空.txt").write_bytes(b"")
    p = run("check", tmp_path / "空.txt", good)
    assert p.returncode == 2 and "空.txt" in p.stderr and "为空" in p.stderr
    assert (tmp_path / "好.gap.html").is_file()


def test_several_drafts_take_no_single_output_path(tmp_path):
    p = run("check", SEED, SEED, "--html", tmp_path / "x.html")
    assert p.returncode == 2 and "只用于一份报告" in p.stderr and not (tmp_path / "x.html").exists()


def test_the_last_line_is_the_absolute_path_of_the_report(tmp_path):
    (tmp_path / "稿").mkdir()
    shutil.copy(SEED, tmp_path / "稿" / "城关镇.txt")
    p = run("check", Path("稿") / "城关镇.txt", cwd=tmp_path)  # a relative name
    last = p.stdout.strip().splitlines()[-1]
    assert last == f"HTML 差距报告：{tmp_path / '稿' / '城关镇.gap.html'}"
    assert Path(last.split("：", 1)[1]).is_absolute()


def test_open_shows_the_report_in_the_browser(tmp_path):
    record = tmp_path / "opened.txt"
    browser = tmp_path / "browser.py"
    browser.write_text(f"import sys\nopen({str(record)!r}, 'a').write(sys.argv[1] + '\\n')\n", encoding="utf-8")
    draft = shutil.copy(SEED, tmp_path / "城关镇.txt")
    p = run("check", draft, "--open", env_extra={"BROWSER": f"{sys.executable} {browser} %s"})
    assert p.returncode == 0, p.stderr
    assert record.read_text(encoding="utf-8").strip() == (tmp_path / "城关镇.gap.html").as_uri()


def test_gap_report_goes_to_the_current_folder_when_the_draft_folder_is_not_writable(tmp_path, monkeypatch):
    from scorer import cli

    ro = tmp_path / "只读"
    ro.mkdir()
    draft = shutil.copy(SEED, ro / "城关镇.txt")
    real_access = os.access
    monkeypatch.setattr(os, "access", lambda p, mode: False if Path(p) == ro else real_access(p, mode))
    path, note = cli._default_html(str(draft))
    assert path == "城关镇.gap.html" and "不可写" in note
    monkeypatch.setattr(os, "access", real_access)
    assert cli._default_html(str(draft)) == (str(ro / "城关镇.gap.html"), None)

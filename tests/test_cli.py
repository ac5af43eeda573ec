"""The `scorer` command as a user runs it: output, JSON, exit codes, one-line errors."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from conftest import SEEDS

SEED = str(SEEDS / "002_f24fc2990dbe03d0.txt")


def run(*args, cwd=None):
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "scorer", *args], capture_output=True, text=True, cwd=cwd, env=env)


@pytest.fixture
def seed(tmp_path):
    """A copy of the seed: with no output option the gap report is written beside the report."""
    import shutil

    return str(shutil.copy(SEED, tmp_path / "002_f24fc2990dbe03d0.txt"))


def test_check_prints_a_verdict_table(seed):
    p = run("check", seed)
    assert p.returncode == 0, p.stderr
    assert "城关镇" in p.stdout and "法律顾问" in p.stdout
    assert "decision.legal-adviser" in p.stdout and "已落实" in p.stdout
    assert "总分" in p.stdout


def test_json_to_stdout_is_only_json_and_parses():
    p = run("check", SEED, "--json", "-")
    assert p.returncode == 0
    data = json.loads(p.stdout)
    assert data["unit"] == "城关镇" and data["county"] == "高台县" and data["year"] == 2023
    assert data["dated"] == "2024-03-15" and data["published"] == "2024-03-18"
    assert data["rulebook"]["id"] == "fzzf-2021"
    rule = next(r for r in data["rules"] if r["id"] == "decision.legal-adviser")
    assert set(rule) >= {"id", "title", "part", "weight", "status", "credit", "criteria", "evidence",
                         "near_misses", "basis", "advice"}
    ev = rule["evidence"][0]
    assert set(ev) >= {"text", "start", "end", "section", "role", "terms"}
    assert "法律顾问" in ev["terms"]
    assert 0 <= data["score"] <= 100 and data["parts"][0]["score"] is not None


def test_json_to_a_file(tmp_path):
    out = tmp_path / "out.json"
    p = run("check", SEED, "--json", str(out))
    assert p.returncode == 0 and json.loads(out.read_text(encoding="utf-8"))["unit"] == "城关镇"
    assert not [f for f in os.listdir(tmp_path) if f.endswith(".tmp")]


def test_fail_under_exits_1_when_score_is_lower(seed):
    assert run("check", seed, "--fail-under", "99").returncode == 1
    assert run("check", seed, "--fail-under", "10").returncode == 0


def _one_line_error(p, code):
    assert p.returncode == code, (p.returncode, p.stderr)
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1, p.stderr
    assert "Traceback" not in p.stderr
    return lines[0]


def test_missing_file_is_one_line_exit_2(tmp_path):
    line = _one_line_error(run("check", str(tmp_path / "none.txt")), 2)
    assert "none.txt" in line


@pytest.mark.parametrize("content,needle", [
    (b"", "为空"),
    (b"\x00\x01\x02\x03binary\x00\xff" * 50, "二进制"),
    ("法治".encode() + b"\xff\xfe\x80\x81\x82", "编码"),
])
def test_bad_input_is_one_line_exit_2(tmp_path, content, needle):
    f = tmp_path / "bad.txt"
    f.write_bytes(content)
    line = _one_line_error(run("check", str(f)), 2)
    assert str(f) in line and needle in line


def test_directory_is_one_line_exit_2(tmp_path):
    assert "目录" in _one_line_error(run("check", str(tmp_path)), 2)


def test_malformed_rulebook_is_one_line_exit_3(tmp_path):
    rb = tmp_path / "rb.yaml"
    rb.write_text("rulebook: {id: x, version: '1', title: t}\nparts: [{id: a, title: A}]\nrules:\n  - id: a.b\n    titel: x\n",
                  encoding="utf-8")
    line = _one_line_error(run("check", SEED, "--rules", str(rb)), 3)
    assert f"{rb}:5" in line and "titel" in line


def test_output_in_a_missing_folder_is_one_line_exit_2(tmp_path):
    line = _one_line_error(run("check", SEED, "--json", str(tmp_path / "no" / "out.json")), 2)
    assert "不存在" in line
    assert not (tmp_path / "no").exists()


def test_usage_error_exits_2():
    assert run("check").returncode == 2


def test_input_file_is_not_modified(tmp_path):
    f = tmp_path / "r.txt"
    data = (SEEDS / "004_e4f3eb5238560b4d.txt").read_bytes()
    f.write_bytes(data)
    run("check", str(f), "--json", str(tmp_path / "o.json"))
    assert f.read_bytes() == data


def test_a_bug_of_ours_is_one_line_exit_5_and_writes_nothing(tmp_path, monkeypatch, capsys):
    """Whatever goes wrong inside the scorer, a clerk sees one line, never a traceback, and no half-written file."""
    import scorer.api
    from scorer import cli

    def broken(*a, **k):
        raise RuntimeError("规则匹配出错")

    monkeypatch.setattr(scorer.api, "check_file", broken)
    monkeypatch.setattr(sys, "argv", ["scorer", "check", SEED, "--html", str(tmp_path / "报告.html")])
    import signal

    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        with pytest.raises(SystemExit) as ended:
            cli.main()
    finally:
        for sig, handler in handlers.items():
            signal.signal(sig, handler)
    assert ended.value.code == 5
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "内部错误" in err and "RuntimeError: 规则匹配出错" in err
    assert "Traceback" not in err
    assert list(tmp_path.iterdir()) == []

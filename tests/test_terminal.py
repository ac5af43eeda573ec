"""The terminal: fits the width, never breaks a rule id, gaps first; any console encoding (GBK) works."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest
from rich.cells import cell_len

from conftest import SEEDS

SEED = SEEDS / "002_f24fc2990dbe03d0.txt"


def scorer(*args, encoding="utf-8", cwd=None, env_extra=None):
    env = dict(os.environ, PYTHONIOENCODING=encoding, FZZF_SCORER_NO_CACHE="1")
    env.pop("COLUMNS", None)
    env.update(env_extra or {})
    return subprocess.run([sys.executable, "-m", "scorer", *map(str, args)], capture_output=True, cwd=cwd, env=env)


def text(p, encoding="utf-8") -> str:
    return p.stdout.decode(encoding, "replace")


@pytest.fixture(scope="module")
def checked(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("term")
    p = scorer("check", SEED, "--json", tmp / "r.json")
    assert p.returncode == 0, p.stderr.decode()
    return text(p), json.loads((tmp / "r.json").read_text(encoding="utf-8"))


def test_piped_output_fits_eighty_columns(checked):
    out, _ = checked
    widths = [cell_len(line.rstrip()) for line in out.splitlines()]
    assert max(widths) <= 80, max(widths)


def test_the_table_follows_a_wider_terminal(tmp_path):
    p = scorer("check", SEED, "--json", tmp_path / "r.json", env_extra={"COLUMNS": "120"})
    widths = [cell_len(line.rstrip()) for line in text(p).splitlines()]
    assert 80 < max(widths) <= 120


def test_every_rule_id_is_printed_whole_on_one_line(checked):
    out, data = checked
    lines = out.splitlines()
    for rule in data["rules"]:
        assert any(rule["id"] in line for line in lines), rule["id"]


def test_gaps_come_first(checked):
    out, _ = checked
    order = [label for line in out.splitlines() for label in ("缺失", "仅计划/仅问题", "部分落实", "已落实", "不适用")
             if line.lstrip().startswith(("✗", "…", "◐", "✓", "–")) and label in line[:12]]
    rank = ["缺失", "仅计划/仅问题", "部分落实", "已落实", "不适用"]
    assert order and [rank.index(x) for x in order] == sorted(rank.index(x) for x in order)


def test_gaps_option_lists_only_what_is_still_to_write(tmp_path, checked):
    _, data = checked
    p = scorer("check", SEED, "--gaps", "--json", tmp_path / "r.json")
    out = text(p)
    gaps = [r["id"] for r in data["rules"] if r["status"] in ("missing", "planned", "partial") and r["counts_in_score"]]
    assert all(rid in out for rid in gaps)
    done = [r["id"] for r in data["rules"] if r["status"] == "met"]
    assert not any(rid in out for rid in done)
    assert "report.other-matters" not in out  # optional, not a gap
    assert f"共 {len(gaps)} 条" in out


def test_rules_list_prints_every_id_whole_within_eighty_columns():
    p = scorer("rules", "list")
    out = text(p)
    lines = out.splitlines()
    import scorer as lib

    for r in lib.default_rulebook().rules:
        assert any(r.id in line for line in lines), r.id
    assert max(cell_len(line.rstrip()) for line in lines) <= 80


@pytest.mark.parametrize("query,rule", [("三项制度", "enforcement.three-systems"), ("法律顾问", "decision.legal-adviser"),
                                        ("年终述法", "leadership.year-end-law-report"),
                                        ("ｄｅｃｉｓｉｏｎ.legal-adviser", None)])
def test_rules_show_takes_part_of_a_chinese_title(query, rule):
    p = scorer("rules", "show", query)
    if rule is None:  # full-width letters are not an id
        assert p.returncode == 2
        return
    assert p.returncode == 0, p.stderr.decode()
    assert rule in text(p).splitlines()[0] + text(p).splitlines()[1]


def test_rules_show_lists_the_candidates_when_a_title_fragment_is_ambiguous():
    p = scorer("rules", "show", "审查")
    err = p.stderr.decode()
    assert p.returncode == 2 and "请写出编号" in err
    assert "decision.legality-review" in err and "openness.disclosure-review" in err


# --- a GBK console (Chinese Windows, PYTHONIOENCODING=gbk) -----------------------------------------

def test_every_command_works_on_a_gbk_console(tmp_path):
    folder = tmp_path / "报告"
    folder.mkdir()
    for f in SEEDS.glob("*.txt"):
        shutil.copy(f, folder / f.name)
    runs = [
        (0, ["--help"]), (0, ["check", "--help"]), (0, ["rules", "list"]), (0, ["rules", "check"]),
        (0, ["rules", "test"]), (0, ["rules", "show", "法律顾问"]),
        (0, ["summary", folder, "--out", tmp_path / "汇总", "--no-progress"]),
        (0, ["eval", SEEDS.parent / "tests" / "data" / "labels.tsv", SEEDS]),
        (1, ["check", folder / SEED.name, "--fail-under", "99", "--json", tmp_path / "a.json"]),
        (2, ["check", folder / "没有这个文件.txt"]),
    ]
    runs += [(0, ["check", f, "--gaps", "--json", tmp_path / "b.json"]) for f in sorted(folder.iterdir())]
    for code, args in runs:
        p = scorer(*args, encoding="gbk")
        err = p.stderr.decode("gbk", "replace")
        assert p.returncode == code and "Traceback" not in err, (args, p.returncode, err[-800:])


def test_json_to_a_gbk_console_stays_complete():
    p = scorer("check", SEED, "--json", "-", encoding="gbk")
    assert p.returncode == 0
    data = json.loads(p.stdout.decode("gbk"))  # non-ASCII as \\u escapes: nothing replaced by "?"
    assert data["unit"] == "城关镇" and "?" not in data["title"]


def test_rules_show_works_for_every_rule_on_a_gbk_console():
    import scorer as lib

    for r in lib.default_rulebook().rules:
        p = scorer("rules", "show", r.id, encoding="gbk")
        assert p.returncode == 0 and r.title in p.stdout.decode("gbk", "replace"), (r.id, p.stderr.decode("gbk", "replace"))

"""A county adapts the rulebook without code, and records agreed exceptions (waivers)."""
from __future__ import annotations

import datetime as dt

import pytest

import scorer
from conftest import SEEDS
from scorer.errors import InputError, RulebookError
from scorer.rulebook import load_rulebook
from scorer.waivers import load_waivers

EXTENSION = """\
extends: fzzf-2021
rulebook: {id: gaotai-2024, version: "1", title: 高台县检查清单}
parts:
  - {id: local, title: 本县要求}
overrides:
  decision.legal-adviser: {weight: 6}
disable: [report.other-matters, enforcement.three-systems]
rules:
  - id: local.grid-law
    title: 网格员法治培训
    part: local
    weight: 2
    match: {all: [[网格员], [培训, 学法]]}
    basis: [{doc: 《高台县2023年全面依法治县工作要点》, status: 待核}]
    advice: 写明网格员法治培训的场次和人数。
    examples:
      met: [组织网格员法治培训3场。]
      missing: [加强网格化管理。]
"""


def test_extension_adds_rules_changes_weights_and_disables(tmp_path):
    p = tmp_path / "gaotai.yaml"
    p.write_text(EXTENSION, encoding="utf-8")
    rb = load_rulebook(p)
    ids = [r.id for r in rb.rules]
    assert rb.id == "gaotai-2024" and rb.extends == "fzzf-2021"
    assert "local.grid-law" in ids
    assert "enforcement.three-systems" not in ids and "report.other-matters" not in ids
    assert rb.rule("decision.legal-adviser").weight == 6
    result = scorer.check_file(SEEDS / "002_f24fc2990dbe03d0.txt", rb)
    local = next(r for r in result.rules if r.id == "local.grid-law")
    assert local.status == "met"  # 002 trains 网格员 to study law
    assert result.rulebook.id == "gaotai-2024"


def test_extension_errors_name_the_extension_file(tmp_path):
    p = tmp_path / "bad.yaml"
    p.write_text(EXTENSION.replace("disable: [report.other-matters,", "disable: [report.other-matter,"),
                 encoding="utf-8")
    with pytest.raises(RulebookError) as exc:
        load_rulebook(p)
    assert str(p) in str(exc.value) and "did you mean 'report.other-matters'" in str(exc.value)


def test_extension_override_of_unknown_rule_is_refused(tmp_path):
    p = tmp_path / "bad.yaml"
    p.write_text(EXTENSION.replace("decision.legal-adviser: {weight: 6}", "decision.legal-advisor: {weight: 6}"),
                 encoding="utf-8")
    with pytest.raises(RulebookError, match="did you mean 'decision.legal-adviser'"):
        load_rulebook(p)


def test_extension_of_a_missing_base_is_refused(tmp_path):
    p = tmp_path / "bad.yaml"
    p.write_text(EXTENSION.replace("extends: fzzf-2021", "extends: fzzf-2099"), encoding="utf-8")
    with pytest.raises(RulebookError, match="no embedded rulebook or file"):
        load_rulebook(p)


WAIVERS = """\
waivers:
  - unit: 城关镇
    rule: enforcement.three-systems
    justification: 本镇行政执法权尚未下放，执法事项由县综合执法局承担
    approved_by: 高台县委依法治县办
    expires: {expires}
"""


def _waivers(tmp_path, expires: str):
    p = tmp_path / "waivers.yaml"
    p.write_text(WAIVERS.format(expires=expires), encoding="utf-8")
    return load_waivers(p, {r.id for r in scorer.default_rulebook().rules})


def test_waived_rule_shows_justification_and_leaves_the_denominator(tmp_path):
    base = scorer.check_file(SEEDS / "002_f24fc2990dbe03d0.txt")
    waived = scorer.check_file(SEEDS / "002_f24fc2990dbe03d0.txt", waivers=_waivers(tmp_path, "2099-12-31"))
    rule = next(r for r in waived.rules if r.id == "enforcement.three-systems")
    assert rule.status == "waived" and "尚未下放" in rule.message
    assert rule.waiver["approved_by"] == "高台县委依法治县办" and rule.waiver["expired"] is False
    # the planned (0-credit) rule left the denominator, so the score rises
    assert waived.score > base.score
    assert waived.counts()["waived"] == 1


def test_expired_waiver_counts_the_rule_again(tmp_path):
    res = scorer.check_file(SEEDS / "002_f24fc2990dbe03d0.txt", waivers=_waivers(tmp_path, "2025-01-31"),
                            today=dt.date(2026, 11, 22))
    rule = next(r for r in res.rules if r.id == "enforcement.three-systems")
    assert rule.status == "planned" and "到期" in rule.message and rule.waiver["expired"] is True


def test_waiver_for_another_unit_does_not_apply(tmp_path):
    res = scorer.check_file(SEEDS / "003_a85474dd8e8b2607.txt", waivers=_waivers(tmp_path, "2099-12-31"))
    assert "waived" not in {r.status for r in res.rules}


def test_waiver_naming_an_unknown_rule_is_refused_with_its_line(tmp_path):
    p = tmp_path / "waivers.yaml"
    p.write_text(WAIVERS.format(expires="2099-12-31").replace("enforcement.three-systems", "enforcement.three"),
                 encoding="utf-8")
    with pytest.raises(InputError, match=rf"{p}:3"):
        load_waivers(p, {r.id for r in scorer.default_rulebook().rules})


def test_waiver_with_a_bad_date_is_refused(tmp_path):
    with pytest.raises(InputError, match="expires"):
        _waivers(tmp_path, "next year")


def test_waivers_on_the_command_line(tmp_path):
    import json
    import subprocess
    import sys

    p = tmp_path / "waivers.yaml"
    p.write_text(WAIVERS.format(expires="2099-12-31"), encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "scorer", "check", str(SEEDS / "002_f24fc2990dbe03d0.txt"),
                          "--waivers", str(p), "--json", "-"], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    rule = next(r for r in json.loads(out.stdout)["rules"] if r["id"] == "enforcement.three-systems")
    assert rule["status"] == "waived" and rule["waiver"]["expires"] == "2099-12-31"

"""Rulebook validation: every fault is reported with file, line and key."""
from __future__ import annotations

import pytest

from scorer.errors import RulebookError
from scorer.rulebook import default_rulebook, load_rulebook

GOOD_RULE = """\
rulebook: {id: test, version: "1", title: 测试}
parts:
  - {id: decision, title: 依法决策}
rules:
  - id: decision.legal-adviser
    title: 法律顾问
    part: decision
    match: [法律顾问]
    basis: [{doc: 条例}]
    advice: 写明法律顾问。
    examples:
      met: [聘请法律顾问。]
      missing: [没有写。]
"""


def _load(tmp_path, text: str):
    p = tmp_path / "rb.yaml"
    p.write_text(text, encoding="utf-8")
    return load_rulebook(p), p


def _error(tmp_path, text: str) -> RulebookError:
    with pytest.raises(RulebookError) as exc:
        _load(tmp_path, text)
    return exc.value


def test_default_rulebook_loads_with_the_required_rule_ids():
    ids = [r.id for r in default_rulebook().rules]
    for rid in ("leadership.first-responsible-person", "decision.legal-adviser", "enforcement.three-systems",
                "openness.disclosure", "openness.disclosure-review", "report.measures-and-results",
                "report.shortcomings", "report.leader-duty", "report.next-year-plan"):
        assert rid in ids


def test_every_default_rule_has_basis_and_advice():
    for r in default_rulebook().rules:
        assert r.basis and r.advice.strip(), r.id
        for b in r.basis:
            assert b.status in ("原文", "转引", "待核"), r.id


def test_minimal_rulebook_loads(tmp_path):
    rb, _ = _load(tmp_path, GOOD_RULE)
    assert rb.id == "test" and rb.rules[0].criteria[0].id == "core"


def test_unknown_key_names_line_and_suggests(tmp_path):
    err = _error(tmp_path, GOOD_RULE.replace("    match: [法律顾问]", "    matches: [法律顾问]"))
    assert err.lineno == 8 and err.key == "matches"
    assert "did you mean 'match'" in str(err)
    assert str(err).startswith(f"{tmp_path / 'rb.yaml'}:8:")


def test_duplicate_rule_ids_are_refused(tmp_path):
    rule = GOOD_RULE.split("rules:\n")[1]
    err = _error(tmp_path, GOOD_RULE + rule)
    assert "duplicate rule id" in str(err) and err.lineno == 14


def test_bad_regex_names_its_line(tmp_path):
    err = _error(tmp_path, GOOD_RULE.replace("match: [法律顾问]", "match: {regex: '法律(顾问'}"))
    assert "bad regular expression" in str(err) and err.lineno == 8


def test_bad_weight_is_refused(tmp_path):
    err = _error(tmp_path, GOOD_RULE.replace("    part: decision\n", "    part: decision\n    weight: -2\n"))
    assert err.key == "weight"


def test_unknown_part_is_refused(tmp_path):
    err = _error(tmp_path, GOOD_RULE.replace("    part: decision", "    part: decisions"))
    assert "did you mean 'decision'" in str(err)


def test_unknown_level_in_applies_to_is_refused(tmp_path):
    err = _error(tmp_path, GOOD_RULE.replace("    part: decision\n", "    part: decision\n    applies_to: [village]\n"))
    assert err.key == "applies_to"


def test_yaml_syntax_error_names_its_line(tmp_path):
    err = _error(tmp_path, GOOD_RULE.replace("    title: 法律顾问", "    title: [法律顾问"))
    assert "YAML syntax error" in str(err) and err.lineno is not None


def test_duplicate_yaml_key_is_refused(tmp_path):
    err = _error(tmp_path, GOOD_RULE.replace("    advice: 写明法律顾问。", "    advice: a\n    advice: b"))
    assert "duplicate key" in str(err)


def test_missing_required_key_is_refused(tmp_path):
    err = _error(tmp_path, GOOD_RULE.replace("    advice: 写明法律顾问。\n", ""))
    assert "advice" in str(err)


def test_two_core_criteria_are_refused(tmp_path):
    text = GOOD_RULE + "    criteria:\n      - {id: a, title: A, weight: 1}\n      - {id: b, title: B, weight: 1}\n"
    assert "exactly one criterion" in str(_error(tmp_path, text))


def test_unknown_role_is_refused(tmp_path):
    err = _error(tmp_path, GOOD_RULE.replace("match: [法律顾问]", "match: {role: plan}"))
    assert "unknown section role" in str(err)


def test_not_a_mapping_is_refused(tmp_path):
    assert "mapping" in str(_error(tmp_path, "- just\n- a list\n"))


def test_missing_rulebook_file(tmp_path):
    with pytest.raises(RulebookError, match="not found"):
        load_rulebook(tmp_path / "none.yaml")


def test_full_width_terms_match_half_width_text(tmp_path):
    from scorer.api import check_text

    rb, _ = _load(tmp_path, GOOD_RULE.replace("match: [法律顾问]", "match: [一村（社区）一法律顾问]"))
    assert check_text("推行一村（社区）一法律顾问制度。", rb).rules[0].status == "met"


def test_compiled_rulebook_cache_gives_the_same_rulebook_and_survives_damage(tmp_path, monkeypatch):
    monkeypatch.delenv("FZZF_SCORER_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    first, path = _load(tmp_path, GOOD_RULE)
    cached = list((tmp_path / "cache" / "fzzf-scorer").glob("*.pickle"))
    assert len(cached) == 1
    second = load_rulebook(path)
    assert [r.id for r in second.rules] == [r.id for r in first.rules]
    cached[0].write_bytes(b"not a pickle")
    assert load_rulebook(path).rules[0].id == "decision.legal-adviser"


def test_changed_rulebook_is_not_served_from_cache(tmp_path, monkeypatch):
    monkeypatch.delenv("FZZF_SCORER_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    _load(tmp_path, GOOD_RULE)
    rb, _ = _load(tmp_path, GOOD_RULE.replace("title: 法律顾问", "title: 政府法律顾问"))
    assert rb.rules[0].title == "政府法律顾问"

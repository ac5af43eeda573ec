"""The five seed reports agree with the expert's labels (../shared/seeds/labels.tsv, copied to tests/data).

done ⇔ met or partial, plan ⇔ planned, absent ⇔ missing; structure yes ⇔ met or partial.
"""
from __future__ import annotations

import pytest

import scorer
from conftest import SEEDS, load_labels

CONCEPTS = {
    "FR": "leadership.first-responsible-person",
    "LA": "decision.legal-adviser",
    "TS": "enforcement.three-systems",
    "DR": "openness.disclosure-review",
    "DS": "openness.disclosure",
}
STRUCTURE = {
    "SA": "report.measures-and-results",
    "SP": "report.shortcomings",
    "SL": "report.leader-duty",
    "SN": "report.next-year-plan",
}
VERDICT = {"done": {"met", "partial"}, "plan": {"planned"}, "absent": {"missing"}}
YES_NO = {"yes": {"met", "partial"}, "no": {"missing"}}

LABELS = load_labels()
_cache: dict[str, object] = {}


def result_for(name: str):
    if name not in _cache:
        _cache[name] = scorer.check_file(SEEDS / name)
    return _cache[name]


def status(name: str, rule_id: str) -> str:
    return next(r.status for r in result_for(name).rules if r.id == rule_id)


@pytest.mark.parametrize("row", LABELS, ids=[r["file"][:3] for r in LABELS])
@pytest.mark.parametrize("concept", list(CONCEPTS))
def test_concept_verdict_agrees_with_expert_label(row, concept):
    got = status(row["file"], CONCEPTS[concept])
    assert got in VERDICT[row[concept]], f"{row['file']} {concept}: label {row[concept]}, scorer {got}"


@pytest.mark.parametrize("row", LABELS, ids=[r["file"][:3] for r in LABELS])
@pytest.mark.parametrize("part", list(STRUCTURE))
def test_report_structure_agrees_with_expert_label(row, part):
    got = status(row["file"], STRUCTURE[part])
    assert got in YES_NO[row[part]], f"{row['file']} {part}: label {row[part]}, scorer {got}"


@pytest.mark.parametrize("row", LABELS, ids=[r["file"][:3] for r in LABELS])
def test_metadata_agrees_with_expert_label(row):
    md = result_for(row["file"]).document.metadata
    assert md.unit == row["unit"]
    assert (md.county or "") == row["county"]
    assert md.year == int(row["report_year"])
    assert (md.dated or "") == row["dated"]
    assert md.level == "township"


def test_web_page_metadata_block_gives_publication_date_and_is_not_report_text():
    res = result_for("002_f24fc2990dbe03d0.txt")
    assert res.document.metadata.published == "2024-03-18"
    assert res.document.metadata.publisher == "高台县城关镇"
    assert "索引号" not in res.document.text
    assert "扫一扫" not in res.document.text
    assert "您的位置" not in res.document.text


def test_evidence_offsets_point_into_the_original_text():
    res = result_for("002_f24fc2990dbe03d0.txt")
    original = res.document.original
    la = next(r for r in res.rules if r.id == "decision.legal-adviser")
    ev = la.evidence[0]
    assert "聘用镇政府法律顾问1名" in original[ev.start:ev.end]


def test_extraction_markers_are_removed_but_offsets_still_map():
    res = result_for("004_e4f3eb5238560b4d.txt")
    assert "[image:" not in res.document.text and "image1.png" not in res.document.text
    ts = next(r for r in res.rules if r.id == "enforcement.three-systems")
    for ev in ts.evidence:
        span = res.document.original[ev.start:ev.end]
        assert span.replace("[image: ]", "").replace(" ", "").startswith(ev.text[:5].replace(",", "，"))

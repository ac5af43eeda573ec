"""The real-report corpus (tests/data/real): verdicts agree with two readers' labels at the floor reached.

Floors are raised as the scorer improves, never lowered. The test split was held aside while rules were
changed; its figure is the honest one for reports the rules were not tuned on.
"""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

import scorer
from scorer.evaluation import evaluate, load_labels

REAL = Path(__file__).resolve().parent / "data" / "real"
HELD_OUT = Path(__file__).resolve().parents[2] / "shared" / "reference" / "held-out-reports.tsv"
# On the whole corpus as it stands (696 reports since the evening of 2026-12-06: the split grew, so its figure is a new one)
FLOORS = {"dev": 0.9995, "test": 0.9933}
# On the first 174 reports (real_001–real_174), comparable with the figures measured before the corpus grew
# (2026-11-25: dev 0.9981, test 0.9824)
FIRST_BATCH = 174
FIRST_BATCH_FLOORS = {"dev": 0.9981, "test": 0.9911}


def _rows(name: str) -> list[dict[str, str]]:
    with open(REAL / name, encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


@pytest.fixture(scope="module")
def labels():
    return load_labels(REAL / "labels.tsv", scorer.default_rulebook())


@pytest.mark.parametrize("split", list(FLOORS))
def test_agreement_on_each_split_is_at_least_its_floor(labels, split):
    rb = scorer.default_rulebook()
    report = evaluate(labels, REAL, rb, split=split)
    assert not report.errors
    assert report.agreement >= FLOORS[split], [(v.file, v.column, v.gold_text, v.predicted)
                                               for v in report.disagreements]


@pytest.mark.parametrize("split", list(FIRST_BATCH_FLOORS))
def test_agreement_on_the_first_batch_never_falls_below_what_it_was(labels, split):
    rb = scorer.default_rulebook()
    report = evaluate(labels, REAL, rb, split=split)
    first = [v for v in report.verdicts if int(v.file[len("real_"):-len(".txt")]) <= FIRST_BATCH]
    assert len({v.file for v in first}) == {"dev": 106, "test": 68}[split]
    agreement = sum(v.agrees for v in first) / len(first)
    assert agreement >= FIRST_BATCH_FLOORS[split], [(v.file, v.column) for v in first if not v.agrees]


def test_corpus_has_150_real_reports_of_every_level_with_sources():
    sources = _rows("sources.tsv")
    labelled = {r["file"] for r in _rows("labels.tsv")}
    assert len(sources) >= 150
    assert {r["file"] for r in sources} == labelled == {p.name for p in REAL.glob("*.txt")}
    assert {r["level"] for r in sources} == {"township", "county", "department"}
    assert {int(r["year"]) for r in sources if r["year"]} >= set(range(2019, 2026))
    assert all(r["address"].startswith("http") for r in sources)


def test_a_third_of_the_corpus_is_held_aside_as_the_test_split():
    splits = [r["split"] for r in _rows("labels.tsv")]
    assert set(splits) == {"dev", "test"}
    assert 0.28 <= splits.count("test") / len(splits) <= 0.40


@pytest.mark.skipif(not HELD_OUT.exists(), reason="shared/reference is not beside this checkout")
def test_no_held_out_report_is_in_the_corpus():
    held = [ln.split("\t") for ln in HELD_OUT.read_text(encoding="utf-8").splitlines()
            if ln and not ln.startswith("#")]
    held_urls = {cells[2].strip() for cells in held[1:] if len(cells) > 2}
    assert not held_urls & {r["address"] for r in _rows("sources.tsv")}

"""Shared fixtures: the default rulebook (loaded once) and helpers to score Chinese text."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest

import scorer
from scorer.api import check_text

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
LABELS = Path(__file__).resolve().parent / "data" / "labels.tsv"


@pytest.fixture(scope="session")
def rulebook():
    return scorer.default_rulebook()


@pytest.fixture(scope="session")
def verdict(rulebook):
    """verdict(text, rule_id) -> the status the default rulebook gives that rule on `text`."""
    def run(text: str, rule_id: str) -> str:
        return rule_result(text, rule_id).status

    def rule_result(text: str, rule_id: str):
        result = check_text(text, rulebook)
        return next(r for r in result.rules if r.id == rule_id)

    run.result = rule_result  # type: ignore[attr-defined]
    return run


def load_labels() -> list[dict[str, str]]:
    with open(LABELS, encoding="utf-8") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


@pytest.fixture(autouse=True)
def _no_rulebook_cache(monkeypatch):
    """Tests load many throw-away rulebooks: keep them out of the user's cache folder."""
    monkeypatch.setenv("FZZF_SCORER_NO_CACHE", "1")

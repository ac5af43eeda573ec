"""The engine finds exactly what it found before: every verdict on the seeds, the real corpus and the examples.

The snapshot (tests/data/verdicts.json) is written by `python tests/verdict_snapshot.py --write`; it is
rewritten only together with a deliberate change of the rulebook, never to follow an engine change.
"""
from __future__ import annotations

import json

import pytest

from verdict_snapshot import SNAPSHOT, collect, rulebook_digest


@pytest.fixture(scope="module")
def snapshot() -> dict:
    return json.loads(SNAPSHOT.read_text(encoding="utf-8"))


def test_the_snapshot_belongs_to_the_shipped_rulebook(snapshot):
    assert snapshot["rulebook"] == rulebook_digest(), (
        "rules/fzzf-2021.yaml changed since tests/data/verdicts.json was written: review the rule change and "
        "run `python tests/verdict_snapshot.py --write`")


def test_every_verdict_is_what_the_snapshot_recorded(snapshot):
    now = collect()
    moved = [f"{name} {rid}: {was} -> {now['reports'][name][rid]}"
             for name, rules in snapshot["reports"].items() for rid, was in rules.items()
             if now["reports"].get(name, {}).get(rid) != was]
    moved += [f"example {k}: {was} -> {now['examples'].get(k)}" for k, was in snapshot["examples"].items()
              if now["examples"].get(k) != was]
    assert set(now["reports"]) == set(snapshot["reports"])
    assert set(now["examples"]) == set(snapshot["examples"])
    assert not moved, f"{len(moved)} verdicts moved:\n" + "\n".join(moved[:30])

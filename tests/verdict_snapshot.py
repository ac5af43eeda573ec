"""Every verdict of the default rulebook on the seeds, the real corpus and the rule examples, as one JSON.

The engine may change how it finds things, never what it finds: `tests/test_engine_equivalence.py`
compares today's verdicts with the snapshot in tests/data/verdicts.json. The snapshot records the
rulebook's digest; when the rulebook itself changes (a deliberate change of what a rule asks), write
a new snapshot with

    python tests/verdict_snapshot.py --write

and commit it with the rule change, so that the diff shows which verdicts the rule change moved.
"""
from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SNAPSHOT = ROOT / "tests" / "data" / "verdicts.json"


def _row(result) -> dict:
    return {r.id: [r.status, round(r.credit, 4), "".join("1" if c.met else "0" for c in r.criteria)]
            for r in result.rules}


def rulebook_digest() -> str:
    from scorer.rulebook import default_rulebook_path

    return hashlib.sha256(default_rulebook_path().read_bytes()).hexdigest()[:16]


def collect() -> dict:
    import scorer
    from scorer.api import check_file
    from scorer.document_builder import parse_text
    from scorer.scoring import score_document

    rb = scorer.default_rulebook()
    today = __import__("datetime").date(2026, 1, 1)  # waivers and timeliness never depend on the day the test runs
    files = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests" / "data" / "real").glob("real_*.txt"))
    reports = {f.name: _row(check_file(f, rb, today=today)) for f in files}
    examples = {}
    for rule in rb.rules:
        single = replace(rb, rules=[rule])
        for expected, texts in rule.examples.items():
            for i, text in enumerate(texts):
                res = score_document(parse_text(text, "<example>"), single, today=today)
                examples[f"{rule.id}:{expected}:{i}"] = _row(res)[rule.id]
    return {"rulebook": rulebook_digest(), "reports": reports, "examples": examples}


def dumps(data: dict) -> str:
    """One line per report or example, so that a diff shows which verdicts moved."""
    def block(d: dict) -> str:
        return ",\n".join(f"  {json.dumps(k, ensure_ascii=False)}: {json.dumps(v, ensure_ascii=False, sort_keys=True)}"
                           for k, v in sorted(d.items()))
    return (f'{{"rulebook": {json.dumps(data["rulebook"])},\n"reports": {{\n{block(data["reports"])}\n}},\n'
            f'"examples": {{\n{block(data["examples"])}\n}}}}\n')


if __name__ == "__main__":
    data = collect()
    if "--write" in sys.argv:
        SNAPSHOT.write_text(dumps(data), encoding="utf-8")
        print(f"wrote {SNAPSHOT} ({len(data['reports'])} reports, {len(data['examples'])} examples)")
    else:
        print(json.dumps(data, ensure_ascii=False)[:500])

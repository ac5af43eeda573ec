"""Time to read and score reports of many short lines: 10k, 100k, 1M lines (it should grow linearly).

    .venv/bin/python benchmarks/linear_paragraphs.py            # 10k, 100k, 1M lines
    .venv/bin/python benchmarks/linear_paragraphs.py --lines 10000 100000

Each report is a title and N short lines (one short sentence each, the shape that made
paragraph lookup quadratic). Prints the seconds for parsing (document model) and for
scoring, and the time per 1,000 lines, which stays flat when the work is linear.
"""
from __future__ import annotations

import argparse
import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
os.environ.setdefault("FZZF_SCORER_NO_CACHE", "1")
os.environ.setdefault("FZZF_SCORER_RULE_SECONDS", "600")  # measure, do not stop a rule at the default budget

LINES = ["加强法治宣传教育。", "组织学法培训3次。", "推进依法行政。", "完善权责清单。", "落实普法责任制。"]


def report(n: int) -> str:
    body = "\n".join(LINES[i % len(LINES)] for i in range(n))
    return "某某镇2023年法治政府建设年度报告\n" + body + "\n某某镇人民政府\n2024年3月1日\n"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--lines", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    args = ap.parse_args()

    import scorer
    from scorer.document_builder import parse_text
    from scorer.scoring import score_document

    rb = scorer.default_rulebook()
    score_document(parse_text(report(100), "warm-up"), rb)
    print(f"{'lines':>9} {'MB':>6} {'parse s':>8} {'score s':>8} {'total s':>8} {'ms/1k lines':>12}")
    for n in args.lines:
        text = report(n)
        t0 = time.perf_counter()
        doc = parse_text(text, "bench")
        t1 = time.perf_counter()
        score_document(doc, rb)
        t2 = time.perf_counter()
        print(f"{n:>9} {len(text.encode()) / 1e6:>6.1f} {t1 - t0:>8.2f} {t2 - t1:>8.2f} {t2 - t0:>8.2f} "
              f"{1000 * (t2 - t0) / (n / 1000):>12.1f}", flush=True)


if __name__ == "__main__":
    main()

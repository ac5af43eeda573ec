"""The keyword-grep baseline for `scorer eval`: one regex per concept, match → done, else absent.

    python benchmarks/grep_baseline.py tests/data/real/labels.tsv tests/data/real [--split test]

Prints the grep's agreement with the labels per concept and overall, beside the scorer's on the
same files, so that the scorer is measured against the simplest thing that could work.
"""
from __future__ import annotations

import argparse
import re
from pathlib import Path

import scorer
from scorer.evaluation import evaluate, load_labels

GREP = {
    "FR": "第一责任人",
    "LA": "法律顾问|公职律师",
    "TS": "三项制度|执法公示|全过程记录|法制审核",
    "DR": "保密审查|三审三校|发布审核|审核后发布",
    "DS": "信息公开|政务公开|主动公开",
}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("labels")
    ap.add_argument("folder")
    ap.add_argument("--split")
    args = ap.parse_args()
    rb = scorer.default_rulebook()
    labels = load_labels(args.labels, rb)
    report = evaluate(labels, args.folder, rb, split=args.split)
    print(f"{'concept':8}{'labels':>8}{'grep':>9}{'scorer':>9}")
    g_all = s_all = n_all = 0
    for col in report.columns:
        if col.column not in GREP:
            continue
        rx = re.compile(GREP[col.column])
        g = 0
        for v in col.verdicts:
            text = Path(args.folder, v.file).read_text(encoding="utf-8", errors="replace")
            g += ("done" if rx.search(text) else "absent") in v.gold
        s = sum(v.agrees for v in col.verdicts)
        n = len(col.verdicts)
        g_all, s_all, n_all = g_all + g, s_all + s, n_all + n
        print(f"{col.column:8}{n:>8}{g / n:>9.4f}{s / n:>9.4f}")
    print(f"{'all':8}{n_all:>8}{g_all / n_all:>9.4f}{s_all / n_all:>9.4f}")


if __name__ == "__main__":
    main()

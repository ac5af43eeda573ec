"""County summary benchmark over reports spliced from the real development corpus and the seeds (corpus.py).

Usage:  python benchmarks/summary_bench.py [--reports 2000] [--small 200]

Prints, in one run:
- throughput of `scorer summary --jobs 1` (everything: reading, scoring 56 rules, one HTML gap report
  per unit, copy finder, index.html, csv, xlsx) against plain `jieba.lcut` over the same texts in one
  process (jieba's dictionary load excluded); target (issue 10): ours ≥ 3× the reports per second of jieba;
- the speed-up from --jobs 1 to --jobs 2 on the same corpus;
- peak memory (max RSS) of `summary --jobs 1` for the small against the large corpus; target ≤ 1.3×.
"""
from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))
from corpus import make_corpus  # noqa: E402


def jieba_throughput(folder: Path) -> tuple[float, int]:
    code = (
        "import jieba, time, pathlib, sys\n"
        "jieba.initialize()\n"
        "texts = [p.read_text(encoding='utf-8') for p in sorted(pathlib.Path(sys.argv[1]).glob('*.txt'))]\n"
        "t = time.perf_counter()\n"
        "n = sum(len(jieba.lcut(x)) for x in texts)\n"
        "print(time.perf_counter() - t, n)\n"
    )
    out = subprocess.run([sys.executable, "-c", code, str(folder)], capture_output=True, text=True, check=True)
    secs, tokens = out.stdout.split()
    return float(secs), int(tokens)


def summary_run(folder: Path, jobs: int) -> tuple[float, int]:
    """Wall time and peak RSS (KiB) of one `scorer summary` process (with --jobs 1, all work is in it)."""
    out = Path(tempfile.mkdtemp(prefix="bench-out-"))
    code = (
        "import resource, subprocess, sys, time\n"
        "t = time.perf_counter()\n"
        "p = subprocess.run([sys.executable, '-m', 'scorer', 'summary', sys.argv[1], '--out', sys.argv[2],"
        " '--jobs', sys.argv[3], '--no-progress'], capture_output=True, text=True)\n"
        "dt = time.perf_counter() - t\n"
        "assert p.returncode == 0, p.stderr\n"
        "print(dt, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    )
    try:
        res = subprocess.run([sys.executable, "-c", code, str(folder), str(out / "o"), str(jobs)],
                             capture_output=True, text=True, check=True, cwd=ROOT)
    finally:
        shutil.rmtree(out, ignore_errors=True)
    secs, rss = res.stdout.split()
    return float(secs), int(rss)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--reports", type=int, default=2000)
    ap.add_argument("--small", type=int, default=200)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-corpus-") as tmp:
        big, small = Path(tmp) / "big", Path(tmp) / "small"
        big.mkdir()
        small.mkdir()
        chars, sentences, distinct = make_corpus(big, args.reports)
        make_corpus(small, args.small)
        print(f"corpus: {args.reports} reports, {chars / 1e6:.1f} M characters, {sentences} sentences of which "
              f"{distinct} distinct ({distinct / sentences:.0%}); and {args.small} reports for the memory comparison")
        jt, tokens = jieba_throughput(big)
        print(f"jieba.lcut over all texts, one process:  {jt:7.1f} s  {args.reports / jt:7.1f} reports/s  "
              f"({chars / jt / 1e3:.0f} k chars/s, {tokens} tokens)")
        t1, rss_big = summary_run(big, 1)
        print(f"scorer summary --jobs 1 (all outputs):   {t1:7.1f} s  {args.reports / t1:7.1f} reports/s  "
              f"peak RSS {rss_big / 1024:.0f} MiB")
        print(f"  per core, ours vs jieba: {jt / t1:.2f}x  (target ≥ 3x)")
        t2, _ = summary_run(big, 2)
        print(f"scorer summary --jobs 2:                 {t2:7.1f} s  speed-up 1→2 jobs {t1 / t2:.2f}x "
              f"(machine has {__import__('os').cpu_count()} cores)")
        ts, rss_small = summary_run(small, 1)
        print(f"peak RSS --jobs 1: {args.small} reports {rss_small / 1024:.0f} MiB, {args.reports} reports "
              f"{rss_big / 1024:.0f} MiB, ratio {rss_big / rss_small:.2f}  (target ≤ 1.3)")


if __name__ == "__main__":
    main()

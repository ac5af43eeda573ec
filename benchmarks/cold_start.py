"""Cold start: `scorer check SEED --json out.json` against `python -c "import jieba; jieba.lcut('法治')"`.

Both run as fresh processes, interleaved, in the same run; prints the medians and their ratio.
Usage:  python benchmarks/cold_start.py [--runs 9]
Target (issue 2): ratio ≤ 1.3.
"""
from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "seeds" / "002_f24fc2990dbe03d0.txt"


def timed(cmd: list[str]) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=9)
    args = ap.parse_args()
    exe = shutil.which("scorer", path=str(Path(sys.executable).parent)) or shutil.which("scorer")
    scorer_cmd = [exe] if exe else [sys.executable, "-m", "scorer"]
    with tempfile.TemporaryDirectory() as tmp:
        out = str(Path(tmp) / "out.json")
        ours = scorer_cmd + ["check", str(SEED), "--json", out]
        base = [sys.executable, "-c", "import jieba; jieba.lcut('法治')"]
        timed(ours), timed(base)  # warm the OS file cache and jieba's dictionary cache once
        a, b = [], []
        for _ in range(args.runs):
            a.append(timed(ours))
            b.append(timed(base))
    ma, mb = statistics.median(a), statistics.median(b)
    print(f"scorer check (cold)         median {ma:.3f} s  runs {args.runs}  min {min(a):.3f}  max {max(a):.3f}")
    print(f"import jieba; lcut (cold)   median {mb:.3f} s  runs {args.runs}  min {min(b):.3f}  max {max(b):.3f}")
    print(f"ratio {ma / mb:.2f}  (target ≤ 1.3)")


if __name__ == "__main__":
    main()

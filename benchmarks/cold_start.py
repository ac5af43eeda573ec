"""Cold start: `scorer check SEED --json out.json` and the default `scorer check SEED` (writing the HTML
gap report) against `python -c "import jieba; jieba.lcut('法治')"`.

All run as fresh processes, interleaved, in the same run; prints medians (min, max) and the ratios.
Usage:  python benchmarks/cold_start.py [--runs 9]
Targets (issue 10): --json ≤ 0.5× jieba; default (HTML) ≤ 0.6× jieba.
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


def timed(cmd: list[str], cwd: str | None = None) -> float:
    t0 = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=cwd)
    return time.perf_counter() - t0


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=9)
    args = ap.parse_args()
    exe = shutil.which("scorer", path=str(Path(sys.executable).parent)) or shutil.which("scorer")
    scorer_cmd = [exe] if exe else [sys.executable, "-m", "scorer"]
    with tempfile.TemporaryDirectory() as tmp:
        seed = Path(tmp) / SEED.name
        shutil.copy(SEED, seed)  # the HTML lands next to the input: keep it out of the repository
        cmds = {
            "scorer check --json (cold)": scorer_cmd + ["check", str(seed), "--json", str(Path(tmp) / "out.json")],
            "scorer check, default (cold)": scorer_cmd + ["check", str(seed)],  # the table and <stem>.gap.html
            "import jieba; lcut (cold)": [sys.executable, "-c", "import jieba; jieba.lcut('法治')"],
        }
        for cmd in cmds.values():
            timed(cmd, tmp)  # warm the OS file cache, jieba's dictionary cache and the rulebook cache once
        times: dict[str, list[float]] = {name: [] for name in cmds}
        for _ in range(args.runs):
            for name, cmd in cmds.items():
                times[name].append(timed(cmd, tmp))
    med = {name: statistics.median(t) for name, t in times.items()}
    for name, t in times.items():
        print(f"{name:28} median {med[name]:.3f} s  min {min(t):.3f}  max {max(t):.3f}  runs {args.runs}")
    base = med["import jieba; lcut (cold)"]
    print(f"ratio --json / jieba   {med['scorer check --json (cold)'] / base:.2f}  (target ≤ 0.5)")
    print(f"ratio default / jieba {med['scorer check, default (cold)'] / base:.2f}  (target ≤ 0.6)")


if __name__ == "__main__":
    main()

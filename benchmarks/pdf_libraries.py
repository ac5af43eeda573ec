"""Which PDF library extracts Chinese report text best? pypdf against pdfplumber (pdfminer.six).

Usage:  python benchmarks/pdf_libraries.py PDF_DIR
For every NAME.pdf in PDF_DIR with its source NAME.txt in seeds/, prints per library the share of the
source's CJK characters recovered in order (difflib ratio over CJK-only strings), the characters that are
not in the source (garbage), and the time. Make the PDFs first, e.g. by printing the seeds from Chromium.
"""
from __future__ import annotations

import difflib
import re
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CJK = re.compile(r"[\u4e00-\u9fff]")


def with_pypdf(path: Path) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)


def with_pdfplumber(path: Path) -> str:
    import pdfplumber

    with pdfplumber.open(str(path)) as pdf:
        return "\n".join(page.extract_text() or "" for page in pdf.pages)


def cjk(text: str) -> str:
    """CJK characters only, after scorer's own folding (PDF fonts emit Kangxi radicals for ideographs)."""
    from scorer.cleaning import clean

    return "".join(CJK.findall(clean(text).text))


def main() -> None:
    import logging

    logging.getLogger("pdfminer").setLevel(logging.ERROR)  # pdfminer warns once per glyph on Chromium PDFs
    pdf_dir = Path(sys.argv[1])
    totals: dict[str, list[float]] = {}
    for pdf in sorted(pdf_dir.glob("*.pdf")):
        src = ROOT / "seeds" / (pdf.stem + ".txt")
        if not src.exists():
            continue
        want = cjk(src.read_text(encoding="utf-8"))
        for name, fn in (("pypdf", with_pypdf), ("pdfplumber", with_pdfplumber)):
            t0 = time.perf_counter()
            got = cjk(fn(pdf))
            dt = time.perf_counter() - t0
            sm = difflib.SequenceMatcher(None, want, got, autojunk=False)
            ratio = sm.ratio()
            extra = sum(b2 - b1 for tag, a1, a2, b1, b2 in sm.get_opcodes() if tag in ("insert", "replace"))
            totals.setdefault(name, []).extend([ratio, dt])
            print(f"{pdf.name:32s} {name:10s} in-order match {ratio:.4f}  extra chars {extra:4d}  {dt * 1000:7.1f} ms")
    for name, vals in totals.items():
        ratios, times = vals[0::2], vals[1::2]
        print(f"{name:10s} mean match {sum(ratios) / len(ratios):.4f}  total time {sum(times) * 1000:.0f} ms")


if __name__ == "__main__":
    main()

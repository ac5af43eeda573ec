"""An honest benchmark corpus: reports spliced from the real development corpus and the seeds.

Each sentence of a benchmark report joins the opening clauses of one real sentence to the closing
clauses of another from a part with the same role (measures, shortcomings, plans), and its figures
are redrawn, so almost no sentence repeats across 2,000 reports: a per-sentence cache gains nothing,
while the density of rule terms, headings, plans and problems stays that of real reports.
`make_corpus` returns the character count and the number of distinct sentences.
"""
from __future__ import annotations

import random
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
_SENT = re.compile(r"[^。！？；\n]+[。！？；]?")
_DIGITS = re.compile(r"\d+")
SYLLABLES = "安宝北长城大东丰高和河红华黄金井良龙马南平青清三山上石双太天田王西仙新阳永玉云枣张中"


def _sources() -> list[Path]:
    real = ROOT / "tests" / "data" / "real"
    dev = [real / line.split("\t")[0] for line in (real / "labels.tsv").read_text(encoding="utf-8").splitlines()[1:]
           if line.split("\t")[1] == "dev"]
    return sorted((ROOT / "seeds").glob("*.txt")) + dev


def sentence_pools() -> dict[str, list[str]]:
    """Sentences of the seeds and the development split by the role of the part they stand in."""
    from scorer.document_builder import read_document

    pools: dict[str, list[str]] = {"preamble": [], "measures": [], "shortcomings": [], "plans": []}
    for f in _sources():
        doc = read_document(f)
        names = [n for n in (doc.metadata.unit, doc.metadata.county) if n]
        for s in doc.sentences:
            if s.is_heading or len(s.text) < 12:
                continue
            role = doc.sections[s.section].roles[0]
            text = s.text
            for n in names:
                text = text.replace(n, "※")  # one character, so a splice never cuts it
            pools.get(role, pools["measures"]).append(text)
    return pools


def _splice(rng: random.Random, pool: list[str]) -> str:
    a, b = rng.choice(pool), rng.choice(pool)
    cuts_a = [m.end() for m in re.finditer("，", a)] or [len(a) // 2]
    cuts_b = [m.end() for m in re.finditer("，", b)] or [len(b) // 2]
    text = a[:rng.choice(cuts_a)] + b[rng.choice(cuts_b):]
    return _DIGITS.sub(lambda m: str(rng.randint(2, 10 ** len(m.group(0)) - 1)) if len(m.group(0)) != 4
                       else m.group(0), text)  # four digits are years: keep them


def _paragraph(rng: random.Random, pool: list[str], lo: int, hi: int) -> str:
    return "".join(_splice(rng, pool) for _ in range(rng.randint(lo, hi)))


def make_corpus(folder: Path, n: int, seed: int = 7) -> tuple[int, int, int]:
    """Write n reports into folder; returns (characters, sentences, distinct sentences)."""
    rng = random.Random(seed)
    pools = sentence_pools()
    chars, seen, total = 0, set(), 0
    for i in range(n):
        unit = "".join(rng.sample(SYLLABLES, 2)) + rng.choice("镇乡") if i % 7 else "".join(rng.sample(SYLLABLES, 3)) + "镇"
        year = rng.choice([2022, 2023, 2024])
        lines = [f"{unit}{year}年法治政府建设情况报告", "", _paragraph(rng, pools["preamble"] or pools["measures"], 2, 4),
                 "一、主要举措和成效"]
        for k in range(rng.randint(6, 12)):
            lines += [f"（{'一二三四五六七八九十'[k % 10]}）{_splice(rng, pools['measures'])[:14].rstrip('。，')}",
                      _paragraph(rng, pools["measures"], 3, 6)]
        lines += ["二、存在的不足和原因", _paragraph(rng, pools["shortcomings"] or pools["measures"], 3, 5),
                  "三、下一年度工作安排", _paragraph(rng, pools["plans"] or pools["measures"], 3, 6),
                  "", f"{unit}人民政府", f"{year + 1}年3月{rng.randint(1, 28)}日"]
        text = "\n".join(lines).replace("※", unit)
        (folder / f"{i:05d}.txt").write_text(text, encoding="utf-8")
        chars += len(text)
        for m in _SENT.finditer(text):
            total += 1
            seen.add(m.group(0))
    return chars, total, len(seen)

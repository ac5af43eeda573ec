"""Scoring a folder of reports: discovery, manifest, parallel workers, results streamed to disk.

Each worker reads, scores and renders one report and writes its gap report itself; it
returns only a compact record (statuses as one character per rule, a few numbers, the
sentence fingerprints for the copy finder). The parent appends results.jsonl as records
arrive, so memory does not grow with the number of reports.
"""
from __future__ import annotations

import csv
import hashlib
import os
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from .errors import InputError, ScorerError
from .reading import DEFAULT_MAX_BYTES, SUPPORTED

STATUS_CODES = {"met": "m", "partial": "p", "planned": "l", "missing": "x", "waived": "w", "na": "n"}
CODE_STATUS = {v: k for k, v in STATUS_CODES.items()}
MANIFEST_FIELDS = ("file", "unit", "county", "level", "year")


@dataclass
class Job:
    index: int
    path: str
    manifest: dict[str, str] = field(default_factory=dict)


@dataclass
class Record:
    """What the summary keeps of one report (small on purpose)."""

    index: int
    file: str
    ok: bool
    error: str = ""
    unit: str | None = None
    county: str | None = None
    level: str | None = None
    year: int | None = None
    dated: str | None = None
    published: str | None = None
    score: float = 0.0
    codes: str = ""  # one status code per rule, in rulebook order
    text_year: int | None = None
    timeliness: str = "unknown"
    text_hash: str = ""
    report: str = ""  # file name of the gap report under reports/
    best: dict[str, tuple[float, str]] = field(default_factory=dict)  # rule -> (credit, evidence)
    fingerprints: list[tuple[int, int]] = field(default_factory=list)  # (hash, sentence index)
    sentences: dict[int, str] = field(default_factory=dict)  # fingerprinted sentences by index
    json_line: str = ""

    @property
    def label(self) -> str:
        return self.unit or Path(self.file).name


def discover(paths: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Report files under the given files and folders (recursively), and paths that are unusable."""
    found: list[str] = []
    problems: list[tuple[str, str]] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            for f in sorted(p.rglob("*")):
                if f.is_file() and f.suffix.lower() in SUPPORTED + (".doc", ".wps") and not f.name.startswith("."):
                    found.append(str(f))
        elif p.exists():
            found.append(str(p))
        else:
            problems.append((raw, "文件不存在 (no such file)"))
    seen: set[str] = set()
    unique = []
    for f in found:
        key = os.path.realpath(f)
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, problems


def load_manifest(path: str | os.PathLike) -> dict[str, dict[str, str]]:
    """file → overrides. Keys are matched against the full path and against the file name."""
    p = Path(path)
    if not p.is_file():
        raise InputError(p, "清单文件不存在 (manifest not found)")
    try:
        with open(p, encoding="utf-8-sig", newline="") as fh:
            reader = csv.DictReader(fh)
            if not reader.fieldnames or "file" not in reader.fieldnames:
                raise InputError(p, "清单第一行应为列名，至少包含 file（可选 unit, county, level, year）")
            unknown = [c for c in reader.fieldnames if c not in MANIFEST_FIELDS]
            if unknown:
                raise InputError(p, f"清单有未知列 {unknown[0]}（可用：{', '.join(MANIFEST_FIELDS)}）")
            rows: dict[str, dict[str, str]] = {}
            for n, row in enumerate(reader, start=2):
                if not (row.get("file") or "").strip():
                    raise InputError(f"{p}:{n}", "缺少 file 列的值")
                level = (row.get("level") or "").strip()
                if level and level not in ("township", "county", "department"):
                    raise InputError(f"{p}:{n}", "level 应为 township、county 或 department")
                year = (row.get("year") or "").strip()
                if year and not (year.isdigit() and len(year) == 4):
                    raise InputError(f"{p}:{n}", "year 应为四位年份")
                rows[row["file"].strip()] = {k: (v or "").strip() for k, v in row.items() if k != "file" and v}
            return rows
    except UnicodeDecodeError:
        raise InputError(p, "清单不是 UTF-8 编码的 CSV") from None


def manifest_for(path: str, manifest: dict[str, dict[str, str]]) -> dict[str, str]:
    for key in (path, os.path.normpath(path), Path(path).name):
        if key in manifest:
            return manifest[key]
    return {}


# --- the worker --------------------------------------------------------------------
_W: dict[str, object] = {}  # per-process cache: rulebook, waivers, output folder


def _init_worker(rules: str | None, waivers: str | None, out_dir: str, max_bytes: int) -> None:
    from .rulebook import load_rulebook
    from .waivers import load_waivers

    rb = load_rulebook(rules)
    _W.update(rulebook=rb, waivers=load_waivers(waivers) if waivers else [], out=out_dir, max_bytes=max_bytes)


def _text_year(doc) -> int | None:
    """The year the body speaks of: how the first paragraphs begin ("2023年，我镇…") or their most named year."""
    import re
    from collections import Counter

    head = doc.text[doc.sections[0].start: doc.sections[0].start + 800] if doc.sections else doc.text[:800]
    m = re.match(r"\s*(20\d{2})\s*年", head)
    if m:
        return int(m.group(1))
    years = Counter(int(y) for y in re.findall(r"(20\d{2})\s*年", head))
    return years.most_common(1)[0][0] if years else None


def score_one(job: Job) -> Record:
    """Read, score and render one report (runs in a worker process)."""
    from .copies import fingerprint_document
    from .document_builder import read_document
    from .metadata import timeliness
    from .outputs import write_atomic
    from .render_html import render
    from .scoring import score_document

    rb = _W["rulebook"]
    try:
        doc = read_document(job.path, _W["max_bytes"])  # type: ignore[arg-type]
    except ScorerError as err:
        return Record(index=job.index, file=job.path, ok=False, error=err.problem)
    except Exception as exc:  # never lose a batch to one file
        return Record(index=job.index, file=job.path, ok=False, error=f"内部错误：{type(exc).__name__}: {exc}")
    md = doc.metadata
    for key in ("unit", "county", "level"):
        if job.manifest.get(key):
            setattr(md, key, job.manifest[key])
    if job.manifest.get("year"):
        md.year = int(job.manifest["year"])
    try:
        result = score_document(doc, rb, _W["waivers"])  # type: ignore[arg-type]
        html_name = f".{job.index}.report.html"
        write_atomic(Path(_W["out"]) / "reports" / html_name, render(result))  # type: ignore[arg-type]
    except Exception as exc:
        return Record(index=job.index, file=job.path, ok=False, error=f"内部错误：{type(exc).__name__}: {exc}")
    data = result.to_dict()
    best = {}
    for r in result.rules:
        if r.status in ("met", "partial") and r.evidence and r.rule.kind == "concept":
            best[r.rule.id] = (r.credit, r.evidence[0].text)
    fps, sentences = fingerprint_document(doc)
    return Record(
        index=job.index, file=job.path, ok=True, unit=md.unit, county=md.county, level=md.level, year=md.year,
        dated=md.dated, published=md.published, score=result.score,
        codes="".join(STATUS_CODES[r.status] for r in result.rules), text_year=_text_year(doc),
        timeliness=str(timeliness(md)["status"]),
        text_hash=hashlib.sha1(doc.text.encode("utf-8")).hexdigest(), report=html_name, best=best,
        fingerprints=fps, sentences=sentences, json_line=_one_line(data),
    )


def _one_line(data: dict) -> str:
    import json

    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def run_jobs(jobs: list[Job], rules: str | None, waivers: str | None, out_dir: str, n_jobs: int,
             max_bytes: int = DEFAULT_MAX_BYTES) -> Iterator[Record]:
    """Score jobs across processes, yielding records as they finish (in completion order)."""
    init = (rules, waivers, out_dir, max_bytes)
    if n_jobs <= 1:
        _init_worker(*init)
        for job in jobs:
            yield score_one(job)
        return
    with ProcessPoolExecutor(max_workers=n_jobs, initializer=_init_worker, initargs=init) as pool:
        pending = set()
        it = iter(jobs)
        limit = 4 * n_jobs  # bounded in-flight work keeps memory flat
        for job in it:
            pending.add(pool.submit(score_one, job))
            if len(pending) >= limit:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                for fut in done:
                    yield fut.result()
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for fut in done:
                yield fut.result()

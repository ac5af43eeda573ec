"""Scoring a folder of reports: discovery, manifest, parallel workers, results streamed to disk.

Each worker reads, scores and renders one report and writes its gap report itself; it
returns only a compact record (statuses as one character per rule, a few numbers, the
sentence fingerprints for the copy finder). The parent appends results.jsonl as records
arrive, so memory does not grow with the number of reports.
"""
from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import stat
from collections import deque
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

from .errors import InputError, ScorerError
from .reading import DEFAULT_MAX_BYTES, SUPPORTED
from .results import rulebook_dict, with_rule_text
from .rules.vocabulary import DONE_STATUSES, LEVELS, STATUS_CODES

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
    doubts: list[str] = field(default_factory=list)  # unit or level not detected, or only guessed
    sketch: tuple[int, ...] = ()  # the smallest sentence fingerprints: the same report in another format

    @property
    def label(self) -> str:
        return self.unit or Path(self.file).name


def discover(paths: list[str]) -> tuple[list[str], list[tuple[str, str]]]:
    """Report files under the given files and folders (recursively), and paths that are unusable.

    Nothing is skipped silently: an unreadable subfolder, a FIFO or device with a report's
    extension, a dangling symlink all come back as (path, reason) problems."""
    from .files import kind_of

    found: list[str] = []
    problems: list[tuple[str, str]] = []

    def consider(f: str, explicit: bool) -> None:
        try:
            st = os.stat(f)
        except FileNotFoundError:
            problems.append((f, "符号链接指向的文件不存在 (dangling symlink)" if os.path.islink(f)
                             else "文件不存在 (no such file)"))
            return
        except OSError as exc:
            problems.append((f, f"无法访问：{exc.strerror or exc} (cannot access)"))
            return
        if stat.S_ISREG(st.st_mode):
            found.append(f)
        elif explicit or not stat.S_ISDIR(st.st_mode):
            problems.append((f, kind_of(st.st_mode)))

    for raw in paths:
        if os.path.isdir(raw):
            def unreadable(exc: OSError) -> None:
                problems.append((exc.filename or raw, f"无法读取文件夹：{exc.strerror or exc} (cannot list folder)"))

            for root, dirs, names in os.walk(raw, onerror=unreadable):
                dirs.sort()
                for name in sorted(names):
                    if name.startswith(".") or os.path.splitext(name)[1].lower() not in SUPPORTED + (".doc", ".wps"):
                        continue
                    consider(os.path.join(root, name), explicit=False)
        else:
            consider(raw, explicit=True)
    seen: set[str] = set()
    unique = []
    for f in found:
        key = os.path.realpath(f)
        if key not in seen:
            seen.add(key)
            unique.append(f)
    return unique, problems


MAX_SIDECAR_BYTES = 64 * 1024 * 1024
MAX_NAME = 40  # characters in a unit or county name (the longest real ones are about 20)
_YEAR = re.compile(r"[0-9]{4}")  # ASCII digits only: "²⁰²³".isdigit() is True, int() of it fails


def load_manifest(path: str | os.PathLike) -> dict[str, dict[str, str]]:
    """file → overrides. Keys are matched against the full path and against the file name.

    Every problem is one line `file:line: problem`: unknown or extra columns, bad levels and
    years, names with control characters or longer than a unit name can be."""
    from .files import read_regular
    from .printable import has_unsafe

    p = Path(path)
    if not os.path.lexists(p):
        raise InputError(p, "清单文件不存在 (manifest not found)")
    raw = read_regular(p, MAX_SIDECAR_BYTES, InputError, "清单")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(f"{p}:{line}", "清单不是 UTF-8 编码的 CSV") from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise InputError(f"{p}:{line}", "清单含有 NUL 字符，不是文本 CSV (NUL byte)")
    reader = csv.reader(io.StringIO(text, newline=""))
    rows: dict[str, dict[str, str]] = {}
    try:
        header = next(reader, None)
        if not header or "file" not in [h.strip() for h in header]:
            raise InputError(f"{p}:1", "清单第一行应为列名，至少包含 file（可选 unit, county, level, year）")
        header = [h.strip() for h in header]
        unknown = [c for c in header if c not in MANIFEST_FIELDS]
        if unknown:
            raise InputError(f"{p}:1", f"清单有未知列 {unknown[0]!r}（可用：{', '.join(MANIFEST_FIELDS)}）")
        if len(set(header)) != len(header):
            raise InputError(f"{p}:1", "清单有重复的列名 (duplicate column)")
        for cells in reader:
            n = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if len(cells) > len(header):
                raise InputError(f"{p}:{n}", f"这一行有 {len(cells)} 列，列名只有 {len(header)} 列 (extra column)")
            row = {k: v.strip() for k, v in zip(header, cells)}
            if not row.get("file"):
                raise InputError(f"{p}:{n}", "缺少 file 列的值")
            for key, value in row.items():
                if has_unsafe(value):
                    raise InputError(f"{p}:{n}", f"{key} 含有控制字符或双向文本控制符 (control character)")
            for key in ("unit", "county"):
                if len(row.get(key, "")) > MAX_NAME:
                    raise InputError(f"{p}:{n}", f"{key} 超过 {MAX_NAME} 个字，不像单位名称 (name too long)")
            level = row.get("level", "")
            if level and level not in LEVELS:
                raise InputError(f"{p}:{n}", "level 应为 " + "、".join(LEVELS[:-1]) + " 或 " + LEVELS[-1])
            year = row.get("year", "")
            if year and not (_YEAR.fullmatch(year) and 1990 <= int(year) <= 2100):
                raise InputError(f"{p}:{n}", "year 应为四位年份（阿拉伯数字），如 2023")
            rows[row["file"]] = {k: v for k, v in row.items() if k != "file" and v}
    except csv.Error as exc:
        raise InputError(f"{p}:{reader.line_num}", f"清单不是有效的 CSV ({exc})") from None
    return rows


def manifest_for(path: str, manifest: dict[str, dict[str, str]]) -> dict[str, str]:
    for key in (path, os.path.normpath(path), Path(path).name):
        if key in manifest:
            return manifest[key]
    return {}


# --- the worker --------------------------------------------------------------------
_W: dict[str, object] = {}  # per-process cache: rulebook, waivers, output folder


def _init_worker(rules: str | None, waivers: str | None, out_dir: str, max_bytes: int,
                 worker: bool = True) -> None:
    from .rules.loader import load_rulebook
    from .waivers import load_waivers

    if worker:  # Ctrl-C reaches the whole process group: the parent alone handles it and stops the workers
        import signal

        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
    rb = load_rulebook(rules)
    _W.update(rulebook=rb, waivers=load_waivers(waivers) if waivers else [], out=out_dir, max_bytes=max_bytes)


def _rule_texts(rb) -> dict:
    """What each rule of the worker's rulebook says (results.rulebook_dict), made once per worker."""
    if _W.get("rule_texts_of") is not rb:
        _W.update(rule_texts=rulebook_dict(rb)["rules"], rule_texts_of=rb)
    return _W["rule_texts"]  # type: ignore[return-value]


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
    """Read, score and render one report (runs in a worker process). Never raises: any failure
    of this one file (reading, scoring, rendering, writing) becomes its error record."""
    from .printable import printable

    try:
        return _score_one(job)
    except ScorerError as err:
        return Record(index=job.index, file=printable(job.path), ok=False, error=err.problem)
    except MemoryError:
        return Record(index=job.index, file=printable(job.path), ok=False, error="内存不足，无法处理 (out of memory)")
    except Exception as exc:  # never lose a batch to one file
        return Record(index=job.index, file=printable(job.path), ok=False,
                      error=printable(f"内部错误：{type(exc).__name__}: {exc}")[:300])


def _score_one(job: Job) -> Record:
    from .copies import fingerprint_document
    from .document_builder import read_document
    from .metadata import doubts, override
    from .outputs import write_atomic
    from .printable import printable
    from .render_html import render
    from .scoring import score_document

    rb = _W["rulebook"]
    doc = read_document(job.path, _W["max_bytes"])  # type: ignore[arg-type]
    md = doc.metadata
    override(md, job.manifest.get("unit"), job.manifest.get("county"), job.manifest.get("level"),
             int(job.manifest["year"]) if job.manifest.get("year") else None)
    result = score_document(doc, rb, _W["waivers"])  # type: ignore[arg-type]
    data = result.to_dict(rule_text=False)  # what each rule says is written once, to rules.json
    html_name = f".{job.index}.report.html"
    page = render(result, "../index.html", with_rule_text(data, _rule_texts(rb)))  # type: ignore[arg-type]
    write_atomic(Path(_W["out"]) / "reports" / html_name, page)
    best = {}
    for r in result.rules:
        if r.status in DONE_STATUSES and r.evidence and r.rule.kind == "concept":
            best[r.rule.id] = (r.credit, r.evidence[0].text)
    fps, sentences = fingerprint_document(doc)
    return Record(
        index=job.index, file=printable(job.path), ok=True, unit=md.unit, county=md.county, level=md.level,
        year=md.year, dated=md.dated, published=md.published, score=result.score,
        codes="".join(STATUS_CODES[r.status] for r in result.rules), text_year=_text_year(doc),
        timeliness=str(result.timeliness["status"]),
        text_hash=hashlib.sha1(doc.text.encode("utf-8", "surrogatepass")).hexdigest(), report=html_name, best=best,
        fingerprints=fps, sentences=sentences, json_line=_one_line(data), doubts=doubts(md),
        sketch=tuple(sorted({h for h, _ in fps})[:SKETCH]),
    )


SKETCH = 48  # fingerprints kept per report to recognise it in another format (bottom-k sketch)


def _one_line(data: dict) -> str:

    import json

    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


PRELOAD_FROM = 20  # reports; below this, asking the on-disk dictionary per hit is cheaper than loading it (0.3 s)
WORKER_DIED = "处理这份报告的工作进程意外退出（可能是内存不足被系统终止），已跳过 (worker process died)"


def run_jobs(jobs: list[Job], rules: str | None, waivers: str | None, out_dir: str, n_jobs: int,
             max_bytes: int = DEFAULT_MAX_BYTES, notes: list[str] | None = None) -> Iterator[Record]:
    """Score jobs across processes, yielding records as they finish (in completion order).

    A worker that dies (the out-of-memory killer, a crash in a C library) breaks the whole
    process pool. Then the pool is restarted, and the reports that were in flight are retried
    one at a time in a single-worker pool: the one that kills its worker again becomes an
    error record, the others are scored. So a dead worker costs at most the report it held.
    Closing the generator (an interrupt) terminates the workers at once.
    """
    init = (rules, waivers, out_dir, max_bytes)
    if len(jobs) >= PRELOAD_FROM:  # once, before forking: the workers inherit jieba's dictionary
        from .matching import domain_words
        from .rules.loader import load_rulebook
        from .segmenter import segmenter_for
        from .wordfreq import preload

        preload()
        try:
            segmenter_for(domain_words(load_rulebook(rules))).warm()
        except ScorerError:
            pass  # a bad rulebook is reported by the workers, report by report
    try:
        yield from _run_jobs(jobs, init, n_jobs, notes)
    finally:
        _release()


def _release() -> None:
    """Scoring is over: give back the tokenizer's dictionary, its merged copies and remembered answers (tens
    of MB, filled up to their caps by a large batch), so that writing the summary's outputs reuses that memory
    instead of adding to it. A later check in this process loads what it needs again."""
    import gc

    from .segmenter import forget_all
    from .wordfreq import forget_preloaded

    _W.clear()
    forget_all()
    forget_preloaded()
    gc.collect()


def _run_jobs(jobs: list[Job], init: tuple, n_jobs: int, notes: list[str] | None) -> Iterator[Record]:
    if n_jobs <= 1:
        _init_worker(*init, worker=False)
        for job in jobs:
            yield score_one(job)
        return
    queue: deque[Job] = deque(jobs)
    suspects: deque[Job] = deque()
    restarts = 0
    while queue or suspects:
        if suspects:
            yield from _isolated(suspects, init)
            continue
        pool = ProcessPoolExecutor(max_workers=n_jobs, initializer=_init_worker, initargs=init)
        inflight: dict = {}
        broken = False
        finished = False
        try:
            limit = 4 * n_jobs  # bounded in-flight work keeps memory flat
            while queue or inflight:
                while queue and len(inflight) < limit and not broken:
                    job = queue.popleft()
                    try:
                        inflight[pool.submit(score_one, job)] = job
                    except BrokenProcessPool:
                        queue.appendleft(job)
                        broken = True
                if broken and not inflight:
                    break
                done, _ = wait(inflight, return_when=FIRST_COMPLETED)
                for fut in done:
                    job = inflight.pop(fut)
                    try:
                        rec = fut.result()
                    except BrokenProcessPool:
                        suspects.append(job)
                        broken = True
                        continue
                    except Exception as exc:  # a record that could not come back (pickling…)
                        rec = Record(index=job.index, file=_printable(job.path), ok=False,
                                     error=f"内部错误：{type(exc).__name__}")
                    yield rec
                if broken:
                    suspects.extend(inflight.values())
                    inflight.clear()
                    break
            finished = not broken
        finally:
            _stop(pool, graceful=finished)
        if broken:
            if not suspects and queue:  # the pool broke before taking any work: make progress anyway
                suspects.append(queue.popleft())
            restarts += 1
            if notes is not None:
                notes.append(f"工作进程意外退出，已重启（第 {restarts} 次），并逐个重试当时正在处理的 {len(suspects)} 份报告 "
                             "(a worker died; pool restarted)")


def _isolated(suspects: deque, init: tuple) -> Iterator[Record]:
    """Retry reports one at a time in a single-worker pool; a report that kills its worker is an error."""
    pool = None
    try:
        while suspects:
            job = suspects[0]
            if pool is None:
                pool = ProcessPoolExecutor(max_workers=1, initializer=_init_worker, initargs=init)
            try:
                rec = pool.submit(score_one, job).result()
            except BrokenProcessPool:
                rec = Record(index=job.index, file=_printable(job.path), ok=False, error=WORKER_DIED)
                _stop(pool, graceful=False)
                pool = None
            suspects.popleft()
            yield rec
    finally:
        if pool is not None:
            _stop(pool, graceful=True)


def _stop(pool: ProcessPoolExecutor, graceful: bool) -> None:
    """Shut a pool down; unless it finished normally, terminate its workers instead of waiting for them."""
    if graceful:
        pool.shutdown(wait=True)
        return
    processes = list(getattr(pool, "_processes", {}).values())  # no public API before Python 3.14
    pool.shutdown(wait=False, cancel_futures=True)
    for proc in processes:
        try:
            proc.kill()  # SIGKILL: a worker has nothing to clean up (its files are in the temporary folder)
        except Exception:
            pass
    for proc in processes:
        try:
            proc.join(5)
        except Exception:
            pass


def _printable(path: str) -> str:
    from .printable import printable

    return printable(path)

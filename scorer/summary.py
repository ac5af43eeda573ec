"""The county-wide summary: a folder of reports in, one summary page and spreadsheets out.

run_summary() drives batch scoring (batch.py), streams results.jsonl and the per-unit
gap reports to disk, finds copied passages (copies.py), aggregates what a county officer
needs and writes index.html, summary.csv and summary.xlsx (exports.py).
"""
from __future__ import annotations

import heapq
import json
import os
import re
import shutil
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from .batch import CODE_STATUS, Job, Record, discover, load_manifest, manifest_for, run_jobs
from .copies import CopyIndex, Passage, find_apart
from .errors import InputError
from .reading import DEFAULT_MAX_BYTES
from .results import shown_status
from .rules.loader import load_rulebook
from .rules.model import Rulebook
from .rules.vocabulary import DONE_STATUSES, STATUSES, VERDICTS

PEER_EXAMPLES = 2
_UNSAFE = re.compile(r'[\\/:*?"<>|\s]+')


@dataclass
class Summary:
    rulebook: Rulebook
    records: list[Record]  # scored reports, in input order
    errors: list[Record]
    passages: list[Passage] = field(default_factory=list)
    best: dict[str, list[tuple[float, int, str, str]]] = field(default_factory=dict)  # rule -> (credit, len, unit, text)
    baseline: dict[str, dict[str, str]] | None = None  # unit -> rule -> status (last year)
    notes: list[str] = field(default_factory=list)  # things the user should know (a worker restarted)
    same_report: list[tuple[Record, Record]] = field(default_factory=list)  # (not counted, counted): two formats
    _memo: dict[str, Any] = field(default_factory=dict, repr=False)  # records are fixed: aggregate once

    # --- per rule / per part -------------------------------------------------------
    def statuses(self, rec: Record) -> dict[str, str]:
        """Rule id -> the status as shown (an unwritten optional item is "optional", not a gap)."""
        return dict(zip((r.id for r in self.rulebook.rules), self.shown(rec)))

    def shown(self, rec: Record) -> list[str]:
        """The shown status of each rule, in rulebook order (results.shown_status)."""
        return [shown_status(r, CODE_STATUS[c]) for r, c in zip(self.rulebook.rules, rec.codes)]

    def columns(self) -> list[tuple[int, Any]]:
        """(index into a record's codes, rule) in the rulebook's part order: the order of the matrix
        columns on the page and in the spreadsheets (parts as the rulebook lists them, rules within a part
        as the rulebook lists them)."""
        order = {p.id: i for i, p in enumerate(self.rulebook.parts)}
        return sorted(enumerate(self.rulebook.rules), key=lambda ir: (order.get(ir[1].part, len(order)), ir[0]))

    def rule_counts(self) -> list[dict[str, Any]]:
        if "rule_counts" in self._memo:
            return self._memo["rule_counts"]
        out = []
        for i, rule in enumerate(self.rulebook.rules):
            c = Counter(shown_status(rule, CODE_STATUS[rec.codes[i]]) for rec in self.records)
            applicable = sum(c[s] for s in VERDICTS)
            covered = c["met"] + c["partial"]
            out.append({"rule": rule, "index": i + 1, "counts": c, "applicable": applicable,
                        "coverage": (covered / applicable) if applicable else None,
                        "gaps": c["planned"] + c["missing"]})
        self._memo["rule_counts"] = out
        return out

    def part_coverage(self) -> list[dict[str, Any]]:
        rows = []
        counts = self.rule_counts()
        for part in self.rulebook.parts:
            rs = [c for c in counts if c["rule"].part == part.id]
            applicable = sum(c["applicable"] for c in rs)
            covered = sum(c["counts"]["met"] + c["counts"]["partial"] for c in rs)
            rows.append({"part": part, "coverage": (covered / applicable) if applicable else None,
                         "rules": len(rs)})
        return rows

    def ranking(self) -> list[Record]:
        return sorted(self.records, key=lambda r: (-r.score, r.label))

    def common_gaps(self, top: int = 10) -> list[dict[str, Any]]:
        rows = [c for c in self.rule_counts() if c["gaps"] and c["rule"].counts_in_score]
        rows.sort(key=lambda c: (-c["gaps"], -c["rule"].weight))
        out = []
        for c in rows[:top]:
            peers = sorted(self.best.get(c["rule"].id, []), reverse=True)[:PEER_EXAMPLES]
            out.append({**c, "examples": [{"unit": unit, "text": text} for _, _, unit, text in peers],
                        "units": [rec.label for rec in self.records
                                  if shown_status(c["rule"], CODE_STATUS[rec.codes[c["index"] - 1]])
                                  in ("planned", "missing")]})
        return out

    def plan_only(self) -> list[dict[str, Any]]:
        rows = [c for c in self.rule_counts() if c["counts"]["planned"] >= max(2, 0.2 * len(self.records))]
        return sorted(rows, key=lambda c: -c["counts"]["planned"])

    # --- metadata problems -------------------------------------------------------
    def metadata_problems(self) -> list[dict[str, str]]:
        out: list[dict[str, str]] = []
        by_hash: dict[str, list[Record]] = defaultdict(list)
        by_unit_year: dict[tuple[str, int | None], list[Record]] = defaultdict(list)
        for rec in self.records:
            for doubt in rec.doubts:  # unit or level not detected, or only guessed
                out.append({"file": rec.file, "unit": rec.unit or "", "problem": doubt})
            if rec.year and rec.text_year and rec.year != rec.text_year:
                out.append({"file": rec.file, "unit": rec.label,
                            "problem": f"标题年度 {rec.year} 与正文年度 {rec.text_year} 不一致"})
            if rec.year is None:
                out.append({"file": rec.file, "unit": rec.label, "problem": "未识别报告年度"})
            if rec.timeliness == "late":
                when = " / ".join(x for x in (f"落款 {rec.dated}" if rec.dated else "",
                                              f"发布 {rec.published}" if rec.published else "") if x)
                out.append({"file": rec.file, "unit": rec.label,
                            "problem": f"逾期：{when} 晚于 {rec.year + 1 if rec.year else '次'}年3月31日"})
            by_hash[rec.text_hash].append(rec)
            if rec.unit:
                by_unit_year[(rec.unit, rec.year)].append(rec)
        out += self._batch_problems()
        for dup, kept in self.same_report:
            out.append({"file": dup.file, "unit": dup.label,
                        "problem": f"与 {Path(kept.file).name} 是同一份报告的另一种格式，只计一次（按 {Path(kept.file).name} 评分）"})
        for group in by_hash.values():
            if len(group) > 1:
                for rec in group:
                    others = "、".join(Path(o.file).name for o in group if o is not rec)
                    out.append({"file": rec.file, "unit": rec.label, "problem": f"重复提交：与 {others} 内容相同"})
        for (unit, year), group in by_unit_year.items():
            hashes = {g.text_hash for g in group}
            if len(group) > 1 and len(hashes) > 1:
                for rec in group:
                    out.append({"file": rec.file, "unit": unit,
                                "problem": f"同一单位同一年度有 {len(group)} 份不同的报告"})
        return out

    def _batch_problems(self) -> list[dict[str, str]]:
        """Reports that do not belong with the rest (another year, another county) or carry no date."""
        out = []
        for key, what, unit_of in (("year", "年度", "年度"), ("county", "县（区）", "")):
            seen = Counter(getattr(r, key) for r in self.records if getattr(r, key))
            if len(seen) < 2:
                continue
            main, n = seen.most_common(1)[0]
            for rec in self.records:
                value = getattr(rec, key)
                if value and value != main:
                    out.append({"file": rec.file, "unit": rec.label,
                                "problem": f"本批报告不是同一{what}：大多是 {main}{unit_of}（{n} 份），这份是 {value}{unit_of}"})
        for rec in self.records:
            if not rec.dated and not rec.published:
                out.append({"file": rec.file, "unit": rec.label,
                            "problem": "没有落款日期，也没有网页发布日期：无法判断是否在次年 3 月 31 日前公开"})
        return out

    # --- baseline ------------------------------------------------------------------
    def changes(self) -> list[dict[str, Any]]:
        if self.baseline is None:
            return []
        if "changes" in self._memo:
            return self._memo["changes"]
        done = set(DONE_STATUSES)
        rows = []
        for rec in self.records:
            before = self.baseline.get(rec.unit or "")
            if before is None:
                rows.append({"unit": rec.label, "new_unit": True, "gained": [], "lost": [], "still": []})
                continue
            now = self.statuses(rec)
            gained = [r for r in self.rulebook.rules if now[r.id] in done and before.get(r.id) not in done | {None}]
            lost = [r for r in self.rulebook.rules if now[r.id] not in done | {"na", "waived", "optional"} and before.get(r.id) in done]
            still = [r for r in self.rulebook.rules if now[r.id] == "missing" and before.get(r.id) == "missing"]
            rows.append({"unit": rec.label, "new_unit": False, "gained": gained, "lost": lost, "still": still})
        self._memo["changes"] = rows
        return rows

    def rule_changes(self) -> list[dict[str, Any]]:
        rows = []
        changes = self.changes()
        for rule in self.rulebook.rules:
            g = sum(1 for c in changes if rule in c["gained"])
            lo = sum(1 for c in changes if rule in c["lost"])
            st = sum(1 for c in changes if rule in c["still"])
            if g or lo or st:
                rows.append({"rule": rule, "gained": g, "lost": lo, "still": st})
        return rows


BASELINE_STATUSES = STATUSES


def load_baseline(path: str | os.PathLike) -> dict[str, dict[str, str]]:
    """Last year's results.jsonl: unit -> rule -> status. Each bad line is `file:line: problem`."""
    from .files import open_regular

    p = Path(path)
    if not os.path.lexists(p):
        raise InputError(p, "基线文件不存在 (baseline not found)")
    out: dict[str, dict[str, str]] = {}
    with open_regular(p) as fh:  # a FIFO or device is refused unread; lines are streamed
        for n, raw in enumerate(fh, start=1):
            where = f"{p}:{n}"
            try:
                line = raw.decode("utf-8-sig" if n == 1 else "utf-8")
            except UnicodeDecodeError:
                raise InputError(where, "不是 UTF-8 文本（文件可能被截断）(not UTF-8)") from None
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except RecursionError:
                raise InputError(where, "JSON 嵌套过深 (nested too deeply)") from None
            except ValueError:
                raise InputError(where, "不是有效的 JSON 行（应为上一年的 results.jsonl）") from None
            if not isinstance(row, dict):
                raise InputError(where, "不是有效的结果行（应为 JSON 对象）")
            if row.get("error") or not row.get("unit"):
                continue
            unit, rules = row["unit"], row.get("rules", [])
            if not isinstance(unit, str):
                raise InputError(where, "unit 应为文字 (unit must be a string)")
            if not isinstance(rules, list):
                raise InputError(where, "rules 应为列表 (rules must be a list)")
            statuses: dict[str, str] = {}
            for r in rules:
                if not isinstance(r, dict) or not isinstance(r.get("id"), str):
                    raise InputError(where, "rules 中每一项应有文字的 id (each rule needs an id)")
                if r.get("status") not in BASELINE_STATUSES:
                    raise InputError(where, f"规则 {r['id'][:60]} 的 status 应为 {'/'.join(BASELINE_STATUSES)}")
                statuses[r["id"]] = r["status"]
            out[unit] = statuses
    return out


MAX_NAME_BYTES = 120  # a file name is at most 255 bytes; units of four-byte characters must still fit


def _report_name(rec: Record, taken: set[str]) -> str:
    from .printable import printable

    base = _UNSAFE.sub("_", printable(f"{rec.unit or Path(rec.file).stem}-{rec.year or '未知年度'}")).lstrip(".")
    base = base.encode("utf-8")[:MAX_NAME_BYTES].decode("utf-8", "ignore") or "报告"
    name, n = f"{base}.html", 2
    while name in taken:
        name, n = f"{base}-{n}.html", n + 1
    taken.add(name)
    return name


def run_summary(paths: list[str], out_dir: str | os.PathLike, rules: str | None = None, waivers: str | None = None,
                manifest: str | None = None, jobs: int | None = None, baseline: str | None = None,
                max_bytes: int = DEFAULT_MAX_BYTES, progress: bool = True, feedback: bool = False,
                on_progress: Callable[[int, int], None] | None = None) -> Summary:
    """Score every report under `paths` into `out_dir`. The folder is built beside it and swapped in
    at the end (outdir.py): a failure or an interrupt leaves any earlier summary untouched.
    `on_progress(done, total)` is called as reports finish (the web page shows it)."""
    from .outdir import OutputFolder

    rb = load_rulebook(rules)  # fails early (exit 3) on a bad rulebook
    if waivers:
        from .waivers import load_waivers

        load_waivers(waivers, {r.id for r in rb.rules})
    man = load_manifest(manifest) if manifest else {}
    base = load_baseline(baseline) if baseline else None
    files, missing = discover(paths)
    if not files and not missing:
        raise InputError(", ".join(paths), "没有找到可读取的报告文件（.txt .docx .pdf .html）")
    folders = [p for p in paths if os.path.isdir(p)]
    sidecars = [p for p in (rules, waivers, manifest, baseline) if p]
    target = OutputFolder(out_dir, folders, [p for p in paths if not os.path.isdir(p)] + sidecars)
    with target:
        summary = _build(target.building, rb, files, missing, man, base, rules, waivers, jobs, max_bytes, progress,
                         on_progress)
        if feedback:  # each unit's rectification list and the circular, in the same folder swap
            from .feedback import write_feedback

            write_feedback(summary, target.building)
        target.commit()
    return summary


def available_cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except (AttributeError, OSError):
        return max(1, os.cpu_count() or 1)


def _build(out: Path, rb: Rulebook, files: list[str], missing: list[tuple[str, str]], man, base, rules, waivers,
           jobs: int | None, max_bytes: int, progress: bool,
           on_progress: Callable[[int, int], None] | None = None) -> Summary:
    from .printable import printable

    work = out / ".work"
    work.mkdir()
    n_jobs = min(jobs or available_cores(), available_cores())  # more processes than cores only costs memory
    job_list = [Job(i, f, manifest_for(f, man)) for i, f in enumerate(files)]
    records: dict[int, Record] = {}
    errors = [Record(index=-1, file=printable(f), ok=False, error=why) for f, why in missing]
    copies = CopyIndex(work)
    best: dict[str, list[tuple[float, int, str, str]]] = {}
    names: dict[int, tuple[str, ...]] = {}
    notes: list[str] = []
    bar = _progress(len(job_list)) if progress else None
    results_path = out / "results.jsonl"
    stream = run_jobs(job_list, rules, waivers, str(out), n_jobs, max_bytes, notes)
    done = 0
    try:
        with open(results_path, "w", encoding="utf-8") as results:
            for rec in stream:
                if bar:
                    bar[0].advance(bar[1])
                done += 1
                if on_progress:
                    on_progress(done, len(job_list))
                if rec.ok:
                    try:
                        _take(rec, results, copies, names, best)
                    except Exception as exc:  # one report's record must not cost the batch
                        rec.ok, rec.error = False, printable(f"内部错误：{type(exc).__name__}: {exc}")[:300]
                if not rec.ok:
                    errors.append(rec)
                    continue
                records[rec.index] = rec
    finally:
        copies.close()  # all added; closed before any child is forked, so no buffered write is flushed twice
        stream.close()  # an interrupt: the workers are stopped before the temporary folder is removed
        if bar:
            bar[0].stop()
    same = _one_per_report([records[i] for i in sorted(records)])
    for dup, _ in same:  # its gap report (still a temporary name) is removed with the other leftovers
        del records[dup.index]
    # report names in input order, so that suffixes (城关镇-2023-2.html) never depend on worker timing
    taken: set[str] = set()
    reports = out / "reports"
    for index in sorted(records):
        rec = records[index]
        final = _report_name(rec, taken)
        try:
            os.replace(reports / rec.report, reports / final)
        except OSError as exc:
            del records[index]
            rec.ok, rec.error = False, f"无法写出差距报告：{exc.strerror or exc} (cannot write report)"
            errors.append(rec)
            continue
        rec.report = final
    for leftover in reports.iterdir():  # temporaries of a worker that died
        if leftover.name.startswith("."):
            leftover.unlink()
    from .apart import Apart
    from .exports import write_csv, write_xlsx
    from .render_summary import write_index

    summary = Summary(rulebook=rb, records=[records[i] for i in sorted(records)], errors=errors,
                      best=best, baseline=base, notes=notes, same_report=same)
    # the spreadsheet (no copied passages in it) in a child of its own; with one job, before anything else runs
    spreadsheet = Apart(write_xlsx, summary, out / "summary.xlsx")
    try:
        if n_jobs <= 1:
            spreadsheet.result()
        passages = find_apart(copies, names)
        if same:  # the two formats of one report are not copies of each other
            gone = {dup.index for dup, _ in same}
            passages = [q for q in (p.without(gone) for p in passages) if len(q.reports) > 1]
        summary.passages = passages
        write_rules_json(rb, out / "rules.json")
        write_csv(summary, out / "summary.csv")
        write_index(summary, out / "index.html")
        spreadsheet.result()
    finally:
        spreadsheet.close()  # never a child still writing into a folder being removed
    shutil.rmtree(work, ignore_errors=True)
    return summary


def write_rules_json(rb, path: Path) -> None:
    """rules.json: each rule's title, basis and advice, once; results.jsonl names rules by id only."""
    from .outputs import to_json, write_atomic
    from .results import rulebook_dict

    write_atomic(path, to_json(rulebook_dict(rb)))


FORMAT_PREFERENCE = (".docx", ".pdf", ".html", ".htm", ".txt")  # the editable original first
SAME_REPORT = 0.5  # sketch resemblance above which two files in different formats are one report


def _resemblance(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    """Estimated share of fingerprints two reports have in common (bottom-k sketches)."""
    if not a or not b:
        return 0.0
    both = set(a) & set(b)
    union = sorted(set(a) | set(b))[:max(len(a), len(b))]
    return sum(1 for h in union if h in both) / len(union)


def _one_per_report(records: list[Record]) -> list[tuple[Record, Record]]:
    """The same report saved in two formats (城关镇.docx and 城关镇.pdf): (the one not counted, the one counted).

    Candidates are files of different formats with the same name in the same folder, or with the same unit
    and year; they are one report when their texts share most fingerprints. The .docx is counted first."""
    def rank(r: Record) -> int:
        ext = Path(r.file).suffix.lower()
        return FORMAT_PREFERENCE.index(ext) if ext in FORMAT_PREFERENCE else len(FORMAT_PREFERENCE)

    groups: dict[tuple, list[Record]] = defaultdict(list)
    for r in records:
        p = Path(r.file)
        groups[("name", str(p.parent), p.stem)].append(r)
        if r.unit:
            groups[("unit", r.unit, r.year)].append(r)
    same: dict[int, tuple[Record, Record]] = {}
    for group in groups.values():
        group = sorted(group, key=lambda r: (rank(r), r.index))
        for i, keep in enumerate(group):
            if keep.index in same:
                continue
            for other in group[i + 1:]:
                if other.index in same or Path(other.file).suffix.lower() == Path(keep.file).suffix.lower():
                    continue
                if _resemblance(keep.sketch, other.sketch) >= SAME_REPORT:
                    same[other.index] = (other, keep)
    return sorted(same.values(), key=lambda pair: pair[0].index)


def _take(rec: Record, results, copies: CopyIndex, names: dict, best: dict) -> None:

    """Keep what the summary needs of one scored report; stream the rest to disk."""
    results.write(rec.json_line + "\n")
    copies.add(rec.index, rec.fingerprints, rec.sentences)
    names[rec.index] = tuple(n for n in (rec.unit, rec.county) if n)
    for rule_id, (credit, text) in rec.best.items():
        heap = best.setdefault(rule_id, [])
        item = (credit, min(len(text), 200), rec.label, text)
        if len(heap) < PEER_EXAMPLES * 2:
            heapq.heappush(heap, item)
        else:
            heapq.heappushpop(heap, item)
    rec.fingerprints, rec.sentences, rec.json_line, rec.best = [], {}, "", {}


def _progress(total: int):
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    prog = Progress(TextColumn("评分 scoring"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                    console=Console(stderr=True), transient=False)
    task = prog.add_task("reports", total=total)
    prog.start()
    return prog, task

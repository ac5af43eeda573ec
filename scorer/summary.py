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
from typing import Any

from .batch import CODE_STATUS, Job, Record, discover, load_manifest, manifest_for, run_jobs
from .copies import CopyIndex, Passage
from .errors import InputError, OutputError
from .reading import DEFAULT_MAX_BYTES
from .rulebook import Rulebook, load_rulebook

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
    _memo: dict[str, Any] = field(default_factory=dict, repr=False)  # records are fixed: aggregate once

    # --- per rule / per part -------------------------------------------------------
    def statuses(self, rec: Record) -> dict[str, str]:
        return {r.id: CODE_STATUS[c] for r, c in zip(self.rulebook.rules, rec.codes)}

    def rule_counts(self) -> list[dict[str, Any]]:
        if "rule_counts" in self._memo:
            return self._memo["rule_counts"]
        out = []
        for i, rule in enumerate(self.rulebook.rules):
            c = Counter(CODE_STATUS[rec.codes[i]] for rec in self.records)
            applicable = sum(c[s] for s in ("met", "partial", "planned", "missing"))
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
                                  if CODE_STATUS[rec.codes[c["index"] - 1]] in ("planned", "missing")]})
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
            if not rec.unit:
                out.append({"file": rec.file, "unit": "", "problem": "未识别报告单位（可在 --manifest 中写明）"})
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

    # --- baseline ------------------------------------------------------------------
    def changes(self) -> list[dict[str, Any]]:
        if self.baseline is None:
            return []
        if "changes" in self._memo:
            return self._memo["changes"]
        done = {"met", "partial"}
        rows = []
        for rec in self.records:
            before = self.baseline.get(rec.unit or "")
            if before is None:
                rows.append({"unit": rec.label, "new_unit": True, "gained": [], "lost": [], "still": []})
                continue
            now = self.statuses(rec)
            gained = [r for r in self.rulebook.rules if now[r.id] in done and before.get(r.id) not in done | {None}]
            lost = [r for r in self.rulebook.rules if now[r.id] not in done | {"na", "waived"} and before.get(r.id) in done]
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


def load_baseline(path: str | os.PathLike) -> dict[str, dict[str, str]]:
    """Last year's results.jsonl: unit -> rule -> status."""
    p = Path(path)
    if not p.is_file():
        raise InputError(p, "基线文件不存在 (baseline not found)")
    out: dict[str, dict[str, str]] = {}
    with open(p, encoding="utf-8") as fh:
        for n, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError:
                raise InputError(f"{p}:{n}", "不是有效的 JSON 行（应为上一年的 results.jsonl）") from None
            if not isinstance(row, dict):
                raise InputError(f"{p}:{n}", "不是有效的结果行")
            if row.get("error") or not row.get("unit"):
                continue
            out[row["unit"]] = {r["id"]: r["status"] for r in row.get("rules", []) if "id" in r}
    return out


def _report_name(rec: Record, taken: set[str]) -> str:
    base = _UNSAFE.sub("_", f"{rec.unit or Path(rec.file).stem}-{rec.year or '未知年度'}")[:80]
    name, n = f"{base}.html", 2
    while name in taken:
        name, n = f"{base}-{n}.html", n + 1
    taken.add(name)
    return name


def run_summary(paths: list[str], out_dir: str | os.PathLike, rules: str | None = None, waivers: str | None = None,
                manifest: str | None = None, jobs: int | None = None, baseline: str | None = None,
                max_bytes: int = DEFAULT_MAX_BYTES, progress: bool = True) -> Summary:
    rb = load_rulebook(rules)  # fails early (exit 3) on a bad rulebook
    if waivers:
        from .waivers import load_waivers

        load_waivers(waivers, {r.id for r in rb.rules})
    man = load_manifest(manifest) if manifest else {}
    base = load_baseline(baseline) if baseline else None
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise OutputError(out, "输出路径已存在且不是目录 (not a folder)")
    if not out.parent.is_dir():
        raise OutputError(out, "输出目录的上级目录不存在 (parent folder does not exist)")
    files, missing = discover(paths)
    if not files and not missing:
        raise InputError(", ".join(paths), "没有找到可读取的报告文件（.txt .docx .pdf .html）")
    (out / "reports").mkdir(parents=True, exist_ok=True)
    work = out / ".work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    n_jobs = max(1, jobs or os.cpu_count() or 1)
    job_list = [Job(i, f, manifest_for(f, man)) for i, f in enumerate(files)]
    records: dict[int, Record] = {}
    errors = [Record(index=-1, file=f, ok=False, error=why) for f, why in missing]
    copies = CopyIndex(work)
    best: dict[str, list[tuple[float, int, str, str]]] = {}
    taken: set[str] = set()
    names: dict[int, tuple[str, ...]] = {}
    bar = _progress(len(job_list)) if progress else None
    tmp_results = out / ".results.jsonl.tmp"
    try:
        with open(tmp_results, "w", encoding="utf-8") as results:
            for rec in run_jobs(job_list, rules, waivers, str(out), n_jobs, max_bytes):
                if bar:
                    bar[0].advance(bar[1])
                if not rec.ok:
                    errors.append(rec)
                    continue
                results.write(rec.json_line + "\n")
                final = _report_name(rec, taken)
                os.replace(out / "reports" / rec.report, out / "reports" / final)
                rec.report = final
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
                records[rec.index] = rec
    finally:
        if bar:
            bar[0].stop()
    passages = copies.find(names)
    summary = Summary(rulebook=rb, records=[records[i] for i in sorted(records)], errors=errors,
                      passages=passages, best=best, baseline=base)
    from .exports import write_csv, write_xlsx
    from .render_summary import write_index

    write_csv(summary, out / "summary.csv")
    write_xlsx(summary, out / "summary.xlsx")
    write_index(summary, out / "index.html")
    os.replace(tmp_results, out / "results.jsonl")
    shutil.rmtree(work, ignore_errors=True)
    return summary


def _progress(total: int):
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    prog = Progress(TextColumn("评分 scoring"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                    console=Console(stderr=True), transient=False)
    task = prog.add_task("reports", total=total)
    prog.start()
    return prog, task

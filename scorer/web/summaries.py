"""County summaries started from the page: each runs `run_summary` in its own process, and expires.

A job lives in its own private folder: `in/` (the uploads, deleted as soon as scoring ends),
`out/` (the summary: index.html, reports/, summary.xlsx, summary.csv, results.jsonl) and
two small files the child process writes for the page (`progress`, `outcome`). The child
runs inside `in/` and is given bare file names, so the summary shows "城关镇.docx", not a
temporary path. Finished or not, a job and its folder are deleted after `keep` seconds.
"""
from __future__ import annotations

import json
import multiprocessing
import os
import secrets
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class SummaryJob:
    id: str
    folder: Path
    total: int
    problems: list[str]  # upload problems (refused zip entries, oversize files): shown on the summary
    started: float = field(default_factory=time.time)
    process: multiprocessing.process.BaseProcess | None = None

    @property
    def out(self) -> Path:
        return self.folder / "out"

    def progress(self) -> tuple[int, int]:
        try:
            done, total = (self.folder / "progress").read_text().split()
            return int(done), int(total)
        except (OSError, ValueError):
            return 0, self.total

    def outcome(self) -> dict | None:
        """None while running; then {"ok": True, ...} or {"ok": False, "error": one line}."""
        try:
            return json.loads((self.folder / "outcome").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            if self.process is not None and not self.process.is_alive():
                return {"ok": False, "error": "汇总进程意外退出（可能是内存不足），请减少一次上传的报告数量后重试"}
            return None


def _write(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)


def _run(folder: str, names: list[str], rules: str | None, waivers: str | None, baseline: str | None,
         max_bytes: int) -> None:
    """The child process: score the uploads into out/, then delete them."""
    from ..errors import ScorerError
    from ..summary import run_summary

    import signal

    def stop(signum, frame):  # unwinds run_summary: workers stopped, building folder removed
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, stop)
    base = Path(folder)
    os.chdir(base / "in")
    try:
        summary = run_summary(names, base / "out", rules=rules, waivers=waivers, baseline=baseline,
                              max_bytes=max_bytes, progress=False,
                              on_progress=lambda done, total: _write(base / "progress", f"{done} {total}"))
        outcome = {"ok": True, "scored": len(summary.records), "errors": len(summary.errors),
                   "notes": summary.notes}
    except ScorerError as err:
        outcome = {"ok": False, "error": err.problem}
    except KeyboardInterrupt:
        outcome = {"ok": False, "error": "汇总已停止 (stopped)"}
    except Exception as exc:  # the page must say something, never hang on a dead job
        outcome = {"ok": False, "error": f"内部错误：{type(exc).__name__}"}
    finally:
        os.chdir(base)
        shutil.rmtree(base / "in", ignore_errors=True)
    _write(base / "outcome", json.dumps(outcome, ensure_ascii=False))


def _stop(job: SummaryJob) -> None:
    """SIGTERM first: the child then stops its worker processes and removes its temporaries (as on Ctrl-C)."""
    proc = job.process
    if proc is None or not proc.is_alive():
        return
    proc.terminate()
    proc.join(15)
    if proc.is_alive():
        proc.kill()
        proc.join(5)


class SummaryJobs:
    """The running and finished summaries of this server; at most `running` at a time."""

    def __init__(self, root: Path, keep: float, limit: float, running: int = 1):
        self.root, self.keep, self.limit, self.running = root, keep, limit, running
        self.jobs: dict[str, SummaryJob] = {}

    def new_folder(self) -> tuple[str, Path]:
        job_id = secrets.token_urlsafe(18)  # unguessable: the id is the only key to a county's reports
        folder = self.root / f"summary-{job_id}"
        folder.mkdir(mode=0o700)
        (folder / "in").mkdir(mode=0o700)
        return job_id, folder

    def busy(self) -> bool:
        return sum(1 for j in self.jobs.values() if j.outcome() is None) >= self.running

    def start(self, job_id: str, folder: Path, names: list[str], problems: list[str], rules: str | None,
              waivers: str | None, baseline: str | None, max_bytes: int) -> SummaryJob:
        job = SummaryJob(job_id, folder, len(names), problems)
        ctx = multiprocessing.get_context("spawn")  # a clean process: the server's threads are not forked
        job.process = ctx.Process(target=_run, args=(str(folder), names, rules, waivers, baseline, max_bytes),
                                  name=f"scorer-summary-{job_id[:6]}")
        job.process.start()
        self.jobs[job_id] = job
        return job

    def get(self, job_id: str) -> SummaryJob | None:
        return self.jobs.get(job_id)

    def delete(self, job_id: str) -> None:
        job = self.jobs.pop(job_id, None)
        if job is None:
            return
        _stop(job)
        shutil.rmtree(job.folder, ignore_errors=True)

    def sweep(self, now: float | None = None) -> None:
        """Delete expired jobs; stop a job that ran past its time limit (the page then says so)."""
        now = time.time() if now is None else now
        for job in list(self.jobs.values()):
            if now - job.started > self.keep:
                self.delete(job.id)
            elif now - job.started > self.limit and job.process is not None and job.process.is_alive():
                _stop(job)
                _write(job.folder / "outcome", json.dumps(
                    {"ok": False, "error": f"汇总超过 {self.limit / 60:.0f} 分钟仍未完成，已停止；请分批上传"},
                    ensure_ascii=False))
                shutil.rmtree(job.folder / "in", ignore_errors=True)

    def close(self) -> None:
        for job_id in list(self.jobs):
            self.delete(job_id)

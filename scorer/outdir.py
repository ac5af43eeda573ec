"""The summary's output folder: never destroys anything, never half-written, one run at a time.

- `--out` must be a new folder, an empty one, or one this tool wrote before (it holds the
  marker file `.scorer-summary` and only what the summary writes); never a symlink, never
  inside an input folder, never containing an input.
- Everything is built in a temporary sibling folder (`.NAME.building-XXXX`) and swapped in
  at the end, so an interrupted or failed run leaves the previous summary as it was.
- A lock file next to the folder (`.NAME.lock`, held with flock) keeps two runs apart.
"""
from __future__ import annotations

import os
import shutil
import stat
import tempfile
from pathlib import Path

from .errors import OutputError
from .files import is_within

MARKER = ".scorer-summary"
OURS = {MARKER, "index.html", "reports", "results.jsonl", "rules.json", "summary.csv", "summary.xlsx", "feedback",
        "summary.docx"}


class OutputFolder:
    def __init__(self, path: str | os.PathLike, input_folders: list[str], input_files: list[str]):
        self.path = Path(path)
        self.parent = self.path.parent if str(self.path.parent) else Path(".")
        self.building: Path | None = None
        self._lock_fd: int | None = None
        self._lock_path = self.parent / f".{self.path.name}.lock"
        self._committed = False
        if not self.path.name or self.path.name in (".", ".."):
            raise OutputError(path, "输出目录应写成一个文件夹名 (give --out a folder name)")
        try:
            st = os.lstat(self.path)
        except FileNotFoundError:
            st = None
        except OSError as exc:
            raise OutputError(path, f"无法访问输出目录：{exc.strerror or exc}") from None
        if st is not None and stat.S_ISLNK(st.st_mode):
            raise OutputError(path, "输出目录是符号链接，拒绝写入 (--out is a symlink)")
        if st is not None and not stat.S_ISDIR(st.st_mode):
            raise OutputError(path, "输出路径已存在且不是目录 (not a folder)")
        if not self.parent.is_dir():
            raise OutputError(path, "输出目录的上级目录不存在 (parent folder does not exist)")
        for folder in input_folders:
            if is_within(self.path, folder):
                raise OutputError(path, f"输出目录在输入文件夹 {folder} 之内：下次运行会把输出当作报告读入 "
                                        "(--out inside an input folder)")
        for item in input_folders + input_files:
            if is_within(item, self.path):
                raise OutputError(path, f"输入 {item} 在输出目录之内，会被覆盖 (an input lies inside --out)")

    # --- lock -------------------------------------------------------------------------
    def _lock(self) -> None:
        try:
            import fcntl
        except ImportError:  # not POSIX: no flock; the lock file alone, created exclusively
            return self._lock_exclusive()
        for _ in range(5):
            try:
                fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o644)
            except OSError as exc:
                raise OutputError(self.path, f"无法在上级目录创建锁文件：{exc.strerror or exc} (cannot write)") from None
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except OSError:
                os.close(fd)
                raise OutputError(self.path, "另一个 scorer summary 正在写入这个输出目录，请等它结束 "
                                             "(locked by another run)") from None
            try:  # the file we locked must still be the one on disk (a finishing run unlinks it)
                if os.fstat(fd).st_ino == os.stat(self._lock_path).st_ino:
                    os.write(fd, f"{os.getpid()}\n".encode())
                    self._lock_fd = fd
                    return
            except FileNotFoundError:
                pass
            os.close(fd)
        raise OutputError(self.path, "无法获得输出目录的锁 (cannot lock)")

    def _lock_exclusive(self) -> None:
        try:
            self._lock_fd = os.open(self._lock_path, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            raise OutputError(self.path, f"另一个 scorer summary 正在写入这个输出目录（或上次运行中断后留下了 "
                                         f"{self._lock_path.name}，确认后可删除）(locked)") from None
        except OSError as exc:
            raise OutputError(self.path, f"无法在上级目录创建锁文件：{exc.strerror or exc} (cannot write)") from None

    def _unlock(self) -> None:
        if self._lock_fd is None:
            return
        try:
            os.unlink(self._lock_path)
        except OSError:
            pass
        os.close(self._lock_fd)  # closing releases the flock
        self._lock_fd = None

    # --- contents ---------------------------------------------------------------------
    def _check_contents(self) -> None:
        """An existing folder must be empty or a summary this tool wrote (and nothing else in it)."""
        if not self.path.exists():
            return
        try:
            entries = set(os.listdir(self.path))
        except OSError as exc:
            raise OutputError(self.path, f"无法读取输出目录：{exc.strerror or exc}") from None
        if not entries:
            return
        if MARKER not in entries:
            raise OutputError(self.path, "输出目录已存在且不是空目录，也不是本工具写出的汇总（没有 .scorer-summary 标记）；"
                                         "请换一个新目录 (--out must be new, empty or an earlier summary)")
        foreign = sorted(entries - OURS)
        if foreign:
            raise OutputError(self.path, f"输出目录中有不是本工具写出的 {foreign[0]}，为免覆盖而停止 "
                                         "(a file this tool did not write)")

    def __enter__(self) -> "OutputFolder":
        self._lock()
        try:
            self._check_contents()
            self.building = Path(tempfile.mkdtemp(prefix=f".{self.path.name}.building-", dir=self.parent))
            mask = os.umask(0)
            os.umask(mask)
            os.chmod(self.building, 0o777 & ~mask)  # mkdtemp makes 0700; the summary gets the usual mode
            (self.building / "reports").mkdir()
        except OSError as exc:
            self._unlock()
            raise OutputError(self.path, f"无法创建输出目录：{exc.strerror or exc} (cannot write)") from None
        except BaseException:
            self._unlock()
            raise
        return self

    def commit(self) -> None:
        """Swap the finished folder in place of the old one (two renames; the old one is then removed)."""
        import signal

        assert self.building is not None
        (self.building / MARKER).write_text("scorer summary output\n", encoding="utf-8")
        old = None
        blocked = {signal.SIGINT, signal.SIGTERM}
        masked = hasattr(signal, "pthread_sigmask")
        if masked:  # an interrupt between the two renames must not leave neither folder in place
            signal.pthread_sigmask(signal.SIG_BLOCK, blocked)
        try:
            if os.path.lexists(self.path):
                self._check_contents()  # still ours (the lock kept other runs out)
                old = Path(tempfile.mkdtemp(prefix=f".{self.path.name}.old-", dir=self.parent))
                os.replace(self.path, old / "previous")
            os.replace(self.building, self.path)
        except OSError as exc:
            if old is not None and (old / "previous").exists() and not self.path.exists():
                os.replace(old / "previous", self.path)  # put the previous summary back
            raise OutputError(self.path, f"无法写入输出目录：{exc.strerror or exc} (cannot write)") from None
        finally:
            if old is not None and self.path.exists():
                shutil.rmtree(old, ignore_errors=True)
            if masked:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, blocked)
        self._committed = True
        self.building = None

    def __exit__(self, *exc) -> None:
        try:
            if self.building is not None:
                shutil.rmtree(self.building, ignore_errors=True)
                self.building = None
        finally:
            self._unlock()

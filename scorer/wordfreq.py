"""jieba's dictionary as a lookup, without loading jieba: word frequencies for the word-boundary check.

Loading jieba's dictionary costs about 0.6 s per process, more than scoring a report. The
word-boundary check (segmenter.py) only needs the frequencies of the few strings around a hit,
so a one-off copy of jieba's dict.txt is kept as an indexed SQLite file in the user's cache
folder and queried for just those strings. A process that scores many reports (the county
summary) loads the whole dictionary into memory once instead (`preload`), and its worker
processes inherit it. Both answer the same question from the same file, so verdicts cannot
depend on which one ran.
"""
from __future__ import annotations

import importlib.util
import math
import os
import tempfile
from pathlib import Path
from typing import Iterable

_cache: dict[str, object] = {}  # the open lookup of this process


def dictionary_path() -> Path:
    """jieba's main dictionary file, found without importing jieba (its import alone costs ~70 ms)."""
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("jieba is not installed")
    return Path(list(spec.submodule_search_locations)[0]) / "dict.txt"


def _parse(path: Path) -> tuple[dict[str, int], int]:
    """Words and frequencies as jieba reads them (gen_pfdict): `word freq [tag]` per line."""
    freq: dict[str, int] = {}
    total = 0
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            parts = line.strip().split(" ")
            if len(parts) < 2:
                continue
            n = int(parts[1])
            freq[parts[0]] = n
            total += n
    return freq, total


class MemoryFreq:
    """The whole dictionary in memory (a dict of some 350,000 words)."""

    def __init__(self, freq: dict[str, int], total: int):
        self.freq, self.total = freq, total

    def lookup(self, words: Iterable[str]) -> dict[str, int]:
        get = self.freq.get
        return {w: f for w in words if (f := get(w))}

    def any_word(self, words: list[str]) -> bool:
        return any(map(self.freq.get, words))


class SqliteFreq:
    """The dictionary as an indexed SQLite file: a few lookups cost far less than loading it."""

    def __init__(self, path: Path):
        import sqlite3

        self.db = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
        self.total = int(self.db.execute("SELECT n FROM meta WHERE k = 'total'").fetchone()[0])
        self._known: dict[str, int] = {}  # strings asked before (0: not a word); a report repeats its phrases

    def lookup(self, words: Iterable[str]) -> dict[str, int]:
        known = self._known
        if len(known) > 200_000:
            known.clear()
        words = list(words)
        ws = [w for w in dict.fromkeys(words) if w not in known]
        for w in ws:
            known[w] = 0
        for i in range(0, len(ws), 500):  # stay under SQLite's limit on bound parameters
            chunk = ws[i:i + 500]
            q = "SELECT w, n FROM words WHERE n > 0 AND w IN (%s)" % ",".join("?" * len(chunk))
            known.update(self.db.execute(q, chunk))
        return {w: n for w in words if (n := known.get(w))}

    def any_word(self, words: list[str]) -> bool:
        return bool(self.lookup(words))


def _sqlite_name(src: Path) -> str:
    st = src.stat()
    return f"jieba-dict-{st.st_size}-{int(st.st_mtime)}.sqlite"


def _build_sqlite(src: Path, folder: Path) -> Path | None:
    import sqlite3

    target = folder / _sqlite_name(src)
    if target.is_file():
        return target
    freq, total = _parse(src)
    fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
    os.close(fd)
    try:
        db = sqlite3.connect(tmp)
        db.execute("CREATE TABLE words (w TEXT PRIMARY KEY, n INTEGER) WITHOUT ROWID")
        db.execute("CREATE TABLE meta (k TEXT PRIMARY KEY, n INTEGER)")
        db.executemany("INSERT OR REPLACE INTO words VALUES (?, ?)", freq.items())
        db.execute("INSERT INTO meta VALUES ('total', ?)", (total,))
        db.commit()
        db.close()
        os.chmod(tmp, 0o600)
        os.replace(tmp, target)
    except Exception:
        try:
            os.unlink(tmp)
        except OSError:
            pass
        return None
    return target


def preload() -> MemoryFreq:
    """Load the whole dictionary into this process (for many reports; forked workers share it)."""
    got = _cache.get("lookup")
    if not isinstance(got, MemoryFreq):
        got = _cache["lookup"] = MemoryFreq(*_parse(dictionary_path()))
    return got


def forget_preloaded() -> None:
    """Drop the in-memory dictionary (a batch has been scored): later lookups use the SQLite copy."""
    if isinstance(_cache.get("lookup"), MemoryFreq):
        del _cache["lookup"]


def lookup():
    """This process's dictionary lookup: in memory if preloaded, else the SQLite copy (built once)."""
    got = _cache.get("lookup")
    if got is not None:
        return got
    from .rules.cache import private_folder

    folder = private_folder() if not os.environ.get("FZZF_SCORER_NO_CACHE") else None
    path = _build_sqlite(dictionary_path(), folder) if folder else None
    try:
        got = SqliteFreq(path) if path else None
    except Exception:  # an unreadable or damaged copy: fall back to memory
        got = None
    if got is None:
        return preload()
    _cache["lookup"] = got
    return got


# --- jieba's segmentation without HMM (Tokenizer.cut with HMM=False), over a short window -------
import re  # noqa: E402

_RE_HAN = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+)", re.U)  # jieba.re_han_default
_RE_SKIP = re.compile("(\r\n|\\s)", re.U)  # jieba.re_skip_default
_RE_ENG = re.compile("[a-zA-Z0-9]", re.U)  # jieba.re_eng


def tokenize(text: str, freq: dict[str, int], total: int) -> list[tuple[int, int]]:
    """(start, end) of each token jieba's `tokenize(text, HMM=False)` yields, given the frequencies of
    every substring of `text` that is a word (as jieba's FREQ with prefixes and zero counts left out)."""
    out: list[tuple[int, int]] = []
    pos = 0
    for blk in _RE_HAN.split(text):
        if not blk:
            continue
        if _RE_HAN.match(blk):
            for w in _cut_dag_no_hmm(blk, freq, total):
                out.append((pos, pos + len(w)))
                pos += len(w)
        else:
            for x in _RE_SKIP.split(blk):
                if not x:
                    continue
                if _RE_SKIP.match(x):
                    out.append((pos, pos + len(x)))
                    pos += len(x)
                else:
                    for _ in x:
                        out.append((pos, pos + 1))
                        pos += 1
    return out


def _cut_dag_no_hmm(sentence: str, freq: dict[str, int], total: int) -> list[str]:
    n = len(sentence)
    dag = {k: [i for i in range(k, n) if freq.get(sentence[k:i + 1])] or [k] for k in range(n)}
    route: dict[int, tuple[float, int]] = {n: (0, 0)}
    logtotal = math.log(total)
    for idx in range(n - 1, -1, -1):
        route[idx] = max((math.log(freq.get(sentence[idx:x + 1]) or 1) - logtotal + route[x + 1][0], x)
                         for x in dag[idx])
    words: list[str] = []
    x, buf = 0, ""
    while x < n:
        y = route[x][1] + 1
        word = sentence[x:y]
        if _RE_ENG.match(word) and len(word) == 1:
            buf += word
        else:
            if buf:
                words.append(buf)
                buf = ""
            words.append(word)
        x = y
    if buf:
        words.append(buf)
    return words

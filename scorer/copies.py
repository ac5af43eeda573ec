"""Copied passages: the same or nearly the same sentences in several units' reports.

Where a shared phrase becomes a copied passage (decided on the seeds, which share stock
political formulae but also some real copied paragraphs):
- sentences are compared after removing the unit's own name, digits, punctuation and the
  stock formulae every report uses (STOCK below); what is left must be ≥ 30 characters;
- two sentences are a copy when they share ≥ 2 sampled 8-character fingerprints and ≥ 75%
  of the shorter one is found, in order, in the longer (their longest common subsequence; a copied clause inside a longer
  sentence still counts) — in practice a shared run of some 30 characters or more;
- a fingerprint found in more than max(4, 30%) of the batch's reports (or more than 50) is a
  template phrase of the whole county, not one unit copying another, and is ignored;
- within a fingerprint, each sentence is paired with its next NEIGHBOURS sentences of other reports
  (in a fixed order), so that copies chain into one passage while the pairs compared grow linearly.
Fingerprints, and then the candidate pairs, go to bucket files on disk, so memory does not grow with the batch.
"""
from __future__ import annotations

import json
import os
import re
from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from rapidfuzz.distance import LCSseq

K = 8  # characters per fingerprint
SAMPLE = 4  # keep one fingerprint in SAMPLE (content-defined: hash % SAMPLE == 0)
MIN_CHARS = 30
MIN_SHARED = 2  # candidate pairs; the containment check below decides
MIN_RATIO = 0.75
N_BUCKETS = 128  # smaller buckets: less held in memory while grouping
_PAIR_SHIFT = 48  # a sentence key (report << 24 | sentence) fits in 48 bits
N_PAIR_BUCKETS = 16  # candidate pairs are counted a bucket at a time: memory is a sixteenth of counting them all
MAX_PAIRING = 50
SHOWN = 12  # sentences shown per passage
# Each sentence is paired with the next NEIGHBOURS sentences (of other reports) that share a fingerprint with it,
# in a fixed order, not with all of them: copies of one sentence have the same fingerprints, so they are
# neighbours in every group and chain into one passage, while the pairs grow with the batch, not with its square.
NEIGHBOURS = 6  # a fingerprint in more reports than this is county-wide template text

STOCK = re.compile(
    "以习近平新时代中国特色社会主义思想为指导|习近平新时代中国特色社会主义思想|习近平法治思想|"
    "全面贯彻落实?党的二十大(和二十届[一二三四]中全会)?精神|党的十九大(及历次全会)?精神|"
    "增强四个意识坚定四个自信做到两个维护|四个意识|四个自信|两个维护|两个确立|"
    "坚持和发展新时代枫桥经验|新时代枫桥经验|尊法学法守法用法|法治国家法治政府法治社会一体建设|"
    "严格规范公正文明执法|科学化民主化法治化|谁执法谁普法|谁管理谁普法|谁服务谁普法|"
    "在县委县政府的坚强领导下|在区委区政府的坚强领导下|现将有关情况报告如下|现将.{0,12}报告如下"
)
_NOT_CJK = re.compile(r"[^\u4e00-\u9fff]+")


def normalize(text: str, names: tuple[str, ...] = ()) -> str:
    for n in names:
        if n:
            text = text.replace(n, "")
    return STOCK.sub("", _NOT_CJK.sub("", text))


_MOD = (1 << 61) - 1  # a Mersenne prime: a polynomial hash with few collisions among millions of grams
_BASE = 1_000_003
_DROP = pow(_BASE, K - 1, _MOD)  # weight of the character leaving the window


_MIX = 0x9E3779B97F4A7C15
_MASK64 = 0xFFFFFFFFFFFFFFFF


def _sampled(text: str) -> list[int]:
    """The sampled fingerprints of a text: a rolling polynomial hash of every K-character window (Rabin-Karp, one
    step per character, the same in every process: Python's own hash() is salted per process), its bits spread
    (a polynomial hash's low bits follow the last character), kept when `% SAMPLE == 0`. One loop with everything
    inline: this runs for every character of every report in a summary."""
    if len(text) < K:
        return []
    codes = [ord(c) for c in text]
    h = 0
    for c in codes[:K]:
        h = (h * _BASE + c) % _MOD
    out = []
    m = (h ^ (h >> 31)) * _MIX & _MASK64
    m ^= m >> 29
    if m % SAMPLE == 0:
        out.append(m)
    for old, c in zip(codes, codes[K:]):
        h = ((h - old * _DROP) * _BASE + c) % _MOD
        m = (h ^ (h >> 31)) * _MIX & _MASK64
        m ^= m >> 29
        if m % SAMPLE == 0:
            out.append(m)
    return out


def fingerprint_document(doc) -> tuple[list[tuple[int, int]], dict[int, str]]:
    """Sampled fingerprints of a report's long sentences, and those sentences' text."""
    md = doc.metadata
    names = tuple(n for n in (md.unit, md.county, (md.unit or "")[:-1] if md.unit else "") if n and len(n) >= 2)
    fps: list[tuple[int, int]] = []
    kept: dict[int, str] = {}
    for s in doc.sentences:
        if s.is_heading:
            continue
        norm = normalize(s.text, names)
        if len(norm) < MIN_CHARS:
            continue
        sampled = _sampled(norm)
        if sampled:
            fps.extend((h, s.index) for h in sampled)
            kept[s.index] = s.text
    return fps, kept


def containment(a: str, b: str) -> float:
    """Share of the shorter text found, in order, in the longer one: their longest common subsequence
    (rapidfuzz, in C: about 100 times faster than difflib's alignment, which finds a shorter one greedily)."""
    if not a or not b:
        return 0.0
    return LCSseq.similarity(a, b) / min(len(a), len(b))


@dataclass
class Passage:
    """A cluster of near-identical sentences in several reports: every report it is in, and the sentences shown
    (at most SHOWN, one per report first: a clerk compares a few, not hundreds)."""

    members: list[tuple[int, str]]  # (report index, sentence text), the sentences shown
    reports: set[int] = field(default_factory=set)  # every report with a sentence of the cluster
    sentences: int = 0  # sentences in the cluster

    def __post_init__(self):
        self.reports = self.reports or {r for r, _ in self.members}
        self.sentences = self.sentences or len(self.members)

    def without(self, gone: set[int]) -> "Passage":
        """The passage without these reports (another format of a report already counted)."""
        kept = [(r, t) for r, t in self.members if r not in gone]
        return Passage(members=kept, reports=self.reports - gone,
                       sentences=self.sentences - (len(self.members) - len(kept)))


class CopyIndex:
    """Fingerprints on disk, bucketed by hash; sentences in a side file."""

    def __init__(self, folder: str | os.PathLike):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self._buckets = [open(self.folder / f"fp{i:02d}.bin", "wb") for i in range(N_BUCKETS)]
        self._sentences = open(self.folder / "sentences.jsonl", "w", encoding="utf-8")
        self.reports = 0

    def add(self, report: int, fps: list[tuple[int, int]], sentences: dict[int, str]) -> None:
        self.reports += 1
        per: list[array] = [array("Q") for _ in range(N_BUCKETS)]
        for h, sent in fps:
            per[h % N_BUCKETS].extend((h, (report << 24) | sent))
        for i, arr in enumerate(per):
            if arr:
                arr.tofile(self._buckets[i])
        for idx, text in sentences.items():
            self._sentences.write(json.dumps([report, idx, text], ensure_ascii=False) + "\n")

    def close(self) -> None:
        for f in self._buckets:
            f.close()
        self._sentences.close()

    def find(self, names: dict[int, tuple[str, ...]] | None = None, limit: int = 50) -> list[Passage]:
        self.close()
        stock_limit = min(MAX_PAIRING, max(4, int(0.3 * self.reports)))
        pair_files = [open(self.folder / f"pairs{i:02d}.bin", "wb") for i in range(N_PAIR_BUCKETS)]
        pending = [array("Q") for _ in range(N_PAIR_BUCKETS)]

        def add_pair(a: int, b: int) -> None:
            # every occurrence of a pair goes to the same pair bucket, so that pairs are counted a bucket at a time
            i = ((a * 0x9E3779B1) ^ b) % N_PAIR_BUCKETS
            buf = pending[i]
            buf.extend((a, b))
            if len(buf) >= 1 << 16:
                buf.tofile(pair_files[i])
                del buf[:]

        for i in range(N_BUCKETS):
            arr = array("Q")
            path = self.folder / f"fp{i:02d}.bin"
            with open(path, "rb") as fh:
                data = fh.read()
            arr.frombytes(data)
            groups: dict[int, set[int]] = defaultdict(set)
            for j in range(0, len(arr), 2):
                groups[arr[j]].add(arr[j + 1])
            for keys in groups.values():
                reports = {k >> 24 for k in keys}
                if len(reports) < 2 or len(reports) > stock_limit:
                    continue
                ks = sorted(keys)
                for a in range(len(ks)):
                    taken = 0
                    for b in range(a + 1, len(ks)):
                        if ks[a] >> 24 != ks[b] >> 24:
                            add_pair(ks[a], ks[b])
                            taken += 1
                            if taken == NEIGHBOURS:
                                break
            del groups, arr
        for buf, fh in zip(pending, pair_files):
            buf.tofile(fh)
            fh.close()
        del pending
        candidates = array("Q")  # (a, b) flat: pairs sharing MIN_SHARED fingerprints or more
        mask = (1 << _PAIR_SHIFT) - 1
        for i in range(N_PAIR_BUCKETS):
            arr = array("Q")
            with open(self.folder / f"pairs{i:02d}.bin", "rb") as fh:
                arr.frombytes(fh.read())
            counts = Counter((arr[j] << _PAIR_SHIFT) | arr[j + 1] for j in range(0, len(arr), 2))
            for p, n in counts.items():
                if n >= MIN_SHARED:
                    candidates.extend((p >> _PAIR_SHIFT, p & mask))
            del counts, arr
        if not candidates:
            return []
        wanted = set(candidates)
        names = names or {}
        norm: dict[int, str] = {}  # only the compared form is kept; the sentences shown are read again at the end
        for key, text in self._sentences_of(wanted):
            norm[key] = normalize(text, names.get(key >> 24, ()))
        del wanted
        parent: dict[int, int] = {}

        def find_root(x: int) -> int:
            while parent.setdefault(x, x) != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        alike: dict[tuple[str, str], bool] = {}  # copies repeat: judge each pair of texts once (for a while)
        for j in range(0, len(candidates), 2):
            a, b = candidates[j], candidates[j + 1]
            na, nb = norm.get(a, ""), norm.get(b, "")
            if min(len(na), len(nb)) < MIN_CHARS:
                continue
            pair = (na, nb) if na <= nb else (nb, na)
            same = alike.get(pair)
            if same is None:
                if len(alike) > 50_000:
                    alike.clear()
                same = alike[pair] = na == nb or containment(na, nb) >= MIN_RATIO
            if same:
                parent[find_root(a)] = find_root(b)
        del candidates, alike
        clusters: dict[int, list[int]] = defaultdict(list)
        for key in list(parent):
            clusters[find_root(key)].append(key)
        # Copies chain (A like B, B like C): a cluster spread over more reports than a template fingerprint may be
        # is the county's template text too, not one unit copying another, and is not listed either
        groups = [sorted(keys) for keys in clusters.values() if 2 <= len({k >> 24 for k in keys}) <= stock_limit]
        # most reports first, then the longest passage (in its compared form)
        groups.sort(key=lambda keys: (-len({k >> 24 for k in keys}), -max(len(norm[k]) for k in keys)))
        groups = groups[:limit]
        shown = [_shown(keys) for keys in groups]
        texts = dict(self._sentences_of({k for keys in shown for k in keys}))
        return [Passage(members=[(k >> 24, texts[k]) for k in keys], reports={k >> 24 for k in whole},
                        sentences=len(whole)) for keys, whole in zip(shown, groups)]

    def _sentences_of(self, keys: set[int]):
        """(key, text) of the wanted sentences, read from the side file."""
        with open(self.folder / "sentences.jsonl", encoding="utf-8") as fh:
            for line in fh:
                report, idx, text = json.loads(line)
                key = (report << 24) | idx
                if key in keys:
                    yield key, text


def _shown(keys: list[int]) -> list[int]:
    """The sentences shown of a cluster (sorted keys): the first of each report, then the others, up to SHOWN."""
    first, rest, seen = [], [], set()
    for k in keys:
        (rest if k >> 24 in seen else first).append(k)
        seen.add(k >> 24)
    return sorted((first + rest)[:SHOWN])


def find_apart(index: CopyIndex, names: dict[int, tuple[str, ...]] | None = None) -> list[Passage]:
    """index.find() in a forked child (apart.py): the finder's working set (candidate pairs, compared sentences,
    clusters) grows with the batch and leaves with the child; only the passages (at most 50) come back."""
    from .apart import Apart

    index.close()  # before forking: a buffered write must not be flushed by both processes
    return Apart(index.find, names).result()

"""The word-boundary check asks jieba's dictionary without loading jieba, and segments exactly as jieba does."""
from __future__ import annotations

import logging
import subprocess
import sys
from pathlib import Path

import pytest

import scorer
from scorer import wordfreq
from scorer.matching import domain_words
from scorer.segmenter import Segmenter

ROOT = Path(__file__).resolve().parent.parent
TEXTS = sorted((ROOT / "seeds").glob("*.txt")) + sorted((ROOT / "tests" / "data" / "real").glob("real_0[0-4]*.txt"))


@pytest.fixture(scope="module")
def vocabulary():
    return domain_words(scorer.default_rulebook())


@pytest.fixture(scope="module")
def real_jieba(vocabulary):
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tk = jieba.Tokenizer()
    tk.initialize()
    for w in sorted(w for w in vocabulary if len(w) >= 2):
        tk.add_word(w, freq=200000)
    return tk


def windows():
    for f in TEXTS:
        text = f.read_text(encoding="utf-8")
        for i in range(0, max(1, len(text) - 20), 23):
            yield text[i:i + 20]


@pytest.fixture(scope="module")
def cache_home(tmp_path_factory):
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(params=["on-disk", "in-memory"])
def backend(request, monkeypatch, cache_home):
    """Both ways of asking jieba's dictionary: the SQLite copy (one check) and memory (a batch)."""
    monkeypatch.delitem(wordfreq._cache, "lookup", raising=False)
    if request.param == "in-memory":
        monkeypatch.setitem(wordfreq._cache, "lookup", wordfreq.MemoryFreq(*wordfreq._parse(wordfreq.dictionary_path())))
    else:
        monkeypatch.delenv("FZZF_SCORER_NO_CACHE", raising=False)
        monkeypatch.setenv("XDG_CACHE_HOME", str(cache_home))
        assert isinstance(wordfreq.lookup(), wordfreq.SqliteFreq)
    yield request.param
    wordfreq._cache.pop("lookup", None)


def test_segments_every_window_of_real_reports_as_jieba_does(vocabulary, real_jieba, backend):
    seg = Segmenter(vocabulary)
    checked = 0
    for w in windows():
        expected = [(a, b) for _, a, b in real_jieba.tokenize(w, HMM=False)]
        assert seg.tokenize(w) == expected, w
        checked += 1
    assert checked > 1000


def test_the_edge_check_agrees_on_both_backends(vocabulary, backend):
    seg = Segmenter(vocabulary)
    text = "镇综治中心积极协调解决群众反映的突出问题"
    hit = text.index("调解")
    assert seg.may_cut(text, hit, hit + 2)
    assert not seg.may_cut("。依法调解。", 3, 5)


def test_a_rulebook_term_stays_one_word_as_with_jieba_add_word(vocabulary):
    seg = Segmenter(vocabulary)
    text = "全面落实行政执法三项制度"
    assert (text.index("行政执法"), text.index("行政执法") + 4) in seg.tokenize(text)


def test_the_sqlite_copy_and_the_dictionary_in_memory_agree(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    path = wordfreq._build_sqlite(wordfreq.dictionary_path(), tmp_path)
    on_disk = wordfreq.SqliteFreq(path)
    in_memory = wordfreq.MemoryFreq(*wordfreq._parse(wordfreq.dictionary_path()))
    probe = ["法治", "政府", "叙述", "法律顾问", "协调", "不是一个词语", "述", "法"]
    assert on_disk.lookup(probe) == in_memory.lookup(probe)
    assert on_disk.total == in_memory.total


def test_checking_one_report_never_imports_jieba():
    code = ("import sys, scorer; r = scorer.check_file(sys.argv[1]); "
            "print(len(r.rules), 'jieba' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code, str(TEXTS[2])], capture_output=True, text=True, check=True)
    assert out.stdout.split()[1] == "False"


def test_a_term_inside_another_word_is_a_fragment_and_jieba_is_not_loaded():
    code = ("import sys, scorer; r = scorer.check_text('镇综治中心积极协调解决群众反映的突出问题。'); "
            "rule = next(x for x in r.rules if x.id == 'disputes.mediation'); "
            "print(rule.status, [n.detail for n in rule.near_misses if n.reason == 'fragment'], 'jieba' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.startswith("missing") and "协调" in out and out.rstrip().endswith("False")

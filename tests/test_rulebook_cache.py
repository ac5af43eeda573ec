"""The compiled-rulebook cache cannot be made to run code: a file is unpickled only if its HMAC checks out."""
from __future__ import annotations

import os
import pickle
import stat

import pytest

import scorer
from scorer.rules import cache as rulebook_cache
from scorer.rulebook import default_rulebook_path, load_rulebook


@pytest.fixture
def cache_home(tmp_path, monkeypatch):
    monkeypatch.delenv("FZZF_SCORER_NO_CACHE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    return tmp_path / "cache" / "fzzf-scorer"


class _Planted:
    """Unpickling this creates a file: proof that code ran."""

    def __init__(self, proof):
        self.proof = proof

    def __reduce__(self):
        return (open, (self.proof, "w"))


def _cache_files(folder):
    return [p for p in folder.iterdir() if p.suffix == ".pickle"]


def test_a_loaded_rulebook_is_cached_with_a_user_only_key_and_reloaded(cache_home):
    first = load_rulebook(None)
    (cached,) = _cache_files(cache_home)
    assert stat.S_IMODE(os.stat(cache_home).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(cache_home / "key").st_mode) == 0o600
    raw = default_rulebook_path().read_bytes()
    again = rulebook_cache.cache_get(raw, str(default_rulebook_path()))
    assert [r.id for r in again.rules] == [r.id for r in first.rules]
    assert [r.id for r in load_rulebook(None).rules] == [r.id for r in first.rules]


def test_a_planted_pickle_without_the_right_tag_is_never_unpickled(cache_home, tmp_path):
    load_rulebook(None)
    (cached,) = _cache_files(cache_home)
    proof = tmp_path / "code-ran"
    payload = pickle.dumps(_Planted(str(proof)))
    for forged in (payload, b"\0" * 32 + payload, cached.read_bytes()[:32] + payload):
        cached.write_bytes(forged)
        rb = load_rulebook(None)
        assert not proof.exists()
        assert len(rb.rules) == len(scorer.default_rulebook().rules)


def test_a_cache_folder_others_can_write_to_is_not_trusted(cache_home, tmp_path):
    load_rulebook(None)
    os.chmod(cache_home, 0o777)
    raw = default_rulebook_path().read_bytes()
    assert rulebook_cache.cache_get(raw, str(default_rulebook_path())) is None
    os.chmod(cache_home, 0o700)
    os.chmod(cache_home / "key", 0o644)  # a key others can read authenticates nothing
    assert rulebook_cache.cache_get(raw, str(default_rulebook_path())) is None
    os.chmod(cache_home / "key", 0o600)
    assert rulebook_cache.cache_get(raw, str(default_rulebook_path())) is not None


def test_a_symlinked_cache_folder_is_not_used(cache_home, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir(mode=0o700)
    cache_home.parent.mkdir(parents=True)
    cache_home.symlink_to(elsewhere)
    load_rulebook(None)
    assert list(elsewhere.iterdir()) == []


def _template_env():
    from jinja2 import Environment, FileSystemLoader

    from scorer.bytecode_cache import SignedBytecodeCache
    from scorer.rules.loader import data_dir

    return Environment(loader=FileSystemLoader(str(data_dir("templates"))), bytecode_cache=SignedBytecodeCache())


def _compiles(monkeypatch) -> list[str]:
    from jinja2 import Environment

    seen: list[str] = []
    original = Environment.compile

    def counting(self, source, name=None, *args, **kwargs):
        seen.append(name)
        return original(self, source, name, *args, **kwargs)

    monkeypatch.setattr(Environment, "compile", counting)
    return seen


def test_compiled_templates_are_kept_signed_and_reused(cache_home, monkeypatch):
    compiled = _compiles(monkeypatch)
    page = _template_env().get_template("_macros.html.j2").module.badge("missing", "缺失")
    assert compiled == ["_macros.html.j2"]
    (kept,) = [p for p in cache_home.iterdir() if p.name.startswith("jinja-")]
    compiled.clear()
    assert _template_env().get_template("_macros.html.j2").module.badge("missing", "缺失") == page
    assert compiled == []  # read back, not compiled again
    blob = bytearray(kept.read_bytes())
    blob[0] ^= 0xFF  # the signature no longer fits: compiled code not written by us is never run
    kept.write_bytes(bytes(blob))
    assert _template_env().get_template("_macros.html.j2").module.badge("missing", "缺失") == page
    assert compiled == ["_macros.html.j2"]


def test_no_compiled_template_is_kept_when_the_cache_is_off(cache_home, monkeypatch):
    monkeypatch.setenv("FZZF_SCORER_NO_CACHE", "1")
    _template_env().get_template("_macros.html.j2")
    assert not cache_home.exists() or not any(p.name.startswith("jinja-") for p in cache_home.iterdir())

"""The compiled-rulebook cache, which cannot be made to run code.

Parsing the YAML and validating some fifty rules costs more at start-up than scoring a
report, so a validated rulebook is pickled in the user's cache folder, keyed by the YAML
bytes, its path, the Python version and the loading code. Unpickling runs code chosen
by whoever wrote the file, so a cache file is only unpickled after its HMAC-SHA256 tag
checks out against a random key kept in a file only this user can read. The cache is
skipped (never trusted) when the folder or the key is not the user's own or can be
written by others. Any problem means a reparse; the cache is optional.
"""
from __future__ import annotations

import hashlib
import hmac
import os
import stat
import sys
import tempfile
from pathlib import Path
from typing import Any

KEY_BYTES = 32
TAG_BYTES = 32  # HMAC-SHA256


def cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "fzzf-scorer"


def _private(st: os.stat_result, mask: int) -> bool:
    """Owned by this user and without the permission bits in `mask` for group/others."""
    return st.st_uid == os.getuid() and not (st.st_mode & mask)


def _folder(create: bool) -> Path | None:
    """The cache folder, if it is a real folder of this user that nobody else can write to."""
    d = cache_dir()
    try:
        if create:
            d.parent.mkdir(parents=True, exist_ok=True)
            try:
                d.mkdir(mode=0o700)
            except FileExistsError:
                pass
        st = os.lstat(d)
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode) or not _private(st, 0o022):
        return None
    return d


def _key(folder: Path, create: bool) -> bytes | None:
    path = folder / "key"
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
    except FileNotFoundError:
        if not create:
            return None
        key = os.urandom(KEY_BYTES)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0), 0o600)
        except OSError:
            return None
        with os.fdopen(fd, "wb") as fh:
            fh.write(key)
        return key
    except OSError:
        return None
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode) or not _private(st, 0o077):
            return None  # a key others can read (or write) authenticates nothing
        key = fh.read(KEY_BYTES + 1)
    return key if len(key) == KEY_BYTES else None


def _name(raw: bytes, path: str) -> str | None:
    h = hashlib.sha256(raw)
    h.update(path.encode("utf-8", "surrogatepass"))
    h.update(sys.version.encode())
    here = Path(__file__).parent  # the rule language's code: a pickle of another version's classes is not read
    for f in sorted(here.glob("*.py")) + [here.parent / "rulebook_yaml.py", here.parent / "regex_safety.py"]:
        try:
            h.update(f.read_bytes())
        except OSError:
            return None
    return f"rulebook-{h.hexdigest()[:32]}.pickle"


def _enabled() -> bool:
    return not os.environ.get("FZZF_SCORER_NO_CACHE") and hasattr(os, "getuid")


def cache_get(raw: bytes, path: str) -> Any | None:
    """The cached object for these rulebook bytes, or None (missing, unverifiable, damaged)."""
    name = _name(raw, path) if _enabled() else None
    body = read_signed(name) if name else None
    if body is None:
        return None
    try:
        import pickle

        return pickle.loads(body)
    except Exception:  # damaged or from an incompatible version: reparse
        return None


def read_signed(name: str) -> bytes | None:
    """The body of the cache file `name`, only if this user's key signed it (else None: never trusted)."""
    if not _enabled():
        return None
    folder = _folder(create=False)
    key = _key(folder, create=False) if folder else None
    if key is None or folder is None:
        return None
    try:
        fd = os.open(folder / name, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as fh:
            if not stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
                return None
            blob = fh.read()
    except OSError:
        return None
    tag, body = blob[:TAG_BYTES], blob[TAG_BYTES:]
    if len(tag) != TAG_BYTES or not hmac.compare_digest(tag, hmac.new(key, body, hashlib.sha256).digest()):
        return None  # not written by us with this key
    return body


def cache_put(raw: bytes, path: str, obj: Any) -> None:
    name = _name(raw, path) if _enabled() else None
    if not name:
        return
    try:
        import pickle

        body = pickle.dumps(obj, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:
        return
    write_signed(name, body)


def write_signed(name: str, body: bytes) -> None:
    """Write the cache file `name`, signed with this user's key (atomically; nothing when the cache is off or
    the folder is not private: the cache is optional)."""
    if not _enabled():
        return
    folder = _folder(create=True)
    key = _key(folder, create=True) if folder else None
    if key is None or folder is None:
        return
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
        with os.fdopen(fd, "wb") as fh:
            fh.write(hmac.new(key, body, hashlib.sha256).digest() + body)
        os.replace(tmp, folder / name)
    except Exception:  # read-only home, full disk: the cache is optional
        if tmp:
            try:
                os.unlink(tmp)
            except OSError:
                pass


def private_folder() -> Path | None:
    """The cache folder (created if need be), or None when it is not this user's own."""
    return _folder(create=True) if _enabled() else None

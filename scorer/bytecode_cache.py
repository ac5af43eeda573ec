"""Compiled Jinja templates kept between runs, signed like the rulebook cache (rules/cache.py).

Compiling the gap report's templates costs about 30 ms of every cold `scorer check`. Jinja can keep the compiled
code on disk (a BytecodeCache); compiled code is executed when loaded, so it is kept only in the user's private cache
folder and read back only when this user's key signed it. Jinja itself checks each entry against the template's
source (a changed template is compiled again) and against the Python version.
"""
from __future__ import annotations

import hashlib

from jinja2 import BytecodeCache
from jinja2.bccache import Bucket

from .rules.cache import read_signed, write_signed


def _name(bucket: Bucket) -> str:
    return f"jinja-{hashlib.sha256(bucket.key.encode()).hexdigest()[:32]}.bin"


class SignedBytecodeCache(BytecodeCache):
    def load_bytecode(self, bucket: Bucket) -> None:
        body = read_signed(_name(bucket))
        if body is not None:
            bucket.bytecode_from_string(body)  # a wrong Jinja/Python version or source checksum: ignored

    def dump_bytecode(self, bucket: Bucket) -> None:
        write_signed(_name(bucket), bucket.bytecode_to_string())

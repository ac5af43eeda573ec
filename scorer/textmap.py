"""Text that remembers where each character came from.

Every cleaning step (removing markers, joining broken lines, folding full-width
forms) returns a new `MappedText` whose `offsets[i]` is the position in the
*original* decoded text of character `i`. Evidence found in the clean text can
therefore always be pointed back into the file the user wrote.
"""
from __future__ import annotations

import re
from array import array
from typing import Callable, Union

Replacement = Union[str, Callable[["re.Match[str]"], str]]


class MappedText:
    __slots__ = ("text", "offsets")

    def __init__(self, text: str, offsets: array | None = None):
        self.text = text
        if offsets is None:
            offsets = array("l", range(len(text) + 1))
        # one entry per character plus the end position
        self.offsets = offsets

    def __len__(self) -> int:
        return len(self.text)

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a half-open span of this text to the original text."""
        if end <= start:
            o = self.offsets[start]
            return o, o
        return self.offsets[start], self.offsets[end - 1] + 1

    def translate(self, table: dict[int, int | str]) -> "MappedText":
        """Per-character substitution; the table must keep lengths (1 char → 1 char)."""
        return MappedText(self.text.translate(table), self.offsets)

    def sub(self, pattern: "re.Pattern[str] | str", repl: Replacement) -> "MappedText":
        """Like `re.sub`, keeping the offset map.

        A replacement of the same length as the match maps character by
        character; otherwise every replacement character maps to the start of
        the match (deleted text simply disappears).
        """
        rx = re.compile(pattern) if isinstance(pattern, str) else pattern
        pieces: list[str] = []
        offs = array("l")
        pos = 0
        src, src_off = self.text, self.offsets
        changed = False
        for m in rx.finditer(src):
            s, e = m.span()
            new = repl(m) if callable(repl) else m.expand(repl)
            if new == m.group(0):
                continue
            changed = True
            pieces.append(src[pos:s])
            offs.extend(src_off[pos:s])
            pieces.append(new)
            if len(new) == e - s:
                offs.extend(src_off[s:e])
            elif new:
                anchor = src_off[s] if s < len(src) else src_off[-1]
                offs.extend([anchor] * len(new))
            pos = e
        if not changed:
            return self
        pieces.append(src[pos:])
        offs.extend(src_off[pos:])
        return MappedText("".join(pieces), offs)

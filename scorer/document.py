"""The document model: what a report *is* once read (plain dataclasses, no logic beyond lookups).

Offsets (`start`, `end`) are positions in the normalized text `Document.text`;
`Document.original_span` maps them back into the text as decoded from the file.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field

from .rules.vocabulary import LEVELS, ROLES  # noqa: F401  (the document model speaks the rules' vocabulary)
from .textmap import MappedText


@dataclass
class Heading:
    text: str
    level: int
    start: int
    end: int
    numbered: bool


@dataclass
class Section:
    index: int
    heading: Heading | None  # None for the preamble
    level: int
    start: int
    end: int
    parent: int | None
    roles: tuple[str, ...]
    explicit: bool  # the role comes from the heading's own words, not inherited or inferred

    @property
    def title(self) -> str:
        if self.heading:
            return self.heading.text
        return "（导语）" if self.roles == ("preamble",) else "（未加标题的段落）"

    @property
    def role(self) -> str:
        return self.roles[0]


@dataclass
class Sentence:
    index: int
    start: int
    end: int
    text: str
    paragraph: int
    section: int
    is_heading: bool = False


@dataclass
class Paragraph:
    index: int
    start: int
    end: int
    text: str
    section: int


@dataclass
class Metadata:
    title: str = ""
    unit: str | None = None
    county: str | None = None
    level: str | None = None  # township / county / department
    year: int | None = None
    dated: str | None = None  # 落款日期, YYYY-MM-DD
    published: str | None = None  # from a saved web page's metadata
    publisher: str | None = None
    encoding: str | None = None
    # where the unit was read: title | signature (落款) | publisher (发布机构) | body (a guess) | given (by the user)
    unit_source: str | None = None
    given: list[str] = field(default_factory=list)  # the fields the user stated (--unit, the manifest…)


@dataclass
class Document:
    path: str
    original: str
    mapped: MappedText
    metadata: Metadata
    headings: list[Heading] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    sentences: list[Sentence] = field(default_factory=list)
    web_labels: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    title_span: tuple[int, int] = (0, 0)
    _sentence_starts: list[int] = field(default_factory=list, repr=False)

    @property
    def text(self) -> str:
        return self.mapped.text

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        return self.mapped.original_span(start, end)

    def sentence_at(self, pos: int) -> Sentence | None:
        if not self._sentence_starts:
            self._sentence_starts = [s.start for s in self.sentences]
        i = bisect_right(self._sentence_starts, pos) - 1
        if i >= 0 and self.sentences[i].start <= pos < self.sentences[i].end:
            return self.sentences[i]
        return None

    def section_chain(self, index: int) -> list[Section]:
        """The section and its ancestors, innermost first."""
        chain = []
        cur: int | None = index
        while cur is not None:
            sec = self.sections[cur]
            chain.append(sec)
            cur = sec.parent
        return chain

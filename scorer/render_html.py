"""HTML gap report: turns a `ReportResult` into presentation data and renders the Jinja templates.

Nothing here decides a verdict; it only arranges what scoring produced (evidence
segments with highlighted terms, anchors into the full text, labels).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .document import Document
from .results import SHOWN_LABELS, SHOWN_ORDER, STATUS_LABELS, ReportResult, RuleResult
from .rules.vocabulary import DONE_STATUSES, LEVEL_LABELS, NOT_DONE, REASON_LABELS

ROLE_LABELS = {
    "preamble": "导语", "measures": "举措和成效", "shortcomings": "不足和原因", "leader-duty": "第一责任人履职",
    "plans": "下一年度安排", "other": "其他",
}
# the five items of 《督察工作规定》 and the rules (part `report`) that check them
STATUTORY_ITEMS = [
    ("report.measures-and-results", "上一年度推进法治政府建设的主要举措和成效"),
    ("report.shortcomings", "上一年度推进法治政府建设存在的不足和原因"),
    ("report.leader-duty", "党政主要负责人履行推进法治建设第一责任人职责，加强法治政府建设的有关情况"),
    ("report.next-year-plan", "下一年度推进法治政府建设的主要安排"),
]


def segments(text: str, terms: list[str]) -> list[tuple[str, bool]]:
    """Split text into (piece, is_term) so the template can highlight matched terms."""
    spans: list[tuple[int, int]] = []
    for t in {t for t in terms if t}:
        i = text.find(t)
        while i != -1:
            spans.append((i, i + len(t)))
            i = text.find(t, i + len(t))
    if not spans:
        return [(text, False)] if text else []
    out: list[tuple[str, bool]] = []
    pos = 0
    for a, b in _merged(sorted(spans)):
        if a > pos:
            out.append((text[pos:a], False))
        out.append((text[a:b], True))
        pos = b
    if pos < len(text):
        out.append((text[pos:], False))
    return out


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching spans joined (sorted input)."""
    out: list[tuple[int, int]] = []
    for a, b in spans:
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out


@dataclass
class TextBlock:
    kind: str  # heading | para
    level: int = 0
    role: str = ""
    sentences: list[dict[str, Any]] = field(default_factory=list)


def _sentence_anchor(doc: Document, norm_start: int) -> str | None:
    s = doc.sentence_at(norm_start)
    return f"s{s.index}" if s else None


def _full_text(doc: Document, marked: dict[int, list[str]], near: dict[int, list[str]],
               terms: dict[int, set[str]]) -> list[TextBlock]:
    """The report as blocks of sentences, evidence sentences marked with the rules they support."""
    blocks: list[TextBlock] = []
    by_para: dict[int, TextBlock] = {}
    for s in doc.sentences:
        entry = {"anchor": f"s{s.index}", "segments": segments(s.text, sorted(terms.get(s.index, ()))),
                 "rules": marked.get(s.index, []), "near": near.get(s.index, [])}
        if s.is_heading:
            sec = doc.sections[s.section]
            blocks.append(TextBlock(kind="heading", level=min(sec.level, 4), role=sec.role, sentences=[entry]))
            continue
        block = by_para.get(s.paragraph)
        if block is None:
            block = TextBlock(kind="para", role=doc.sections[s.section].role)
            by_para[s.paragraph] = block
            blocks.append(block)
        block.sentences.append(entry)
    return blocks


def _rule_view(r: RuleResult, doc: Document) -> dict[str, Any]:
    rule = r.rule
    return {
        "id": rule.id, "title": rule.title, "status": r.shown, "kind": rule.kind, "status_label": SHOWN_LABELS[r.shown],
        "credit": r.credit, "weight": rule.weight, "severity": rule.severity, "message": r.message,
        "description": rule.description, "advice": rule.advice,
        "criteria": r.criteria, "waiver": r.waiver, "counts": rule.counts_in_score,
        "basis": rule.basis,
        "evidence": [{"segments": segments(e.text, e.terms), "anchor": _sentence_anchor(doc, e.norm_start),
                      "section": e.section, "role": ROLE_LABELS.get(e.role, e.role), "terms": e.terms,
                      "is_heading": e.text == e.section}
                     for e in r.evidence],
        "near_misses": [{"text": n.text, "anchor": _sentence_anchor(doc, n.norm_start),
                         "reason": REASON_LABELS.get(n.reason, n.reason), "detail": n.detail,
                         "segments": segments(n.text, [n.term])} for n in r.near_misses],
    }


def view_model(result: ReportResult, summary_link: str | None = None,
               data: dict[str, Any] | None = None) -> dict[str, Any]:
    """`data`: result.to_dict(), if the caller has it already (a summary worker does: it costs as much as the
    rest of this function)."""
    doc = result.document
    md = doc.metadata
    marked: dict[int, list[str]] = {}
    near: dict[int, list[str]] = {}
    terms: dict[int, set[str]] = {}
    for r in result.rules:
        for e in r.evidence:
            s = doc.sentence_at(e.norm_start)
            if s:
                marked.setdefault(s.index, []).append(r.rule.id)
                terms.setdefault(s.index, set()).update(e.terms)
        for n in r.near_misses:
            s = doc.sentence_at(n.norm_start)
            if s and r.rule.id not in marked.get(s.index, []):
                near.setdefault(s.index, []).append(f"{r.rule.id}：{REASON_LABELS.get(n.reason, n.reason)}")
    by_id = {r.rule.id: r for r in result.rules}
    statutory = []
    for rid, text in STATUTORY_ITEMS:
        r = by_id.get(rid)
        statutory.append({"text": text, "rule": rid, "present": bool(r and r.status in DONE_STATUSES),
                          "status": r.status if r else "na", "status_label": STATUS_LABELS[r.status] if r else "—"})
    other = any(s.heading and "其他" in s.heading.text for s in doc.sections)
    parts = []
    for p in result.parts:
        rules = [_rule_view(r, doc) for r in result.rules if r.rule.part == p.id]
        if rules:
            parts.append({"id": p.id, "title": p.title, "score": p.score, "rules": rules})
    # gaps first, in full; met, not applicable and waived rules one line each (the page prints in a few pages)
    from .rectification import GAP_STATUSES, rectification

    gap_parts = [{**p, "rules": [r for r in p["rules"] if r["status"] in GAP_STATUSES]} for p in parts]
    one_line = [{**r, "part_title": p["title"]} for p in parts for r in p["rules"] if r["status"] not in GAP_STATUSES]
    return {
        "title": md.title or doc.path, "file": result.file, "md": md,
        "level_label": LEVEL_LABELS.get(md.level or "", "未识别"),
        "rulebook": result.rulebook, "score": result.score, "counts": result.counts(),
        "status_labels": SHOWN_LABELS, "status_order": SHOWN_ORDER, "statutory": statutory, "other_part": other,
        "timeliness": result.timeliness,
        "parts": parts, "blocks": _full_text(doc, marked, near, terms), "role_labels": ROLE_LABELS,
        "gap_parts": [p for p in gap_parts if p["rules"]], "met_rules": [r for r in one_line if r["status"] == "met"],
        "other_rules": [r for r in one_line if r["status"] != "met"],
        "rectification": rectification(data or result.to_dict()),
        "summary_link": summary_link,
    }


def marked(segs: list[tuple[str, bool]]):
    """Text pieces with the matched terms in <mark>, escaped: a filter, not a macro, because a report has
    hundreds of sentences and a Jinja macro call costs more than the whole join."""
    from markupsafe import Markup, escape

    return Markup("".join(f"<mark>{escape(piece)}</mark>" if is_term else escape(piece) for piece, is_term in segs))


_ENV: list = []  # cache: one Jinja environment per process (compiling the templates costs more than rendering)


_DICT_NAMES = frozenset(dir(dict))


def _environment_class():
    from jinja2 import Environment

    class ViewEnvironment(Environment):
        """`r.status` on a view-model dict is its key: asked first, since Jinja's own order (attribute, then key)
        raises and catches an AttributeError for every such lookup, a fifth of a gap report's rendering time.
        The names of dict's own methods keep Jinja's order, so `d.items()` means what it always meant."""

        def getattr(self, obj, attribute):
            if type(obj) is dict and attribute not in _DICT_NAMES:
                try:
                    return obj[attribute]
                except KeyError:
                    pass
            return super().getattr(obj, attribute)

    return ViewEnvironment


def environment():
    """The Jinja environment over templates/: autoescaping on, undefined names are errors."""
    if not _ENV:
        from jinja2 import FileSystemLoader, StrictUndefined, select_autoescape

        from .rules.loader import data_dir

        from .bytecode_cache import SignedBytecodeCache

        _ENV.append(_environment_class()(loader=FileSystemLoader(str(data_dir("templates"))),
                                autoescape=select_autoescape(default=True, default_for_string=True),
                                undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                                bytecode_cache=SignedBytecodeCache()))
        _ENV[0].filters["marked"] = marked
        # the vocabularies, so that templates never retype them
        _ENV[0].globals.update(DONE_STATUSES=DONE_STATUSES, NOT_DONE=NOT_DONE, LEVEL_LABELS=LEVEL_LABELS)
    return _ENV[0]


def render(result: ReportResult, summary_link: str | None = None, data: dict[str, Any] | None = None) -> str:
    """The gap report; `summary_link`: the county summary it belongs to (a link back at the top); `data`: as in
    view_model."""
    return environment().get_template("gap_report.html.j2").render(**view_model(result, summary_link, data))

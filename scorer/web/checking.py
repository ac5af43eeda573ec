"""Checking one uploaded draft, in a worker process: read, apply corrected metadata, score, render.

The worker renders the whole result page itself, so the server process only moves bytes
and keeps answering while drafts are scored. Nothing is kept between requests: the result
page carries the extracted text back in its form, and the same form serves the correction
(score again with another unit, level or year) and the downloads (the HTML gap report and
the JSON, made again from the carried text only when asked for, so a plain check pays for
neither).
"""
from __future__ import annotations

import base64
import os
import re
from pathlib import Path

from ..document import LEVELS
from ..errors import ScorerError
from ..rules.vocabulary import LEVEL_LABELS

MAX_NAME = 40  # as in the summary's manifest (batch.MAX_NAME): the longest real unit names are about 20
_YEAR = re.compile(r"[0-9]{4}")  # ASCII digits only, as the manifest checks
_W: dict[str, object] = {}  # per-process cache: rulebook and waivers


def read_overrides(fields: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """The corrected unit, level and year from the form (blank = keep what was detected), checked."""
    from ..printable import has_unsafe

    out: dict[str, str] = {}
    problems: list[str] = []
    unit = fields.get("unit", "").strip()
    if unit:
        if has_unsafe(unit) or len(unit) > MAX_NAME:
            problems.append(f"单位名称应为 {MAX_NAME} 字以内的文字")
        else:
            out["unit"] = unit
    level = fields.get("level", "").strip()
    if level:
        if level not in LEVELS:
            problems.append("层级应为乡镇（街道）、县级政府或政府部门")
        else:
            out["level"] = level
    year = fields.get("year", "").strip()
    if year:
        if not (_YEAR.fullmatch(year) and 1990 <= int(year) <= 2100):
            problems.append("报告年度应为四位年份（阿拉伯数字），如 2023")
        else:
            out["year"] = year
    return out, problems


def init_worker(rules: str | None, waivers: str | None) -> None:
    """Load the rulebook and waivers once per worker, and compile the templates."""
    from ..render_html import environment
    from ..rules.loader import load_rulebook
    from ..waivers import load_waivers

    rb = load_rulebook(rules)
    _W.update(rulebook=rb, waivers=load_waivers(waivers, {r.id for r in rb.rules}) if waivers else [])
    environment().get_template("web/check_result.html.j2")


WARM_UP = "城关镇2023年法治政府建设情况报告\n一、主要举措和成效\n聘请法律顾问，审查合同12件。\n二、存在的不足\n下一步将加强学习。"


def ready() -> int:
    """Run at start by the server in every worker: the word segmenter and matching caches load now,
    not during the first user's request."""
    check_draft("warm-up.txt", {}, text=WARM_UP)
    return os.getpid()


OUTPUTS = ("page", "html", "json", "annotate", "rectify")
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def check_draft(name: str, overrides: dict[str, str], path: str | None = None, text: str | None = None,
                fmt: str | None = None, max_bytes: int | None = None, output: str = "page") -> dict:
    """Score a draft (an uploaded file at `path`, or its text carried back by the result page's form).

    `output`: "page" (the web result page), "html" (the gap report, as `scorer check --html`),
    "json" (as `scorer check --json`), "annotate" (the draft as .docx with comments at its gaps, as
    `--annotate`) or "rectify" (the rectification list, as `--rectify`); the Word files as bytes. Returns {"ok": True, "body": text, "filename": download name,
    "score": …} or {"ok": False, "error": one line}."""
    from ..document_builder import parse_text
    from ..outputs import to_json
    from ..reading import DEFAULT_MAX_BYTES, read_report
    from ..render_html import environment, view_model
    from ..scoring import score_document

    try:
        if path is not None:
            text, fmt = read_report(path, max_bytes or DEFAULT_MAX_BYTES)
        assert text is not None
        doc = parse_text(text, name, fmt)  # as read_document, but named as the user knows the file
        md = doc.metadata
        detected = {"unit": md.unit, "level": md.level, "year": md.year}
        if overrides.get("unit"):
            md.unit = overrides["unit"]
        if overrides.get("level"):
            md.level = overrides["level"]
        if overrides.get("year"):
            md.year = int(overrides["year"])
        result = score_document(doc, _W["rulebook"], _W["waivers"])  # type: ignore[arg-type]
    except ScorerError as err:
        return {"ok": False, "error": f"{name}：{err.problem}"}
    stem = Path(name).stem or "报告"
    if output == "json":
        return {"ok": True, "body": to_json(result.to_dict()), "filename": f"{stem}.json", "score": result.score}
    if output in ("annotate", "rectify"):
        return {"ok": True, "body": _word(result, output), "filename": f"{stem}.{'批注' if output == 'annotate' else '整改清单'}.docx",
                "score": result.score}
    vm = view_model(result)
    env = environment()
    if output == "html":
        return {"ok": True, "body": env.get_template("gap_report.html.j2").render(**vm),
                "filename": f"{stem}.gap.html", "score": result.score}
    gaps = [r for part in vm["parts"] for r in part["rules"] if r["status"] in ("missing", "planned", "partial")]
    order = {"missing": 0, "planned": 1, "partial": 2}
    gaps.sort(key=lambda r: (order[r["status"]], -r["weight"]))
    # base64: a form post turns every line break into CRLF, which would move evidence positions
    carried = base64.b64encode(text.encode("utf-8", "surrogatepass")).decode("ascii")
    html = env.get_template("web/check_result.html.j2").render(
        **vm, detected=detected, overrides={k: v for k, v in overrides.items() if str(detected[k] or "") != v}, fmt=fmt or "", name=name, text_b64=carried,
        levels=LEVEL_LABELS, gaps=gaps)
    return {"ok": True, "body": html, "filename": "", "score": result.score}


def _word(result, output: str) -> bytes:
    """The annotated draft or the rectification list as .docx bytes. No uploaded file is kept, so the
    annotated draft is rebuilt from the text (title, headings, paragraphs), as for a .txt or .pdf draft."""
    import io
    import os

    if output == "annotate":
        from ..word_annotate import annotated

        document = annotated(result, False, os.devnull)  # not a .docx to copy: rebuilt from the text
    else:
        from ..rectification import rectification
        from ..word_rectify import build

        document = build(rectification(result.to_dict()))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def carried_text(value: str) -> str | None:
    """The report text the correction form carried back (base64, so the browser cannot alter line breaks)."""
    import binascii

    try:
        return base64.b64decode(value, validate=True).decode("utf-8", "surrogatepass")
    except (binascii.Error, ValueError):
        return None

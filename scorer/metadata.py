"""Who reports, for which year, and when: unit, county, level, report year, dates.

The unit, most trusted first: the title block at the top, the signature block at the end (落款),
the web page's 发布机构; then only guesses, flagged as such: the site name above the title, the
body (how its opening sentence names the reporter, the name it uses most often for itself).
Reading a name is unitnames.py's job.
"""
from __future__ import annotations

import re

from .document import Metadata
from .rules.vocabulary import LEVEL_LABELS, LEVELS  # noqa: F401  (LEVEL_LABELS re-exported)
from .textpatterns import parse_date

_YEAR_IN_TITLE = re.compile(r"(20\d{2})\s*年")


def detect(header: list[str], signature: list[str], body: str, web: dict[str, str],
           page: list[str] = ()) -> Metadata:
    """`page`: lines a saved web page shows above the report's title (a site name), used only as a guess."""
    from . import unitnames

    md = Metadata()
    titles = [ln for ln in header if re.search(r"报告|总结|汇报", ln)]
    md.title = (titles[0] if titles else (header[-1] if header else "")).strip()

    # the title block, the 落款, the page's 发布机构; only then guesses: the site name above the title,
    # the name the body uses most (flagged in the summary as guessed)
    self_level = unitnames.level_from_pronouns(body)  # "我镇" / "我县" / "我局"
    found = superior = None
    first = body.split("\n", 1)[0][:120]
    if not header and re.search(r"报告|总结|汇报", first):
        header = [first]  # a title run into the first line of a saved page
        titles = header if not titles else titles
    for source, lines in (("title", titles + [ln for ln in header if ln not in titles]), ("signature", signature),
                          ("publisher", [web.get("publisher") or ""]), ("page", list(reversed(page)))):
        found = next((u for u in map(unitnames.from_line, lines) if u), None)
        # a site name ("咸安区人民政府" above a town's report), above the title or alone without one, may be the
        # government that leads the reporter: then it is the county, not the unit
        if found and (source == "page" or source == "title" and not titles) and unitnames.leads(found, body):
            superior, found = found, None
        if found and (source != "page" or self_level in (None, found.level)):
            md.unit, md.county, md.level, md.unit_source = found.unit, found.county, found.level, source
            break
    if not md.unit:  # a government or department opening the body: "2025年,中共姚安县委、姚安县人民政府…"
        opening = unitnames.from_opening(body)
        if opening and self_level in (None, opening.level, "county" if opening.level == "department" else None):
            md.unit, md.county, md.level, md.unit_source = opening.unit, opening.county, opening.level, "body"
    if not md.unit:
        town = unitnames.most_named_town(body) if self_level in (None, "township") else None
        if town:
            md.unit, md.level, md.unit_source = town, "township", "body"
        elif self_level:
            md.level, md.unit_source = self_level, "body"  # the level alone, from how the report calls itself
    if md.unit and not md.county:
        md.county = unitnames.county_before(md.unit, "\n".join(header) + "\n" + web.get("publisher", "") + "\n" + body)
    if md.level == "township" and not md.county and superior:
        md.county = superior.unit

    m = _YEAR_IN_TITLE.search(md.title) or _YEAR_IN_TITLE.search("\n".join(header))
    if m:
        md.year = int(m.group(1))
    else:
        m = _YEAR_IN_TITLE.search(body[:600])
        if m:
            md.year = int(m.group(1))

    for line in reversed(signature):
        d = parse_date(line)
        if d:
            md.dated = d
            break
    md.published = web.get("published")
    md.publisher = web.get("publisher")
    if md.year is None and (md.dated or md.published):
        md.year = int((md.dated or md.published or "0")[:4]) - 1
    return md


def timeliness(md: Metadata) -> dict[str, str | None]:
    """On time if dated and published by 31 March of the following year (督察规定 4-1 disclosure rule)."""
    if md.year is None:
        return {"status": "unknown", "deadline": None, "detail": "未识别报告年度"}
    deadline = f"{md.year + 1}-03-31"
    dates = [(label, d) for label, d in (("落款", md.dated), ("发布", md.published)) if d]
    if not dates:
        return {"status": "unknown", "deadline": deadline, "detail": "报告中没有落款日期或发布日期"}
    late = [(label, d) for label, d in dates if d > deadline]
    if late:
        return {"status": "late", "deadline": deadline,
                "detail": "；".join(f"{label}日期 {d} 晚于 {deadline}" for label, d in late)}
    return {"status": "on-time", "deadline": deadline,
            "detail": "；".join(f"{label}日期 {d}" for label, d in dates) + f"，不晚于 {deadline}"}


GUESSED_FROM = {"body": "正文", "page": "网页标题上方的网站名"}


def override(md: Metadata, unit: str | None = None, county: str | None = None, level: str | None = None,
             year: int | None = None) -> None:
    """What the user states (`check --unit …`, the summary's manifest) replaces what was detected."""
    for key, value in (("unit", unit), ("county", county), ("level", level), ("year", year)):
        if value:
            setattr(md, key, value)
            md.given.append(key)
    if unit:
        md.unit_source = "given"


def doubts(md: Metadata) -> list[str]:
    """Why the unit or level of a report may be wrong: not detected, or only guessed (fields the user
    stated are not doubted). A wrong level flips the rules that apply only to some levels."""
    given = set(md.given)
    level_ok = "level" in given or md.level and md.unit_source in ("title", "signature", "publisher", "given")
    out = []
    if not md.unit and not md.level:
        out.append("未识别报告单位和层级（层级决定哪些规则适用；请在清单或 --unit、--level 中写明）")
    elif not md.unit:
        out.append("未识别报告单位" + ("" if level_ok else
                                f"；层级按正文的自称（“我县”“我镇”…）推断为{LEVEL_LABELS[md.level]}，请核对"))
    elif md.unit_source in GUESSED_FROM and "unit" not in given:
        out.append(f"单位“{md.unit}”是从{GUESSED_FROM[md.unit_source]}推断的" + ("" if level_ok else "，层级也是")
                   + "，请核对（可在清单或 --unit、--level 中写明）")
    elif not md.level:
        out.append("未识别报告层级（请在清单或 --level 中写明）")
    elif not level_ok:
        out.append(f"层级{LEVEL_LABELS[md.level]}是推断的，请核对")
    return out


MAX_NAME = 40  # characters in a unit or county name (the longest real ones are about 20)


def given_problem(key: str, value: str) -> str | None:
    """Why a stated unit, county, level or year cannot be used, or None."""
    from .printable import has_unsafe

    if key in ("unit", "county"):
        if not value.strip() or has_unsafe(value) or len(value) > MAX_NAME:
            return f"应为 1–{MAX_NAME} 个字的名称，不含控制字符"
    elif key == "level" and value not in LEVELS:
        return "应为 township（乡镇、街道）、county（县级政府）或 department（政府部门）"
    elif key == "year" and not (re.fullmatch(r"[0-9]{4}", value) and 1990 <= int(value) <= 2100):
        return "应为四位年份（阿拉伯数字），如 2023"
    return None

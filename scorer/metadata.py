"""Who reports, for which year, and when: unit, county, level, report year, dates.

Sources, most trusted first: the title block at the top, the web page's
metadata (发布机构, 生成日期), the signature block at the end (落款), then the
body text (the name the report uses most often for itself).
"""
from __future__ import annotations

import re
from collections import Counter

from .document import Metadata
from .textpatterns import CJK, parse_date

_COUNTY = rf"[{CJK}]{{1,7}}?(?:自治县|自治旗|县|区|市|旗)"
_TOWN = rf"[{CJK}]{{1,7}}?(?:民族乡|镇|乡|街道办事处|街道)"
_DEPT = rf"[{CJK}]{{2,14}}?(?:局|委员会|委|办公室|中心|厅|署|所)"

# "高青县高城镇人民政府", "湟中区田家寨镇", "中共××镇委员会 ××镇人民政府", "××县司法局"
_BODY_TOWN = re.compile(rf"(?:中共)?(?P<county>{_COUNTY})?(?P<unit>{_TOWN})(?:人民政府|党委|委员会|办事处)?")
_BODY_COUNTY_GOV = re.compile(rf"(?P<unit>{_COUNTY})人民政府")
_BODY_DEPT = re.compile(rf"(?P<county>{_COUNTY})(?P<unit>{_DEPT})")

# Words ending in 镇/乡/县/区 that are not names.
_NOT_NAMES = {
    "乡镇", "城镇", "村镇", "集镇", "全镇", "我镇", "本镇", "该镇", "各镇", "重镇", "小镇", "名镇", "市镇", "城乡",
    "全乡", "我乡", "本乡", "各乡", "全县", "我县", "本县", "各县", "全区", "我区", "本区", "各区", "社区", "辖区",
    "园区", "景区", "城区", "片区", "矿区", "库区", "全市", "我市", "本市", "各市", "城市", "街道", "各街道",
    "镇街", "县区", "县市", "市县", "省市县乡", "市县乡", "县乡", "依法治县", "依法治区", "依法治镇", "依法治市",
    "民主法治示范村", "法治乡", "下乡", "返乡", "家乡", "小区", "山区", "地区", "林区", "牧区", "戒毒所",
}
_STOP_PREFIX = ("全", "我", "本", "该", "各", "一", "在", "对", "和", "及", "与", "的", "为", "到", "由", "了", "将",
                "县", "区", "市", "省", "治", "法", "年", "度", "向", "是", "等", "乡", "镇")
_YEAR_IN_TITLE = re.compile(r"(20\d{2})\s*年")
_TRAILING_NOISE = re.compile(r"^(?:关于|中共|的)")


# "增强全镇", "在我镇": a word plus a pronoun-like tail is not a place name ("高城镇" is)
_GENERIC_TAIL = {"全镇", "我镇", "本镇", "该镇", "各镇", "全乡", "我乡", "本乡", "各乡", "全县", "我县", "本县", "全区",
                 "我区", "本区", "辖区"}
_NOT_IN_NAMES = re.compile(r"增强|加强|推进|推动|建设|发展|全面|深入|开展|落实|提高|提升|促进|实现|我|全|本|各|该|和|及|与|的|在|为|对|将|是|等|了|到|从|向")


def _plausible(name: str | None) -> bool:
    if not name or name in _NOT_NAMES or len(name) < 2:
        return False
    if name[-2:] in _GENERIC_TAIL or _NOT_IN_NAMES.search(name[:-1]):
        return False
    if any(name.startswith(p) for p in _STOP_PREFIX) and len(name) <= 3:
        return False
    if re.search(r"\d|年|法治|建设|政府|工作|报告|情况", name):
        return False
    return True


def _from_lines(lines: list[str]) -> tuple[str | None, str | None, str | None]:
    """(unit, county, level) from title-block or signature lines."""
    for line in lines:
        line = _TRAILING_NOISE.sub("", line.strip())
        m = _BODY_TOWN.match(line)
        if m and _plausible(m.group("unit")):
            county = m.group("county") if _plausible(m.group("county")) else None
            return m.group("unit"), county, "township"
        m = _BODY_COUNTY_GOV.match(line)
        if m and _plausible(m.group("unit")):
            return m.group("unit"), m.group("unit"), "county"
        m = _BODY_DEPT.match(line)
        if m and _plausible(m.group("county")):
            return m.group("unit"), m.group("county"), "department"
    return None, None, None


def _most_named_town(text: str) -> str | None:
    """The township name the body uses most often ("高家镇"), if used at least twice."""
    counts: Counter[str] = Counter()
    for m in re.finditer(r"(?:镇|乡)", text):
        e = m.end()
        for n in (3, 4):
            cand = text[max(0, e - n):e]
            if len(cand) == n and re.fullmatch(rf"[{CJK}]+", cand) and _plausible(cand) \
                    and not cand.startswith(_STOP_PREFIX):
                counts[cand] += 1
    if not counts:
        return None
    best, n = counts.most_common(1)[0]
    if n < 2:
        return None
    # "圣灯山镇" and its tail "灯山镇" are counted alike: prefer the longer name
    longer = [c for c in counts if len(c) > len(best) and c.endswith(best) and counts[c] == n]
    return longer[0] if longer else best


def _county_of(unit: str, text: str) -> str | None:
    """The county written directly before the unit: "丰都县高家镇" → 丰都县."""
    m = re.search(rf"([{CJK}]{{2,8}}?(?:自治县|自治旗|县|区|市|旗)){re.escape(unit)}", text)
    if not m:
        return None
    whole = m.group(1)
    # most county names are two characters and a suffix; keep autonomous counties whole
    if whole.endswith(("自治县", "自治旗")):
        return whole[-8:]
    cand = whole[-3:]
    return cand if _plausible(cand) else None


def detect(header: list[str], signature: list[str], body: str, web: dict[str, str]) -> Metadata:
    md = Metadata()
    titles = [ln for ln in header if re.search(r"报告|总结|汇报", ln)]
    md.title = (titles[0] if titles else (header[-1] if header else "")).strip()

    unit, county, level = _from_lines(header)
    if not unit and web.get("publisher"):
        unit, county, level = _from_lines([web["publisher"]])
    if not unit:
        unit, county, level = _from_lines(signature)
    if not unit:
        town = _most_named_town(body)
        if town:
            unit, level = town, "township"
    if unit and not county:
        county = _county_of(unit, "\n".join(header) + "\n" + web.get("publisher", "") + "\n" + body)
    md.unit, md.county, md.level = unit, county, level

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

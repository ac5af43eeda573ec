"""Reading the reporting unit's name: "向阳镇", "太和镇", "和平街道", "高台县", "晋江市交通运输局".

Place names may contain any character, including 和 向 全 在 为 等 (向阳镇, 太和镇, 全福镇, 和平街道).
So a name is not recognised by excluding characters but by where it stands:

- in a title, a 落款 or a web page's 发布机构 the name stands at the start of the line (after 关于 or 中共
  and the province, city and county it belongs to) and is followed by 人民政府, 党委, a year, 关于,
  法治… or the end of the line ("向阳镇2023年法治政府建设工作报告", "向阳镇人民政府");
- in the body a name is counted over all its mentions: the one the report uses for itself most often,
  preferring mentions right after punctuation ("，和平镇坚持…") over a longer or shorter neighbour
  ("在和平镇", "平镇"), and never a common word ending in 镇 or 乡 ("乡镇", "列入镇中心组").
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from .textpatterns import CJK

TOWN_SUFFIX = "民族乡|民族镇|街道办事处|街道|苏木|镇|乡"
COUNTY_SUFFIX = "自治县|自治旗|新区|县|区|市|旗"
DEPT_SUFFIX = "委员会|办公室|管理局|局|委|中心|厅|署|部|所|院"

# what may follow a name in a title, 落款 or 发布机构 line
_AFTER = r"(?=人民政府|人民法院|政府|党委|党工委|工作委员会|办事处|委员会|人大|关于|法治|依法|年度|\d|[\s,.;:、()\[\]|]|$)"
_PROVINCE = rf"[{CJK}]{{2,7}}?(?:省|自治区)"
_CITY = rf"[{CJK}]{{1,8}}?(?:市|自治州|州(?![市县区新])|地区|盟)"  # 广州市 is a city, not 广州 + 市…
_COUNTY = rf"[{CJK}]{{1,12}}?(?:{COUNTY_SUFFIX})(?![县区市旗])"  # 社旗县 is a county, not 社旗 + 县…
# "海珠区人民政府南华西街道办事处": a street office is the district government's agency, named after it;
# "中共南安市委柳城街道工作委员会": a street's party committee is the city committee's (市委), so after 中共
# the 委 belongs to the city or county, not to the street's name (委只洛乡 without 中共 keeps its 委)
_TOWN_LINE = re.compile(rf"(?:关于)?(?P<cpc>中共)?(?P<province>{_PROVINCE})?(?P<city>{_CITY})?(?(cpc)(?:委(?!员))?)"
                        rf"(?:(?P<county>{_COUNTY})(?:人民政府|(?(cpc)委(?!员)))?)?"
                        rf"(?P<unit>[{CJK}]{{1,10}}?(?:{TOWN_SUFFIX})){_AFTER}")
# "武定县人民政府办公室" is the government's office, a department, not the government
_GOV_LINE = re.compile(rf"(?:关于)?(?:中共)?(?P<unit>(?:{_PROVINCE})?(?:{_CITY})?(?:{_COUNTY})?)"
                       rf"(?:人民政府(?!办公室)|委员会|委(?!员)|政府(?=关于|\d|$))")
# "中共重庆市荣昌区委教育工作委员会", "中共某县委政法委员会": a working organ of the county's party committee, not the
# committee itself nor the government (the report's other issuer, often named next, is the department)
_CPC_ORGAN = re.compile(r"[^\s\d,，、。;；:：()（）《》“”]{2,8}?(?:工作委员会|委员会|工委)")  # after the 委 (cheap to compile)
_GOV_TITLE = re.compile(rf"(?:关于)?(?P<unit>(?:{_PROVINCE})?(?:{_CITY})?(?:{_COUNTY})?)(?=\d|关于|法治|依法|年度)")
_DEPT_LINE = re.compile(rf"(?:关于)?(?:中共)?(?P<region>(?:{_PROVINCE})?(?:{_CITY})?(?:{_COUNTY})?)"
                        rf"(?P<unit>(?:人民)?政府办公室|[{CJK}]{{2,14}}?(?:{DEPT_SUFFIX})){_AFTER}")
# a government or department at the start of a clause of the body's opening sentence, written in full
# "现将北京市石景山区人民政府2023年法治政府建设年度情况报告如下": the report presents itself
_OPENING_GOV = re.compile(rf"(?:^|[,、]|现将)(?:\d{{4}}年度?,?)?(?P<unit>[{CJK}]{{2,6}}?(?:自治区|省|市|自治州|州|自治县|县|区|旗))"
                          r"人民政府(?!办公室)")
_OPENING_DEPT = re.compile(rf"(?:^|[,、])(?:\d{{4}}年度?,?)?(?P<region>[{CJK}]{{2,6}}?(?:省|市|县|区))"
                           rf"(?P<unit>(?:人民)?政府办公室|[{CJK}]{{2,10}}?(?:局|厅|委员会))(?=[,在坚始以按认紧全围])")
# a government as the subject of a line's first clause, written short: "2023年,武汉市认真贯彻落实…"; only these
# verbs make it the subject (a department's report says "武汉市获评…", a town's "在区委…")
_OPENING_SUBJECT = re.compile(rf"(?:^|\n)(?:\d{{4}}年度?(?:以来)?,?|今年以来,|一年来,)?"
                              rf"(?P<unit>[{CJK}]{{1,6}}?(?:自治州|自治县|自治旗|新区|市|县|区|旗|州))"
                              r"(?=坚持|认真|深入|紧紧|紧扣|全面|始终|持续|聚焦|围绕|扎实|以习近平)")
_ADDRESSEE = re.compile(r"^[^,.;:。]{2,40}:")
_NATIONAL_DEPT = re.compile(rf"(?P<unit>[{CJK}]{{2,10}}?部){_AFTER}")  # 司法部, 农业农村部
# "在中牟新区党工委、管委会的领导下": whoever leads or guides the reporter is not the reporter
_LED_BY = re.compile(r"在[^,.;:!?。，；：]{1,40}?(?:领导|指导|监督|支持|关心|帮助)下")
# where in a line a name may begin: its start, after 关于/中共, after punctuation or a space
_STARTS = re.compile(r"(?:^|关于|中共|(?:发布机构|发文机关|信息来源|来源)[\s:|]*|[\s,.;:、()\[\]|《》“”])"
                     r"(?:\s*(?:20|19)\d\d\s*年度?)?")

# common words that end like a name ("乡镇", "城镇") and pronouns ("全镇", "我街道")
_NOT_NAMES = {
    "乡镇", "城镇", "村镇", "集镇", "市镇", "重镇", "小镇", "名镇", "古镇", "城乡", "县乡", "下乡", "返乡", "家乡",
    "街道", "镇街", "县区", "县市", "市县", "社区", "辖区", "园区", "景区", "城区", "片区", "矿区", "库区", "小区",
    "山区", "地区", "林区", "牧区", "新区", "老区", "政区", "市区", "郊区", "省市", "城市", "全市", "全县", "全区",
    # the kind of an autonomous area without its name: "贯彻落实中央、自治区关于…的部署" speaks of the region above
    "自治区", "自治州", "自治县", "自治旗",
}
# an organ's kind without a name before it ("在中牟新区党工委、管委会的领导下"): no unit
_ORGANS_ALONE = {"党委", "党工委", "工委", "管委会", "纪委", "纪工委", "委员会", "办公室", "办事处", "人民政府", "政府"}
# the government's own office is a department, though its name holds 政府 ("武定县人民政府办公室")
_GOV_OFFICES = {"人民政府办公室", "政府办公室"}
# 各 + a collective noun is a plural ("各部门各街道办公会"); 各 alone may begin a name (各莫镇, 各卡乡)
_PRONOUN = re.compile(r"^(?:所有|相关|其他|其余|周边|所在|所属|个别|部分|[全我本该各每此][县区市省乡镇旗]"
                      r"|各(?:部门|街道|乡镇|镇街|单位|级|类|村|社区|地|有关|相关|职能|委办))")
# the centre (党中央, 国务院) never writes this report; "国务院和市委": two organs joined, not one name
_NOT_LOCAL = re.compile(r"中央|国务院|(?:委|政府|院|局|办)[和及与在]")  # "…民政局在市民政局和县委…领导下": a name ends there
# words ending in 局 that are no bureau: "构建城市基层党建新格局", "服务大局" (but 民政局, 安全局, 科技创新局 are)
_NOT_BUREAU = re.compile(r"(?:格|布|大|(?<!安)全|开|结|变|破|僵)局$")
# words that make a phrase, not a name ("推进乡镇", "纳入镇…", "法治乡"); an adverb or verb of running text
# before a suffix makes a verb phrase ("不断规范街道办事处行政行为"), no real town name holds one
_NOT_IN_NAME = re.compile(
    r"增强|加强|推进|推动|建设|发展|全面|深入|开展|落实|提高|提升|促进|实现|法治|依法|政府|工作|报告|情况|年度|"
    r"不断|进一步|持续|切实|积极|严格|认真|扎实|大力|着力|规范|完善|健全|强化|优化|"
    r"列入|纳入|进入|融入|关于|现将|按照|根据|围绕|紧紧|立足|对照|印发|召开|乡镇|镇街|党委|\d")
_NOT_IN_BODY_NAME = re.compile(r"[的了地得着过]")  # a name in running text never holds a particle (维的乡 in a title may)
_GENERIC_TOWN = re.compile(rf"^[{CJK}]{{0,3}}乡镇$")


@dataclass
class UnitName:
    unit: str
    county: str | None
    level: str  # township | county | department


_GENERIC_TAIL = re.compile(r"(?:[全我本该各][镇乡县区市]|文明镇|名镇|强镇|重镇|古镇|小镇)$")


def _name_ok(name: str, suffix_len: int = 1, min_core: int = 2) -> bool:
    """A place or body name, not a phrase: at least two characters before the suffix (one for a county:
    赵县, 盂县)."""
    if name in _GOV_OFFICES:
        return True
    core = name[:-suffix_len] if suffix_len else name
    if name in _NOT_NAMES or name in _ORGANS_ALONE or len(core) < min_core and not name.endswith("苏木") \
            or _NOT_LOCAL.search(name) or _NOT_BUREAU.search(name):
        return False
    return not _PRONOUN.match(name) and not _NOT_IN_NAME.search(core)


def _generic_tail(name: str) -> bool:
    """"立足全镇", "全国文明镇": a phrase in running text (万全镇 and 固本乡 are named only with a cue)."""
    return bool(_GENERIC_TAIL.search(name[:-2] if name.endswith(("街道", "苏木")) else name))


def _suffix_len(name: str) -> int:
    for s in TOWN_SUFFIX.split("|"):
        if name.endswith(s):
            return len(s)
    return 1


def from_line(line: str) -> UnitName | None:
    """The unit a title, 落款 or 发布机构 line names at one of its starts, or None."""
    line = line.strip()
    if not line:
        return None
    led_by = [m.span() for m in _LED_BY.finditer(line)]
    for start in _STARTS.finditer(line):
        pos = start.end()
        if _in_book_title(line, pos) or any(a <= pos < b for a, b in led_by):
            continue
        m = _TOWN_LINE.match(line, pos)
        if m and _name_ok(m.group("unit"), _suffix_len(m.group("unit"))):
            county = m.group("county") or m.group("city")
            if county and not _name_ok(county, min_core=1):
                county = None
            return UnitName(m.group("unit"), county, "township")
        m = _GOV_LINE.match(line, pos)
        if m and m.group(0).endswith("委") and ("中共" in m.group(0) or line.endswith("中共", 0, pos)) \
                and _CPC_ORGAN.match(line, m.end()):
            continue
        if m and m.group("unit") and _name_ok(m.group("unit"), min_core=1 if "人民政府" in m.group(0) else 2):
            unit = m.group("unit")
            return UnitName(unit, unit, "county")
        m = _GOV_TITLE.match(line, pos)
        if m and m.group("unit") and _name_ok(m.group("unit")):
            unit = m.group("unit")
            return UnitName(unit, unit, "county")
        m = _DEPT_LINE.match(line, pos)
        if m and m.group("region") and _name_ok(m.group("region")) and _name_ok(m.group("unit"), 0):
            return UnitName(m.group("unit"), _county_part(m.group("region")), "department")
        m = _NATIONAL_DEPT.match(line, pos)
        if m and len(line) - pos <= 30 and _name_ok(m.group("unit"), 0):
            return UnitName(m.group("unit"), None, "department")
    return None


def _in_book_title(line: str, pos: int) -> bool:
    """Inside 《…》 a name belongs to a cited document ("和《浙江省法治政府建设实施纲要》"), not to who reports;
    only a report's title in 《…》 may be this report's own ("关于报送《浦东新区司法局2022年度…报告》的报告")."""
    opened = line.rfind("《", 0, pos)
    if opened < 0 or line.rfind("》", 0, pos) > opened:
        return False
    closed = line.find("》", pos)
    title = line[opened + 1:closed if closed >= 0 else len(line)]
    return not re.search(r"(?:报告|总结|汇报)$", title)


def from_opening(text: str) -> UnitName | None:
    """A county-level (or higher) government or a department naming itself in the body's opening sentence."""
    text = _ADDRESSEE.sub("", text[:OPENING])  # "中共海宁市委、海宁市人民政府:" is whom the report goes to
    m = _OPENING_GOV.search(text)
    if m and _name_ok(m.group("unit")) and not _NOT_IN_NAME.search(m.group("unit")):
        return UnitName(m.group("unit"), m.group("unit"), "county")
    # the subject of the opening sentence, before any town or street it names later as an example or award winner
    m = _OPENING_SUBJECT.search(text)
    if m and _name_ok(m.group("unit"), min_core=1) and not _NOT_IN_NAME.search(m.group("unit")):
        return UnitName(m.group("unit"), m.group("unit"), "county")
    m = _OPENING_DEPT.search(text)
    if m and _name_ok(m.group("region")) and _name_ok(m.group("unit"), 0):
        return UnitName(m.group("unit"), _county_part(m.group("region")), "department")
    return None


def leads(unit: UnitName, text: str) -> bool:
    """The body's opening says the reporter works under this government ("2022年,官埠桥镇在区委、区政府的正确领导下"
    for 咸安区), so it is the reporter's superior, not the reporter (a government is led by its party committee
    alone: "在县委的坚强领导下,县政府…")."""
    if unit.level != "county" or unit.unit[-1] not in "县区市旗州":
        return False
    name = rf"(?:{re.escape(unit.unit)}|{unit.unit[-1]})"
    return bool(re.search(rf"在(?:中共)?(?:{name}委[、,和及]?)?{name}(?:人民)?政府的?[{CJK}]{{0,4}}领导下", text[:OPENING]))


def _county_part(region: str) -> str | None:
    """The last place of "广州市白云区" (白云区), or the whole of a single one (湖州市, 浙江省)."""
    m = re.fullmatch(rf"(?:{_PROVINCE})?(?:{_CITY})?(?P<county>{_COUNTY})", region) or \
        re.fullmatch(rf"(?:{_PROVINCE})?(?P<county>{_CITY})", region) or re.fullmatch(rf"(?P<county>{_PROVINCE})", region)
    return m.group("county") if m else None


_BOUNDARY_BEFORE = set(",.;:!?、()[]\"'“”‘’《》<>|- \t\n") | set("县区市旗年")
OPENING = 200  # the body's first sentence names who reports: "2025年,安铺镇坚持…"
# verbs and prepositions that stand before 镇党委 and the like: "通过镇党委会", "经镇政府"
_NOT_CORES = {"通过", "经过", "按照", "根据", "召开", "组织", "结合", "围绕", "成立", "建立", "健全", "完善", "制定",
              "印发", "提请", "报请", "经由", "协助", "配合", "指导", "联合", "参加", "参与", "邀请", "全体", "担任"}
_CUE_AFTER = ("人民政府", "党委", "党工委", "政府", "办事处", "人大", "纪委")


def most_named_town(text: str) -> str | None:
    """The town or street name the body uses for itself, or None.

    Every mention of a town suffix gives candidates of 2 to 5 characters before it; a candidate
    scores for each mention, more when it stands right after punctuation or a county name
    (its start is certain) and when 人民政府 or 党委 follows."""
    counts: Counter[str] = Counter()
    bounded: Counter[str] = Counter()
    cued: Counter[str] = Counter()
    for m in re.finditer(TOWN_SUFFIX, text):
        end = m.end()
        after = text[end:end + 4]
        if m.group(0) == "街道" and after.startswith("办事处") or m.group(0) == "乡" and after[:1] in "村镇域情" \
                or m.group(0) == "镇" and (after[:1] == "街" or text[m.start() - 1:m.start()] == "乡"):
            continue  # counted as 街道办事处; 乡村, 乡镇, 乡域, 乡情, 镇街 are common words
        cue = after.startswith(_CUE_AFTER) or m.group(0) == "街道办事处"
        opening = m.start() < OPENING
        slen = len(m.group(0))
        ethnic = text[m.start() - 1:m.start()] == "族"  # 格朗和哈尼族乡, 官和侗族土家族苗族乡
        for n in range(2, 11 if ethnic else 6):
            begin = m.start() - n
            if begin < 0:
                break
            core = text[begin:m.start()]
            if not re.fullmatch(rf"[{CJK}]+", core):
                break
            name = core + m.group(0)
            if not _name_ok(name, slen) or _GENERIC_TOWN.match(name) or core in _NOT_CORES \
                    or _NOT_IN_BODY_NAME.search(core) or _generic_tail(name) and not cue:
                continue

            counts[name] += 1
            at_start = begin == 0 or text[begin - 1] in _BOUNDARY_BEFORE
            if at_start:
                bounded[name] += 1
            if cue or opening and at_start:
                cued[name] += 1
    if not counts:
        return None

    def rank(name: str) -> tuple[int, int, int, int]:
        return (bounded[name] > 0, counts[name] + cued[name], bounded[name], len(name))

    best = max(counts, key=rank)
    if counts[best] < 2 and not (bounded[best] and cued[best]):
        return None  # one passing mention is no evidence of who reports
    return best


_COUNTY_NAME = re.compile(rf"[{CJK}]{{2,8}}?(?:{COUNTY_SUFFIX})")


def county_before(unit: str, text: str) -> str | None:
    """The county written directly before the unit: "丰都县高家镇" → 丰都县."""
    whole = _county_ending_at_unit(unit, text)
    if not whole:
        return None
    if whole.endswith(("自治县", "自治旗")):  # keep autonomous counties whole
        return whole[-8:]
    cand = whole[-4:] if whole.endswith("新区") else whole[-3:]  # 新区 is a two-character suffix: 长江新区, not 江新区
    return cand if _name_ok(cand) else None


def _county_ending_at_unit(unit: str, text: str) -> str | None:
    """The first county name that ends where the unit begins, as long as it can be (a pattern made of the unit
    would do, but compiling one per report cost more than the rest of reading the metadata)."""
    if not unit:
        return None
    i = text.find(unit)
    while i >= 0:
        for start in range(max(0, i - 10), i - 2):
            if _COUNTY_NAME.fullmatch(text, start, i):
                return text[start:i]
        i = text.find(unit, i + 1)
    return None


_SELF = {
    "township": re.compile(r"[我本](?:镇|乡|街道|街)(?![长委])"),
    "county": re.compile(r"[我本](?:县|区|市|省|州|旗)(?![长委])"),
    "department": re.compile(r"[我本](?:局|委|厅|办|部门|单位|系统)(?![长])"),
}


def level_from_pronouns(text: str) -> str | None:
    """The level the report's self-reference shows ("我镇" township, "我县" county, "我局" department),
    when one kind clearly dominates (at least twice, and three times any other)."""
    # a department calls its district or county 我区/我县 as well; no government calls itself 我局: a department's
    # self-reference in the opening sentence decides
    first = text.find("。")
    if _SELF["department"].search(text, 0, min(first if first >= 0 else len(text), 200)):
        return "department"
    counts = {level: len(rx.findall(text)) for level, rx in _SELF.items()}
    level, n = max(counts.items(), key=lambda kv: kv[1])
    if n >= 2 and all(n >= 3 * m for other, m in counts.items() if other != level):
        return level
    return None

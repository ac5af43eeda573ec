"""From decoded text to clean, normalized report text (with a map back to the original).

Steps, in order:
1. line endings, invisible characters (zero-width, bidi marks);
2. full-width ASCII forms → half-width (，→,  （→(  ０→0), ideographic space → space;
   traditional script → simplified (OpenCC t2s), line by line, only where a line holds
   a character outside GB2312 (which has no traditional-only characters);
3. extraction markers: [image: …], [bookmark: _GoBack], a lone `image1.png` line;
4. the chrome of saved web pages: breadcrumbs, the metadata block (索引号, 文号,
   发布机构, 生成日期 …, whose values are kept as web metadata), "字体:【 打印",
   "扫一扫在手机打开当前页", footers;
5. spaces between Chinese characters ("法 律 顾 问") and line starts/ends;
6. line breaks inside a sentence or a term ("法律\\n顾问").
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from .lexicon import DOMAIN_TERMS
from .textmap import MappedText
from .textpatterns import CJK, CJK_PUNCT, CLOSERS, TERMINAL_LINE_END, heading_marker, parse_date

_FULLWIDTH = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F)}
_FULLWIDTH[0x3000] = 0x20  # ideographic space
_FULLWIDTH[0x00A0] = 0x20  # no-break space
_FULLWIDTH[0x2002] = 0x20
_FULLWIDTH[0x2003] = 0x20
_FULLWIDTH[0xFF0E] = ord(".")

# PDF fonts often map ideographs to Kangxi radicals (⾼ U+2F7C for 高) or to the CJK radicals
# supplement (⻚ U+2EDA for 页, ⺠ U+2EA0 for 民): fold them back, one character for one.
_RADICALS = {cp: unicodedata.normalize("NFKC", chr(cp)) for cp in range(0x2F00, 0x2FD6)}
_RADICALS.update({ord(k): v for k, v in zip(
    "⺟⺠⻄⻅⻆⻈⻉⻋⻓⻔⻘⻙⻚⻛⻜⻝⻟⻠⻢⻣⻤⻥⻦⻧⻨⻩⻬⻮⻰⻳⺁⺇⺊⺌⺎⺒⺓⺔⺝⺩⺬⺶⺻⺼⻊⻑",
    "母民西见角讠贝车长门青韦页风飞食食饣马骨鬼鱼鸟卤麦黄齐齿龙龟厂几卜小兀巳幺彐月王示羊聿月足長")})
# both in one pass over the text: their keys are disjoint and neither maps a character to a key of the other
_FOLD = {**_FULLWIDTH, **_RADICALS}
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u202a-\u202e\u2066-\u2069\u00ad]")
_NEWLINES = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c\x85]")
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")

_MARKERS = re.compile(
    r"\[(?:image|bookmark|picture|img|图片)\s*:[^\]\n]{0,200}\]"
    r"|^[ \t]*[\w\-]{1,60}\.(?:png|jpe?g|gif|bmp|emf|wmf|tiff?)[ \t]*$",
    re.IGNORECASE | re.MULTILINE,
)

# --- web-page chrome -------------------------------------------------------
_META_LABELS = (
    "索引号", "文号", "发文字号", "关键词", "关键字", "主题词", "发布机构", "发文机关", "公开形式", "公开方式",
    "责任部门", "生成日期", "发布日期", "发布时间", "成文日期", "是否有效", "有效性", "信息来源", "来源",
    "所属主题", "主题分类", "公开范围", "公开时限", "信息分类", "组配分类", "体裁分类", "公开责任部门",
    "统一编号", "有效期", "废止日期", "效力状态", "标题", "名称", "浏览次数", "访问量",
    "公开类别", "内容分类", "所属单位", "字体大小", "体裁分类", "公开属性",
    "所属类目", "体裁", "发文日期", "机构名称", "生效时间", "终止时间", "发布单位", "信息类别", "公开日期", "印发日期",
)
# a label as pages lay it out: spaced to the width of the column ("索 引 号", "体       裁"). Ideographic spaces are
# already folded to " " (_FOLD) when these patterns run, and leaving U+3000 out of the class makes the two patterns
# built on it compile in 2 ms instead of 20 (every cold `scorer check` pays for it)
_LABEL = "(" + "|".join("[ \t]*".join(label) for label in sorted(_META_LABELS, key=len, reverse=True)) + ")"
_BULLET = r"(?:[•·●▪◆■\-*][ \t]*)?"  # a metadata list item ("• 主题分类: 政务公开")
_META_LINE = re.compile(
    r"^[ \t]*" + _BULLET + r"[\[【]?[ \t]*" + _LABEL + r"[ \t]*[\]】]?[ \t]*[:：]?[ \t]*(.{0,80}?)[ \t]*$"
)
_CHROME_LINE = re.compile(
    r"^[ \t]*(?:"
    r"(?:您的位置|您现在的位置|当前位置|所在位置|您当前的位置|您当前位置)[ \t]*[:：>].*"
    r"|首页[ \t]*(?:>|»|/|＞).*"
    r"|字体[ \t]*[:：].*"
    r"|.*【[ \t]*(?:打印|关闭|大|中|小|打印本页|关闭窗口)[ \t]*】.*"
    r"|.*扫一扫.{0,12}(?:手机|移动端).*"
    r"|(?:打印本页|关闭窗口|打印|关闭|分享到|返回顶部|收藏本页|【打印】|【关闭】)[ \t:：]*"
    r"|.*(?:版权所有|网站标识码|ICP备|网站地图|主办单位|承办单位|技术支持)[ \t:：].*"
    r"|.*(?:公网安备|ICP备\d+).*"
    r")$"
)
# Lines that are page chrome wherever they stand, with or without other web hints:
# a breadcrumb trail (…首页 > 政务公开 > …, also after the page's own title: "…报告 - 栏目 - 网站首页 > …"),
# a navigation menu (首页 政务公开 办事服务 互动交流), a metadata row holding several label/value pairs
# ("公开类别 主动公开 发布时间 2024-03-20", "[ 索引号 ] … [ 发文字号 ]").
_BREADCRUMB = re.compile(r"首页[ \t]*[>»＞]")
_TITLE_SEPARATOR = re.compile(r"[ \t]+[-|_][ \t]+")
_NAV_MENU = re.compile(r"^[ \t|]*首页(?:[ \t|]+[^\s。，,;；]{2,8}){2,}[ \t|]*$", re.MULTILINE)
_META_TOKEN = re.compile(r"(?:^|[ \t\[\]【】|])" + _LABEL + r"(?=[ \t\[\]【】|:：]|$)")
# a breadcrumb that does not start at 首页: three or more short steps ("政府信息公开 > 法定主动公开内容 > 其他…")
_TRAIL = re.compile(r"^[ \t]*[^\s>»＞。，,；;]{2,15}(?:[ \t]*[>»＞][ \t]*[^\s>»＞。，,；;]{2,15}){2,}")
# a page's disclosure attribute shown alone on its line, without its label ("主动公开" under the title)
_DISCLOSURE_ATTRIBUTE = re.compile(r"^[ \t]*(?:主动公开|依申请公开|不予公开|免予公开)[ \t]*$", re.MULTILINE)
_WEB_HINT = re.compile(r"(您的位置|当前位置|索引号|发布机构|生成日期|扫一扫|字体[ \t]*[:：])")


@dataclass
class CleanText:
    mapped: MappedText
    original: str
    web_meta: dict[str, str] = field(default_factory=dict)  # publisher, published
    web_labels: dict[str, str] = field(default_factory=dict)  # the page's metadata table as found
    notes: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.mapped.text


def _line_spans(text: str):
    pos = 0
    for line in text.split("\n"):
        yield pos, pos + len(line), line
        pos += len(line) + 1


def _strip_web_chrome(mt: MappedText, meta: dict[str, str], notes: list[str]) -> MappedText:
    text = mt.text
    if not meta and not _WEB_HINT.search(text[:4000]) and not _WEB_HINT.search(text[-2000:]):
        return mt  # not a saved web page (metadata already found by _strip_page_navigation says it is one)
    lines = list(_line_spans(text))
    n = len(lines)
    delete: set[int] = set()
    # Metadata tables sit near the top (or in a footer): label line, then value line.
    head_limit = min(n, 80)
    zones = list(range(head_limit)) + list(range(max(head_limit, n - 25), n))
    for i in zones:
        s, e, line = lines[i]
        if _CHROME_LINE.match(line):
            delete.add(i)
            continue
        m = _META_LINE.match(line)
        if not m:
            continue
        label, value = _label(m.group(1)), m.group(2).strip()
        if value and len(value) > 40:
            continue  # a sentence that merely starts with 来源/标题, not a table cell
        delete.add(i)
        if not value:
            # a table cell: the value is on the very next line, unless that is another label
            j = i + 1
            nxt = lines[j][2].strip() if j < n else ""
            if nxt and not _META_LINE.match(lines[j][2]) and len(nxt) <= 40 and not nxt.endswith("。"):
                value = nxt
                delete.add(j)
        if value:
            meta.setdefault(label, value)
    if not delete:
        return mt
    notes.append(f"removed {len(delete)} lines of web-page chrome")
    out = mt
    for i in sorted(delete, reverse=True):
        out = _delete_span(out, lines[i][0], lines[i][1])
    return out


def _strip_page_navigation(mt: MappedText, meta: dict[str, str], notes: list[str]) -> MappedText:
    """Breadcrumbs, menus and multi-pair metadata rows: never report text, wherever they stand."""
    before = len(mt)
    spans = []
    text = mt.text
    for m in _BREADCRUMB.finditer(text):  # found by its literal first, one look per line: linear time
        if spans and m.start() < spans[-1][1]:
            continue
        line_start = text.rfind("\n", 0, m.start()) + 1
        line_end = text.find("\n", m.end())
        line_end = len(text) if line_end < 0 else line_end
        if not re.search("[>»＞]", text[m.end():line_end]):
            spans.append((line_end, line_end))  # one "首页 >" alone is not yet a trail
            continue
        sep = _TITLE_SEPARATOR.search(text, line_start, m.start())
        start = sep.start() if sep else (line_start if m.start() - line_start <= 30 else m.start())
        if not spans or start >= spans[-1][1]:
            spans.append((start, line_end))
    for a, b in reversed(spans):
        if b > a:
            mt = _delete_span(mt, a, b)
    mt = mt.sub(_NAV_MENU, "")
    mt = mt.sub(_DISCLOSURE_ATTRIBUTE, "")
    text = mt.text
    rows = []
    for s, e, line in _line_spans(text):
        if "。" in line or len(line) > 200:
            continue
        labels = list(_META_TOKEN.finditer(line))
        # "| 公开方式 | 主动公开 |": one label is enough in a table row (but a title cell stays: it names the unit)
        table_row = line.lstrip().startswith("|") and labels and _label(labels[0].group(1)) not in ("标题", "名称")
        if (len(labels) >= 2 or table_row) and not line[:labels[0].start(1)].strip(" \t[]【】|"):
            for k, m in enumerate(labels):
                end = labels[k + 1].start() if k + 1 < len(labels) else len(line)
                value = line[m.end(1):end].strip(" \t[]【】|:：")
                if value:
                    meta.setdefault(_label(m.group(1)), value)
            rows.append((s, e))
        elif _TRAIL.match(line):  # a breadcrumb trail
            rows.append((s, e))
    rows = sorted(set(rows + _metadata_blocks(text, meta)))
    for s, e in reversed(rows):
        mt = _delete_span(mt, s, e)
    if len(mt) != before:
        notes.append("removed page navigation")
    return mt


def _label(found: str) -> str:
    return re.sub(r"[ \t\u3000]+", "", found)


def _metadata_blocks(text: str, meta: dict[str, str]) -> list[tuple[int, int]]:
    """Lines of three or more label/value lines in a row ("• 所属类目: …", "• 主题分类: 政务公开"): the page's
    metadata list, wherever it stands and whatever else the page holds."""
    found: list[tuple[int, int]] = []
    run: list[tuple[int, int, str, str]] = []
    for s, e, line in [*_line_spans(text), (len(text), len(text), "")]:
        m = _META_LINE.match(line) if line.strip() else None
        if m and len(m.group(2).strip()) <= 40 and "。" not in line:
            run.append((s, e, _label(m.group(1)), m.group(2).strip()))
            continue
        if len(run) >= 3:
            for rs, re_, label, value in run:
                if value:
                    meta.setdefault(label, value)
                found.append((rs, re_))
        run = []
    return found


def _delete_span(mt: MappedText, s: int, e: int) -> MappedText:
    if e <= s:
        return mt
    from array import array

    offs = array("l", mt.offsets[:s])
    offs.extend(mt.offsets[e:])
    return MappedText(mt.text[:s] + mt.text[e:], offs)


_SPACE_IN_CJK = re.compile(
    rf"(?<=[{CJK}{CJK_PUNCT}])[ \t]+(?=[{CJK}{CJK_PUNCT}\d])|(?<=[{CJK}{CJK_PUNCT}\d])[ \t]+(?=[{CJK}{CJK_PUNCT}])"
)
_LINE_EDGE_SPACE = re.compile(r"^[ \t]+|[ \t]+$", re.MULTILINE)
_MANY_BLANKS = re.compile(r"\n{3,}")

_CONTINUATION_END = re.compile(r"[,，、(（“‘《\-—]$")
_WRAP_WIDTH = 34  # lines at least this long that stop mid-sentence are hard-wrapped
_WRAP_WITH_PUNCT = 24  # 公文 lines hold 28 characters: a shorter line with a comma inside is wrapped too
_INNER_PUNCT = re.compile(r"[,，、;；]")


def _width(line: str) -> float:
    """Display width: a Chinese character is 1, a Latin letter or digit 1/2. Punctuation counts 1:
    in Chinese text it was full-width before folding (，（）：)."""
    return sum(0.5 if c.isascii() and c.isalnum() else 1.0 for c in line)


def _typical_wrap_width(lines: list[str]) -> float | None:
    """A line width shared by several unfinished lines is the extraction's wrap width."""
    from collections import Counter

    unfinished = [round(_width(ln)) for ln in lines if ln and not TERMINAL_LINE_END.search(ln)]
    widths = Counter(w for w in unfinished if w >= 22)  # PDF and 公文 lines hold 25–40 characters
    if not widths:
        return None
    width, count = max(widths.items(), key=lambda kv: (kv[1], kv[0]))
    # headings may share a width by chance; wrapped text makes a cluster
    return float(width) if count >= max(3, 0.2 * len(unfinished)) else None


def _should_join(prev: str, nxt: str, terms_by_len: tuple[str, ...], wrap: float | None = None) -> bool:
    if not prev or not nxt or heading_marker(nxt):
        return False
    if not re.match(rf"[{CJK}{CJK_PUNCT},.\d%)(《“‘\[]", nxt[0]):
        return False
    w = _width(prev)
    # With a wrap width (PDF, hard-wrapped text) a line that reaches it is full; the first line of a
    # paragraph is indented by two characters and digits are narrow, hence the margin.
    full = wrap is not None and w >= wrap - 4
    if TERMINAL_LINE_END.search(prev):
        if not full:
            return False
        if prev.rstrip(CLOSERS)[-1] in ";；:：":
            return True  # a clause ends at the margin; the paragraph goes on
        # a sentence ends at the margin: a new paragraph starts indented, a continuation does not
        return _width(nxt) >= wrap - 1 if wrap else False
    if heading_marker(prev) and not full:
        return False  # a numbered heading on its own line
    if full or _CONTINUATION_END.search(prev):
        return True
    if prev[-1].isdigit() and re.match(rf"[{CJK}]", nxt[0]):
        return True  # "2021" / "年，…": a number split from its unit
    # A break that cuts a known term in two is always a broken line.
    tail, head = prev[-6:], nxt[:6]
    joined = tail + head
    cut = len(tail)
    for term in terms_by_len:
        idx = joined.find(term)
        while idx != -1:
            if idx < cut < idx + len(term):
                return True
            idx = joined.find(term, idx + 1)
    if w >= _WRAP_WIDTH and len(nxt) >= 4:
        return True  # an unfinished long line in text without a detectable wrap width
    return w >= _WRAP_WITH_PUNCT and bool(_INNER_PUNCT.search(prev))


def _join_broken_lines(mt: MappedText) -> MappedText:
    text = mt.text
    terms = tuple(sorted(DOMAIN_TERMS, key=len, reverse=True))
    lines = text.split("\n")
    wrap = _typical_wrap_width(lines)
    joins: list[int] = []  # positions of "\n" characters to delete
    pos = 0
    for i in range(len(lines) - 1):
        pos += len(lines[i])
        if _should_join(lines[i], lines[i + 1], terms, wrap):
            joins.append(pos)
        pos += 1
    if not joins:
        return mt
    out = mt
    for p in reversed(joins):
        out = _delete_span(out, p, p + 1)
    return out


_IDEOGRAPHS = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")


def _has_non_gb2312(line: str) -> bool:
    """An ideograph outside GB2312 (which holds no traditional-only character): maybe traditional script.
    Symbols outside GB2312 (•, emoji) do not count, so plain simplified reports never load OpenCC."""
    try:
        "".join(_IDEOGRAPHS.findall(line)).encode("gb2312")
        return False
    except UnicodeEncodeError:
        return True


def _fold_traditional(mt: MappedText, notes: list[str]) -> MappedText:
    """Traditional script (法治政府建設、第一責任人) read as simplified, offsets kept.

    OpenCC converts phrase by phrase, so whole lines are converted; a line whose length
    OpenCC keeps (nearly always) maps character by character back to the original, and
    any other line is converted character by character.
    """
    if not _has_non_gb2312(mt.text):
        return mt  # plain simplified text: OpenCC is not even loaded
    converter = _t2s()

    def convert(m: re.Match[str]) -> str:
        line = m.group(0)
        if not _has_non_gb2312(line):
            return line
        # OpenCC takes UTF-8: lone surrogates (from broken files) are kept, the text between them converted
        parts = _SURROGATES.split(line)
        out = "".join(p if i % 2 else converter.convert(p) for i, p in enumerate(parts))
        if len(out) != len(line):  # a phrase changed length: convert character by character to keep the map exact
            out = "".join(_one_char(converter, ch) for ch in line)
        return out

    out = mt.sub(re.compile(r"[^\n]+"), convert)
    if out is not mt:
        notes.append("folded traditional characters to simplified")
    return out


_SURROGATES = re.compile("([\ud800-\udfff]+)")


def _one_char(converter, ch: str) -> str:
    if _SURROGATES.match(ch):
        return ch
    c = converter.convert(ch)
    return c if len(c) == 1 else ch


def _t2s():
    conv = _CACHE.get("t2s")
    if conv is None:
        import opencc

        conv = _CACHE["t2s"] = opencc.OpenCC("t2s")
    return conv


_CACHE: dict[str, object] = {}  # the OpenCC converter, loaded on first traditional text


def clean(original: str) -> CleanText:
    notes: list[str] = []
    meta: dict[str, str] = {}
    mt = MappedText(original)
    mt = mt.sub(_NEWLINES, "\n")
    mt = mt.sub(_INVISIBLE, "")
    mt = mt.sub(_CONTROL, "")
    mt = mt.translate(_FOLD)
    mt = _fold_traditional(mt, notes)
    before = len(mt)
    mt = mt.sub(_MARKERS, "")
    if len(mt) != before:
        notes.append("removed extraction markers")
    mt = _strip_page_navigation(mt, meta, notes)
    mt = _strip_web_chrome(mt, meta, notes)
    mt = mt.sub(_SPACE_IN_CJK, "")
    mt = mt.sub(_LINE_EDGE_SPACE, "")
    mt = _join_broken_lines(mt)
    mt = mt.sub(_MANY_BLANKS, "\n\n")
    web: dict[str, str] = {}
    if meta:
        publisher = meta.get("发布机构") or meta.get("发文机关") or meta.get("信息来源") or meta.get("来源")
        if publisher:
            web["publisher"] = publisher
        for key in ("发布日期", "发布时间", "生成日期"):
            if key in meta:
                d = parse_date(meta[key])
                if d:
                    web["published"] = d
                    break
    return CleanText(mapped=mt, original=original, web_meta=web, web_labels=meta, notes=notes)

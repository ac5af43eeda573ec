"""Saved government web pages (.html/.htm): the article text, without navigation and footer.

The stdlib parser gives the tag stream; we keep block structure as line breaks, drop
scripts, styles, navigation, headers, footers and side bars (by tag and by the usual
id/class names), and let cleaning remove breadcrumbs and read the metadata table
(索引号, 发布机构, 生成日期 …), which government sites print as label/value cells.
"""
from __future__ import annotations

import re
from html.parser import HTMLParser

_SKIP_TAGS = {"script", "style", "noscript", "template", "svg", "nav", "footer", "aside", "form", "iframe",
              "select", "button", "object", "canvas", "head"}
_VOID = {"br", "hr", "img", "input", "meta", "link", "area", "base", "col", "embed", "source", "track", "wbr"}
_BLOCK = {"p", "div", "br", "li", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "table", "section",
          "article", "dt", "dd", "title", "ul", "ol", "blockquote", "pre", "hr", "header", "main", "center"}
_CHROME_NAMES = re.compile(
    r"(^|[\s_-])(nav|navbar|menu|footer|foot|bottom|header|banner|topbar|top-bar|breadcrumb|crumb|position|location|"
    r"share|sidebar|side|search|login|copyright|toolbar|links|friend-?links|fixed|gotop|print|qrcode|ewm)([\s_-]|$)",
    re.IGNORECASE)
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_-]+)""", re.IGNORECASE)


def decode_html(data: bytes) -> str:
    """Decode by BOM, then the page's own declaration, then UTF-8, then GB18030."""
    from .reading import bom

    marked = bom(data)
    if marked:
        return data[marked[1]:].decode(marked[0], errors="replace")
    m = _META_CHARSET.search(data[:8192])
    if m:
        declared = m.group(1).decode("ascii", "ignore").lower()
        if declared in ("gb2312", "gbk", "gb_2312-80", "x-gbk"):
            declared = "gb18030"  # a superset: pages declared GB2312 often contain GBK characters
        try:
            return data.decode(declared)
        except (LookupError, UnicodeDecodeError):
            pass
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, skipping)
        self.open: dict[str, int] = {}  # how many elements of each tag are on the stack

    def _skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCK:
            self.out.append("\n")
        if tag in _VOID:
            return
        names = " ".join(v for k, v in attrs if k in ("id", "class") and v)
        skip = self._skipping() or tag in _SKIP_TAGS or bool(names and _CHROME_NAMES.search(names))
        self.stack.append((tag, skip))
        self.open[tag] = self.open.get(tag, 0) + 1

    def handle_startendtag(self, tag, attrs):
        if tag in _BLOCK:
            self.out.append("\n")

    def handle_endtag(self, tag):
        if tag in _BLOCK:
            self.out.append("\n")
        # close the most recent matching element (HTML in the wild is not well nested). A closing tag
        # with nothing open to close is ignored at once: searching the stack for it made many stray
        # closing tags quadratic. Otherwise every element popped was pushed once: linear overall.
        if not self.open.get(tag):
            return
        while self.stack:
            name, _ = self.stack.pop()
            self.open[name] -= 1
            if name == tag:
                break

    def handle_data(self, data):
        if not self._skipping():
            self.out.append(data.replace("\n", " "))


def html_to_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    text = "".join(parser.out)
    lines = [ln.strip() for ln in text.split("\n")]
    return "\n".join(ln for ln in lines if ln)


def looks_like_html(data: bytes) -> bool:
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml")) and b"<html" in data[:4096].lower()

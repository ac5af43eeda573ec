"""Helpers that turn a seed report into .docx, .pdf and .html the way real reports arrive."""
from __future__ import annotations

import html
import shutil
import subprocess
import zipfile
from pathlib import Path

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def lines_of(text: str) -> list[str]:
    return [ln.strip() for ln in text.splitlines() if ln.strip()]


def to_docx(text: str, out: Path) -> Path:
    import docx

    d = docx.Document()
    for ln in lines_of(text):
        d.add_paragraph(ln)
    d.save(str(out))
    return out


def to_html(text: str, out: Path, charset: str = "utf-8") -> Path:
    """A government-style page: navigation, breadcrumb, the article, a footer."""
    body = "\n".join(f"<p>{html.escape(ln)}</p>" for ln in lines_of(text))
    page = f"""<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset={charset}">
<title>某某县人民政府门户网站</title><script>var x = "法律顾问";</script><style>p {{ margin: 0 }}</style></head>
<body>
<div class="header"><a href="/">首页</a> <a href="/zwgk">政务公开</a> <a href="/hdjl">互动交流</a></div>
<nav><ul><li>机构概况</li><li>政策文件</li><li>法治政府建设第一责任人专栏</li></ul></nav>
<div class="position">您的位置: 首页 &gt;&gt; 政府信息公开 &gt;&gt; 法治政府建设</div>
<div id="content" class="article">{body}</div>
<div class="share">分享到：微信 微博</div>
<div class="footer">主办单位：某某县人民政府办公室　网站标识码：6207240001　ICP备12345678号</div>
</body></html>"""
    out.write_bytes(page.encode(charset))
    return out


def to_pdf(text: str, out: Path, workdir: Path) -> Path:
    """Printed by Chromium with its default running header (date, title) and footer (URL, page x/y)."""
    body = "".join(f"<p>{html.escape(ln)}</p>" for ln in lines_of(text))
    page = (f'<!DOCTYPE html><html><head><meta charset="utf-8"><title>{out.stem}</title><style>'
            'body{font-family:"Noto Serif CJK SC",serif;font-size:16pt;line-height:1.6} p{text-indent:2em;margin:0}'
            f'</style></head><body>{body}</body></html>')
    src = workdir / (out.stem + ".html")
    src.write_text(page, encoding="utf-8")
    subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={workdir / 'profile'}", f"--print-to-pdf={out}", src.as_uri()],
                   capture_output=True, timeout=120, check=True)
    return out


NUMBERING = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
  <w:abstractNum w:abstractNumId="0">
    <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
    <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
    <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
  </w:abstractNum>
  <w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>
</w:numbering>"""


def numbered_docx(paragraphs: list[tuple[int | None, str]], out: Path) -> Path:
    """A minimal .docx whose headings are numbered by Word's automatic numbering (no number in the text)."""
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    body = []
    for level, text in paragraphs:
        ppr = (f'<w:pPr><w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="1"/></w:numPr></w:pPr>'
               if level is not None else "")
        body.append(f"<w:p>{ppr}<w:r><w:t>{html.escape(text)}</w:t></w:r></w:p>")
    document = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{w}"><w:body>{"".join(body)}</w:body></w:document>'
    rels_doc = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/></Relationships>')
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    types = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/>'
             '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
             '<Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/></Types>')
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("_rels/.rels", rels)
        z.writestr("word/document.xml", document)
        z.writestr("word/_rels/document.xml.rels", rels_doc)
        z.writestr("word/numbering.xml", NUMBERING)
    return out


W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def crafted_docx(out: Path, paragraphs_xml: list[str], numbering: str | None = None, styles: str | None = None) -> Path:
    """A .docx assembled from raw WordprocessingML parts (for hostile numbering and styles)."""
    document = (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="{W_NS}"><w:body>'
                + "".join(paragraphs_xml) + "</w:body></w:document>")
    rel = '<Relationship Id="rId{n}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}" Target="{kind}.xml"/>'
    rels_doc = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                + (rel.format(n=1, kind="numbering") if numbering else "")
                + (rel.format(n=2, kind="styles") if styles else "") + "</Relationships>")
    rels = ('<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
    ct = "application/vnd.openxmlformats-officedocument.wordprocessingml"
    types = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
             '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/>'
             f'<Override PartName="/word/document.xml" ContentType="{ct}.document.main+xml"/>'
             f'<Override PartName="/word/numbering.xml" ContentType="{ct}.numbering+xml"/>'
             f'<Override PartName="/word/styles.xml" ContentType="{ct}.styles+xml"/></Types>')
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", types)
        z.writestr("_rels/.rels", rels)
        z.writestr("word/document.xml", document)
        z.writestr("word/_rels/document.xml.rels", rels_doc)
        if numbering:
            z.writestr("word/numbering.xml", numbering)
        if styles:
            z.writestr("word/styles.xml", styles)
    return out


def para_xml(text: str, num: tuple[str, str] | None = None, style: str | None = None) -> str:
    """One paragraph; `num` = (numId, ilvl) as raw attribute strings, `style` a style id."""
    ppr = ""
    if num or style:
        ppr = "<w:pPr>" + (f'<w:pStyle w:val="{style}"/>' if style else "") + (
            f'<w:numPr><w:ilvl w:val="{num[1]}"/><w:numId w:val="{num[0]}"/></w:numPr>' if num else "") + "</w:pPr>"
    return f"<w:p>{ppr}<w:r><w:t>{html.escape(text)}</w:t></w:r></w:p>"


def numbering_xml(fmt: str = "chineseCounting", start: str = "1", ilvl: str = "0", text: str = "%1、") -> str:
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering xmlns:w="{W_NS}">'
            f'<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="{ilvl}"><w:start w:val="{start}"/>'
            f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="{html.escape(text)}"/></w:lvl></w:abstractNum>'
            '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>')


def styles_xml(based_on: dict[str, str], numbered: str | None = None) -> str:
    """Paragraph styles: id -> the id it is based on (may be itself, or a loop)."""
    out = []
    for sid, base in based_on.items():
        num = '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr>' if sid == numbered else ""
        out.append(f'<w:style w:type="paragraph" w:styleId="{sid}"><w:name w:val="{sid}"/>'
                   f'<w:basedOn w:val="{base}"/>{num}</w:style>')
    return (f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="{W_NS}">'
            + "".join(out) + "</w:styles>")

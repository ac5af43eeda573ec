"""Shared helpers for the Word files we write: A4 pages, Chinese fonts, tables, atomic saving.

Word and WPS pick the font of Chinese characters from `w:rFonts/@w:eastAsia`; without it
they fall back to a Latin font's substitute. Every style and run we write names one.
"""
from __future__ import annotations

import os
from typing import Callable, Iterable

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

BODY_FONT = "仿宋"  # 公文 body text
HEADING_FONT = "黑体"
TITLE_FONT = "宋体"
TABLE_FONT = "宋体"
LATIN_FONT = "Times New Roman"
AUTHOR = "法治政府建设报告检查"
INITIALS = "检查"


def set_fonts(style, east_asian: str, latin: str = LATIN_FONT) -> None:
    """Name the East Asian (and Latin) font of a style."""
    r_pr = style.element.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for key in ("w:ascii", "w:hAnsi"):
        fonts.set(qn(key), latin)
    fonts.set(qn("w:eastAsia"), east_asian)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)  # a theme font would override the named one


def run_fonts(run, east_asian: str = BODY_FONT) -> None:
    r_pr = run._r.get_or_add_rPr()
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), east_asian)


def _lang(style) -> None:
    r_pr = style.element.get_or_add_rPr()
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")


def doc_defaults(document) -> None:
    """The document-wide run defaults: Chinese font and language (the template says theme fonts, en-US)."""
    r_pr = document.styles.element.find(qn("w:docDefaults") + "/" + qn("w:rPrDefault") + "/" + qn("w:rPr"))
    if r_pr is None:
        return
    fonts = r_pr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        r_pr.insert(0, fonts)
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(theme), None)
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), BODY_FONT)
    lang = r_pr.find(qn("w:lang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")


def new_document(landscape: bool = False, margin_cm: float = 2.2):
    """An empty A4 document whose styles use Chinese fonts (python-docx's template is US Letter, Calibri)."""
    import docx
    from docx.enum.section import WD_ORIENT

    d = docx.Document()
    sec = d.sections[0]
    sec.page_width, sec.page_height = (Cm(29.7), Cm(21.0)) if landscape else (Cm(21.0), Cm(29.7))
    if landscape:
        sec.orientation = WD_ORIENT.LANDSCAPE
    sec.left_margin = sec.right_margin = Cm(margin_cm)
    sec.top_margin = sec.bottom_margin = Cm(margin_cm)
    doc_defaults(d)
    styles = d.styles
    normal = styles["Normal"]
    set_fonts(normal, BODY_FONT)
    _lang(normal)
    normal.font.size = Pt(12)
    for name, size, font in (("Title", 20, TITLE_FONT), ("Heading 1", 15, HEADING_FONT),
                             ("Heading 2", 13.5, HEADING_FONT), ("Heading 3", 12, HEADING_FONT),
                             ("Heading 4", 12, BODY_FONT)):
        st = styles[name]
        set_fonts(st, font)
        st.font.size = Pt(size)
        st.font.color.rgb = RGBColor(0, 0, 0)
        st.font.bold = name != "Heading 4" or None
        st.font.italic = False
    title = styles["Title"]
    title.paragraph_format.alignment = 1  # centred, as a 公文 title
    p_pr = title.element.get_or_add_pPr()
    border = p_pr.find(qn("w:pBdr"))
    if border is not None:
        p_pr.remove(border)  # the template underlines the title with a blue rule
    for name in ("Table Grid",):
        if name in [s.name for s in styles]:
            set_fonts(styles[name], TABLE_FONT)
    return d


def add_comment(document, runs, paragraphs: Iterable[str]):
    """A comment anchored on `runs`, one comment paragraph per item; each run names its Chinese font
    (the draft's own styles may have no comment style at all)."""
    comment = document.add_comment(runs, text="", author=AUTHOR, initials=INITIALS)
    first = True
    for text in paragraphs:
        para = comment.paragraphs[0] if first else comment.add_paragraph()
        first = False
        run_fonts(para.add_run(text))
    return comment


def cell_text(cell, text: str, bold: bool = False, size: float = 10.5, font: str = TABLE_FONT) -> None:
    para = cell.paragraphs[0]
    para.paragraph_format.space_after = Pt(0)  # the template's Normal leaves a blank line under each cell
    para.paragraph_format.line_spacing = 1.0
    run = para.add_run(text)
    run.bold = bold or None
    run.font.size = Pt(size)
    run_fonts(run, font)


def repeat_header(row) -> None:
    """The table's first row repeats at the top of every page."""
    tr_pr = row._tr.get_or_add_trPr()
    el = OxmlElement("w:tblHeader")
    el.set(qn("w:val"), "true")
    tr_pr.append(el)


def column_widths(table, widths_cm: list[float]) -> None:
    table.autofit = False
    for col, w in zip(table.columns, widths_cm):
        col.width = Cm(w)  # the grid: LibreOffice and WPS lay out by it
    for row in table.rows:
        for cell, w in zip(row.cells, widths_cm):
            cell.width = Cm(w)


def paragraph(document, text: str, size: float | None = None, bold: bool = False, font: str = BODY_FONT,
              style: str | None = None, align: int | None = None, indent: bool = False):
    p = document.add_paragraph(style=style)
    run = p.add_run(text)
    if size:
        run.font.size = Pt(size)
    run.bold = bold or None
    run_fonts(run, font)
    if align is not None:
        p.paragraph_format.alignment = align
    if indent:
        p.paragraph_format.first_line_indent = Pt((size or 12) * 2)
    return p


def heading(document, text: str, level: int):
    """A Word heading (navigation pane, outline) in the heading font."""
    h = document.add_heading("", level=level)
    run = h.add_run(text)
    run_fonts(run, TITLE_FONT if level == 0 else HEADING_FONT)
    return h


def docx_writer(document) -> Callable[[str], None]:
    """A writer for outputs.write_all_atomic: saves the document to the temporary path."""
    def write(tmp: str) -> None:
        document.save(tmp)

    return write


def save(document, path: str | os.PathLike, inputs: Iterable = ()) -> None:
    from .outputs import write_all_atomic

    write_all_atomic([(path, docx_writer(document))], inputs)

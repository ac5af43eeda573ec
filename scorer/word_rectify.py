"""The rectification list as a Word file: unit, year, score, then a table of the gaps only."""
from __future__ import annotations

import os
from typing import Any, Iterable

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from . import render_docx as rd
from .rectification import Rectification, rectification

COLUMNS = (("序号", 1.2), ("要求", 5.2), ("现状", 1.9), ("需要补充", 11.0), ("依据", 7.1))  # cm, landscape A4


def build(rect: Rectification):
    """The document: a title, one line of facts, the gap table, a closing note."""
    d = rd.new_document(landscape=True, margin_cm=1.6)  # five columns of Chinese text fit two pages only across
    d.core_properties.title = rect.heading
    d.core_properties.author = rd.AUTHOR
    rd.paragraph(d, rect.heading, size=16, bold=True, font=rd.TITLE_FONT, align=WD_ALIGN_PARAGRAPH.CENTER)
    facts = [f"单位：{rect.unit}", f"年度：{rect.year or '未识别'}", f"总分：{rect.score:.1f} / 100"]
    rd.paragraph(d, "　　".join(facts), size=12, bold=True)
    rd.paragraph(d, f"检查结果：{rect.counts_line()}。", size=10.5)
    if rect.gaps:
        rd.paragraph(d, f"以下 {len(rect.gaps)} 项需要在报告中补充或写明落实情况（已落实的规则不列出）：", size=10.5)
        table = d.add_table(rows=1, cols=len(COLUMNS))
        table.style = "Table Grid"
        for cell, (name, _) in zip(table.rows[0].cells, COLUMNS):
            rd.cell_text(cell, name, bold=True, size=10)
        rd.repeat_header(table.rows[0])
        for g in rect.gaps:
            cells = table.add_row().cells
            title = g.title + ("（提示，不计分）" if not g.counts else "")
            for cell, text in zip(cells, (str(g.number), title, g.status_label, g.to_add, g.basis)):
                rd.cell_text(cell, text, size=9 if text is not g.basis else 8)
        rd.column_widths(table, [w for _, w in COLUMNS])
    else:
        rd.paragraph(d, "全部适用的规则均已落实，无需整改。", size=12)
    note = rd.paragraph(d, f"说明：由 scorer 按规则库 {rect.rulebook} 自动检查生成，供对照修改；每一项的完整写法和原文位置见"
                           "批注版报告（scorer check 报告 --annotate）或 HTML 差距报告。", size=9)
    note.paragraph_format.space_before = Pt(6)
    return d


def write_rectification(data: dict[str, Any], path: str | os.PathLike, inputs: Iterable = ()) -> None:
    """Write the rectification list of one result (JSON form) to `path`, atomically."""
    rd.save(build(rectification(data)), path, inputs)

"""County feedback (`scorer summary … --feedback`): each unit's rectification list, ready to send
back, and `summary.docx`, the county overview in the shape of an office circular (通报) for the
office to edit rather than start from nothing.

The unit files are built from results.jsonl (the JSON form of each result), so the workers
stay as they are; each is named like the unit's gap report (the same safe, unique name).
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from . import render_docx as rd
from .batch import CODE_STATUS
from .results import rulebook_dict, with_rule_text
from .rules.vocabulary import TO_FIX
from .word_rectify import write_rectification

FOLDER = "feedback"
STATUTORY = ("report.measures-and-results", "report.shortcomings", "report.leader-duty", "report.next-year-plan")
TOP_GAPS = 8


def write_feedback(summary, out: Path) -> None:
    """feedback/<unit>-<year>.docx for every scored report, and summary.docx."""
    folder = out / FOLDER
    folder.mkdir()
    by_file = {rec.file: rec for rec in summary.records}
    rules = rulebook_dict(summary.rulebook)["rules"]  # results.jsonl names rules by id only
    with open(out / "results.jsonl", encoding="utf-8") as fh:
        for line in fh:  # one report at a time: memory stays flat for a large county
            data = with_rule_text(json.loads(line), rules)
            rec = by_file.get(data.get("file"))
            if rec is None or not rec.report:
                continue
            write_rectification(data, folder / (Path(rec.report).stem + ".docx"))
    rd.save(circular(summary), out / "summary.docx")


def _most_common(values) -> object | None:
    c = Counter(v for v in values if v)
    return c.most_common(1)[0][0] if c else None


def incomplete(summary) -> list[tuple[str, list[str]]]:
    """Units whose report lacks one of the statutory items (督察工作规定), with the items."""
    titles = {r.id: r.title for r in summary.rulebook.rules}
    out = []
    for rec in summary.records:
        st = summary.statuses(rec)
        lacking = [titles[rid] for rid in STATUTORY if st.get(rid) in ("missing", "planned")]
        if lacking:
            out.append((rec.label, lacking))
    return out


def circular(summary):
    """The overview as an editable circular: counts, coverage by part, common gaps with good
    passages from peers, units late or incomplete, and an annex table of scores."""
    records = summary.records
    year = _most_common(r.year for r in records)
    county = _most_common(r.county for r in records) or "本县（区）"
    year_text = f"{year}年度" if year else ""
    d = rd.new_document()
    d.core_properties.title = f"{county}{year_text}法治政府建设年度报告检查情况通报"
    d.core_properties.author = rd.AUTHOR
    rd.paragraph(d, f"关于{county}{year_text}法治政府建设年度报告检查情况的通报", size=20, bold=True,
                 font=rd.TITLE_FONT, align=WD_ALIGN_PARAGRAPH.CENTER)
    rd.paragraph(d, "（初稿，由 scorer 自动生成，请核对修改后印发）", size=10.5, align=WD_ALIGN_PARAGRAPH.CENTER)
    rd.paragraph(d, "各乡镇人民政府（街道办事处），县直各部门：", size=16)
    n = len(records)
    rd.paragraph(d, f"按照《法治政府建设与责任落实督察工作规定》要求，对各单位报送的 {n} 份{year_text}法治政府建设年度报告"
                    "逐项对照检查。现将有关情况通报如下。", size=16, indent=True)

    rd.heading(d, "一、总体情况", 1)
    if records:
        scores = [r.score for r in records]
        levels = Counter(r.level or "未识别" for r in records)
        from .rules.vocabulary import LEVEL_LABELS

        by_level = "、".join(f"{LEVEL_LABELS.get(k, k)} {v} 份" for k, v in levels.items())
        best, worst = max(records, key=lambda r: r.score), min(records, key=lambda r: r.score)
        rd.paragraph(d, f"共检查报告 {n} 份（{by_level}），平均得分 {sum(scores) / n:.1f} 分；最高为{best.label}"
                        f"（{best.score:.1f} 分），最低为{worst.label}（{worst.score:.1f} 分）。", size=16, indent=True)
    if summary.errors:
        rd.paragraph(d, f"另有 {len(summary.errors)} 份文件无法读取（见第四部分），未计入。", size=16, indent=True)

    rd.heading(d, "二、各部分落实情况", 1)
    rd.paragraph(d, "覆盖率为写明已落实或部分落实的单位占适用单位的比例：", size=16, indent=True)
    parts = [p for p in summary.part_coverage() if p["coverage"] is not None]
    table = d.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, name in zip(table.rows[0].cells, ("部分", "规则数", "覆盖率")):
        rd.cell_text(cell, name, bold=True, size=12)
    rd.repeat_header(table.rows[0])
    for p in parts:
        cells = table.add_row().cells
        for cell, text in zip(cells, (p["part"].title, str(p["rules"]), f"{100 * p['coverage']:.0f}%")):
            rd.cell_text(cell, text, size=12)
    rd.column_widths(table, [9.0, 2.5, 3.0])

    rd.heading(d, "三、存在的主要问题", 1)
    gaps = summary.common_gaps(TOP_GAPS)
    if not gaps:
        rd.paragraph(d, "各单位报告均写明了适用的各项要求。", size=16, indent=True)
    for i, g in enumerate(gaps, start=1):
        units = "、".join(g["units"][:12]) + ("等" if len(g["units"]) > 12 else "")
        rd.paragraph(d, f"（{_cn(i)}）{g['rule'].title}。{g['gaps']} 个单位未写明或只写了计划（{units}）。"
                        f"{g['rule'].advice}", size=16, indent=True)
        for ex in g["examples"]:
            rd.paragraph(d, f"可参考{ex['unit']}的写法：“{ex['text']}”", size=14, indent=True, font=rd.BODY_FONT)

    rd.heading(d, "四、报送不及时或内容不完整的单位", 1)
    late = [r for r in records if r.timeliness == "late"]
    lacking = incomplete(summary)
    if late:
        rd.paragraph(d, "未在次年3月31日前落款或公开：" + "、".join(
            f"{r.label}（{'落款 ' + r.dated if r.dated else ''}{'，' if r.dated and r.published else ''}"
            f"{'发布 ' + r.published if r.published else ''}）" for r in late) + "。", size=16, indent=True)
    for label, items in lacking:
        rd.paragraph(d, f"{label}：缺少法定内容“{'”“'.join(items)}”。", size=16, indent=True)
    for e in summary.errors:
        rd.paragraph(d, f"{Path(e.file).name}：无法读取（{e.error}），请重新报送可编辑的文本。", size=16, indent=True)
    if not (late or lacking or summary.errors):
        rd.paragraph(d, "各单位均按时报送，法定内容齐全。", size=16, indent=True)

    rd.heading(d, "五、下一步要求", 1)
    rd.paragraph(d, "请各单位对照所附整改清单逐项补充完善，于【请填写日期】前将修改后的报告报送【请填写科室】。"
                    "【此部分请根据本地工作安排修改。】", size=16, indent=True)
    rd.paragraph(d, "附件：各单位整改清单（feedback 文件夹）", size=16, indent=True)
    sign = rd.paragraph(d, "【请填写发文单位】", size=16, align=WD_ALIGN_PARAGRAPH.RIGHT)
    sign.paragraph_format.space_before = Pt(24)
    rd.paragraph(d, "【请填写日期】", size=16, align=WD_ALIGN_PARAGRAPH.RIGHT)

    d.add_page_break()
    rd.heading(d, "附表：各单位得分", 1)
    table = d.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, name in zip(table.rows[0].cells, ("单位", "年度", "得分", "需补充项数")):
        rd.cell_text(cell, name, bold=True, size=12)
    rd.repeat_header(table.rows[0])
    for rec in summary.ranking():
        todo = sum(1 for c in rec.codes if CODE_STATUS[c] in TO_FIX)
        cells = table.add_row().cells
        for cell, text in zip(cells, (rec.label, str(rec.year or "—"), f"{rec.score:.1f}", str(todo))):
            rd.cell_text(cell, text, size=12)
    rd.column_widths(table, [7.0, 2.5, 2.5, 3.0])
    return d


def _cn(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n <= 10:
        return "十" if n == 10 else digits[n]
    return ("" if n < 20 else digits[n // 10]) + "十" + (digits[n % 10] if n % 10 else "")

"""The terminal summary of one report: a rich table of rules, statuses and evidence."""
from __future__ import annotations

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from .results import SHOWN_LABELS, ReportResult
from .rules.model import BASIS_LABELS
from .rules.vocabulary import LEVEL_LABELS, STATUS_SYMBOLS, TO_FIX

STATUS_STYLES = {"met": "green", "partial": "yellow", "planned": "magenta", "missing": "red bold", "waived": "cyan",
                 "na": "dim", "optional": "blue"}
_SYMBOL = STATUS_SYMBOLS
_LEVEL_CN = {**LEVEL_LABELS, None: "未识别"}


def _short(text: str, n: int = 46) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


# the order of the table: what costs points first (gaps), then what is done, then what does not count
GAP_FIRST = ("missing", "planned", "partial", "met", "optional", "waived", "na")
GAPS = ("missing", "planned", "partial")  # `check --gaps`: what a drafter still has to write


def rows_in_order(result: ReportResult, gaps_only: bool = False) -> list:
    """Rule results with the gaps first (heaviest first within a status), or only the gaps."""
    rank = {s: i for i, s in enumerate(GAP_FIRST)}
    position = {r.id: i for i, r in enumerate(result.rules)}
    rows = [r for r in result.rules if not gaps_only or r.shown in GAPS]
    return sorted(rows, key=lambda r: (rank[r.shown], -r.rule.weight, position[r.id]))


def render(result: ReportResult, console: Console, gaps_only: bool = False) -> None:
    """The table fits the console's width (80 columns when piped): status, score, and one column holding the
    rule's title, its id (never broken: the column is at least as wide as the longest id) and the evidence."""
    md = result.document.metadata
    head = Text()
    head.append(md.title or result.file, style="bold")
    head.append(f"\n单位 {md.unit or '未识别'}  县区 {md.county or '—'}  层级 {_LEVEL_CN.get(md.level, md.level)}"
                f"  年度 {md.year or '—'}  落款 {md.dated or '—'}" + (f"  发布 {md.published}" if md.published else ""))
    console.print(head)
    from .metadata import doubts

    for doubt in doubts(md):  # a wrong level flips the rules that apply only to some levels
        console.print(f"注意：{doubt}", style="yellow", markup=False, highlight=False)
    rows = rows_in_order(result, gaps_only)
    longest_id = max((len(r.id) for r in result.rules), default=10)
    table = Table(show_lines=True, header_style="bold", expand=False, box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("状态", no_wrap=True)
    table.add_column("得分", justify="right", no_wrap=True)
    table.add_column("规则 / 编号 / 证据或说明", overflow="fold", min_width=longest_id,
                     max_width=max(longest_id, 100))
    for r in rows:
        status = Text(f"{_SYMBOL[r.shown]} {SHOWN_LABELS[r.shown]}", style=STATUS_STYLES[r.shown])
        if r.status in ("waived", "na"):
            note = r.message
        elif r.evidence:
            note = "“" + _short(r.evidence[0].text) + "”"
            if r.status == "partial":
                note += "\n缺：" + _short("；".join(c.title for c in r.criteria if not c.met), 40)
        elif r.near_misses:
            nm = r.near_misses[0]
            note = f"{r.message}：“{_short(nm.text, 30)}”"
        else:
            note = r.message
        if r.status in TO_FIX and r.rule.basis_unverified:
            note += "\n" + BASIS_LABELS["待核"]  # the requirement stands, but say plainly its basis is unchecked
        credit = f"{r.credit:.2f}" if r.status not in ("na", "waived") else "—"
        if not r.rule.counts_in_score:
            credit += "\n不计分"
        cell = Text()
        cell.append(r.rule.title, style="bold")
        cell.append("\n")
        cell.append(r.id, style="cyan")  # a word without spaces: wrapped whole, never split
        cell.append("\n" + note, style="dim" if r.shown in ("na", "waived", "optional") else "")
        table.add_row(status, credit, cell)
    if rows:
        console.print(table)
    else:
        console.print("没有差距：每条适用的规则都已落实。")
    counts = result.counts()
    summary = "  ".join(f"{SHOWN_LABELS[k]} {v}" for k, v in counts.items() if v)
    console.print(f"[bold]总分 {result.score:.1f}[/bold] / 100   {summary}")
    if gaps_only:
        console.print(f"（只列出差距：缺失、仅计划/仅问题、部分落实，共 {len(rows)} 条；去掉 --gaps 查看全部 "
                      f"{len(result.rules)} 条）", style="dim")
    for p in result.parts:
        if p.score is not None:
            console.print(f"  {p.title} {p.score:.1f}", style="dim")


def render_eval(report, console: Console) -> None:
    """`scorer eval`: per-rule agreement and confusion, the overall figure, then every disagreement."""
    console.print(f"[bold]标注一致性[/bold] {report.labels}（规则库 {report.rulebook}）", highlight=False)
    longest = max((len(c.column) + 1 + len(c.rule_id) for c in report.columns), default=10)
    table = Table(header_style="bold", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("列 规则 / 标注 → 判定（份数）", overflow="fold", min_width=longest)  # ids never broken
    table.add_column("标注", justify="right", no_wrap=True)
    table.add_column("一致率", justify="right", no_wrap=True)
    table.add_column("done 查准/查全", justify="right", no_wrap=True)

    def pct(x):
        return "—" if x is None else f"{x:.1%}"

    for c in report.columns:
        p, r = c.precision_recall()
        conf = "  ".join(f"{g}→{pred} {n}" for g, row in sorted(c.confusion().items())
                         for pred, n in sorted(row.items()))
        cell = Text(f"{c.column} ", style="bold")
        cell.append(c.rule_id, style="cyan")
        cell.append("\n" + conf, style="dim")
        table.add_row(cell, str(len(c.verdicts)), pct(c.agreement if c.verdicts else None), f"{pct(p)}/{pct(r)}")
    console.print(table)
    console.print(f"[bold]总一致率 agreement {report.agreement:.4f}[/bold]（{len(report.verdicts)} 个判定，"
                  f"{report.files} 份报告，有争议的标注 {report.debatable} 个，不一致 {len(report.disagreements)} 个）")
    for v in report.disagreements:
        console.print(f"[bold]{v.file}[/bold] {v.column} {v.rule_id}: 标注 {v.gold_text}，判定 {v.predicted}"
                      f"（{v.status}）", highlight=False)
        console.print(f"    {_short(v.reason, 110)}", style="dim", highlight=False)

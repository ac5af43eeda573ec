"""The terminal summary of one report: a rich table of rules, statuses and evidence."""
from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .results import SHOWN_LABELS, ReportResult

STATUS_STYLES = {"met": "green", "partial": "yellow", "planned": "magenta", "missing": "red bold", "waived": "cyan",
                 "na": "dim", "optional": "blue"}
_LEVEL_CN = {"township": "乡镇（街道）", "county": "县级政府", "department": "政府部门", None: "未识别"}


def _short(text: str, n: int = 46) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def render(result: ReportResult, console: Console) -> None:
    md = result.document.metadata
    head = Text()
    head.append(md.title or result.file, style="bold")
    head.append(f"\n单位 {md.unit or '未识别'}  县区 {md.county or '—'}  层级 {_LEVEL_CN.get(md.level, md.level)}"
                f"  年度 {md.year or '—'}  落款 {md.dated or '—'}" + (f"  发布 {md.published}" if md.published else ""))
    console.print(head)
    from .metadata import doubts

    for doubt in doubts(md):  # a wrong level flips the rules that apply only to some levels
        console.print(f"注意：{doubt}", style="yellow", markup=False, highlight=False)
    table = Table(show_lines=False, header_style="bold", expand=False)
    table.add_column("规则 rule", overflow="fold", max_width=44)
    table.add_column("状态 status", no_wrap=True)
    table.add_column("得分", justify="right", no_wrap=True)
    table.add_column("最佳证据 / 说明 evidence", overflow="fold")
    for r in result.rules:
        status = Text(f"{r.shown} {SHOWN_LABELS[r.shown]}", style=STATUS_STYLES[r.shown])
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
        credit = f"{r.credit:.2f}" if r.status not in ("na", "waived") else "—"
        if not r.rule.counts_in_score:
            credit += "\n不计分"
        table.add_row(f"{r.rule.title}\n[dim]{r.id}[/dim]", status, credit, note)
    console.print(table)
    counts = result.counts()
    summary = "  ".join(f"{SHOWN_LABELS[k]} {v}" for k, v in counts.items() if v)
    console.print(f"[bold]总分 score {result.score:.1f}[/bold] / 100   {summary}")
    for p in result.parts:
        if p.score is not None:
            console.print(f"  {p.title} {p.score:.1f}", style="dim")


def render_eval(report, console: Console) -> None:
    """`scorer eval`: per-rule agreement and confusion, the overall figure, then every disagreement."""
    table = Table(title=f"标注一致性 {report.labels}（规则库 {report.rulebook}）", header_style="bold")
    for col, kw in (("列", {}), ("规则 rule", {"overflow": "fold"}), ("标注", {"justify": "right"}),
                    ("一致率", {"justify": "right"}), ("done/yes 查准", {"justify": "right"}),
                    ("done/yes 查全", {"justify": "right"}), ("标注 → 判定（份数）", {"overflow": "fold"})):
        table.add_column(col, **kw)

    def pct(x):
        return "—" if x is None else f"{x:.1%}"

    for c in report.columns:
        p, r = c.precision_recall()
        conf = "  ".join(f"{g}→{pred} {n}" for g, row in sorted(c.confusion().items())
                         for pred, n in sorted(row.items()))
        table.add_row(c.column, c.rule_id, str(len(c.verdicts)), pct(c.agreement if c.verdicts else None),
                      pct(p), pct(r), conf)
    console.print(table)
    console.print(f"[bold]总一致率 agreement {report.agreement:.4f}[/bold]（{len(report.verdicts)} 个判定，"
                  f"{report.files} 份报告，有争议的标注 {report.debatable} 个，不一致 {len(report.disagreements)} 个）")
    for v in report.disagreements:
        console.print(f"[bold]{v.file}[/bold] {v.column} {v.rule_id}: 标注 {v.gold_text}，判定 {v.predicted}"
                      f"（{v.status}）", highlight=False)
        console.print(f"    {_short(v.reason, 110)}", style="dim", highlight=False)

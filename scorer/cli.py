"""The `scorer` command: thin wrappers that parse options and call the library."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from .errors import OutputError, ScorerError
from .rules.vocabulary import LEVEL_SHORT

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="法治政府建设年度报告合规检查：对照规则库逐条检查报告，给出差距和修改建议。")

EXIT_OK, EXIT_BELOW, EXIT_INPUT, EXIT_RULEBOOK = 0, 1, 2, 3
EXIT_INTERNAL = 5  # a bug of ours: one line, never a traceback (outputs are written atomically, so none is half-written)


def _version(value: bool) -> None:
    if value:
        from . import __version__
        from .rules.loader import load_rulebook

        rb = load_rulebook(None)
        typer.echo(f"scorer {__version__}（内置规则库 {rb.id} {rb.version}，{len(rb.rules)} 条规则）")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(version: bool = typer.Option(False, "--version", callback=_version, is_eager=True,
                                       help="显示版本和内置规则库的版本并退出")) -> None:
    """法治政府建设年度报告合规检查：对照规则库逐条检查报告，给出差距和修改建议。"""


def _console(stderr: bool = False):
    from rich.console import Console

    import os

    # the real terminal's width (or COLUMNS); piped or redirected: 80 columns
    width = None if sys.stdout.isatty() or os.environ.get("COLUMNS", "").isdigit() else 80
    return Console(stderr=stderr, width=width, highlight=False)


def _utf8_stdout() -> bool:
    return (getattr(sys.stdout, "encoding", "") or "").lower().replace("-", "") in ("utf8", "utf8sig")


def _fail(err: ScorerError) -> None:

    typer.echo(f"scorer: {err.line()}", err=True)
    raise typer.Exit(err.exit_code)


def _number(option: str, raw: Optional[str], low: float, high: float, integer: bool = False) -> Optional[float]:
    """A numeric option, checked: finite, within [low, high]; else one line and exit 2 (nan, inf, 1e308, abc)."""
    import math

    if raw is None:
        return None
    try:
        value = int(raw) if integer else float(raw)
    except ValueError:
        value = None
    if value is None or not math.isfinite(value) or not low <= value <= high:
        kind = "整数" if integer else "数"
        typer.echo(f"scorer: {option} {raw!r}: 应为 {low:g} 到 {high:g} 之间的{kind} "
                   f"(must be a {'whole ' if integer else ''}number from {low:g} to {high:g})", err=True)
        raise typer.Exit(EXIT_INPUT)
    return value


def _rule_time_limit(raw: Optional[str]) -> None:
    """--rule-time-limit: the per-rule budget (budget.py), passed on to worker processes by the environment."""
    import os

    seconds = _number("--rule-time-limit", raw, 0.1, 3600)
    if seconds is not None:
        os.environ["FZZF_SCORER_RULE_SECONDS"] = repr(seconds)


def _given(**values: Optional[str]) -> dict:
    """--unit, --county, --level, --year: checked like the summary's manifest; a bad one is one line, exit 2."""
    from .metadata import given_problem

    out: dict = {}
    for key, value in values.items():
        if value is None:
            continue
        problem = given_problem(key, value)
        if problem:
            from .printable import printable

            typer.echo(f"scorer: --{key} {printable(value)!r}: {problem}", err=True)
            raise typer.Exit(EXIT_INPUT)
        out[key] = int(value) if key == "year" else value.strip()
    return out


MAX_SIZE_MB = 1024
_RULE_TIME_HELP = "每条规则在一份报告上的运行时间上限（秒，默认 10）；超时报错并写明规则"


@app.command()
def check(
    files: list[str] = typer.Argument(..., help="报告文件（.txt .docx .pdf .html），可以写几份", metavar="FILE...",
                                      show_default=False),
    rules: Optional[str] = typer.Option(None, "--rules", metavar="RULES.yaml", help="规则库 YAML（默认：内置 fzzf-2021）"),
    json_out: Optional[str] = typer.Option(None, "--json", metavar="PATH", help="写出 JSON 结果；'-' 表示只向标准输出写 JSON（只用于一份报告）"),
    html_out: Optional[str] = typer.Option(None, "--html", metavar="PATH", help="HTML 差距报告写到这里（只用于一份报告）；不给任何输出选项时，"
                                           "写在报告旁边：<文件名>.gap.html"),
    fail_under_raw: Optional[str] = typer.Option(None, "--fail-under", help="总分低于此值（0–100）时退出码为 1",
                                                 metavar="N"),
    waivers: Optional[str] = typer.Option(None, "--waivers", metavar="WAIVERS.yaml", help="豁免文件 waivers.yaml"),
    max_size_raw: str = typer.Option("5", "--max-size", help="报告文本大小上限（MB，默认 5）；.docx/.pdf 文件可为其 10 倍",
                                     metavar="MB"),
    rule_time: Optional[str] = typer.Option(None, "--rule-time-limit", help=_RULE_TIME_HELP, metavar="SECONDS"),
    unit: Optional[str] = typer.Option(None, "--unit", metavar="NAME", help="报告单位，覆盖自动识别（如 向阳镇）"),
    county: Optional[str] = typer.Option(None, "--county", metavar="NAME", help="所属县（区），覆盖自动识别"),
    level: Optional[str] = typer.Option(None, "--level", metavar="LEVEL",
                                        help="层级，覆盖自动识别：township 乡镇（街道）、county 县级政府、department 政府部门"),
    year: Optional[str] = typer.Option(None, "--year", metavar="YYYY", help="报告年度，覆盖自动识别（如 2023）"),
    gaps: bool = typer.Option(False, "--gaps", help="终端只列出差距：缺失、仅计划/仅问题、部分落实"),
    open_html: bool = typer.Option(False, "--open", help="写完后用浏览器打开 HTML 差距报告"),
    annotate: Optional[str] = typer.Option(None, "--annotate", help="写出带批注的 Word 报告（.docx）：批注标在缺项和部分落实之处"
                                           "（只用于一份报告）", metavar="OUT.docx"),
    annotate_all: bool = typer.Option(False, "--annotate-all", help="批注版中已落实的规则也加批注"),
    rectify: Optional[str] = typer.Option(None, "--rectify", help="写出整改清单（.docx）：只列需要补充的规则（只用于一份报告）",
                                          metavar="OUT.docx"),
) -> None:
    """检查一份或几份报告：逐条规则给出判定、证据、近似未计的说法和修改建议。"""
    from .rules.loader import load_rulebook

    fail_under = _number("--fail-under", fail_under_raw, 0, 100)
    max_size = _number("--max-size", max_size_raw, 0.001, MAX_SIZE_MB)
    _rule_time_limit(rule_time)
    given = _given(unit=unit, county=county, level=level, year=year)
    if len(files) > 1 and any(o is not None for o in (html_out, json_out, annotate, rectify)):
        typer.echo("scorer: --html、--json、--annotate 和 --rectify 只用于一份报告；几份报告时差距报告写在各自旁边 "
                   "(--html/--json/--annotate/--rectify take one report)", err=True)
        raise typer.Exit(EXIT_INPUT)
    if annotate_all and annotate is None:
        typer.echo("scorer: --annotate-all 须与 --annotate OUT.docx 一起使用 (needs --annotate)", err=True)
        raise typer.Exit(EXIT_INPUT)
    word = (annotate, annotate_all, rectify)
    try:
        rb = load_rulebook(rules)
        wv = []
        if waivers is not None:
            from .waivers import load_waivers

            wv = load_waivers(waivers, {r.id for r in rb.rules})
    except ScorerError as err:
        _fail(err)
    codes = []
    for k, file in enumerate(files):
        if k:
            _console().print()
        codes.append(_check_one(file, rb, wv, rules, waivers, json_out, html_out, fail_under, max_size, given, gaps,
                                open_html, word))
    failed = [c for c in codes if c not in (EXIT_OK, EXIT_BELOW)]
    if failed:
        raise typer.Exit(max(failed))
    if EXIT_BELOW in codes:
        raise typer.Exit(EXIT_BELOW)


def _default_html(file: str) -> tuple[str, str | None]:
    """The gap report beside its report (<文件名>.gap.html); in the current folder if that folder is not
    writable (a shared read-only folder, a CD). Returns the path and, when it moved, why."""
    import os

    beside = Path(file).with_name(f"{Path(file).stem}.gap.html")
    folder = beside.parent if str(beside.parent) else Path(".")
    if os.access(folder, os.W_OK | os.X_OK):
        return str(beside), None
    return f"{Path(file).stem}.gap.html", f"{folder} 不可写，差距报告写在当前文件夹"


def _check_one(file, rb, wv, rules, waivers, json_out, html_out, fail_under, max_size, given, gaps, open_html,
               word=(None, False, None)) -> int:
    """One report of `check`: outputs written all or nothing, the table, the report's absolute path last."""
    import os

    from .api import check_file
    from .outputs import check_output_path, text_writer, to_json, write_all_atomic
    from .printable import printable

    annotate, annotate_all, rectify = word
    note = None
    if html_out is None and json_out is None and annotate is None and rectify is None:
        html_out, note = _default_html(file)  # no output option at all: the gap report, beside the report
    inputs = [file, rules, waivers]
    try:
        for o in (annotate, rectify):
            if o is not None and not o.lower().endswith(".docx"):
                raise OutputError(o, "Word 输出文件名应以 .docx 结尾 (output must be a .docx file)")
        outputs = [o for o in (html_out, json_out, annotate, rectify) if o is not None and o != "-"]
        for o in outputs:  # refused before any work: an input, a symlink, a device, a FIFO, a missing folder
            check_output_path(o, inputs)
        result = check_file(file, rb, max_bytes=int(max_size * 1024 * 1024), waivers=wv, given=given)
        writes, written = [], []
        if json_out is not None and json_out != "-":
            writes.append((json_out, text_writer(to_json(result.to_dict()))))
            written.append(f"JSON 已写入 {printable(os.path.abspath(json_out))}")
        if html_out is not None:
            from .render_html import render as render_html

            writes.append((html_out, text_writer(render_html(result))))
        if annotate is not None:
            from .render_docx import docx_writer
            from .word_annotate import annotated

            writes.append((annotate, docx_writer(annotated(result, annotate_all, file))))
            written.append(f"批注版报告已写入 {printable(os.path.abspath(annotate))}")
        if rectify is not None:
            from .rectification import rectification
            from .render_docx import docx_writer
            from .word_rectify import build as build_rectification

            writes.append((rectify, docx_writer(build_rectification(rectification(result.to_dict())))))
            written.append(f"整改清单已写入 {printable(os.path.abspath(rectify))}")
        if html_out is not None:
            written.append(f"HTML 差距报告：{printable(os.path.abspath(html_out))}")  # last: the path to open
        write_all_atomic(writes, inputs)  # all or nothing
        if json_out == "-":
            sys.stdout.write(to_json(result.to_dict(), ascii_only=not _utf8_stdout()))
        else:
            from .terminal import render

            console = _console()
            render(result, console, gaps_only=gaps)
            if note:
                typer.echo(f"scorer: {note}", err=True)
            for line in written:
                console.print(line, markup=False, highlight=False, soft_wrap=True)  # a path is never wrapped
    except ScorerError as err:
        typer.echo(f"scorer: {err.line()}", err=True)
        return err.exit_code
    if open_html and html_out is not None:
        _open_in_browser(os.path.abspath(html_out))
    if fail_under is not None and result.score < fail_under:
        if json_out != "-":
            typer.echo(f"scorer: {printable(file)}: 总分 {result.score:.1f} 低于 --fail-under {fail_under:g}", err=True)
        return EXIT_BELOW
    return EXIT_OK


def _open_in_browser(path: str) -> None:
    """--open: the system's browser (or $BROWSER); a machine without one only gets a note."""
    import webbrowser

    try:
        opened = webbrowser.open(Path(path).as_uri())
    except Exception:  # noqa: BLE001 - a broken browser setup must not turn a finished check into a failure
        opened = False
    if not opened:
        typer.echo("scorer: 没有找到可用的浏览器，请手工打开上面的 HTML 文件 (no browser found)", err=True)


EXIT_INPUTS_FAILED = 4


@app.command()
def summary(
    paths: list[str] = typer.Argument(..., help="报告文件或文件夹（递归查找 .txt .docx .pdf .html）", metavar="PATH..."),
    out: str = typer.Option(..., "--out", metavar="DIR", help="输出目录（新目录、空目录或以前的汇总）：index.html、reports/、results.jsonl、summary.csv、summary.xlsx"),
    rules: Optional[str] = typer.Option(None, "--rules", metavar="RULES.yaml", help="规则库 YAML（默认：内置 fzzf-2021）"),
    waivers: Optional[str] = typer.Option(None, "--waivers", metavar="WAIVERS.yaml", help="豁免文件 waivers.yaml"),
    manifest: Optional[str] = typer.Option(None, "--manifest", metavar="MANIFEST.csv", help="清单 CSV（file, unit, county, level, year），覆盖识别出的元数据"),
    jobs_raw: Optional[str] = typer.Option(None, "--jobs", help="并行进程数（默认且最多：CPU 核数）", metavar="N"),
    baseline: Optional[str] = typer.Option(None, "--baseline", metavar="results.jsonl", help="上一年的 results.jsonl，用于比较"),
    max_size_raw: str = typer.Option("5", "--max-size", help="每份报告文本大小上限（MB，默认 5）", metavar="MB"),
    rule_time: Optional[str] = typer.Option(None, "--rule-time-limit", help=_RULE_TIME_HELP, metavar="SECONDS"),
    no_progress: bool = typer.Option(False, "--no-progress", help="不显示进度条"),
    feedback: bool = typer.Option(False, "--feedback", help="另写出 feedback/<单位>-<年度>.docx（各单位整改清单）和 summary.docx（通报初稿）"),
) -> None:
    """全县汇总：检查一个文件夹中的全部报告，生成汇总页、各单位差距报告和表格。"""
    from .printable import printable
    from .summary import available_cores, run_summary

    jobs = _number("--jobs", jobs_raw, 1, 1_000_000, integer=True)
    max_size = _number("--max-size", max_size_raw, 0.001, MAX_SIZE_MB)
    _rule_time_limit(rule_time)
    if jobs is not None and jobs > available_cores():
        typer.echo(f"scorer: --jobs {int(jobs)} 超过 CPU 核数，按 {available_cores()} 个进程运行 "
                   f"(capped at {available_cores()} cores)", err=True)
    try:
        result = run_summary(paths, out, rules=rules, waivers=waivers, manifest=manifest,
                             jobs=int(jobs) if jobs is not None else None, baseline=baseline,
                             max_bytes=int(max_size * 1024 * 1024), progress=not no_progress, feedback=feedback)
    except ScorerError as err:
        _fail(err)
    c = _console()
    c.print(f"已评分 {len(result.records)} 份报告" + (f"，{len(result.errors)} 份无法读取" if result.errors else "")
            + f"；汇总页 {printable(Path(out) / 'index.html')}", markup=False)
    if feedback:
        c.print(f"整改清单 {printable(Path(out) / 'feedback')}，通报初稿 {printable(Path(out) / 'summary.docx')}", markup=False)
    for note in result.notes:
        typer.echo(f"scorer: {note}", err=True)
    for e in result.errors:
        typer.echo(f"scorer: {printable(e.file)}: {printable(e.error)}", err=True)
    if result.errors:
        raise typer.Exit(EXIT_INPUTS_FAILED)


@app.command("eval")
def eval_(
    labels: str = typer.Argument(..., help="标注文件 TSV（file 列 + 每项要求一列：done/plan/absent 或 yes/no）",
                                 metavar="LABELS.tsv"),
    folder: str = typer.Argument(..., help="报告所在文件夹", metavar="DIR"),
    rules: Optional[str] = typer.Option(None, "--rules", metavar="RULES.yaml", help="规则库 YAML（默认：内置 fzzf-2021）"),
    json_out: Optional[str] = typer.Option(None, "--json", metavar="PATH", help="写出 JSON 结果；'-' 表示只向标准输出写 JSON"),
    min_agreement: Optional[float] = typer.Option(None, "--min-agreement", min=0, max=1,
                                                  help="总一致率低于此值（0–1）时退出码为 1"),
    split: Optional[str] = typer.Option(None, "--split", metavar="NAME", help="只评测 split 列等于此值的报告（如 dev、test）"),
    mapping: list[str] = typer.Option([], "--map", metavar="COL=RULE", help="标注列对应的规则：COL=rule.id（可重复）"),
) -> None:
    """用人工标注检验判定：每条规则和总的一致率，逐条列出不一致。"""
    from .evaluation import evaluate, load_labels, parse_mapping
    from .outputs import check_output_path, to_json, write_atomic
    from .rules.loader import load_rulebook

    try:
        if json_out not in (None, "-"):
            check_output_path(json_out, [labels])
        rb = load_rulebook(rules)
        labelset = load_labels(labels, rb, parse_mapping(mapping))
        report = evaluate(labelset, folder, rb, split=split)
        if json_out == "-":
            sys.stdout.write(to_json(report.to_dict(), ascii_only=not _utf8_stdout()))
        else:
            from .terminal import render_eval

            render_eval(report, _console())
            if json_out:
                write_atomic(json_out, to_json(report.to_dict()))
                typer.echo(f"JSON 已写入 {json_out}")
    except ScorerError as err:
        _fail(err)
    for f, problem in report.errors:
        typer.echo(f"scorer: {Path(folder) / f}: {problem}", err=True)
    if report.errors:
        raise typer.Exit(EXIT_INPUTS_FAILED)
    if min_agreement is not None and report.agreement < min_agreement:
        typer.echo(f"scorer: 一致率 {report.agreement:.4f} 低于 --min-agreement {min_agreement:g}", err=True)
        raise typer.Exit(EXIT_BELOW)


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", "--host", help="监听地址（默认只允许本机访问；其他地址需要访问码）"),
    port: int = typer.Option(8765, "--port", help="端口（0 表示任选一个空闲端口）", min=0, max=65535),
    open_browser: bool = typer.Option(False, "--open", help="启动后用浏览器打开页面"),
    rules: Optional[str] = typer.Option(None, "--rules", metavar="RULES.yaml", help="规则库 YAML（默认：内置 fzzf-2021）"),
    waivers: Optional[str] = typer.Option(None, "--waivers", metavar="WAIVERS.yaml", help="豁免文件 waivers.yaml"),
    access_code: Optional[str] = typer.Option(None, "--access-code", help="访问码（监听非本机地址时必需；不给则自动生成并显示）"),
) -> None:
    """本机网页：检查草稿、全县汇总、查看规则库。"""
    from .web import serve as run

    try:
        run(host, port, open_browser, rules, waivers, access_code, echo=typer.echo)
    except ScorerError as err:
        _fail(err)


rules_app = typer.Typer(no_args_is_help=True, rich_markup_mode=None,
                        help="规则库工具：list 一览、show 查看一条、check 校验、test 运行样例")
app.add_typer(rules_app, name="rules")


def _load(path: Optional[str]):
    from .rules.loader import load_rulebook

    try:
        return load_rulebook(path)
    except ScorerError as err:
        _fail(err)




@rules_app.command("list")
def rules_list(rules: Optional[str] = typer.Option(None, "--rules", metavar="RULES.yaml", help="规则库 YAML（默认：内置）")) -> None:
    """按部分列出全部规则：编号、标题（简称）、权重、适用层级。"""
    from rich import box
    from rich.table import Table
    from rich.text import Text

    rb = _load(rules)
    longest = max(len(r.id) for r in rb.rules)
    c = _console()
    c.print(f"[bold]{rb.title}[/bold]（{rb.id} {rb.version}，{len(rb.rules)} 条规则）")
    table = Table(header_style="bold", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("编号 / 标题（简称）", overflow="fold", min_width=longest)  # an id is never broken: copy it whole
    table.add_column("权重", justify="right", no_wrap=True)
    table.add_column("适用", no_wrap=True)
    for part in rb.parts:
        rules_of_part = [r for r in rb.rules if r.part == part.id]
        if not rules_of_part:
            continue
        table.add_row(Text(part.title, style="bold underline"), "", "")
        for r in rules_of_part:
            levels = "、".join(LEVEL_SHORT[x] for x in r.applies_to)
            if r.year_from:
                levels += f"\n{r.year_from}年度起"
            weight = f"{r.weight:g}" + ("\n不计分" if not r.counts_in_score else "")
            cell = Text(r.id, style="cyan")
            cell.append(f"\n{r.title}（{r.short}）")
            table.add_row(cell, weight, levels)
        table.add_section()
    c.print(table)


def _find_rule(rb, query: str):
    """A rule by its id, or by part of its Chinese title or short title ("法律顾问", "三项制度")."""
    try:
        return rb.rule(query)
    except KeyError:
        pass
    from .rules.patterns import norm_term as _norm_term

    needle = _norm_term(query.strip())
    hits = [r for r in rb.rules if needle and (needle in _norm_term(r.title) or needle in _norm_term(r.short))]
    if len(hits) == 1:
        return hits[0]
    import difflib

    from .printable import printable

    if hits:
        typer.echo(f"scorer: 有 {len(hits)} 条规则的标题含“{printable(query)}”，请写出编号 (several rules match):", err=True)
        for r in hits:
            typer.echo(f"  {r.id}  {r.title}", err=True)
    else:
        close = difflib.get_close_matches(query, [x.id for x in rb.rules], n=1)
        typer.echo(f"scorer: {printable(rb.path)}: 没有编号或标题为 {printable(query)!r} 的规则 (no such rule)"
                   + (f"（是不是 '{close[0]}'？）" if close else ""), err=True)
    raise typer.Exit(EXIT_INPUT)


@rules_app.command("show")
def rules_show(rule_id: str = typer.Argument(..., metavar="ID|标题", help="规则编号，或标题、简称中的一段文字（如 法律顾问）"),
               rules: Optional[str] = typer.Option(None, "--rules", metavar="RULES.yaml", help="规则库 YAML（默认：内置）")) -> None:
    """查看一条规则：要求、依据、建议、评分细项和样例。"""
    rb = _load(rules)
    r = _find_rule(rb, rule_id)
    c = _console()
    c.print(f"[bold]{r.title}[/bold]  [cyan]{r.id}[/cyan]（简称 {r.short}）")
    c.print(f"部分 {rb.part(r.part).title} · 权重 {r.weight:g} · 严重程度 {r.severity} · 类型 {r.kind} · "
            f"适用 {'、'.join(LEVEL_SHORT[x] for x in r.applies_to)} · 定义于 {r.source}:{r.line}")
    if r.description:
        c.print(f"\n[bold]要求[/bold]\n{r.description}")
    c.print("\n[bold]依据[/bold]")
    for b in r.basis:
        c.print(f"  - {b.doc} {b.clause} [{b.label}]" + (f"：“{b.quote}”" if b.quote else ""), highlight=False)
    c.print(f"\n[bold]建议[/bold]\n{r.advice}")
    if len(r.criteria) > 1:
        c.print("\n[bold]评分细项[/bold]")
        for cr in r.criteria:
            c.print(f"  - {cr.title}（权重 {cr.weight:g}）" + ("  ← 规则本身的匹配" if cr.pattern is None else ""))
    c.print("\n[bold]样例[/bold]")
    for status, texts in r.examples.items():
        for t in texts:
            c.print(f"  {status}: " + t.replace("\n", " ⏎ "))


@rules_app.command("check")
def rules_check(path: Optional[str] = typer.Argument(None, help="规则库 YAML（默认：内置）")) -> None:
    """校验规则库，逐条列出错误（文件:行号）；有错时退出码为 3。"""
    from .rules.loader import check_rulebook

    rb, errors = check_rulebook(path)
    for err in errors:
        typer.echo(err.line())
    if errors:
        typer.echo(f"{len(errors)} 处错误 (errors)", err=True)
        raise typer.Exit(EXIT_RULEBOOK)
    from .basis_lint import basis_counts, basis_warnings
    from .printable import printable

    typer.echo(f"校验通过：{printable(rb.path)}：{len(rb.rules)} 条规则，{len(rb.parts)} 个部分")
    warnings = basis_warnings(rb)  # the rulebook is valid; these only say which bases are weak
    for w in warnings:
        typer.echo(f"警告 (warning): {printable(w.source)}:{w.line}: {w.rule_id} 依据{w.index}: {w.problem}")
    counts = basis_counts(rb)
    typer.echo(f"依据 {sum(counts.values())} 条：" + "，".join(f"{k} {v}" for k, v in counts.items())
               + (f"；警告 {len(warnings)} 处" if warnings else "；没有警告"))


@rules_app.command("test")
def rules_test(path: Optional[str] = typer.Argument(None, help="规则库 YAML（默认：内置）"),
               rule: list[str] = typer.Option([], "--rule", help="只测试这些规则")) -> None:
    """运行每条规则的样例；有判定不符时退出码为 1。"""
    from .selftest import run_examples

    rb = _load(path)
    outcomes = run_examples(rb, set(rule) or None)
    failed = [o for o in outcomes if not o.ok]
    for o in failed:
        typer.echo(f"不符 {o.rule.source}:{o.rule.line} {o.rule.id}：样例应为 {o.expected}，判定为 {o.got}："
                   + o.text.replace("\n", " ⏎ "))
    typer.echo(f"{len(outcomes) - len(failed)} 个样例符合，{len(failed)} 个不符")
    if failed:
        raise typer.Exit(EXIT_BELOW)


_MAIN_PID: list[int] = []
_INTERRUPTED: list[int] = []


def _interrupt(signum, frame) -> None:
    """Ctrl-C and SIGTERM: clean up (temporaries removed, workers stopped) and say so.

    A worker process forked before it installed its own handlers leaves quietly: the parent reports."""
    import os

    if _MAIN_PID and os.getpid() != _MAIN_PID[0]:
        os._exit(128 + signum)
    _INTERRUPTED.append(signum)
    raise KeyboardInterrupt


def _tolerant_streams() -> None:
    """A console that cannot show a character (GBK on a Chinese Windows, PYTHONIOENCODING=gbk) gets "?"
    in its place instead of a crash: the exit code keeps its documented meaning."""
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.reconfigure(errors="replace")
        except (AttributeError, ValueError, OSError):  # not a text stream we may reconfigure (a test's capture)
            pass


def _run(args: list[str]) -> int:
    """Run the command line; usage errors become one Chinese line (exit 2), help is shown in Chinese."""
    import contextlib
    import io

    from .cli_text import help_text, usage_error

    usage = next(c for c in typer.BadParameter.__mro__ if c.__name__ == "UsageError")  # typer's or click's
    wants_help = not args or args == ["rules"] or any(a in ("--help", "-h") for a in args)
    buffer = io.StringIO()
    try:
        with contextlib.redirect_stdout(buffer) if wants_help else contextlib.nullcontext():
            rv = app(args=args, prog_name="scorer", standalone_mode=False)
    except usage as err:
        if getattr(err, "ctx", None) is not None and type(err).__name__ == "NoArgsIsHelpError":
            typer.echo(help_text(err.ctx.get_help()))
            return EXIT_OK
        where = err.ctx.command_path if getattr(err, "ctx", None) is not None else "scorer"
        typer.echo(f"scorer: {usage_error(err.format_message())}（查看用法：{where} --help）", err=True)
        return EXIT_INPUT
    finally:
        if buffer.getvalue():
            sys.stdout.write(help_text(buffer.getvalue()))
    return rv if isinstance(rv, int) else EXIT_OK


def main() -> None:
    import os
    import signal

    _tolerant_streams()

    _MAIN_PID[:] = [os.getpid()]
    signal.signal(signal.SIGTERM, _interrupt)
    signal.signal(signal.SIGINT, _interrupt)
    try:
        try:
            code = _run(sys.argv[1:])
        except Exception as exc:  # noqa: BLE001 — the one place that turns our own bugs into one line
            from .printable import printable

            typer.echo(f"scorer: 内部错误，请把这一行和出错的文件报告给维护者 (internal error): "
                       f"{printable(f'{type(exc).__name__}: {exc}')[:300]}", err=True)
            code = EXIT_INTERNAL
        sys.exit(code)
    except (KeyboardInterrupt, SystemExit, typer.Abort) as exc:
        if not (_INTERRUPTED or isinstance(exc, (KeyboardInterrupt, typer.Abort))):
            raise
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not interrupt the message
        typer.echo("scorer: 已中断：临时文件已删除，输出未改动 (interrupted; temporary files removed, outputs unchanged)",
                   err=True)
        sys.stdout.flush()
        sys.stderr.flush()
        # Everything was cleaned up while the interrupt unwound. Leave now: a process pool interrupted at the
        # wrong moment can leave its manager thread waiting forever, and a normal exit would join it.
        os._exit(130)

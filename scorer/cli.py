"""The `scorer` command: thin wrappers that parse options and call the library."""
from __future__ import annotations

import sys
from pathlib import Path
from typing import Optional

import typer

from .errors import ScorerError

app = typer.Typer(add_completion=False, no_args_is_help=True, rich_markup_mode=None,
                  help="法治政府建设年度报告合规检查 — score annual rule-of-law reports against a YAML rulebook.")

EXIT_OK, EXIT_BELOW, EXIT_INPUT, EXIT_RULEBOOK = 0, 1, 2, 3


@app.callback()
def _root() -> None:
    """法治政府建设年度报告合规检查 — score annual rule-of-law reports against a YAML rulebook."""


def _console(stderr: bool = False):
    from rich.console import Console

    width = None if sys.stdout.isatty() else 140
    return Console(stderr=stderr, width=width, highlight=False)


def _fail(err: ScorerError) -> None:
    typer.echo(f"scorer: {err.line()}", err=True)
    raise typer.Exit(err.exit_code)


@app.command()
def check(
    file: Path = typer.Argument(..., help="报告文件 (.txt)", metavar="FILE", show_default=False),
    rules: Optional[Path] = typer.Option(None, "--rules", help="规则库 YAML（默认：内置 fzzf-2021）"),
    json_out: Optional[str] = typer.Option(None, "--json", help="写出 JSON 结果；'-' 表示只向标准输出写 JSON"),
    html_out: Optional[Path] = typer.Option(None, "--html", help="写出 HTML 差距报告（不给任何输出选项时默认写 <文件名>.gap.html）"),
    fail_under: Optional[float] = typer.Option(None, "--fail-under", min=0, max=100,
                                               help="总分低于此值时退出码为 1"),
) -> None:
    """Score one report: a verdict per rule with evidence, near misses and advice."""
    from .api import check_file
    from .outputs import to_json, write_atomic
    from .rulebook import load_rulebook

    if html_out is None and json_out is None:
        html_out = Path(f"{file.stem}.gap.html")  # no output option at all: the gap report, here
    try:
        rb = load_rulebook(rules)
        result = check_file(file, rb)
        written: list[str] = []
        if html_out is not None:
            from .render_html import render as render_html

            write_atomic(html_out, render_html(result))
            written.append(f"HTML 差距报告已写入 {html_out}")
        if json_out == "-":
            sys.stdout.write(to_json(result.to_dict()))
        else:
            if json_out:
                write_atomic(json_out, to_json(result.to_dict()))
                written.append(f"JSON 已写入 {json_out}")
            from .terminal import render

            console = _console()
            render(result, console)
            for line in written:
                console.print(line)
    except ScorerError as err:
        _fail(err)
    if fail_under is not None and result.score < fail_under:
        if json_out != "-":
            typer.echo(f"scorer: 总分 {result.score:.1f} 低于 --fail-under {fail_under:g}", err=True)
        raise typer.Exit(EXIT_BELOW)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("scorer: interrupted", err=True)
        sys.exit(130)

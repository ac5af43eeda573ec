"""Fuzzing the files beside the reports (waivers, manifest, baseline, rulebook) and the insides of a .docx.

Whatever hypothesis writes, loading gives a valid result or our one-line error (InputError,
RulebookError) — never another exception, never a message of several lines.
"""
from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from formats import crafted_docx, para_xml
from scorer.batch import load_manifest
from scorer.errors import InputError, RulebookError
from scorer.read_docx import read_docx
from scorer.rulebook import check_rulebook, parse_rulebook
from scorer.summary import load_baseline
from scorer.waivers import WAIVER_KEYS, load_waivers

FUZZ = settings(max_examples=150, deadline=5000,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

nasty_text = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["城关镇", "enforcement.three-systems", "2025-12-31", "*", "", "\x00", "\u202e镇", "=1+2",
                     "²⁰²³", "2023", "township", "1e308", "nan", "-1"]),
)
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), nasty_text, st.dates(), st.datetimes())
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.one_of(nasty_text, st.integers()), inner, max_size=4)),
    max_leaves=12)


def one_line(err: Exception) -> None:
    assert "\n" not in str(err), str(err)


def dump(data) -> str:
    return yaml.safe_dump(data, allow_unicode=True)


@FUZZ
@given(st.lists(st.dictionaries(st.sampled_from(WAIVER_KEYS + ("note",)), values, max_size=6), max_size=3))
def test_fuzzed_waivers_load_or_give_one_line(tmp_path_factory, items):
    f = tmp_path_factory.mktemp("w") / "waivers.yaml"
    f.write_text(dump({"waivers": items}), encoding="utf-8")
    try:
        waivers = load_waivers(f, {"enforcement.three-systems"})
    except InputError as err:
        one_line(err)
        return
    for w in waivers:
        assert isinstance(w.expires, dt.date) and not isinstance(w.expires, dt.datetime)
        w.active(dt.date.today())
        json.dumps(w.to_dict(dt.date.today()), ensure_ascii=False)


@FUZZ
@given(st.one_of(st.text(max_size=400), st.binary(max_size=400).map(lambda b: b.decode("latin-1"))))
def test_fuzzed_waiver_text_loads_or_gives_one_line(tmp_path_factory, text):
    f = tmp_path_factory.mktemp("w") / "waivers.yaml"
    f.write_text(text, encoding="utf-8", errors="surrogatepass")
    try:
        load_waivers(f)
    except InputError as err:
        one_line(err)


@FUZZ
@given(st.lists(st.sampled_from(["file", "unit", "county", "level", "year", "extra", ""]), min_size=1, max_size=6),
       st.lists(st.lists(nasty_text, max_size=7), max_size=5))
def test_fuzzed_manifests_load_or_give_one_line(tmp_path_factory, header, rows):
    buf = io.StringIO()
    csv.writer(buf).writerows([header] + rows)
    f = tmp_path_factory.mktemp("m") / "manifest.csv"
    f.write_text(buf.getvalue(), encoding="utf-8", errors="surrogatepass")
    try:
        manifest = load_manifest(f)
    except InputError as err:
        one_line(err)
        return
    for overrides in manifest.values():
        if "year" in overrides:
            assert 1990 <= int(overrides["year"]) <= 2100
        assert set(overrides) <= {"unit", "county", "level", "year"}


json_values = st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), nasty_text),
                           lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                   st.dictionaries(nasty_text, inner, max_size=4)), max_leaves=12)
result_rows = st.fixed_dictionaries({"unit": json_values, "rules": st.one_of(json_values, st.lists(
    st.fixed_dictionaries({"id": json_values, "status": st.one_of(json_values, st.sampled_from(
        ["met", "partial", "planned", "missing", "waived", "na"]))}), max_size=3))})


@FUZZ
@given(st.lists(st.one_of(result_rows, json_values), max_size=4), st.binary(max_size=40))
def test_fuzzed_baselines_load_or_give_one_line(tmp_path_factory, rows, tail):
    f = tmp_path_factory.mktemp("b") / "results.jsonl"
    f.write_bytes(b"".join(json.dumps(r, ensure_ascii=False).encode("utf-8") + b"\n" for r in rows) + tail)
    try:
        base = load_baseline(f)
    except InputError as err:
        one_line(err)
        return
    for unit, statuses in base.items():
        assert isinstance(unit, str) and all(isinstance(k, str) and isinstance(v, str) for k, v in statuses.items())


LOCAL_RULEBOOK = {
    "extends": "fzzf-2021",
    "rulebook": {"id": "local-fuzz", "version": "1", "title": "本地规则"},
    "parts": [{"id": "local", "title": "本县要求"}],
    "overrides": {"decision.legal-adviser": {"weight": 6}},
    "disable": ["report.other-matters"],
    "rules": [{
        "id": "local.grid-law", "title": "网格员法治培训", "part": "local", "weight": 2,
        "match": {"all": [["网格员"], ["培训", "学法"]], "near": 20},
        "criteria": [{"id": "core", "title": "有培训", "weight": 1},
                     {"id": "n", "title": "有场次", "weight": 1, "match": {"quantified": True}}],
        "basis": [{"doc": "《高台县工作要点》", "status": "待核"}],
        "advice": "写明网格员法治培训的场次和人数。",
        "examples": {"met": ["组织网格员法治培训3场。"], "missing": ["加强网格化管理。"]},
    }],
}


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, prefix + (k,))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, prefix + (i,))


ALL_PATHS = [p for p in _paths(LOCAL_RULEBOOK) if p]


@FUZZ
@given(st.lists(st.tuples(st.sampled_from(ALL_PATHS), values), min_size=1, max_size=3))
def test_fuzzed_rulebooks_parse_or_give_one_line_errors(tmp_path_factory, mutations):
    data = json.loads(json.dumps(LOCAL_RULEBOOK))
    for path, value in mutations:
        node = data
        try:
            for key in path[:-1]:
                node = node[key]
            node[path[-1]] = value
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed this path
    f = tmp_path_factory.mktemp("r") / "local.yaml"
    f.write_text(dump(data), encoding="utf-8")
    try:
        parse_rulebook(f.read_text(encoding="utf-8"), str(f))
    except RulebookError as err:
        one_line(err)
    rb, errors = check_rulebook(f)
    for err in errors:
        one_line(err)


attr = st.one_of(st.integers(min_value=-10, max_value=10 ** 15).map(str), nasty_text)
formats = st.sampled_from(["decimal", "upperRoman", "lowerRoman", "upperLetter", "chineseCounting",
                           "decimalEnclosedCircle", "bullet", "none", "ordinal", ""])


@FUZZ
@given(st.lists(st.tuples(attr, formats, attr, nasty_text), min_size=1, max_size=4),
       st.dictionaries(st.sampled_from("ABCD"), st.sampled_from("ABCDX"), max_size=4),
       st.lists(st.tuples(st.one_of(st.none(), st.tuples(attr, attr)), st.one_of(st.none(), st.sampled_from("ABCDX"))),
                min_size=1, max_size=6))
def test_fuzzed_docx_numbering_and_styles_read_or_give_one_line(tmp_path_factory, levels, based_on, paras):
    q = lambda s: html.escape(str(s), quote=True)  # noqa: E731
    lvls = "".join(f'<w:lvl w:ilvl="{q(ilvl)}"><w:start w:val="{q(start)}"/><w:numFmt w:val="{fmt}"/>'
                   f'<w:lvlText w:val="{q(text)}"/></w:lvl>' for ilvl, fmt, start, text in levels)
    ns = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    numbering = (f'<?xml version="1.0" encoding="UTF-8"?><w:numbering xmlns:w="{ns}"><w:abstractNum w:abstractNumId="0">'
                 f'{lvls}</w:abstractNum><w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num></w:numbering>')
    styles = (f'<?xml version="1.0" encoding="UTF-8"?><w:styles xmlns:w="{ns}">' + "".join(
        f'<w:style w:type="paragraph" w:styleId="{s}"><w:name w:val="{s}"/><w:basedOn w:val="{b}"/>'
        '<w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>' for s, b in based_on.items())
        + "</w:styles>")
    body = [para_xml("青山镇2023年法治政府建设情况报告")]
    for num, style in paras:
        body.append(para_xml("推进依法行政", num=(q(num[0]), q(num[1])) if num else None, style=style))
    f = crafted_docx(tmp_path_factory.mktemp("d") / "fuzz.docx", body, numbering, styles)
    try:
        text = read_docx(f)
    except InputError as err:
        one_line(err)
        return
    assert "推进依法行政" in text

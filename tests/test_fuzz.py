"""Fuzzing: random bytes and hostile text never produce a traceback or a hang (bounded by deadlines)."""
from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import scorer
from scorer.document_builder import parse_text, read_document
from scorer.errors import InputError
from scorer.scoring import score_document

RB = scorer.default_rulebook()
SEED_TEXT = (scorer.__path__[0] + "/../seeds/002_f24fc2990dbe03d0.txt")
FUZZ = settings(max_examples=120, deadline=5000, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                         HealthCheck.too_slow])

hostile_chars = st.one_of(
    st.characters(min_codepoint=0x4E00, max_codepoint=0x9FFF),  # CJK
    st.sampled_from(list("們這個說會為國發與從對來時學將實當頭點長開過還進關動產經體與")),  # traditional
    st.sampled_from(list("\x00\x01\x07\x0b\x0c\x1b\x7f\u200b\u200e\u200f\u202a\u202b\u202e\u2066\u2069\ufeff")),
    st.sampled_from(list("😀🏛️⚖️📄🇨🇳")),
    st.sampled_from(list("，。；：！？、（）《》“”【】—…\n\r\t ")),
    st.sampled_from(list("一二三四五六七八九十是、.()0123456789")),
    st.characters(),
)


def _score(text: str) -> None:
    try:
        doc = parse_text(text, "fuzz")
    except InputError:
        return
    result = score_document(doc, RB)
    assert 0 <= result.score <= 100
    result.to_dict()


@FUZZ
@given(st.binary(max_size=3000), st.sampled_from([".txt", ".pdf", ".docx", ".html", ".doc", ""]))
def test_random_bytes_in_any_format_give_a_document_or_an_input_error(tmp_path_factory, data, suffix):
    f = tmp_path_factory.mktemp("fz") / f"r{suffix}"
    f.write_bytes(data)
    try:
        read_document(f)
    except InputError as err:
        assert "\n" not in str(err)


@FUZZ
@given(st.text(alphabet=hostile_chars, max_size=3000))
def test_hostile_text_is_scored_or_refused_cleanly(text):
    _score(text)


@settings(max_examples=20, deadline=10000, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(min_value=1000, max_value=100000), st.sampled_from(["法", "顾问", "第一责任人", "公开"]))
def test_extremely_long_lines_without_punctuation(n, word):
    _score("法治政府建设报告\n" + (word * (n // len(word))))


@FUZZ
@given(st.data())
def test_mutated_real_report_still_scores(data):
    with open(SEED_TEXT, encoding="utf-8") as fh:
        text = fh.read()
    for _ in range(data.draw(st.integers(1, 20))):
        pos = data.draw(st.integers(0, len(text)))
        text = text[:pos] + data.draw(st.text(alphabet=hostile_chars, max_size=30)) + text[pos:]
    _score(text)


@pytest.mark.parametrize("text", ["法" * 2_000_000, "一、" * 300_000, "（一）" * 200_000, "\n" * 500_000 + "法治"])
def test_pathological_inputs_finish(text):
    _score(text)

"""Reading report files: encodings, and a clear one-line error for every bad input."""
from __future__ import annotations

import codecs
import os

import pytest

from scorer.errors import InputError
from scorer.reading import read_text

REPORT = "高城镇2023年法治政府建设情况报告\n一、主要举措和成效\n聘请常年法律顾问1名。\n"


@pytest.mark.parametrize("encoding,prefix", [
    ("utf-8", b""),
    ("utf-8", codecs.BOM_UTF8),
    ("gb18030", b""),
    ("gbk", b""),
    ("utf-16-le", codecs.BOM_UTF16_LE),
    ("utf-16-be", codecs.BOM_UTF16_BE),
    ("utf-16-le", b""),
])
def test_reads_utf8_gbk_gb18030_and_utf16(tmp_path, encoding, prefix):
    text = REPORT + "Word 导出的 UTF-16 文本也要能读。" if encoding.startswith("utf-16") and not prefix else REPORT
    p = tmp_path / "r.txt"
    p.write_bytes(prefix + text.encode(encoding))
    got, _ = read_text(p)
    assert got == text


def test_gb18030_only_characters_survive(tmp_path):
    text = "𠀀镇（生僻字）2023年法治政府建设情况报告。"
    p = tmp_path / "r.txt"
    p.write_bytes(text.encode("gb18030"))
    assert read_text(p)[0] == text


def _error(path) -> str:
    with pytest.raises(InputError) as exc:
        read_text(path)
    line = str(exc.value)
    assert "\n" not in line and str(path) in line
    return line


def test_empty_file_is_an_error(tmp_path):
    p = tmp_path / "empty.txt"
    p.write_bytes(b"")
    assert "为空" in _error(p)


def test_whitespace_only_file_is_empty(tmp_path):
    p = tmp_path / "blank.txt"
    p.write_bytes(b" \r\n\t\n")
    assert "为空" in _error(p)


def test_binary_file_is_an_error(tmp_path):
    p = tmp_path / "x.txt"
    p.write_bytes(bytes(range(256)) * 4)
    assert "二进制" in _error(p) or "编码" in _error(p)


def test_undecodable_bytes_are_an_error(tmp_path):
    p = tmp_path / "bad.txt"
    p.write_bytes("法治政府建设".encode("utf-8") + b"\xff\xfe\xfd\x80\x81")
    assert "编码" in _error(p)


def test_missing_file_is_an_error(tmp_path):
    assert "不存在" in _error(tmp_path / "nope.txt")


def test_directory_is_an_error(tmp_path):
    assert "目录" in _error(tmp_path)


def test_pdf_given_as_txt_is_named(tmp_path):
    p = tmp_path / "report.txt"
    p.write_bytes(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    assert "PDF" in _error(p)


def test_file_over_size_limit_is_an_error(tmp_path):
    p = tmp_path / "big.txt"
    p.write_bytes(("法治政府建设。" * 1000).encode("utf-8"))
    with pytest.raises(InputError, match="过大"):
        read_text(p, max_bytes=1000)


def test_text_without_any_chinese_is_rejected(tmp_path):
    p = tmp_path / "en.txt"
    p.write_text("This is not a report.\n", encoding="utf-8")
    assert "中文" in _error(p)


@pytest.mark.skipif(os.geteuid() == 0, reason="root can read any file")
def test_unreadable_file_is_an_error(tmp_path):
    p = tmp_path / "secret.txt"
    p.write_text(REPORT, encoding="utf-8")
    p.chmod(0)
    assert "权限" in _error(p)

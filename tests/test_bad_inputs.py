"""Every bad input: one line naming the file and the problem, a non-zero exit, no partial output."""
from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile

import pytest

from conftest import SEEDS
from formats import CHROMIUM, to_docx, to_pdf
from scorer.document_builder import read_document
from scorer.errors import InputError

SEED = SEEDS / "003_a85474dd8e8b2607.txt"


def cli(*args, cwd=None):
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "scorer", "check", *args], capture_output=True, text=True,
                          cwd=cwd, env=env)


def one_line_error(path, *extra, needle: str, tmp_path=None):
    cwd = tmp_path or path.parent
    before = set(os.listdir(cwd))
    p = cli(str(path), *extra, cwd=cwd)
    assert p.returncode == 2, (p.returncode, p.stdout, p.stderr)
    lines = p.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in p.stderr, p.stderr
    assert str(path) in lines[0] and needle in lines[0], lines[0]
    assert set(os.listdir(cwd)) == before  # no partial .gap.html or temporary file left behind
    return lines[0]


def test_empty_file(tmp_path):
    (tmp_path / "empty.docx").write_bytes(b"")
    one_line_error(tmp_path / "empty.docx", needle="为空")


def test_binary_garbage(tmp_path):
    f = tmp_path / "garbage.txt"
    f.write_bytes(os.urandom(4096) + b"\x00" * 64)
    one_line_error(f, needle="二进制")


def test_corrupt_zip(tmp_path):
    f = tmp_path / "broken.docx"
    f.write_bytes(b"PK\x03\x04" + os.urandom(2000))
    one_line_error(f, needle="损坏")


def test_zip_that_is_not_a_word_document(tmp_path):
    f = tmp_path / "sheet.xlsx"
    with zipfile.ZipFile(f, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    one_line_error(f, needle="不是 Word 文档")


def test_docx_zip_bomb_is_refused_before_unpacking(tmp_path):
    f = tmp_path / "bomb.docx"
    with zipfile.ZipFile(f, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", "<w:document/>")
        z.writestr("word/media/zeros.bin", b"\x00" * (40 * 1024 * 1024))
    assert f.stat().st_size < 1024 * 1024
    one_line_error(f, needle="zip bomb")


def test_old_binary_word_format(tmp_path):
    f = tmp_path / "report.doc"
    f.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1024)
    one_line_error(f, needle=".docx")


def test_encrypted_pdf(tmp_path):
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(width=595, height=842)
    w.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
    f = tmp_path / "locked.pdf"
    with open(f, "wb") as fh:
        w.write(fh)
    one_line_error(f, needle="加密")


def test_scanned_pdf_without_text_layer(tmp_path):
    from pypdf import PdfWriter

    w = PdfWriter()
    w.add_blank_page(width=595, height=842)
    f = tmp_path / "scan.pdf"
    with open(f, "wb") as fh:
        w.write(fh)
    one_line_error(f, needle="无文本层，需先 OCR")


def test_corrupt_pdf(tmp_path):
    f = tmp_path / "cut.pdf"
    f.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\n" + os.urandom(500))
    one_line_error(f, needle="PDF")


def test_text_over_the_size_limit(tmp_path):
    f = tmp_path / "long.txt"
    f.write_text("法治政府建设。" * 20000, encoding="utf-8")
    one_line_error(f, "--max-size", "0.1", needle="过大")


def test_directory_where_a_file_is_expected(tmp_path):
    d = tmp_path / "reports"
    d.mkdir()
    one_line_error(d, needle="目录", tmp_path=tmp_path)


def test_missing_file(tmp_path):
    one_line_error(tmp_path / "nope.txt", needle="不存在")


def test_output_in_a_missing_folder(tmp_path):
    p = cli(str(SEED), "--html", str(tmp_path / "no" / "r.html"), cwd=tmp_path)
    assert p.returncode == 2 and "不存在" in p.stderr and len(p.stderr.strip().splitlines()) == 1


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file; checked by hand as a normal user")
def test_unreadable_permissions(tmp_path):
    f = tmp_path / "r.txt"
    f.write_text("报告", encoding="utf-8")
    f.chmod(0)
    one_line_error(f, needle="权限")


def test_wrong_extension_is_read_by_content(tmp_path):
    text = SEED.read_text(encoding="utf-8")
    docx_named_pdf = to_docx(text, tmp_path / "report.docx").rename(tmp_path / "report.pdf")
    txt_named_docx = tmp_path / "report2.docx"
    txt_named_docx.write_text(text, encoding="utf-8")
    base = read_document(SEED).metadata
    for f in (docx_named_pdf, txt_named_docx):
        assert read_document(f).metadata.unit == base.unit


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium makes the PDF")
def test_pdf_named_txt_is_read_as_pdf(tmp_path):
    pdf = to_pdf(SEED.read_text(encoding="utf-8"), tmp_path / "r.pdf", tmp_path).rename(tmp_path / "r.txt")
    assert read_document(pdf).metadata.unit == "田家寨镇"


def test_input_files_are_never_modified(tmp_path):
    f = to_docx(SEED.read_text(encoding="utf-8"), tmp_path / "r.docx")
    data, mtime = f.read_bytes(), f.stat().st_mtime_ns
    assert cli(str(f), cwd=tmp_path).returncode == 0
    assert f.read_bytes() == data and f.stat().st_mtime_ns == mtime


def test_library_raises_input_error_not_anything_else(tmp_path):
    f = tmp_path / "x.pdf"
    f.write_bytes(b"%PDF-" + os.urandom(300))
    with pytest.raises(InputError):
        read_document(f)

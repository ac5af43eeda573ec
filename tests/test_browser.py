"""A real browser renders the gap report: headless Chromium to PNG and PDF (installed by .ci/run)."""
from __future__ import annotations

import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

import scorer
from conftest import SEEDS
from scorer.api import check_text
from scorer.render_html import render

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed (.ci/run installs it)")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars"]


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args],
                          capture_output=True, text=True, timeout=120)


def png_pixels_vary(path: Path) -> bool:
    """Decode the PNG's image data (stdlib only) and check it is not one flat colour."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat = 8, b""
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IDAT":
            idat += data[pos + 8:pos + 8 + length]
        pos += 12 + length
    raw = zlib.decompress(idat)
    sample = raw[len(raw) // 10: len(raw) // 10 + 200000]
    return len(set(sample)) > 20


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("browser")
    result = scorer.check_file(SEEDS / "002_f24fc2990dbe03d0.txt")
    html = tmp / "report.html"
    html.write_text(render(result), encoding="utf-8")
    return tmp, html


def test_renders_to_a_png_that_is_not_blank(page):
    tmp, html = page
    png = tmp / "shot.png"
    chromium(tmp, "--window-size=1200,1600", f"--screenshot={png}", html.as_uri())
    assert png.exists() and png_pixels_vary(png)


def test_prints_to_pdf_with_the_unit_and_rule_titles(page):
    tmp, html = page
    pdf = tmp / "report.pdf"
    chromium(tmp, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", html.as_uri())
    assert pdf.exists() and pdf.read_bytes()[:4] == b"%PDF"
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True).stdout
    squeezed = "".join(text.split())
    assert "城关镇" in squeezed
    assert "本机关聘请法律顾问或配备公职律师并发挥作用" in squeezed
    pages = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
    assert "(A4)" in pages  # @page size: A4
    n = int(re.search(r"Pages:\s+(\d+)", pages).group(1))
    assert n <= 8, n  # gaps as a list, met rules one line each: not the 31 pages of every rule as a card


def test_injected_script_is_text_in_the_browser_dom(tmp_path):
    result = check_text("青山镇2023年法治政府建设情况报告\n一、主要举措\n<script>document.title='pwned'</script>"
                        "聘请法律顾问1名。\n")
    html = tmp_path / "x.html"
    html.write_text(render(result), encoding="utf-8")
    dom = chromium(tmp_path, "--dump-dom", html.as_uri()).stdout
    assert "<title>pwned</title>" not in dom
    assert "&lt;script&gt;document.title='pwned'&lt;/script&gt;" in dom

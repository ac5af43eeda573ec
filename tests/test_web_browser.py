"""A real browser on the web page: headless Chromium (Debian's chromium + chromium-driver) driven by Selenium.

The server runs as `scorer serve --port 0` in a subprocess on a free loopback port; the
browser uploads a seed through the file input and reads the verdicts and the score.
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import scorer
from conftest import SEEDS
from test_browser import png_pixels_vary

webdriver = pytest.importorskip("selenium.webdriver")
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMEDRIVER = shutil.which("chromedriver")
pytestmark = pytest.mark.skipif(not (CHROMIUM and CHROMEDRIVER),
                                reason="chromium and chromium-driver are not installed (.ci/run installs them)")
SEED = SEEDS / "002_f24fc2990dbe03d0.txt"


@pytest.fixture(scope="module")
def server():
    proc = subprocess.Popen([sys.executable, "-m", "scorer", "serve", "--port", "0"], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    try:
        line = proc.stdout.readline()
        url = re.search(r"http://127\.0\.0\.1:\d+/", line)
        assert url, line + proc.stderr.read()
        yield url.group(0)
    finally:
        proc.terminate()
        proc.wait(30)


def chrome(profile: Path, javascript: bool = True):
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    opts = Options()
    if not javascript:
        opts.add_experimental_option("prefs", {"profile.managed_default_content_settings.javascript": 2})
    opts.binary_location = CHROMIUM
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--window-size=1280,1400", "--lang=zh-CN", f"--user-data-dir={profile}"):
        opts.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=opts)
    driver.set_page_load_timeout(120)
    return driver


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    driver = chrome(tmp_path_factory.mktemp("profile"))
    yield driver
    driver.quit()


def test_a_seed_uploaded_through_the_file_input_shows_its_verdicts_and_score(server, browser, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    want = scorer.check_file(SEED)
    browser.get(server)
    assert "检查草稿" in browser.title
    browser.find_element(By.CSS_SELECTOR, "input[type=file][name=file]").send_keys(str(SEED))
    browser.find_element(By.CSS_SELECTOR, "form[action='/check'] button[type=submit]").click()
    score = WebDriverWait(browser, 120).until(ec.presence_of_element_located((By.CSS_SELECTOR, "[data-score]")))
    assert float(score.text) == pytest.approx(round(want.score, 1))
    adviser = next(r for r in want.rules if r.id == "decision.legal-adviser")
    card = browser.find_element(By.ID, "rule-decision.legal-adviser")
    assert card.find_element(By.CSS_SELECTOR, ".badge").text.endswith(
        {"met": "已落实", "partial": "部分落实", "planned": "仅计划/仅问题", "missing": "缺失"}[adviser.status])
    assert "城关镇" in browser.find_element(By.CSS_SELECTOR, "[data-detected]").text
    shot = tmp_path / "web-check.png"
    browser.save_screenshot(str(shot))
    assert png_pixels_vary(shot)
    keep = os.environ.get("SCORER_SCREENSHOTS")  # set it to look at the page by eye
    if keep:
        shutil.copy(shot, Path(keep) / shot.name)


def test_the_rulebook_page_and_the_summary_form_render_without_errors(server, browser, tmp_path):
    from selenium.webdriver.common.by import By

    browser.get(server + "rules")
    assert len(browser.find_elements(By.CSS_SELECTOR, "article.rule")) == len(scorer.default_rulebook().rules)
    browser.get(server + "summary")
    assert browser.find_element(By.CSS_SELECTOR, "input[name=files]").get_attribute("multiple")
    logs = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert logs == []  # no script error, nothing refused by the Content-Security-Policy


def test_a_county_summary_runs_with_progress_and_opens_the_summary_page(server, browser, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(server + "summary")
    files = "\n".join(str(p) for p in sorted(SEEDS.glob("*.txt")))
    browser.find_element(By.CSS_SELECTOR, "input[name=files]").send_keys(files)
    assert "002_f24fc2990dbe03d0.txt" in browser.find_element(By.CSS_SELECTOR, ".drop-text").text  # web.js ran
    browser.find_element(By.CSS_SELECTOR, "form[action='/summary'] button[type=submit]").click()
    WebDriverWait(browser, 180).until(lambda d: d.current_url.endswith("/index.html"))
    assert "法治政府建设年度报告汇总" in browser.title
    assert "全县汇总已完成" in browser.find_element(By.CSS_SELECTOR, ".webbar").text
    shot = tmp_path / "web-summary.png"
    browser.save_screenshot(str(shot))
    keep = os.environ.get("SCORER_SCREENSHOTS")
    if keep:
        shutil.copy(shot, Path(keep) / shot.name)
    logs = [e for e in browser.get_log("browser") if e["level"] == "SEVERE"]
    assert logs == []


def test_without_javascript_a_summary_still_shows_progress_and_ends_on_the_summary_page(server, tmp_path):
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait

    driver = chrome(tmp_path / "profile", javascript=False)
    try:
        driver.get(server + "summary")
        files = "\n".join(str(p) for p in sorted(SEEDS.glob("*.txt")))
        driver.find_element(By.CSS_SELECTOR, "input[name=files]").send_keys(files)
        assert driver.find_element(By.CSS_SELECTOR, ".drop-text").text.startswith("把各单位的报告")  # no script ran
        driver.find_element(By.CSS_SELECTOR, "form[action='/summary'] button[type=submit]").click()
        WebDriverWait(driver, 180).until(lambda d: "/summary/" in d.current_url)
        WebDriverWait(driver, 180).until(lambda d: d.current_url.endswith("/index.html"))  # the page reloads itself
        assert "全县汇总已完成" in driver.find_element(By.CSS_SELECTOR, ".webbar").text
        assert len(driver.find_elements(By.CSS_SELECTOR, "table.matrix a[href^='reports/']")) >= 5
    finally:
        driver.quit()

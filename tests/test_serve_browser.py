"""The explorer in a real browser: headless Chromium (Debian's `chromium` and `chromium-driver`,
driven by Selenium) against `kg serve` on the sample page built by the pipeline plus the hand-made
sample articles. A user runs a ready query and gets a table, finds a person, sees the evidence
sentence with its span marked and the graph around the person with Chinese labels, and looks at
the timeline and a chart. On failure the test saves a screenshot and names it in its message.
.ci/run installs chromium when it is missing; elsewhere these tests skip with the reason."""
from __future__ import annotations

import contextlib
import os
import re
import shutil
import time
from datetime import date
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SAMPLE_PAGE = REPO / "samples" / "youth-daily-page.txt"
SHOTS = Path(os.environ.get("KG_SCREENSHOT_DIR", REPO / ".pytest_cache" / "screenshots"))
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
CJK = re.compile(r"[\u4e00-\u9fff]")

pytestmark = pytest.mark.skipif(not (CHROMIUM and DRIVER), reason="headless Chromium not installed (apt-get install chromium chromium-driver; .ci/run does)")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    from kg.pipeline import iter_article_graphs
    from kg.serve import Limits, serve_in_thread
    from kg.store import write_articles
    from kgsample import sample_articles

    if not SAMPLE_PAGE.is_file():
        pytest.skip("samples/youth-daily-page.txt is missing")
    d = tmp_path_factory.mktemp("browser") / "store"
    write_articles(d, iter_article_graphs([SAMPLE_PAGE], published=date(2024, 8, 21)))
    write_articles(d, sample_articles())
    ep = serve_in_thread(str(d), 0, Limits(timeout=20, workers=1))
    yield ep
    ep.close()


@pytest.fixture(scope="module")
def browser():
    selenium = pytest.importorskip("selenium", reason="pip install -e .[test] installs selenium")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    opts = webdriver.ChromeOptions()
    opts.binary_location = CHROMIUM
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1100",
                "--lang=zh-CN", "--no-first-run", "--disable-extensions"):
        opts.add_argument(arg)
    driver = webdriver.Chrome(service=Service(DRIVER), options=opts)
    driver.set_page_load_timeout(60)
    assert selenium
    yield driver
    driver.quit()


@contextlib.contextmanager
def screenshot_on_failure(driver, name: str):
    try:
        yield
    except BaseException as e:
        SHOTS.mkdir(parents=True, exist_ok=True)
        path = SHOTS / f"{name}.png"
        driver.save_screenshot(str(path))
        raise AssertionError(f"{e} (screenshot: {path})") from e


def open_view(driver, url: str, timeout: float = 30) -> None:
    driver.get(url)
    wait_ready(driver, timeout)


def wait_ready(driver, timeout: float = 30) -> None:
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        if driver.execute_script("const v = document.getElementById('view'); return v && v.dataset.ready") == "1":
            return
        time.sleep(0.1)
    raise AssertionError("the view did not finish loading")


def wait_for(driver, script: str, timeout: float = 20):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        value = driver.execute_script(script)
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for: {script}")


def test_editor_runs_a_ready_query_into_a_table(site, browser):
    from selenium.webdriver.common.by import By

    with screenshot_on_failure(browser, "query"):
        open_view(browser, site.base + "/#/query")
        assert browser.find_elements(By.CSS_SELECTOR, ".CodeMirror"), "no editor"
        # the SPARQL is highlighted: keywords and variables get their own styles
        assert browser.find_elements(By.CSS_SELECTOR, ".CodeMirror .cm-keyword")
        assert browser.find_elements(By.CSS_SELECTOR, ".CodeMirror .cm-variable-2, .CodeMirror .cm-atom")
        browser.find_element(By.CSS_SELECTOR, 'button[data-query="visits"]').click()
        rows = wait_for(browser, "return document.querySelectorAll('#query-results tbody tr').length")
        assert rows >= 1
        table = browser.find_element(By.ID, "query-results").text
        assert "陈吉宁" in table
        assert browser.find_elements(By.CSS_SELECTOR, '#query-results a[href^="#/entity/"]'), "IRIs are links"
        # a query that returns people with their names: the names are the links
        browser.find_element(By.CSS_SELECTOR, 'button[data-query="people"]').click()
        wait_for(browser, "return document.getElementById('run-query').disabled === false && "
                          "document.querySelector('#query-results th') && "
                          "document.querySelector('#query-results th').textContent === 'person'")
        links = browser.find_elements(By.CSS_SELECTOR, '#query-results a[href^="#/entity/"]')
        assert any(a.text == "陈吉宁" for a in links), "entity links carry their names"


def test_search_opens_an_entity_with_evidence_and_graph(site, browser):
    from selenium.webdriver.common.by import By

    with screenshot_on_failure(browser, "entity"):
        open_view(browser, site.base + "/#/")
        box = browser.find_element(By.ID, "search")
        box.send_keys("陈吉宁")
        wait_for(browser, "return !document.getElementById('search-results').hidden")
        hit = [a for a in browser.find_elements(By.CSS_SELECTOR, "#search-results a") if a.text.startswith("陈吉宁")]
        assert hit, "search finds the person"
        hit[0].click()
        wait_for(browser, "return location.hash.startsWith('#/entity/')")
        wait_ready(browser)
        assert browser.find_element(By.TAG_NAME, "h1").text == "陈吉宁"
        # an evidence sentence, the span that states the fact marked, the names in it highlighted
        spans = browser.find_elements(By.CSS_SELECTOR, "#facts .evidence .span")
        assert spans, "no evidence span"
        marks = [m.text for m in browser.find_elements(By.CSS_SELECTOR, "#facts .evidence .span mark")]
        assert "陈吉宁" in marks or any("陈吉宁" in m for m in marks)
        sentence = spans[0].find_element(By.XPATH, "..").text
        assert len(sentence) > len(spans[0].text) or sentence == spans[0].text
        # articles that name him
        assert browser.find_elements(By.CSS_SELECTOR, "#articles a")
        # the graph: drawn nodes, Chinese labels, the person in the middle
        n = wait_for(browser, "return window.kgExplorer.cy && window.kgExplorer.cy.nodes().length")
        assert n >= 3
        labels = browser.execute_script("return window.kgExplorer.cy.nodes().map(x => x.data('label'))")
        assert "陈吉宁" in labels and sum(bool(CJK.search(x)) for x in labels) >= 3
        assert browser.find_elements(By.CSS_SELECTOR, "#graph canvas")
        SHOTS.mkdir(parents=True, exist_ok=True)
        browser.save_screenshot(str(SHOTS / "entity-ok.png"))


def test_merges_explain_an_alias(site, browser):
    from kg.store import open_source

    store = open_source(site.endpoint.app.source)
    rows = list(store.query("SELECT ?e WHERE { ?m a kg:Merge ; kg:into ?e } LIMIT 1"))
    del store
    if not rows:
        pytest.skip("the sample page has no merge today")
    from selenium.webdriver.common.by import By
    from urllib.parse import quote

    with screenshot_on_failure(browser, "merges"):
        open_view(browser, site.base + "/#/entity/" + quote(rows[0]["e"].value, safe=""))
        items = browser.find_elements(By.CSS_SELECTOR, "#merges li")
        assert items and all("→" in li.text for li in items)


def test_timeline_and_figures_chart(site, browser):
    from selenium.webdriver.common.by import By

    with screenshot_on_failure(browser, "timeline"):
        open_view(browser, site.base + "/#/timeline")
        items = wait_for(browser, "return document.querySelectorAll('.vis-item').length")
        assert items >= 2
        text = " ".join(e.text for e in browser.find_elements(By.CSS_SELECTOR, ".vis-item"))
        assert "陈吉宁" in text and "国务院常务会议" in text
    with screenshot_on_failure(browser, "figures"):
        open_view(browser, site.base + "/#/figures")
        charts = wait_for(browser, "return window.kgExplorer.charts.length")
        assert charts >= 1
        labels = browser.execute_script("return window.kgExplorer.charts[0].data.labels")
        assert all(re.fullmatch(r"\d{4}", y) for y in labels) and labels == sorted(labels)
        assert browser.find_elements(By.CSS_SELECTOR, "#figures-chart canvas")
        # nothing was fetched from anywhere but this server
        origins = browser.execute_script(
            "return performance.getEntriesByType('resource').map(e => new URL(e.name).origin)")
        assert set(origins) <= {site.base}

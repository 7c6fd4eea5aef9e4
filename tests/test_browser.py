"""A real browser on the served pages: headless Chromium (Debian `chromium`, driven through `chromedriver` by
selenium) opens a person, follows the link to the words that attest an office, and sees them highlighted in the
document's text."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from diplograph.serve import DataSource, ServeConfig, Server

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--window-size=1280,1000"]


def executable(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed: run 'bash scripts/install-system-deps.sh' (scripts/system-packages.txt)")
    return found


@pytest.fixture(scope="module")
def server(corpus_build: Path) -> Iterator[Server]:
    with Server(ServeConfig(source=DataSource(graph=corpus_build), workers=1), port=0) as running:
        yield running


@pytest.fixture()
def browser(tmp_path: Path) -> Iterator[webdriver.Chrome]:
    options = webdriver.ChromeOptions()
    options.binary_location = executable("chromium")
    for flag in [*FLAGS, f"--user-data-dir={tempfile.mkdtemp(dir=tmp_path)}"]:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(executable("chromedriver")), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def test_person_to_highlighted_quote_in_document(server: Server, browser: webdriver.Chrome, tmp_path: Path) -> None:
    browser.get(server.url + "/id/person/sergei-lavrov")
    assert browser.current_url.endswith("/id/person/sergei-lavrov.html")  # followed the 303
    assert browser.find_element(By.TAG_NAME, "h1").text == "Sergei Lavrov"

    quote_link = browser.find_element(By.CSS_SELECTOR, "table.holdings a.quote")
    quote = quote_link.text.strip("“”")
    quote_link.click()
    WebDriverWait(browser, 20).until(expected_conditions.url_contains("/id/document/kremlin-en-65231#ev-"))
    anchor = browser.current_url.split("#", 1)[1]

    marked = browser.find_element(By.ID, anchor)
    assert marked.text == quote
    background = marked.value_of_css_property("background-color")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent")  # highlighted, not plain text
    in_view = browser.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return r.top >= 0 && r.bottom <= window.innerHeight;", marked)
    assert in_view  # the browser scrolled to the words

    person_link = marked.find_element(By.CSS_SELECTOR, "mark.mention a")
    assert person_link.get_attribute("href").endswith("/id/person/sergei-lavrov")
    shot = tmp_path / "document.png"
    assert browser.save_screenshot(str(shot)) and shot.stat().st_size > 10_000


def test_sparql_form_shows_a_results_table(server: Server, browser: webdriver.Chrome) -> None:
    """Submitting the SPARQL form as it comes shows the results as a table, not raw JSON."""
    browser.get(server.url + "/sparql")
    browser.find_element(By.CSS_SELECTOR, "form[action='/sparql'] button").click()
    table = (By.CSS_SELECTOR, "table.results")
    WebDriverWait(browser, 20).until(expected_conditions.presence_of_element_located(table))
    headers = [th.text for th in browser.find_elements(By.CSS_SELECTOR, "table.results th")]
    assert headers == ["?document", "?title", "?date"]
    rows = browser.find_elements(By.CSS_SELECTOR, "table.results tbody tr")
    assert len(rows) == 2
    link = rows[0].find_element(By.TAG_NAME, "a")
    assert "/id/document/" in link.get_attribute("href")

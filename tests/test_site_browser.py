"""The site in a real browser: headless Chromium (Debian's ``chromium`` and ``chromium-driver``)
driven by Selenium opens the bundled dataset's site from ``file://``, filters, searches, follows
links, runs axe-core on every page type and takes screenshots.

Skipped, with the reason, where Chromium or its driver is missing (.ci/run installs both; elsewhere
$CLAIMREF_CHROMIUM and $CLAIMREF_CHROMEDRIVER name them). The
screenshots are saved under build/test-artifacts/site/ ($CLAIMREF_TEST_ARTIFACTS to change), never
committed. axe-core is vendored in tests/data/axe/ (see its README).
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from claimref.model import Status
from claimref.partial import usable_part
from claimref.query import Selection, select_claims
from claimref.site import SiteOptions, build_site
from claimref.store import load_workspace
from tests.conftest import DATA, PROJECT
from tests.test_site import PAGE_TYPES

CHROMIUM = Path(os.environ.get("CLAIMREF_CHROMIUM", "/usr/bin/chromium"))
DRIVER = (
    os.environ.get("CLAIMREF_CHROMEDRIVER")
    or shutil.which("chromedriver")
    or "/usr/bin/chromedriver"
)
AXE = DATA / "axe" / "axe.min.js"
ARTIFACTS = Path(os.environ.get("CLAIMREF_TEST_ARTIFACTS", PROJECT / "build" / "test-artifacts"))
FLAGS = (
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--window-size=1280,1400",
)  # fmt: skip

MISSING = [str(path) for path in (CHROMIUM, Path(DRIVER)) if not path.is_file()]
pytestmark = pytest.mark.skipif(
    bool(MISSING),
    reason=f"headless browser tests: {' and '.join(MISSING)} not found (Debian: apt-get install "
    "chromium chromium-driver, as .ci/run does; or set $CLAIMREF_CHROMIUM, $CLAIMREF_CHROMEDRIVER)",
)
webdriver = pytest.importorskip("selenium.webdriver", reason="selenium is not installed")
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

RUN_AXE = """
const done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ["violations"]})
  .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                                         where: v.nodes.slice(0, 3).map(n => n.target)}))))
  .catch(e => done([{id: "axe-error", impact: "critical", help: String(e), where: []}]));
"""


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled dataset's site (built without caches: this fixture outlives a test's cache
    folder)."""
    out = tmp_path_factory.mktemp("browser") / "site"
    ws, _ = usable_part(load_workspace(PROJECT))
    build_site(ws, out, SiteOptions(cache=False))
    return out


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One headless Chromium for the module, with a new empty profile."""
    from selenium.webdriver.chrome.service import Service  # noqa: PLC0415

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in (*FLAGS, f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(options=options, service=Service(executable_path=DRIVER))
    driver.set_script_timeout(60)
    driver.set_page_load_timeout(30)
    try:
        yield driver
    finally:
        driver.quit()


def _open(browser: Any, site: Path, page: str) -> None:
    browser.get((site / page).as_uri())


def _shown_rows(browser: Any) -> list[str]:
    rows = browser.find_elements(By.CSS_SELECTOR, "#claims tbody tr")
    return [row.get_attribute("id").removeprefix("claim-") for row in rows if row.is_displayed()]


def _ids(selection: Selection) -> list[str]:
    return [claim.id for claim in select_claims(load_workspace(PROJECT), selection)]


def test_index_opens_from_file_url_with_the_filters(browser: Any, site: Path) -> None:
    _open(browser, site, "index.html")
    assert browser.current_url.startswith("file://")
    assert browser.title.startswith("Claims · ")
    assert browser.find_element(By.ID, "filters").is_displayed()  # the script ran
    everything = _ids(Selection())
    assert browser.find_element(By.ID, "shown").text == f"{len(everything)} claims"
    assert _shown_rows(browser) == everything


def test_filter_to_disputed_shows_exactly_the_disputed_claims(browser: Any, site: Path) -> None:
    _open(browser, site, "index.html")
    Select(browser.find_element(By.ID, "f-status")).select_by_value("disputed")
    expected = _ids(Selection(statuses=(Status.DISPUTED,)))
    assert expected and _shown_rows(browser) == expected
    total = len(_ids(Selection()))
    assert browser.find_element(By.ID, "shown").text == f"{len(expected)} of {total} claims shown"
    badges = browser.find_elements(By.CSS_SELECTOR, "#claims tbody tr:not([hidden]) .badge")
    assert {badge.text for badge in badges} == {"disputed"}


@pytest.mark.parametrize("text", ["karsava", "Kārsava", "samsons", "САМСОН", "fabricat", "zzz"])
def test_search_finds_what_claims_search_finds(browser: Any, site: Path, text: str) -> None:
    _open(browser, site, "index.html")
    browser.find_element(By.ID, "f-text").send_keys(text)
    assert _shown_rows(browser) == _ids(Selection(search=text))


def test_filters_combine_and_reset(browser: Any, site: Path) -> None:
    _open(browser, site, "index.html")
    Select(browser.find_element(By.ID, "f-person")).select_by_visible_text("Vilis Samsons")
    assert _shown_rows(browser) == _ids(Selection(people=("Vilis Samsons",)))
    Select(browser.find_element(By.ID, "f-lang")).select_by_visible_text("Russian")
    assert _shown_rows(browser) == _ids(Selection(people=("Vilis Samsons",), langs=("ru",)))
    browser.find_element(By.CSS_SELECTOR, "#filters button[type=reset]").click()
    assert _shown_rows(browser) == _ids(Selection())


def test_follow_a_claim_to_its_page_and_a_source_and_back(browser: Any, site: Path) -> None:
    _open(browser, site, "index.html")
    browser.find_element(By.CSS_SELECTOR, "a[href='claims/samsons-130-trains.html']").click()
    assert browser.current_url.endswith("/claims/samsons-130-trains.html")
    quote = browser.find_element(By.CSS_SELECTOR, "#link-1 blockquote")
    assert quote.get_attribute("lang") == "en"
    assert "however, this seems to be a fabrication" in quote.text
    assert browser.find_element(By.CSS_SELECTOR, "#link-1 .stance").text == "disputes"
    citation = browser.find_element(By.CSS_SELECTOR, "#link-1 .csl-citation").text
    assert citation == "(Wikipedia contributors, n.d., Section The partisan warfare)"
    entry = browser.find_element(By.CSS_SELECTOR, "#link-1 .csl-entry").text
    assert entry.startswith("Wikipedia contributors. (n.d.). Soviet partisans in Latvia.")
    assert "possible conflict of interest" in browser.find_element(By.CLASS_NAME, "warning").text
    _screenshot(browser, "site-claim.png")
    browser.find_element(By.CSS_SELECTOR, "#link-2 a[href='../sources/samson1980.html']").click()
    assert browser.current_url.endswith("/sources/samson1980.html")
    assert browser.find_element(By.TAG_NAME, "h1").text.startswith("Дружба народов победила")
    browser.back()
    assert browser.current_url.endswith("/claims/samsons-130-trains.html")
    assert browser.find_element(By.CSS_SELECTOR, "#link-1 .stance").text == "disputes"


def test_screenshot_of_the_index(browser: Any, site: Path) -> None:
    _open(browser, site, "index.html")
    assert _screenshot(browser, "site-index.png").stat().st_size > 10_000


def _screenshot(browser: Any, name: str) -> Path:
    folder = ARTIFACTS / "site"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    assert browser.save_screenshot(str(path)), f"no screenshot {path}"
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    return path


@pytest.mark.parametrize("page", list(PAGE_TYPES.values()), ids=list(PAGE_TYPES))
def test_axe_finds_no_serious_or_critical_violation(browser: Any, site: Path, page: str) -> None:
    _open(browser, site, page)
    browser.execute_script(AXE.read_text("utf-8"))
    violations = browser.execute_async_script(RUN_AXE)
    bad = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert not bad, "\n".join(f"{v['id']} ({v['impact']}): {v['help']} {v['where']}" for v in bad)


def test_axe_check_does_find_violations(browser: Any, tmp_path: Path) -> None:
    """A control: the same check on a page with an image without text and an unlabelled field."""
    page = tmp_path / "bad.html"
    page.write_text('<!DOCTYPE html><html><head><title>x</title></head><body><main>'
                    '<img src="x.png"><input type="text"></main></body></html>')  # fmt: skip
    browser.get(page.as_uri())
    browser.execute_script(AXE.read_text("utf-8"))
    found = {(v["id"], v["impact"]) for v in browser.execute_async_script(RUN_AXE)}
    assert {("image-alt", "critical"), ("label", "critical")} <= found

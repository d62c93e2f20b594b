"""Browser tests: a real ``qiao serve`` and Debian's headless Chromium driven by Playwright.

They skip, saying why, when /usr/bin/chromium or Playwright is missing
(./bin/test installs Chromium with apt-get when it runs as root). Playwright's
own browser downloads are never used.
"""

from __future__ import annotations

import os

import pytest

from .server import ROOT, QiaoServer

CHROMIUM = os.environ.get("QIAO_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = ROOT / "test-results"


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture(scope="session")
def chromium_path() -> str:
    if not os.access(CHROMIUM, os.X_OK):
        pytest.skip(
            f"browser tests need Chromium at {CHROMIUM}: run ./bin/test as root to install it, "
            "or `apt-get install chromium`"
        )
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        pytest.skip("browser tests need Playwright: pip install -e '.[test]'")
    return CHROMIUM


@pytest.fixture(scope="module")
def site(chromium_path, tmp_path_factory):
    """One real Qiao site (debug mode, fresh SQLite database) per test module."""
    # Explore's first page is shared through the cache for 30 s by default; the test looks for
    # a note it has just posted, so it runs without that cache (tests/feeds cover the cache).
    server = QiaoServer(tmp_path_factory.mktemp("e2e-site"), QIAO_EXPLORE_CACHE_SECONDS="0")
    server.start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser(chromium_path):
    """Chromium for one test module. Module-scoped on purpose: Playwright's sync API keeps an
    asyncio loop running while it is open, and Django refuses ORM calls in a thread with a
    running loop (SynchronousOnlyOperation), so it must be closed before other tests run."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # launch() gives every run a fresh, throw-away user data directory.
        browser = playwright.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, site, request):
    """A new browser context (own cookies) on the site, English first; a screenshot is kept on failure."""
    context = browser.new_context(
        base_url=site.url, locale="en-US", extra_http_headers={"Accept-Language": "en-US,en;q=0.9"}
    )
    context.set_default_timeout(30_000)
    page = context.new_page()
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / f"{request.node.name}.png"), full_page=True)
        (ARTIFACTS / f"{request.node.name}.server.log").write_text(site.log())
    context.close()

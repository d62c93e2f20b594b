"""Browser tests against a real ``qiao serve`` (not the in-process live server).

The Chromium and the ``page`` fixture are the shared ones of tests/conftest.py (they
skip, saying why, when Chromium or Playwright is missing); here every page's base
URL is this module's site, and a failure keeps the server's log beside the screenshot.
"""

from __future__ import annotations

import pytest

from tests.conftest import BROWSER_ARTIFACTS, call_failed

from .server import QiaoServer


@pytest.fixture(scope="module")
def site(browser, tmp_path_factory):
    """One real Qiao site (debug mode, fresh SQLite database) per test module."""
    # Explore's first page is shared through the cache for 30 s by default; the test looks for
    # a note it has just posted, so it runs without that cache (tests/feeds cover the cache).
    server = QiaoServer(tmp_path_factory.mktemp("e2e-site"), QIAO_EXPLORE_CACHE_SECONDS="0")
    server.start()
    yield server
    server.stop()


@pytest.fixture
def browser_context_args(browser_context_args, site) -> dict:
    return {**browser_context_args, "base_url": site.url}


@pytest.fixture
def page(page, site, request):
    yield page
    if call_failed(request):
        BROWSER_ARTIFACTS.mkdir(exist_ok=True)
        (BROWSER_ARTIFACTS / f"{request.node.name}.server.log").write_text(site.log())

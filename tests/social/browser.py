"""Fixtures for the JavaScript tests of social.js and feeds.js: a headless Chromium and a live server.

The conftest.py of tests/social and tests/feeds imports the fixtures; a test module
sets ``pytestmark = BROWSER``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from django.test import Client

CHROMIUM = (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else (shutil.which("chromium") or "")
)
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-sync",
]
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}

BROWSER = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not CHROMIUM, reason="needs Chromium"),
]


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    # Playwright's sync API keeps an event loop on this thread; the tests' own ORM calls
    # are still plain synchronous code.
    patch = pytest.MonkeyPatch()
    patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        yield chromium
        chromium.close()
    patch.undo()


@pytest.fixture
def open_page(browser, live_server):
    """open_page(path, user=None) -> a Playwright page; a JavaScript error fails the test."""
    contexts = []
    errors: list[str] = []

    def open_(path: str, user=None):
        context = browser.new_context(**PHONE, locale="en-US")
        contexts.append(context)
        if user is not None:
            client = Client()
            client.force_login(user)
            cookie = client.cookies["sessionid"].value
            context.add_cookies([{"name": "sessionid", "value": cookie, "url": live_server.url}])
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
        return page

    yield open_
    for context in contexts:
        context.close()
    assert not errors, errors

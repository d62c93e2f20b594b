"""Browser fixtures (a headless Chromium, a live server) for the JavaScript tests."""

from tests.social.browser import browser, open_page  # noqa: F401

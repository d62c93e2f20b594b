"""Shared fixtures. Tests mirror the package: tests/<app>/test_<module>.py."""

import importlib.util
import io
import os
from pathlib import Path

import pytest
from django.test import Client
from PIL import Image


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _glossary_version_checked_once(settings):
    """The slang detector re-reads the glossary version every few seconds (one cache read,
    sometimes a rebuild query): a query count would then depend on the clock. Tests of the
    version check set their own interval."""
    settings.QIAO_SLANG_VERSION_CHECK_SECONDS = 3600


@pytest.fixture
def make_user(db):
    from qiao.accounts.models import User

    counter = {"n": 0}

    def make(handle: str | None = None, **fields) -> User:
        counter["n"] += 1
        n = counter["n"]
        handle = handle or f"user{n}"
        phone = fields.pop("phone", f"+1202555{n:04d}")
        return User.objects.create_user(phone=phone, handle=handle, display_name=fields.pop("display_name", handle.title()), **fields)

    return make


@pytest.fixture
def user(make_user):
    return make_user("alice", read_languages=["en"])


@pytest.fixture
def other_user(make_user):
    return make_user("bob", read_languages=["zh"])


@pytest.fixture
def client_for():
    def make(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


def image_bytes(fmt: str = "JPEG", size=(64, 48), color=(200, 40, 60)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=fmt)
    return buffer.getvalue()


@pytest.fixture
def jpeg_bytes() -> bytes:
    return image_bytes("JPEG")


# --- PostgreSQL ------------------------------------------------------------------------
# ./bin/test runs the suite a second time with QIAO_DATABASE_URL pointing at PostgreSQL
# and QIAO_TEST_EXPECT_POSTGRES=1, so a `postgres` test that finds SQLite there fails
# instead of skipping quietly.


def pytest_runtest_setup(item):
    if item.get_closest_marker("postgres") is None:
        return
    import os

    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"]
    if "postgresql" in engine:
        return
    if os.environ.get("QIAO_TEST_EXPECT_POSTGRES") == "1":
        pytest.fail(f"QIAO_TEST_EXPECT_POSTGRES=1 but the database engine is {engine}")
    pytest.skip(
        "needs PostgreSQL: ./bin/test runs it when a server answers at QIAO_TEST_POSTGRES_URL "
        "(or set QIAO_DATABASE_URL=postgres://... yourself)"
    )


# --- Notes for the social, feeds and notifications tests ----------------------------


@pytest.fixture
def make_note(db):
    """Create a note directly (no services): ``make_note(author, visibility="followers", images=1)``.

    Images are real JPEG files of the given ``size``; ``rank`` is computed as the services would.
    """
    from django.core.files.base import ContentFile

    from qiao.notes.models import Note, NoteImage

    counter = {"n": 0}

    def make(author, title: str | None = None, *, images: int = 1, size=(60, 80), **fields) -> Note:
        counter["n"] += 1
        note = Note.objects.create(author=author, title=title or f"Note {counter['n']}", **fields)
        for position in range(images):
            image = NoteImage(note=note, position=position)
            image.image.save(f"photo{position}.jpg", ContentFile(image_bytes(size=size)), save=False)
            image.width, image.height = size
            image.save()
        note.rank = note.compute_rank()
        note.save(update_fields=["rank"])
        return note

    return make


@pytest.fixture(autouse=True)
def _plain_static_storage(settings):
    """Pages render without `collectstatic`: the manifest storage needs its manifest, tests don't."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


# --- Moderation ----------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _relaxed_new_account_limits(settings):
    """Every test account is minutes old, so qiao.moderation's new-account limits (a handful of
    notes and comments an hour) would throttle tests about other things. tests/moderation puts
    the real limits back and tests them."""
    settings.QIAO_MODERATION_LIMITS = {
        action: (10_000, 10_000, 10_000) for action in settings.QIAO_MODERATION_LIMITS
    }


@pytest.fixture(autouse=True)
def _no_shared_explore_page(settings):
    """Explore's first page is shared through the cache for 30 s; tests expect fresh data.

    tests/deploy turns it back on where the cache itself is tested.
    """
    settings.QIAO_EXPLORE_CACHE_SECONDS = 0


# --- Browser tests ---------------------------------------------------------------------------
# One headless Chromium (Debian's, never Playwright's downloads) for the whole session, driven
# by Playwright. Fixtures: `browser`; `page` (a fresh context per test, options from
# `browser_context_args`, which a conftest may override, as tests/e2e does); `open_page(path,
# device=PHONE, user=None)` against pytest-django's live server. Mark the tests `browser`.

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
PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
BROWSER_ARTIFACTS = Path(__file__).resolve().parents[1] / "test-results"


def browser_missing() -> str | None:
    """Why browser tests cannot run on this machine, or None when they can."""
    if not os.access(CHROMIUM, os.X_OK):
        return (
            f"browser tests need Chromium at {CHROMIUM}: run ./bin/test as root to install it, "
            "or `apt-get install chromium` (QIAO_TEST_CHROMIUM names another)"
        )
    if importlib.util.find_spec("playwright") is None:
        return "browser tests need Playwright: pip install -e '.[test]'"
    return None


_BROWSER_MISSING = browser_missing()
# pytestmark of a browser test module that uses `open_page` (the live server needs real transactions).
BROWSER = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(_BROWSER_MISSING is not None, reason=_BROWSER_MISSING or ""),
]


def pytest_collection_modifyitems(items):
    """Run browser tests last, in their usual order.

    While Playwright's sync API is open it marks an asyncio loop as running on the main thread,
    so Django refuses ORM calls there unless DJANGO_ALLOW_ASYNC_UNSAFE is set. The session's one
    Chromium stays open until the end, so every other test runs before it starts.
    """
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()) and item.get_closest_marker("browser") is None:
            item.add_marker(pytest.mark.browser)
    items[:] = sorted(items, key=lambda item: item.get_closest_marker("browser") is not None)


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item (``item.rep_call``) for failure screenshots."""
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def call_failed(request) -> bool:
    report = getattr(request.node, "rep_call", None)
    return report is not None and report.failed


@pytest.fixture(scope="session")
def browser():
    if _BROWSER_MISSING:
        pytest.skip(_BROWSER_MISSING)
    from playwright.sync_api import sync_playwright

    patch = pytest.MonkeyPatch()
    # The tests' own ORM calls are plain synchronous code despite Playwright's loop.
    patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    try:
        with sync_playwright() as playwright:
            # launch() gives every run a fresh, throw-away user data directory.
            chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        patch.undo()


class _Pages:
    """Browser contexts opened for one test: JavaScript errors fail it, a failure keeps screenshots."""

    def __init__(self, browser, request) -> None:
        self.browser, self.request = browser, request
        self.contexts: list = []
        self.errors: list[str] = []

    def new_page(self, **context_args):
        context = self.browser.new_context(**context_args)
        context.set_default_timeout(30_000)
        self.contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        return page

    def close(self) -> None:
        if call_failed(self.request):
            BROWSER_ARTIFACTS.mkdir(exist_ok=True)
            pages = [page for context in self.contexts for page in context.pages]
            for n, page in enumerate(pages):
                page.screenshot(path=str(BROWSER_ARTIFACTS / f"{self.request.node.name}-{n}.png"), full_page=True)
        for context in self.contexts:
            context.close()
        assert not self.errors, f"JavaScript errors: {self.errors}"


@pytest.fixture
def browser_context_args() -> dict:
    """Options for the `page` fixture's browser context: English first."""
    return {"locale": "en-US", "extra_http_headers": {"Accept-Language": "en-US,en;q=0.9"}}


@pytest.fixture
def page(browser, browser_context_args, request):
    """A page in a new browser context (own cookies); a JavaScript error fails the test."""
    pages = _Pages(browser, request)
    yield pages.new_page(**browser_context_args)
    pages.close()


@pytest.fixture
def open_page(browser, live_server, request):
    """open_page(path, device=PHONE, user=None) -> a loaded page on the live server, signed in as
    ``user`` when given; a JavaScript error fails the test."""
    from django.conf import settings

    pages = _Pages(browser, request)

    def open_(path: str, device: dict = PHONE, user=None):
        page = pages.new_page(**device, locale="en-US")
        if user is not None:
            client = Client()
            client.force_login(user)
            name = settings.SESSION_COOKIE_NAME
            page.context.add_cookies([{"name": name, "value": client.cookies[name].value, "url": live_server.url}])
        page.goto(live_server.url + path)
        page.wait_for_load_state("load")
        return page

    yield open_
    pages.close()

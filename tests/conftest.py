"""Shared fixtures. Tests mirror the package: tests/<app>/test_<module>.py."""

import io

import pytest
from django.test import Client
from PIL import Image


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


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

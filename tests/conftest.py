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

"""Fixtures for the notes tests: real photos made with Pillow, and notes made through the service."""

import io
import struct
import zlib
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def photo_bytes(
    fmt: str = "JPEG", size=(64, 48), color=(200, 40, 60), mode: str = "RGB", **save
) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, format=fmt, **save)
    return buffer.getvalue()


def upload(
    data: bytes | None = None, name: str = "photo.jpg", content_type: str = "image/jpeg"
) -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, photo_bytes() if data is None else data, content_type=content_type
    )


def png_header_only(width: int, height: int) -> bytes:
    """A tiny PNG that declares width×height 1-bit pixels: a decompression bomb's header."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\0" * 64))
        + chunk(b"IEND", b"")
    )


def media_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.fixture
def make_note(db):
    from qiao.notes import services

    def make(author, *, images=None, **fields):
        fields.setdefault("title", "A day out")
        return services.create_note(author, images=images or [upload()], **fields)

    return make


HOLD_WORD = "holdme"


@pytest.fixture
def hold_rule(db):
    """A moderators' rule that holds any note or comment saying ``HOLD_WORD`` for review."""
    from qiao.moderation.models import Rule

    return Rule.objects.create(type="keyword", pattern=HOLD_WORD, outcome="hold")

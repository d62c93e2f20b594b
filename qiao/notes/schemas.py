"""The API's view of a note, shared by every endpoint that returns notes (notes, feeds…).

For lists, load the notes with ``select_related("author")`` and
``prefetch_related("images", "hashtags")`` so ``note_to_dict`` costs no
further queries.
"""

from __future__ import annotations

from datetime import datetime

from django.urls import reverse
from ninja import Schema
from pydantic import Field

from .models import Note, NoteImage


class AuthorOut(Schema):
    handle: str
    display_name: str
    avatar: str | None


class ImageOut(Schema):
    url: str
    thumbnail_url: str
    width: int
    height: int
    alt_text: str


class NoteOut(Schema):
    id: int
    title: str
    body: str
    location: str
    visibility: str
    lang: str
    hashtags: list[str]
    author: AuthorOut
    images: list[ImageOut]
    like_count: int
    collect_count: int
    comment_count: int
    created_at: datetime
    edited_at: datetime | None
    url: str
    held: bool = Field(
        False,
        description=(
            "True when this note of yours is hidden from everyone else: held for a "
            "moderator's review by the automatic checks, or hidden by a moderator. "
            "Only its author ever gets a held note; to anyone else it answers 404."
        ),
    )


def _absolute(request, url: str) -> str:
    return request.build_absolute_uri(url) if request is not None else url


def _file_url(request, field) -> str | None:
    return _absolute(request, field.url) if field else None


def image_to_dict(image: NoteImage, request=None) -> dict:
    url = _file_url(request, image.image) or ""
    return {
        "url": url,
        "thumbnail_url": _file_url(request, image.thumbnail) or url,
        "width": image.width,
        "height": image.height,
        "alt_text": image.alt_text,
    }


def note_to_dict(note: Note, request=None) -> dict:
    """``note`` as NoteOut data; URLs are absolute when ``request`` is given."""
    author = note.author
    return {
        "id": note.pk,
        "title": note.title,
        "body": note.body,
        "location": note.location,
        "visibility": note.visibility,
        "lang": note.lang,
        "hashtags": sorted(tag.name for tag in note.hashtags.all()),
        "author": {
            "handle": author.handle,
            "display_name": author.name,
            "avatar": _file_url(request, author.avatar),
        },
        "images": [image_to_dict(image, request) for image in note.images.all()],
        "like_count": note.like_count,
        "collect_count": note.collect_count,
        "comment_count": note.comment_count,
        "created_at": note.created_at,
        "edited_at": note.edited_at,
        "url": _absolute(request, reverse("notes:detail", args=[note.pk])),
        # Only ever true for the author: nobody else can load a hidden note.
        "held": note.is_hidden,
    }

"""/api/v1: translations of notes, comments, bios and board names.

Each endpoint answers 200 ``status: "done"`` with the translated fields when
the translation is stored (or made inline), 202 ``status: "pending"`` when it
was queued (POST again to poll: a pending request is queued only once, and
polling does not count against the quota), or 200 ``status: "unavailable"``
with a ``detail`` when the engine failed or refused every segment: then
show the original. Objects the caller may not see are 404; over quota is 429
with Retry-After.
"""

from __future__ import annotations

from typing import Any

from ninja import Router, Schema, Status
from pydantic import ConfigDict, Field

from qiao.core.api import OPTIONAL_AUTH, ApiError
from qiao.core.ratelimit import client_ip

from . import services

router = Router(tags=["translation"], auth=OPTIONAL_AUTH)


class TranslateIn(Schema):
    model_config = ConfigDict(extra="forbid")

    target: str = Field(
        "",
        description='Language to translate into (e.g. "en", "zh", "zh-Hant"); default: your first read language.',
        examples=["en"],
    )


class Meta(Schema):
    status: str = Field(description='"done", "pending" or "unavailable".')
    target: str | None = None
    source_lang: str | None = None
    engine: str | None = None
    model: str | None = None
    detail: str | None = None
    machine_translation: bool = Field(True, description="Machine translation: it may contain errors.")


class ImageAltOut(Schema):
    id: int
    alt_text: str


class NoteTranslationOut(Meta):
    title: str | None = None
    body: str | None = None
    images: list[ImageAltOut] | None = None


class CommentTranslationOut(Meta):
    body: str | None = None


class BioTranslationOut(Meta):
    bio: str | None = None


class BoardTranslationOut(Meta):
    name: str | None = None


RESPONSES = {202: Meta, 400: ApiError, 404: ApiError, 429: ApiError}


def _respond(request, kind: str, pk: Any, data: TranslateIn, fill) -> Status:
    obj = services.get_unit(kind, pk, request.user)
    target = data.target or services.reader_target(request.user, getattr(request, "LANGUAGE_CODE", ""))
    result = services.request_translation(obj, target, request.user, ip=client_ip(request))
    if isinstance(result, services.Pending):
        return Status(202, {"status": "pending"})
    if isinstance(result, services.Unavailable):
        return Status(200, {"status": "unavailable", "detail": result.detail})
    body: dict[str, Any] = {
        "status": result.status,
        "target": result.target,
        "source_lang": result.source_lang,
        "engine": result.engine,
        "model": result.model,
    }
    if result.status == "unavailable":
        body["detail"] = "The translation did not pass the output checks: show the original."
    body.update(fill(obj, result))
    return Status(200, body)


@router.post(
    "/notes/{note_id}/translate",
    response={200: NoteTranslationOut, **RESPONSES},
    summary="Translate a note (title, text and image descriptions)",
)
def translate_note(request, note_id: int, data: TranslateIn | None = None):
    def fill(note, result: services.UnitTranslation) -> dict[str, Any]:
        return {
            "title": result.text(note, "title"),
            "body": result.text(note, "body"),
            "images": [{"id": image.pk, "alt_text": result.text(image, "alt_text")} for image in note.images.all()],
        }

    return _respond(request, "note", note_id, data or TranslateIn(), fill)


@router.post(
    "/comments/{comment_id}/translate",
    response={200: CommentTranslationOut, **RESPONSES},
    summary="Translate a comment",
)
def translate_comment(request, comment_id: int, data: TranslateIn | None = None):
    return _respond(
        request, "comment", comment_id, data or TranslateIn(), lambda c, r: {"body": r.text(c, "body")}
    )


@router.post(
    "/users/{handle}/translate-bio",
    response={200: BioTranslationOut, **RESPONSES},
    summary="Translate a person's bio",
)
def translate_bio(request, handle: str, data: TranslateIn | None = None):
    return _respond(request, "user", handle, data or TranslateIn(), lambda u, r: {"bio": r.text(u, "bio")})


@router.post(
    "/boards/{board_id}/translate",
    response={200: BoardTranslationOut, **RESPONSES},
    summary="Translate a board's name",
)
def translate_board(request, board_id: int, data: TranslateIn | None = None):
    return _respond(request, "board", board_id, data or TranslateIn(), lambda b, r: {"name": r.text(b, "name")})

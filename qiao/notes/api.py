"""/api/v1/notes: publish (multipart with photos), read, edit (JSON) and delete notes."""

from __future__ import annotations

from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile
from pydantic import ConfigDict, Field

from qiao.core.api import OPTIONAL_AUTH, ApiError

from . import services
from .models import Note
from .schemas import NoteOut, note_to_dict

router = Router(tags=["notes"])


class NoteCreateIn(Schema):
    """Multipart form fields of a new note; the photos come as ``images`` files (or ``images[]``)."""

    title: str = ""
    body: str = ""
    location: str = ""
    visibility: str = Note.Visibility.PUBLIC
    lang: str = ""
    alt_texts: list[str] = Field(default_factory=list)


class NotePatchIn(Schema):
    """Fields to change; absent ones stay. ``lang`` null or "" goes back to detection.

    ``image_ids`` is the complete new photo list (ids from ``images`` of the
    note), in order: leave ids out to remove photos. ``alt_texts`` pairs with
    it (or with the current photos), null keeping a description.
    """

    model_config = ConfigDict(extra="forbid")

    title: str | None = None
    body: str | None = None
    location: str | None = None
    visibility: str | None = None
    lang: str | None = None
    image_ids: list[int] | None = None
    alt_texts: list[str | None] | None = None


@router.post("/notes", response={201: NoteOut, 400: ApiError, 429: ApiError})
def create_note(request, data: Form[NoteCreateIn], images: File[list[UploadedFile]] = None):
    """Publish a note with 1–9 JPEG, PNG or WebP photos.

    A note the automatic checks hold for review is saved but answers with
    ``held: true``: nobody else sees it until a moderator approves it.
    """
    uploads = list(images or []) + request.FILES.getlist("images[]")
    alt_texts = data.alt_texts or request.POST.getlist("alt_texts[]")
    note = services.create_note(
        request.user,
        title=data.title,
        body=data.body,
        location=data.location,
        visibility=data.visibility,
        images=uploads,
        alt_texts=alt_texts,
        lang=data.lang,
    )
    return Status(201, note_to_dict(services.get_own_note(request.user, note.pk), request))


@router.get("/notes/{note_id}", response={200: NoteOut, 404: ApiError}, auth=OPTIONAL_AUTH)
def get_note(request, note_id: int):
    """One note, if the caller may see it."""
    return note_to_dict(services.get_visible_note(request.user, note_id), request)


@router.patch(
    "/notes/{note_id}", response={200: NoteOut, 400: ApiError, 403: ApiError, 404: ApiError}
)
def update_note(request, note_id: int, data: NotePatchIn):
    """Edit one's own note."""
    note = services.get_note_for_action(request.user, note_id)
    fields = {k: v for k, v in data.model_dump(exclude_unset=True).items() if k != "image_ids"}
    # null means "no change" for the text fields; for lang it means "detect again".
    fields = {k: v for k, v in fields.items() if v is not None or k == "lang"}
    if data.image_ids is not None:
        fields["images"] = data.image_ids
    note = services.update_note(note, request.user, **fields)
    return note_to_dict(note, request)


@router.delete("/notes/{note_id}", response={204: None, 403: ApiError, 404: ApiError})
def delete_note(request, note_id: int):
    """Delete a note: its author, or a moderator."""
    note = services.get_note_for_action(request.user, note_id)
    services.delete_note(note, request.user)
    return Status(204, None)

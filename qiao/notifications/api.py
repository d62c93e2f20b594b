"""/api/v1/notifications: the list, the unread count, marking read."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from django.urls import reverse
from ninja import Query, Router, Schema

from qiao.core.api import ApiError

from . import services
from .models import Notification

router = Router(tags=["notifications"])

Category = Literal["likes", "comments", "follows"]


class ActorOut(Schema):
    handle: str
    display_name: str
    avatar: str | None


class NoteRef(Schema):
    id: int
    title: str
    thumbnail_url: str | None
    url: str


class CommentRef(Schema):
    id: int
    body: str


class NotificationOut(Schema):
    id: int
    verb: str
    actor: ActorOut
    note: NoteRef | None
    comment: CommentRef | None
    created_at: datetime
    read: bool


class NotificationPage(Schema):
    items: list[NotificationOut]
    next_cursor: str | None


class UnreadOut(Schema):
    count: int
    likes: int
    comments: int
    follows: int


class MarkedOut(Schema):
    marked: int


def _absolute(request, url: str) -> str:
    return request.build_absolute_uri(url)


def _out(request, n: Notification) -> dict:
    note = None
    if n.note_id:
        cover = n.note.cover
        thumb = (cover.thumbnail or cover.image) if cover else None
        note = {
            "id": n.note_id,
            "title": n.note.title,
            "thumbnail_url": _absolute(request, thumb.url) if thumb else None,
            "url": _absolute(request, reverse("notes:detail", args=[n.note_id])),
        }
    actor = n.actor
    return {
        "id": n.pk,
        "verb": n.verb,
        "actor": {
            "handle": actor.handle,
            "display_name": actor.name,
            "avatar": _absolute(request, actor.avatar.url) if actor.avatar else None,
        },
        "note": note,
        "comment": {"id": n.comment_id, "body": n.comment.body} if n.comment_id else None,
        "created_at": n.created_at,
        "read": n.read_at is not None,
    }


@router.get(
    "/notifications", response={200: NotificationPage, 400: ApiError}, summary="Your notifications"
)
def list_notifications(
    request,
    category: Category | None = None,
    cursor: str | None = None,
    limit: int = Query(20, ge=1, le=50),
):
    """Newest first. Listing does not mark them read: POST /notifications/read does."""
    page = services.list_notifications(request.user, category=category, cursor=cursor, limit=limit)
    return {"items": [_out(request, n) for n in page.items], "next_cursor": page.next_cursor}


@router.get("/notifications/unread_count", response=UnreadOut, summary="Unread notifications")
def unread_count(request):
    counts = services.unread_counts(request.user)
    return {
        "count": counts["all"],
        "likes": counts["likes"],
        "comments": counts["comments"],
        "follows": counts["follows"],
    }


@router.post("/notifications/read", response=MarkedOut, summary="Mark notifications read")
def mark_read(request, category: Category | None = None):
    """All of them, or one category (``?category=likes|comments|follows``)."""
    return {"marked": services.mark_all_read(request.user, category)}

"""/api/v1 feeds: Explore, Following, a hashtag's notes, a person's notes, a board's notes."""

from __future__ import annotations

from typing import Literal

from ninja import Query, Router, Schema

from qiao.core.api import OPTIONAL_AUTH, ApiError
from qiao.notes.schemas import NoteOut, note_to_dict
from qiao.social.services import get_board_for

from . import cards, services

router = Router(tags=["feeds"])

Limit = Query(services.PAGE_SIZE, ge=1, le=50)


class FeedNoteOut(NoteOut):
    liked_by_me: bool


class FeedPage(Schema):
    items: list[FeedNoteOut]
    next_cursor: str | None


def _out(request, page) -> dict:
    items = [
        {**note_to_dict(note, request), "liked_by_me": note.liked_by_me} for note in page.items
    ]
    return {"items": items, "next_cursor": page.next_cursor}


@router.get(
    "/feeds/explore", auth=OPTIONAL_AUTH, response={200: FeedPage, 400: ApiError}, summary="Explore"
)
def explore(request, cursor: str | None = None, limit: int = Limit):
    """Public notes, best first (recency plus engagement)."""
    return cards.explore_response(request, cursor, limit)


@router.get("/feeds/following", response={200: FeedPage, 400: ApiError}, summary="Following")
def following(request, cursor: str | None = None, limit: int = Limit):
    """Notes of the people you follow (followers-only ones too), newest first."""
    return cards.following_response(request, cursor, limit)


@router.get(
    "/tags/{name}/notes",
    auth=OPTIONAL_AUTH,
    response={200: FeedPage, 400: ApiError, 404: ApiError},
    summary="A topic",
)
def hashtag_notes(
    request,
    name: str,
    sort: Literal["hot", "new"] = "hot",
    cursor: str | None = None,
    limit: int = Limit,
):
    _name, tag = services.get_hashtag(name)
    return _out(request, services.hashtag(request.user, tag, sort, cursor, limit))


@router.get(
    "/users/{handle}/notes",
    auth=OPTIONAL_AUTH,
    response={200: FeedPage, 400: ApiError, 404: ApiError},
    summary="A person's notes",
)
def user_notes(request, handle: str, cursor: str | None = None, limit: int = Limit):
    person = services.get_person(handle.strip().removeprefix("@"))
    return _out(request, services.profile_notes(request.user, person, cursor, limit))


@router.get(
    "/boards/{board_id}/notes",
    auth=OPTIONAL_AUTH,
    response={200: FeedPage, 400: ApiError, 404: ApiError},
    summary="A board's notes",
)
def board_notes(request, board_id: int, cursor: str | None = None, limit: int = Limit):
    """Latest collected first; private boards answer 404 to everyone but their owner."""
    board = get_board_for(request.user, board_id)
    return _out(request, services.board_notes(request.user, board, cursor, limit))

"""/api/v1: likes, collects and boards, comments and comment likes, follows."""

from __future__ import annotations

from datetime import datetime

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema, Status
from ninja.errors import AuthenticationError
from pydantic import ConfigDict, Field

from qiao.core.api import OPTIONAL_AUTH, ApiError
from qiao.notes.models import Note

from . import services
from .models import MAX_BOARD_NAME, Board, Comment

router = Router(tags=["social"])
User = get_user_model()


class PersonRef(Schema):
    handle: str
    display_name: str
    avatar: str | None


class LikeOut(Schema):
    liked: bool
    like_count: int


class CollectIn(Schema):
    model_config = ConfigDict(extra="forbid")

    board_id: int | None = Field(
        None, description="One of your boards; the default board when absent."
    )


class BoardRef(Schema):
    id: int
    name: str


class CollectOut(Schema):
    collected: bool
    collect_count: int
    board: BoardRef | None = None


class CommentIn(Schema):
    model_config = ConfigDict(extra="forbid")

    body: str = Field(..., description="1–1000 characters.")
    parent_id: int | None = Field(
        None, description="The comment answered; replies stay one level deep."
    )


class ReplyOut(Schema):
    id: int
    note_id: int
    parent_id: int | None
    author: PersonRef
    reply_to: PersonRef | None
    body: str
    lang: str
    like_count: int
    liked_by_me: bool = Field(
        False, description="Whether you like this comment (always false signed out)."
    )
    created_at: datetime
    held: bool = Field(
        False,
        description=(
            "True when your new comment is held for a moderator's review: nobody else sees "
            "it until it is approved. Listings never include held comments."
        ),
    )


class CommentOut(ReplyOut):
    replies: list[ReplyOut] = Field(default_factory=list)


class CommentPage(Schema):
    items: list[CommentOut]
    next_cursor: str | None


class FollowOut(Schema):
    following: bool
    follower_count: int


class PersonOut(PersonRef):
    bio: str
    follower_count: int
    following_count: int
    followed_by_me: bool


class PersonPage(Schema):
    items: list[PersonOut]
    next_cursor: str | None


class BoardIn(Schema):
    model_config = ConfigDict(extra="forbid")

    name: str = Field(
        ..., max_length=200, description=f"1–{MAX_BOARD_NAME} characters, unique among yours."
    )
    description: str = ""
    is_private: bool = False


class BoardPatch(Schema):
    model_config = ConfigDict(extra="forbid")

    name: str | None = None
    description: str | None = None
    is_private: bool | None = None


class BoardOut(Schema):
    id: int
    name: str
    description: str
    is_private: bool
    is_default: bool
    item_count: int
    owner: PersonRef
    created_at: datetime
    url: str


class BoardList(Schema):
    items: list[BoardOut]
    next_cursor: str | None = None


# --- conversions ------------------------------------------------------------------------


def person_ref(user, request) -> dict:
    return {
        "handle": user.handle,
        "display_name": user.name,
        "avatar": request.build_absolute_uri(user.avatar.url) if user.avatar else None,
    }


def _comment(comment: Comment, request, with_replies: bool) -> dict:
    data = {
        "id": comment.pk,
        "note_id": comment.note_id,
        "parent_id": comment.parent_id,
        "author": person_ref(comment.author, request),
        "reply_to": person_ref(comment.reply_to, request) if comment.reply_to_id else None,
        "body": comment.body,
        "lang": comment.lang,
        "like_count": comment.like_count,
        "liked_by_me": bool(getattr(comment, "liked_by_me", False)),
        "created_at": comment.created_at,
        "held": comment.is_hidden,  # only the author's own new comment can be hidden here
    }
    if with_replies:
        replies = getattr(comment, "shown_replies", [])
        data["replies"] = [_comment(reply, request, False) for reply in replies]
    return data


def _board(board: Board, request) -> dict:
    url = reverse("feeds:board", args=[board.owner.handle, board.pk])
    return {
        "id": board.pk,
        "name": board.name,
        "description": board.description,
        "is_private": board.is_private,
        "is_default": board.is_default,
        "item_count": board.item_count,
        "owner": person_ref(board.owner, request),
        "created_at": board.created_at,
        "url": request.build_absolute_uri(url),
    }


def _note(note_id: int) -> Note:
    """Any note by id; the services answer 404 for notes the caller may not see."""
    return get_object_or_404(Note, pk=note_id)


def _person(handle: str):
    return get_object_or_404(User, handle=handle.strip().removeprefix("@").lower(), is_active=True)


def _signed_in(request) -> bool:
    return bool(getattr(request, "user", None) and request.user.is_authenticated)


# --- likes ------------------------------------------------------------------------------


@router.post(
    "/notes/{note_id}/like",
    response={200: LikeOut, 404: ApiError, 429: ApiError},
    summary="Like a note",
)
def like(request, note_id: int):
    """Idempotent: liking twice counts once."""
    note = _note(note_id)
    services.like(request.user, note)
    return {"liked": True, "like_count": note.like_count}


@router.delete(
    "/notes/{note_id}/like", response={200: LikeOut, 404: ApiError}, summary="Take back a like"
)
def unlike(request, note_id: int):
    note = _note(note_id)
    services.unlike(request.user, note)
    return {"liked": False, "like_count": note.like_count}


# --- collects and boards -----------------------------------------------------------------


def _own_board(request, board_id: int) -> Board:
    return get_object_or_404(Board.objects.select_related("owner"), pk=board_id, owner=request.user)


@router.post(
    "/notes/{note_id}/collect",
    response={200: CollectOut, 400: ApiError, 404: ApiError, 429: ApiError},
    summary="Collect a note into a board",
)
def collect(request, note_id: int, data: CollectIn | None = None):
    """Into ``board_id`` (one of yours), or your default board ("Favorites", made on first use)."""
    note = _note(note_id)
    board = _own_board(request, data.board_id) if data and data.board_id is not None else None
    item = services.collect(request.user, note, board)
    return {
        "collected": True,
        "collect_count": note.collect_count,
        "board": {"id": item.board_id, "name": item.board.name},
    }


@router.delete(
    "/notes/{note_id}/collect",
    response={200: CollectOut, 404: ApiError},
    summary="Uncollect a note",
)
def uncollect(request, note_id: int, board_id: int | None = None):
    """From one board (``?board_id=``) or from all of yours; ``collected`` tells whether any still holds it."""
    note = _note(note_id)
    board = _own_board(request, board_id) if board_id is not None else None
    services.uncollect(request.user, note, board)
    still = bool(services.collected_board_ids(request.user, note))
    return {"collected": still, "collect_count": note.collect_count, "board": None}


@router.get(
    "/boards",
    auth=OPTIONAL_AUTH,
    response={200: BoardList, 401: ApiError, 404: ApiError},
    summary="List boards",
)
def list_boards(request, handle: str | None = None):
    """Your boards, or with ``?handle=`` someone's (their private boards only if they are yours)."""
    if handle:
        owner = _person(handle)
    elif _signed_in(request):
        owner = request.user
    else:
        raise AuthenticationError(401, _("Sign in, or name whose boards with ?handle=."))
    boards = (
        services.boards_visible_to(owner, request.user)
        .select_related("owner")
        .order_by("-is_default", "-created_at", "-id")
    )
    return {"items": [_board(b, request) for b in boards], "next_cursor": None}


@router.post("/boards", response={201: BoardOut, 400: ApiError}, summary="Create a board")
def create_board(request, data: BoardIn):
    board = services.create_board(request.user, data.name, data.description, data.is_private)
    return Status(201, _board(board, request))


@router.get(
    "/boards/{board_id}",
    auth=OPTIONAL_AUTH,
    response={200: BoardOut, 404: ApiError},
    summary="A board",
)
def get_board(request, board_id: int):
    """Private boards answer 404 to everyone but their owner."""
    return _board(services.get_board_for(request.user, board_id), request)


@router.patch(
    "/boards/{board_id}",
    response={200: BoardOut, 400: ApiError, 404: ApiError},
    summary="Edit a board",
)
def update_board(request, board_id: int, data: BoardPatch):
    board = _own_board(request, board_id)
    board = services.update_board(
        board,
        request.user,
        name=data.name,
        description=data.description,
        is_private=data.is_private,
    )
    return _board(board, request)


@router.delete("/boards/{board_id}", response={204: None, 404: ApiError}, summary="Delete a board")
def delete_board(request, board_id: int):
    """The notes stay; only the board and its list go."""
    services.delete_board(_own_board(request, board_id), request.user)
    return HttpResponse(status=204)


# --- comments -----------------------------------------------------------------------------


@router.get(
    "/notes/{note_id}/comments",
    auth=OPTIONAL_AUTH,
    response={200: CommentPage, 400: ApiError, 404: ApiError},
    summary="A note's comments",
)
def list_comments(
    request, note_id: int, cursor: str | None = None, limit: int = Query(20, ge=1, le=50)
):
    """Top-level comments, newest first, each with its replies (oldest first)."""
    note = get_object_or_404(Note.objects.visible_to(request.user), pk=note_id)
    page = services.comments_page(note, cursor, limit, viewer=request.user)
    return {
        "items": [_comment(c, request, True) for c in page.items],
        "next_cursor": page.next_cursor,
    }


@router.post(
    "/notes/{note_id}/comments",
    response={201: CommentOut, 400: ApiError, 404: ApiError, 429: ApiError},
    summary="Comment on a note, or reply",
)
def add_comment(request, note_id: int, data: CommentIn):
    """A comment the automatic checks hold for review answers with ``held: true``."""
    note = _note(note_id)
    parent = None
    if data.parent_id is not None:
        parent = Comment.objects.filter(pk=data.parent_id, note=note).first()
        if parent is None:
            raise ValidationError({"parent_id": [_("The comment you are replying to is gone.")]})
    comment = services.add_comment(request.user, note, data.body, parent)
    comment.shown_replies = []
    return Status(201, _comment(comment, request, True))


@router.delete(
    "/comments/{comment_id}",
    response={204: None, 403: ApiError, 404: ApiError},
    summary="Delete a comment",
)
def delete_comment(request, comment_id: int):
    """By its author, the note's author or a moderator; its replies go with it."""
    comment = get_object_or_404(Comment, pk=comment_id)
    services.delete_comment(comment, request.user)
    return HttpResponse(status=204)


@router.post(
    "/comments/{comment_id}/like",
    response={200: LikeOut, 403: ApiError, 404: ApiError, 429: ApiError},
    summary="Like a comment",
)
def like_comment(request, comment_id: int):
    """Idempotent: liking twice counts once. Comments you may not see answer 404."""
    comment = get_object_or_404(Comment, pk=comment_id)
    services.like_comment(request.user, comment)
    return {"liked": True, "like_count": comment.like_count}


@router.delete(
    "/comments/{comment_id}/like",
    response={200: LikeOut, 404: ApiError, 429: ApiError},
    summary="Take back a comment like",
)
def unlike_comment(request, comment_id: int):
    """Idempotent; your own like can be taken back even from a comment you no longer see."""
    comment = get_object_or_404(Comment, pk=comment_id)
    services.unlike_comment(request.user, comment)
    return {"liked": False, "like_count": comment.like_count}


# --- follows --------------------------------------------------------------------------------


@router.post(
    "/users/{handle}/follow",
    response={200: FollowOut, 400: ApiError, 404: ApiError, 429: ApiError},
    summary="Follow",
)
def follow(request, handle: str):
    person = _person(handle)
    services.follow(request.user, person)
    person.refresh_from_db(fields=["follower_count"])
    return {"following": True, "follower_count": person.follower_count}


@router.delete(
    "/users/{handle}/follow", response={200: FollowOut, 404: ApiError}, summary="Unfollow"
)
def unfollow(request, handle: str):
    person = _person(handle)
    services.unfollow(request.user, person)
    person.refresh_from_db(fields=["follower_count"])
    return {"following": False, "follower_count": person.follower_count}


def _people(request, handle: str, which: str, cursor: str | None, limit: int) -> dict:
    """The same list as the /@handle/followers/ and /@handle/following/ pages."""
    page = services.follow_list(_person(handle), which, request.user, cursor, limit)
    items = [
        {
            **person_ref(p, request),
            "bio": p.bio,
            "follower_count": p.follower_count,
            "following_count": p.following_count,
            "followed_by_me": p.followed_by_me,
        }
        for p in page.items
    ]
    return {"items": items, "next_cursor": page.next_cursor}


@router.get(
    "/users/{handle}/followers",
    auth=OPTIONAL_AUTH,
    response={200: PersonPage, 400: ApiError, 404: ApiError},
    summary="Followers",
)
def followers(
    request, handle: str, cursor: str | None = None, limit: int = Query(30, ge=1, le=100)
):
    return _people(request, handle, "followers", cursor, limit)


@router.get(
    "/users/{handle}/following",
    auth=OPTIONAL_AUTH,
    response={200: PersonPage, 400: ApiError, 404: ApiError},
    summary="Following",
)
def following(
    request, handle: str, cursor: str | None = None, limit: int = Query(30, ge=1, le=100)
):
    return _people(request, handle, "following", cursor, limit)

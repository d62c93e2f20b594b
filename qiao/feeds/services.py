"""Feed queries shared by the web pages and the API.

Every feed goes through ``Note.objects.visible_to`` and loads a page of cards
in a constant number of queries: the notes with their authors, their images,
and (for a signed-in viewer) which of them the viewer liked.

The two busiest feeds, Explore and Following, also come as a :class:`Listing`
(which notes, in order, and the next cursor) from one light query, for the
shared card renderings of :mod:`qiao.feeds.cards`.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from qiao.core.pagination import Page, paginate
from qiao.core.text import normalize_hashtag
from qiao.notes.models import Hashtag, Note, NoteImage
from qiao.social.models import Board, Collect, Follow
from qiao.social.services import boards_visible_to, liked_note_ids

PAGE_SIZE = 20
# Cached feed pages (qiao.feeds.cards) hold the values these keys had when they were made; a
# new value drops them all at once: every page when a note changes, a reader's Following pages
# when they follow or unfollow someone.
GENERATION_KEY = "feeds:generation"
READER_KEY = "feeds:reader:{}"
READER_KEY_SECONDS = 24 * 3600  # idle readers' keys go; a new one only means a recomputed page

# Hot (Explore ranking) or newest first.
SORTS = {"hot": ("rank", "id"), "new": ("created_at", "id")}

# Category chips on Explore: a hashtag (normalised) and its label in the interface language.
CATEGORY_TAGS = [
    ("美食", gettext_lazy("Food")),
    ("旅行", gettext_lazy("Travel")),
    ("穿搭", gettext_lazy("Fashion")),
    ("萌宠", gettext_lazy("Pets")),
    ("学习", gettext_lazy("Study")),
    ("语言交换", gettext_lazy("Language exchange")),
]


def with_cards(qs: QuerySet[Note]) -> QuerySet[Note]:
    """What a note card (and the API's NoteOut) shows, loaded up front: author, images, hashtags."""
    return qs.select_related("author").prefetch_related(
        Prefetch("images", queryset=NoteImage.objects.order_by("position", "id")), "hashtags"
    )


def decorate(notes: Iterable[Note], viewer) -> list[Note]:
    """Attach what cards need to each note: ``liked_by_me`` and ``card_cover`` (one query for the likes)."""
    notes = list(notes)
    liked = liked_note_ids(viewer, [n.pk for n in notes])
    for note in notes:
        note.liked_by_me = note.pk in liked
        note.card_cover = note.cover
    return notes


def cover_url(cover: NoteImage | None) -> str:
    if cover is None:
        return ""
    return (cover.thumbnail or cover.image).url


def _page(
    qs: QuerySet[Note], fields: tuple[str, ...], viewer, cursor: str | None, limit: int
) -> Page:
    page = paginate(with_cards(qs), fields, cursor, limit)
    page.items = decorate(page.items, viewer)
    return page


def explore(viewer, cursor: str | None = None, limit: int = PAGE_SIZE) -> Page:
    """Public notes, best first by ``Note.rank`` (recency plus engagement), as decorated notes.

    The feed is the same for every viewer; only ``liked_by_me`` is their own.
    Pages and the API put it together from shared cards (qiao.feeds.cards,
    through :func:`explore_listing`); this is for readers whose cards are
    their own (automatic translation).
    """
    return _page(_explore_notes(), SORTS["hot"], viewer, cursor, limit)


def explore_listing(cursor: str | None = None, limit: int = PAGE_SIZE, *, full: bool) -> Listing:
    """Which notes a page of Explore shows (the same for every reader)."""
    return _listing(_explore_notes(), SORTS["hot"], cursor, limit, full=full)


def _explore_notes() -> QuerySet[Note]:
    return Note.objects.visible_to(None).filter(visibility=Note.Visibility.PUBLIC)


def following(viewer, cursor: str | None = None, limit: int = PAGE_SIZE) -> Page:
    """Notes of people ``viewer`` follows that ``viewer`` may see (followers-only ones too), newest first."""
    return _page(_following_notes(viewer), SORTS["new"], viewer, cursor, limit)


def following_listing(
    viewer, cursor: str | None = None, limit: int = PAGE_SIZE, *, full: bool
) -> Listing:
    """Which notes a page of ``viewer``'s Following feed shows."""
    return _listing(_following_notes(viewer), SORTS["new"], cursor, limit, full=full)


def _following_notes(viewer) -> QuerySet[Note]:
    followed = Follow.objects.filter(follower_id=viewer.pk).values("followee_id")
    return Note.objects.visible_to(viewer).filter(author_id__in=followed)


@dataclass(frozen=True)
class Listing:
    """Which notes a page of a feed shows, in order, as (id, version) pairs, and the next cursor.

    The version is the note's ``updated_at``, which every edit renews, so a
    cached rendering of a note (qiao.feeds.cards) is keyed by it. ``loaded``
    holds the notes themselves, ready for their cards, when they were loaded
    with the listing (``full``).
    """

    notes: tuple[tuple[int, str], ...]
    next_cursor: str | None
    loaded: dict[int, Note] = field(default_factory=dict, compare=False, repr=False)

    @property
    def ids(self) -> list[int]:
        return [pk for pk, _version in self.notes]


def note_version(note: Note) -> str:
    return f"{note.updated_at.timestamp():.6f}"


def _listing(
    qs: QuerySet[Note], fields: tuple[str, ...], cursor: str | None, limit: int, *, full: bool
) -> Listing:
    """A page of ``qs``: one light query, or (``full``) the notes loaded for their cards (three)."""
    qs = with_cards(qs) if full else qs.only("id", "updated_at", *fields)
    page = paginate(qs, fields, cursor, limit)
    return Listing(
        tuple((note.pk, note_version(note)) for note in page.items),
        page.next_cursor,
        {note.pk: note for note in page.items} if full else {},
    )


def get_hashtag(name: str) -> tuple[str, Hashtag | None]:
    """The normalised tag name and its Hashtag row, if any note ever used it."""
    normalized = normalize_hashtag(name)
    if not normalized:
        raise Http404(_("Unknown topic."))
    return normalized, Hashtag.objects.filter(name=normalized).first()


def hashtag(
    viewer,
    tag: Hashtag | None,
    sort: str = "hot",
    cursor: str | None = None,
    limit: int = PAGE_SIZE,
) -> Page:
    """Notes with ``tag`` that ``viewer`` may see, hot or newest first."""
    qs = (
        Note.objects.visible_to(viewer).filter(hashtags=tag)
        if tag is not None
        else Note.objects.none()
    )
    return _page(qs, SORTS.get(sort, SORTS["hot"]), viewer, cursor, limit)


def profile_notes(viewer, person, cursor: str | None = None, limit: int = PAGE_SIZE) -> Page:
    """``person``'s notes that ``viewer`` may see, newest first."""
    qs = Note.objects.visible_to(viewer).filter(author=person)
    return _page(qs, SORTS["new"], viewer, cursor, limit)


def board_notes(viewer, board: Board, cursor: str | None = None, limit: int = PAGE_SIZE) -> Page:
    """Notes in ``board`` that ``viewer`` may see, latest collected first (items are notes)."""
    visible = Note.objects.visible_to(viewer).values("pk")
    qs = (
        Collect.objects.filter(board=board, note__in=visible)
        .select_related("note__author")
        .prefetch_related(
            Prefetch("note__images", queryset=NoteImage.objects.order_by("position", "id"))
        )
    )
    page = paginate(qs, ("id",), cursor, limit)
    page.items = decorate([item.note for item in page.items], viewer)
    return page


def get_person(handle: str):
    """An active user by handle, else Http404."""
    person = get_user_model().objects.filter(handle=handle.lower(), is_active=True).first()
    if person is None:
        raise Http404(_("User not found."))
    return person


def boards_with_previews(owner, viewer, previews: int = 3) -> list[Board]:
    """``owner``'s boards ``viewer`` may see, each with ``preview_notes`` (its latest visible notes)."""
    visible = Note.objects.visible_to(viewer).values("pk")
    items = (
        Collect.objects.filter(note__in=visible)
        .select_related("note")
        .prefetch_related(
            Prefetch("note__images", queryset=NoteImage.objects.order_by("position", "id"))
        )
        .order_by("-id")
    )
    boards = list(
        boards_visible_to(owner, viewer)
        .order_by("-is_default", "-created_at", "-id")
        .prefetch_related(Prefetch("items", queryset=items[:previews], to_attr="preview_items"))
    )
    for board in boards:
        board.preview_notes = decorate([item.note for item in board.preview_items], None)
    return boards


def forget_explore_page() -> None:
    """Drop every cached feed page (Explore, and each reader's Following) and the signed-out
    Explore page, so that a new, edited, deleted, hidden or restored note shows at once."""
    from qiao.core.pagecache import forget_shared_page

    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    forget_shared_page("explore")


def forget_following(reader_id: int) -> None:
    """Drop ``reader_id``'s cached Following pages (they followed or unfollowed someone)."""
    cache.set(READER_KEY.format(reader_id), uuid.uuid4().hex, READER_KEY_SECONDS)

"""Feed queries shared by the web pages and the API.

Every feed goes through ``Note.objects.visible_to`` and loads a page of cards
in a constant number of queries: the notes with their authors, their images,
and (for a signed-in viewer) which of them the viewer liked.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
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

logger = logging.getLogger(__name__)

PAGE_SIZE = 20
EXPLORE_CACHE_KEY = "feeds:explore:first-page:v1"

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
    """Public notes, best first by ``Note.rank`` (recency plus engagement).

    The list is the same for every viewer (public notes only), so the first
    page, the busiest of the site, is shared through the cache for
    ``QIAO_EXPLORE_CACHE_SECONDS``; only ``liked_by_me`` is the viewer's own.
    """
    if cursor is None and limit == PAGE_SIZE and settings.QIAO_EXPLORE_CACHE_SECONDS > 0:
        page = _shared_explore_page(limit)
        if viewer is not None and viewer.is_authenticated:
            page.items = decorate(page.items, viewer)
        return page
    return _explore(viewer, cursor, limit)


def _explore(viewer, cursor: str | None, limit: int) -> Page:
    return _page(
        Note.objects.visible_to(viewer).filter(visibility=Note.Visibility.PUBLIC),
        SORTS["hot"],
        viewer,
        cursor,
        limit,
    )


def _shared_explore_page(limit: int) -> Page:
    """Explore's first page from the cache, computed at most once per TTL per cache.

    The cache holds the page's data (notes, authors, images), not HTML, so it
    serves every interface language and the API alike. It may be up to the TTL
    old: a new note shows up, or a deleted one drops out, that much later on
    Explore's first page (note pages themselves are never cached); counters on
    its cards may lag as much. When the cache is down the page is computed as
    if there were no cache.
    """
    try:
        page = cache.get(EXPLORE_CACHE_KEY)
    except Exception:  # a cache outage must not take Explore down with it
        logger.warning("Explore cache unreachable; computing the page", exc_info=True)
        return _explore(None, None, limit)
    if page is None:
        page = _explore(None, None, limit)
        for note in page.items:  # keep password hashes and phone numbers out of the cache
            for field in ("password", "phone"):
                note.author.__dict__.pop(field, None)
        try:
            cache.set(EXPLORE_CACHE_KEY, page, settings.QIAO_EXPLORE_CACHE_SECONDS)
        except Exception:
            logger.warning("Explore cache unreachable; page not stored", exc_info=True)
    return page


def following(viewer, cursor: str | None = None, limit: int = PAGE_SIZE) -> Page:
    """Notes of people ``viewer`` follows that ``viewer`` may see (followers-only ones too), newest first."""
    followed = Follow.objects.filter(follower_id=viewer.pk).values("followee_id")
    qs = Note.objects.visible_to(viewer).filter(author_id__in=followed)
    return _page(qs, SORTS["new"], viewer, cursor, limit)


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
    """Drop the shared Explore page (data and signed-out HTML) so the next visit recomputes it."""
    from qiao.core.pagecache import forget_shared_page

    cache.delete(EXPLORE_CACHE_KEY)
    forget_shared_page("explore")

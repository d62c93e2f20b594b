"""Explore and Following from shared renderings, with each reader's own bits put back.

A note card (``feeds/note_card.html`` on the web, a ``FeedNoteOut`` item in
the API) is the same for every reader of the note but for two things: whether
the reader liked it, and (web) whether its cover loads lazily, which depends
on its place on the page. So a card is rendered once with a slot at those
places, split there, and cached in parts for ``QIAO_EXPLORE_CACHE_SECONDS``,
keyed by the note and its version (``updated_at``: an edit makes a new key)
and by what the rendering depends on, its *form*: the interface language and
the reader's translation target (web), the site's address (API, whose URLs
are absolute). A page is its cards' parts joined around the reader's likes,
which one small query gives (none when signed out).

- **Explore** is the same list for everyone: each page (per cursor, size and
  form) is cached whole with the generation it was made under
  (``services.GENERATION_KEY``), and served only while that is current.
  :func:`services.forget_explore_page` renews the generation when a note is
  saved, deleted, hidden or restored, so such a change shows at once. A warm
  page costs one cache round trip, which also reads the reader's cached likes
  (``qiao.social.likecache``) when signed in.
- **Following** is each reader's own list (``services.following_listing``,
  through ``visible_to``): cached for them under the generation and their own
  version, which a follow or unfollow renews (``qiao.feeds.receivers``); its
  cards come from the shared card cache. Two round trips, the reader's likes read in the first.

Which notes a page lists is always decided by a feed query, never by a card,
so a hidden, private or followers-only note is only shown to a reader whose
listing has it. What may lag the TTL: counters on cards, the author's name and
avatar, and Explore's order (ranks move with likes and comments). With the
cache unreachable, or the TTL 0, everything is computed as if there were none.
Readers who turned on automatic translation see translated titles in their
cards: their pages are rendered for them alone (:func:`shares_html`).
"""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.template.loader import get_template
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from ninja.responses import NinjaJSONEncoder

from qiao.notes.models import Note
from qiao.notes.schemas import NoteOut, note_to_dict
from qiao.social import likecache
from qiao.social.services import liked_note_ids

from . import services

logger = logging.getLogger(__name__)

# Bump when note_card.html or NoteOut changes shape, so no process serves cards of the old one.
VERSION = "v2"
# Where the reader's own bits go. Escaped user text never holds a raw "<", so it never holds
# the slot either; the slot never reaches a browser.
SLOT = mark_safe("<qiao-card-slot>")
LAZY = ' loading="lazy"'
LIKED = " is-active"
EAGER_COVERS = 4  # the first covers of a page load at once, the rest when scrolled to

Render = Callable[[Note], Any]


@dataclass
class CardPage:
    """A page of a feed ready to show: the ids of its notes, their cards' HTML, the next cursor."""

    items: list[int]
    html: SafeString
    next_cursor: str | None


@dataclass(frozen=True)
class _Form:
    """How cards are rendered for this request: a cache key part and the renderer."""

    key: str
    render: Render


def _ttl() -> int:
    return settings.QIAO_EXPLORE_CACHE_SECONDS


def shares_html(viewer) -> bool:
    """Whether ``viewer`` sees shared web cards (not with automatic translation on)."""
    return not getattr(viewer, "auto_translate", False)


# --- web ------------------------------------------------------------------------------


def explore_page(request: HttpRequest, cursor: str | None) -> CardPage:
    return _html(request.user, *_explore(request.user, _html_form(request), cursor, services.PAGE_SIZE))


def following_page(request: HttpRequest, cursor: str | None) -> CardPage:
    return _html(request.user, *_following(request.user, _html_form(request), cursor, services.PAGE_SIZE))


def _html_form(request: HttpRequest) -> _Form:
    from qiao.translation.services import reader_target

    language = get_language() or settings.LANGUAGE_CODE
    target = reader_target(request.user, getattr(request, "LANGUAGE_CODE", ""))
    return _Form(f"html:{language}:{target}", lambda note: _render_html(note, request))


def _render_html(note: Note, request: HttpRequest) -> tuple[str, str, str]:
    """The card with slots for "lazy" and "liked", in three parts.

    Rendered without context processors (a card needs none), with the request
    only for the interface language and the translation target.
    """
    note.card_cover = note.cover
    context = {"note": note, "request": request, "user": request.user, "card_slot": SLOT}
    parts = get_template("feeds/note_card.html").render(context).split(SLOT)
    if len(parts) != 3:  # note_card.html lost a slot: a bug that tests/feeds catches
        raise ValueError(f"feeds/note_card.html needs 2 card slots, has {len(parts) - 1}")
    return parts[0], parts[1], parts[2]


def _html(
    viewer, ids: list[int], cards: list[tuple[str, str, str]], next_cursor: str | None, likes: Any
) -> CardPage:
    liked = liked_note_ids(viewer, ids, likes)
    html = [
        head
        + (LAZY if position > EAGER_COVERS else "")
        + middle
        + (LIKED if pk in liked else "")
        + tail
        for position, (pk, (head, middle, tail)) in enumerate(zip(ids, cards), 1)
    ]
    return CardPage(ids, mark_safe("".join(html)), next_cursor)


# --- API ------------------------------------------------------------------------------


def explore_response(request: HttpRequest, cursor: str | None, limit: int) -> HttpResponse:
    return _json(request.user, *_explore(request.user, _json_form(request), cursor, limit))


def following_response(request: HttpRequest, cursor: str | None, limit: int) -> HttpResponse:
    return _json(request.user, *_following(request.user, _json_form(request), cursor, limit))


def _json_form(request: HttpRequest) -> _Form:
    site = hashlib.blake2s(request.build_absolute_uri("/").encode(), digest_size=8).hexdigest()
    return _Form(f"json:{site}", lambda note: _render_json(note, request))


def _render_json(note: Note, request: HttpRequest) -> str:
    """The note's API item as ninja writes it, less its closing brace (where liked_by_me goes)."""
    data = NoteOut.model_validate(note_to_dict(note, request)).model_dump()
    return json.dumps(data, cls=NinjaJSONEncoder)[:-1]


def _json(viewer, ids: list[int], cards: list[str], next_cursor: str | None, likes: Any) -> HttpResponse:
    """A FeedPage response (the schema in qiao.feeds.api), put together from the cards."""
    liked = liked_note_ids(viewer, ids, likes)
    items = ", ".join(
        f'{card}, "liked_by_me": {"true" if pk in liked else "false"}}}'
        for pk, card in zip(ids, cards)
    )
    body = f'{{"items": [{items}], "next_cursor": {json.dumps(next_cursor)}}}'
    return HttpResponse(body, content_type="application/json; charset=utf-8")


# --- pages and cards ---------------------------------------------------------------------

Cards = tuple[list[int], list[Any], str | None]  # note ids, their cards, the next cursor
# A page's cards and the reader's like-cache entry, read in the same round trip
# (likecache.NOT_READ when it was not: signed out, the cache off or unreachable).
PageCards = tuple[list[int], list[Any], str | None, Any]


def _likes_keys(viewer) -> list[str]:
    return [likecache.key(viewer.pk)] if viewer.is_authenticated and likecache.ttl() > 0 else []


def _explore(viewer, form: _Form, cursor: str | None, limit: int) -> PageCards:
    """A page of Explore's cards, cached whole (per form) under the current generation."""
    ttl = _ttl()
    if ttl <= 0:
        return *_cards(services.explore_listing(cursor, limit, full=True), form), likecache.NOT_READ
    key = f"feeds:explore:{VERSION}:{form.key}:{limit}:{_digest(cursor)}"
    try:
        versions, (entry, *likes) = _current([(services.GENERATION_KEY, None)], [key, *_likes_keys(viewer)])
    except Exception:  # a cache outage must not take Explore down with it
        logger.warning("Feed cache unreachable; computing Explore", exc_info=True)
        return *_cards(services.explore_listing(cursor, limit, full=True), form), likecache.NOT_READ
    liked = likes[0] if likes else likecache.NOT_READ
    if entry is not None and entry[0] == versions:
        return entry[1], entry[2], entry[3], liked
    ids, cards, next_cursor = _cards(services.explore_listing(cursor, limit, full=False), form)
    _store({key: (versions, ids, cards, next_cursor)}, ttl)
    return ids, cards, next_cursor, liked


def _following(viewer, form: _Form, cursor: str | None, limit: int) -> PageCards:
    """A page of ``viewer``'s Following: its listing cached for them, its cards shared."""
    ttl = _ttl()
    if ttl <= 0:
        return *_cards(services.following_listing(viewer, cursor, limit, full=True), form), likecache.NOT_READ
    key = f"feeds:following:{VERSION}:{viewer.pk}:{limit}:{_digest(cursor)}"
    reader = (services.READER_KEY.format(viewer.pk), services.READER_KEY_SECONDS)
    try:
        versions, (entry, *likes) = _current([(services.GENERATION_KEY, None), reader], [key, *_likes_keys(viewer)])
    except Exception:
        logger.warning("Feed cache unreachable; computing Following", exc_info=True)
        return *_cards(services.following_listing(viewer, cursor, limit, full=True), form), likecache.NOT_READ
    if entry is not None and entry[0] == versions:
        listing = services.Listing(entry[1], entry[2])
    else:
        listing = services.following_listing(viewer, cursor, limit, full=False)
        _store({key: (versions, listing.notes, listing.next_cursor)}, ttl)
    return *_cards(listing, form), likes[0] if likes else likecache.NOT_READ


def _digest(cursor: str | None) -> str:
    return hashlib.blake2s((cursor or "").encode(), digest_size=12).hexdigest()


def _current(
    version_keys: list[tuple[str, int | None]], entry_keys: list[str]
) -> tuple[tuple[str, ...], list[Any]]:
    """The current values of ``version_keys`` (made when missing), and the entries: one round trip.

    An entry stores the versions it was made under and counts only while
    they are current. The versions are read before the database: a change
    committed after this read renews one, so what is computed now from older
    data is never served afterwards.
    """
    found = cache.get_many([key for key, _timeout in version_keys] + entry_keys)
    versions = []
    for key, timeout in version_keys:
        value = found.get(key)
        if value is None:  # first use, or expired: a new one (older entries no longer count)
            cache.add(key, uuid.uuid4().hex, timeout=timeout)
            value = cache.get(key)
        versions.append(value)
    return tuple(versions), [found.get(key) for key in entry_keys]


def _store(entries: dict[str, Any], ttl: int) -> None:
    try:
        cache.set_many(entries, ttl)
    except Exception:
        logger.warning("Feed cache unreachable; page not stored", exc_info=True)


def _cards(listing: services.Listing, form: _Form) -> Cards:
    """The card of each note of ``listing``, from the card cache or rendered (and cached) now.

    A note deleted since the listing was made is left out.
    """
    ttl = _ttl()
    prefix = f"feeds:card:{VERSION}:{form.key}"
    keys = {pk: f"{prefix}:{pk}:{version}" for pk, version in listing.notes}
    found: dict[str, Any] = {}
    if ttl > 0 and keys:
        try:
            found = cache.get_many(list(keys.values()))
        except Exception:  # render every card, as if there were no cache
            logger.warning("Card cache unreachable; rendering the cards", exc_info=True)
    cards = {pk: found[key] for pk, key in keys.items() if key in found}
    missing = [pk for pk in keys if pk not in cards]
    if missing:
        notes = [listing.loaded[pk] for pk in missing if pk in listing.loaded]
        if len(notes) < len(missing):
            notes = list(services.with_cards(Note.objects.filter(pk__in=missing)))
        fresh = {
            f"{prefix}:{note.pk}:{services.note_version(note)}": (note.pk, form.render(note))
            for note in notes
        }
        cards.update(fresh.values())
        if ttl > 0 and fresh:
            _store({key: card for key, (_pk, card) in fresh.items()}, ttl)
    ids = [pk for pk in listing.ids if pk in cards]
    return ids, [cards[pk] for pk in ids], listing.next_cursor

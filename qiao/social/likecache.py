"""Each reader's liked notes, cached, so a warm feed page needs no Like query.

``likes:user:<id>`` holds the ids of every note the user likes (a frozenset),
filled with one query on a miss and living ``QIAO_EXPLORE_CACHE_SECONDS`` (0
turns it off). Someone with more than ``MAX_CACHED`` likes gets ``MANY``
instead, and their pages query the few ids they show, as without a cache.

Exact at once: :func:`forget` writes a short tombstone when a like or an
unlike commits (``like``/``unlike`` in
:mod:`qiao.social.services`), and entries are only ever written with
``cache.add``, so a request that read the likes just before the change cannot
put the old set back. A deleted note's id may stay in a set until it expires:
harmless, as ids are never reused and no feed lists a deleted note; likes
deleted with an account go with a user id that no request carries any more;
a like deleted in the admin shows within the TTL.
With the cache unreachable every call queries, as if there were no cache.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from .models import Like

logger = logging.getLogger(__name__)

KEY = "likes:user:{}"
GONE = "gone"  # the tombstone: read the database, do not fill
MANY = "many"  # more likes than are worth caching: read the database
MAX_CACHED = 5000
TOMBSTONE_SECONDS = 10  # outlives any request that read the likes before the change


def ttl() -> int:
    return settings.QIAO_EXPLORE_CACHE_SECONDS


#: ``liked_among``'s default: the caller has not read the entry, so it is read here.
NOT_READ: Any = object()


def key(user_id: int) -> str:
    return KEY.format(user_id)


def liked_among(user_id: int, note_ids: list[int], entry: Any = NOT_READ) -> set[int]:
    """Which of ``note_ids`` user ``user_id`` likes: from the cache, or one query.

    ``entry`` is what the cache holds at :func:`key`, for a caller that read it
    in a round trip of its own (a feed page reads it with its other keys).
    """
    seconds = ttl()
    if seconds > 0:
        if entry is NOT_READ:
            try:
                entry = cache.get(key(user_id))
            except Exception:  # a cache outage must not lose anyone's likes
                logger.warning("like cache unavailable; reading the database", exc_info=True)
                return _query(user_id, note_ids)
        if isinstance(entry, frozenset):
            return entry.intersection(note_ids)
        if entry is None and (filled := _fill(user_id, seconds)) is not None:
            return filled.intersection(note_ids)
    return _query(user_id, note_ids)


def _query(user_id: int, note_ids: list[int]) -> set[int]:
    return set(
        Like.objects.filter(user_id=user_id, note_id__in=note_ids).values_list("note_id", flat=True)
    )


def _fill(user_id: int, seconds: int) -> frozenset[int] | None:
    """All the user's liked ids (one query) and cached; None (``MANY`` cached) when too many."""
    ids = frozenset(
        Like.objects.filter(user_id=user_id).values_list("note_id", flat=True)[: MAX_CACHED + 1]
    )
    if len(ids) > MAX_CACHED:
        _quietly(cache.add, key(user_id), MANY, seconds)
        return None
    _quietly(cache.add, key(user_id), ids, seconds)
    return ids


def forget(user_id: int) -> None:
    """Drop ``user_id``'s entry when the current transaction commits.

    Call it inside the transaction that creates or deletes the user's likes:
    a set cached before the commit is overwritten then, and one read before
    it but written after finds the tombstone in its way.
    """
    transaction.on_commit(lambda: _tombstone(user_id))


def _tombstone(user_id: int) -> None:
    seconds = min(ttl(), TOMBSTONE_SECONDS)
    if seconds > 0:
        _quietly(cache.set, key(user_id), GONE, seconds)


def _quietly(method, *args: Any) -> None:
    try:
        method(*args)
    except Exception:
        logger.warning("like cache unavailable", exc_info=True)


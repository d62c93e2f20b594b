"""A short-lived cache of bearer tokens and their users, so a warm API request authenticates
without a query.

``auth:token:<key hash>`` holds a snapshot of the token's (active) user's row
for ``QIAO_AUTH_CACHE_SECONDS`` (60; 0 turns the cache off): one round trip.

What must take effect at once does: deleting a token (revoking it, in the admin,
or with its user) drops its entry (``post_delete`` on ``ApiToken``); saving a
user, and moderation's ban (an ``update()``, which sends no signal, so it calls
:func:`forget_user`), drop the entries of all the user's tokens, and the next
request reads the row again and refuses an inactive account. "Dropping" writes a tombstone rather
than deleting (again on commit), and entries are only ever written with
``cache.add``, so a request that read the database just before the change
cannot put the old state back.

What may lag the TTL on ``request.user`` of a token request: the denormalised
counters (kept by ``update()``). ``ApiToken.last_used_at`` is written when the
token is read from the database and it is older than ``USED_EVERY``, so it is
at most ``USED_EVERY`` plus the TTL behind. Nothing here decides authorization
but the token's existence and ``is_active``. With the cache unreachable every request
reads the database, as if there were no cache.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from .models import ApiToken, User

logger = logging.getLogger(__name__)

KEY = "auth:token:{}"
GONE = "gone"  # the tombstone: the entry must be read from the database
USED_EVERY = 300  # seconds between writes of ApiToken.last_used_at
USER_TOMBSTONE_SECONDS = 10


def ttl() -> int:
    return settings.QIAO_AUTH_CACHE_SECONDS


def user_for_token(key_hash: str) -> User | None:
    """The active user whose token hashes to ``key_hash``, or None (unknown, revoked, inactive)."""
    seconds = ttl()
    if seconds > 0:
        try:
            user = cache.get(KEY.format(key_hash))
        except Exception:  # a cache outage must not sign anyone out
            logger.warning("token cache unavailable; reading the database", exc_info=True)
            seconds = 0
        else:
            if isinstance(user, User):
                return user
    return _from_database(key_hash, seconds)


def _from_database(key_hash: str, seconds: int) -> User | None:
    token = ApiToken.objects.select_related("user").filter(key_hash=key_hash).first()
    if token is None or not token.user.is_active:
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > USED_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    if seconds > 0:
        _quietly(cache.add, KEY.format(key_hash), token.user, seconds)
    return token.user


def forget_token(key_hash: str) -> None:
    """A deleted token never comes back: its tombstone lives as long as an entry would."""
    _tombstone(KEY.format(key_hash), ttl())


def forget_user(user_id: int) -> None:
    """Make the next request with any of ``user_id``'s tokens read the database.

    Call it after changing the user by ``update()`` (and again on commit). The
    tombstones only have to outlive a request that read the row before the
    change, so entries come back soon after.
    """
    seconds = min(ttl(), USER_TOMBSTONE_SECONDS)
    if seconds <= 0:
        return
    hashes = ApiToken.objects.filter(user_id=user_id).values_list("key_hash", flat=True)
    _quietly(cache.set_many, {KEY.format(key_hash): GONE for key_hash in hashes}, seconds)


def _tombstone(key: str, seconds: int) -> None:
    if seconds > 0:
        _quietly(cache.set, key, GONE, seconds)


def _quietly(method, *args: Any) -> None:
    try:
        method(*args)
    except Exception:
        logger.warning("token cache unavailable", exc_info=True)

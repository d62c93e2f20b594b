"""Fixed-window rate limits kept in Django's cache (database cache or Redis).

Call :func:`check` before doing anything that costs money or can flood the
site; it raises :class:`RateLimited`, which the middleware (web) and the API's
exception handler turn into a 429 with a Retry-After header and a message.
"""

import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _


class RateLimited(Exception):
    def __init__(self, scope: str, retry_after: int):
        self.scope = scope
        self.retry_after = max(1, int(retry_after))
        super().__init__(self.message)

    @property
    def message(self) -> str:
        minutes = (self.retry_after + 59) // 60
        if self.retry_after < 120:
            return _("Too many requests. Try again in %(s)d seconds.") % {"s": self.retry_after}
        return _("Too many requests. Try again in %(m)d minutes.") % {"m": minutes}


@dataclass(frozen=True)
class Rate:
    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> "Rate":
        count, _sep, seconds = text.partition("/")
        return cls(int(count), int(seconds or 60))


def rate_for(scope: str) -> Rate:
    return Rate.parse(settings.QIAO_RATE_LIMITS[scope])


def hit(scope: str, key: str, rate: Rate | None = None, cost: int = 1) -> tuple[bool, int]:
    """Count one use of ``scope`` by ``key``; return (allowed, seconds until the window resets)."""
    rate = rate or rate_for(scope)
    now = time.time()
    window = int(now // rate.seconds)
    retry_after = int((window + 1) * rate.seconds - now) + 1
    cache_key = f"rl:{scope}:{key}:{window}"
    # add() is atomic in both backends: the first hit creates the counter.
    if cache.add(cache_key, cost, timeout=rate.seconds + 1):
        count = cost
    else:
        try:
            count = cache.incr(cache_key, cost)
        except ValueError:  # expired between add() and incr()
            cache.set(cache_key, cost, timeout=rate.seconds + 1)
            count = cost
    return count <= rate.count, retry_after


def check(scope: str, key: str, rate: Rate | None = None) -> None:
    """Raise RateLimited when ``key`` has used up ``scope`` in the current window."""
    allowed, retry_after = hit(scope, key, rate)
    if not allowed:
        raise RateLimited(scope, retry_after)


def client_ip(request) -> str:
    """The client address; behind a proxy set QIAO_TRUSTED_PROXY_HEADER (e.g. HTTP_X_REAL_IP)."""
    header = getattr(settings, "QIAO_TRUSTED_PROXY_HEADER", "")
    if header and request.META.get(header):
        return request.META[header].split(",")[0].strip()
    return request.META.get("REMOTE_ADDR", "unknown")

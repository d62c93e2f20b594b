"""Surge protection: per-hour limits that relax with account age and good standing.

Tiers: "new" (under 24 hours), "young" (under 7 days), "established". Each
strike (an upheld report or moderator action) drops a person one tier, three
or more to "new". Surge mode (:class:`~qiao.moderation.models.SiteSettings`)
divides every limit by ``QIAO_MODERATION_SURGE_DIVISOR``.

Each action is counted three ways in the cache (the database cache, or Redis
at scale), in hours that start at a key's first use: per person, per client IP
(``QIAO_MODERATION_IP_FACTOR`` × the person's limit, so a crowd of accounts
behind one address cannot multiply it) and, for accounts under 7 days, per
phone-number country prefix (``QIAO_MODERATION_PREFIX_FACTOR`` × the limit),
so a flood of fresh accounts from one place is capped as a whole.
"""

from __future__ import annotations

import contextvars
import re
import time
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from qiao.core.ratelimit import Rate, RateLimited

NEW, YOUNG, ESTABLISHED = "new", "young", "established"
TIERS = (NEW, YOUNG, ESTABLISHED)
ACTIONS = ("note", "comment", "follow", "link")
WINDOW = 3600

# The client address of the request being handled (set by ModerationMiddleware).
current_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "qiao_moderation_ip", default=None
)

_LINK_RE = re.compile(
    r"https?://|www\.|\b[a-z0-9-]+\.(?:com|net|org|cn|io|ru|xyz|top|cc|me|co)\b", re.IGNORECASE
)


def count_links(text: str) -> int:
    return len(_LINK_RE.findall(text or ""))


def strikes_of(user) -> int:
    from .models import Standing

    return Standing.objects.filter(user_id=user.pk).values_list("strikes", flat=True).first() or 0


def tier_for_age(user) -> str:
    age = timezone.now() - user.date_joined
    return NEW if age < timedelta(hours=24) else YOUNG if age < timedelta(days=7) else ESTABLISHED


def tier_for(user) -> str:
    """The person's tier from account age, lowered one step per strike."""
    index = max(0, TIERS.index(tier_for_age(user)) - min(strikes_of(user), 2))
    return TIERS[index]


def surge_mode() -> bool:
    from .models import SiteSettings

    return SiteSettings.load().surge_mode


def limit_for(user, action: str) -> Rate:
    """How many ``action``s (note, comment, follow, link) ``user`` may do per hour."""
    counts = settings.QIAO_MODERATION_LIMITS[action]
    count = counts[TIERS.index(tier_for(user))]
    if surge_mode():
        count = count // settings.QIAO_MODERATION_SURGE_DIVISOR
    return Rate(max(count, 0), WINDOW)


def _window_start(base: str, now: float) -> float:
    """When this key's current hour began: at its first use, not at the top of the clock hour."""
    start_key = f"{base}:start"
    if cache.add(start_key, now, timeout=WINDOW):
        return now
    start = cache.get(start_key)
    return now if start is None else float(start)


def _hit(scope: str, key: str, rate: Rate, cost: int) -> None:
    """Count ``cost`` uses in the key's hour; RateLimited (retry when that hour ends) past ``rate``.

    The hour is anchored at the key's first use, unlike :func:`qiao.core.ratelimit.hit`'s
    clock-aligned windows: a burst that straddles the top of the hour cannot get twice
    the allowance.
    """
    now = time.time()
    base = f"rl:{scope}:{key}"
    start = _window_start(base, now)
    count_key = f"{base}:{start:.6f}"
    # add() is atomic in every backend: the first use creates the counter.
    if cache.add(count_key, cost, timeout=WINDOW + 1):
        count = cost
    else:
        try:
            count = cache.incr(count_key, cost)
        except ValueError:  # expired between add() and incr()
            cache.set(count_key, cost, timeout=WINDOW + 1)
            count = cost
    if count > rate.count:
        raise RateLimited(scope, int(start + WINDOW - now) + 1)


def check_limits(user, action: str, cost: int = 1) -> None:
    """Count ``cost`` uses of ``action`` by ``user`` (and their IP and phone prefix); RateLimited past a limit."""
    if action not in settings.QIAO_MODERATION_LIMITS or cost <= 0:
        return
    if getattr(user, "is_moderator", False):
        return  # moderators and admins are trusted
    rate = limit_for(user, action)
    if rate.count <= 0:
        raise RateLimited(f"mod_{action}", WINDOW)
    _hit(f"mod_{action}", f"user:{user.pk}", rate, cost)
    ip = current_ip.get()
    if ip:
        _hit(
            f"mod_{action}_ip",
            ip,
            Rate(rate.count * settings.QIAO_MODERATION_IP_FACTOR, WINDOW),
            cost,
        )
    if tier_for_age(user) != ESTABLISHED and user.phone:
        from qiao.accounts.phones import country_prefix

        prefix_rate = Rate(rate.count * settings.QIAO_MODERATION_PREFIX_FACTOR, WINDOW)
        _hit(f"mod_{action}_prefix", country_prefix(user.phone), prefix_rate, cost)

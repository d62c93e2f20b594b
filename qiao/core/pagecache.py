"""Whole-page caching for signed-out visitors, with the CSRF token punched back in.

:func:`shared_anonymous_page` serves a view's 200 page from the cache to
visitors who are signed out, have no pending messages and ask without a
query string, keyed by interface language. The page's CSRF form tokens are
stored as a placeholder and replaced on every request by a token for this
visitor (which also sets their CSRF cookie), so the language switcher and
every other form keep working. Anything personal on such a page would leak
to everyone: use it only on pages that are the same for every signed-out
visitor (Explore).
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token

logger = logging.getLogger(__name__)

CSRF_PLACEHOLDER = "__qiao_csrf_token__"
_CSRF_INPUT = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*(")')
_CACHED_HEADERS = ("Content-Type", "Content-Language")


def _shareable(request: HttpRequest) -> bool:
    if request.method != "GET" or request.GET or "messages" in request.COOKIES:
        return False
    if request.user.is_authenticated:
        return False
    # Messages that did not fit in their cookie wait in the session.
    return not (
        settings.SESSION_COOKIE_NAME in request.COOKIES and request.session.get("_messages")
    )


def _key(name: str, language: str) -> str:
    return f"page:{name}:{language}:v1"


def forget_shared_page(name: str) -> None:
    """Drop every language's cached copy of page ``name`` (e.g. after a new note)."""
    cache.delete_many([_key(name, code) for code, _label in settings.LANGUAGES])


def shared_anonymous_page(name: str, seconds: Callable[[], int]) -> Callable:
    """Cache ``view``'s page for signed-out visitors for ``seconds()`` (0: no caching)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            ttl = seconds()
            if ttl <= 0 or not _shareable(request):
                return view(request, *args, **kwargs)
            key = _key(name, getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE))
            try:
                entry = cache.get(key)
            except Exception:  # a cache outage must not take the page down
                logger.warning("Page cache unreachable; rendering %s", name, exc_info=True)
                return view(request, *args, **kwargs)
            if entry is None:
                response = view(request, *args, **kwargs)
                if (
                    response.status_code != 200
                    or response.streaming
                    or response.cookies.keys() - {settings.CSRF_COOKIE_NAME}
                ):
                    return response
                html = _CSRF_INPUT.sub(
                    rf"\g<1>{CSRF_PLACEHOLDER}\g<2>", response.content.decode(response.charset)
                )
                entry = {
                    "html": html,
                    "headers": {h: response[h] for h in _CACHED_HEADERS if h in response},
                }
                try:
                    cache.set(key, entry, ttl)
                except Exception:
                    logger.warning("Page cache unreachable; %s not stored", name, exc_info=True)
                return response
            shared = HttpResponse(entry["html"].replace(CSRF_PLACEHOLDER, get_token(request)))
            for header, value in entry["headers"].items():
                shared[header] = value
            return shared

        return wrapped

    return decorator

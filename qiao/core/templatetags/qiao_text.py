"""``{{ note.body|rich_text }}``: user text as safe HTML, with hashtags, mentions and links.

Every character of user text goes through ``escape`` before it is wrapped in
markup, and markup is only ever built from escaped pieces: hashtags link to
their page, ``@handle`` links to a profile only when that person exists, and
http(s) URLs open in a new tab with ``rel="nofollow ugc noopener"``. Line
breaks are kept as ``<br>``.
"""

from __future__ import annotations

from collections.abc import Iterable
from contextvars import ContextVar

from django import template
from django.contrib.auth import get_user_model
from django.core.signals import request_finished, request_started
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

from qiao.core.text import Token, tokenize

register = template.Library()

MAX_URL_SHOWN = 48


def _text_html(text: str) -> str:
    return escape(text).replace("\n", "<br>")


def _url_html(url: str) -> str:
    shown = url if len(url) <= MAX_URL_SHOWN else url[: MAX_URL_SHOWN - 1] + "…"
    return format_html(
        '<a class="link" href="{}" rel="nofollow ugc noopener" target="_blank">{}</a>', url, shown
    )


# Whether each handle looked up during the current request belongs to an active account.
# A page of 20 comments then costs one query (see prime_mentions), not one per comment.
# None outside a request (tasks, shells): there every call queries for itself.
_known_handles: ContextVar[dict[str, bool] | None] = ContextVar("qiao_known_handles", default=None)


def _open_request_cache(**kwargs) -> None:
    _known_handles.set({})


def _close_request_cache(**kwargs) -> None:
    _known_handles.set(None)


request_started.connect(_open_request_cache, dispatch_uid="qiao_text_known_handles_open")
request_finished.connect(_close_request_cache, dispatch_uid="qiao_text_known_handles_close")


def _active_handles(handles: set[str]) -> set[str]:
    users = get_user_model().objects.filter(handle__in=handles, is_active=True)
    return set(users.values_list("handle", flat=True))


def existing_handles(handles: set[str]) -> set[str]:
    """Which of ``handles`` belong to active accounts; within a request, each handle is asked about once.

    Any filter that links mentions should use this (see :func:`prime_mentions`).
    """
    return _lookup(handles)


def _lookup(handles: set[str]) -> set[str]:
    """Which of ``handles`` exist, asking the database only about those this request has not seen."""
    known = _known_handles.get()
    if known is None:
        return _active_handles(handles) if handles else set()
    missing = handles - known.keys()
    if missing:
        found = _active_handles(missing)
        known.update({handle: handle in found for handle in missing})
    return {handle for handle in handles if known[handle]}


def prime_mentions(texts: Iterable[str | None]) -> None:
    """Look up every handle mentioned in ``texts`` in one query, before rendering them with rich_text.

    Views that render many texts (a note and its comments) call this first; it
    does nothing useful outside a request.
    """
    _lookup({token.value for text in texts for token in tokenize(text or "") if token.kind == "mention"})


def _existing_handles(tokens: list[Token]) -> set[str]:
    """Handles among the mentions that belong to active accounts (cached for the request)."""
    return _lookup({token.value for token in tokens if token.kind == "mention"})


@register.filter
def rich_text(value) -> SafeString:
    """Render user text: escaped, line breaks kept, hashtags/mentions/URLs linked."""
    tokens = tokenize("" if value is None else str(value))
    handles = _existing_handles(tokens)
    parts: list[str] = []
    for token in tokens:
        if token.kind == "hashtag":
            href = reverse("feeds:hashtag", args=[token.value])
            parts.append(format_html('<a class="hashtag" href="{}">{}</a>', href, token.text))
        elif token.kind == "mention" and token.value in handles:
            href = reverse("feeds:profile", args=[token.value])
            parts.append(format_html('<a class="mention" href="{}">{}</a>', href, token.text))
        elif token.kind == "url":
            parts.append(_url_html(token.value))
        else:
            parts.append(_text_html(token.text))
    return mark_safe("".join(parts))  # every piece above is escaped

"""``{{ note.body|rich_text }}``: user text as safe HTML, with hashtags, mentions and links.

Every character of user text goes through ``escape`` before it is wrapped in
markup, and markup is only ever built from escaped pieces: hashtags link to
their page, ``@handle`` links to a profile only when that person exists, and
http(s) URLs open in a new tab with ``rel="nofollow ugc noopener"``. Line
breaks are kept as ``<br>``.
"""

from __future__ import annotations

from django import template
from django.contrib.auth import get_user_model
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


def _existing_handles(tokens: list[Token]) -> set[str]:
    """Handles among the mentions that belong to active accounts, in one query."""
    handles = {token.value for token in tokens if token.kind == "mention"}
    if not handles:
        return set()
    users = get_user_model().objects.filter(handle__in=handles, is_active=True)
    return set(users.values_list("handle", flat=True))


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

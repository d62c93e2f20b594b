"""Highlighted snippets as safe HTML: user text is escaped first, then matches are wrapped in <mark>."""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .text import MARK_CLOSE, MARK_OPEN, SEP

ELLIPSIS = "…"


def render_marked(text: str) -> SafeString:
    """Engine output (words between MARK_OPEN/MARK_CLOSE, separated by SEP) as escaped HTML with <mark>."""
    plain = text.replace(SEP, "")
    escaped = str(escape(plain))
    # Marks are control characters: escape() leaves them alone and users cannot type them.
    html = escaped.replace(MARK_OPEN, "<mark>").replace(MARK_CLOSE, "</mark>")
    html = html.replace("</mark><mark>", "")
    if html.count("<mark>") != html.count("</mark>"):
        html = str(escape(plain.replace(MARK_OPEN, "").replace(MARK_CLOSE, "")))
    return mark_safe(html)


def excerpt(text: str, limit: int) -> str:
    """The start of ``text``, at most ``limit`` characters, cut at a space when one is near."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    space = cut.rfind(" ")
    if space > limit * 0.6:
        cut = cut[:space]
    return cut.rstrip() + ELLIPSIS


def plain(text: str, limit: int) -> SafeString:
    """An excerpt without highlights, escaped."""
    return mark_safe(str(escape(excerpt(text, limit))))


def highlight_words(text: str, words: Iterable[str], limit: int) -> SafeString:
    """Escape ``text`` and mark every case-insensitive occurrence of ``words``, around the first one."""
    text = " ".join((text or "").split())
    words = sorted({w for w in words if w and len(w.strip()) > 0}, key=len, reverse=True)
    if not words:
        return plain(text, limit)
    pattern = re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)
    first = pattern.search(text)
    start = 0
    if first and first.start() > limit // 3 and len(text) > limit:
        start = max(0, first.start() - limit // 3)
    window = text[start : start + limit]
    pieces: list[str] = [ELLIPSIS] if start else []
    last = 0
    for match in pattern.finditer(window):
        pieces.append(str(escape(window[last : match.start()])))
        pieces.append(f"<mark>{escape(match.group(0))}</mark>")
        last = match.end()
    pieces.append(str(escape(window[last:])))
    if start + limit < len(text):
        pieces.append(ELLIPSIS)
    return mark_safe("".join(pieces))

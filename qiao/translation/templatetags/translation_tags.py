"""Template tags that make user text translatable in place.

``{% load translation_tags %}``, then:

- ``{% translatable note "title" %}`` (``rich=True`` for text with hashtags
  and links) renders the original, escaped, in a span the page script can
  swap for the translation. For readers with auto-translate on, a stored
  translation is rendered directly, the original kept for "Show original".
- ``{% translatable image "alt_text" as_attr="alt" %}`` renders an attribute
  (``alt="…"`` plus the data the script needs) instead of a span.
- ``{% translate_button note %}`` renders the "Translate" control of a unit
  (a note with its title, text and image descriptions; a comment; a bio; a
  board) when the reader does not read its language, with the engine note
  "machine translation, may contain errors". It loads the page script once.

Translation output is user content too: it is escaped like the original.

Stored translations are looked up per request, all at once: a view that
renders many units (a note's comments, a feed's cards) names them first with
:func:`prime_translations`, and the first tag that needs a translation fetches
them all in one query (:class:`PageTranslations`). Only readers with
auto-translate need one; for the others the page makes no lookup at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django import template
from django.apps import apps
from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from qiao.core.templatetags.qiao_text import rich_text

from .. import services

register = template.Library()
_CACHE = "_qiao_translation_tags"
_PAGE = "_qiao_page_translations"


class PageTranslations:
    """The stored translations of what one request shows, fetched together when a tag first needs one.

    Objects named with :meth:`add` cost nothing until then; the first lookup
    for a target fetches every object named so far (and the one asked about)
    in one query. An object nobody named is fetched when it is asked about.
    """

    def __init__(self) -> None:
        self._named: dict[str, Any] = {}
        self._asked: dict[str, set[str]] = {}  # target -> object keys fetched
        self._found: dict[str, dict[str, dict[str, services.FieldTranslation]]] = {}

    def add(self, objects: Iterable[Any]) -> None:
        for obj in objects:
            self._named.setdefault(services.object_key(obj), obj)

    def fields(self, obj, target: str) -> dict[str, services.FieldTranslation]:
        """``obj``'s stored translations into ``target``, by field."""
        key = services.object_key(obj)
        asked = self._asked.setdefault(target, set())
        found = self._found.setdefault(target, {})
        if key not in asked:
            batch = [named for named_key, named in self._named.items() if named_key not in asked]
            batch.append(obj)  # last: the instance being rendered is the one whose text counts
            found.update(services.stored_translations(batch, target))
            asked.update(services.object_key(item) for item in batch)
        return found.get(key, {})


def page_translations(request: HttpRequest) -> PageTranslations:
    """The request's :class:`PageTranslations` (made on first use)."""
    page = getattr(request, _PAGE, None)
    if page is None:
        page = PageTranslations()
        setattr(request, _PAGE, page)
    return page


def prime_translations(request: HttpRequest, objects: Iterable[Any]) -> None:
    """Name the translatable objects ``request``'s page renders, so their translations come in one query.

    Views call it before rendering many units, as they call ``prime_mentions``:
    a note with its images and comments, a feed's notes, a profile's boards.
    """
    page_translations(request).add(objects)


def _viewer(context):
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return user, getattr(request, "LANGUAGE_CODE", "") if request is not None else ""


def _html_lang(code: str) -> str:
    return "zh-Hans" if code == "zh" else code


def _stored(context, obj, target: str) -> dict[str, services.FieldTranslation]:
    """Stored translations of ``obj``: from the request's page, else looked up once for the object."""
    request = context.get("request")
    if request is not None:
        return page_translations(request).fields(obj, target)
    cache = obj.__dict__.setdefault(_CACHE, {})
    if target not in cache:
        cache[target] = services.stored_fields(obj, target)
    return cache[target]


def _shown(context, obj, field_name: str) -> tuple[str, services.FieldTranslation | None, str]:
    """(original, the translation to show now or None, target)."""
    user, interface = _viewer(context)
    original = getattr(obj, field_name) or ""
    target = services.reader_target(user, interface)
    if not getattr(user, "auto_translate", False) or not services.needs_translation(obj, field_name, user, interface):
        return original, None, target
    item = _stored(context, obj, target).get(field_name)
    if item is None or item.status not in ("done", "partial"):
        return original, None, target
    return original, item, target


def _render(text: str, rich: bool, context=None) -> SafeString:
    if rich and context is not None and apps.is_installed("qiao.slang"):
        # rich_text plus slang marks, pinyin and script, as the reader chose (qiao.slang).
        from qiao.slang.templatetags.slang_tags import slang_text

        return slang_text(context, text)
    return rich_text(text) if rich else format_html("{}", text)


@register.simple_tag(takes_context=True)
def translatable(context, obj, field_name: str, rich: bool = False, as_attr: str = "") -> SafeString:
    """The field's text, ready to be swapped for its translation."""
    original, item, target = _shown(context, obj, field_name)
    key = services.object_key(obj)
    if as_attr:
        html = format_html(
            '{}="{}" data-tr-key="{}" data-tr-field="{}" data-tr-attr="{}" data-tr-original="{}"',
            as_attr, item.text if item else original, key, field_name, as_attr, original,
        )  # fmt: skip
        if item:
            html += format_html(' data-tr-translated="{}"', item.text)
        return html
    lang = services.source_language(obj, field_name) if original.strip() else ""
    return format_html(
        '<span class="tr" data-tr-key="{}" data-tr-field="{}" data-tr-state="{}">'
        '<span class="tr-original"{}{}>{}</span>'
        '<span class="tr-translation" lang="{}"{}>{}</span></span>',
        key,
        field_name,
        "translated" if item else "original",
        format_html(' lang="{}"', _html_lang(lang)) if lang else "",
        mark_safe(" hidden") if item else "",
        _render(original, rich, context),
        _html_lang(target),
        "" if item else mark_safe(" hidden"),
        _render(item.text, rich) if item else "",
    )


def _needed(obj, user, interface: str) -> bool:
    return any(services.needs_translation(part, name, user, interface) for part, name in services.parts(obj))


@register.simple_tag(takes_context=True)
def translate_button(context, obj) -> SafeString:
    """The "Translate" / "Show original" control of a unit, when its reader needs one."""
    user, interface = _viewer(context)
    if not _needed(obj, user, interface):
        return mark_safe("")
    target = services.reader_target(user, interface)
    auto = bool(getattr(user, "auto_translate", False))
    # Only a translation shown in place needs the stored ones; the button alone asks the server.
    stored = _stored(context, obj, target) if auto else {}
    shown = auto and any(item.status in ("done", "partial") for item in stored.values())
    engine = next((item for item in stored.values() if item.engine), None)
    kind = services.kind_of(obj).name
    request = context.get("request")
    first = request is not None and not getattr(request, "_qiao_translate_js", False)
    if request is not None:
        request._qiao_translate_js = True
    html = render_to_string(
        "translation/button.html",
        {
            "key": services.object_key(obj),
            "keys": " ".join(dict.fromkeys(services.object_key(part) for part, _name in services.parts(obj))),
            "url": reverse("translation:translate", args=[kind, obj.pk]),
            "poll_url": reverse("translation:poll", args=[kind, obj.pk]),
            "target": target,
            "state": "translated" if shown else "original",
            "auto": auto and not shown,
            "engine": engine.engine if engine and shown else "",
            "model": engine.model if engine and shown else "",
            "wait_seconds": settings.QIAO_TRANSLATION_WAIT_SECONDS,
            "script": static("translation/translate.js") if first else "",
        },
    )
    return mark_safe(html)  # the template escapes every value

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
"""

from __future__ import annotations

from django import template
from django.apps import apps
from django.conf import settings
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from qiao.core.templatetags.qiao_text import rich_text

from .. import services

register = template.Library()
_CACHE = "_qiao_translation_tags"


def _viewer(context):
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return user, getattr(request, "LANGUAGE_CODE", "") if request is not None else ""


def _html_lang(code: str) -> str:
    return "zh-Hans" if code == "zh" else code


def _stored(obj, target: str) -> dict[str, services.FieldTranslation]:
    """Stored translations of ``obj``, looked up once per object and target during a render."""
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
    item = _stored(obj, target).get(field_name)
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
    stored = _stored(obj, target)
    auto = bool(getattr(user, "auto_translate", False))
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

"""Show user text with slang marked, pinyin above Chinese and the reader's script.

- ``{% slang_text note.body note.lang %}``: like ``rich_text`` (escaped, line
  breaks kept, hashtags, mentions and links linked) plus, following the
  reader's preferences, every glossary term wrapped in
  ``<span class="slang" data-term-id="…">`` around a link to its page (which
  ``slang.js`` turns into a popover), pinyin in ``<ruby>`` over Chinese
  words, and Simplified/Traditional conversion.
- ``{{ text|slang }}``: the same with default preferences (terms marked only).
- ``{% slang_explanations text texts as items %}``: the terms of a text, for
  ``slang/explain_panel.html``.
- ``{% slang_assets %}``: the popover's CSS, JS and interface strings (once per page).

Every character of user text goes through ``escape`` before any markup is
built around it; glossary text is escaped too.
"""

from __future__ import annotations

from collections.abc import Iterable

from django import template
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils.html import escape, format_html, json_script
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from qiao.core.text import Token, tokenize

from .. import services
from ..detection import Match
from ..learning import HAN, char_pinyin, convert_script, segment

register = template.Library()


def _existing_handles(tokens: list[Token]) -> set[str]:
    # Cached for the request (qiao_text.prime_mentions): a page of comments costs one query.
    from qiao.core.templatetags.qiao_text import existing_handles

    return existing_handles({token.value for token in tokens if token.kind == "mention"})


def _token_html(token: Token, handles: set[str]) -> str | None:
    """Markup for hashtags, mentions and links (as ``rich_text`` makes it); None for text."""
    if token.kind == "hashtag":
        return format_html(
            '<a class="hashtag" href="{}">{}</a>',
            reverse("feeds:hashtag", args=[token.value]),
            token.text,
        )
    if token.kind == "mention" and token.value in handles:
        return format_html(
            '<a class="mention" href="{}">{}</a>',
            reverse("feeds:profile", args=[token.value]),
            token.text,
        )
    if token.kind == "url":
        shown = token.value if len(token.value) <= 48 else token.value[:47] + "…"
        return format_html(
            '<a class="link" href="{}" rel="nofollow ugc noopener" target="_blank">{}</a>',
            token.value,
            shown,
        )
    return None


class _Renderer:
    """Builds the HTML of one text from escaped pieces, by character offsets."""

    def __init__(self, text: str, matches: list[Match], pinyin: bool) -> None:
        self.text = text
        self.matches = matches
        self.pinyin = char_pinyin(text) if pinyin and HAN.search(text) else None
        self.words = segment(text) if self.pinyin else []

    def plain(self, start: int, end: int) -> str:
        if start >= end:
            return ""
        if self.pinyin is None:
            return escape(self.text[start:end]).replace("\n", "<br>")
        parts: list[str] = []
        for word in self.words:
            a, b = max(word.start, start), min(word.end, end)
            if a >= b:
                continue
            if not word.is_han:
                parts.append(escape(self.text[a:b]).replace("\n", "<br>"))
                continue
            chars = "".join(
                format_html("<ruby>{}<rt>{}</rt></ruby>", c, self.pinyin[i])
                if self.pinyin[i]
                else escape(c)
                for i, c in enumerate(self.text[a:b], start=a)
            )
            parts.append(
                format_html(
                    '<span class="py-word" data-word="{}">{}</span>', word.text, mark_safe(chars)
                )
            )
        return "".join(parts)

    def marked(self, match: Match) -> str:
        entry = match.entry
        return format_html(
            '<span class="slang slang-{}" data-term-id="{}"><a class="slang-term" href="{}" data-term-id="{}">{}</a></span>',
            entry.register,
            entry.id,
            reverse("slang:term", args=[entry.id]),
            entry.id,
            mark_safe(self.plain(match.start, match.end)),
        )

    def span(self, start: int, end: int) -> str:
        """Text between ``start`` and ``end`` with the matches inside it marked."""
        parts: list[str] = []
        position = start
        for match in self.matches:
            if match.start < start or match.end > end:
                continue
            parts.append(self.plain(position, match.start))
            parts.append(self.marked(match))
            position = match.end
        parts.append(self.plain(position, end))
        return "".join(parts)


def render_text(
    value, *, mark: bool = True, pinyin: bool = False, script: str = "original", lang: str = ""
) -> SafeString:
    """User text as safe HTML: escaped, linked, slang marked, pinyin and script as asked."""
    text = convert_script("" if value is None else str(value), script)
    if not text:
        return mark_safe("")
    tokens = tokenize(text)
    handles = _existing_handles(tokens)
    matches = services.detect(text, lang) if mark else []
    renderer = _Renderer(text, matches, pinyin)
    parts: list[str] = []
    position = 0
    for token in tokens:
        end = position + len(token.text)
        if token.kind == "text":
            parts.append(renderer.span(position, end))
        else:  # a hashtag, mention or link is never marked inside
            html = _token_html(token, handles)
            parts.append(html if html is not None else escape(token.text))
        position = end
    return mark_safe("".join(parts))  # every piece above is escaped


@register.simple_tag(takes_context=True)
def slang_text(context, value, lang: str = "") -> SafeString:
    """``{% slang_text note.body note.lang %}``: ``rich_text`` with the reader's slang/pinyin/script choices."""
    request = context.get("request")
    prefs = services.get_preferences(request) if request is not None else services.Preferences()
    return render_text(
        value, mark=prefs.mark_slang, pinyin=prefs.show_pinyin, script=prefs.script, lang=lang or ""
    )


@register.simple_tag(takes_context=True)
def reader_script(context, value) -> str:
    """Plain text (a title, a name) in the reader's chosen script; autoescaped as usual."""
    request = context.get("request")
    prefs = services.get_preferences(request) if request is not None else services.Preferences()
    return convert_script("" if value is None else str(value), prefs.script)


@register.filter(name="slang")
def slang_filter(value, lang: str = "") -> SafeString:
    """``{{ comment.body|slang }}``: text escaped and linked, glossary terms marked."""
    return render_text(value, lang=lang or "")


def _flatten(values: Iterable) -> list[str]:
    texts: list[str] = []
    for value in values:
        if value is None or value == "":
            continue
        if isinstance(value, (list, tuple)):
            texts.extend(_flatten(value))
        else:
            texts.append(str(value))
    return texts


@register.simple_tag(takes_context=True)
def slang_explanations(context, *texts, lang: str = ""):
    """``{% slang_explanations note.title note.body as items %}``: terms found, for the panel."""
    request = context.get("request")
    return services.explain(_flatten(texts), services.reader_lang(request), lang or "")


@register.simple_tag(takes_context=True)
def slang_assets(context) -> SafeString:
    """The popover's stylesheet, script and strings; renders once per page."""
    request = context.get("request")
    if getattr(request, "_slang_assets", False) or context.render_context.get("_slang_assets"):
        return mark_safe("")
    if request is not None:
        request._slang_assets = True
    context.render_context["_slang_assets"] = True
    try:
        api = reverse("api:slang_term", args=["TERM"]).replace("TERM", "{id}")
        lookup = reverse("api:learn_lookup")
    except NoReverseMatch:  # the API is not mounted (a trimmed-down site)
        api, lookup = "", ""
    strings = {
        "api": api,
        "lookup": lookup,
        "reader": services.reader_lang(request),
        "close": _("Close"),
        "more": _("More about this term"),
        "literal": _("Literally"),
        "error": _("Couldn't load the explanation. Please try again."),
        "no_gloss": _("No dictionary entry."),
        "registers": {
            "neutral": _("Neutral"),
            "playful": _("Playful"),
            "rude": _("Rude"),
            "offensive": _("Offensive"),
        },
    }
    return format_html(
        '<link rel="stylesheet" href="{}"><script src="{}" defer></script>{}',
        static("slang/slang.css"),
        static("slang/slang.js"),
        json_script(strings, "slang-i18n"),
    )


@register.filter
def register_label(register_code: str) -> str:
    labels = {
        "neutral": _("Neutral"),
        "playful": _("Playful"),
        "rude": _("Rude"),
        "offensive": _("Offensive"),
    }
    return labels.get(register_code, register_code)


@register.filter
def join_if_list(value) -> str:
    """Lists (aliases, tags) as "a, b"; anything else as text."""
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)

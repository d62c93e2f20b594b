"""The seam to the translation pipeline: moderators read reported content in their own language.

A case's text (its ``snapshot``) is translated through the public service
``qiao.translation.services.translate_text`` when that exists, in the
background when the case opens (:mod:`.tasks`) or on demand from the queue,
and stored on the case, so the queue page is a lookup and works even for
content hidden from everyone else. When the pipeline is missing or fails, the
queue shows the original with "translation unavailable".

What surrounds the content is translated too, so a moderator can judge it:
each report's details (``report:<id>``) and, for a comment, the title of its
note (``note``) and the comment it answers (``parent``). They are stored under
``translations[<language>]["extra"]``; a report filed later is translated when
it arrives.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from .models import ModerationCase

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class ShownTranslation:
    status: str  # "same" (already in that language) | "done" | "unavailable"
    text: str = ""
    engine: str = ""


def content_language_for(interface_language: str) -> str:
    """The content language (ISO 639-1) matching an interface language code ("zh-hans" → "zh")."""
    return (interface_language or settings.LANGUAGE_CODE).split("-")[0].lower()


def translate(text: str, source: str, target: str) -> tuple[str, str] | None:
    """(translation, engine) through the translation pipeline, or None when it cannot."""
    try:
        from qiao.translation import services
    except ImportError:
        return None
    translate_text = getattr(services, "translate_text", None)
    if translate_text is None or not text.strip():
        return None
    try:
        result = translate_text(text, source or "", target)
    except Exception as exc:  # any engine or configuration failure: show the original
        logger.warning("Could not translate a moderation case into %s: %s", target, exc)
        return None
    translated = getattr(result, "text", "") or ""
    if getattr(result, "translated", 1) == 0 and translated == text:
        return None
    return translated, getattr(result, "engine", "")


def shown_translation(case: ModerationCase, target: str) -> ShownTranslation:
    """What the queue shows of ``case`` in ``target``: stored translation, same language, or unavailable."""
    if case.lang and case.lang == target:
        return ShownTranslation("same")
    stored = (case.translations or {}).get(target)
    if stored and stored.get("text"):
        return ShownTranslation("done", stored["text"], stored.get("engine", ""))
    return ShownTranslation("unavailable")


def surroundings(case: ModerationCase) -> dict[str, str]:
    """The texts around a case a moderator reads with it: report details and, for a comment, its context."""
    from .targets import target_for

    texts = {
        f"report:{report.pk}": report.details
        for report in case.reports.exclude(details="").order_by("id")
    }
    target = target_for(case.kind)
    obj = target.get(case.object_id) if target is not None and case.kind == "comment" else None
    if obj is not None:
        texts["note"] = obj.note.title
        if obj.parent_id:
            texts["parent"] = obj.parent.body
    return texts


def _foreign(text: str, target: str) -> str:
    """The language of ``text`` if it is known and not ``target`` ("" otherwise)."""
    from qiao.core.languages import detect_language

    lang = detect_language(text) if text.strip() else ""
    return lang if lang and lang != target else ""


def missing_extras(case: ModerationCase, target: str) -> dict[str, str]:
    """Surrounding texts in another language than ``target`` that have no stored translation yet."""
    stored = ((case.translations or {}).get(target) or {}).get("extra") or {}
    return {
        key: text
        for key, text in surroundings(case).items()
        if key not in stored and _foreign(text, target)
    }


def shown_extras(case: ModerationCase, target: str) -> dict[str, str]:
    """Stored translations of the surrounding texts into ``target``, by key."""
    return dict(((case.translations or {}).get(target) or {}).get("extra") or {})


def needs_translation(case: ModerationCase, target: str) -> bool:
    """Is anything a moderator reading ``target`` would see still untranslated?"""
    return shown_translation(case, target).status == "unavailable" or bool(
        missing_extras(case, target)
    )


def translate_case(case: ModerationCase, target: str) -> ShownTranslation:
    """Translate the case's text and its surroundings into ``target`` now and keep them on the case."""
    shown = shown_translation(case, target)
    main = None
    if shown.status == "unavailable":
        found = translate(case.snapshot, case.lang, target)
        if found is not None:
            main = {"text": found[0], "engine": found[1]}
            shown = ShownTranslation("done", *found)
    extras = {}
    for key, text in missing_extras(case, target).items():
        found = translate(text, _foreign(text, target), target)
        if found is not None:
            extras[key] = found[0]
    if main is None and not extras:
        return shown
    with transaction.atomic():
        locked = ModerationCase.objects.select_for_update().get(pk=case.pk)
        entry = dict((locked.translations or {}).get(target) or {})
        if main is not None:
            entry.update(main)
        if extras:
            entry["extra"] = {**(entry.get("extra") or {}), **extras}
        locked.translations = {**(locked.translations or {}), target: entry}
        locked.save(update_fields=["translations"])
    case.translations = locked.translations
    return shown


def moderator_languages() -> list[str]:
    """Content languages moderators may read the queue in: one per interface language."""
    return sorted({content_language_for(code) for code, _name in settings.LANGUAGES})

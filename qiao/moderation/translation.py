"""The seam to the translation pipeline: moderators read reported content in their own language.

A case's text (its ``snapshot``) is translated through the public service
``qiao.translation.services.translate_text`` when that exists, in the
background when the case opens (:mod:`.tasks`) or on demand from the queue,
and stored on the case, so the queue page is a lookup and works even for
content hidden from everyone else. When the pipeline is missing or fails, the
queue shows the original with "translation unavailable".
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


def translate_case(case: ModerationCase, target: str) -> ShownTranslation:
    """Translate the case's text into ``target`` now and keep it on the case."""
    if case.lang and case.lang == target:
        return ShownTranslation("same")
    found = translate(case.snapshot, case.lang, target)
    if found is None:
        return ShownTranslation("unavailable")
    text, engine = found
    with transaction.atomic():
        locked = ModerationCase.objects.select_for_update().get(pk=case.pk)
        locked.translations = {
            **(locked.translations or {}),
            target: {"text": text, "engine": engine},
        }
        locked.save(update_fields=["translations"])
    case.translations = locked.translations
    return ShownTranslation("done", text, engine)


def moderator_languages() -> list[str]:
    """Content languages moderators may read the queue in: one per interface language."""
    return sorted({content_language_for(code) for code, _name in settings.LANGUAGES})

"""The seams to the translation app: query translations (cached) and stored note translations.

:func:`translate_query` answers from Django's cache. On a miss it queues a
background translation (``QIAO_SEARCH_QUERY_TRANSLATION = "background"``, the
default: web processes never load a translation model), translates during the
request (``"inline"``, for a fast engine such as a translation server), or
does nothing (``"off"``). Translation goes through
``qiao.translation.services.translate_text``, so its translation memory,
glossary hints and output checks apply to queries too. Anything that goes
wrong means "no translation": the query is still searched as typed and
semantically.
"""

from __future__ import annotations

import hashlib
import logging

from django.conf import settings
from django.core.cache import cache

from qiao.core import ratelimit

logger = logging.getLogger(__name__)

#: Remember a failed translation this long, so a broken engine is not asked on every search.
FAILURE_TTL = 300
PENDING_TTL = 120
_FAILED = ""


def _key(kind: str, text: str, source: str, target: str) -> str:
    digest = hashlib.sha256(f"{source}>{target}\n{text}".encode()).hexdigest()[:40]
    return f"search:qt:{kind}:{digest}"


def cached_translation(text: str, source: str, target: str) -> str | None:
    """The cached translation, or None (not translated yet, or not translatable)."""
    value = cache.get(_key("done", text, source, target))
    return value or None


def remember_translation(text: str, source: str, target: str, translation: str | None) -> None:
    ttl = settings.QIAO_SEARCH_QUERY_TRANSLATION_TTL if translation else FAILURE_TTL
    cache.set(_key("done", text, source, target), translation or _FAILED, ttl)


def translate_query_now(text: str, source: str, target: str) -> str | None:
    """Translate through the translation pipeline and cache the outcome; None when unavailable."""
    try:
        from qiao.translation.engines import EngineError
        from qiao.translation.services import translate_text
    except ImportError:  # the translation app is not installed
        return None
    translation: str | None = None
    try:
        result = translate_text(text, source, target)
        if result.translated and result.text.strip() and result.text.strip() != text.strip():
            translation = " ".join(result.text.split())
    except EngineError as error:
        logger.info("Search query not translated (%s→%s): %s", source, target, error)
    except Exception:  # a misconfigured engine must not break search
        logger.exception("Search query translation failed (%s→%s)", source, target)
    remember_translation(text, source, target, translation)
    cache.delete(_key("pending", text, source, target))
    return translation


def translate_query(text: str, source: str, target: str, *, rate_key: str = "") -> str | None:
    """The query in ``target``, when known; otherwise queue or make it per QIAO_SEARCH_QUERY_TRANSLATION.

    ``rate_key`` (a user or IP) is charged the "search_translate" rate limit
    for each new translation; over the limit the query is just not translated.
    """
    if not text.strip() or not source or source == target:
        return None
    key = _key("done", text, source, target)
    cached = cache.get(key)
    if cached is not None:
        return cached or None
    mode = settings.QIAO_SEARCH_QUERY_TRANSLATION
    if mode not in {"background", "inline"}:
        return None
    if rate_key and not ratelimit.hit("search_translate", rate_key)[0]:
        return None
    if mode == "inline":
        return translate_query_now(text, source, target)
    if cache.add(_key("pending", text, source, target), 1, PENDING_TTL):
        from .tasks import translate_query_task

        try:
            result = translate_query_task.enqueue(text, source, target)
        except Exception:
            logger.exception("Could not queue a search query translation")
            return None
        # An immediate backend (tests, small setups) has the answer already.
        return cached_translation(text, source, target) if result.is_finished else None
    return None


def pending_translation(text: str, source: str, target: str) -> bool:
    return cache.get(_key("pending", text, source, target)) is not None


def notes_with_stored_translations(note_ids: list[int], target: str) -> set[int]:
    """Which of these notes have any stored translation into ``target`` (one query for a page)."""
    if not note_ids:
        return set()
    try:
        from django.contrib.contenttypes.models import ContentType

        from qiao.notes.models import Note
        from qiao.translation.models import ContentTranslation
    except ImportError:
        return set()
    return set(
        ContentTranslation.objects.filter(
            content_type=ContentType.objects.get_for_model(Note),
            object_id__in=note_ids,
            target_lang=target,
        ).values_list("object_id", flat=True)
    )


def stored_note_translation(note, target: str) -> tuple[str, str] | None:
    """(title, body) of ``note`` translated into ``target``, if the translation app has them stored.

    Never translates: a note nobody has had translated is shown in the original.
    """
    try:
        from qiao.translation.services import stored_unit
    except ImportError:
        return None
    try:
        unit = stored_unit(note, target)
    except Exception:
        logger.exception("Could not read the stored translation of note %s", note.pk)
        return None
    if unit is None:
        return None
    fields = {f.field: f for f in unit.fields if f.obj == note}
    title, body = fields.get("title"), fields.get("body")
    useful = {"done", "partial"}
    if not any(f is not None and f.status in useful for f in (title, body)):
        return None
    return (title.text if title else note.title, body.text if body else note.body)

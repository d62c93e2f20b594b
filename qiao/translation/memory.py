"""Translation memory: translate each distinct segment once, forget it with its last user.

A segment's key is the SHA-256 of its normalised text as the engine saw it
(placeholders and glossary hints included), stored with the language pair,
engine and model, so a different model never serves another's output. A row
with an empty translation records an output the checks refused, so a repeated
hostile or untranslatable segment costs no engine call either.
:func:`remember` writes rows and records which object used them;
:func:`forget_object` deletes an object's cached translations and uses, and
every memory row no other object still uses.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from .engines import GlossaryHint
from .models import ContentTranslation, MemoryUse, TranslationMemory

#: Why a segment whose memory row is empty is shown untranslated.
REFUSED = "refused earlier by the output checks"


def normalise_segment(text: str) -> str:
    """NFC, trimmed, with runs of whitespace as one space: "好看!" and " 好看! " are one segment."""
    return " ".join(unicodedata.normalize("NFC", text).split())


def segment_key(text: str, hints: Sequence[GlossaryHint] = ()) -> str:
    """The memory key of a segment (and the glossary hints it was translated with)."""
    material = normalise_segment(text)
    if hints:
        glossary = "|".join(sorted(f"{h.term}={h.target_rendering}" for h in hints))
        material += f"\x1fglossary:{glossary}"
    return hashlib.sha256(material.encode()).hexdigest()


def text_hash(text: str) -> str:
    """The hash of a whole field's text, exactly as stored."""
    return hashlib.sha256((text or "").encode()).hexdigest()


@dataclass(frozen=True)
class Entry:
    """One segment's translation, ready to be remembered."""

    key: str
    source_lang: str
    target_lang: str
    engine: str
    model: str
    source_text: str
    translation: str


def lookup(keys: Iterable[str], source_lang: str, target_lang: str, engine: str, model: str) -> dict[str, str]:
    """Translations already in memory for ``keys``; counts a hit on each row found."""
    keys = set(keys)
    if not keys:
        return {}
    # A refusal is retried once QIAO_TRANSLATION_RETRY_SECONDS have passed.
    cutoff = timezone.now() - timedelta(seconds=settings.QIAO_TRANSLATION_RETRY_SECONDS)
    rows = dict(
        TranslationMemory.objects.filter(
            key__in=keys, source_lang=source_lang, target_lang=target_lang, engine=engine, model=model
        )
        .exclude(translation="", created_at__lt=cutoff)
        .values_list("key", "translation")
    )
    if rows:
        TranslationMemory.objects.filter(
            key__in=rows, source_lang=source_lang, target_lang=target_lang, engine=engine, model=model
        ).update(hits=F("hits") + 1)
    return rows


def remember(entries: Iterable[Entry], owner=None) -> list[int]:
    """Store ``entries`` (existing rows are kept) and record ``owner`` as their user; return the row ids.

    Rows stored without an owner (the benchmark, operators' ad-hoc runs) are
    removed again by :func:`prune_orphans`.
    """
    entries = list({(e.key, e.source_lang, e.target_lang, e.engine, e.model): e for e in entries}.values())
    if not entries:
        return []
    with transaction.atomic():
        TranslationMemory.objects.bulk_create(
            [
                TranslationMemory(
                    key=e.key,
                    source_lang=e.source_lang,
                    target_lang=e.target_lang,
                    engine=e.engine,
                    model=e.model,
                    source_text=e.source_text,
                    translation=e.translation,
                )
                for e in entries
            ],
            ignore_conflicts=True,
        )
        for e in entries:  # a refusal retried successfully: keep the translation
            if e.translation:
                TranslationMemory.objects.filter(
                    key=e.key, source_lang=e.source_lang, target_lang=e.target_lang, engine=e.engine,
                    model=e.model, translation="",
                ).update(translation=e.translation, created_at=timezone.now())  # fmt: skip
        ids: list[int] = []
        for (source, target, engine, model), keys in _group(entries).items():
            ids += TranslationMemory.objects.filter(
                key__in=keys, source_lang=source, target_lang=target, engine=engine, model=model
            ).values_list("pk", flat=True)
        if owner is not None:
            content_type = ContentType.objects.get_for_model(owner, for_concrete_model=True)
            MemoryUse.objects.bulk_create(
                [MemoryUse(memory_id=pk, content_type=content_type, object_id=owner.pk) for pk in ids],
                ignore_conflicts=True,
            )
    return ids


def _group(entries: Sequence[Entry]) -> dict[tuple[str, str, str, str], list[str]]:
    groups: dict[tuple[str, str, str, str], list[str]] = {}
    for e in entries:
        groups.setdefault((e.source_lang, e.target_lang, e.engine, e.model), []).append(e.key)
    return groups


def forget(content_type: ContentType, object_ids: Iterable[int]) -> int:
    """Delete the cached translations and memory uses of some objects, and memory rows left unused.

    Returns the number of memory rows deleted.
    """
    object_ids = list(object_ids)
    if not object_ids:
        return 0
    with transaction.atomic():
        ContentTranslation.objects.filter(content_type=content_type, object_id__in=object_ids).delete()
        uses = MemoryUse.objects.filter(content_type=content_type, object_id__in=object_ids)
        memory_ids = set(uses.values_list("memory_id", flat=True))
        uses.delete()
        if not memory_ids:
            return 0
        deleted, _ = (
            TranslationMemory.objects.filter(pk__in=memory_ids)
            .exclude(Exists(MemoryUse.objects.filter(memory=OuterRef("pk"))))
            .delete()
        )
    return deleted


def forget_object(obj) -> int:
    """:func:`forget` for one model instance (which may already be deleted)."""
    return forget(ContentType.objects.get_for_model(obj, for_concrete_model=True), [obj.pk])


def prune_orphans(keep: Iterable[int] = ()) -> int:
    """Delete memory rows no object uses (e.g. left by an interrupted run), except ``keep``."""
    deleted, _ = (
        TranslationMemory.objects.exclude(pk__in=list(keep))
        .exclude(Exists(MemoryUse.objects.filter(memory=OuterRef("pk"))))
        .delete()
    )
    return deleted

"""Stored translations: the segment memory and per-object cached translations.

``TranslationMemory`` holds one row per (normalised segment, language pair,
engine, model), so a comment repeated a thousand times ("哈哈哈哈", "求链接")
is translated once. ``MemoryUse`` records which objects a memory row was
used for; when an object's text changes or the object is deleted, its uses
go, and so does every memory row no other object uses: a deleted note never
survives as a translation anywhere.

``ContentTranslation`` is the finished translation of one field of one
object (a note's title, a comment, a bio…) into one language, keyed by the
hash of the text it was made from, so a page needs one lookup per field and
an edited text can never be shown with its old translation.
"""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone


class TranslationMemory(models.Model):
    # sha256 of the normalised segment as the engine saw it (placeholders and glossary included).
    key = models.CharField(max_length=64)
    source_lang = models.CharField(max_length=8)
    target_lang = models.CharField(max_length=8)
    engine = models.CharField(max_length=32)
    model = models.CharField(max_length=200)
    source_text = models.TextField()
    # Empty: the engine's output for this segment was refused by the output checks.
    translation = models.TextField(blank=True)
    hits = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["key", "source_lang", "target_lang", "engine", "model"], name="translation_memory_key"
            )
        ]
        verbose_name_plural = "translation memory"

    def __str__(self) -> str:
        return f"{self.source_lang}→{self.target_lang} {self.source_text[:40]}"


class MemoryUse(models.Model):
    """One object whose text contained a memory row's segment."""

    memory = models.ForeignKey(TranslationMemory, on_delete=models.CASCADE, related_name="uses")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["memory", "content_type", "object_id"], name="memory_use_once")
        ]
        indexes = [models.Index(fields=["content_type", "object_id"], name="memory_use_object_idx")]


class ContentTranslation(models.Model):
    class Status(models.TextChoices):
        DONE = "done", "done"
        # Some segments failed the output checks and are shown in the original.
        PARTIAL = "partial", "partial"
        # Every segment failed the checks: the reader sees the original.
        UNAVAILABLE = "unavailable", "unavailable"

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    content_object = GenericForeignKey("content_type", "object_id")
    field = models.CharField(max_length=32)
    target_lang = models.CharField(max_length=16)
    source_lang = models.CharField(max_length=8, blank=True)
    # sha256 of the field's text when it was translated.
    source_hash = models.CharField(max_length=64)
    engine = models.CharField(max_length=32)
    model = models.CharField(max_length=200)
    text = models.TextField(blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.DONE)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "field", "target_lang", "source_hash", "engine", "model"],
                name="content_translation_once",
            )
        ]
        indexes = [
            models.Index(fields=["content_type", "object_id", "target_lang"], name="content_translation_obj_idx")
        ]

    def __str__(self) -> str:
        return f"{self.content_type.model}:{self.object_id}.{self.field} → {self.target_lang}"

"""The search index: one keyword document and one embedding per note, plus name lookups.

Everything here is derived from notes, users and hashtags and can be rebuilt
with ``qiao search_reindex``. None of it decides who may see a note.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone


class SearchDocument(models.Model):
    """A note's text as the keyword index sees it.

    ``title`` and ``body`` hold the note's own text split into words by jieba,
    the words joined by U+200B (zero-width space): both full-text engines
    treat it as a word boundary, and removing it gives back the original text,
    so highlighted snippets come straight from the engine. ``extra`` holds
    lower-cased search words that are not in the text as written: jieba's
    sub-words, hashtags, location, image descriptions, the Simplified form of
    Traditional text, and pinyin of the title and hashtags.

    On SQLite the FTS5 table ``search_fts`` indexes these columns (kept in step
    by triggers, see migration 0002); on PostgreSQL a trigger fills the
    ``search_vector`` column (not declared here) that a GIN index covers.
    """

    note = models.OneToOneField(
        "notes.Note", on_delete=models.CASCADE, primary_key=True, related_name="search_document"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    lang = models.CharField(max_length=8, blank=True)
    title = models.TextField(blank=True)
    body = models.TextField(blank=True)
    extra = models.TextField(blank=True)
    indexed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"search document of note {self.note_id}"


class NoteEmbedding(models.Model):
    """A note's multilingual embedding: float32 little-endian bytes, L2-normalised."""

    note = models.OneToOneField(
        "notes.Note", on_delete=models.CASCADE, primary_key=True, related_name="embedding"
    )
    model = models.CharField(max_length=200)
    dim = models.PositiveSmallIntegerField()
    vector = models.BinaryField()
    # sha256 of the passage text and model: an unchanged note is never embedded twice.
    text_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["model"], name="search_embedding_model_idx")]

    def __str__(self) -> str:
        return f"embedding of note {self.note_id} ({self.model})"


class VectorChange(models.Model):
    """One note whose embedding was written or removed: the log ANN indexes catch up from.

    The id is the generation: a process whose index has applied every change
    up to id N applies those after N (see qiao.search.vectors).
    """

    note_id = models.BigIntegerField()
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    def __str__(self) -> str:
        return f"change {self.pk}: note {self.note_id}"


class UserSearchEntry(models.Model):
    """Pinyin of a person's display name, so "zhangwei" finds 张伟."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="search_entry",
    )
    # Syllables joined ("zhangwei") and initials ("zw"), space-separated, lower-case.
    pinyin = models.CharField(max_length=400, blank=True)

    def __str__(self) -> str:
        return f"search entry of user {self.user_id}"


class HashtagSearchEntry(models.Model):
    """Pinyin of a hashtag, so "huoguo" finds #火锅."""

    hashtag = models.OneToOneField(
        "notes.Hashtag", on_delete=models.CASCADE, primary_key=True, related_name="search_entry"
    )
    pinyin = models.CharField(max_length=400, blank=True)

    def __str__(self) -> str:
        return f"search entry of hashtag {self.hashtag_id}"

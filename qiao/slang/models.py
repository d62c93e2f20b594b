"""The community glossary (proposals, votes, live entries, history) and reader preferences.

Shipped terms live in ``data/*.toml``; a :class:`GlossaryEntry` row is an
approved community entry on top of them (same ``term_id``: it overrides the
shipped term). Every change to the live glossary appends a
:class:`GlossaryRevision` with the full entry as it became, so the history
of a term can always be read back.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import glossary

LANGUAGE_CHOICES = [("zh", _("Chinese")), ("en", _("English"))]
REGISTER_CHOICES = [
    ("neutral", _("Neutral")),
    ("playful", _("Playful")),
    ("rude", _("Rude")),
    ("offensive", _("Offensive")),
]
TEXT_FIELDS = (
    "term",
    "lang",
    "pinyin",
    "expansion",
    "literal",
    "meaning_en",
    "meaning_zh",
    "translation_en",
    "translation_zh",
    "register",
    "example",
    "example_translation",
    "notes",
)
ENTRY_FIELDS = (*TEXT_FIELDS, "aliases", "tags", "ambiguous")


class EntryFields(models.Model):
    """The fields of a glossary entry, as in the TOML schema (docs/glossary.md)."""

    term = models.CharField(_("term"), max_length=60)
    lang = models.CharField(
        _("language the term is used in"), max_length=2, choices=LANGUAGE_CHOICES
    )
    aliases = models.JSONField(_("aliases"), default=list, blank=True)
    pinyin = models.CharField(_("pinyin"), max_length=200, blank=True)
    expansion = models.CharField(_("full form"), max_length=200, blank=True)
    literal = models.CharField(_("literal gloss"), max_length=300)
    meaning_en = models.TextField(_("meaning in English"), max_length=1000)
    meaning_zh = models.TextField(_("meaning in Chinese"), max_length=1000)
    translation_en = models.CharField(_("short English rendering"), max_length=200)
    translation_zh = models.CharField(_("short Chinese rendering"), max_length=200)
    register = models.CharField(_("register"), max_length=10, choices=REGISTER_CHOICES)
    example = models.CharField(_("example sentence"), max_length=300)
    example_translation = models.CharField(_("example translation"), max_length=400)
    tags = models.JSONField(_("tags"), default=list, blank=True)
    notes = models.TextField(_("usage notes"), max_length=1000, blank=True)
    ambiguous = models.BooleanField(_("also an everyday word"), default=False)

    class Meta:
        abstract = True

    def entry_data(self) -> dict[str, Any]:
        """The entry's fields as a TOML ``[[term]]`` table would hold them."""
        data: dict[str, Any] = {name: getattr(self, name) for name in ENTRY_FIELDS}
        data["aliases"] = list(self.aliases or [])
        data["tags"] = list(self.tags or [])
        return data

    def to_entry(self, term_id: str, version: str = "community") -> glossary.GlossaryEntry:
        return glossary.GlossaryEntry(
            id=term_id,
            term=self.term,
            lang=self.lang,
            aliases=tuple(self.aliases or ()),
            literal=self.literal,
            meaning_en=self.meaning_en,
            meaning_zh=self.meaning_zh,
            translation_en=self.translation_en,
            translation_zh=self.translation_zh,
            register=self.register,
            example=self.example,
            example_translation=self.example_translation,
            tags=tuple(self.tags or ()),
            pinyin=self.pinyin,
            expansion=self.expansion,
            notes=self.notes,
            ambiguous=self.ambiguous,
            version=version,
        )


class GlossaryEntry(EntryFields):
    """An approved community entry, live on top of the shipped glossary."""

    term_id = models.SlugField(max_length=80, unique=True)
    # False: retired by a moderator; a retired shipped id hides the shipped term too.
    is_active = models.BooleanField(default=True)
    proposal = models.ForeignKey(
        "TermProposal", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("community glossary entry")
        verbose_name_plural = _("community glossary entries")

    def __str__(self) -> str:
        return f"{self.term_id} ({self.term})"

    def to_entry(
        self, term_id: str | None = None, version: str = "community"
    ) -> glossary.GlossaryEntry:
        return super().to_entry(term_id or self.term_id, version)


class TermProposal(EntryFields):
    """A user's proposal: a new term, or a better explanation of an existing one."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="term_proposals"
    )
    # "" for a new term; else the id of the entry it would replace.
    target_term_id = models.CharField(max_length=80, blank=True, db_index=True)
    # The entry as it was when the change was proposed (for showing what changes).
    base_snapshot = models.JSONField(default=dict, blank=True)
    rationale = models.TextField(_("why this change"), max_length=1000, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    # Hidden by moderation: out of every list, kept for review.
    is_hidden = models.BooleanField(default=False)
    up_count = models.PositiveIntegerField(default=0)
    down_count = models.PositiveIntegerField(default=0)
    score = models.IntegerField(default=0)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_note = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [
            models.Index(
                fields=["status", "is_hidden", "-score", "-id"], name="slang_proposal_queue"
            )
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.term}"

    @property
    def is_change(self) -> bool:
        return bool(self.target_term_id)

    @property
    def explanation(self) -> str:
        """Everything the proposer wrote, for the moderation checks and moderators."""
        parts = [
            ", ".join(self.aliases or []),
            self.expansion,
            self.literal,
            self.meaning_en,
            self.meaning_zh,
            self.translation_en,
            self.translation_zh,
            self.example,
            self.example_translation,
            self.notes,
            self.rationale,
        ]
        return "\n".join(part for part in parts if part)


class Vote(models.Model):
    """One person's vote on one proposal: +1 or -1."""

    proposal = models.ForeignKey(TermProposal, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    value = models.SmallIntegerField(choices=[(1, "up"), (-1, "down")])
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["proposal", "user"], name="slang_one_vote_per_user")
        ]


class RevisionQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Glossary revisions are append-only.")

    def delete(self):
        raise TypeError("Glossary revisions are append-only.")


class GlossaryRevision(models.Model):
    """One change to the live glossary: who, when, what, and the entry as it became."""

    class Action(models.TextChoices):
        ADDED = "added", _("Added")
        CHANGED = "changed", _("Changed")
        RETIRED = "retired", _("Retired")
        RESTORED = "restored", _("Restored")

    term_id = models.CharField(max_length=80, db_index=True)
    action = models.CharField(max_length=10, choices=Action.choices)
    snapshot = models.JSONField()
    proposal = models.ForeignKey(
        TermProposal, null=True, blank=True, on_delete=models.SET_NULL, related_name="revisions"
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    summary = models.CharField(max_length=500, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("Glossary revisions are append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Glossary revisions are append-only.")


class ReaderPreferences(models.Model):
    """How a reader wants text shown: slang marked, pinyin, Simplified/Traditional."""

    class Script(models.TextChoices):
        ORIGINAL = "original", _("As written")
        SIMPLIFIED = "simplified", _("Simplified")
        TRADITIONAL = "traditional", _("Traditional")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reader_preferences"
    )
    mark_slang = models.BooleanField(_("mark slang terms"), default=True)
    show_pinyin = models.BooleanField(_("show pinyin above Chinese"), default=False)
    script = models.CharField(
        _("Chinese characters"), max_length=12, choices=Script.choices, default=Script.ORIGINAL
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name_plural = _("reader preferences")

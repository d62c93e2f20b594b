"""Moderation records: reports, cases (the queue), the audit log, standing, rules, site settings.

Reports and cases point at their target generically (content type + object
id), so notes, comments, users and glossary proposals (once that app exists)
are all reportable with the same tables.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_DETAILS = 500
MAX_REASON_TEXT = 1000
MAX_RULE_PATTERN = 200


class Reason(models.TextChoices):
    SPAM = "spam", _("Spam or scam")
    HARASSMENT = "harassment", _("Harassment or bullying")
    HATE = "hate", _("Hate or discrimination")
    SEXUAL = "sexual", _("Sexual content")
    VIOLENCE = "violence", _("Violence or threats")
    MISINFORMATION = "misinformation", _("Misinformation")
    ILLEGAL = "illegal", _("Illegal content")
    OTHER = "other", _("Something else")


class Kind(models.TextChoices):
    """What a report or case is about."""

    NOTE = "note", _("Note")
    COMMENT = "comment", _("Comment")
    USER = "user", _("Account")
    GLOSSARY = "glossary", _("Glossary proposal")


class ModerationCase(models.Model):
    """One object in the moderator queue: its open reports and/or an automatic hold.

    At most one open case per object; reports filed while it is open join it.
    """

    class Source(models.TextChoices):
        REPORT = "report", _("Reported")
        AUTOMATIC = "automatic", _("Automatic check")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        RESOLVED = "resolved", _("Resolved")

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # The author of the content (or the account itself); kept when the content is deleted.
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    source = models.CharField(max_length=10, choices=Source.choices)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    # The reviewed text as it was when the case was opened (or last updated).
    snapshot = models.TextField(blank=True)
    lang = models.CharField(max_length=8, blank=True)
    # The automatic check's verdict: {"outcome", "reasons", "rule_ids", "score"}.
    verdict = models.JSONField(default=dict, blank=True)
    # Translations of ``snapshot`` for moderators: {"en": {"text": ..., "engine": ...}}.
    translations = models.JSONField(default=dict, blank=True)
    # The content is hidden until a moderator decides (automatic hold / surge mode).
    held = models.BooleanField(default=False)
    report_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"],
                condition=Q(status="open"),
                name="one_open_case_per_object",
            )
        ]
        indexes = [models.Index(fields=["status", "-created_at"], name="case_queue_idx")]
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.object_id} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN


class Report(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        UPHELD = "upheld", _("Upheld")
        DISMISSED = "dismissed", _("Dismissed")

    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="moderation_reports"
    )
    case = models.ForeignKey(ModerationCase, on_delete=models.CASCADE, related_name="reports")
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    reason = models.CharField(_("reason"), max_length=20, choices=Reason.choices)
    details = models.TextField(_("details"), max_length=MAX_DETAILS, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_at = models.DateTimeField(default=timezone.now)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["reporter", "content_type", "object_id"],
                condition=Q(status="open"),
                name="one_open_report_per_reporter_and_object",
            )
        ]
        indexes = [models.Index(fields=["reporter", "status"], name="report_reporter_idx")]
        ordering = ["-created_at", "-id"]


class ActionQuerySet(models.QuerySet):
    """The audit log is append-only: bulk updates and deletes are refused."""

    def update(self, **kwargs):
        raise PermissionError("The moderation audit log is append-only.")

    def delete(self):
        raise PermissionError("The moderation audit log is append-only.")


class ModerationAction(models.Model):
    """One entry of the audit log: who did what to which target, when and why."""

    class Action(models.TextChoices):
        DISMISS = "dismiss", _("Dismiss")
        HIDE = "hide", _("Hide")
        DELETE = "delete", _("Delete")
        WARN = "warn", _("Warn")
        SUSPEND = "suspend", _("Suspend")
        BAN = "ban", _("Ban")
        RESTORE = "restore", _("Restore")
        # Recorded by the system and by admins, not chosen in the queue:
        HOLD = "hold", _("Held by automatic check")
        SURGE_ON = "surge_on", _("Surge mode on")
        SURGE_OFF = "surge_off", _("Surge mode off")
        RULE = "rule", _("Rule changed")

    # None: the automatic checks. The handle is kept for the record if the account goes.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_handle = models.CharField(max_length=30, blank=True)
    action = models.CharField(max_length=12, choices=Action.choices)
    case = models.ForeignKey(
        ModerationCase, on_delete=models.SET_NULL, null=True, blank=True, related_name="actions"
    )
    content_type = models.ForeignKey(ContentType, on_delete=models.SET_NULL, null=True, blank=True)
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    target_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    target_repr = models.CharField(max_length=200, blank=True)
    reason = models.TextField(blank=True)
    duration_days = models.PositiveIntegerField(null=True, blank=True)
    # The target's text at the time, so deleted content stays on the record.
    snapshot = models.TextField(blank=True)
    # Done as part of another action: the posts a ban hid, and those its restore brought back.
    part_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="parts"
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ActionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["target_user", "-created_at"], name="action_target_user_idx"),
            models.Index(fields=["content_type", "object_id"], name="action_target_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.target_repr}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise PermissionError("The moderation audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("The moderation audit log is append-only.")


class Standing(models.Model):
    """A person's moderation standing: strikes, suspension, ban."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="standing",
    )
    strikes = models.PositiveIntegerField(default=0)
    suspended_until = models.DateTimeField(null=True, blank=True)
    banned_at = models.DateTimeField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    @property
    def is_suspended(self) -> bool:
        return self.suspended_until is not None and self.suspended_until > timezone.now()

    @property
    def is_banned(self) -> bool:
        return self.banned_at is not None


PINYIN_RULE_RE = re.compile(r"^[a-zü:v1-5' ]+$")


class Rule(models.Model):
    """A keyword, regex or pinyin rule of the automatic checks, managed by moderators."""

    class Type(models.TextChoices):
        KEYWORD = "keyword", _("Word or phrase")
        REGEX = "regex", _("Regular expression")
        PINYIN = "pinyin", _("Pinyin spelling")

    class Outcome(models.TextChoices):
        HOLD = "hold", _("Hold for review")
        REJECT = "reject", _("Reject")

    type = models.CharField(_("type"), max_length=10, choices=Type.choices, default=Type.KEYWORD)
    pattern = models.CharField(_("pattern"), max_length=MAX_RULE_PATTERN)
    outcome = models.CharField(
        _("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.HOLD
    )
    # "" = every language; else a content language code (QIAO_CONTENT_LANGUAGES).
    lang = models.CharField(_("language"), max_length=8, blank=True)
    # Chinese words: also match other characters with the same pinyin (草泥马 ~ 艹尼玛).
    homophones = models.BooleanField(_("match homophones"), default=True)
    is_active = models.BooleanField(_("active"), default=True)
    note = models.CharField(_("note for moderators"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["type", "pattern", "id"]
        constraints = [
            models.UniqueConstraint(fields=["type", "pattern", "lang"], name="rule_unique_pattern")
        ]

    def __str__(self) -> str:
        return f"{self.get_type_display()}: {self.pattern}"

    def clean(self) -> None:
        self.pattern = (self.pattern or "").strip()
        if not self.pattern:
            raise ValidationError({"pattern": _("Enter a pattern.")})
        if self.type == self.Type.REGEX:
            try:
                re.compile(self.pattern)
            except re.error as exc:
                raise ValidationError(
                    {"pattern": _("This is not a valid regular expression: %(e)s") % {"e": exc}}
                ) from None
        elif self.type == self.Type.PINYIN and not PINYIN_RULE_RE.match(self.pattern.lower()):
            raise ValidationError(
                {"pattern": _("Write pinyin in Latin letters, e.g. “cao ni ma” or “caonima”.")}
            )
        if self.lang and self.lang not in settings.QIAO_CONTENT_LANGUAGES:
            raise ValidationError({"lang": _("This language is not supported here.")})


SITE_SETTINGS_CACHE_KEY = "moderation:site-settings:v1"


class SiteSettings(models.Model):
    """Site-wide moderation switches (a single row, cached)."""

    surge_mode = models.BooleanField(
        _("surge mode"),
        default=False,
        help_text=_("Tightens every limit and holds the first posts of new accounts for review."),
    )
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("site settings")
        verbose_name_plural = _("site settings")

    def __str__(self) -> str:
        return str(_("Moderation settings"))

    def save(self, *args, **kwargs):
        self.pk = 1
        super().save(*args, **kwargs)
        cache.delete(SITE_SETTINGS_CACHE_KEY)

    @classmethod
    def load(cls) -> SiteSettings:
        """The settings row, from the cache (a minute at most behind in another process)."""
        found = cache.get(SITE_SETTINGS_CACHE_KEY)
        if found is None:
            found = cls.objects.filter(pk=1).first() or cls(pk=1)
            cache.set(SITE_SETTINGS_CACHE_KEY, found, 60)
        return found

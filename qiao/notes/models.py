"""Notes: a photo carousel with a title, text, hashtags and a location."""

import math

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_TITLE = 100
MAX_BODY = 5000
MAX_LOCATION = 100
MAX_ALT_TEXT = 300


class Hashtag(models.Model):
    # Normalised: NFKC, lower-cased, without the leading "#".
    name = models.CharField(max_length=64, unique=True)
    note_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"#{self.name}"


class NoteQuerySet(models.QuerySet):
    def visible_to(self, user) -> "NoteQuerySet":
        """Notes ``user`` may see: public ones, followers-only ones of people they follow, and their own."""
        qs = self.filter(is_hidden=False)
        if user is None or not user.is_authenticated:
            return qs.filter(visibility=Note.Visibility.PUBLIC)
        from qiao.social.models import Follow

        followed = Follow.objects.filter(follower_id=user.pk).values("followee_id")
        return qs.filter(
            Q(visibility=Note.Visibility.PUBLIC)
            | Q(author_id=user.pk)
            | Q(visibility=Note.Visibility.FOLLOWERS, author_id__in=followed)
        )

    def public(self) -> "NoteQuerySet":
        return self.filter(is_hidden=False, visibility=Note.Visibility.PUBLIC)


class Note(models.Model):
    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        FOLLOWERS = "followers", _("Followers only")
        PRIVATE = "private", _("Only me")

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notes")
    title = models.CharField(_("title"), max_length=MAX_TITLE)
    body = models.TextField(_("text"), max_length=MAX_BODY, blank=True)
    location = models.CharField(_("location"), max_length=MAX_LOCATION, blank=True)
    visibility = models.CharField(max_length=10, choices=Visibility.choices, default=Visibility.PUBLIC)
    # Detected source language (ISO 639-1, "" = unknown); lang_set_by_author stops re-detection.
    lang = models.CharField(max_length=8, blank=True)
    lang_set_by_author = models.BooleanField(default=False)
    hashtags = models.ManyToManyField(Hashtag, related_name="notes", blank=True)
    # Hidden by moderation: gone from every listing, kept for restore.
    is_hidden = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    edited_at = models.DateTimeField(null=True, blank=True)
    # Denormalised counters, kept by qiao.social.services.
    like_count = models.PositiveIntegerField(default=0)
    collect_count = models.PositiveIntegerField(default=0)
    comment_count = models.PositiveIntegerField(default=0)
    # Explore ranking; see compute_rank().
    rank = models.FloatField(default=0.0)

    objects = NoteQuerySet.as_manager()

    class Meta:
        indexes = [
            models.Index(fields=["-rank", "-id"], name="note_rank_idx"),
            models.Index(fields=["author", "-id"], name="note_author_idx"),
            models.Index(fields=["visibility", "is_hidden", "-id"], name="note_visible_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def cover(self) -> "NoteImage | None":
        images = list(self.images.all())
        return images[0] if images else None

    def compute_rank(self) -> float:
        """Recency plus engagement, on a log scale (as in Reddit's "hot").

        Every 12 hours of age is worth a tenfold difference in engagement, so
        fresh notes surface while well-loved ones stay up longer. The value
        never needs decaying: newer notes simply start higher.
        """
        engagement = self.like_count + 2 * self.collect_count + 3 * self.comment_count
        return round(math.log10(max(engagement, 1) + 1) + self.created_at.timestamp() / 43200, 6)


def note_image_path(instance: "NoteImage", filename: str) -> str:
    return f"notes/{instance.note_id}/{filename}"


class NoteImage(models.Model):
    note = models.ForeignKey(Note, on_delete=models.CASCADE, related_name="images")
    position = models.PositiveSmallIntegerField(default=0)
    image = models.ImageField(upload_to=note_image_path, width_field="width", height_field="height")
    thumbnail = models.ImageField(upload_to=note_image_path, blank=True)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    # Image description (alt text), shown to screen readers and translated like a caption.
    alt_text = models.CharField(max_length=MAX_ALT_TEXT, blank=True)

    class Meta:
        ordering = ["position", "id"]

    @property
    def aspect_ratio(self) -> float:
        return self.height / self.width if self.width else 1.0

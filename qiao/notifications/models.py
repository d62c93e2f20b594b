from django.conf import settings
from django.db import models
from django.utils import timezone


class Notification(models.Model):
    class Verb(models.TextChoices):
        LIKE = "like"
        COLLECT = "collect"
        COMMENT = "comment"
        REPLY = "reply"
        MENTION = "mention"
        FOLLOW = "follow"
        COMMENT_LIKE = "comment_like"

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    verb = models.CharField(max_length=16, choices=Verb.choices)
    note = models.ForeignKey("notes.Note", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    comment = models.ForeignKey("social.Comment", on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            models.Index(fields=["recipient", "-id"]),
            models.Index(fields=["recipient", "read_at"]),
        ]
        ordering = ["-id"]

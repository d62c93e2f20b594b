"""Interactions: likes (of notes and of comments), collections into boards, comments, follows."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

MAX_COMMENT = 1000
MAX_BOARD_NAME = 50


class Like(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="likes")
    note = models.ForeignKey("notes.Note", on_delete=models.CASCADE, related_name="likes")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "note"], name="like_once")]
        indexes = [models.Index(fields=["user", "-created_at"])]


class Board(models.Model):
    """A named collection (收藏 / 专辑) of notes."""

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="boards")
    name = models.CharField(_("name"), max_length=MAX_BOARD_NAME)
    name_lang = models.CharField(max_length=8, blank=True)
    description = models.CharField(_("description"), max_length=300, blank=True)
    is_private = models.BooleanField(_("private"), default=False)
    # The board a plain "collect" goes to; created on a person's first collect.
    is_default = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    item_count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["owner", "name"], name="board_name_unique_per_owner"),
            models.UniqueConstraint(
                fields=["owner"], condition=Q(is_default=True), name="one_default_board_per_owner"
            ),
        ]
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.name


class Collect(models.Model):
    board = models.ForeignKey(Board, on_delete=models.CASCADE, related_name="items")
    note = models.ForeignKey("notes.Note", on_delete=models.CASCADE, related_name="collects")
    # Denormalised from board.owner so "has this user collected this note" is one index lookup.
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="collects")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["board", "note"], name="collect_once_per_board")]
        indexes = [models.Index(fields=["user", "note"])]


class Comment(models.Model):
    note = models.ForeignKey("notes.Note", on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comments")
    # One level of replies: a reply's parent is always a top-level comment.
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies")
    # The person replied to, for "回复 @someone" on replies to replies.
    reply_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    body = models.TextField(max_length=MAX_COMMENT)
    lang = models.CharField(max_length=8, blank=True)
    is_hidden = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    like_count = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["note", "parent", "id"])]
        ordering = ["id"]


class CommentLike(models.Model):
    """A heart on a comment; ``Comment.like_count`` counts them (kept by qiao.social.services)."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comment_likes")
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="likes")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        # The unique index also answers "which of these comments has this person liked".
        constraints = [models.UniqueConstraint(fields=["user", "comment"], name="comment_like_once")]


class Follow(models.Model):
    follower = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="following")
    followee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="followers")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["follower", "followee"], name="follow_once"),
            models.CheckConstraint(condition=~Q(follower=F("followee")), name="no_self_follow"),
        ]
        indexes = [models.Index(fields=["followee", "-created_at"])]

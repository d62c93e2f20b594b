from django.contrib import admin

from .models import Board, Collect, Comment, CommentLike, Follow, Like


@admin.register(Like)
class LikeAdmin(admin.ModelAdmin):
    list_display = ("user", "note", "created_at")
    raw_id_fields = ("user", "note")
    date_hierarchy = "created_at"


@admin.register(Board)
class BoardAdmin(admin.ModelAdmin):
    list_display = ("name", "owner", "is_private", "is_default", "item_count", "created_at")
    list_filter = ("is_private", "is_default")
    search_fields = ("name", "owner__handle")
    raw_id_fields = ("owner",)
    readonly_fields = ("item_count",)


@admin.register(Collect)
class CollectAdmin(admin.ModelAdmin):
    list_display = ("board", "note", "user", "created_at")
    raw_id_fields = ("board", "note", "user")


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    """Moderators hide comments here (is_hidden) rather than deleting them."""

    list_display = ("id", "author", "note", "short_body", "lang", "is_hidden", "created_at")
    list_filter = ("is_hidden", "lang")
    search_fields = ("body", "author__handle")
    raw_id_fields = ("note", "author", "parent", "reply_to")
    list_editable = ("is_hidden",)

    @admin.display(description="body")
    def short_body(self, comment: Comment) -> str:
        return comment.body[:80]


@admin.register(CommentLike)
class CommentLikeAdmin(admin.ModelAdmin):
    list_display = ("user", "comment", "created_at")
    raw_id_fields = ("user", "comment")
    date_hierarchy = "created_at"


@admin.register(Follow)
class FollowAdmin(admin.ModelAdmin):
    list_display = ("follower", "followee", "created_at")
    raw_id_fields = ("follower", "followee")

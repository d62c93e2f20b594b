"""Admin for notes and hashtags.

Photos are read-only here (uploads must go through qiao.notes.images), and
deleting notes goes through qiao.notes.services so counters and files stay right.
"""

from django.contrib import admin
from django.db import transaction
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Hashtag, Note, NoteImage


class NoteImageInline(admin.TabularInline):
    model = NoteImage
    extra = 0
    can_delete = False
    fields = ("preview", "position", "width", "height", "alt_text")
    readonly_fields = ("preview", "position", "width", "height")

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("photo"))
    def preview(self, image: NoteImage) -> str:
        source = image.thumbnail or image.image
        if not source:
            return "—"
        return format_html(
            '<img src="{}" alt="" style="height:80px;border-radius:6px">', source.url
        )


@admin.register(Note)
class NoteAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "title",
        "author",
        "visibility",
        "lang",
        "is_hidden",
        "like_count",
        "comment_count",
        "created_at",
    )
    list_filter = ("visibility", "is_hidden", "lang", "created_at")
    search_fields = ("title", "body", "author__handle")
    raw_id_fields = ("author",)
    # Text is edited by its author (services keep hashtags and language in step); moderators hide.
    # is_hidden changes through the actions below, which keep counters and indexes right.
    readonly_fields = (
        "is_hidden",
        "author",
        "title",
        "body",
        "location",
        "lang",
        "lang_set_by_author",
        "hashtags",
        "like_count",
        "collect_count",
        "comment_count",
        "rank",
        "created_at",
        "updated_at",
        "edited_at",
    )
    fields = (
        "author",
        "title",
        "body",
        "location",
        "visibility",
        ("lang", "lang_set_by_author"),
        "is_hidden",
        "hashtags",
        ("like_count", "collect_count", "comment_count", "rank"),
        ("created_at", "updated_at", "edited_at"),
    )
    inlines = (NoteImageInline,)
    date_hierarchy = "created_at"
    list_select_related = ("author",)
    actions = ("hide_notes", "unhide_notes")

    def has_add_permission(self, request) -> bool:
        return False  # notes are published with photos through the site or the API

    def delete_model(self, request, obj: Note) -> None:
        services.delete_note(obj, request.user)

    def delete_queryset(self, request, queryset) -> None:
        for note in queryset:
            services.delete_note(note, request.user)

    @admin.action(description=_("Hide selected notes (moderation)"))
    def hide_notes(self, request, queryset) -> None:
        _set_hidden(request, queryset, True)

    @admin.action(description=_("Show selected hidden notes again"))
    def unhide_notes(self, request, queryset) -> None:
        _set_hidden(request, queryset, False)


def _set_hidden(request, queryset, hidden: bool) -> None:
    """Hide or show notes as moderation does: counters, signals (search, translations,
    caches) and one audit log entry per note that changed."""
    from qiao.moderation.models import ModerationAction
    from qiao.moderation.services import hide, record, restore
    from qiao.moderation.targets import target_for

    action = ModerationAction.Action.HIDE if hidden else ModerationAction.Action.RESTORE
    reason = str(_("From the Django admin."))
    for note in queryset.select_related("author").exclude(is_hidden=hidden):
        with transaction.atomic():
            (hide if hidden else restore)(note, "note")
            record(request.user, action, obj=note, kind="note", target_user=note.author,
                   reason=reason, snapshot=target_for("note").text(note))  # fmt: skip


@admin.register(Hashtag)
class HashtagAdmin(admin.ModelAdmin):
    list_display = ("name", "note_count", "created_at")
    search_fields = ("name",)
    readonly_fields = ("note_count", "created_at")
    ordering = ("-note_count", "name")

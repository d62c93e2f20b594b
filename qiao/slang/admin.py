from django.contrib import admin

from .models import GlossaryEntry, GlossaryRevision, ReaderPreferences, TermProposal, Vote


@admin.register(TermProposal)
class TermProposalAdmin(admin.ModelAdmin):
    list_display = (
        "id",
        "term",
        "lang",
        "target_term_id",
        "author",
        "status",
        "score",
        "is_hidden",
        "created_at",
    )
    list_filter = ("status", "lang", "is_hidden")
    search_fields = ("term", "meaning_en", "meaning_zh", "author__handle")
    raw_id_fields = ("author", "reviewed_by")
    readonly_fields = ("up_count", "down_count", "score", "reviewed_by", "reviewed_at")


@admin.register(GlossaryEntry)
class GlossaryEntryAdmin(admin.ModelAdmin):
    """Read-only: changes go through proposals so that every one is reviewed and recorded."""

    list_display = ("term_id", "term", "lang", "register", "is_active", "approved_by", "updated_at")
    list_filter = ("lang", "register", "is_active")
    search_fields = ("term_id", "term", "meaning_en", "meaning_zh")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(GlossaryRevision)
class GlossaryRevisionAdmin(admin.ModelAdmin):
    """Append-only history."""

    list_display = ("term_id", "action", "changed_by", "created_at")
    list_filter = ("action",)
    search_fields = ("term_id",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(Vote)
admin.site.register(ReaderPreferences)

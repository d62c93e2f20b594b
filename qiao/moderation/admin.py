"""Django admin for admins: rules, site settings and standing are editable; the audit log is read-only.

Moderator decisions go through the queue (qiao.moderation.services) so they
are audited; the admin shows cases and reports but does not change them.
"""

from django.contrib import admin

from .models import ModerationAction, ModerationCase, Report, Rule, SiteSettings, Standing


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ModerationAction)
class ModerationActionAdmin(ReadOnlyAdmin):
    list_display = (
        "created_at",
        "actor_handle",
        "action",
        "target_repr",
        "target_user",
        "duration_days",
    )
    list_filter = ("action", "created_at")
    search_fields = ("actor_handle", "target_repr", "reason", "target_user__handle")
    date_hierarchy = "created_at"


class ReportInline(admin.TabularInline):
    model = Report
    extra = 0
    can_delete = False
    fields = ("reporter", "reason", "details", "status", "created_at")
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ModerationCase)
class ModerationCaseAdmin(ReadOnlyAdmin):
    list_display = (
        "id",
        "kind",
        "object_id",
        "source",
        "status",
        "held",
        "report_count",
        "target_user",
        "created_at",
    )
    list_filter = ("status", "kind", "source", "held")
    search_fields = ("snapshot", "target_user__handle")
    inlines = [ReportInline]


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ("id", "reporter", "reason", "status", "case", "created_at")
    list_filter = ("reason", "status")
    search_fields = ("reporter__handle", "details")


@admin.register(Rule)
class RuleAdmin(admin.ModelAdmin):
    list_display = (
        "pattern",
        "type",
        "outcome",
        "lang",
        "homophones",
        "is_active",
        "created_by",
        "updated_at",
    )
    list_filter = ("type", "outcome", "lang", "is_active")
    search_fields = ("pattern", "note")
    readonly_fields = ("created_by", "created_at", "updated_at")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)


@admin.register(Standing)
class StandingAdmin(admin.ModelAdmin):
    list_display = ("user", "strikes", "suspended_until", "banned_at", "updated_at")
    search_fields = ("user__handle",)
    raw_id_fields = ("user",)
    readonly_fields = ("banned_at",)


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    list_display = ("__str__", "surge_mode", "updated_at", "updated_by")
    readonly_fields = ("updated_at", "updated_by")
    fields = ("surge_mode", "updated_at", "updated_by")

    def has_add_permission(self, request) -> bool:
        return not SiteSettings.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change):
        from .services import Action, record

        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
        if "surge_mode" in form.changed_data:
            record(
                request.user,
                Action.SURGE_ON if obj.surge_mode else Action.SURGE_OFF,
                reason="(admin)",
            )

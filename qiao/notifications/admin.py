from django.contrib import admin

from .models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ("recipient", "actor", "verb", "note", "created_at", "read_at")
    list_filter = ("verb",)
    raw_id_fields = ("recipient", "actor", "note", "comment")
    search_fields = ("recipient__handle", "actor__handle")

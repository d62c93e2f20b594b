from django.contrib import admin

from .models import ContentTranslation, TranslationMemory


@admin.register(TranslationMemory)
class TranslationMemoryAdmin(admin.ModelAdmin):
    list_display = ("source_text", "translation", "source_lang", "target_lang", "engine", "model", "hits", "created_at")
    list_filter = ("source_lang", "target_lang", "engine")
    search_fields = ("source_text", "translation")
    readonly_fields = [f.name for f in TranslationMemory._meta.fields]


@admin.register(ContentTranslation)
class ContentTranslationAdmin(admin.ModelAdmin):
    list_display = ("content_type", "object_id", "field", "target_lang", "status", "engine", "model", "created_at")
    list_filter = ("status", "target_lang", "engine", "content_type")
    readonly_fields = [f.name for f in ContentTranslation._meta.fields]

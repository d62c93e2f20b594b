"""Admin for people, their one-time codes (read-only) and API tokens."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError

from . import phones
from .models import ApiToken, PhoneVerification, User


class UserAdminForm(forms.ModelForm):
    class Meta:
        model = User
        fields = "__all__"

    def clean_phone(self):
        try:
            return phones.normalize_phone(self.cleaned_data["phone"])
        except ValidationError as exc:
            raise ValidationError(exc.messages) from None

    def clean_handle(self):
        return self.cleaned_data["handle"].strip().lstrip("@").lower()


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    form = UserAdminForm
    list_display = (
        "handle",
        "display_name",
        "phone",
        "role",
        "is_active",
        "is_staff",
        "date_joined",
    )
    list_filter = ("role", "is_active", "is_staff", "is_superuser")
    search_fields = ("handle", "display_name", "phone")
    ordering = ("-date_joined",)
    readonly_fields = (
        "date_joined", "last_login", "follower_count", "following_count", "note_count", "like_received_count",
    )  # fmt: skip
    fieldsets = (
        (None, {"fields": ("phone", "handle", "display_name", "avatar", "bio", "bio_lang")}),
        ("Languages", {"fields": ("interface_language", "read_languages", "auto_translate")}),
        (
            "Access",
            {
                "fields": (
                    "role",
                    "is_active",
                    "is_staff",
                    "is_superuser",
                    "groups",
                    "user_permissions",
                )
            },
        ),
        ("Activity", {"fields": readonly_fields}),
    )
    filter_horizontal = ("groups", "user_permissions")

    def save_model(self, request, obj, form, change):
        if not change:
            obj.set_unusable_password()  # people sign in with a code, or set a password themselves
        super().save_model(request, obj, form, change)


@admin.register(PhoneVerification)
class PhoneVerificationAdmin(admin.ModelAdmin):
    """Codes are audit records: the hash is never shown, nothing can be edited."""

    list_display = ("phone", "purpose", "created_at", "expires_at", "attempts", "used_at", "ip")
    list_filter = ("purpose",)
    search_fields = ("phone", "ip")
    ordering = ("-created_at",)
    exclude = ("code_hash",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are issued through the API; deleting one here revokes it."""

    list_display = ("user", "name", "created_at", "last_used_at")
    search_fields = ("user__handle", "user__phone", "name")
    ordering = ("-created_at",)
    exclude = ("key_hash",)
    raw_id_fields = ("user",)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

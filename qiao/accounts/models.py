"""Accounts: people sign up with a phone number, verified by a one-time code."""

import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.core.validators import RegexValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

HANDLE_VALIDATOR = RegexValidator(
    r"^[a-z0-9_]{3,30}$",
    _("A handle has 3–30 characters: lowercase letters, digits and underscores."),
)


class UserManager(BaseUserManager):
    use_in_migrations = True

    def create_user(self, phone: str, handle: str, password: str | None = None, **fields):
        user = self.model(phone=phone, handle=handle.lower(), **fields)
        if password:
            user.set_password(password)
        else:
            user.set_unusable_password()
        user.save(using=self._db)
        return user

    def create_superuser(self, phone: str, handle: str, password: str | None = None, **fields):
        fields.update(is_staff=True, is_superuser=True, role=User.Role.ADMIN)
        return self.create_user(phone, handle, password, **fields)


class User(AbstractBaseUser, PermissionsMixin):
    class Role(models.TextChoices):
        USER = "user", _("User")
        MODERATOR = "moderator", _("Moderator")
        ADMIN = "admin", _("Admin")

    # E.164, e.g. +8613800138000; normalised by qiao.accounts.phones.
    phone = models.CharField(_("phone number"), max_length=20, unique=True)
    handle = models.CharField(_("handle"), max_length=30, unique=True, validators=[HANDLE_VALIDATOR])
    display_name = models.CharField(_("display name"), max_length=50, blank=True)
    bio = models.TextField(_("bio"), max_length=500, blank=True)
    bio_lang = models.CharField(max_length=8, blank=True)
    avatar = models.ImageField(upload_to="avatars/%Y/%m/", blank=True)
    # Interface language: a code from settings.LANGUAGES ("" = follow the browser).
    interface_language = models.CharField(_("interface language"), max_length=10, blank=True)
    # Content languages this person reads (ISO 639-1 codes, e.g. ["en", "zh"]).
    read_languages = models.JSONField(_("languages I read"), default=list, blank=True)
    auto_translate = models.BooleanField(_("translate automatically"), default=False)
    role = models.CharField(max_length=12, choices=Role.choices, default=Role.USER)
    is_active = models.BooleanField(default=True)
    is_staff = models.BooleanField(default=False)
    date_joined = models.DateTimeField(default=timezone.now)
    # Denormalised counters, kept by qiao.social.services.
    follower_count = models.PositiveIntegerField(default=0)
    following_count = models.PositiveIntegerField(default=0)
    note_count = models.PositiveIntegerField(default=0)
    like_received_count = models.PositiveIntegerField(default=0)

    objects = UserManager()

    USERNAME_FIELD = "phone"
    REQUIRED_FIELDS = ["handle"]

    class Meta:
        indexes = [models.Index(fields=["date_joined"])]

    def __str__(self) -> str:
        return f"@{self.handle}"

    @property
    def name(self) -> str:
        return self.display_name or self.handle

    @property
    def is_moderator(self) -> bool:
        return self.role in {self.Role.MODERATOR, self.Role.ADMIN} or self.is_superuser

    def reads(self, language: str) -> bool:
        return not language or language in (self.read_languages or [])


def hash_secret(value: str) -> str:
    """Hash a short secret (a one-time code or an API token) keyed with SECRET_KEY."""
    return hashlib.sha256(f"{settings.SECRET_KEY}:{value}".encode()).hexdigest()


class PhoneVerification(models.Model):
    """One one-time code sent to one number. Only the code's hash is stored."""

    class Purpose(models.TextChoices):
        SIGNUP = "signup"
        LOGIN = "login"

    phone = models.CharField(max_length=20, db_index=True)
    purpose = models.CharField(max_length=10, choices=Purpose.choices)
    code_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    attempts = models.PositiveSmallIntegerField(default=0)
    used_at = models.DateTimeField(null=True, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["phone", "purpose", "-created_at"])]


class ApiToken(models.Model):
    """A bearer token for the JSON API; only its hash is stored."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=50, blank=True)
    key_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    last_used_at = models.DateTimeField(null=True, blank=True)

    @classmethod
    def issue(cls, user, name: str = "") -> tuple["ApiToken", str]:
        """Create a token and return it with its only plain-text copy."""
        key = secrets.token_urlsafe(32)
        return cls.objects.create(user=user, name=name, key_hash=hash_secret(key)), key

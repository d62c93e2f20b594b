"""Accounts: one-time codes, sign-up, sign-in and profile changes.

Used by the web views and the API alike. Functions raise ValidationError for
bad input, ``RateLimited`` when a limit is hit and ``SmsError`` (with a message
fit for people) when the SMS gateway fails.

Codes: 6 digits from ``secrets``, only their keyed hash stored, valid for
``QIAO_OTP_TTL_SECONDS``, ``QIAO_OTP_MAX_ATTEMPTS`` tries, used once. Only the
newest code sent to a number for a purpose counts.
"""

import hmac
import logging
import re
import secrets
import unicodedata
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.core.validators import validate_ipv46_address
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from qiao.core import ratelimit
from qiao.core.languages import detect_language
from qiao.moderation.gate import screen_profile

from .avatars import make_avatar
from .models import HANDLE_VALIDATOR, ApiToken, PhoneVerification, User, hash_secret
from .phones import country_prefix
from .sms import SmsError, send_sms

logger = logging.getLogger(__name__)

Purpose = PhoneVerification.Purpose
CODE_LENGTH = 6
DISPLAY_NAME_MAX = 50
BIO_MAX = 500

# Handles that would impersonate the site or collide with its pages.
RESERVED_HANDLES = frozenset(
    {
        "about", "accounts", "admin", "administrator", "api", "help", "login", "logout",
        "media", "me", "moderator", "notes", "notifications", "official", "qiao", "root",
        "settings", "signup", "static", "support", "system", "staff", "explore", "following",
    }
)  # fmt: skip


# --- One-time codes ------------------------------------------------------------------


@dataclass(frozen=True)
class SentCode:
    phone: str
    purpose: str
    expires_in: int
    # The plain code, only when settings.DEBUG (demo mode shows it on the page).
    debug_code: str | None = None


def send_code(phone: str, purpose: str, ip: str) -> SentCode:
    """Text a new code to ``phone`` (E.164) after the SMS-pumping limits allow it."""
    if purpose not in Purpose.values:
        raise ValidationError(_("Unknown purpose."), code="invalid_purpose")
    # Cheapest identity first, so a flood from one address never reaches the number's quota.
    ratelimit.check("sms_per_ip", ip)
    ratelimit.check("sms_per_prefix", country_prefix(phone))
    ratelimit.check("sms_per_number", phone)
    ratelimit.check("sms_per_number_day", phone)

    code = f"{secrets.randbelow(10**CODE_LENGTH):0{CODE_LENGTH}d}"
    ttl = settings.QIAO_OTP_TTL_SECONDS
    now = timezone.now()
    PhoneVerification.objects.filter(phone=phone, created_at__lt=now - timedelta(days=2)).delete()
    verification = PhoneVerification.objects.create(
        phone=phone,
        purpose=purpose,
        code_hash=hash_secret(code),
        expires_at=now + timedelta(seconds=ttl),
        ip=_ip_or_none(ip),
    )
    try:
        send_sms(phone, _code_message(code, purpose, ttl))
    except SmsError as exc:
        logger.error("Could not send a code to %s: %s", phone, exc)
        # Kill it and keep it as the newest, so neither it nor an older code can be used.
        PhoneVerification.objects.filter(pk=verification.pk).update(expires_at=now)
        raise SmsError(
            _("We couldn't send a text message right now. Please try again in a few minutes.")
        ) from exc
    return SentCode(phone, purpose, ttl, code if settings.DEBUG else None)


def purpose_for(phone: str) -> str:
    """Which code the one-form web flow sends: sign-in for a known number, else sign-up.

    The page answers the same either way; only the number's owner learns which.
    """
    return Purpose.LOGIN if User.objects.filter(phone=phone).exists() else Purpose.SIGNUP


def _code_message(code: str, purpose: str, ttl: int) -> str:
    minutes = max(1, ttl // 60)
    if purpose == Purpose.SIGNUP:
        text = _(
            "Qiao: your sign-up code is %(code)s. It expires in %(minutes)d minutes. Never share it."
        )
    else:
        text = _(
            "Qiao: your sign-in code is %(code)s. It expires in %(minutes)d minutes. Never share it."
        )
    return text % {"code": code, "minutes": minutes}


def _ip_or_none(ip: str) -> str | None:
    try:
        validate_ipv46_address(ip)
    except ValidationError:
        return None
    return ip


def normalize_code(code: str) -> str:
    """Digits only ("１２３ 456" from a Chinese keyboard becomes "123456"), or ValidationError."""
    digits = re.sub(r"[\s\-]", "", unicodedata.normalize("NFKC", code or ""))
    if not re.fullmatch(rf"[0-9]{{{CODE_LENGTH}}}", digits):
        raise ValidationError(_("Enter the 6-digit code we sent you."), code="code_format")
    return digits


def check_code(phone: str, purpose: str, code: str, ip: str) -> PhoneVerification:
    """Return the matching live code without using it up; a wrong guess costs one attempt.

    Split from :func:`consume_code` so sign-up can use the code in the same
    transaction that creates the account (a failed sign-up keeps the code).
    Never call it inside a transaction that may roll back: the attempt count
    must stick.
    """
    ratelimit.check("otp_verify_per_ip", ip)
    digits = normalize_code(code)
    verification = (
        PhoneVerification.objects.filter(phone=phone, purpose=purpose)
        .order_by("-created_at", "-pk")
        .first()
    )
    now = timezone.now()
    if verification is None:
        raise ValidationError(_("Request a code first."), code="no_code")
    if verification.used_at is not None:
        raise ValidationError(
            _("This code has already been used. Request a new one."), code="code_used"
        )
    if verification.expires_at <= now:
        raise ValidationError(_("This code has expired. Request a new one."), code="code_expired")
    max_attempts = settings.QIAO_OTP_MAX_ATTEMPTS
    # Count the try before comparing: concurrent guesses cannot exceed the limit.
    counted = PhoneVerification.objects.filter(
        pk=verification.pk, used_at__isnull=True, attempts__lt=max_attempts
    ).update(attempts=F("attempts") + 1)
    if not counted:
        verification.refresh_from_db()
        if verification.used_at is not None:
            raise ValidationError(
                _("This code has already been used. Request a new one."), code="code_used"
            )
        raise ValidationError(
            _("Too many wrong tries. Request a new code."), code="too_many_attempts"
        )
    if not hmac.compare_digest(verification.code_hash, hash_secret(digits)):
        verification.refresh_from_db(fields=["attempts"])
        left = max_attempts - verification.attempts
        if left <= 0:
            raise ValidationError(
                _("Wrong code, and that was the last try. Request a new code."), code="wrong_code"
            )
        raise ValidationError(
            _("Wrong code. You have %(left)d tries left.") % {"left": left}, code="wrong_code"
        )
    return verification


def consume_code(verification: PhoneVerification) -> None:
    """Mark the code used; a conditional UPDATE, so two requests can never both use it."""
    now = timezone.now()
    used = PhoneVerification.objects.filter(
        pk=verification.pk, used_at__isnull=True, expires_at__gt=now
    ).update(used_at=now)
    if not used:
        raise ValidationError(
            _("This code has already been used. Request a new one."), code="code_used"
        )


def verify_code(phone: str, purpose: str, code: str, ip: str) -> None:
    """Check and use up a code in one go; raises ValidationError if it is not valid."""
    consume_code(check_code(phone, purpose, code, ip))


# --- Sign-up -------------------------------------------------------------------------


def clean_handle(handle: str, user: User | None = None) -> str:
    """The handle as stored (lower case, no "@"), unique among users, or ValidationError."""
    value = (handle or "").strip().removeprefix("@").lower()
    if not value:
        raise ValidationError(_("Choose a handle."), code="required")
    HANDLE_VALIDATOR(value)
    if value in RESERVED_HANDLES:
        raise ValidationError(
            _("This handle is reserved. Try another one."), code="handle_reserved"
        )
    taken = User.objects.filter(handle__iexact=value)
    if user is not None and user.pk:
        taken = taken.exclude(pk=user.pk)
    if taken.exists():
        raise ValidationError(
            _("@%(handle)s is taken. Try another one.") % {"handle": value}, code="handle_taken"
        )
    return value


def clean_display_name(name: str) -> str:
    value = " ".join(
        "".join(ch for ch in (name or "") if unicodedata.category(ch)[0] != "C").split()
    )
    if not value:
        raise ValidationError(_("Enter a display name."), code="required")
    if len(value) > DISPLAY_NAME_MAX:
        raise ValidationError(
            _("Keep your display name to %(max)d characters.") % {"max": DISPLAY_NAME_MAX},
            code="max_length",
        )
    return value


def default_read_languages(interface_language: str) -> list[str]:
    """Languages a new account reads: the one it signed up in, if the site carries it."""
    code = "zh" if (interface_language or "").startswith("zh") else "en"
    available = list(settings.QIAO_CONTENT_LANGUAGES)
    return [code] if code in available else available[:1]


def validate_password(password: str, user: User) -> None:
    """Django's validators, plus similarity to this model's own fields (handle, name, phone)."""
    validators = [
        *password_validation.get_default_password_validators(),
        password_validation.UserAttributeSimilarityValidator(
            user_attributes=("handle", "display_name", "phone")
        ),
    ]
    password_validation.validate_password(password, user, password_validators=validators)


def _clean_new_account(phone: str, handle: str, display_name: str, password: str | None) -> dict:
    errors: dict[str, list] = {}
    values: dict = {"phone": phone, "password": password or None}
    for field, cleaner, raw in (
        ("handle", clean_handle, handle),
        ("display_name", clean_display_name, display_name),
    ):
        try:
            values[field] = cleaner(raw)
        except ValidationError as exc:
            errors[field] = exc.error_list
    if password and "handle" in values:
        probe = User(
            phone=phone, handle=values["handle"], display_name=values.get("display_name", "")
        )
        try:
            validate_password(password, probe)
        except ValidationError as exc:
            errors["password"] = exc.error_list
    if errors:
        raise ValidationError(errors)
    return values


def _phone_taken() -> ValidationError:
    return ValidationError(
        _("This number already has an account. Sign in instead."), code="phone_taken"
    )


def _create(values: dict, interface_language: str) -> User:
    return User.objects.create_user(
        phone=values["phone"],
        handle=values["handle"],
        password=values["password"],
        display_name=values["display_name"],
        interface_language=interface_language,
        read_languages=default_read_languages(
            interface_language or get_language() or settings.LANGUAGE_CODE
        ),
    )


def _creation_failed(values: dict) -> ValidationError:
    """Explain an IntegrityError from a sign-up that lost a race."""
    if User.objects.filter(phone=values["phone"]).exists():
        return _phone_taken()
    return ValidationError(
        {"handle": _("@%(handle)s is taken. Try another one.") % {"handle": values["handle"]}}
    )


def create_account(
    phone: str,
    handle: str,
    display_name: str,
    password: str | None = None,
    interface_language: str = "",
) -> User:
    """Create an account for a number whose owner has already proved it with a code."""
    values = _clean_new_account(phone, handle, display_name, password)
    if User.objects.filter(phone=phone).exists():
        raise _phone_taken()
    try:
        with transaction.atomic():
            return _create(values, interface_language)
    except IntegrityError:
        raise _creation_failed(values) from None


def sign_up(
    phone: str,
    code: str,
    handle: str,
    display_name: str,
    ip: str,
    password: str | None = None,
    interface_language: str = "",
) -> User:
    """Create an account with a sign-up code; the code is used only if the account is created."""
    values = _clean_new_account(phone, handle, display_name, password)
    verification = check_code(phone, Purpose.SIGNUP, code, ip)
    # Only now, with the code proven, may we say the number is registered.
    if User.objects.filter(phone=phone).exists():
        raise _phone_taken()
    try:
        with transaction.atomic():
            consume_code(verification)
            return _create(values, interface_language)
    except IntegrityError:
        raise _creation_failed(values) from None


# --- Sign-in -------------------------------------------------------------------------


def _usable(user: User) -> User:
    if not user.is_active:
        raise ValidationError(_("This account has been disabled."), code="inactive")
    return user


def login_with_code(phone: str, code: str, ip: str) -> User:
    """The account behind ``phone``, proven by a sign-in code."""
    verification = check_code(phone, Purpose.LOGIN, code, ip)
    user = User.objects.filter(phone=phone).first()
    if user is None:
        raise ValidationError(
            _("No account uses this number yet. Sign up first."), code="no_account"
        )
    _usable(user)
    consume_code(verification)
    return user


def authenticate_with_code(phone: str, purpose: str, code: str, ip: str) -> User | None:
    """Web flow: use the code, then return the number's account, or None for a new number."""
    verify_code(phone, purpose, code, ip)
    user = User.objects.filter(phone=phone).first()
    return _usable(user) if user is not None else None


def login_with_password(phone: str, password: str, ip: str) -> User:
    """The account behind ``phone`` if ``password`` is its password."""
    ratelimit.check("login_password_per_ip", ip)
    user = User.objects.filter(phone=phone).first()
    if user is None:
        # Hash anyway, so the answer takes as long as for a real account.
        User().set_password(password)
    elif user.check_password(password):
        return _usable(user)
    raise ValidationError(
        _("Wrong number or password. You can also sign in with a text message code."),
        code="bad_credentials",
    )


def issue_token(user: User, name: str = "") -> str:
    """A new API token for ``user``; the plain key is returned once and never stored."""
    _token, key = ApiToken.issue(user, name=name[:50])
    return key


def revoke_token(user: User, key: str) -> bool:
    deleted, _details = ApiToken.objects.filter(user=user, key_hash=hash_secret(key)).delete()
    return bool(deleted)


# --- Profile -------------------------------------------------------------------------

PROFILE_FIELDS = (
    "display_name",
    "handle",
    "bio",
    "interface_language",
    "read_languages",
    "auto_translate",
)


def clean_bio(bio: str) -> str:
    value = (bio or "").replace("\r\n", "\n").strip()
    if len(value) > BIO_MAX:
        raise ValidationError(
            _("Keep your bio to %(max)d characters (it has %(n)d).")
            % {"max": BIO_MAX, "n": len(value)},
            code="max_length",
        )
    return value


def clean_interface_language(code: str) -> str:
    value = (code or "").strip().lower()
    if value and value not in dict(settings.LANGUAGES):
        raise ValidationError(
            _("Unknown interface language “%(code)s”.") % {"code": value[:20]},
            code="invalid_language",
        )
    return value


def clean_read_languages(codes) -> list[str]:
    if isinstance(codes, str) or not isinstance(codes, (list, tuple)):
        raise ValidationError(_("Give the languages you read as a list."), code="invalid")
    available = list(settings.QIAO_CONTENT_LANGUAGES)
    chosen: list[str] = []
    for code in codes:
        value = str(code).strip().lower()
        if value not in available:
            raise ValidationError(
                _("Unknown language “%(code)s”. Choose from: %(choices)s.")
                % {"code": value[:20], "choices": ", ".join(available)},
                code="invalid_language",
            )
        if value not in chosen:
            chosen.append(value)
    if not chosen:
        raise ValidationError(_("Choose at least one language you read."), code="required")
    return chosen


def update_profile(user: User, avatar=None, **changes) -> User:
    """Validate and save any of PROFILE_FIELDS and the avatar, all or nothing.

    ``avatar`` is None (keep), False (remove) or an uploaded file (replace).
    """
    unknown = set(changes) - set(PROFILE_FIELDS)
    if unknown:
        raise ValueError(f"not profile fields: {sorted(unknown)}")
    cleaners = {
        "display_name": clean_display_name,
        "handle": lambda value: clean_handle(value, user),
        "bio": clean_bio,
        "interface_language": clean_interface_language,
        "read_languages": clean_read_languages,
        "auto_translate": bool,
    }
    cleaned, errors = {}, {}
    for field, value in changes.items():
        try:
            cleaned[field] = cleaners[field](value)
        except ValidationError as exc:
            errors[field] = exc.error_list
    new_avatar = None
    if avatar:
        try:
            new_avatar = make_avatar(avatar)
        except ValidationError as exc:
            errors["avatar"] = exc.error_list
    if errors:
        raise ValidationError(errors)
    moderation = screen_profile(user, cleaned)  # bio and name checks (qiao.moderation)
    if "bio" in cleaned:
        cleaned["bio_lang"] = detect_language(cleaned["bio"]) if cleaned["bio"] else ""
    old_avatar = user.avatar.name if user.avatar else ""
    storage = user.avatar.storage
    try:
        with transaction.atomic():
            for field, value in cleaned.items():
                setattr(user, field, value)
            if new_avatar is not None:
                user.avatar.save(new_avatar.name, new_avatar, save=False)
                cleaned["avatar"] = user.avatar
            elif avatar is False and old_avatar:
                user.avatar = ""
                cleaned["avatar"] = ""
            if cleaned:
                user.save(update_fields=list(cleaned))
            moderation.apply(user)  # a held bio is queued for review
    except IntegrityError:
        if new_avatar is not None:
            storage.delete(user.avatar.name)
        user.refresh_from_db()
        raise ValidationError(
            {"handle": _("This handle was just taken. Try another one.")}
        ) from None
    if "avatar" in cleaned and old_avatar:
        transaction.on_commit(lambda: storage.delete(old_avatar))
    return user


def set_avatar(user: User, upload) -> User:
    """Replace the avatar with a re-encoded square copy of ``upload``."""
    return update_profile(user, avatar=upload)


def change_password(user: User, new_password: str, current_password: str | None = None) -> User:
    """Set or change the optional password; changing one needs the current one."""
    if user.has_usable_password() and not user.check_password(current_password or ""):
        raise ValidationError({"current_password": _("Your current password is wrong.")})
    try:
        validate_password(new_password, user)
    except ValidationError as exc:
        raise ValidationError({"new_password": exc.error_list}) from None
    user.set_password(new_password)
    user.save(update_fields=["password"])
    return user

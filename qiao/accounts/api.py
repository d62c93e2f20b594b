"""/api/v1/auth/* (codes, sign-up, tokens) and /api/v1/users/* (profiles)."""

from typing import Literal

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Router, Schema, Status
from ninja.files import UploadedFile

from qiao.core.api import OPTIONAL_AUTH, ApiError, TokenAuth
from qiao.core.ratelimit import client_ip

from . import phones, services
from .models import User
from .sms import SmsError

router = Router()


class CodeIn(Schema):
    phone: str
    region: str | None = None
    purpose: Literal["signup", "login"]


class CodeOut(Schema):
    detail: str
    expires_in: int
    debug_code: str | None = None


class SignupIn(Schema):
    phone: str
    region: str | None = None
    code: str
    handle: str
    display_name: str
    password: str | None = None


class TokenIn(Schema):
    phone: str
    region: str | None = None
    code: str | None = None
    password: str | None = None


class ProfileOut(Schema):
    handle: str
    display_name: str
    bio: str
    bio_lang: str
    avatar_url: str | None
    follower_count: int
    following_count: int
    note_count: int
    like_received_count: int
    date_joined: str


class MeOut(ProfileOut):
    phone: str
    interface_language: str
    read_languages: list[str]
    auto_translate: bool
    has_password: bool


class TokenOut(Schema):
    token: str
    user: MeOut


class MePatch(Schema):
    display_name: str | None = None
    handle: str | None = None
    bio: str | None = None
    interface_language: str | None = None
    read_languages: list[str] | None = None
    auto_translate: bool | None = None


def _profile(user: User, request) -> dict:
    return {
        "handle": user.handle,
        "display_name": user.name,
        "bio": user.bio,
        "bio_lang": user.bio_lang,
        "avatar_url": request.build_absolute_uri(user.avatar.url) if user.avatar else None,
        "follower_count": user.follower_count,
        "following_count": user.following_count,
        "note_count": user.note_count,
        "like_received_count": user.like_received_count,
        "date_joined": user.date_joined.isoformat(),
    }


def _me(user: User, request) -> dict:
    return {
        **_profile(user, request),
        "display_name": user.display_name,
        "phone": user.phone,
        "interface_language": user.interface_language,
        "read_languages": list(user.read_languages or []),
        "auto_translate": user.auto_translate,
        "has_password": user.has_usable_password(),
    }


def _phone(phone: str, region: str | None) -> str:
    try:
        return phones.normalize_phone(phone, region)
    except ValidationError as exc:
        raise ValidationError({"phone": exc.error_list}) from None


def _token_name(request) -> str:
    return request.headers.get("User-Agent", "")[:50]


@router.post(
    "/auth/code",
    auth=None,
    response={202: CodeOut, 503: ApiError},
    tags=["auth"],
    exclude_none=True,
    summary="Text a one-time code to a phone number",
)
def request_code(request, payload: CodeIn):
    phone = _phone(payload.phone, payload.region)
    try:
        sent = services.send_code(phone, payload.purpose, client_ip(request))
    except SmsError as exc:
        return Status(503, {"detail": str(exc)})
    return Status(
        202,
        {
            "detail": _("We sent a code to %(phone)s.") % {"phone": phones.format_phone(phone)},
            "expires_in": sent.expires_in,
            "debug_code": sent.debug_code,
        },
    )


@router.post(
    "/auth/signup", auth=None, response={201: TokenOut}, tags=["auth"], summary="Create an account"
)
def signup(request, payload: SignupIn):
    phone = _phone(payload.phone, payload.region)
    user = services.sign_up(
        phone,
        payload.code,
        payload.handle,
        payload.display_name,
        client_ip(request),
        password=payload.password or None,
    )
    return Status(
        201, {"token": services.issue_token(user, _token_name(request)), "user": _me(user, request)}
    )


@router.post(
    "/auth/token",
    auth=None,
    response={200: TokenOut},
    tags=["auth"],
    summary="Sign in with a code or password and get an API token",
)
def create_token(request, payload: TokenIn):
    if bool(payload.code) == bool(payload.password):
        raise ValidationError(_("Send either the code we texted you or your password."))
    phone = _phone(payload.phone, payload.region)
    ip = client_ip(request)
    if payload.code:
        user = services.login_with_code(phone, payload.code, ip)
    else:
        user = services.login_with_password(phone, payload.password, ip)
    return {"token": services.issue_token(user, _token_name(request)), "user": _me(user, request)}


@router.delete(
    "/auth/token",
    auth=TokenAuth(),
    response={204: None},
    tags=["auth"],
    summary="Revoke this token",
)
def revoke_token(request):
    key = request.headers.get("Authorization", "").partition(" ")[2].strip()
    services.revoke_token(request.user, key)
    return Status(204, None)


@router.get("/users/me", response=MeOut, tags=["users"], summary="Your own profile and settings")
def me(request):
    # A token request's user may come from the token cache; its counters can lag, so read the row.
    request.user.refresh_from_db()
    return _me(request.user, request)


@router.patch(
    "/users/me", response=MeOut, tags=["users"], summary="Change your profile and settings"
)
def update_me(request, payload: MePatch):
    changes = payload.dict(exclude_unset=True)
    nulls = [field for field, value in changes.items() if value is None]
    if nulls:
        raise ValidationError({field: _("This field can't be null.") for field in nulls})
    services.update_profile(request.user, **changes)
    return _me(request.user, request)


@router.post(
    "/users/me/avatar", response=MeOut, tags=["users"], summary="Upload a new profile photo"
)
def upload_avatar(request, avatar: File[UploadedFile]):
    services.set_avatar(request.user, avatar)
    return _me(request.user, request)


@router.delete(
    "/users/me/avatar", response=MeOut, tags=["users"], summary="Remove your profile photo"
)
def delete_avatar(request):
    services.update_profile(request.user, avatar=False)
    return _me(request.user, request)


@router.get(
    "/users/{handle}",
    auth=OPTIONAL_AUTH,
    response=ProfileOut,
    tags=["users"],
    summary="A public profile",
)
def profile(request, handle: str):
    user = get_object_or_404(User, handle=handle.strip().removeprefix("@").lower(), is_active=True)
    return _profile(user, request)

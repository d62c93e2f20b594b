"""API plumbing shared by every app's router: authentication and error answers.

Authentication is a bearer token (``Authorization: Bearer <key>``, from
``POST /api/v1/auth/token``) or the web session (with its CSRF token for
unsafe methods). ``AUTH`` requires one; ``OPTIONAL_AUTH`` also lets anonymous
readers in, with ``request.user`` an AnonymousUser.

Every error answer is ``{"detail": "<message for people>"}``; invalid input
(400) adds ``"errors": {"<field>": ["<message>", ...]}`` (``"__all__"`` for
errors about no one field). ``qiao/api.py`` turns exceptions into these.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import AuthenticationError
from ninja.security import APIKeyCookie, HttpBearer
from ninja.utils import check_csrf

from qiao.accounts import tokencache
from qiao.accounts.models import hash_secret


class ApiError(Schema):
    """The body of every error answer (declare it as the response of 4xx statuses)."""

    detail: str
    errors: dict[str, list[str]] | None = None


class InvalidToken(AuthenticationError):
    """A bearer token was sent but is unknown or revoked."""


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        user = tokencache.user_for_token(hash_secret(token)) if token else None
        if user is None:
            # A wrong token is an error, never a silent fall-back to anonymous.
            raise InvalidToken(401, _("Invalid or revoked API token."))
        request.user = user
        return user


class SessionAuth(APIKeyCookie):
    """The signed-in web session; unsafe methods also need its CSRF token.

    ninja's own ``SessionAuth`` checks CSRF before it looks at the session, so
    an anonymous POST got "403 CSRF check Failed" instead of 401. Here a
    request without a signed-in session is simply not authenticated by this
    method (401, or anonymous under ``OPTIONAL_AUTH``); only a signed-in one is
    held to CSRF, with a message that says what to send.
    """

    param_name = settings.SESSION_COOKIE_NAME

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        exempt = getattr(request, "_ninja_csrf_exempt", False)  # an operation's csrf_exempt=True
        if self.csrf and not exempt and check_csrf(request) is not None:
            raise PermissionDenied(
                _(
                    "CSRF check failed: with the session cookie, send the csrftoken cookie's value "
                    "in the X-CSRFToken header, or use Authorization: Bearer <token> instead."
                )
            )
        return user

    def authenticate(self, request, key):  # pragma: no cover - __call__ does the work
        return None


def allow_anonymous(request):
    request.user = getattr(request, "user", None) or AnonymousUser()
    return request.user


def authentication_message(exc: AuthenticationError) -> str:
    """The 401 message: a router's own wording, or how to authenticate."""
    if str(exc) != AuthenticationError().message:
        return str(exc)
    return _(
        "Authentication required: sign in, or send Authorization: Bearer <token> "
        "(from POST /api/v1/auth/token)."
    )


def error_body(errors: Mapping[str, Iterable[str]], detail: str | None = None) -> dict:
    """``{"detail", "errors"}`` for invalid input; ``detail`` defaults to the messages joined."""
    errors = {field: [str(m) for m in messages] for field, messages in errors.items()}
    if detail is None:
        detail = "; ".join(m for messages in errors.values() for m in messages)
    return {"detail": detail, "errors": errors}


# ninja names where a value came from first: ("body", "<parameter>", "title"), ("query", "limit").
_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}


def schema_errors(errors: Iterable[Mapping]) -> dict[str, list[str]]:
    """ninja's (pydantic's) error list as ``{"<field>": [messages]}``."""
    fields: dict[str, list[str]] = {}
    for error in errors:
        loc = [str(part) for part in error.get("loc", ())]
        if loc and loc[0] in _SOURCES:
            source, loc = loc[0], loc[1:]
            if source == "body" and loc:
                loc = loc[1:]  # the view's parameter name, not a field of the request body
        field = ".".join(loc) or NON_FIELD_ERRORS
        fields.setdefault(field, []).append(str(error.get("msg", "")))
    return fields


def schema_error_body(errors: Iterable[Mapping]) -> dict:
    fields = schema_errors(errors)
    summary = "; ".join(
        ", ".join(messages) if field == NON_FIELD_ERRORS else f"{field}: {', '.join(messages)}"
        for field, messages in fields.items()
    )
    return error_body(fields, _("Invalid input — %(errors)s") % {"errors": summary})


AUTH = [TokenAuth(), SessionAuth()]
OPTIONAL_AUTH = [TokenAuth(), SessionAuth(), allow_anonymous]

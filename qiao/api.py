"""The JSON API under /api/v1, with its OpenAPI schema at /api/v1/openapi.json."""

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import AuthenticationError
from ninja.errors import ValidationError as SchemaValidationError

from qiao.core.api import AUTH, authentication_message, error_body, schema_error_body
from qiao.core.pagination import InvalidCursor
from qiao.core.ratelimit import RateLimited

api = NinjaAPI(
    title="Qiao API",
    version="1",
    description="Qiao (桥): photo notes readable in every language.",
    auth=AUTH,
    urls_namespace="api",
)


@api.exception_handler(RateLimited)
def rate_limited(request, exc: RateLimited):
    response = api.create_response(request, {"detail": exc.message}, status=429)
    response["Retry-After"] = str(exc.retry_after)
    return response


@api.exception_handler(Http404)
def not_found(request, exc):
    return api.create_response(request, {"detail": str(exc) or _("Not found.")}, status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request, exc):
    detail = str(exc) or _("You may not do that.")
    return api.create_response(request, {"detail": detail}, status=403)


@api.exception_handler(AuthenticationError)
def unauthorized(request, exc: AuthenticationError):
    response = api.create_response(request, {"detail": authentication_message(exc)}, status=401)
    response["WWW-Authenticate"] = "Bearer"
    return response


@api.exception_handler(ValidationError)
def invalid(request, exc: ValidationError):
    """A service refused the input (``django.core.exceptions.ValidationError``)."""
    errors = exc.message_dict if hasattr(exc, "error_dict") else {NON_FIELD_ERRORS: exc.messages}
    return api.create_response(request, error_body(errors), status=400)


@api.exception_handler(SchemaValidationError)
def invalid_schema(request, exc: SchemaValidationError):
    """The request did not fit the endpoint's schema: 400 like other invalid input, not 422."""
    return api.create_response(request, schema_error_body(exc.errors), status=400)


@api.exception_handler(InvalidCursor)
def invalid_cursor(request, exc):
    return api.create_response(request, error_body({"cursor": [_("Invalid cursor.")]}), status=400)


def _add_routers() -> None:
    from qiao.accounts.api import router as accounts_router
    from qiao.feeds.api import router as feeds_router
    from qiao.moderation.api import router as moderation_router
    from qiao.notes.api import router as notes_router
    from qiao.notifications.api import router as notifications_router
    from qiao.search.api import router as search_router
    from qiao.social.api import router as social_router
    from qiao.slang.api import router as slang_router
    from qiao.translation.api import router as translation_router

    api.add_router("/", accounts_router)
    api.add_router("/", notes_router)
    api.add_router("/", social_router)
    api.add_router("/", feeds_router)
    api.add_router("/", notifications_router)
    api.add_router("/", search_router)
    api.add_router("/", moderation_router)
    api.add_router("/", translation_router)
    api.add_router("/", slang_router)


_add_routers()

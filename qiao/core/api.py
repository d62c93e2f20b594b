"""API plumbing shared by every app's router: authentication and error answers.

Authentication is a bearer token (``Authorization: Bearer <key>``, from
``POST /api/v1/auth/token``) or the web session (with its CSRF token for
unsafe methods). ``AUTH`` requires one; ``OPTIONAL_AUTH`` also lets anonymous
readers in, with ``request.user`` an AnonymousUser.
"""

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from ninja.errors import AuthenticationError
from ninja.security import HttpBearer, SessionAuth

from qiao.accounts.models import ApiToken, hash_secret


class TokenAuth(HttpBearer):
    def authenticate(self, request, token: str):
        api_token = (
            ApiToken.objects.select_related("user").filter(key_hash=hash_secret(token)).first()
            if token
            else None
        )
        if api_token is None or not api_token.user.is_active:
            # A wrong token is an error, never a silent fall-back to anonymous.
            raise AuthenticationError(401, "Invalid or revoked API token.")
        now = timezone.now()
        if api_token.last_used_at is None or (now - api_token.last_used_at).total_seconds() > 300:
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
        request.user = api_token.user
        return api_token.user


def allow_anonymous(request):
    request.user = getattr(request, "user", None) or AnonymousUser()
    return request.user


AUTH = [TokenAuth(), SessionAuth()]
OPTIONAL_AUTH = [TokenAuth(), SessionAuth(), allow_anonymous]

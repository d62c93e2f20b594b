"""The bearer-token cache (qiao/accounts/tokencache.py): fast, never wrong about who may pass."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from qiao.accounts import tokencache
from qiao.accounts.models import ApiToken, hash_secret
from qiao.moderation import services as moderation

pytestmark = pytest.mark.django_db

ME = "/api/v1/users/me"
FOLLOWING = "/api/v1/feeds/following"

LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Nothing listens on port 1: every cache call fails the way it does while Redis is down.
UNREACHABLE = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


@pytest.fixture(autouse=True)
def _memory_cache(settings):
    """A real in-process cache standing in for Redis (the database cache is itself queries)."""
    settings.CACHES = LOCMEM
    settings.QIAO_AUTH_CACHE_SECONDS = 60
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def bearer(user) -> dict:
    _token, key = ApiToken.issue(user)
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def auth_queries(client, path: str, headers: dict) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path, **headers).status_code == 200
    reads = ('FROM "accounts_apitoken"', 'UPDATE "accounts_apitoken"', 'FROM "accounts_user" WHERE')
    return [q["sql"] for q in queries if any(read in q["sql"] for read in reads)]


def test_a_warm_token_request_reads_neither_the_token_nor_the_user(client, user):
    headers = bearer(user)
    assert auth_queries(client, FOLLOWING, headers)  # cold: the token and its user are read
    assert auth_queries(client, FOLLOWING, headers) == []


def test_the_cached_user_is_the_tokens_user(client, user, other_user):
    mine, theirs = bearer(user), bearer(other_user)
    for _ in range(2):
        assert client.get(ME, **mine).json()["handle"] == user.handle
        assert client.get(ME, **theirs).json()["handle"] == other_user.handle


def test_a_revoked_token_is_refused_on_the_very_next_request(client, user):
    headers = bearer(user)
    assert client.get(FOLLOWING, **headers).status_code == 200
    assert client.delete("/api/v1/auth/token", **headers).status_code == 204
    assert client.get(FOLLOWING, **headers).status_code == 401


def test_a_token_deleted_elsewhere_is_refused_at_once(client, user):
    headers = bearer(user)
    assert client.get(FOLLOWING, **headers).status_code == 200
    ApiToken.objects.filter(user=user).delete()  # the admin, or the account being deleted
    assert client.get(FOLLOWING, **headers).status_code == 401


def test_a_ban_is_refused_at_once_and_lifting_it_lets_the_token_back_in(
    client, make_user, make_note, django_capture_on_commit_callbacks
):
    from qiao.accounts.models import User

    person = make_user("troll")
    mod = make_user("mod", role=User.Role.MODERATOR)
    headers = bearer(person)
    assert client.get(FOLLOWING, **headers).status_code == 200
    assert client.get(FOLLOWING, **headers).status_code == 200  # now served from the cache
    case = moderation.file_report(mod, "note", make_note(person).pk, "spam", "").case
    with django_capture_on_commit_callbacks(execute=True):
        moderation.act(mod, case, "ban", "Spam campaign")
    assert client.get(FOLLOWING, **headers).status_code == 401
    moderation.act(mod, case, "restore", "Lifted on appeal")
    assert client.get(FOLLOWING, **headers).status_code == 200


def test_deactivating_an_account_by_saving_it_is_refused_at_once(client, user):
    headers = bearer(user)
    assert client.get(FOLLOWING, **headers).status_code == 200
    user.is_active = False
    user.save(update_fields=["is_active"])
    assert client.get(FOLLOWING, **headers).status_code == 401


def test_a_stale_reader_cannot_put_a_revoked_token_back(user):
    _token, key = ApiToken.issue(user)
    key_hash = hash_secret(key)
    ApiToken.objects.filter(user=user).delete()
    # A request that read the token before the delete now tries to cache what it read.
    from django.core.cache import cache

    assert not cache.add(tokencache.KEY.format(key_hash), user, 60)
    assert tokencache.user_for_token(key_hash) is None


def test_profile_changes_show_at_once(client, user):
    headers = bearer(user)
    assert client.get(ME, **headers).json()["display_name"] == user.display_name
    user.display_name = "Renamed"
    user.save()
    assert client.get(ME, **headers).json()["display_name"] == "Renamed"


def test_last_use_is_recorded_once_per_interval(client, user):
    headers = bearer(user)
    token = ApiToken.objects.get(user=user)
    assert token.last_used_at is None
    client.get(FOLLOWING, **headers)
    token.refresh_from_db()
    first = token.last_used_at
    assert first is not None
    client.get(FOLLOWING, **headers)
    token.refresh_from_db()
    assert token.last_used_at == first


def test_with_the_cache_down_tokens_work_and_revocation_holds(client, user):
    headers = bearer(user)
    with override_settings(CACHES=UNREACHABLE):
        assert client.get(ME, **headers).status_code == 200
        assert client.get(ME, **headers).json()["handle"] == user.handle
        assert client.delete("/api/v1/auth/token", **headers).status_code == 204
        assert client.get(ME, **headers).status_code == 401


def test_a_ttl_of_zero_turns_the_cache_off(client, settings, user):
    settings.QIAO_AUTH_CACHE_SECONDS = 0
    headers = bearer(user)
    assert client.get(FOLLOWING, **headers).status_code == 200
    assert auth_queries(client, FOLLOWING, headers)

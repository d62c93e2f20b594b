"""/healthz, /readyz, and 503 (not 500) when the database or Redis is down."""

from __future__ import annotations

import socket

import pytest
from django.db import OperationalError
from django.test import Client

from qiao.accounts.services import issue_token
from qiao.core import health
from qiao.social.models import Like


def test_healthz_is_alive_and_never_cached(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]
    assert response["X-Request-ID"]


def test_readyz_checks_database_cache_and_task_queue(client, db):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "cache", "tasks"}
    assert all(check["ok"] and check["ms"] >= 0 for check in body["checks"].values())
    assert body["checks"]["tasks"]["backend"] == "database"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def redis_down(settings):
    """The cache is a Redis server that is not running: every cache call is refused, as in an outage."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{_free_port()}/0",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 1, "SOCKET_TIMEOUT": 1},
        }
    }


def test_readyz_is_503_with_the_failing_check(db, redis_down):
    response = Client().get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "unavailable"
    assert body["checks"]["database"]["ok"] is True
    assert (
        body["checks"]["cache"]["ok"] is False and "Connection" in body["checks"]["cache"]["error"]
    )
    assert response["Retry-After"] == str(health.RETRY_AFTER_SECONDS)


def test_a_write_during_an_outage_is_a_clean_503(make_user, make_note, redis_down):
    ann, ben = make_user("ann"), make_user("ben")
    note = make_note(ann)
    client = Client(raise_request_exception=False, HTTP_AUTHORIZATION=f"Bearer {issue_token(ben)}")
    response = client.post(f"/api/v1/notes/{note.pk}/like")
    assert response.status_code == 503
    assert response["Retry-After"] and "unavailable" in response.json()["detail"]
    assert not Like.objects.filter(note=note).exists()


def test_the_outage_page_renders_without_the_database(rf):
    try:
        raise OperationalError("the database system is shutting down")
    except OperationalError:
        response = health.server_error(rf.get("/notes/1/"))
    assert response.status_code == 503 and response["Content-Type"].startswith("text/html")
    assert b"503" in response.content and response["Retry-After"]


def test_other_errors_stay_500(rf):
    request = rf.get("/")
    try:
        raise ValueError("a bug")
    except ValueError:
        response = health.server_error(request)
    assert response.status_code == 500


def test_redis_outages_are_503_too(rf):
    from redis.exceptions import ConnectionError as RedisConnectionError

    for error in (RedisConnectionError("down"), OperationalError("down")):
        try:
            raise error
        except Exception:
            response = health.server_error(rf.get("/api/v1/feeds/explore"))
        assert response.status_code == 503 and response["Retry-After"]

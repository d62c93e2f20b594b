"""API plumbing (qiao/core/api.py, qiao/api.py): who is authenticated, and the one error format."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from qiao.accounts.models import ApiToken
from qiao.notes.models import Note

pytestmark = pytest.mark.django_db

CSRF_MESSAGE = "CSRF check failed"


def api_post(client: Client, path: str, data=None, **headers):
    body = json.dumps(data) if data is not None else ""
    return client.post(f"/api/v1{path}", body, content_type="application/json", **headers)


def bearer(user) -> dict:
    _, secret = ApiToken.issue(user)
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def signed_in(user, *, csrf: bool) -> Client:
    """A browser-like session; with ``csrf`` it sends the token the way qiao.js does."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    if csrf:
        client.get("/")  # sets the csrftoken cookie
        client.defaults["HTTP_X_CSRFTOKEN"] = client.cookies["csrftoken"].value
    return client


# --- authentication -----------------------------------------------------------------------


def test_anonymous_delete_is_401_with_how_to_authenticate(user, make_note):
    note = make_note(user)
    response = Client(enforce_csrf_checks=True).delete(f"/api/v1/notes/{note.pk}")
    assert response.status_code == 401
    assert response.json()["detail"].startswith("Authentication required")
    assert "Bearer" in response.json()["detail"]
    assert response["WWW-Authenticate"] == "Bearer"
    assert Note.objects.filter(pk=note.pk).exists()


def test_anonymous_like_is_401_not_a_csrf_error(user, make_note):
    note = make_note(user)
    response = api_post(Client(enforce_csrf_checks=True), f"/notes/{note.pk}/like")
    assert response.status_code == 401
    assert CSRF_MESSAGE not in response.json()["detail"]
    note.refresh_from_db()
    assert note.like_count == 0


def test_session_without_csrf_token_is_403_saying_so(user, other_user, make_note):
    note = make_note(user)
    liked = api_post(signed_in(other_user, csrf=False), f"/notes/{note.pk}/like")
    assert liked.status_code == 403
    assert liked.json()["detail"].startswith(CSRF_MESSAGE) and "X-CSRFToken" in liked.json()["detail"]
    deleted = signed_in(user, csrf=False).delete(f"/api/v1/notes/{note.pk}")
    assert deleted.status_code == 403 and deleted.json()["detail"].startswith(CSRF_MESSAGE)
    note.refresh_from_db()
    assert note.like_count == 0


def test_session_with_csrf_token_goes_through(user, other_user, make_note):
    note = make_note(user)
    liked = api_post(signed_in(other_user, csrf=True), f"/notes/{note.pk}/like")
    assert liked.status_code == 200 and liked.json()["liked"] is True
    assert signed_in(user, csrf=True).delete(f"/api/v1/notes/{note.pk}").status_code == 204
    assert not Note.objects.filter(pk=note.pk).exists()


def test_session_reads_need_no_csrf_token(user):
    response = signed_in(user, csrf=False).get("/api/v1/users/me")
    assert response.status_code == 200 and response.json()["handle"] == user.handle


def test_bearer_token_never_needs_csrf(user, other_user, make_note):
    note = make_note(user)
    strict = Client(enforce_csrf_checks=True)
    liked = api_post(strict, f"/notes/{note.pk}/like", **bearer(other_user))
    assert liked.status_code == 200 and liked.json()["like_count"] == 1
    assert strict.delete(f"/api/v1/notes/{note.pk}", **bearer(user)).status_code == 204


def test_a_token_wins_over_a_session_without_csrf(user, other_user, make_note):
    note = make_note(user)
    response = api_post(signed_in(other_user, csrf=False), f"/notes/{note.pk}/like", **bearer(other_user))
    assert response.status_code == 200


def test_a_wrong_token_is_401_never_anonymous(user, make_note):
    note = make_note(user)
    response = api_post(Client(), f"/notes/{note.pk}/like", HTTP_AUTHORIZATION="Bearer not-a-token")
    assert response.status_code == 401
    assert response.json()["detail"] == "Invalid or revoked API token."
    # Even where anonymous readers are welcome.
    assert Client().get(f"/api/v1/notes/{note.pk}", HTTP_AUTHORIZATION="Bearer nope").status_code == 401


def test_optional_auth_lets_anonymous_writers_through_without_csrf(user, make_note):
    note = make_note(user)
    response = Client(enforce_csrf_checks=True).get(f"/api/v1/notes/{note.pk}")
    assert response.status_code == 200
    detected = api_post(Client(enforce_csrf_checks=True), "/slang/detect", {"text": "yyds", "lang": "zh"})
    assert detected.status_code == 200


def test_auth_messages_are_translated(user, make_note):
    note = make_note(user)
    response = Client().delete(f"/api/v1/notes/{note.pk}", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert response.status_code == 401
    detail = response.json()["detail"]
    assert "Authentication required" not in detail and "Bearer" in detail


# --- the error format -----------------------------------------------------------------------


def assert_invalid(response, *fields: str) -> dict:
    """400, a human ``detail`` string, and ``errors`` naming each field."""
    assert response.status_code == 400, response.content
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"]
    assert all(isinstance(m, str) for messages in body["errors"].values() for m in messages)
    for field in fields:
        assert field in body["errors"], body
    return body


def test_schema_errors_are_400_with_field_errors():
    body = assert_invalid(api_post(Client(), "/auth/code", {"purpose": "nonsense"}), "phone", "purpose")
    assert body["errors"]["phone"] == ["Field required"]
    # One message for people that names each field.
    assert body["detail"].startswith("Invalid input") and "phone: Field required" in body["detail"]
    assert "purpose: " in body["detail"]


def test_query_and_path_errors_name_their_field(user):
    assert_invalid(Client().get("/api/v1/feeds/explore", {"limit": 0}), "limit")
    assert_invalid(Client().get("/api/v1/notes/not-a-number"), "note_id")


def test_nested_fields_are_dotted(user):
    response = Client().patch(
        "/api/v1/users/me", json.dumps({"read_languages": [["en"]]}), content_type="application/json", **bearer(user)
    )
    assert assert_invalid(response, "read_languages.0")["detail"].startswith("Invalid input — read_languages.0: ")


def test_schema_error_messages_are_framed_in_the_readers_language():
    response = api_post(Client(), "/auth/code", {"purpose": "login"}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    body = assert_invalid(response, "phone")
    assert not body["detail"].startswith("Invalid input")


def test_service_validation_errors_share_the_format(user):
    response = api_post(Client(), "/boards", {"name": ""}, **bearer(user))
    body = assert_invalid(response, "name")
    assert body["detail"] == body["errors"]["name"][0]


def test_an_invalid_cursor_is_a_field_error(user):
    body = assert_invalid(Client().get("/api/v1/feeds/explore", {"cursor": "%%%"}), "cursor")
    assert body["errors"]["cursor"] == ["Invalid cursor."]


def test_a_body_that_is_not_json_is_400_with_a_detail(user):
    response = Client().post("/api/v1/boards", "{", content_type="application/json", **bearer(user))
    assert response.status_code == 400 and isinstance(response.json()["detail"], str)


@pytest.mark.parametrize("path", ["/api/v1/nope", "/api/v1/notes/1/nope", "/api/v2/feeds/explore"])
def test_unknown_api_paths_are_json_404s(client, path):
    response = client.get(path, headers={"Accept": "application/json"})
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "There is no such API endpoint."}


def test_unknown_pages_stay_html_404s(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")
    assert b"This page doesn" in response.content

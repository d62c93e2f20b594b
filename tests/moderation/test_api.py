"""The moderation API through the real HTTP stack, with bearer tokens."""

import pytest

from qiao.accounts.models import ApiToken
from qiao.moderation.models import ModerationCase

pytestmark = pytest.mark.django_db


def bearer(user) -> dict:
    _token, key = ApiToken.issue(user)
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def post(client, url, data, user):
    return client.post(url, data, content_type="application/json", **bearer(user))


@pytest.fixture
def note(make_note, other_user):
    return make_note(other_user, "Buy cheap followers", lang="en")


def test_report_through_the_api(client, user, note):
    response = post(
        client, "/api/v1/reports", {"kind": "note", "id": note.pk, "reason": "spam"}, user
    )
    assert response.status_code == 201 and response.json()["status"] == "open"
    again = post(client, "/api/v1/reports", {"kind": "note", "id": note.pk, "reason": "spam"}, user)
    assert again.status_code == 400 and "already reported" in again.json()["detail"]
    bad = post(client, "/api/v1/reports", {"kind": "note", "id": note.pk, "reason": "meh"}, user)
    assert bad.status_code == 400 and "reason" in bad.json()["errors"]
    missing = post(
        client, "/api/v1/reports", {"kind": "comment", "id": 424242, "reason": "spam"}, user
    )
    assert missing.status_code == 404
    assert client.post("/api/v1/reports", {}, content_type="application/json").status_code == 401


def test_queue_and_actions_are_for_moderators_only(client, user, moderator, note):
    post(
        client,
        "/api/v1/reports",
        {"kind": "note", "id": note.pk, "reason": "spam", "details": "bot"},
        user,
    )
    case = ModerationCase.objects.get()
    assert client.get("/api/v1/moderation/cases", **bearer(user)).status_code == 404
    assert (
        post(
            client,
            f"/api/v1/moderation/cases/{case.pk}/actions",
            {"action": "hide", "reason": "x"},
            user,
        ).status_code
        == 404
    )

    page = client.get("/api/v1/moderation/cases", **bearer(moderator)).json()
    item = page["items"][0]
    assert item["id"] == case.pk and item["text"].startswith("Buy cheap followers")
    assert item["reasons"] == {"Spam or scam": 1} and item["author"]["handle"] == "bob"
    assert item["translation"]["status"] == "same" and page["next_cursor"] is None

    missing_reason = post(
        client, f"/api/v1/moderation/cases/{case.pk}/actions", {"action": "ban"}, moderator
    )
    assert missing_reason.status_code == 400 and "reason" in missing_reason.json()["errors"]
    done = post(
        client,
        f"/api/v1/moderation/cases/{case.pk}/actions",
        {"action": "suspend", "reason": "Spam bot", "days": 2},
        moderator,
    )
    assert done.status_code == 200 and done.json()["duration_days"] == 2
    standing = client.get("/api/v1/moderation/standing", **bearer(note.author)).json()
    assert standing["restricted"] and "suspended" in standing["detail"] and standing["strikes"] == 1
    assert (
        client.get("/api/v1/moderation/cases?cursor=forged", **bearer(moderator)).status_code == 400
    )


def test_surge_mode_through_the_api_is_for_admins_and_audited(client, user, moderator, admin_user):
    from qiao.moderation.models import ModerationAction

    url = "/api/v1/moderation/surge"

    def put(data, person):
        return client.put(url, data, content_type="application/json", **bearer(person))

    assert client.get(url, **bearer(user)).status_code == 404
    assert client.get(url, **bearer(moderator)).json()["surge_mode"] is False
    assert put({"surge_mode": True}, user).status_code == 404
    assert put({"surge_mode": True}, moderator).status_code == 403
    assert put({"surge_mode": True, "reason": "x" * 1001}, admin_user).status_code == 400
    assert put({"surge_mode": "maybe"}, admin_user).status_code == 400
    switched = put({"surge_mode": True, "reason": "Sign-up wave"}, admin_user)
    assert switched.status_code == 200 and switched.json()["surge_mode"] is True
    assert client.get(url, **bearer(moderator)).json()["surge_mode"] is True
    entry = ModerationAction.objects.get()
    assert (entry.action, entry.actor, entry.reason) == ("surge_on", admin_user, "Sign-up wave")

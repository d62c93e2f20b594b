"""ModerationMiddleware: the client address for per-IP limits, and telling authors their post is held."""

import pytest
from django.urls import reverse

from qiao.moderation import limits
from tests.moderation.test_leaks import photo

pytestmark = pytest.mark.django_db

NOTE_HELD = "Your note is waiting for a moderator"
COMMENT_HELD = "Your comment is waiting for a moderator"


def test_the_author_of_a_held_note_is_told_and_others_are_not(client_for, make_user):
    troll = make_user("troll")
    page = client_for(troll).post(
        reverse("notes:create"),
        {"title": "你这个傻逼", "visibility": "public", "images": photo()},
        follow=True,
    )
    assert NOTE_HELD in page.content.decode()
    fine = client_for(make_user("ann")).post(
        reverse("notes:create"),
        {"title": "West Lake at dawn", "visibility": "public", "images": photo()},
        follow=True,
    )
    assert fine.status_code == 200 and NOTE_HELD not in fine.content.decode()


def test_the_author_of_a_held_comment_is_told_on_the_next_page(client_for, make_user, make_note):
    note = make_note(make_user("ann"), "Tea terraces")
    web = client_for(make_user("troll"))
    page = web.post(reverse("social:comment", args=[note.pk]), {"body": "滚吧傻逼"}, follow=True)
    assert page.status_code == 200 and COMMENT_HELD in page.content.decode()
    assert "滚吧傻逼" not in web.get(reverse("notes:detail", args=[note.pk])).content.decode()


def test_the_api_answers_without_messages(client_for, make_user, make_note):
    from qiao.accounts.models import ApiToken

    troll = make_user("troll")
    headers = {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(troll)[1]}"}
    note = make_note(make_user("ann"))
    response = client_for(troll).post(
        f"/api/v1/notes/{note.pk}/comments",
        {"body": "滚吧傻逼"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 201
    page = client_for(troll).get(reverse("notes:detail", args=[note.pk])).content.decode()
    assert COMMENT_HELD not in page


def test_web_posting_over_the_limit_is_a_429_page_saying_when(client_for, make_user, make_note, settings):
    settings.QIAO_MODERATION_LIMITS = {**settings.QIAO_MODERATION_LIMITS, "comment": (1, 1, 1)}
    note = make_note(make_user("ann"))
    web = client_for(make_user("newcomer"))
    url = reverse("social:comment", args=[note.pk])
    assert web.post(url, {"body": "Lovely"}).status_code == 302
    page = web.post(url, {"body": "Lovely again"})
    assert page.status_code == 429 and "Try again in" in page.content.decode()
    assert 1 <= int(page["Retry-After"]) <= 3601
    ajax = web.post(url, {"body": "Once more"}, HTTP_ACCEPT="application/json")
    assert ajax.status_code == 429 and "Try again in" in ajax.json()["detail"]


def test_the_client_address_is_known_to_the_services_during_a_request(
    client_for, make_user, make_note, settings
):
    """Many accounts behind one address share its per-IP allowance (5 × a person's, here 1 × 1)."""
    settings.QIAO_MODERATION_LIMITS = {**settings.QIAO_MODERATION_LIMITS, "comment": (1, 1, 1)}
    settings.QIAO_MODERATION_IP_FACTOR = 1
    note = make_note(make_user("ann"))
    url = reverse("social:comment", args=[note.pk])
    first = client_for(make_user("a1")).post(url, {"body": "Hi"}, REMOTE_ADDR="198.51.100.9")
    second = client_for(make_user("a2")).post(url, {"body": "Hi"}, REMOTE_ADDR="198.51.100.9")
    other = client_for(make_user("a3")).post(url, {"body": "Hi"}, REMOTE_ADDR="198.51.100.10")
    assert (first.status_code, second.status_code, other.status_code) == (302, 429, 302)
    assert limits.current_ip.get() is None  # reset after each request

"""The notifications page: tabs, unread highlight, marking read on opening, the header badge."""

import pytest
from django.test import Client
from django.urls import reverse

from qiao.notifications.services import unread_count, unread_counts
from qiao.social import services as social


@pytest.fixture
def ann(make_user):
    return make_user("ann")


@pytest.fixture
def ben(make_user):
    return make_user("ben")


def test_page_needs_sign_in():
    response = Client().get(reverse("notifications:list"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_badge_shows_the_unread_count(client_for, make_note, ann, ben):
    social.like(ben, make_note(ann))
    social.follow(ben, ann)
    html = client_for(ann).get(reverse("feeds:explore")).content.decode()
    assert "data-unread>2<" in html


def test_opening_the_page_highlights_then_marks_read(client_for, make_note, ann, ben):
    note = make_note(ann, "Noodles")
    social.like(ben, note)
    social.add_comment(ben, note, "So <em>good</em>")
    social.follow(ben, ann)
    client = client_for(ann)
    html = client.get(reverse("notifications:list")).content.decode()
    assert html.count("notif notif-unread") == 3
    assert (
        "liked your note" in html
        and "commented on your note" in html
        and "started following you" in html
    )
    assert "So &lt;em&gt;good&lt;/em&gt;" in html
    assert reverse("social:follow", args=["ben"]) in html  # follow back
    assert unread_count(ann) == 0
    again = client.get(reverse("notifications:list")).content.decode()
    assert "notif-unread" not in again


def test_a_tab_marks_only_its_own_kind_read(client_for, make_note, ann, ben):
    note = make_note(ann)
    social.like(ben, note)
    social.add_comment(ben, note, "hi")
    social.follow(ben, ann)
    response = client_for(ann).get(reverse("notifications:list"), {"tab": "likes"})
    html = response.content.decode()
    assert "liked your note" in html and "commented" not in html
    assert unread_counts(ann) == {"all": 2, "likes": 0, "comments": 1, "follows": 1}
    assert "data-unread>2<" in html  # the header badge counts what is left


def test_bad_cursor_is_400(client_for, ann):
    assert client_for(ann).get(reverse("notifications:list"), {"cursor": "xx"}).status_code == 400


def test_hidden_note_notifications_are_not_listed(client_for, make_note, ann, ben):
    note = make_note(ann, "Hidden later")
    social.like(ben, note)
    note.is_hidden = True
    note.save()
    html = client_for(ann).get(reverse("notifications:list")).content.decode()
    assert "Hidden later" not in html and "No messages yet" in html

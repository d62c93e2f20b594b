"""/api/v1/notifications."""

import pytest

from qiao.social import services as social
from tests.social.test_api import Api


@pytest.fixture
def ann(make_user):
    return make_user("ann")


@pytest.fixture
def ben(make_user):
    return make_user("ben")


def test_list_count_and_mark_read(make_note, ann, ben):
    note = make_note(ann, "Tea")
    social.like(ben, note)
    comment = social.add_comment(ben, note, "Lovely")
    social.follow(ben, ann)
    api = Api(ann)
    assert api.get("/notifications/unread_count").json() == {
        "count": 3,
        "likes": 1,
        "comments": 1,
        "follows": 1,
    }
    items = api.get("/notifications").json()["items"]
    assert [i["verb"] for i in items] == ["follow", "comment", "like"]
    assert items[1]["comment"] == {"id": comment.pk, "body": "Lovely"}
    assert items[2]["note"]["title"] == "Tea" and items[2]["note"]["thumbnail_url"].startswith(
        "http"
    )
    assert not any(i["read"] for i in items)
    assert [i["verb"] for i in api.get("/notifications", category="follows").json()["items"]] == [
        "follow"
    ]
    assert api.post("/notifications/read?category=likes").json() == {"marked": 1}
    assert api.post("/notifications/read").json() == {"marked": 2}
    assert api.get("/notifications/unread_count").json()["count"] == 0
    assert all(i["read"] for i in api.get("/notifications").json()["items"])


def test_bad_input(ann):
    api = Api(ann)
    assert api.get("/notifications", cursor="garbage").status_code == 400
    assert api.get("/notifications", category="nope").status_code == 400
    assert Api().get("/notifications").status_code == 401
    assert Api().post("/notifications/read").status_code == 401


def test_a_reply_under_a_hidden_comment_is_not_listed_nor_counted(make_note, ann, ben, make_user):
    from qiao.moderation.services import hide, restore

    note = make_note(make_user("cat"))
    question = social.add_comment(ann, note, "Is it open on Mondays?")
    reply = social.add_comment(ben, note, "Yes, from nine", parent=question)
    api = Api(ann)
    assert [i["comment"]["id"] for i in api.get("/notifications").json()["items"]] == [reply.pk]
    hide(question, "comment")
    assert api.get("/notifications").json()["items"] == []
    assert api.get("/notifications/unread_count").json()["count"] == 0
    assert api.post("/notifications/read").json() == {"marked": 0}
    restore(question, "comment")
    assert api.get("/notifications/unread_count").json()["comments"] == 1

"""/api/v1 feeds."""

import pytest

from qiao.notes.models import Hashtag
from qiao.social import services as social
from tests.social.test_api import Api


@pytest.fixture
def ann(make_user):
    return make_user("ann")


@pytest.fixture
def ben(make_user):
    return make_user("ben")


def ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def test_explore_lists_public_notes_with_liked_state(make_note, ann, ben):
    public = make_note(ann, "public", images=2)
    make_note(ann, "followers", visibility="followers")
    social.like(ben, public)
    data = Api(ben).get("/feeds/explore").json()
    assert [n["id"] for n in data["items"]] == [public.pk] and data["next_cursor"] is None
    card = data["items"][0]
    assert card["liked_by_me"] is True and card["like_count"] == 1
    assert card["author"]["handle"] == "ann" and len(card["images"]) == 2
    assert card["images"][0]["width"] == 60 and card["images"][0]["thumbnail_url"].startswith(
        "http"
    )
    assert Api().get("/feeds/explore").json()["items"][0]["liked_by_me"] is False


def test_explore_pages_cover_every_note_once_and_reject_bad_cursors(make_note, ann):
    notes = [make_note(ann) for _ in range(7)]
    api, seen, cursor = Api(), [], None
    while True:
        params = {"limit": 3, **({"cursor": cursor} if cursor else {})}
        data = api.get("/feeds/explore", **params).json()
        seen += [n["id"] for n in data["items"]]
        cursor = data["next_cursor"]
        if not cursor:
            break
    assert sorted(seen) == sorted(n.pk for n in notes) and len(seen) == 7
    for bad in ["garbage", "WyJ4IiwieSJd"]:
        response = api.get("/feeds/explore", cursor=bad)
        assert response.status_code == 400 and response.json()["detail"]
    assert api.get("/feeds/explore", limit=0).status_code == 400
    assert api.get("/feeds/explore", limit=500).status_code == 400


def test_following_feed_needs_auth(make_note, ann, ben):
    note = make_note(ann, visibility="followers")
    assert Api().get("/feeds/following").status_code == 401
    assert ids(Api(ben).get("/feeds/following")) == []
    social.follow(ben, ann)
    assert ids(Api(ben).get("/feeds/following")) == [note.pk]


def test_tag_and_user_notes(make_note, ann, ben):
    tag = Hashtag.objects.create(name="study")
    tagged = make_note(ann)
    tagged.hashtags.add(tag)
    private = make_note(ann, visibility="private")
    private.hashtags.add(tag)
    assert ids(Api(ben).get("/tags/study/notes")) == [tagged.pk]
    assert ids(Api(ann).get("/tags/study/notes", sort="new")) == [private.pk, tagged.pk]
    assert ids(Api().get("/tags/unknown/notes")) == []
    assert ids(Api(ben).get("/users/ann/notes")) == [tagged.pk]
    assert ids(Api(ann).get("/users/@ann/notes")) == [private.pk, tagged.pk]
    assert Api().get("/users/nobody/notes").status_code == 404


def test_board_notes_of_a_private_board(make_note, ann, ben):
    note = make_note(ann)
    board = social.create_board(ann, "Mine", is_private=True)
    social.collect(ann, note, board)
    assert ids(Api(ann).get(f"/boards/{board.pk}/notes")) == [note.pk]
    assert Api(ben).get(f"/boards/{board.pk}/notes").status_code == 404

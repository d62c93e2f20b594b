"""/api/v1 social endpoints, with bearer tokens."""

import json

import pytest
from django.test import Client

from qiao.accounts.models import ApiToken
from qiao.social import services
from qiao.social.models import Board, Collect, Comment, CommentLike, Follow, Like

API = "/api/v1"


class Api:
    """A test client speaking JSON with a bearer token (or anonymously)."""

    def __init__(self, user=None):
        self.client = Client()
        self.headers = {}
        if user is not None:
            _token, key = ApiToken.issue(user)
            self.headers["Authorization"] = f"Bearer {key}"

    def call(self, method, path, data=None, raw=None):
        body = raw if raw is not None else (json.dumps(data) if data is not None else "")
        return getattr(self.client, method)(
            API + path, data=body, content_type="application/json", headers=self.headers
        )

    def get(self, path, **params):
        return self.client.get(API + path, params, headers=self.headers)

    def post(self, path, data=None, raw=None):
        return self.call("post", path, data, raw)

    def patch(self, path, data=None, raw=None):
        return self.call("patch", path, data, raw)

    def delete(self, path):
        return self.call("delete", path)


@pytest.fixture
def author(make_user):
    return make_user("author")


@pytest.fixture
def reader(make_user):
    return make_user("reader")


@pytest.fixture
def note(make_note, author):
    return make_note(author, "Street food")


@pytest.fixture
def api(reader):
    return Api(reader)


def test_like_and_unlike(api, note):
    assert api.post(f"/notes/{note.pk}/like").json() == {"liked": True, "like_count": 1}
    assert api.post(f"/notes/{note.pk}/like").json() == {"liked": True, "like_count": 1}
    assert api.delete(f"/notes/{note.pk}/like").json() == {"liked": False, "like_count": 0}
    assert not Like.objects.exists()


def test_writes_need_authentication(note):
    response = Api().post(f"/notes/{note.pk}/like")
    assert response.status_code == 401 and response.json()["detail"]
    assert not Like.objects.exists()


@pytest.mark.parametrize("visibility", ["private", "followers"])
def test_invisible_notes_are_404_everywhere(api, make_note, author, visibility):
    note = make_note(author, visibility=visibility)
    for response in [
        api.post(f"/notes/{note.pk}/like"),
        api.post(f"/notes/{note.pk}/collect", {}),
        api.get(f"/notes/{note.pk}/comments"),
        api.post(f"/notes/{note.pk}/comments", {"body": "hi"}),
    ]:
        assert response.status_code == 404, response.content
        assert response.json()["detail"]
    assert not (Like.objects.exists() or Collect.objects.exists() or Comment.objects.exists())


def test_unknown_ids_are_404(api):
    assert api.post("/notes/987654/like").status_code == 404
    assert api.delete("/comments/987654").status_code == 404
    assert api.post("/users/nobody/follow").status_code == 404
    assert api.get("/boards/987654").status_code == 404


def test_collect_into_default_or_chosen_board(api, note, reader, author):
    data = api.post(f"/notes/{note.pk}/collect").json()
    assert data["collected"] and data["board"]["name"] == "Favorites" and data["collect_count"] == 1
    trips = api.post("/boards", {"name": "Trips"}).json()
    data = api.post(f"/notes/{note.pk}/collect", {"board_id": trips["id"]}).json()
    assert data["board"]["id"] == trips["id"] and data["collect_count"] == 1
    data = api.delete(f"/notes/{note.pk}/collect?board_id={trips['id']}").json()
    assert data == {"collected": True, "collect_count": 1, "board": None}
    data = api.delete(f"/notes/{note.pk}/collect").json()
    assert data["collected"] is False and data["collect_count"] == 0


def test_cannot_collect_into_another_persons_board(api, note, author):
    theirs = services.create_board(author, "Theirs")
    response = api.post(f"/notes/{note.pk}/collect", {"board_id": theirs.pk})
    assert response.status_code == 404
    assert not Collect.objects.exists()


def test_comments_list_with_replies_and_cursor(api, note, reader, author):
    tops = [services.add_comment(reader, note, f"top {i}") for i in range(3)]
    services.add_comment(author, note, "reply", parent=tops[0])
    first = api.get(f"/notes/{note.pk}/comments", limit=2).json()
    assert [c["body"] for c in first["items"]] == ["top 2", "top 1"]
    second = api.get(f"/notes/{note.pk}/comments", limit=2, cursor=first["next_cursor"]).json()
    assert [c["body"] for c in second["items"]] == ["top 0"]
    assert [r["body"] for r in second["items"][0]["replies"]] == ["reply"]
    assert second["next_cursor"] is None
    assert api.get(f"/notes/{note.pk}/comments", cursor="%%%").status_code == 400
    # Anonymous readers may read public notes' comments.
    assert Api().get(f"/notes/{note.pk}/comments").status_code == 200


def test_post_comment_and_reply(api, note, author):
    top = api.post(f"/notes/{note.pk}/comments", {"body": "Where is this?"})
    assert top.status_code == 201
    reply = Api(author).post(
        f"/notes/{note.pk}/comments", {"body": "Chengdu", "parent_id": top.json()["id"]}
    )
    assert reply.status_code == 201 and reply.json()["parent_id"] == top.json()["id"]
    deeper = api.post(
        f"/notes/{note.pk}/comments", {"body": "Thanks", "parent_id": reply.json()["id"]}
    ).json()
    assert deeper["parent_id"] == top.json()["id"] and deeper["reply_to"]["handle"] == "author"


@pytest.mark.parametrize(
    "payload",
    [
        {"body": ""},
        {"body": "   "},
        {"body": "z" * 1001},
        {"body": "ok", "parent_id": 123456},
    ],
)
def test_bad_comments_are_400_and_write_nothing(api, note, payload):
    response = api.post(f"/notes/{note.pk}/comments", payload)
    assert response.status_code == 400
    assert response.json()["detail"]
    assert not Comment.objects.exists()


@pytest.mark.parametrize(
    "raw", ['{"body": "unterminated', "[1, 2]", '{"parent_id": 1}', '{"body": "x", "extra": 1}']
)
def test_malformed_json_is_4xx_with_a_message(api, note, raw):
    response = api.post(f"/notes/{note.pk}/comments", raw=raw)
    assert 400 <= response.status_code < 500
    assert response.json()["detail"]
    assert not Comment.objects.exists()


def test_delete_comment_permissions(api, note, author, make_user):
    comment = services.add_comment(author, note, "author's own")
    response = api.delete(f"/comments/{comment.pk}")
    assert response.status_code == 403 and response.json()["detail"]
    moderator = Api(make_user("mod", role="moderator"))
    assert moderator.delete(f"/comments/{comment.pk}").status_code == 204
    assert not Comment.objects.exists()


def test_follow_unfollow_and_lists(api, reader, author, make_user):
    assert api.post("/users/author/follow").json() == {"following": True, "follower_count": 1}
    fan = make_user("fan")
    Api(fan).post("/users/author/follow")
    followers = api.get("/users/author/followers").json()
    assert [p["handle"] for p in followers["items"]] == ["fan", "reader"]
    assert [p["followed_by_me"] for p in followers["items"]] == [False, False]
    assert [p["handle"] for p in api.get("/users/reader/following").json()["items"]] == ["author"]
    page = Api().get("/users/author/followers", limit=1).json()
    assert len(page["items"]) == 1 and page["next_cursor"]
    assert api.get("/users/author/followers", cursor="bad").status_code == 400
    assert api.delete("/users/author/follow").json() == {"following": False, "follower_count": 1}


def test_self_follow_is_400(api, reader):
    response = api.post("/users/reader/follow")
    assert response.status_code == 400 and response.json()["detail"]
    assert not Follow.objects.exists()


def test_boards_crud_and_privacy(api, reader, author):
    created = api.post("/boards", {"name": "Secret spots", "is_private": True})
    assert created.status_code == 201
    board_id = created.json()["id"]
    assert api.post("/boards", {"name": "secret SPOTS"}).status_code == 400
    assert api.post("/boards", {"name": ""}).status_code == 400
    assert api.post("/boards", raw="{").status_code == 400
    assert [b["name"] for b in api.get("/boards").json()["items"]] == ["Secret spots"]

    other = Api(author)
    assert other.get(f"/boards/{board_id}").status_code == 404
    assert Api().get(f"/boards/{board_id}").status_code == 404
    assert other.get("/boards", handle="reader").json()["items"] == []
    assert other.patch(f"/boards/{board_id}", {"name": "Mine"}).status_code == 404
    assert other.delete(f"/boards/{board_id}").status_code == 404
    assert Api().get("/boards").status_code == 401

    patched = api.patch(f"/boards/{board_id}", {"is_private": False, "description": "Go early"})
    assert patched.status_code == 200 and patched.json()["description"] == "Go early"
    assert other.get(f"/boards/{board_id}").status_code == 200
    assert [b["name"] for b in Api().get("/boards", handle="reader").json()["items"]] == [
        "Secret spots"
    ]
    assert api.delete(f"/boards/{board_id}").status_code == 204
    assert not Board.objects.exists()


# --- comment likes ----------------------------------------------------------------------------


@pytest.fixture
def comment(note, author):
    return services.add_comment(author, note, "Go early, it gets busy")


def test_like_and_unlike_a_comment(api, comment, author, reader):
    url = f"/comments/{comment.pk}/like"
    assert api.post(url).json() == {"liked": True, "like_count": 1}
    assert api.post(url).json() == {"liked": True, "like_count": 1}  # idempotent
    assert Api(author).post(url).json() == {"liked": True, "like_count": 2}
    assert api.delete(url).json() == {"liked": False, "like_count": 1}
    assert api.delete(url).json() == {"liked": False, "like_count": 1}
    assert list(CommentLike.objects.values_list("user__handle", flat=True)) == ["author"]


def test_comment_likes_need_authentication(comment):
    response = Api().post(f"/comments/{comment.pk}/like")
    assert response.status_code == 401 and response.json()["detail"]
    assert Api().delete(f"/comments/{comment.pk}/like").status_code == 401
    assert not CommentLike.objects.exists()


def test_comments_you_may_not_see_are_404(api, make_note, author, comment):
    private = make_note(author, visibility="private")
    on_private = services.add_comment(author, private, "note to self")
    Comment.objects.filter(pk=comment.pk).update(is_hidden=True)
    for comment_id in (on_private.pk, comment.pk, 99999):
        for response in (
            api.post(f"/comments/{comment_id}/like"),
            api.delete(f"/comments/{comment_id}/like"),
        ):
            assert response.status_code == 404 and response.json()["detail"]
    assert not CommentLike.objects.exists()


def test_comment_likes_are_rate_limited_and_suspensions_apply(settings, api, comment, reader):
    from datetime import timedelta

    from django.utils import timezone

    from qiao.moderation.models import Standing

    settings.QIAO_RATE_LIMITS = {**settings.QIAO_RATE_LIMITS, "like": "1/3600"}
    api.post(f"/comments/{comment.pk}/like")
    limited = api.delete(f"/comments/{comment.pk}/like")
    assert limited.status_code == 429 and limited["Retry-After"]
    settings.QIAO_RATE_LIMITS = {**settings.QIAO_RATE_LIMITS, "like": "100/3600"}
    other = services.add_comment(reader, comment.note, "mine")
    Standing.objects.create(user=reader, suspended_until=timezone.now() + timedelta(days=2))
    refused = api.post(f"/comments/{other.pk}/like")
    assert refused.status_code == 403 and refused.json()["detail"]
    assert CommentLike.objects.count() == 1


def test_comment_lists_say_which_comments_you_like(api, note, comment, reader):
    reply = services.add_comment(reader, note, "Thanks", parent=comment)
    services.like_comment(reader, reply)
    items = api.get(f"/notes/{note.pk}/comments").json()["items"]
    assert [(c["like_count"], c["liked_by_me"]) for c in items] == [(0, False)]
    assert [(r["like_count"], r["liked_by_me"]) for r in items[0]["replies"]] == [(1, True)]
    anonymous = Api().get(f"/notes/{note.pk}/comments").json()["items"]
    assert anonymous[0]["replies"][0]["liked_by_me"] is False


def test_openapi_describes_comment_likes(db):
    schema = Client().get("/api/v1/openapi.json").json()
    operations = schema["paths"]["/api/v1/comments/{comment_id}/like"]
    assert set(operations) == {"post", "delete"}
    assert {"200", "404", "429"} <= set(operations["post"]["responses"])
    assert operations["post"]["summary"] == "Like a comment"
    assert "liked_by_me" in schema["components"]["schemas"]["ReplyOut"]["properties"]


# --- follow lists: the API and the pages agree -------------------------------------------------


def test_follow_list_api_and_pages_list_the_same_people(api, author, make_user, ban):
    import re

    people = [make_user(f"fan{i}", bio=f"Fan number {i}") for i in range(4)]
    for person in people:
        services.follow(person, author)
        services.follow(author, person)
    ban(people[2])
    for which in ("followers", "following"):
        items = api.get(f"/users/author/{which}").json()["items"]
        html = Client().get(f"/@author/{which}/").content.decode()
        listed = re.findall(r'<li class="person-row" data-person="([^"]+)"', html)
        assert [p["handle"] for p in items] == listed == ["fan3", "fan1", "fan0"]
        assert all(p["bio"] == f"Fan number {p['handle'][-1]}" for p in items)
    assert Api().get("/users/fan2/followers").status_code == 404


# --- comments held for review (qiao.moderation) ------------------------------------------------


def test_a_held_comment_says_so_to_its_author_only(api, note, author, db):
    from qiao.moderation.models import Rule

    Rule.objects.create(type="keyword", pattern="holdme", outcome="hold")
    held = api.post(f"/notes/{note.pk}/comments", {"body": "Spam holdme"})
    assert held.status_code == 201 and held.json()["held"] is True
    fine = api.post(f"/notes/{note.pk}/comments", {"body": "Lovely"})
    assert fine.status_code == 201 and fine.json()["held"] is False
    for reader in (Api(author), Api(), api):
        items = reader.get(f"/notes/{note.pk}/comments").json()["items"]
        assert [(c["body"], c["held"]) for c in items] == [("Lovely", False)]
    schema = Client().get("/api/v1/openapi.json").json()
    described = schema["components"]["schemas"]["ReplyOut"]["properties"]["held"]
    assert described["type"] == "boolean" and "review" in described["description"]

import json

import pytest
from django.test import Client

from qiao.accounts.models import ApiToken
from qiao.notes.models import Hashtag, Note, NoteImage
from qiao.social.models import Follow

from .conftest import media_files, photo_bytes, upload

BASE = "/api/v1/notes"


def api_client(user=None) -> Client:
    if user is None:
        return Client()
    _token, key = ApiToken.issue(user)
    return Client(headers={"Authorization": f"Bearer {key}"})


def form(**overrides) -> dict:
    data = {"title": "Morning coffee", "body": "", "visibility": "public", "images": [upload()]}
    data.update(overrides)
    return data


def state():
    return Note.objects.count(), NoteImage.objects.count(), Hashtag.objects.count(), media_files()


def patch(client: Client, note_id: int, payload) -> "HttpResponse":  # noqa: F821
    body = payload if isinstance(payload, str) else json.dumps(payload)
    return client.patch(f"{BASE}/{note_id}", body, content_type="application/json")


# --- create -----------------------------------------------------------------------------


def test_create_note(user):
    response = api_client(user).post(
        BASE,
        form(
            title="Morning coffee #咖啡",
            body="Flat white at the corner café, best in town #coffee",
            location="Chengdu",
            images=[
                upload(photo_bytes("JPEG", (640, 480))),
                upload(photo_bytes("WEBP"), name="b.webp"),
            ],
            alt_texts=["A cup", "The café"],
        ),
    )
    assert response.status_code == 201, response.content
    data = response.json()
    note = Note.objects.get()
    assert data["id"] == note.pk
    assert data["title"] == "Morning coffee #咖啡"
    assert data["lang"] == "en"
    assert sorted(data["hashtags"]) == ["coffee", "咖啡"]
    assert data["author"] == {"handle": "alice", "display_name": "Alice", "avatar": None}
    assert [(i["width"], i["height"], i["alt_text"]) for i in data["images"]] == [
        (640, 480, "A cup"),
        (64, 48, "The café"),
    ]
    assert data["images"][0]["url"].startswith("http://testserver/media/notes/")
    assert data["images"][0]["thumbnail_url"] != data["images"][0]["url"]
    assert data["url"] == f"http://testserver/notes/{note.pk}/"
    assert (data["like_count"], data["collect_count"], data["comment_count"]) == (0, 0, 0)
    assert data["edited_at"] is None
    assert data["held"] is False


def test_create_accepts_php_style_file_field(user):
    response = api_client(user).post(BASE, {"title": "x", "images[]": [upload(), upload()]})
    assert response.status_code == 201
    assert len(response.json()["images"]) == 2


def test_create_requires_authentication(db):
    before = state()
    assert api_client().post(BASE, form()).status_code == 401
    bad = Client(headers={"Authorization": "Bearer nope"})
    assert bad.post(BASE, form()).status_code == 401
    assert state() == before


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"images": []}, "images"),
        ({"images": [upload() for _ in range(10)]}, "images"),
        ({"images": [upload(b"GIF89a not really", name="x.jpg")]}, "images"),
        ({"title": ""}, "title"),
        ({"title": "t" * 101}, "title"),
        ({"body": "b" * 5001}, "body"),
        ({"visibility": "galaxy"}, "visibility"),
        ({"lang": "tlh"}, "lang"),
    ],
)
def test_create_bad_input_is_400_and_writes_nothing(user, overrides, field):
    before = state()
    response = api_client(user).post(BASE, form(**overrides))
    assert response.status_code == 400
    body = response.json()
    assert body["detail"] and field in body["errors"]
    assert state() == before


# --- read -------------------------------------------------------------------------------


def test_get_note_respects_visibility(user, other_user, make_note):
    public = make_note(user)
    followers = make_note(user, visibility="followers")
    private = make_note(user, visibility="private")
    anonymous, stranger, author = api_client(), api_client(other_user), api_client(user)

    assert anonymous.get(f"{BASE}/{public.pk}").json()["id"] == public.pk
    for note in (followers, private):
        assert anonymous.get(f"{BASE}/{note.pk}").status_code == 404
        assert stranger.get(f"{BASE}/{note.pk}").status_code == 404
        assert author.get(f"{BASE}/{note.pk}").status_code == 200
    Follow.objects.create(follower=other_user, followee=user)
    assert stranger.get(f"{BASE}/{followers.pk}").status_code == 200
    assert stranger.get(f"{BASE}/{private.pk}").status_code == 404
    assert anonymous.get(f"{BASE}/424242").json() == {"detail": "Note not found."}


# --- edit -------------------------------------------------------------------------------


def test_patch_updates_only_given_fields(user, make_note):
    note = make_note(user, title="Old", body="Some words #old", location="Xi'an")
    response = patch(api_client(user), note.pk, {"title": "New", "body": "Other words #new"})
    assert response.status_code == 200, response.content
    data = response.json()
    assert (data["title"], data["location"], data["hashtags"]) == ("New", "Xi'an", ["new"])
    assert data["edited_at"] is not None


def test_patch_language_override_and_reset(user, make_note):
    client = api_client(user)
    note = make_note(user, title="…", body="The weather is lovely and we walked along the river")
    assert patch(client, note.pk, {"lang": "zh"}).json()["lang"] == "zh"
    assert (
        patch(client, note.pk, {"body": "Still English text about the river walk"}).json()["lang"]
        == "zh"
    )
    assert patch(client, note.pk, {"lang": None}).json()["lang"] == "en"


def test_patch_reorders_and_removes_images(user, make_note, django_capture_on_commit_callbacks):
    note = make_note(user, images=[upload(), upload(), upload()])
    a, _b, c = note.images.values_list("pk", flat=True)
    with django_capture_on_commit_callbacks(execute=True):
        response = patch(
            api_client(user), note.pk, {"image_ids": [c, a], "alt_texts": ["third", None]}
        )
    assert response.status_code == 200
    assert list(Note.objects.get().images.values_list("pk", "alt_text")) == [(c, "third"), (a, "")]
    assert len(media_files()) == 4


def test_patch_authorization(user, other_user, make_user, make_note):
    public = make_note(user)
    private = make_note(user, visibility="private")
    stranger = api_client(other_user)
    assert patch(stranger, public.pk, {"title": "Mine now"}).status_code == 403
    assert patch(stranger, private.pk, {"title": "Mine now"}).status_code == 404
    assert (
        patch(
            api_client(make_user("mod", role="moderator")), public.pk, {"title": "Mod"}
        ).status_code
        == 403
    )
    assert patch(api_client(), public.pk, {"title": "Anon"}).status_code == 401
    assert set(Note.objects.values_list("title", flat=True)) == {"A day out"}


@pytest.mark.parametrize(
    "payload",
    [
        "{not json",
        '["a", "list"]',
        {"title": ""},
        {"title": "x" * 101},
        {"visibility": "everyone"},
        {"image_ids": []},
        {"image_ids": [987654]},
        {"title": 5, "body": {"nested": True}},
        {"unknown_field": 1},
    ],
)
def test_patch_bad_input_is_4xx_and_changes_nothing(user, make_note, payload):
    note = make_note(user, title="Stable")
    response = patch(api_client(user), note.pk, payload)
    assert 400 <= response.status_code < 500
    assert "detail" in response.json()
    note.refresh_from_db()
    assert (note.title, note.edited_at, note.images.count()) == ("Stable", None, 1)


# --- delete -----------------------------------------------------------------------------


def test_delete(user, other_user, make_user, make_note, django_capture_on_commit_callbacks):
    note = make_note(user)
    private = make_note(user, visibility="private")
    url = f"{BASE}/{note.pk}"
    assert api_client().delete(url).status_code == 401
    assert api_client(other_user).delete(url).status_code == 403
    assert api_client(other_user).delete(f"{BASE}/{private.pk}").status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        response = api_client(user).delete(url)
    assert response.status_code == 204
    assert not Note.objects.filter(pk=note.pk).exists()
    assert len(media_files()) == 2  # the private note's photo and thumbnail
    assert api_client(user).delete(url).status_code == 404
    moderator = api_client(make_user("mod", role="moderator"))
    assert moderator.delete(f"{BASE}/{private.pk}").status_code == 204
    assert Note.objects.count() == 0


def test_openapi_lists_note_endpoints(db):
    schema = Client().get("/api/v1/openapi.json").json()
    assert {"/api/v1/notes", "/api/v1/notes/{note_id}"} <= set(schema["paths"])
    assert schema["paths"]["/api/v1/notes"]["post"]["tags"] == ["notes"]


# --- held for review (qiao.moderation) ---------------------------------------------------


def test_a_held_note_says_so_to_its_author_only(user, other_user, hold_rule):
    from .conftest import HOLD_WORD

    author = api_client(user)
    response = author.post(BASE, form(title=f"Morning {HOLD_WORD}"))
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["held"] is True and Note.objects.get(pk=data["id"]).is_hidden
    for client in (api_client(other_user), api_client(), author):
        assert client.get(f"{BASE}/{data['id']}").status_code == 404
    edited = patch(author, data["id"], {"title": "Morning, calmer"})
    assert edited.status_code == 200 and edited.json()["held"] is True


def test_held_is_false_on_a_published_note_for_everyone(user, other_user, hold_rule):
    created = api_client(user).post(BASE, form(title="Morning coffee")).json()
    assert created["held"] is False
    assert api_client(other_user).get(f"{BASE}/{created['id']}").json()["held"] is False
    feed = api_client().get("/api/v1/feeds/explore").json()["items"]
    assert [(item["id"], item["held"]) for item in feed] == [(created["id"], False)]


def test_openapi_documents_held(db):
    schema = Client().get("/api/v1/openapi.json").json()
    held = schema["components"]["schemas"]["NoteOut"]["properties"]["held"]
    assert held["type"] == "boolean" and "review" in held["description"]

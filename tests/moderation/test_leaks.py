"""Nothing leaks: hidden content is gone from every page and API, and comes back intact.

Content is made through the real services (notes, comments, likes, follows), hidden and
restored through the moderation services, and read back through the web pages and the API.
"""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from qiao.accounts.models import ApiToken
from qiao.moderation import services
from qiao.moderation.models import ModerationCase, Standing
from qiao.notes import services as notes
from qiao.social import services as social

pytestmark = pytest.mark.django_db


def photo() -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (20, 120, 200)).save(buffer, format="JPEG")
    return SimpleUploadedFile("p.jpg", buffer.getvalue(), content_type="image/jpeg")


def bearer(user) -> dict:
    return {"HTTP_AUTHORIZATION": f"Bearer {ApiToken.issue(user)[1]}"}


@pytest.fixture
def world(make_user, moderator):
    """Ann posts a tagged note; Ben follows Ann, likes it and comments; Cat reports both."""
    ann, ben, cat = make_user("ann"), make_user("ben"), make_user("cat")
    note = notes.create_note(
        ann, title="West Lake at dawn #hangzhou", body="Mist on the water", images=[photo()]
    )
    social.follow(ben, ann)
    social.like(ben, note)
    comment = social.add_comment(ben, note, "Gorgeous light, @ann")
    note_case = services.file_report(cat, "note", note.pk, "spam").case
    comment_case = services.file_report(cat, "comment", comment.pk, "harassment").case
    return {"ann": ann, "ben": ben, "cat": cat, "note": note, "comment": comment,
            "note_case": note_case, "comment_case": comment_case, "mod": moderator}  # fmt: skip


def note_everywhere(client, note, handle, headers=None) -> dict[str, bool]:
    """Where ``note`` shows up for this client: pages and API."""
    headers = headers or {}
    title = "West Lake at dawn"
    return {
        "explore": title in client.get(reverse("feeds:explore"), **headers).content.decode(),
        "profile": title
        in client.get(reverse("feeds:profile", args=[handle]), **headers).content.decode(),
        "hashtag": title
        in client.get(reverse("feeds:hashtag", args=["hangzhou"]), **headers).content.decode(),
        "page": client.get(reverse("notes:detail", args=[note.pk]), **headers).status_code == 200,
        "api_note": client.get(f"/api/v1/notes/{note.pk}", **headers).status_code == 200,
        "api_explore": note.pk
        in [n["id"] for n in client.get("/api/v1/feeds/explore", **headers).json()["items"]],
        "api_profile": note.pk
        in [
            n["id"] for n in client.get(f"/api/v1/users/{handle}/notes", **headers).json()["items"]
        ],
    }


def test_a_hidden_note_is_gone_everywhere_and_comes_back(
    client, client_for, world, django_capture_on_commit_callbacks
):
    note, ann, ben, mod = world["note"], world["ann"], world["ben"], world["mod"]
    assert all(note_everywhere(client, note, "ann").values())
    with django_capture_on_commit_callbacks(execute=True):
        services.act(mod, world["note_case"], "hide", "Spam")
    for viewer in (client, client_for(ben)):
        seen = note_everywhere(viewer, note, "ann")
        assert not any(seen.values()), seen
    api_headers = bearer(ben)
    assert not any(note_everywhere(client, note, "ann", api_headers).values())
    # Notifications about the hidden note (Ben's like reached Ann) are not shown.
    ann_client = client_for(ann)
    assert "West Lake" not in ann_client.get(reverse("notifications:list")).content.decode()

    def about_note() -> list:
        items = ann_client.get("/api/v1/notifications", **bearer(ann)).json()["items"]
        return [n for n in items if (n.get("note") or {}).get("id") == note.pk]

    assert about_note() == []
    assert ann_client.get("/api/v1/notifications/unread_count", **bearer(ann)).json()["likes"] == 0
    # Its comments are gone with it, and its stored translations are not served.
    assert client.get(f"/api/v1/notes/{note.pk}/comments").status_code == 404
    translate = f"/api/v1/notes/{note.pk}/translate"
    zh = {"target": "zh"}
    assert client.post(translate, zh, content_type="application/json").status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        services.act(mod, world["note_case"], "restore", "Not spam after all")
    assert all(note_everywhere(client, note, "ann").values())
    assert client.post(translate, zh, content_type="application/json").status_code in (200, 202)
    note.refresh_from_db()
    assert (note.title, note.like_count, note.comment_count) == (
        "West Lake at dawn #hangzhou",
        1,
        1,
    )
    assert len(about_note()) == 2  # the like and the comment


def test_a_hidden_comment_is_gone_from_page_api_and_notifications(client, client_for, world):
    note, comment, ann, mod = world["note"], world["comment"], world["ann"], world["mod"]
    page = reverse("notes:detail", args=[note.pk])
    assert "Gorgeous light" in client.get(page).content.decode()
    services.act(mod, world["comment_case"], "hide", "Harassment")
    assert "Gorgeous light" not in client.get(page).content.decode()
    api = client.get(f"/api/v1/notes/{note.pk}/comments").json()["items"]
    assert comment.pk not in [c["id"] for c in api]
    translate = f"/api/v1/comments/{comment.pk}/translate"
    zh = {"target": "zh"}
    assert client.post(translate, zh, content_type="application/json").status_code == 404
    notifications = client_for(ann).get("/api/v1/notifications", **bearer(ann)).json()["items"]
    assert all((n.get("comment") or {}).get("id") != comment.pk for n in notifications)
    assert (
        "Gorgeous light" not in client_for(ann).get(reverse("notifications:list")).content.decode()
    )

    services.act(mod, world["comment_case"], "restore", "Fine")
    assert "Gorgeous light, " in client.get(page).content.decode()
    assert comment.pk in [
        c["id"] for c in client.get(f"/api/v1/notes/{note.pk}/comments").json()["items"]
    ]
    assert client.post(translate, zh, content_type="application/json").status_code in (200, 202)


def test_a_suspended_person_cannot_post_comment_like_or_follow(client_for, world, make_user):
    ben, ann, note, mod = world["ben"], world["ann"], world["note"], world["mod"]
    services.act(mod, world["comment_case"], "suspend", "Harassment", days=7)
    headers = bearer(ben)
    web = client_for(ben)
    new_note = web.post(
        reverse("notes:create"), {"title": "Hi", "visibility": "public", "images": photo()}
    )
    assert new_note.status_code == 403
    api_note = web.post("/api/v1/notes", {"title": "Hi", "images": photo()}, **headers)
    assert api_note.status_code == 403 and "suspended" in api_note.json()["detail"]
    comment = web.post(
        f"/api/v1/notes/{note.pk}/comments",
        {"body": "again"},
        content_type="application/json",
        **headers,
    )
    assert comment.status_code == 403
    web_comment = web.post(
        reverse("social:comment", args=[note.pk]), {"body": "again"}, HTTP_ACCEPT="application/json"
    )
    assert web_comment.status_code == 403
    social.unlike(ben, note)
    assert web.post(f"/api/v1/notes/{note.pk}/like", **headers).status_code == 403
    other = make_user("dan")
    assert web.post(f"/api/v1/users/{other.handle}/follow", **headers).status_code == 403
    # Reading still works, and taking things back is allowed.
    assert web.get(reverse("notes:detail", args=[note.pk])).status_code == 200
    assert social.unfollow(ben, ann)


def test_a_banned_person_is_signed_out_and_their_token_stops(
    client_for, world, django_capture_on_commit_callbacks
):
    ben, mod = world["ben"], world["mod"]
    web = client_for(ben)
    headers = bearer(ben)
    assert web.get(reverse("moderation:standing")).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        services.act(mod, world["comment_case"], "ban", "Hate campaign")
    assert web.get(reverse("moderation:standing")).status_code == 302  # signed out: sent to sign in
    assert web.get("/api/v1/moderation/standing", **headers).status_code == 401
    assert Standing.objects.get(user=ben).banned_at is not None


def test_held_content_is_hidden_from_others_until_approved(
    client, client_for, make_user, moderator
):
    troll = make_user("troll")
    headers = bearer(troll)
    response = client_for(troll).post(
        "/api/v1/notes", {"title": "你们这些傻逼", "body": "全都去死", "images": photo()}, **headers
    )
    assert response.status_code == 201
    note_id = response.json()["id"]
    assert client.get(f"/api/v1/notes/{note_id}").status_code == 404
    assert client.get(reverse("notes:detail", args=[note_id])).status_code == 404
    case = ModerationCase.objects.get(object_id=note_id, kind="note")
    assert case.source == "automatic" and case.held
    queue = client_for(moderator).get(reverse("moderation:queue")).content.decode()
    assert "你们这些傻逼" in queue
    services.act(moderator, case, "dismiss")  # approve
    assert client.get(f"/api/v1/notes/{note_id}").status_code == 200


def test_rejected_content_is_a_400_with_a_message(client_for, make_user, no_starter_rules):
    from qiao.moderation.models import Rule

    Rule.objects.create(type="keyword", pattern="代开发票", outcome="reject")
    author = make_user("seller")
    headers = bearer(author)
    web = client_for(author)
    response = web.post("/api/v1/notes", {"title": "代 开 发 票", "images": photo()}, **headers)
    assert response.status_code == 400 and "community rules" in response.json()["detail"]
    page = web.post(
        reverse("notes:create"), {"title": "代開發票", "visibility": "public", "images": photo()}
    )
    assert page.status_code == 400 and "community rules" in page.content.decode()
    other = make_user("buyer")
    note = notes.create_note(other, title="Tea", images=[photo()])
    comment = web.post(
        f"/api/v1/notes/{note.pk}/comments",
        {"body": "daikaifapiao 代开发票"},
        content_type="application/json",
        **headers,
    )
    assert comment.status_code == 400
    bio = web.patch(
        "/api/v1/users/me", {"bio": "代开发票"}, content_type="application/json", **headers
    )
    assert bio.status_code == 400 and "community rules" in bio.json()["detail"]


def test_search_leaves_hidden_notes_out(
    client, make_user, moderator, django_capture_on_commit_callbacks
):
    author, reporter = make_user("ann"), make_user("cat")
    with django_capture_on_commit_callbacks(execute=True):
        note = notes.create_note(
            author, title="Lanterns over the canal", body="Suzhou at night", images=[photo()]
        )

    def found() -> list[int]:
        items = client.get("/api/v1/search", {"q": "lanterns canal"}).json()["items"]
        return [hit["note"]["id"] for hit in items if hit.get("note")]

    assert note.pk in found()
    case = services.file_report(reporter, "note", note.pk, "spam").case
    with django_capture_on_commit_callbacks(execute=True):
        services.act(moderator, case, "hide", "Spam")
    assert note.pk not in found()
    assert (
        "Lanterns over the canal"
        not in client.get(reverse("search:results"), {"q": "lanterns"}).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.act(moderator, case, "restore", "Fine")
    assert note.pk in found()


def test_a_ban_takes_the_accounts_posts_down_and_lifting_it_brings_back_only_those(
    client, world, make_user, django_capture_on_commit_callbacks
):
    """Ben (banned) liked, commented and posted; one of his notes was already hidden for itself."""
    from qiao.moderation.models import ModerationAction
    from qiao.slang.models import TermProposal

    ben, ann, note, mod = world["ben"], world["ann"], world["note"], world["mod"]
    own = notes.create_note(ben, title="Ben's tea house", images=[photo()])
    earlier = notes.create_note(ben, title="Ben's other post", images=[photo()])
    services.hide(earlier, "note")  # hidden for its own reasons, before the ban
    proposal = TermProposal.objects.create(
        author=ben, term="绝绝子", lang="zh", literal="absolutely", meaning_en="amazing",
        meaning_zh="太好了", translation_en="amazing", translation_zh="绝绝子", register="playful",
    )  # fmt: skip
    note.refresh_from_db()
    assert note.comment_count == 1 and client.get(f"/api/v1/notes/{own.pk}").status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        ban = services.act(mod, world["comment_case"], "ban", "Spam wave")
    comments = client.get(f"/api/v1/notes/{note.pk}/comments").json()["items"]
    assert comments == []
    note.refresh_from_db()
    assert note.comment_count == 0
    assert client.get(f"/api/v1/notes/{own.pk}").status_code == 404
    explore = [n["id"] for n in client.get("/api/v1/feeds/explore").json()["items"]]
    assert own.pk not in explore and note.pk in explore  # Ann's note stays
    proposal.refresh_from_db()
    assert proposal.is_hidden
    parts = ModerationAction.objects.filter(part_of=ban)
    assert sorted(parts.values_list("action", flat=True)) == ["hide"] * 3
    assert all(p.actor == mod and p.reason == "Spam wave" and p.target_user == ben for p in parts)

    with django_capture_on_commit_callbacks(execute=True):
        lifted = services.act(mod, world["comment_case"], "restore", "Appeal accepted")
    ben.refresh_from_db()
    assert ben.is_active
    note.refresh_from_db()
    assert note.comment_count == 1
    assert [c["body"] for c in client.get(f"/api/v1/notes/{note.pk}/comments").json()["items"]] == [
        "Gorgeous light, @ann"
    ]
    assert client.get(f"/api/v1/notes/{own.pk}").status_code == 200
    assert client.get(f"/api/v1/notes/{earlier.pk}").status_code == 404  # not the ban's to undo
    proposal.refresh_from_db()
    assert not proposal.is_hidden
    assert ModerationAction.objects.filter(part_of=lifted, action="restore").count() == 3
    assert ann.is_active

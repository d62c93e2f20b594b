"""Search never shows what the searcher may not see: results, snippets, translated snippets.

One world of notes about 火锅, each with a marker word of its own in its text
and in its stored English translation, at every visibility, hidden by
moderation, deleted, and by a banned and a suspended author. Every path
(keyword as typed, dictionary, semantic) is searched through the real API and
page, and the whole response is checked for markers it must not contain.
"""

from datetime import timedelta

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import timezone

from qiao.moderation import services as moderation
from qiao.moderation.models import Standing
from qiao.notes.models import Note
from qiao.social import services as social
from qiao.translation.memory import text_hash
from qiao.translation.models import ContentTranslation

API = "/api/v1/search"


def store_translation(note: Note, marker: str) -> None:
    """A stored English translation of ``note`` (as the translation app keeps it), with ``marker``."""
    note_type = ContentType.objects.get_for_model(Note)
    for field, text in (
        ("title", f"Hotpot {marker}"),
        ("body", f"Spicy hotpot with friends, {marker} broth"),
    ):
        ContentTranslation.objects.create(
            content_type=note_type, object_id=note.pk, field=field, target_lang="en", source_lang="zh",
            source_hash=text_hash(getattr(note, field)), engine="test", model="test", text=text,
        )  # fmt: skip


@pytest.fixture
def world(make_user, post, remove, embed_all):
    bob = make_user("bob_writer", read_languages=["zh"])
    carol = make_user("carol", read_languages=["en"])  # follows bob
    stranger = make_user("dave", read_languages=["en"])
    banned = make_user("mallory", read_languages=["zh"])
    suspended = make_user("sam", read_languages=["zh"])
    social.follow(carol, bob)

    def note(author, name, **fields):
        made = post(author, f"火锅 zqx{name}", f"今晚吃火锅，锅底一绝 zqx{name}", **fields)
        store_translation(made, f"zqx{name}en")
        return made

    notes = {
        "public": note(bob, "public"),
        "followers": note(bob, "followers", visibility="followers"),
        "private": note(bob, "private", visibility="private"),
        "hidden": note(bob, "hidden"),
        "deleted": note(bob, "deleted"),
        "banned": note(banned, "banned"),
        "suspended": note(suspended, "suspended"),
    }
    moderation.hide(notes["hidden"], "note")
    remove(notes["deleted"])
    Standing.objects.create(user=banned, banned_at=timezone.now())
    type(banned).objects.filter(pk=banned.pk).update(is_active=False)  # what a ban does
    Standing.objects.create(user=suspended, suspended_until=timezone.now() + timedelta(days=3))
    embed_all()
    return {"bob": bob, "carol": carol, "stranger": stranger}, notes


# Who may see what. A suspension stops its person acting (posting, liking…), not their notes
# being read, as everywhere else on the site; a ban takes the account and its notes away.
ALLOWED = {
    "anonymous": {"public", "suspended"},
    "stranger": {"public", "suspended"},
    "carol": {"public", "followers", "suspended"},
    "bob": {"public", "followers", "private", "suspended"},
}


@pytest.mark.parametrize("q", ["火锅", "hotpot", "huoguo", "spicy hotpot with friends tonight"])
@pytest.mark.parametrize("viewer", list(ALLOWED))
def test_no_result_snippet_or_translation_of_what_the_viewer_may_not_see(
    world, client, client_for, q, viewer
):
    people, notes = world
    web = client if viewer == "anonymous" else client_for(people[viewer])
    response = web.get(API, {"q": q, "limit": 50})
    assert response.status_code == 200
    body = response.content.decode()
    returned = {item["note"]["id"] for item in response.json()["items"]}
    found = {name for name, n in notes.items() if n.pk in returned}
    assert found <= ALLOWED[viewer], (q, found)
    for name in set(notes) - ALLOWED[viewer]:
        assert f"zqx{name}" not in body, (q, name)  # not in any title, snippet or translation
    page = web.get("/search/", {"q": q}).content.decode()
    for name in set(notes) - ALLOWED[viewer]:
        assert f"zqx{name}" not in page, (q, name)


@pytest.mark.parametrize("viewer", list(ALLOWED))
def test_each_viewer_does_find_what_they_may_see(world, client, client_for, viewer):
    """The rules are not met by hiding everything: the Chinese query finds every allowed note."""
    people, notes = world
    web = client if viewer == "anonymous" else client_for(people[viewer])
    items = web.get(API, {"q": "火锅", "limit": 50}).json()["items"]
    found = {name for name, n in notes.items() if n.pk in {i["note"]["id"] for i in items}}
    assert found == ALLOWED[viewer]


def test_english_readers_get_translated_snippets_only_of_visible_notes(world, client_for):
    people, notes = world
    items = client_for(people["carol"]).get(API, {"q": "hotpot", "limit": 50}).json()["items"]
    translated = {i["note"]["id"]: i["translated_snippet_html"] for i in items}
    assert "zqxfollowersen" in (translated[notes["followers"].pk] or "")
    assert notes["private"].pk not in translated and notes["hidden"].pk not in translated


def test_a_restored_note_and_a_lifted_ban_come_back(world, client):
    people, notes = world
    moderation.restore(Note.objects.get(pk=notes["hidden"].pk), "note")
    banned = notes["banned"].author
    type(banned).objects.filter(pk=banned.pk).update(is_active=True)
    ids = {i["note"]["id"] for i in client.get(API, {"q": "火锅", "limit": 50}).json()["items"]}
    assert {notes["hidden"].pk, notes["banned"].pk} <= ids

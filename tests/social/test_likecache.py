"""The cache of each reader's liked notes (qiao/social/likecache.py): no Like query when warm, never stale."""

from __future__ import annotations

import pytest
from django.core.cache import cache, caches
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from qiao.notes import services as notes
from qiao.social import likecache
from qiao.social import services as social
from qiao.social.models import Like
from tests.social.test_api import Api

pytestmark = pytest.mark.django_db

EXPLORE = "/feeds/explore"
FOLLOWING = "/feeds/following"
LIKE_SQL = 'FROM "social_like"'
# Nothing listens on port 1: every cache call fails the way it does while Redis is down.
UNREACHABLE = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://127.0.0.1:1/0",
        "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
    }
}


@pytest.fixture(autouse=True)
def _memory_cache(settings):
    """A real in-process cache standing in for Redis (the database cache is itself queries)."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.QIAO_EXPLORE_CACHE_SECONDS = 30
    settings.QIAO_RATE_LIMITS = {scope: "1000000/60" for scope in settings.QIAO_RATE_LIMITS}
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def ann(make_user):
    return make_user("ann")


@pytest.fixture
def ben(make_user):
    return make_user("ben")


def liked(api: Api, path: str = EXPLORE) -> dict[int, bool]:
    response = api.get(path)
    assert response.status_code == 200, response.content
    return {item["id"]: item["liked_by_me"] for item in response.json()["items"]}


def like_queries(api: Api, path: str = EXPLORE) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        liked(api, path)
    return [q["sql"] for q in queries if LIKE_SQL in q["sql"]]


def test_a_warm_feed_request_makes_no_like_query(ann, ben, make_note):
    social.follow(ben, ann)
    first, second = make_note(ann, "one"), make_note(ann, "two")
    social.like(ben, first)
    reader = Api(ben)
    assert like_queries(reader) != []  # cold: ben's likes are read once
    for path in (EXPLORE, FOLLOWING):
        assert like_queries(reader, path) == []
        assert liked(reader, path) == {first.pk: True, second.pk: False}


def test_a_like_shows_at_once(ann, ben, make_note, django_capture_on_commit_callbacks):
    note = make_note(ann, "Dumplings")
    reader = Api(ben)
    assert liked(reader) == {note.pk: False}
    assert liked(reader) == {note.pk: False}  # now from the cache
    with django_capture_on_commit_callbacks(execute=True):
        assert reader.post(f"/notes/{note.pk}/like").status_code == 200
    assert liked(reader) == {note.pk: True}
    assert liked(reader) == {note.pk: True}


def test_an_unlike_shows_at_once(ann, ben, make_note, django_capture_on_commit_callbacks):
    note = make_note(ann, "Dumplings")
    social.like(ben, note)
    reader = Api(ben)
    assert liked(reader) == {note.pk: True}
    assert like_queries(reader) == []  # cached
    with django_capture_on_commit_callbacks(execute=True):
        assert reader.delete(f"/notes/{note.pk}/like").status_code == 200
    assert liked(reader) == {note.pk: False}
    assert liked(reader) == {note.pk: False}


def test_a_reader_who_read_before_the_like_cannot_cache_the_old_likes(
    ann, ben, make_note, django_capture_on_commit_callbacks
):
    note = make_note(ann, "Dumplings")
    stale = frozenset()  # what a request reading just before the like saw
    with django_capture_on_commit_callbacks(execute=True):
        social.like(ben, note)
    likecache._quietly(cache.add, likecache.KEY.format(ben.pk), stale, 30)  # as _fill writes
    assert likecache.liked_among(ben.pk, [note.pk]) == {note.pk}


def test_deleting_a_liked_note_is_fine(ann, ben, make_note, django_capture_on_commit_callbacks):
    gone, kept = make_note(ann, "gone"), make_note(ann, "kept")
    social.like(ben, gone)
    social.like(ben, kept)
    reader = Api(ben)
    assert liked(reader) == {gone.pk: True, kept.pk: True}
    with django_capture_on_commit_callbacks(execute=True):
        notes.delete_note(gone, ann)
    assert liked(reader) == {kept.pk: True}
    newer = make_note(ann, "newer")
    assert newer.pk != gone.pk  # ids are not reused, so a deleted note's id in the set is harmless
    assert likecache.liked_among(ben.pk, [kept.pk, newer.pk]) == {kept.pk}


def test_a_cache_outage_still_gives_the_right_likes(
    ann, ben, make_note, django_capture_on_commit_callbacks
):
    note = make_note(ann, "Dumplings")
    reader = Api(ben)
    with override_settings(CACHES=UNREACHABLE):
        assert liked(reader) == {note.pk: False}
        # (social.like refuses while its rate limit cannot be counted, so the rows are written here)
        with django_capture_on_commit_callbacks(execute=True):
            Like.objects.create(user=ben, note=note)
            likecache.forget(ben.pk)  # the tombstone cannot be written: no error either
        assert liked(reader) == {note.pk: True}
        Like.objects.filter(user=ben, note=note).delete()
        assert liked(reader) == {note.pk: False}


def test_someone_with_very_many_likes_is_read_from_the_database(
    monkeypatch, ann, ben, make_note
):
    monkeypatch.setattr(likecache, "MAX_CACHED", 2)
    notes_ = [make_note(ann, f"n{i}") for i in range(4)]
    for note in notes_[:3]:
        social.like(ben, note)
    reader = Api(ben)
    expected = {note.pk: note in notes_[:3] for note in notes_}
    assert liked(reader) == expected
    assert cache.get(likecache.KEY.format(ben.pk)) == likecache.MANY
    assert like_queries(reader) != []  # each page asks about its own notes
    assert liked(reader) == expected


def test_a_ttl_of_zero_turns_the_cache_off(settings, ann, ben, make_note):
    settings.QIAO_EXPLORE_CACHE_SECONDS = 0
    note = make_note(ann, "Dumplings")
    social.like(ben, note)
    assert likecache.liked_among(ben.pk, [note.pk]) == {note.pk}
    assert cache.get(likecache.KEY.format(ben.pk)) is None


def test_a_warm_feed_page_reads_the_likes_in_its_own_round_trip(ann, ben, make_note, monkeypatch):
    """Explore: the token and one read for the page and the likes; Following adds its cards."""
    social.follow(ben, ann)
    first = make_note(ann, "one")
    make_note(ann, "two")
    social.like(ben, first)
    reader = Api(ben)
    for path in (EXPLORE, FOLLOWING):
        liked(reader, path)  # warm: the token, the page, the cards and the likes are cached
    reads: list[str] = []  # round trips to the cache (LocMemCache.get_many calls get: not counted)
    backend, depth = caches["default"], [0]

    def counted(name, method):
        def call(*args, **kwargs):
            if not depth[0]:
                reads.append(name)
            depth[0] += 1
            try:
                return method(*args, **kwargs)
            finally:
                depth[0] -= 1

        return call

    for name in ("get", "get_many"):
        monkeypatch.setattr(backend, name, counted(name, getattr(backend, name)))
    assert liked(reader, EXPLORE) == {first.pk: True, first.pk + 1: False}
    assert reads == ["get", "get_many"]  # the token; the generation, the page and the likes
    reads.clear()
    assert liked(reader, FOLLOWING)[first.pk] is True
    assert reads == ["get", "get_many", "get_many"]  # the token; versions, listing and likes; the cards

"""qiao.feeds.cards: Explore and Following from shared renderings, each reader's bits put back.

With the cache on (``feed_cache``): shared cards are exactly what a reader's own
rendering would be, warm pages cost a fixed, small number of queries, and a
new, edited, deleted or hidden note shows (or goes) at once.
"""

from __future__ import annotations

import json
import re

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import engines
from django.test import Client
from django.utils import translation
from ninja.responses import NinjaJSONEncoder

from qiao.feeds import cards, services
from qiao.feeds.api import FeedPage, _out
from qiao.moderation import services as moderation
from qiao.notes import services as notes
from qiao.social import services as social
from tests.conftest import image_bytes
from tests.social.test_api import Api


@pytest.fixture
def feed_cache(settings):
    settings.QIAO_EXPLORE_CACHE_SECONDS = 30
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
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


def card_ids(response) -> list[int]:
    return [int(x) for x in re.findall(r'data-note-card="(\d+)"', response.content.decode())]


def api_ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def post(author, title: str, **fields):
    photo = SimpleUploadedFile("p.jpg", image_bytes(), content_type="image/jpeg")
    return notes.create_note(author, title=title, images=[photo], **fields)


def own_rendering(request, page) -> str:
    """The cards as the feed template renders them for one reader (no sharing)."""
    template = engines["django"].from_string(
        '{% for note in notes %}{% include "feeds/note_card.html" %}{% endfor %}'
    )
    return template.render({"notes": page.items, "request": request, "user": request.user})


# --- shared renderings are exactly the reader's own -------------------------------------


@pytest.mark.parametrize("cache_on", [True, False])
def test_shared_cards_are_what_the_reader_would_see_rendered_alone(
    rf, settings, feed_cache, make_note, ann, ben, cache_on
):
    if not cache_on:
        settings.QIAO_EXPLORE_CACHE_SECONDS = 0
    made = [make_note(ann, f"Note <b>{i}</b>", images=2) for i in range(7)]
    make_note(ann, "followers only", visibility="followers")
    social.follow(ben, ann)
    for note in made[::2]:
        social.like(ben, note)
    request = rf.get("/")
    request.user, request.LANGUAGE_CODE = ben, "en"
    with translation.override("en"):
        cards.explore_page(request, None)  # fills the cache
        shared = cards.explore_page(request, None)
        assert shared.html == own_rendering(request, services.explore(ben))
        following = cards.following_page(request, None)
        assert following.html == own_rendering(request, services.following(ben))
    assert following.html.count(cards.LAZY) == 8 - cards.EAGER_COVERS
    assert shared.html.count("note-card-likes is-active") == 4
    assert "<qiao-card-slot>" not in shared.html and "&lt;b&gt;" in shared.html


def test_shared_api_items_are_what_ninja_would_write(rf, feed_cache, make_note, ann, ben):
    made = [make_note(ann, f"n{i}", images=2) for i in range(3)]
    social.like(ben, made[1])
    request = rf.get("/api/v1/feeds/explore")
    request.user = ben
    for _ in range(2):  # computed, then from the cache
        shared = json.loads(cards.explore_response(request, None, 20).content)
        data = FeedPage.model_validate(_out(request, services.explore(ben))).model_dump()
        assert shared == json.loads(json.dumps(data, cls=NinjaJSONEncoder))
    assert [item["liked_by_me"] for item in shared["items"]] == [False, True, False]


def test_the_slot_in_user_text_is_only_text(client, feed_cache, make_note, ann):
    make_note(ann, "<qiao-card-slot> broken?")
    for _ in range(2):
        html = client.get("/").content.decode()
        assert "&lt;qiao-card-slot&gt; broken?" in html
        assert len(re.findall(r'data-note-card="\d+"', html)) == 1


def test_cards_follow_the_interface_language_and_the_site_address(
    feed_cache, make_note, make_user, ann
):
    note = make_note(ann, "Dumplings", visibility="public")
    social.like(make_user(), note)
    english, chinese = make_user("en_reader"), make_user("zh_reader", interface_language="zh-hans")
    for reader, label in ((english, "1 like"), (chinese, "1 个赞")):
        client = Client()
        client.force_login(reader)
        assert f'aria-label="{label}"' in client.get("/").content.decode()
    for host in ("localhost", "127.0.0.1"):
        item = Client().get("/api/v1/feeds/explore", HTTP_HOST=host).json()["items"][0]
        assert item["url"] == f"http://{host}/notes/{note.pk}/"


# --- warm pages: a fixed, small number of queries -------------------------------------------


def test_warm_explore_costs_no_query_signed_out_or_signed_in(
    feed_cache, make_note, make_user, ann, ben, django_assert_num_queries
):
    for i in range(25):
        social.like(ben, make_note(make_user(), f"n{i}", images=2))
    anonymous, reader = Api(), Api(ben)
    second = anonymous.get("/feeds/explore").json()["next_cursor"]
    for path in ("/feeds/explore", f"/feeds/explore?cursor={second}"):
        anonymous.get(path)  # fills the cache
        reader.get(path)  # the token's first use is noted
        with django_assert_num_queries(0):
            anonymous.get(path)
        with django_assert_num_queries(0):  # the token and ben's likes are cached
            data = reader.get(path).json()
        assert all(item["liked_by_me"] for item in data["items"])


def test_warm_following_costs_no_query(
    feed_cache, make_note, make_user, ann, ben, django_assert_num_queries
):
    social.follow(ben, ann)
    for i in range(25):
        make_note(ann, f"n{i}", images=2, visibility="followers" if i % 3 else "public")
    reader = Api(ben)
    second = reader.get("/feeds/following").json()["next_cursor"]
    reader.get(f"/feeds/following?cursor={second}")
    with django_assert_num_queries(0):  # the token, the listing and ben's likes are cached
        assert len(api_ids(reader.get("/feeds/following"))) == 20
    with django_assert_num_queries(0):
        assert len(api_ids(reader.get(f"/feeds/following?cursor={second}"))) == 5


def test_warm_pages_signed_in(
    feed_cache, make_note, ann, ben, client_for, django_assert_max_num_queries
):
    social.follow(ben, ann)
    for i in range(25):
        make_note(ann, f"n{i}", images=2)
    client = client_for(ben)
    second = Api().get("/feeds/explore").json()["next_cursor"]
    # session, user, the unread badge (whole pages only); the likes are cached
    for url, queries in [("/", 3), ("/following/", 3), (f"/?cursor={second}&fragment=1", 2)]:
        client.get(url)
        with django_assert_max_num_queries(queries) as ctx:
            assert len(card_ids(client.get(url))) == (20 if "cursor" not in url else 5)
        cards_sql = [q["sql"] for q in ctx.captured_queries if "notes_noteimage" in q["sql"]]
        assert cards_sql == []  # no card was rendered again


# --- what must show at once ---------------------------------------------------------------


def test_a_new_edited_or_deleted_note_shows_at_once(
    feed_cache, ann, ben, client_for, django_capture_on_commit_callbacks
):
    social.follow(ben, ann)
    with django_capture_on_commit_callbacks(execute=True):
        first = post(ann, "First")
    pages = {"/": client_for(ben), "/following/": client_for(ben)}
    apis = ["/feeds/explore", "/feeds/following"]

    def everywhere() -> list[list[str]]:
        """Titles on ben's Explore and Following (pages, API) and signed-out Explore (page, API)."""
        html = [client.get(url).content.decode() for url, client in pages.items()]
        html.append(Client().get("/").content.decode())
        seen = [re.findall(r'class="tr-original"[^>]*>([^<]*)<', page) for page in html]
        api = [Api(ben).get(path).json()["items"] for path in apis] + [
            Api().get(apis[0]).json()["items"]
        ]
        return seen + [[item["title"] for item in items] for items in api]

    assert everywhere() == [["First"]] * 6
    with django_capture_on_commit_callbacks(execute=True):
        second = post(ann, "Second")
    assert all(titles[0] == "Second" for titles in everywhere())
    with django_capture_on_commit_callbacks(execute=True):
        notes.update_note(first, ann, title="First, edited")
    assert all("First, edited" in titles for titles in everywhere())
    with django_capture_on_commit_callbacks(execute=True):
        notes.delete_note(second, ann)
    assert everywhere() == [["First, edited"]] * 6


def test_hidden_private_and_followers_only_notes_never_leak(
    feed_cache, make_user, ann, ben, client_for, django_capture_on_commit_callbacks
):
    cat = make_user("cat")
    social.follow(ben, ann)
    with django_capture_on_commit_callbacks(execute=True):
        public = post(ann, "Public")
        friends = post(ann, "Friends", visibility="followers")
    for client in (client_for(ben), client_for(cat), Client()):  # every cache filled
        client.get("/"), client.get("/following/")
    assert api_ids(Api(ben).get("/feeds/following")) == [friends.pk, public.pk]
    assert api_ids(Api(cat).get("/feeds/following")) == []
    assert api_ids(Api(cat).get("/feeds/explore")) == [public.pk]
    assert card_ids(client_for(cat).get("/")) == [public.pk]

    with django_capture_on_commit_callbacks(execute=True):
        moderation.hide(public, "note")
    for viewer in (Client(), client_for(ben), client_for(cat)):
        assert public.pk not in card_ids(viewer.get("/")) + card_ids(viewer.get("/following/"))
    assert api_ids(Api().get("/feeds/explore")) == []
    assert api_ids(Api(ben).get("/feeds/following")) == [friends.pk]

    with django_capture_on_commit_callbacks(execute=True):
        notes.update_note(friends, ann, visibility="private")
    assert api_ids(Api(ben).get("/feeds/following")) == []
    with django_capture_on_commit_callbacks(execute=True):
        social.follow(cat, ann)
        social.unfollow(ben, ann)
    assert card_ids(client_for(ben).get("/following/")) == []
    assert card_ids(client_for(cat).get("/following/")) == []


def test_following_and_unfollowing_show_at_once(
    feed_cache, make_note, make_user, ann, ben, client_for, django_capture_on_commit_callbacks
):
    cat = make_user("cat")
    from_ann = make_note(ann, "from ann", visibility="followers")
    from_cat = make_note(cat, "from cat", visibility="followers")
    social.follow(ben, ann)
    reader, page = Api(ben), client_for(ben)
    assert api_ids(reader.get("/feeds/following")) == [from_ann.pk]
    assert card_ids(page.get("/following/")) == [from_ann.pk]
    with django_capture_on_commit_callbacks(execute=True):
        social.follow(ben, cat)
    assert api_ids(reader.get("/feeds/following")) == [from_cat.pk, from_ann.pk]
    assert card_ids(page.get("/following/")) == [from_cat.pk, from_ann.pk]
    with django_capture_on_commit_callbacks(execute=True):
        social.unfollow(ben, ann)  # and ann's followers-only note is not ben's to see any more
    assert api_ids(reader.get("/feeds/following")) == [from_cat.pk]
    assert card_ids(page.get("/following/")) == [from_cat.pk]


def test_likes_are_fresh_and_counters_lag_at_most_the_ttl(
    feed_cache, make_note, ann, ben, django_capture_on_commit_callbacks
):
    note = make_note(ann, "Dumplings")
    reader = Api(ben)
    assert reader.get("/feeds/explore").json()["items"][0]["like_count"] == 0
    with django_capture_on_commit_callbacks(execute=True):  # ben's cached likes are dropped
        social.like(ben, note)
    item = reader.get("/feeds/explore").json()["items"][0]
    assert item["liked_by_me"] is True and item["like_count"] == 0  # the card is that old
    cache.clear()  # what the TTL does
    assert reader.get("/feeds/explore").json()["items"][0]["like_count"] == 1


def test_readers_with_automatic_translation_get_their_own_rendering(
    feed_cache, make_note, make_user, client_for, django_assert_max_num_queries
):
    note = make_note(make_user("ann"), "Dumplings")
    reader = make_user("auto", auto_translate=True)
    social.like(reader, note)
    html = client_for(reader).get("/").content.decode()
    assert f'data-note-card="{note.pk}"' in html and "note-card-likes is-active" in html
    assert not cards.shares_html(reader) and cards.shares_html(None)


def test_a_cache_outage_is_not_an_outage_of_the_feeds(settings, make_note, ann, ben, client_for):
    social.follow(ben, ann)
    note = make_note(ann, "Still here")
    settings.QIAO_EXPLORE_CACHE_SECONDS = 30
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
        }
    }
    assert card_ids(Client().get("/")) == [note.pk]
    assert card_ids(client_for(ben).get("/following/")) == [note.pk]
    assert api_ids(Api().get("/feeds/explore")) == [note.pk]
    assert api_ids(Api(ben).get("/feeds/following")) == [note.pk]

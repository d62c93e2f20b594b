"""Hot paths: query counts that do not grow with the data, and the shared Explore page.

Each page is measured twice, once with a little data and once with more
(notes, comments with replies and @mentions, notifications); the count must
be the same, and within a small bound.
"""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from qiao.core.templatetags import qiao_text
from qiao.notes.models import Hashtag
from qiao.social import services as social

# The most queries each page may make (signed in: session, user and unread badge included).
BOUNDS = {
    "/": 8,
    "/api/v1/feeds/explore": 7,
    "/following/": 8,
    "/api/v1/feeds/following": 7,
    "note page": 14,
    "note page (signed out)": 7,
    "note comments": 8,
    "/api/v1/notes/{id}/comments": 6,
    "/@ann/": 11,
    "/tags/travel/": 9,
    "/api/v1/tags/travel/notes": 8,
    "/notifications/": 10,
    "/api/v1/notifications": 4,
}


@pytest.fixture(autouse=True)
def _no_limits(settings):
    settings.QIAO_RATE_LIMITS = {scope: "1000000/60" for scope in settings.QIAO_RATE_LIMITS}


def build_site(make_user, make_note, size: int):
    """ann's notes (tagged #travel) liked by ben, who follows ann; ``size`` comments with replies and mentions."""
    ann, ben = make_user("ann"), make_user("ben")
    people = [make_user(f"person{i}") for i in range(size)]
    social.follow(ben, ann)
    tag, _ = Hashtag.objects.get_or_create(name="travel")
    notes = []
    for i in range(size):
        note = make_note(ann if i % 2 == 0 else people[i], images=2)
        note.hashtags.add(tag)
        social.like(ben, note)
        notes.append(note)
    target = notes[0]
    for i, person in enumerate(people):
        comment = social.add_comment(
            person, target, f"Lovely @person{(i + 1) % size} and @nobody{i} #travel"
        )
        social.add_comment(ann, target, f"Thanks @{person.handle}!", parent=comment)
        social.follow(person, ben)
        social.like(person, notes[-1])
    return ann, ben, target


def count_queries(client: Client, url: str) -> int:
    client.get(url)  # warm: first-request work (language, session) is not what is measured
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


def measure(make_user, make_note, client_for, size: int) -> dict[str, int]:
    _ann, ben, target = build_site(make_user, make_note, size)
    signed_in, signed_out = client_for(ben), Client()
    pages = {
        "/": (signed_in, "/"),
        "/api/v1/feeds/explore": (signed_in, "/api/v1/feeds/explore"),
        "/following/": (signed_in, "/following/"),
        "/api/v1/feeds/following": (signed_in, "/api/v1/feeds/following"),
        "note page": (signed_in, f"/notes/{target.pk}/"),
        "note page (signed out)": (signed_out, f"/notes/{target.pk}/"),
        "note comments": (signed_in, f"/social/notes/{target.pk}/comments"),
        "/api/v1/notes/{id}/comments": (signed_in, f"/api/v1/notes/{target.pk}/comments"),
        "/@ann/": (signed_in, "/@ann/"),
        "/tags/travel/": (signed_in, "/tags/travel/"),
        "/api/v1/tags/travel/notes": (signed_in, "/api/v1/tags/travel/notes"),
        "/notifications/": (signed_in, "/notifications/"),
        "/api/v1/notifications": (signed_in, "/api/v1/notifications"),
    }
    return {name: count_queries(client, url) for name, (client, url) in pages.items()}


@pytest.mark.django_db(transaction=True)
def test_hot_paths_make_a_constant_number_of_queries(make_user, make_note, client_for):
    from django.core.management import call_command

    small = measure(make_user, make_note, client_for, size=3)
    call_command("flush", interactive=False, verbosity=0)
    large = measure(make_user, make_note, client_for, size=20)
    assert large == small, {k: (small[k], large[k]) for k in small if small[k] != large[k]}
    over = {name: count for name, count in large.items() if count > BOUNDS[name]}
    assert not over, over


def test_the_note_page_resolves_every_mention_in_one_query(make_user, make_note, client_for):
    ann = make_user("ann")
    note = make_note(ann, body="Hi @ann")
    for i in range(12):
        person = make_user(f"fan{i}")
        social.add_comment(person, note, f"@fan{(i + 1) % 12} look, and @ghost{i}")
    with CaptureQueriesContext(connection) as ctx:
        response = Client().get(f"/notes/{note.pk}/")
    html = response.content.decode()
    assert html.count('class="mention" href="/@fan') == 12  # real people are linked
    assert "@ghost3" in html and 'href="/@ghost3/"' not in html  # unknown handles are not
    lookups = [q for q in ctx.captured_queries if '"accounts_user"."handle" IN' in q["sql"]]
    assert len(lookups) == 1


def test_rich_text_outside_a_request_still_checks_handles(make_user):
    make_user("real_one")
    html = qiao_text.rich_text("@real_one and @not_a_person")
    assert 'href="/@real_one/"' in html and "/@not_a_person/" not in html


# --- the shared Explore page ------------------------------------------------------------


@pytest.fixture
def shared_explore(settings):
    settings.QIAO_EXPLORE_CACHE_SECONDS = 30
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def card_ids(response) -> list[int]:
    return [int(x) for x in re.findall(r'data-note-card="(\d+)"', response.content.decode())]


def test_signed_out_explore_is_served_from_the_cache(
    shared_explore, make_user, make_note, django_capture_on_commit_callbacks
):
    ann = make_user("ann")
    first = make_note(ann, "First")
    assert card_ids(Client().get("/")) == [first.pk]
    with CaptureQueriesContext(connection) as ctx:
        again = Client().get("/")
    assert card_ids(again) == [first.pk]
    assert len(ctx.captured_queries) == 0
    Client().get("/api/v1/feeds/explore")  # the API's rendering is cached apart from the page's
    with CaptureQueriesContext(connection) as ctx:
        api = Client().get("/api/v1/feeds/explore")
    assert [item["id"] for item in api.json()["items"]] == [first.pk]
    assert len(ctx.captured_queries) == 0
    # Counters may lag by the TTL, but a new note shows at once (qiao.feeds.receivers).
    from django.core.files.uploadedfile import SimpleUploadedFile

    from qiao.notes.services import create_note
    from tests.conftest import image_bytes

    with django_capture_on_commit_callbacks(execute=True):
        photo = SimpleUploadedFile("p.jpg", image_bytes(), content_type="image/jpeg")
        second = create_note(ann, title="Second", images=[photo])
    assert set(card_ids(Client().get("/"))) == {first.pk, second.pk}


def test_the_shared_page_gives_each_visitor_a_working_csrf_token(
    shared_explore, make_user, make_note
):
    make_note(make_user("ann"), "Hello")
    Client().get("/")  # fills the cache
    tokens = []
    for _ in range(2):
        visitor = Client(enforce_csrf_checks=True)
        page = visitor.get("/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())[1]
        assert "__qiao_csrf_token__" not in page.content.decode()
        switched = visitor.post(
            "/language", {"language": "zh-hans", "next": "/", "csrfmiddlewaretoken": token}
        )
        assert switched.status_code == 302  # accepted: the token matches this visitor's cookie
        tokens.append(token)
    assert tokens[0] != tokens[1]


def test_signed_in_people_get_their_own_page_from_shared_data(
    shared_explore, make_user, make_note, client_for
):
    ann, ben = make_user("ann"), make_user("ben")
    note = make_note(ann, "Dumplings")
    Client().get("/")  # a signed-out visit fills the cache
    social.like(ben, note)
    html = client_for(ben).get("/").content.decode()
    assert "note-card-likes is-active" in html  # ben's own like, not the shared page's
    assert client_for(ben).get("/api/v1/feeds/explore").json()["items"][0]["liked_by_me"] is True
    assert Client().get("/api/v1/feeds/explore").json()["items"][0]["liked_by_me"] is False


@pytest.mark.parametrize(
    "path, cookies, shared",
    [("/", {}, True), ("/?cursor=abc", {}, False), ("/", {"messages": "x"}, False)],
)
def test_which_requests_share_the_page(rf, path, cookies, shared):
    from django.contrib.auth.models import AnonymousUser

    from qiao.core.pagecache import _shareable

    request = rf.get(path)
    request.COOKIES.update(cookies)
    request.user = AnonymousUser()
    assert _shareable(request) is shared


def test_signed_in_requests_never_share_the_page(rf, make_user):
    from qiao.core.pagecache import _shareable

    request = rf.get("/")
    request.user = make_user("ann")
    assert _shareable(request) is False

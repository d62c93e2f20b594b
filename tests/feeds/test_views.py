"""Feed pages: Explore, Following, hashtags, profiles and boards, with infinite-scroll fragments."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from qiao.notes.models import Hashtag
from qiao.social import services as social


@pytest.fixture
def ann(make_user):
    return make_user("ann")


@pytest.fixture
def ben(make_user):
    return make_user("ben")


def card_ids(response) -> list[int]:
    return [int(x) for x in re.findall(r'data-note-card="(\d+)"', response.content.decode())]


def test_explore_renders_cards(client, make_note, ann):
    note = make_note(ann, "Mapo tofu <script>")
    response = client.get(reverse("feeds:explore"))
    assert response.status_code == 200
    html = response.content.decode()
    assert card_ids(response) == [note.pk]
    assert "Mapo tofu &lt;script&gt;" in html and "<script>" not in html.split("Mapo tofu")[1][:20]
    assert 'width="60" height="80"' in html  # the cover keeps its aspect ratio
    assert reverse("feeds:hashtag", args=["美食"]) in html  # category chips
    assert "feeds/feeds.js" in html


def test_explore_excludes_what_the_viewer_may_not_see(client_for, make_note, ann, ben):
    public = make_note(ann, "public")
    make_note(ann, "followers", visibility="followers")
    make_note(ann, "private", visibility="private")
    make_note(ann, "hidden", is_hidden=True)
    social.follow(ben, ann)
    assert card_ids(client_for(ben).get("/")) == [public.pk]
    assert card_ids(Client().get("/")) == [public.pk]


def test_infinite_scroll_pages_cover_every_note_once(client, make_note, ann):
    notes = [make_note(ann) for _ in range(45)]
    first = client.get("/")
    seen = card_ids(first)
    assert len(seen) == 20
    next_url = first.context["next_url"]
    while next_url:
        fragment = client.get(next_url + "&fragment=1")
        assert fragment.status_code == 200 and b"<html" not in fragment.content
        assert b"data-feed-page" in fragment.content
        seen += card_ids(fragment)
        next_url = fragment.context["next_url"]
    assert sorted(seen) == sorted(n.pk for n in notes) and len(seen) == len(set(seen))
    # Without JavaScript the "More" link loads a whole page.
    page = client.get(first.context["next_url"])
    assert b"<html" in page.content and len(card_ids(page)) == 20


@pytest.mark.parametrize(
    "url",
    ["/?cursor=garbage", "/?cursor=WyJ4IiwieSJd", "/tags/food/?cursor=nope", "/@ann/?cursor=%%"],
)
def test_bad_cursors_are_400(client, ann, url):
    assert client.get(url).status_code == 400


def test_explore_queries_do_not_grow_with_the_page(
    client_for, make_note, ann, ben, make_user, django_assert_max_num_queries
):
    for _ in range(3):
        make_note(ann, images=2)
    viewer = client_for(ben)
    viewer.get("/")  # warm up (sessions, language)
    with django_assert_max_num_queries(12) as small:
        viewer.get("/")
    others = [make_user() for _ in range(8)]
    for i in range(17):
        note = make_note(others[i % 8], images=3)
        social.like(ben, note)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = viewer.get("/")
    assert len(card_ids(response)) == 20
    assert response.content.decode().count("note-card-likes is-active") == 17


def test_following_needs_sign_in_and_shows_followed_notes(client_for, make_note, ann, ben):
    assert Client().get(reverse("feeds:following")).status_code == 302
    followers_only = make_note(ann, "for followers", visibility="followers")
    public = make_note(ann, "public")
    make_note(ann, "private", visibility="private")
    assert card_ids(client_for(ben).get(reverse("feeds:following"))) == []
    social.follow(ben, ann)
    assert card_ids(client_for(ben).get(reverse("feeds:following"))) == [
        public.pk,
        followers_only.pk,
    ]


def test_hashtag_page(client, make_note, ann):
    tag = Hashtag.objects.create(name="travel", note_count=1)
    note = make_note(ann, "Lijiang")
    note.hashtags.add(tag)
    make_note(ann, "untagged")
    response = client.get(reverse("feeds:hashtag", args=["Travel"]))
    assert response.status_code == 200 and card_ids(response) == [note.pk]
    assert card_ids(client.get(reverse("feeds:hashtag", args=["travel"]) + "?sort=new")) == [
        note.pk
    ]
    unknown = client.get(reverse("feeds:hashtag", args=["nothing-yet"]))
    assert unknown.status_code == 200 and card_ids(unknown) == []


def test_profile_page(client_for, make_note, ann, ben):
    make_note(ann, "public")
    make_note(ann, "secret", visibility="private")
    social.follow(ben, ann)
    response = client_for(ben).get(reverse("feeds:profile", args=["ann"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "@ann" in html and len(card_ids(response)) == 1
    assert reverse("social:follow", args=["ann"]) in html and 'aria-pressed="true"' in html
    assert response.context["note_total"] == 1
    own = client_for(ann).get(reverse("feeds:profile", args=["ann"]))
    assert (
        len(card_ids(own)) == 2
        and reverse("social:follow", args=["ann"]) not in own.content.decode()
    )
    assert Client().get(reverse("feeds:profile", args=["nobody"])).status_code == 404


def test_private_boards_are_invisible_to_others(client_for, make_note, ann, ben):
    note = make_note(ann, "saved")
    public = social.create_board(ann, "Open board")
    private = social.create_board(ann, "Hidden board", is_private=True)
    social.collect(ann, note, public)
    social.collect(ann, note, private)
    tab = reverse("feeds:profile", args=["ann"]) + "?tab=boards"
    theirs = client_for(ben).get(tab).content.decode()
    assert "Open board" in theirs and "Hidden board" not in theirs
    mine = client_for(ann).get(tab).content.decode()
    assert "Open board" in mine and "Hidden board" in mine

    private_url = reverse("feeds:board", args=["ann", private.pk])
    assert client_for(ben).get(private_url).status_code == 404
    assert Client().get(private_url).status_code == 404
    owner_view = client_for(ann).get(private_url)
    assert owner_view.status_code == 200 and card_ids(owner_view) == [note.pk]
    public_url = reverse("feeds:board", args=["ann", public.pk])
    assert card_ids(client_for(ben).get(public_url)) == [note.pk]
    # A board under the wrong person's handle is not found either.
    assert Client().get(reverse("feeds:board", args=["ben", public.pk])).status_code == 404

"""qiao.feeds.services: who sees which notes, in which order, page by page."""

import pytest

from qiao.core.pagination import InvalidCursor, encode_cursor
from qiao.feeds import services
from qiao.notes.models import Hashtag
from qiao.social import services as social


@pytest.fixture
def people(make_user):
    return {name: make_user(name) for name in ["ann", "ben", "cat"]}


def titles(page):
    return [note.title for note in page.items]


def all_pages(fetch, limit):
    """Every item of a feed, following cursors; fails if a page repeats an item."""
    seen, cursor = [], None
    while True:
        page = fetch(cursor, limit)
        seen.extend(note.pk for note in page.items)
        if page.next_cursor is None:
            return seen
        cursor = page.next_cursor


def test_explore_shows_only_public_unhidden_notes(make_note, people):
    ann, ben = people["ann"], people["ben"]
    make_note(ann, "public")
    make_note(ann, "followers", visibility="followers")
    make_note(ann, "private", visibility="private")
    make_note(ann, "hidden", is_hidden=True)
    social.follow(ben, ann)
    for viewer in [None, ben, ann]:
        assert titles(services.explore(viewer)) == ["public"]


def test_explore_is_ranked_by_engagement_and_recency(make_note, people, make_user):
    ann = people["ann"]
    quiet = make_note(ann, "quiet")
    loved = make_note(ann, "loved")
    quiet.refresh_from_db()
    for _ in range(12):
        social.like(make_user(), loved)
    assert titles(services.explore(None)) == ["loved", "quiet"]


def test_following_feed(make_note, people):
    ann, ben, cat = people["ann"], people["ben"], people["cat"]
    make_note(ann, "ann public")
    make_note(ann, "ann followers", visibility="followers")
    make_note(ann, "ann private", visibility="private")
    make_note(ann, "ann hidden", visibility="followers", is_hidden=True)
    make_note(cat, "cat public")
    make_note(ben, "ben own")
    social.follow(ben, ann)
    assert titles(services.following(ben)) == ["ann followers", "ann public"]
    assert titles(services.following(cat)) == []


def test_profile_notes_depend_on_the_viewer(make_note, people):
    ann, ben, cat = people["ann"], people["ben"], people["cat"]
    make_note(ann, "public")
    make_note(ann, "followers", visibility="followers")
    make_note(ann, "private", visibility="private")
    make_note(ann, "hidden", is_hidden=True)
    social.follow(ben, ann)
    assert titles(services.profile_notes(ann, ann)) == ["private", "followers", "public"]
    assert titles(services.profile_notes(ben, ann)) == ["followers", "public"]
    assert titles(services.profile_notes(cat, ann)) == ["public"]
    assert titles(services.profile_notes(None, ann)) == ["public"]


def test_hashtag_feed(make_note, people):
    ann = people["ann"]
    food = Hashtag.objects.create(name="美食")
    tagged = make_note(ann, "tagged")
    tagged.hashtags.add(food)
    secret = make_note(ann, "secret", visibility="private")
    secret.hashtags.add(food)
    make_note(ann, "untagged")
    assert titles(services.hashtag(None, food)) == ["tagged"]
    assert titles(services.hashtag(ann, food, "new")) == ["secret", "tagged"]
    name, tag = services.get_hashtag("＃美食")
    assert (name, tag) == ("美食", food)
    assert titles(services.hashtag(None, None)) == []


def test_board_notes_respect_note_visibility(make_note, people):
    ann, ben = people["ann"], people["ben"]
    shown = make_note(ann, "shown")
    later_private = make_note(ann, "later private")
    board = social.create_board(ben, "Mine")
    social.collect(ben, shown, board)
    social.collect(ben, later_private, board)
    later_private.visibility = "private"
    later_private.save()
    assert titles(services.board_notes(ben, board)) == ["shown"]


@pytest.mark.parametrize("limit", [1, 3, 7])
def test_every_note_appears_exactly_once_across_pages(make_note, people, make_user, limit):
    ann = people["ann"]
    notes = [make_note(ann, f"n{i}") for i in range(10)]
    for note in notes[::3]:
        social.like(make_user(), note)  # some equal ranks, some not
    seen = all_pages(lambda cursor, lim: services.explore(None, cursor, lim), limit)
    assert sorted(seen) == sorted(n.pk for n in notes)
    seen = all_pages(lambda cursor, lim: services.profile_notes(None, ann, cursor, lim), limit)
    assert seen == [n.pk for n in reversed(notes)]


@pytest.mark.parametrize("cursor", ["garbage", "W10", "WyJhIl0", "WzEsMiwzXQ", "!!"])
def test_garbage_cursors_are_rejected(db, cursor):
    with pytest.raises(InvalidCursor):
        services.explore(None, cursor)


@pytest.mark.parametrize("values", [["x", "y"], [1.5, "y"]])
def test_forged_cursors_with_wrong_types_are_rejected(make_note, people, values):
    make_note(people["ann"])
    with pytest.raises(InvalidCursor):
        services.explore(None, encode_cursor(values))
    with pytest.raises(InvalidCursor):
        services.profile_notes(None, people["ann"], encode_cursor(["not a date", 1]))


def test_cards_know_what_the_viewer_liked(make_note, people):
    ann, ben = people["ann"], people["ben"]
    liked = make_note(ann, "liked")
    make_note(ann, "other")
    social.like(ben, liked)
    cards = {n.title: n for n in services.explore(ben).items}
    assert cards["liked"].liked_by_me and not cards["other"].liked_by_me
    assert cards["liked"].card_cover.width == 60
    assert not any(n.liked_by_me for n in services.explore(None).items)


def test_board_previews_hide_invisible_notes(make_note, people):
    ann, ben = people["ann"], people["ben"]
    board = social.create_board(ann, "Mine")
    private = social.create_board(ann, "Private", is_private=True)
    for note in [make_note(ann, "a"), make_note(ann, "b", visibility="private")]:
        social.collect(ann, note, board)
    assert [b.name for b in services.boards_with_previews(ann, ben)] == ["Mine"]
    mine = {b.name: b for b in services.boards_with_previews(ann, ann)}
    assert set(mine) == {"Mine", "Private"}
    assert [n.title for n in mine["Mine"].preview_notes] == ["b", "a"]
    theirs = services.boards_with_previews(ann, ben)[0]
    assert [n.title for n in theirs.preview_notes] == ["a"]
    assert private.pk not in [b.pk for b in services.boards_with_previews(ann, None)]

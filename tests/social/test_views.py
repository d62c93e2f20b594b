"""Web actions: forms that redirect (no JavaScript) and JSON answers (fetch)."""

import pytest
from django.test import Client
from django.urls import reverse

from qiao.notifications.models import Notification
from qiao.social import services
from qiao.social.models import Board, Collect, Comment, CommentLike, Follow, Like

JSON = {"HTTP_ACCEPT": "application/json"}


@pytest.fixture
def author(make_user):
    return make_user("author")


@pytest.fixture
def reader(make_user):
    return make_user("reader")


@pytest.fixture
def note(make_note, author):
    return make_note(author, "Hotpot night")


@pytest.fixture
def client(client_for, reader):
    return client_for(reader)


def detail(note):
    return reverse("notes:detail", args=[note.pk])


# --- like -------------------------------------------------------------------------------


def test_like_form_toggles_and_redirects_back(client, note):
    url = reverse("social:like", args=[note.pk])
    response = client.post(url, {"next": detail(note) + "?from=feed"})
    assert response.status_code == 302 and response["Location"] == detail(note) + "?from=feed"
    assert Like.objects.filter(note=note).count() == 1
    client.post(url, {"action": "like"})  # explicit: stays liked
    assert Like.objects.filter(note=note).count() == 1
    client.post(url)  # toggle
    assert not Like.objects.exists()


def test_like_refuses_an_offsite_next(client, note):
    response = client.post(
        reverse("social:like", args=[note.pk]), {"next": "https://evil.example/phish"}
    )
    assert response["Location"] == detail(note)


def test_like_answers_json_to_fetch(client, note):
    url = reverse("social:like", args=[note.pk])
    data = client.post(url, {"action": "like"}, **JSON).json()
    assert data == {"liked": True, "like_count": 1}
    data = client.post(url, {"action": "unlike"}, **JSON).json()
    assert data == {"liked": False, "like_count": 0}


def test_actions_need_post(client, note):
    assert client.get(reverse("social:like", args=[note.pk])).status_code == 405
    assert client.get(reverse("social:follow", args=["author"])).status_code == 405


def test_actions_need_a_csrf_token(reader, note):
    client = Client(enforce_csrf_checks=True)
    client.force_login(reader)
    response = client.post(reverse("social:like", args=[note.pk]))
    assert response.status_code == 403
    assert not Like.objects.exists()


def test_anonymous_people_are_sent_to_sign_in(note):
    client = Client()
    url = reverse("social:like", args=[note.pk])
    response = client.post(url, {"next": detail(note)})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert "next=" + detail(note).replace("/", "%2F") in response["Location"]
    assert client.post(url, **JSON).status_code == 401
    assert not Like.objects.exists()


@pytest.mark.parametrize("visibility", ["private", "followers"])
def test_liking_a_note_you_may_not_see_is_404(client, make_note, author, visibility):
    note = make_note(author, visibility=visibility)
    assert client.post(reverse("social:like", args=[note.pk])).status_code == 404
    response = client.post(reverse("social:like", args=[note.pk]), **JSON)
    assert response.status_code == 404 and response.json()["detail"]
    assert client.post(reverse("social:like", args=[99999])).status_code == 404
    assert not Like.objects.exists()


def test_rate_limited_like_answers_429(settings, client, note):
    settings.QIAO_RATE_LIMITS = {**settings.QIAO_RATE_LIMITS, "like": "1/3600"}
    url = reverse("social:like", args=[note.pk])
    client.post(url, {"action": "like"}, **JSON)
    response = client.post(url, {"action": "unlike"}, **JSON)
    assert response.status_code == 429 and response["Retry-After"]
    assert Like.objects.count() == 1


# --- collect ------------------------------------------------------------------------------


def test_star_without_javascript_opens_the_board_chooser(client, note, reader):
    services.create_board(reader, "Trips")
    response = client.get(reverse("social:collect", args=[note.pk]) + "?next=" + detail(note))
    assert response.status_code == 200
    assert b"Trips" in response.content and b'name="new_board"' in response.content


def test_board_chooser_needs_sign_in_and_a_visible_note(client, make_note, author, note):
    anonymous = Client().get(reverse("social:collect", args=[note.pk]))
    assert anonymous.status_code == 302 and reverse("accounts:login") in anonymous["Location"]
    private = make_note(author, visibility="private")
    assert client.get(reverse("social:collect", args=[private.pk])).status_code == 404


def test_collect_into_the_default_board_then_uncollect(client, note, reader):
    url = reverse("social:collect", args=[note.pk])
    data = client.post(url, **JSON).json()
    assert data["collected"] and data["collect_count"] == 1 and data["board"]["name"] == "Favorites"
    response = client.post(reverse("social:uncollect", args=[note.pk]), {"next": detail(note)})
    assert response.status_code == 302 and response["Location"] == detail(note)
    assert not Collect.objects.exists()


def test_collect_into_a_new_board_created_inline(client, note, reader):
    url = reverse("social:collect", args=[note.pk])
    response = client.post(
        url, {"new_board": "Hotpot places", "new_board_private": "1", "next": detail(note)}
    )
    assert response.status_code == 302
    board = Board.objects.get(owner=reader, name="Hotpot places")
    assert board.is_private and board.item_count == 1


def test_new_board_with_a_taken_name_writes_nothing(client, note, reader):
    services.create_board(reader, "Trips")
    url = reverse("social:collect", args=[note.pk])
    response = client.post(url, {"new_board": "trips"}, **JSON)
    assert response.status_code == 400 and "already have a board" in response.json()["detail"]
    assert not Collect.objects.exists()
    response = client.post(url, {"new_board": "trips", "next": detail(note)}, follow=True)
    assert "already have a board" in response.content.decode()
    assert Board.objects.filter(owner=reader).count() == 1


def test_cannot_collect_into_another_persons_board(client, note, author):
    theirs = services.create_board(author, "Theirs")
    response = client.post(reverse("social:collect", args=[note.pk]), {"board": theirs.pk})
    assert response.status_code == 404
    assert (
        client.post(reverse("social:collect", args=[note.pk]), {"board": "abc"}, **JSON).status_code
        == 400
    )
    assert not Collect.objects.exists()


# --- comments -----------------------------------------------------------------------------


def test_comment_form_posts_and_redirects_to_the_comment(client, note):
    response = client.post(
        reverse("social:comment", args=[note.pk]), {"body": "Looks great", "next": detail(note)}
    )
    comment = Comment.objects.get()
    assert (
        response.status_code == 302
        and response["Location"] == f"{detail(note)}#comment-{comment.pk}"
    )


def test_comment_json_returns_the_rendered_comment(client, note):
    top = services.add_comment(note.author, note, "First!")
    response = client.post(
        reverse("social:comment", args=[note.pk]),
        {"body": "<b>hi</b>", "parent_id": top.pk},
        **JSON,
    )
    assert response.status_code == 201
    data = response.json()
    assert data["parent_id"] == top.pk and data["comment_count"] == 2
    assert "&lt;b&gt;hi&lt;/b&gt;" in data["html"] and "<b>hi" not in data["html"]


@pytest.mark.parametrize("body", ["", "   ", "y" * 1001])
def test_bad_comment_shows_the_error_and_keeps_the_text(client, note, body):
    url = reverse("social:comment", args=[note.pk])
    response = client.post(url, {"body": body})
    assert response.status_code == 400
    assert b'class="field-error"' in response.content
    response = client.post(url, {"body": body}, **JSON)
    assert response.status_code == 400 and response.json()["detail"]
    assert not Comment.objects.exists()


def test_reply_to_an_unknown_comment_is_rejected(client, note):
    response = client.post(
        reverse("social:comment", args=[note.pk]), {"body": "hi", "parent_id": 424242}, **JSON
    )
    assert response.status_code == 400 and "gone" in response.json()["detail"]
    response = client.post(
        reverse("social:comment", args=[note.pk]), {"body": "hi", "parent_id": "x"}, **JSON
    )
    assert response.status_code == 400
    assert not Comment.objects.exists()


def test_comment_on_a_note_you_may_not_see_is_404(client, make_note, author):
    note = make_note(author, visibility="private")
    assert client.post(reverse("social:comment", args=[note.pk]), {"body": "hi"}).status_code == 404
    assert client.post(reverse("social:comment", args=[note.pk]), {"body": ""}).status_code == 404
    assert client.get(reverse("social:comments", args=[note.pk])).status_code == 404
    assert not Comment.objects.exists()


def test_comment_pages_and_fragments(client, note, reader, settings):
    settings.QIAO_RATE_LIMITS = {**settings.QIAO_RATE_LIMITS, "comment_create": "100/3600"}
    for i in range(25):
        services.add_comment(reader, note, f"comment number {i}")
    page = client.get(reverse("social:comments", args=[note.pk]))
    assert (
        page.status_code == 200
        and b"comment number 24" in page.content
        and b"comment number 4<" not in page.content
    )
    cursor = page.context["comments_next_cursor"]
    fragment = client.get(
        reverse("social:comments", args=[note.pk]), {"cursor": cursor, "fragment": 1}
    )
    assert b"comment number 4<" in fragment.content and b"<html" not in fragment.content
    assert (
        client.get(reverse("social:comments", args=[note.pk]), {"cursor": "garbage!"}).status_code
        == 400
    )


def test_delete_comment_permissions(client_for, note, author, reader, make_user):
    comment = services.add_comment(reader, note, "mine")
    stranger = client_for(make_user("stranger"))
    url = reverse("social:delete_comment", args=[comment.pk])
    assert stranger.post(url).status_code == 403
    assert stranger.post(url, **JSON).status_code == 403
    assert Comment.objects.exists()
    data = client_for(author).post(url, **JSON).json()
    assert data == {"deleted": 1, "comment_count": 0}
    assert client_for(author).post(url).status_code == 404


# --- follow -----------------------------------------------------------------------------


def test_follow_toggle(client, author, reader):
    url = reverse("social:follow", args=["author"])
    response = client.post(url, {"action": "follow"})
    assert response.status_code == 302 and response["Location"] == reverse(
        "feeds:profile", args=["author"]
    )
    assert Follow.objects.filter(follower=reader, followee=author).exists()
    data = client.post(url, {"action": "unfollow"}, **JSON).json()
    assert data == {"following": False, "follower_count": 0}
    assert client.post(reverse("social:follow", args=["nobody"])).status_code == 404


def test_self_follow_is_rejected(client, reader):
    response = client.post(reverse("social:follow", args=["reader"]), **JSON)
    assert response.status_code == 400 and response.json()["detail"]
    assert not Follow.objects.exists()


# --- boards -------------------------------------------------------------------------------


def test_create_edit_and_delete_a_board(client, reader, note):
    response = client.post(
        reverse("social:board_create"), {"name": "Trips", "description": "Places"}
    )
    board = Board.objects.get(owner=reader)
    assert response.status_code == 302 and response["Location"] == reverse(
        "feeds:board", args=["reader", board.pk]
    )
    assert client.get(reverse("social:board_edit", args=[board.pk])).status_code == 200
    response = client.post(
        reverse("social:board_edit", args=[board.pk]), {"name": "Far trips", "is_private": "on"}
    )
    board.refresh_from_db()
    assert response.status_code == 302 and board.name == "Far trips" and board.is_private
    services.collect(reader, note, board)
    assert client.get(reverse("social:board_delete", args=[board.pk])).status_code == 200
    response = client.post(reverse("social:board_delete", args=[board.pk]))
    assert response.status_code == 302 and not Board.objects.exists()
    note.refresh_from_db()
    assert note.collect_count == 0


def test_board_form_errors(client, reader):
    services.create_board(reader, "Trips")
    response = client.post(reverse("social:board_create"), {"name": "TRIPS"})
    assert response.status_code == 400 and "already have a board" in response.content.decode()
    response = client.post(reverse("social:board_create"), {"name": ""})
    assert response.status_code == 400
    assert Board.objects.count() == 1


def test_other_peoples_boards_cannot_be_edited(client, author):
    theirs = services.create_board(author, "Theirs")
    assert client.get(reverse("social:board_edit", args=[theirs.pk])).status_code == 404
    assert (
        client.post(reverse("social:board_edit", args=[theirs.pk]), {"name": "Mine"}).status_code
        == 404
    )
    assert client.post(reverse("social:board_delete", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.name == "Theirs"


# --- the note page --------------------------------------------------------------------------


def test_note_page_shows_the_social_controls(client, note, reader, author):
    services.like(reader, note)
    services.add_comment(author, note, "Welcome @reader")
    page = client.get(detail(note)).content.decode()
    assert reverse("social:like", args=[note.pk]) in page
    assert 'aria-pressed="true"' in page  # liked
    assert reverse("social:comment", args=[note.pk]) in page
    assert reverse("social:follow", args=["author"]) in page
    assert "social/social.js" in page
    assert 'class="mention"' in page  # comment text goes through rich_text
    assert Notification.objects.filter(recipient=reader, verb="mention").exists()


# --- comment likes ----------------------------------------------------------------------------


@pytest.fixture
def comment(note, author):
    return services.add_comment(author, note, "Order the spicy broth")


def test_comment_heart_form_likes_and_redirects_to_the_comment(client, note, comment):
    url = reverse("social:comment_like", args=[comment.pk])
    response = client.post(url, {"action": "like"})
    assert response.status_code == 302
    assert response["Location"] == f"{detail(note)}#comment-{comment.pk}"
    assert CommentLike.objects.filter(comment=comment).count() == 1
    client.post(url, {"action": "like", "next": detail(note)})  # explicit: stays liked
    comment.refresh_from_db()
    assert comment.like_count == 1
    client.post(url)  # toggle
    assert not CommentLike.objects.exists()


def test_comment_heart_answers_json_to_fetch(client, comment):
    url = reverse("social:comment_like", args=[comment.pk])
    assert client.post(url, {"action": "like"}, **JSON).json() == {"liked": True, "like_count": 1}
    assert client.post(url, **JSON).json() == {"liked": False, "like_count": 0}


def test_comment_heart_needs_sign_in_and_post(note, comment, client):
    url = reverse("social:comment_like", args=[comment.pk])
    anonymous = Client()
    response = anonymous.post(url, {"next": detail(note)})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert anonymous.post(url, **JSON).status_code == 401
    assert client.get(url).status_code == 405
    assert not CommentLike.objects.exists()


def test_comments_you_may_not_see_answer_404(client, make_note, author, comment):
    private = make_note(author, visibility="private")
    on_private = services.add_comment(author, private, "only me")
    Comment.objects.filter(pk=comment.pk).update(is_hidden=True)
    for target in (on_private.pk, comment.pk, 99999):
        url = reverse("social:comment_like", args=[target])
        assert client.post(url).status_code == 404
        response = client.post(url, **JSON)
        assert response.status_code == 404 and response.json()["detail"]
    assert not CommentLike.objects.exists()


def test_rate_limited_comment_like_answers_429(settings, client, comment):
    settings.QIAO_RATE_LIMITS = {**settings.QIAO_RATE_LIMITS, "like": "1/3600"}
    url = reverse("social:comment_like", args=[comment.pk])
    client.post(url, {"action": "like"}, **JSON)
    response = client.post(url, {"action": "unlike"}, **JSON)
    assert response.status_code == 429 and response["Retry-After"]
    assert CommentLike.objects.count() == 1


def heart(html: str, comment) -> str:
    """The heart form of one comment in a page."""
    start = html.index(f'action="{reverse("social:comment_like", args=[comment.pk])}"')
    return html[start : html.index("</form>", start)]


def test_note_page_shows_each_comment_heart_with_its_state(client, note, comment, reader, author):
    reply = services.add_comment(reader, note, "Will do", parent=comment)
    services.like_comment(reader, comment)
    services.like_comment(author, comment)
    html = client.get(detail(note)).content.decode()
    liked, not_liked = heart(html, comment), heart(html, reply)
    assert 'aria-pressed="true"' in liked and 'value="unlike"' in liked and ">2</span>" in liked
    assert 'aria-pressed="false"' in not_liked and 'value="like"' in not_liked
    assert "data-count></span>" in not_liked  # no "0" under an unliked comment
    signed_out = Client().get(detail(note)).content.decode()
    assert 'aria-pressed="false"' in heart(signed_out, comment)


def test_the_comments_page_shows_liked_state_too(client, note, comment, reader):
    services.like_comment(reader, comment)
    html = client.get(reverse("social:comments", args=[note.pk])).content.decode()
    assert 'aria-pressed="true"' in heart(html, comment)


def test_a_comment_like_shows_on_the_authors_notifications(client_for, comment, author, reader):
    services.like_comment(reader, comment)
    html = client_for(author).get(reverse("notifications:list") + "?tab=likes").content.decode()
    assert "liked your comment" in html and "Order the spicy broth" in html


# --- follow lists --------------------------------------------------------------------------------


def rows(html: str) -> list[str]:
    """Handles of the people listed, in order."""
    import re

    return re.findall(r'<li class="person-row" data-person="([^"]+)"', html)


def test_profile_counts_link_to_the_follow_lists(client, author):
    html = client.get(reverse("feeds:profile", args=["author"])).content.decode()
    assert f'href="{reverse("social:followers", args=["author"])}"' in html
    assert f'href="{reverse("social:following", args=["author"])}"' in html


def test_followers_page_lists_people_with_a_follow_button(client, author, reader, make_user):
    fan = make_user("fan", bio="Noodle hunter <b>everywhere</b>")
    services.follow(fan, author)
    services.follow(reader, author)
    services.follow(reader, fan)
    response = client.get(reverse("social:followers", args=["author"]))
    assert response.status_code == 200
    html = response.content.decode()
    assert rows(html) == ["reader", "fan"]  # newest first
    assert "Noodle hunter &lt;b&gt;everywhere&lt;/b&gt;" in html  # escaped bio
    fan_row = html[html.index('data-person="fan"') :]
    fan_row = fan_row[: fan_row.index("</li>")]
    assert f'action="{reverse("social:follow", args=["fan"])}"' in fan_row
    assert 'value="unfollow"' in fan_row and 'aria-pressed="true"' in fan_row
    own_row = html[html.index('data-person="reader"') :]
    assert reverse("social:follow", args=["reader"]) not in own_row[: own_row.index("</li>")]
    assert html.count("social/social.js") == 1


def test_following_page_and_empty_lists(client, author, reader):
    services.follow(author, reader)
    html = client.get(reverse("social:following", args=["author"])).content.decode()
    assert rows(html) == ["reader"]
    empty = client.get(reverse("social:followers", args=["author"])).content.decode()
    assert rows(empty) == [] and "No followers yet" in empty
    mine = client.get(reverse("social:following", args=["reader"])).content.decode()
    assert rows(mine) == [] and "Not following anyone yet" in mine


def test_follow_lists_leave_out_banned_people_and_banned_owners(client, author, make_user, ban):
    spammer = make_user("spammer")
    services.follow(spammer, author)
    services.follow(author, spammer)
    ban(spammer)
    assert rows(client.get(reverse("social:followers", args=["author"])).content.decode()) == []
    assert rows(client.get(reverse("social:following", args=["author"])).content.decode()) == []
    assert client.get(reverse("social:followers", args=["spammer"])).status_code == 404
    assert client.get(reverse("social:following", args=["nobody"])).status_code == 404


def test_follow_lists_page_by_cursor(client, author, make_user, settings):
    fans = [make_user(f"fan{i}") for i in range(32)]
    for fan in fans:
        services.follow(fan, author)
    url = reverse("social:followers", args=["author"])
    first = client.get(url)
    cursor = first.context["next_cursor"]
    assert len(rows(first.content.decode())) == 30 and cursor
    second = client.get(url, {"cursor": cursor}).content.decode()
    assert rows(second) == ["fan1", "fan0"]
    assert client.get(url, {"cursor": "garbage!"}).status_code == 400


def test_follow_from_the_list_comes_back_to_it(client, author, reader, make_user):
    fan = make_user("fan")
    services.follow(fan, author)
    url = reverse("social:followers", args=["author"])
    response = client.post(
        reverse("social:follow", args=["fan"]), {"action": "follow", "next": url}
    )
    assert response.status_code == 302 and response["Location"] == url
    assert Follow.objects.filter(follower=reader, followee=fan).exists()


def test_follow_lists_make_a_constant_number_of_queries(
    client, author, make_user, django_assert_max_num_queries
):
    url = reverse("social:followers", args=["author"])
    services.follow(make_user(), author)
    client.get(url)  # warm the session
    with django_assert_max_num_queries(10) as few:
        client.get(url)
    for _ in range(12):
        fan = make_user()
        services.follow(fan, author)
        services.follow(author, fan)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url)


# --- comments held for review (qiao.moderation) ------------------------------------------------

COMMENT_HELD = "Your comment is waiting for a moderator"


@pytest.fixture
def hold_rule(db):
    from qiao.moderation.models import Rule

    return Rule.objects.create(type="keyword", pattern="holdme", outcome="hold")


def test_a_held_comment_form_goes_back_to_the_note_and_says_so_once(client, note, hold_rule):
    response = client.post(
        reverse("social:comment", args=[note.pk]), {"body": "Spam holdme", "next": detail(note)}
    )
    assert Comment.objects.get().is_hidden
    assert response.status_code == 302 and response["Location"] == detail(note)  # no #comment-
    page = client.get(detail(note)).content.decode()
    assert page.count(COMMENT_HELD) == 1 and "Spam holdme" not in page


def test_a_held_comment_answers_fetch_with_the_notice_instead_of_the_comment(
    client, note, hold_rule
):
    url = reverse("social:comment", args=[note.pk])
    response = client.post(url, {"body": "Spam holdme"}, **JSON)
    assert response.status_code == 201
    data = response.json()
    assert data["held"] is True and data["html"] == "" and data["comment_count"] == 0
    assert COMMENT_HELD in data["message"]
    page = client.get(detail(note)).content.decode()
    assert COMMENT_HELD not in page  # already told: not again on the next page
    fine = client.post(url, {"body": "Lovely"}, **JSON)
    assert fine.json()["held"] is False and "Lovely" in fine.json()["html"]

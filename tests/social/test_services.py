"""qiao.social.services: counters, authorization, notifications, idempotence."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from qiao.core.ratelimit import RateLimited
from qiao.notes.models import Note
from qiao.notifications.models import Notification
from qiao.social import services
from qiao.moderation.models import Standing
from qiao.social.models import Board, Collect, Comment, CommentLike, Follow, Like

Verb = Notification.Verb


@pytest.fixture
def author(make_user):
    return make_user("author")


@pytest.fixture
def reader(make_user):
    return make_user("reader")


@pytest.fixture
def note(make_note, author):
    return make_note(author, "Dumplings in Xi'an")


def fresh(obj):
    obj.refresh_from_db()
    return obj


def notes_of(recipient, verb=None):
    qs = Notification.objects.filter(recipient=recipient)
    return qs.filter(verb=verb) if verb else qs


# --- likes ---------------------------------------------------------------------------


def test_like_counts_once_and_unlike_takes_it_back(note, author, reader):
    assert services.like(reader, note) is True
    assert services.like(reader, note) is False
    assert note.like_count == 1  # the caller's instance is updated
    assert fresh(note).like_count == 1
    assert fresh(author).like_received_count == 1
    assert Like.objects.count() == 1

    assert services.unlike(reader, note) is True
    assert services.unlike(reader, note) is False
    assert fresh(note).like_count == 0
    assert fresh(author).like_received_count == 0


def test_engagement_moves_the_rank(note, make_user):
    rank_before = note.rank
    people = [make_user() for _ in range(3)]
    for person in people:
        services.like(person, note)
    assert fresh(note).rank == pytest.approx(note.compute_rank()) and note.rank > rank_before
    for person in people:
        services.unlike(person, note)
    assert fresh(note).rank == pytest.approx(rank_before)


def test_like_repeats_keep_counters_right(note, make_user):
    people = [make_user() for _ in range(3)]
    for _ in range(3):
        for person in people:
            services.like(person, note)
    services.unlike(people[0], note)
    services.unlike(people[0], note)
    services.like(people[1], note)
    assert fresh(note).like_count == Like.objects.filter(note=note).count() == 2
    assert fresh(note.author).like_received_count == 2


def test_like_notifies_the_author_once_and_unlike_withdraws_it(note, author, reader):
    services.like(reader, note)
    services.unlike(reader, note)
    assert not notes_of(author).exists()
    services.like(reader, note)
    services.unlike(reader, note)
    services.like(reader, note)
    assert notes_of(author, Verb.LIKE).count() == 1


def test_liking_your_own_note_does_not_notify_you(note, author):
    services.like(author, note)
    assert fresh(note).like_count == 1
    assert not notes_of(author).exists()


@pytest.mark.parametrize("visibility", ["private", "followers"])
def test_cannot_like_a_note_you_may_not_see(make_note, author, reader, visibility):
    note = make_note(author, visibility=visibility)
    with pytest.raises(Http404):
        services.like(reader, note)
    assert not Like.objects.exists()
    assert fresh(note).like_count == 0


def test_followers_may_like_followers_only_notes(make_note, author, reader):
    note = make_note(author, visibility="followers")
    services.follow(reader, author)
    assert services.like(reader, note) is True


def test_hidden_notes_cannot_be_liked(make_note, author, reader):
    note = make_note(author, is_hidden=True)
    with pytest.raises(Http404):
        services.like(reader, note)


def test_you_can_take_back_a_like_on_a_note_that_became_private(note, reader):
    services.like(reader, note)
    Note.objects.filter(pk=note.pk).update(visibility="private")
    assert services.unlike(reader, fresh(note)) is True
    assert fresh(note).like_count == 0


def test_unlike_on_an_invisible_note_without_a_like_is_404(make_note, author, reader):
    note = make_note(author, visibility="private")
    with pytest.raises(Http404):
        services.unlike(reader, note)


def test_likes_are_rate_limited(settings, note, reader):
    settings.QIAO_RATE_LIMITS = {**settings.QIAO_RATE_LIMITS, "like": "2/3600"}
    services.like(reader, note)
    services.unlike(reader, note)
    with pytest.raises(RateLimited):
        services.like(reader, note)
    assert fresh(note).like_count == 0


# --- boards and collects ------------------------------------------------------------------


def test_first_collect_creates_the_default_board(note, author, reader):
    item = services.collect(reader, note)
    board = item.board
    assert board.owner == reader and board.is_default and board.name == "Favorites"
    assert fresh(board).item_count == 1
    assert fresh(note).collect_count == 1
    assert fresh(author).like_received_count == 1
    assert notes_of(author, Verb.COLLECT).count() == 1
    # Again: nothing changes.
    assert services.collect(reader, note).pk == item.pk
    assert fresh(note).collect_count == 1 and fresh(board).item_count == 1


def test_default_board_is_named_in_the_current_language(note, reader):
    from django.utils import translation

    with translation.override("zh-hans"):
        board = services.collect(reader, note).board
        chinese = translation.gettext("Favorites")
    assert board.is_default
    assert board.name == chinese != "Favorites"


def test_collect_count_counts_people_not_boards(note, author, reader):
    trips = services.create_board(reader, "Trips")
    food = services.create_board(reader, "Food")
    services.collect(reader, note, trips)
    services.collect(reader, note, food)
    assert fresh(note).collect_count == 1
    assert fresh(trips).item_count == fresh(food).item_count == 1
    assert fresh(author).like_received_count == 1

    assert services.uncollect(reader, note, trips) == 1
    assert fresh(note).collect_count == 1
    assert fresh(trips).item_count == 0

    assert services.uncollect(reader, note) == 1
    assert fresh(note).collect_count == 0
    assert fresh(food).item_count == 0
    assert fresh(author).like_received_count == 0
    assert services.uncollect(reader, note) == 0


def test_cannot_collect_into_someone_elses_board(note, author, reader):
    theirs = services.create_board(author, "Mine")
    with pytest.raises(Http404):
        services.collect(reader, note, theirs)
    assert not Collect.objects.exists()
    assert fresh(theirs).item_count == 0


def test_cannot_collect_a_note_you_may_not_see(make_note, author, reader):
    note = make_note(author, visibility="private")
    with pytest.raises(Http404):
        services.collect(reader, note)
    assert not Board.objects.filter(owner=reader).exists()


def test_board_names_are_unique_per_owner_ignoring_case(reader, author):
    services.create_board(reader, "Trips")
    with pytest.raises(ValidationError) as info:
        services.create_board(reader, "  trips ")
    assert "already have a board" in info.value.message_dict["name"][0]
    services.create_board(author, "Trips")  # someone else may
    assert Board.objects.filter(owner=reader).count() == 1


@pytest.mark.parametrize("name", ["", "   ", "x" * 51])
def test_bad_board_names_are_rejected(reader, name):
    with pytest.raises(ValidationError) as info:
        services.create_board(reader, name)
    assert "name" in info.value.message_dict
    assert not Board.objects.exists()


def test_only_the_owner_can_edit_or_delete_a_board(reader, author):
    board = services.create_board(reader, "Trips", is_private=True)
    with pytest.raises(Http404):
        services.update_board(board, author, name="Mine now")
    with pytest.raises(Http404):
        services.delete_board(board, author)
    updated = services.update_board(board, reader, name="Far trips", is_private=False)
    assert (updated.name, updated.is_private) == ("Far trips", False)


def test_renaming_to_a_taken_name_fails(reader):
    services.create_board(reader, "Trips")
    food = services.create_board(reader, "Food")
    with pytest.raises(ValidationError):
        services.rename_board(food, reader, "TRIPS")
    assert fresh(food).name == "Food"
    assert services.rename_board(food, reader, "food").name == "food"  # its own name, other case


def test_deleting_a_board_uncollects_where_it_was_the_only_board(make_note, author, reader):
    only_here, also_elsewhere = make_note(author), make_note(author)
    trips = services.create_board(reader, "Trips")
    other = services.create_board(reader, "Other")
    services.collect(reader, only_here, trips)
    services.collect(reader, also_elsewhere, trips)
    services.collect(reader, also_elsewhere, other)
    services.delete_board(trips, reader)
    assert fresh(only_here).collect_count == 0
    assert fresh(also_elsewhere).collect_count == 1
    assert fresh(author).like_received_count == 1
    assert fresh(other).item_count == 1


# --- comments -----------------------------------------------------------------------------


@pytest.mark.parametrize("body", ["", "   \n ", "x" * 1001])
def test_bad_comments_are_rejected_and_nothing_is_written(note, reader, body):
    with pytest.raises(ValidationError) as info:
        services.add_comment(reader, note, body)
    assert info.value.message_dict["body"]
    assert not Comment.objects.exists()
    assert fresh(note).comment_count == 0


def test_comment_body_is_stripped_and_its_language_detected(note, reader):
    comment = services.add_comment(reader, note, "  这家店的饺子真好吃，下次还来！ ")
    assert comment.body == "这家店的饺子真好吃，下次还来！"
    assert comment.lang == "zh"
    assert services.add_comment(reader, note, "x" * 1000).body == "x" * 1000


def test_comment_counts_and_notifies_the_author(note, author, reader):
    rank_before = note.rank
    comment = services.add_comment(reader, note, "Looks delicious")
    assert fresh(note).comment_count == 1
    assert note.rank > rank_before
    n = notes_of(author, Verb.COMMENT).get()
    assert (n.actor, n.note, n.comment) == (reader, note, comment)


def test_replies_stay_one_level_deep(note, author, reader, make_user):
    third = make_user("third")
    top = services.add_comment(reader, note, "Where is this?")
    reply = services.add_comment(author, note, "Near the Bell Tower", parent=top)
    deeper = services.add_comment(third, note, "Thanks!", parent=reply)
    assert reply.parent_id == top.pk and reply.reply_to_id is None
    assert deeper.parent_id == top.pk and deeper.reply_to_id == author.pk
    assert fresh(note).comment_count == 3
    # The person answered hears of it; the note's author is that person here.
    assert notes_of(reader, Verb.REPLY).get().comment == reply
    assert notes_of(author, Verb.REPLY).get().comment == deeper
    assert not notes_of(author, Verb.COMMENT).filter(comment=deeper).exists()
    assert notes_of(author, Verb.COMMENT).get().comment == top


def test_replying_to_a_comment_of_another_note_is_rejected(make_note, note, author, reader):
    other = make_note(author)
    elsewhere = services.add_comment(reader, other, "Hi")
    with pytest.raises(ValidationError):
        services.add_comment(reader, note, "Hello", parent=elsewhere)
    assert fresh(note).comment_count == 0


def test_mentions_notify_existing_people_but_not_yourself(note, author, reader, make_user):
    friend = make_user("friend")
    services.add_comment(reader, note, "@friend look! also @reader and @nobody_here")
    assert notes_of(friend, Verb.MENTION).count() == 1
    assert not notes_of(reader).exists()


def test_mentions_are_capped_at_ten(note, reader, make_user):
    people = [make_user(f"pal{i:02d}") for i in range(12)]
    services.add_comment(reader, note, " ".join(f"@{p.handle}" for p in people))
    assert Notification.objects.filter(verb=Verb.MENTION).count() == 10
    assert set(
        Notification.objects.filter(verb=Verb.MENTION).values_list("recipient__handle", flat=True)
    ) == {p.handle for p in people[:10]}


def test_mentions_skip_people_who_may_not_see_the_note(make_note, author, make_user):
    outsider = make_user("outsider")
    note = make_note(author, visibility="private")
    services.add_comment(author, note, "note to self, cc @outsider")
    assert not notes_of(outsider).exists()


def test_note_mentions_notify_once_even_after_edits(note, author, make_user):
    friend = make_user("friend")
    assert services.notify_mentions(author, text="with @friend", note=note) == [friend]
    assert services.notify_mentions(author, text="with @friend again", note=note) == []
    assert notes_of(friend, Verb.MENTION).count() == 1


def test_comment_on_a_note_you_may_not_see_is_404(make_note, author, reader):
    note = make_note(author, visibility="followers")
    with pytest.raises(Http404):
        services.add_comment(reader, note, "hi")
    assert not Comment.objects.exists()


def test_comments_are_rate_limited(settings, note, reader):
    settings.QIAO_RATE_LIMITS = {**settings.QIAO_RATE_LIMITS, "comment_create": "1/3600"}
    services.add_comment(reader, note, "one")
    with pytest.raises(RateLimited):
        services.add_comment(reader, note, "two")
    assert fresh(note).comment_count == 1


def test_deleting_a_comment_takes_its_replies_and_keeps_the_count(note, author, reader):
    top = services.add_comment(reader, note, "top")
    services.add_comment(author, note, "reply", parent=top)
    services.add_comment(reader, note, "another")
    assert services.delete_comment(top, reader) == 2
    assert fresh(note).comment_count == 1
    assert list(Comment.objects.values_list("body", flat=True)) == ["another"]


def test_who_may_delete_a_comment(note, author, reader, make_user):
    stranger = make_user("stranger")
    moderator = make_user("mod", role="moderator")
    first = services.add_comment(reader, note, "first")
    second = services.add_comment(reader, note, "second")
    third = services.add_comment(reader, note, "third")
    with pytest.raises(PermissionDenied):
        services.delete_comment(first, stranger)
    assert services.delete_comment(first, author) == 1  # the note's author
    assert services.delete_comment(second, moderator) == 1
    assert services.delete_comment(third, reader) == 1  # its own author
    assert fresh(note).comment_count == 0


def test_deleting_a_comment_on_a_note_you_may_not_see_is_404(make_note, author, make_user):
    note = make_note(author, visibility="private")
    comment = services.add_comment(author, note, "mine")
    with pytest.raises(Http404):
        services.delete_comment(comment, make_user("stranger"))


# --- follows -----------------------------------------------------------------------------


def test_follow_and_unfollow_keep_counts(author, reader):
    assert services.follow(reader, author) is True
    assert services.follow(reader, author) is False
    assert (fresh(reader).following_count, fresh(author).follower_count) == (1, 1)
    assert notes_of(author, Verb.FOLLOW).count() == 1
    assert services.unfollow(reader, author) is True
    assert services.unfollow(reader, author) is False
    assert (fresh(reader).following_count, fresh(author).follower_count) == (0, 0)
    assert not Follow.objects.exists()


def test_you_cannot_follow_yourself(reader):
    with pytest.raises(ValidationError):
        services.follow(reader, reader)
    assert fresh(reader).follower_count == 0


def test_follows_are_rate_limited(settings, make_user, reader):
    settings.QIAO_RATE_LIMITS = {**settings.QIAO_RATE_LIMITS, "follow": "2/3600"}
    a, b, c = make_user(), make_user(), make_user()
    services.follow(reader, a)
    services.follow(reader, b)
    with pytest.raises(RateLimited):
        services.follow(reader, c)
    assert fresh(reader).following_count == 2


# --- the note page ------------------------------------------------------------------------


def test_note_page_context(note, author, reader):
    services.like(reader, note)
    services.follow(reader, author)
    trips = services.create_board(reader, "Trips")
    services.collect(reader, note, trips)
    top = services.add_comment(reader, note, "top")
    services.add_comment(author, note, "reply", parent=top)
    context = services.note_page_context(note, reader)
    assert context["liked"] and context["collected"] and context["is_following"]
    assert [(c.board.name, c.has_note) for c in context["board_choices"]] == [("Trips", True)]
    assert [c.body for c in context["comments"]] == ["top"]
    assert [r.body for r in context["comments"][0].shown_replies] == ["reply"]
    assert context["person"] == author

    anonymous = services.note_page_context(note, None)
    assert not anonymous["liked"] and anonymous["board_choices"] == []


def test_hidden_comments_are_not_shown(note, reader, author):
    top = services.add_comment(reader, note, "top")
    hidden_reply = services.add_comment(author, note, "hidden reply", parent=top)
    Comment.objects.filter(pk=hidden_reply.pk).update(is_hidden=True)
    hidden = services.add_comment(reader, note, "hidden")
    Comment.objects.filter(pk=hidden.pk).update(is_hidden=True)
    comments = services.note_page_context(note, reader)["comments"]
    assert [c.body for c in comments] == ["top"]
    assert comments[0].shown_replies == []


# --- comment likes ------------------------------------------------------------------------


@pytest.fixture
def comment(note, author):
    return services.add_comment(author, note, "Try the black vinegar")


def test_comment_like_counts_once_and_unlike_takes_it_back(comment, reader):
    assert services.like_comment(reader, comment) is True
    assert services.like_comment(reader, comment) is False
    assert comment.like_count == 1  # the caller's instance is updated
    assert fresh(comment).like_count == 1
    assert CommentLike.objects.filter(user=reader, comment=comment).count() == 1
    assert services.is_comment_liked(reader, comment)

    assert services.unlike_comment(reader, comment) is True
    assert services.unlike_comment(reader, comment) is False
    assert fresh(comment).like_count == 0 and not CommentLike.objects.exists()
    assert not services.is_comment_liked(reader, comment)


def test_comment_likes_from_many_people_add_up(comment, make_user):
    people = [make_user() for _ in range(4)]
    for person in people:
        services.like_comment(person, comment)
    services.unlike_comment(people[0], comment)
    assert fresh(comment).like_count == 3 == CommentLike.objects.count()


def test_a_comment_like_does_not_touch_the_note(note, comment, reader, author):
    before = (fresh(note).like_count, fresh(note).rank, fresh(author).like_received_count)
    services.like_comment(reader, comment)
    assert (fresh(note).like_count, fresh(note).rank, fresh(author).like_received_count) == before


def test_comment_like_notifies_the_author_once(comment, author, reader):
    services.like_comment(reader, comment)
    notice = notes_of(author, Verb.COMMENT_LIKE).get()
    assert (notice.actor, notice.comment, notice.note_id) == (reader, comment, comment.note_id)
    # Unlike while unread takes it back; liking again tells again (still one notice).
    services.unlike_comment(reader, comment)
    assert not notes_of(author, Verb.COMMENT_LIKE).exists()
    services.like_comment(reader, comment)
    assert notes_of(author, Verb.COMMENT_LIKE).count() == 1
    # Once read, toggling the heart never notifies again.
    Notification.objects.update(read_at=timezone.now())
    services.unlike_comment(reader, comment)
    services.like_comment(reader, comment)
    assert notes_of(author, Verb.COMMENT_LIKE).count() == 1


def test_liking_your_own_comment_notifies_nobody(comment, author):
    assert services.like_comment(author, comment) is True
    assert not notes_of(author, Verb.COMMENT_LIKE).exists()


def test_a_note_unlike_leaves_comment_like_notices_alone(note, comment, author, reader):
    services.like(reader, note)
    services.like_comment(reader, comment)
    services.unlike(reader, note)
    assert notes_of(author, Verb.COMMENT_LIKE).count() == 1
    assert not notes_of(author, Verb.LIKE).exists()


def test_comments_you_cannot_see_cannot_be_liked(make_note, author, reader, make_user):
    private = make_note(author, visibility="private")
    on_private = services.add_comment(author, private, "only me")
    public = make_note(author)
    hidden = services.add_comment(author, public, "hidden")
    top = services.add_comment(author, public, "top")
    under_hidden = services.add_comment(make_user(), public, "reply", parent=top)
    Comment.objects.filter(pk__in=[hidden.pk, top.pk]).update(is_hidden=True)
    for target in (on_private, hidden, under_hidden):
        with pytest.raises(Http404):
            services.like_comment(reader, target)
        with pytest.raises(Http404):
            services.unlike_comment(reader, target)
    assert not CommentLike.objects.exists()
    assert fresh(under_hidden).like_count == 0


def test_a_followers_only_note_opens_its_comments_to_followers(make_note, author, reader):
    note = make_note(author, visibility="followers")
    comment = services.add_comment(author, note, "for my followers")
    with pytest.raises(Http404):
        services.like_comment(reader, comment)
    services.follow(reader, author)
    assert services.like_comment(reader, comment) is True


def test_your_own_like_can_be_taken_back_after_the_comment_is_hidden(comment, reader):
    services.like_comment(reader, comment)
    Comment.objects.filter(pk=comment.pk).update(is_hidden=True)
    assert services.unlike_comment(reader, comment) is True
    assert fresh(comment).like_count == 0


def test_a_deleted_comment_is_404(comment, reader, author):
    services.delete_comment(comment, author)
    with pytest.raises(Http404):
        services.like_comment(reader, comment)


def test_comment_likes_share_the_like_rate_limit(settings, note, comment, reader):
    settings.QIAO_RATE_LIMITS = {**settings.QIAO_RATE_LIMITS, "like": "2/3600"}
    services.like(reader, note)
    services.like_comment(reader, comment)
    with pytest.raises(RateLimited):
        services.unlike_comment(reader, comment)
    assert fresh(comment).like_count == 1


def test_suspended_people_cannot_like_comments(comment, reader):
    Standing.objects.create(user=reader, suspended_until=timezone.now() + timedelta(days=1))
    with pytest.raises(PermissionDenied):
        services.like_comment(reader, comment)
    assert fresh(comment).like_count == 0


def test_liked_by_me_is_marked_on_comments_and_replies(note, comment, author, reader):
    reply = services.add_comment(reader, note, "Thanks!", parent=comment)
    other = services.add_comment(reader, note, "Another one")
    services.like_comment(reader, comment)
    services.like_comment(author, reply)
    shown = {c.pk: c for c in services.visible_comments(note, reader)}
    assert shown[comment.pk].liked_by_me and not shown[other.pk].liked_by_me
    assert [r.liked_by_me for r in shown[comment.pk].shown_replies] == [False]
    by_author = {c.pk: c for c in services.visible_comments(note, author)}
    assert [r.liked_by_me for r in by_author[comment.pk].shown_replies] == [True]
    anonymous = services.visible_comments(note, None).first()
    assert not hasattr(anonymous, "liked_by_me")


def test_the_note_page_context_knows_the_liked_comments(note, comment, reader):
    services.like_comment(reader, comment)
    context = services.note_page_context(note, reader)
    assert [c.liked_by_me for c in context["comments"]] == [True]


# --- hashtags on the note page ----------------------------------------------------------


def tagged(note, *names):
    from qiao.notes.models import Hashtag

    note.hashtags.set([Hashtag.objects.get_or_create(name=name)[0] for name in names])
    return note


def test_hashtags_outside_body_lists_only_title_tags(make_note, author):
    note = tagged(
        make_note(author, "Weekend #Hangzhou", body="Tea fields #Travel and #茶#"),
        "hangzhou", "travel", "茶",
    )  # fmt: skip
    assert [t.name for t in services.hashtags_outside_body(note)] == ["hangzhou"]
    context = services.note_page_context(note, None)
    assert [t.name for t in context["extra_hashtags"]] == ["hangzhou"]
    only_body = tagged(make_note(author, "Plain", body="#travel"), "travel")
    assert services.hashtags_outside_body(only_body) == []


# --- follow lists -----------------------------------------------------------------------


def test_follow_lists_leave_out_banned_people(author, reader, make_user, ban):
    banned, suspended = make_user("banned"), make_user("suspended")
    for person in (reader, banned, suspended):
        services.follow(person, author)
        services.follow(author, person)
    ban(banned)
    Standing.objects.create(user=suspended, suspended_until=timezone.now() + timedelta(days=3))
    followers = [f.follower for f in services.followers_page(author).items]
    following = [f.followee for f in services.following_page(author).items]
    # Newest first; a suspension limits what one may do, not who may see the account.
    assert followers == [suspended, reader] and following == [suspended, reader]


def test_follow_list_marks_whom_the_viewer_follows(author, reader, make_user):
    fan, other = make_user("fan"), make_user("other")
    for person in (fan, other, reader):
        services.follow(person, author)
    services.follow(reader, fan)
    page = services.follow_list(author, "followers", reader)
    assert [(p.handle, p.followed_by_me) for p in page.items] == [
        ("reader", False),
        ("other", False),
        ("fan", True),
    ]
    anonymous = services.follow_list(reader, "following", None)
    assert [(p.handle, p.followed_by_me) for p in anonymous.items] == [
        ("fan", False),
        ("author", False),
    ]


def test_follow_lists_page_by_cursor(author, make_user):
    fans = [make_user() for _ in range(5)]
    for fan in fans:
        services.follow(fan, author)
    first = services.followers_page(author, limit=3)
    second = services.followers_page(author, first.next_cursor, limit=3)
    assert [f.follower for f in first.items + second.items] == fans[::-1]
    assert second.next_cursor is None


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_concurrent_comment_likes_keep_the_count_exact(make_user, make_note):
    """Likes and unlikes from many connections at once: the counter always equals the rows."""
    import threading

    from django.db import connection

    assert connection.vendor == "postgresql"
    author = make_user("author")
    comment = services.add_comment(author, make_note(author), "Hot take")
    people = [make_user(f"p{n}") for n in range(6)]
    errors: list[BaseException] = []
    start = threading.Barrier(len(people) * 2)

    def toggle(person, times: int) -> None:
        try:
            start.wait()
            for _ in range(times):
                services.like_comment(person, Comment.objects.get(pk=comment.pk))
                services.unlike_comment(person, Comment.objects.get(pk=comment.pk))
            services.like_comment(person, Comment.objects.get(pk=comment.pk))
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            connection.close()

    # Each person twice in parallel, so the same like races with itself too.
    threads = [threading.Thread(target=toggle, args=(p, 3)) for p in people for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    assert fresh(comment).like_count == CommentLike.objects.count() == len(people)
    assert notes_of(author, Verb.COMMENT_LIKE).count() == len(people)

"""qiao.notifications.services: dedupe, unread counts, hiding, marking read."""

import pytest

from qiao.core.pagination import InvalidCursor
from qiao.notes.models import Note
from qiao.notifications import services
from qiao.notifications.models import Notification
from qiao.social import services as social
from qiao.social.models import Comment


@pytest.fixture
def ann(make_user):
    return make_user("ann")


@pytest.fixture
def ben(make_user):
    return make_user("ben")


def test_notify_skips_yourself_and_dedupes_unread_likes(make_note, ann, ben):
    note = make_note(ann)
    assert services.notify(ann, ann, "like", note=note) is None
    first = services.notify(ann, ben, "like", note=note)
    assert services.notify(ann, ben, "like", note=note) == first
    services.mark_all_read(ann)
    assert services.notify(ann, ben, "like", note=note) != first  # a new like after reading is news
    assert services.notify(ann, ben, "follow") == services.notify(ann, ben, "follow")
    assert Notification.objects.filter(verb="follow").count() == 1


def test_comments_are_never_deduped(make_note, ann, ben):
    note = make_note(ann)
    social.add_comment(ben, note, "one")
    social.add_comment(ben, note, "two")
    assert services.unread_count(ann) == 2


def test_no_notification_about_a_note_the_recipient_may_not_see(make_note, ann, ben):
    note = make_note(ann, visibility="private")
    assert services.notify(ben, ann, "mention", note=note) is None


def test_unread_counts_and_mark_read_by_category(make_note, ann, ben, make_user):
    note = make_note(ann)
    social.like(ben, note)
    social.collect(ben, note)
    social.add_comment(ben, note, "hello")
    social.follow(ben, ann)
    social.follow(make_user(), ann)
    assert services.unread_counts(ann) == {"all": 5, "likes": 2, "comments": 1, "follows": 2}
    assert services.mark_all_read(ann, "likes") == 2
    assert services.unread_counts(ann) == {"all": 3, "likes": 0, "comments": 1, "follows": 2}
    assert services.mark_all_read(ann) == 3
    assert services.unread_count(ann) == 0
    assert services.mark_all_read(ann) == 0


def test_hidden_notes_and_comments_are_not_shown(make_note, ann, ben):
    note = make_note(ann)
    other = make_note(ann)
    social.like(ben, note)
    comment = social.add_comment(ben, other, "hi")
    social.follow(ben, ann)
    assert services.unread_count(ann) == 3
    Note.objects.filter(pk=note.pk).update(is_hidden=True)
    Comment.objects.filter(pk=comment.pk).update(is_hidden=True)
    page = services.list_notifications(ann)
    assert [n.verb for n in page.items] == ["follow"]
    assert services.unread_count(ann) == 1


def test_notes_that_became_private_drop_out(make_note, ann, ben):
    note = make_note(ben)
    social.add_comment(ann, note, "nice")  # ben hears of it
    social.add_comment(ben, note, "thanks @ann")  # ann is mentioned
    assert services.unread_count(ann) == 1
    Note.objects.filter(pk=note.pk).update(visibility="private")
    assert services.unread_count(ann) == 0
    assert services.list_notifications(ann).items == []


def test_listing_pages_by_cursor(make_note, ann, make_user):
    notes = [make_note(ann) for _ in range(5)]
    for note in notes:
        social.like(make_user(), note)
    first = services.list_notifications(ann, limit=3)
    second = services.list_notifications(ann, cursor=first.next_cursor, limit=3)
    ids = [n.pk for n in first.items + second.items]
    assert len(ids) == len(set(ids)) == 5 and second.next_cursor is None
    with pytest.raises(InvalidCursor):
        services.list_notifications(ann, cursor="nonsense")


# --- moderation: filtered while hidden, back when restored ------------------------------


@pytest.fixture
def cat(make_user):
    return make_user("cat")


def verbs(user) -> list[tuple[str, int | None]]:
    return [(n.verb, n.comment_id) for n in services.list_notifications(user).items]


def test_replies_under_a_hidden_comment_leave_every_list_and_come_back(
    make_note, ann, ben, cat
):
    from qiao.moderation.services import hide, restore

    note = make_note(ann)
    question = social.add_comment(ben, note, "Where is this?")
    reply = social.add_comment(cat, note, "Hangzhou, @ben", parent=question)
    social.like_comment(ben, reply)
    assert verbs(ben) == [("reply", reply.pk)]  # the mention in the reply is told once, as a reply
    assert verbs(cat) == [("comment_like", reply.pk)]
    assert verbs(ann) == [("comment", reply.pk), ("comment", question.pk)]

    hide(question, "comment")
    for person in (ann, ben, cat):
        assert services.list_notifications(person).items == []
        assert services.unread_counts(person)["all"] == 0
    restore(question, "comment")
    assert verbs(ben) == [("reply", reply.pk)]
    assert verbs(cat) == [("comment_like", reply.pk)]
    assert services.unread_counts(ann) == {"all": 2, "likes": 0, "comments": 2, "follows": 0}


def test_marking_read_while_hidden_leaves_them_unread_for_when_they_come_back(
    make_note, ann, ben
):
    from qiao.moderation.services import hide, restore

    note = make_note(ann)
    other = make_note(ann)
    social.like(ben, note)
    social.like(ben, other)
    hide(note, "note")
    assert services.mark_all_read(ann) == 1
    restore(note, "note")
    unread = [(n.note_id, n.read_at is None) for n in services.list_notifications(ann).items]
    assert unread == [(other.pk, False), (note.pk, True)]
    assert services.unread_count(ann) == 1


def test_notifications_from_a_banned_account_come_back_when_the_ban_is_lifted(
    make_note, make_user, ann, ben, cat
):
    from qiao.moderation.services import act, file_report

    social.follow(ben, ann)
    social.like(ben, make_note(ann))
    social.follow(cat, ann)
    mod = make_user("mod", role="moderator")
    case = file_report(cat, "user", ben.pk, "spam").case
    act(mod, case, "ban", "Spam account")
    assert [n.actor_id for n in services.list_notifications(ann).items] == [cat.pk]
    assert services.unread_count(ann) == 1
    act(mod, case, "restore", "Appeal accepted")
    assert services.unread_counts(ann) == {"all": 3, "likes": 1, "comments": 0, "follows": 2}

"""Hiding and restoring through the targets keeps the counters right: hidden comments are not counted.

``Note.comment_count`` (shown on cards, the note page and in the API) and the
note's Explore rank count only the comments people can see. Hiding, restoring,
holding, approving and deleting are checked against a recount of what is
shown, on SQLite and PostgreSQL (the concurrency test needs PostgreSQL).
"""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection

from qiao.moderation import services
from qiao.moderation.models import ModerationCase
from qiao.notes.models import Note
from qiao.social import services as social
from qiao.social.models import Comment


def counted(note: Note) -> tuple[int, float]:
    note.refresh_from_db()
    return note.comment_count, note.rank


def shown(note: Note) -> int:
    """What the note page and the API actually list (top-level comments and their shown replies)."""
    return sum(1 + len(c.shown_replies) for c in social.visible_comments(note))


@pytest.fixture
def thread(db, make_user, make_note):
    """A note with a comment that has two replies, and one more top-level comment."""
    ann, ben, cat = make_user("ann"), make_user("ben"), make_user("cat")
    note = make_note(ann, "Hot pot in Chengdu")
    top = social.add_comment(ben, note, "Which restaurant?")
    replies = [
        social.add_comment(ann, note, "The one by the river", parent=top),
        social.add_comment(cat, note, "Same question", parent=top),
    ]
    other = social.add_comment(cat, note, "Looks spicy")
    return {"note": note, "top": top, "replies": replies, "other": other, "cat": cat}


@pytest.mark.django_db
def test_hiding_a_comment_takes_it_and_its_replies_out_of_the_count_and_restoring_puts_them_back(
    thread, client
):
    note, top = thread["note"], thread["top"]
    assert counted(note)[0] == shown(note) == 4
    rank_before = counted(note)[1]

    services.hide(top, "comment")
    count, rank = counted(note)
    assert count == shown(note) == 1  # the comment, and its two replies with it
    assert rank == note.compute_rank() and rank < rank_before
    assert client.get(f"/api/v1/notes/{note.pk}").json()["comment_count"] == 1

    services.hide(Comment.objects.get(pk=top.pk), "comment")  # again: nothing counted twice
    assert counted(note)[0] == 1

    services.restore(top, "comment")
    assert counted(note) == (4, rank_before)
    services.restore(Comment.objects.get(pk=top.pk), "comment")
    assert counted(note)[0] == shown(note) == 4


@pytest.mark.django_db
def test_a_reply_hidden_on_its_own_stays_out_when_its_parent_comes_back(thread):
    note, top, reply = thread["note"], thread["top"], thread["replies"][0]
    services.hide(reply, "comment")
    assert counted(note)[0] == shown(note) == 3
    services.hide(top, "comment")
    assert counted(note)[0] == shown(note) == 1
    services.restore(top, "comment")
    assert counted(note)[0] == shown(note) == 3
    services.restore(reply, "comment")
    assert counted(note)[0] == shown(note) == 4


@pytest.mark.django_db
def test_deleting_a_hidden_comment_does_not_subtract_it_twice(thread):
    note, top = thread["note"], thread["top"]
    services.hide(top, "comment")
    assert counted(note)[0] == 1
    assert social.delete_comment(Comment.objects.get(pk=top.pk), top.author) == 3
    assert counted(note)[0] == shown(note) == 1
    social.delete_comment(thread["other"], thread["other"].author)
    assert counted(note) == (0, note.compute_rank())


@pytest.mark.django_db
def test_held_comments_are_not_counted_until_approved_and_deleting_one_leaves_the_count(
    thread, make_user, moderator
):
    note = thread["note"]
    troll = make_user("troll")
    held = social.add_comment(troll, note, "你这个傻逼")
    assert held.is_hidden and counted(note)[0] == shown(note) == 4
    case = ModerationCase.objects.get(kind="comment", object_id=held.pk)
    services.act(moderator, case, "dismiss")  # approve
    assert counted(note)[0] == shown(note) == 5

    second = social.add_comment(troll, note, "滚吧傻逼")
    assert second.is_hidden and counted(note)[0] == 5
    case = ModerationCase.objects.get(kind="comment", object_id=second.pk)
    services.act(moderator, case, "delete", "Insult")
    assert not Comment.objects.filter(pk=second.pk).exists()
    assert counted(note)[0] == shown(note) == 5


@pytest.mark.django_db
def test_moderator_hide_and_restore_actions_keep_the_count(thread, make_user, moderator):
    note, other = thread["note"], thread["other"]
    case = services.file_report(make_user("reporter"), "comment", other.pk, "spam").case
    services.act(moderator, case, "hide", "Spam")
    assert counted(note)[0] == 3
    services.act(moderator, case, "restore", "Not spam")
    assert counted(note)[0] == 4
    with pytest.raises(ValidationError):  # nothing left to restore: no change either way
        services.act(moderator, case, "restore", "again")
    assert counted(note)[0] == 4


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_hiding_while_others_comment_never_loses_a_count(make_user, make_note):
    """Comments added while a comment is hidden and restored, in parallel: the count stays exact."""
    assert connection.vendor == "postgresql"
    author = make_user("author")
    note = make_note(author, "Busy note")
    target = social.add_comment(author, note, "Pinned question")
    people = [make_user(f"p{n}") for n in range(4)]
    errors: list[BaseException] = []
    start = threading.Barrier(len(people) + 1)

    def comment(person) -> None:
        try:
            start.wait()
            for n in range(5):
                social.add_comment(person, note, f"Comment {n}")
        except BaseException as exc:  # reported below
            errors.append(exc)
        finally:
            close_old_connections()
            connection.close()

    def moderate() -> None:
        try:
            start.wait()
            for _ in range(5):
                services.hide(Comment.objects.get(pk=target.pk), "comment")
                services.restore(Comment.objects.get(pk=target.pk), "comment")
            services.hide(Comment.objects.get(pk=target.pk), "comment")
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=comment, args=(p,)) for p in people]
    threads.append(threading.Thread(target=moderate))
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    assert counted(note)[0] == shown(note) == len(people) * 5

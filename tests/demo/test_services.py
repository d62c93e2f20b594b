"""Building the demo through the real services: complete, consistent, idempotent, removable."""

import io
from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db.models import Count
from django.utils import timezone

from qiao.accounts.models import User
from qiao.demo.content import BOARDS, NOTES, USERS
from qiao.demo.content.model import Img
from qiao.demo.content.model import note as demo_note
from qiao.demo.services import Content, build_demo, remove_demo
from qiao.notes.models import Hashtag, Note
from qiao.notes.services import create_note
from qiao.notifications.models import Notification
from qiao.social import services as social
from qiao.social.models import Board, Collect, Comment, Follow, Like
from tests.conftest import image_bytes

pytestmark = pytest.mark.django_db


def _count_comments(comments) -> int:
    return sum(1 + _count_comments(c.replies) for c in comments)


def _totals() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (User, Note, Comment, Like, Follow, Board, Collect, Notification, Hashtag)
    }


def test_the_whole_demo_builds_consistently_and_a_second_run_adds_nothing():
    report = build_demo()
    assert report.skipped == []
    assert report.created["users"] == len(USERS)
    assert report.created["notes"] == len(NOTES) == Note.objects.count()
    assert report.created["comments"] == sum(_count_comments(n.comments) for n in NOTES) == Comment.objects.count()
    assert report.created["boards"] == sum(len(b) for b in BOARDS.values())
    assert report.created["likes"] >= 300 and report.created["follows"] >= 100 and report.created["collects"] >= 50

    now = timezone.now()
    notes = list(Note.objects.annotate(n_likes=Count("likes", distinct=True), n_images=Count("images", distinct=True)))
    for note in notes:
        # Counters and ranks are the services' work, and stay right after the dates are spread.
        assert note.like_count == note.n_likes
        assert note.comment_count == Comment.objects.filter(note=note).count()
        assert note.rank == pytest.approx(note.compute_rank())
        assert now - timedelta(days=31) < note.created_at < now
        assert note.n_images >= 1
    ages = sorted((now - note.created_at).days for note in notes)
    assert ages[0] <= 1 and ages[-1] >= 25, "posts are spread over the last month"
    assert Note.objects.filter(visibility=Note.Visibility.FOLLOWERS).count() >= 3
    assert set(Note.objects.values_list("lang", flat=True)) >= {"zh", "en"}

    first = Note.objects.order_by("id").first()
    image = first.images.first()
    assert Path(settings.MEDIA_ROOT, image.image.name).is_file()
    assert {round(i.height / i.width, 2) for n in notes for i in n.images.all()} >= {1.33, 1.0, 0.75}

    megan = User.objects.get(handle="ohio_megan")
    assert megan.avatar and megan.bio.startswith("Hello from Ohio")
    assert set(megan.read_languages) == {"en", "zh"}
    assert megan.follower_count == Follow.objects.filter(followee=megan).count() > 0
    assert Hashtag.objects.get(name="火锅").note_count >= 1
    # Comments come after their note, replies after the comment they answer.
    for comment in Comment.objects.select_related("note", "parent"):
        assert comment.created_at >= comment.note.created_at
        if comment.parent is not None:
            assert comment.created_at >= comment.parent.created_at
    # Old news is read; the last couple of days' is not.
    assert Notification.objects.filter(read_at__isnull=True).exists()
    assert not Notification.objects.filter(read_at__isnull=True, created_at__lt=now - timedelta(days=3)).exists()

    before = _totals()
    again = build_demo()
    assert again.created == {} and again.skipped == []
    assert _totals() == before


def test_an_account_that_took_a_demo_handle_is_left_alone(make_user):
    stranger = make_user("ohio_megan", phone="+12025550999")
    report = build_demo(content=Content().only({"ohio_megan", "bridge_lily"}))
    assert any("@ohio_megan" in reason for reason in report.skipped)
    assert not Note.objects.filter(author=stranger).exists()
    assert Note.objects.filter(author__handle="bridge_lily").exists()

    remove_demo()
    assert User.objects.filter(pk=stranger.pk).exists()
    assert not User.objects.filter(handle="bridge_lily").exists()


def test_removing_the_demo_keeps_other_peoples_counters_right(make_user, django_capture_on_commit_callbacks):
    real = make_user("real_person")
    real_note = create_note(real, title="My own note", images=[io.BytesIO(image_bytes())])
    build_demo(content=Content().only({"hsk_jordan", "teacher_wang", "study_with_yu"}))
    jordan = User.objects.get(handle="hsk_jordan")
    social.like(jordan, real_note)
    social.add_comment(jordan, real_note, "Nice one!")
    social.follow(real, jordan)
    social.follow(jordan, real)
    demo_image = Path(settings.MEDIA_ROOT, Note.objects.filter(author=jordan).first().images.first().image.name)
    assert demo_image.is_file()

    with django_capture_on_commit_callbacks(execute=True):
        assert remove_demo() == 3

    real_note.refresh_from_db()
    real.refresh_from_db()
    assert (real_note.like_count, real_note.comment_count) == (0, 0)
    assert (real.follower_count, real.following_count, real.like_received_count) == (0, 0, 0)
    assert not User.objects.filter(handle__in=["hsk_jordan", "teacher_wang", "study_with_yu"]).exists()
    assert Note.objects.filter(author=real).count() == 1
    assert not demo_image.exists()


def test_content_a_service_refuses_is_reported_and_the_rest_is_built():
    content = Content().only({"taco_dan", "la_marco"})
    too_long = demo_note("taco_dan", "T" * 200, "A title no note may have.", Img("X", "sand"), days=2)
    content = Content(users=content.users, notes=[too_long, *content.notes], follows=content.follows, boards={})
    report = build_demo(content=content)
    assert len(report.skipped) == 1 and report.skipped[0].startswith("note “TTT")
    assert report.created["notes"] == len(content.notes) - 1
    assert not Note.objects.filter(title__startswith="TTT").exists()

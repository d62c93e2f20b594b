"""The gate content services call: screen(), Decision.apply() and guard()."""

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from qiao.moderation import gate, services
from qiao.moderation.models import ModerationAction, ModerationCase, Rule, SiteSettings, Standing

pytestmark = pytest.mark.django_db


def test_clean_text_passes(user):
    decision = gate.screen(user, "note", "周末去爬山，风景很好", "zh")
    assert not decision.hold and decision.verdict.outcome == "allow"


def test_reject_is_a_validation_error_on_the_field(user, no_starter_rules):
    Rule.objects.create(type="keyword", pattern="buy followers", outcome="reject")
    with pytest.raises(ValidationError) as info:
        gate.screen(user, "comment", "Buy  followers cheap", "en", field="body")
    assert list(info.value.message_dict) == ["body"]
    assert "community rules" in info.value.message_dict["body"][0]


def test_held_content_is_hidden_and_queued(make_note, user):
    decision = gate.screen(user, "note", "你这个傻逼", "zh")
    assert decision.hold
    note = make_note(user)
    decision.apply(note)
    note.refresh_from_db()
    assert note.is_hidden
    case = ModerationCase.objects.get()
    assert case.source == "automatic" and case.held and case.verdict["outcome"] == "hold"
    hold = ModerationAction.objects.get()
    assert hold.action == "hold" and hold.actor is None and hold.reason


def test_a_held_bio_is_queued_without_hiding_the_account(user):
    decision = gate.screen(user, "bio", "I hate all of you, kill yourself", "en", field="bio")
    assert decision.hold
    decision.apply(user)
    case = ModerationCase.objects.get()
    assert case.kind == "user" and not case.held
    user.refresh_from_db()
    assert user.is_active


def test_suspended_people_cannot_post_or_act(user):
    Standing.objects.create(user=user, suspended_until=timezone.now() + timedelta(days=1))
    with pytest.raises(PermissionDenied):
        gate.screen(user, "comment", "hello", "en")
    with pytest.raises(PermissionDenied):
        gate.guard(user, "follow")


def test_surge_mode_holds_first_posts_of_new_accounts(make_note, make_user, user, settings):
    settings.QIAO_MODERATION_LIMITS = {**settings.QIAO_MODERATION_LIMITS, "note": (30, 30, 30)}
    SiteSettings.objects.create(surge_mode=True)
    decision = gate.screen(user, "note", "Hello Qiao", "en")
    assert decision.hold and decision.surge_hold
    old = make_user("oldtimer")
    type(old).objects.filter(pk=old.pk).update(date_joined=timezone.now() - timedelta(days=30))
    old.refresh_from_db()
    assert not gate.screen(old, "note", "Hello Qiao", "en").hold
    make_note(user)  # a visible (approved) post: no longer a first post
    assert not gate.screen(user, "note", "Hello again", "en").hold


def test_edits_are_checked_but_not_counted(user, settings):
    settings.QIAO_MODERATION_LIMITS = {**settings.QIAO_MODERATION_LIMITS, "note": (1, 1, 1)}
    gate.screen(user, "note", "first", "en")
    for _ in range(3):
        gate.screen(user, "note", "edited", "en", new=False)
    from qiao.core.ratelimit import RateLimited

    with pytest.raises(RateLimited):
        gate.screen(user, "note", "second", "en")


def test_approving_a_held_post_publishes_it(make_note, user, moderator):
    note = make_note(user)
    gate.screen(user, "note", "傻逼", "zh").apply(note)
    case = ModerationCase.objects.get()
    services.act(moderator, case, "dismiss")
    note.refresh_from_db()
    assert not note.is_hidden

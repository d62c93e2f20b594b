"""Reports, moderator actions, the audit log, standing and surge mode (real database)."""

from datetime import timedelta

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from qiao.core.ratelimit import RateLimited
from qiao.moderation import services
from qiao.moderation.models import ModerationAction, ModerationCase, Report, SiteSettings, Standing
from qiao.moderation.signals import content_hidden, content_restored
from qiao.social.models import Comment

pytestmark = pytest.mark.django_db
Action = ModerationAction.Action


@pytest.fixture
def note(make_note, other_user):
    return make_note(other_user, "把垃圾都扔到湖里", body="反正没人管")


def _report(reporter, obj, kind="note", reason="spam", details=""):
    return services.file_report(reporter, kind, obj.pk, reason, details)


def test_reports_on_one_object_share_one_open_case(note, make_user):
    first = _report(make_user("r1"), note, reason="spam")
    second = _report(make_user("r2"), note, reason="hate", details="看看这个")
    assert first.case_id == second.case_id
    case = ModerationCase.objects.get()
    assert case.report_count == 2 and case.kind == "note" and case.source == "report"
    assert case.target_user == note.author and "垃圾" in case.snapshot


def test_one_open_report_per_reporter_and_object(note, user):
    _report(user, note)
    with pytest.raises(ValidationError):
        _report(user, note, reason="hate")
    assert Report.objects.count() == 1


def test_report_input_is_checked(note, user):
    with pytest.raises(ValidationError) as info:
        services.file_report(user, "note", note.pk, "nonsense", "x" * 501)
    assert set(info.value.message_dict) == {"reason", "details"}
    with pytest.raises(ValidationError):
        services.file_report(user, "note", note.pk, "other", "")  # "other" needs details
    with pytest.raises(ValidationError):
        services.file_report(note.author, "note", note.pk, "spam")  # not oneself
    assert not ModerationCase.objects.exists()


def test_only_visible_things_can_be_reported(make_note, other_user, user):
    private = make_note(other_user, visibility="private")
    hidden = make_note(other_user, is_hidden=True)
    for obj in (private, hidden):
        with pytest.raises(Http404):
            _report(user, obj)
    with pytest.raises(Http404):
        services.file_report(user, "note", 999999, "spam")
    with pytest.raises(Http404):
        services.file_report(user, "glossary", 1, "spam")  # no such proposal
    with pytest.raises(Http404):
        services.file_report(user, "bogus", 1, "spam")


def test_comments_and_users_can_be_reported(note, user, other_user):
    comment = Comment.objects.create(note=note, author=other_user, body="滚")
    assert _report(user, comment, kind="comment").case.kind == "comment"
    assert (
        _report(user, other_user, kind="user", reason="harassment").case.target_user == other_user
    )


def test_reporting_is_rate_limited(settings, make_note, other_user, user):
    settings.QIAO_RATE_LIMITS = {**settings.QIAO_RATE_LIMITS, "moderation_report": "2/3600"}
    notes = [make_note(other_user) for _ in range(3)]
    _report(user, notes[0])
    _report(user, notes[1])
    with pytest.raises(RateLimited):
        _report(user, notes[2])


def test_only_moderators_see_cases(note, user, moderator):
    case = _report(user, note).case
    with pytest.raises(Http404):
        services.get_case(user, case.pk)
    with pytest.raises(Http404):
        services.act(user, case, "hide", "spam")
    assert services.get_case(moderator, case.pk) == case


def test_hide_then_restore_brings_the_note_back_intact(
    note, user, moderator, django_capture_on_commit_callbacks
):
    hidden, restored = [], []
    content_hidden.connect(
        lambda sender, obj, kind, **kw: hidden.append((kind, obj.pk)), weak=False, dispatch_uid="t1"
    )
    content_restored.connect(
        lambda sender, obj, kind, **kw: restored.append((kind, obj.pk)),
        weak=False,
        dispatch_uid="t2",
    )
    try:
        report = _report(user, note)
        with django_capture_on_commit_callbacks(execute=True):
            entry = services.act(moderator, report.case, "hide", "Littering advice")
        note.refresh_from_db()
        assert note.is_hidden and hidden == [("note", note.pk)]
        assert (
            entry.actor == moderator
            and entry.action == Action.HIDE
            and entry.reason == "Littering advice"
        )
        assert entry.target_user == note.author and "垃圾" in entry.snapshot
        report.refresh_from_db()
        assert report.status == Report.Status.UPHELD
        assert Standing.objects.get(user=note.author).strikes == 1
        case = ModerationCase.objects.get(pk=report.case_id)
        assert case.status == "resolved" and case.resolved_by == moderator

        with django_capture_on_commit_callbacks(execute=True):
            services.act(moderator, case, "restore", "Appeal accepted")
        note.refresh_from_db()
        assert (
            not note.is_hidden
            and note.title == "把垃圾都扔到湖里"
            and restored == [("note", note.pk)]
        )
        assert Standing.objects.get(user=note.author).strikes == 0
    finally:
        content_hidden.disconnect(dispatch_uid="t1")
        content_restored.disconnect(dispatch_uid="t2")


@pytest.mark.parametrize("action", ["hide", "delete", "warn", "suspend", "ban"])
def test_serious_actions_need_a_reason(note, user, moderator, action):
    case = _report(user, note).case
    with pytest.raises(ValidationError) as info:
        services.act(moderator, case, action, "  ", days=3)
    assert "reason" in info.value.message_dict
    assert not ModerationAction.objects.exists()


def test_dismiss_needs_no_reason_and_settles_reports(note, user, moderator):
    report = _report(user, note)
    services.act(moderator, report.case, "dismiss")
    report.refresh_from_db()
    assert report.status == Report.Status.DISMISSED
    assert not Standing.objects.filter(user=note.author, strikes__gt=0).exists()
    with pytest.raises(ValidationError):
        services.act(moderator, report.case, "hide", "too late")  # closed


def test_delete_removes_the_note_but_keeps_the_record(note, user, moderator):
    case = _report(user, note).case
    entry = services.act(moderator, case, "delete", "Illegal dumping")
    assert not type(note).objects.filter(pk=note.pk).exists()
    assert entry.object_id == note.pk and "垃圾" in entry.snapshot


def test_suspend_blocks_acting_until_it_ends(note, user, moderator):
    case = _report(user, note).case
    entry = services.act(moderator, case, "suspend", "Repeated spam", days=3)
    assert entry.duration_days == 3
    with pytest.raises(PermissionDenied) as info:
        services.ensure_can_act(note.author)
    assert "suspended" in str(info.value)
    Standing.objects.filter(user=note.author).update(
        suspended_until=timezone.now() - timedelta(seconds=1)
    )
    services.ensure_can_act(note.author)
    with pytest.raises(ValidationError):
        services.act(moderator, case, "suspend", "again", days=0)


def test_ban_deactivates_and_ends_sessions_and_restore_lifts_it(
    note, user, moderator, django_capture_on_commit_callbacks
):
    session = SessionStore()
    session["_auth_user_id"] = str(note.author.pk)
    session.create()
    other = SessionStore()
    other["_auth_user_id"] = str(user.pk)
    other.create()
    case = _report(user, note).case
    with django_capture_on_commit_callbacks(execute=True):
        services.act(moderator, case, "ban", "Hate campaign")
    author = type(note.author).objects.get(pk=note.author.pk)
    assert not author.is_active
    assert not SessionStore().exists(session.session_key)
    assert SessionStore().exists(other.session_key)
    services.act(moderator, case, "restore", "Ban lifted on appeal")
    author.refresh_from_db()
    assert author.is_active and Standing.objects.get(user=author).banned_at is None


def test_moderators_cannot_act_on_themselves_or_other_moderators(
    make_note, moderator, make_user, admin_user, user
):
    from qiao.accounts.models import User

    other_mod = make_user("mod2", role=User.Role.MODERATOR)
    case = _report(user, make_note(other_mod)).case
    with pytest.raises(PermissionDenied):
        services.act(moderator, case, "ban", "no")
    own = _report(user, make_note(moderator)).case
    with pytest.raises(PermissionDenied):
        services.act(moderator, own, "suspend", "no", days=1)
    services.act(admin_user, case, "warn", "Be careful")  # an admin may


def test_hiding_a_profile_and_restoring_it(user, other_user, moderator):
    other_user.bio = "我恨所有人"
    other_user.display_name = "仇恨者"
    other_user.save()
    case = _report(user, other_user, kind="user", reason="hate").case
    services.act(moderator, case, "hide", "Hateful bio")
    other_user.refresh_from_db()
    assert (other_user.bio, other_user.display_name, other_user.name) == ("", "", "bob")
    services.act(moderator, case, "restore", "On reflection it is fine")
    other_user.refresh_from_db()
    assert (other_user.bio, other_user.display_name) == ("我恨所有人", "仇恨者")


def test_restoring_a_profile_keeps_what_the_person_wrote_since(user, other_user, moderator):
    other_user.bio, other_user.display_name = "我恨所有人", "仇恨者"
    other_user.save()
    case = _report(user, other_user, kind="user", reason="hate").case
    services.act(moderator, case, "hide", "Hateful profile")
    other_user.refresh_from_db()
    other_user.bio = "喜欢爬山"
    other_user.save()
    services.act(moderator, case, "restore", "Fine")
    other_user.refresh_from_db()
    assert (other_user.bio, other_user.display_name) == ("喜欢爬山", "仇恨者")


def test_the_audit_log_is_append_only(note, user, moderator):
    entry = services.act(moderator, _report(user, note).case, "warn", "First warning")
    entry.reason = "changed"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()
    with pytest.raises(PermissionError):
        ModerationAction.objects.all().delete()
    with pytest.raises(PermissionError):
        ModerationAction.objects.update(reason="x")
    assert ModerationAction.objects.get().reason == "First warning"


def test_surge_mode_is_for_admins_and_audited(moderator, admin_user):
    with pytest.raises(PermissionDenied):
        services.set_surge_mode(moderator, True)
    services.set_surge_mode(admin_user, True, "Signup wave")
    assert SiteSettings.load().surge_mode
    services.set_surge_mode(admin_user, False)
    assert not SiteSettings.load().surge_mode
    assert list(ModerationAction.objects.order_by("id").values_list("action", flat=True)) == [
        "surge_on",
        "surge_off",
    ]


def test_histories(note, user, moderator, make_user):
    services.act(moderator, _report(user, note).case, "warn", "Careful")
    author = services.person_history(note.author)
    assert author.strikes == 1 and author.actions[0].action == "warn" and author.notes == 1
    reporter = services.person_history(user)
    assert reporter.reports_filed == 1 and reporter.reports_upheld == 1


def _proposal(author, term="yyds", meaning="the greatest of all time"):
    from qiao.slang.models import TermProposal

    return TermProposal.objects.create(
        author=author, term=term, lang="zh", literal="eternal god", meaning_en=meaning,
        meaning_zh="永远的神", translation_en="GOAT", translation_zh="永远的神", register="playful",
        example="这个球员yyds", example_translation="This player is the GOAT",
    )  # fmt: skip


def test_glossary_proposals_are_reported_hidden_and_restored(other_user, user, moderator, settings):
    proposal = _proposal(other_user)
    case = services.file_report(
        user, "glossary", proposal.pk, "misinformation", "Wrong meaning"
    ).case
    assert case.kind == "glossary" and case.target_user == other_user and "yyds" in case.snapshot
    services.act(moderator, case, "hide", "Misleading definition")
    proposal.refresh_from_db()
    assert proposal.is_hidden
    with pytest.raises(Http404):  # hidden proposals cannot be reported any more
        services.file_report(user, "glossary", proposal.pk, "spam")
    services.act(moderator, case, "restore", "Definition checked")
    proposal.refresh_from_db()
    assert not proposal.is_hidden
    settings.QIAO_MODERATION_GLOSSARY_MODEL = ""
    with pytest.raises(Http404):
        services.file_report(user, "glossary", proposal.pk, "spam")


def test_glossary_proposals_go_through_the_gate(other_user):
    from qiao.moderation import gate

    proposal = _proposal(other_user, term="傻逼", meaning="an insult")
    gate.screen(other_user, "glossary", f"{proposal.term}\n{proposal.explanation}", "zh").apply(
        proposal
    )
    proposal.refresh_from_db()
    assert proposal.is_hidden and ModerationCase.objects.get().kind == "glossary"

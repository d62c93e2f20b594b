"""Services: explanations, hints, search, notes using a term, the community workflow, preferences."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.test import RequestFactory

from qiao.core.ratelimit import RateLimited
from qiao.slang import detection, services
from qiao.slang.models import GlossaryEntry, GlossaryRevision, ReaderPreferences, TermProposal

pytestmark = pytest.mark.django_db


def test_explain_lists_each_term_once_in_order():
    items = services.explain(["这家火锅yyds", "破防了，YYDS"], reader="en")
    assert [item.entry.id for item in items] == ["zh-yyds", "zh-pofang"]
    assert items[0].written == ["yyds", "YYDS"]
    assert items[0].meaning.startswith("The greatest")
    assert services.explain(["这家火锅yyds"], reader="zh")[0].meaning.startswith("“永远的神”")


def test_glossary_hints_explain_in_the_target_language():
    [hint] = services.glossary_hints("这家火锅yyds", "zh", "en")
    assert (hint.term, hint.target_rendering) == ("yyds", "the GOAT")
    assert "greatest" in hint.meaning
    [hint] = services.glossary_hints("This ramen is the best, no cap.", "en", "zh")
    assert hint.term == "no cap" and hint.target_rendering == "不骗你 / 真的"
    assert services.glossary_hints("这家火锅yyds", "zh", "zh") == []
    assert services.glossary_hints("", "zh", "en") == []


def test_glossary_hints_skip_terms_already_in_the_target_language():
    assert [h.term for h in services.glossary_hints("周末躺平 no cap", "zh", "en")] == ["躺平"]


def test_glossary_hints_are_capped(settings):
    settings.QIAO_SLANG_MAX_HINTS = 2
    text = "yyds，xswl，破防了，躺平，内卷"
    assert len(services.glossary_hints(text, "zh", "en")) == 2


@pytest.mark.parametrize(
    "query, expected",
    [
        ("yyds", "zh-yyds"),
        ("ＹＹＤＳ", "zh-yyds"),
        ("pofang", "zh-pofang"),
        ("pò fáng", "zh-pofang"),
        ("絕絕子", "zh-juejuezi"),
        ("GOAT", "en-goat"),
    ],
)
def test_search_finds_terms_by_form_pinyin_and_script(query, expected):
    assert services.search(query)[0].id == expected


def test_search_looks_in_meanings_and_filters():
    assert any(e.id == "zh-yyds" for e in services.search("greatest of all time"))
    assert all(e.lang == "en" for e in services.search("", lang="en"))
    assert all(e.register == "offensive" for e in services.search("", register="offensive"))
    assert services.search("zzzz-nothing") == []


def test_notes_using_a_term_respects_visibility_and_segmentation(make_user, make_note, user):
    author = make_user("chef")
    public = make_note(author, "火锅yyds", body="汤底绝了")
    make_note(author, "私房菜 yyds", visibility="private")
    make_note(author, "yydsx 不是一个词")
    entry = services.get_entry("zh-yyds")
    assert services.notes_using(entry, user) == [public]
    assert len(services.notes_using(entry, author)) == 2  # the author sees the private one


def test_get_entry_unknown_is_404():
    with pytest.raises(Http404):
        services.get_entry("zh-nope")


# --- the community workflow --------------------------------------------------------------


def test_propose_validates_with_the_glossary_rules(user, new_term_data):
    bad = new_term_data | {"meaning_zh": "only English here", "tags": ["not-a-tag"]}
    with pytest.raises(ValidationError) as info:
        services.propose(user, bad)
    assert "meaning_zh" in info.value.message_dict
    assert "tags" in info.value.message_dict
    assert not TermProposal.objects.exists()


def test_a_new_term_may_not_take_an_existing_form(user, new_term_data):
    with pytest.raises(ValidationError) as info:
        services.propose(user, new_term_data | {"aliases": ["永远的神"]})
    assert "zh-yyds" in " ".join(info.value.message_dict["aliases"])


def test_propose_fills_in_word_aware_pinyin(user, new_term_data):
    proposal = services.propose(user, new_term_data)
    assert proposal.pinyin == "qǐ zǎo suí biàn"
    assert proposal.status == TermProposal.Status.PENDING and not proposal.is_hidden


def test_propose_is_rate_limited(user, new_term_data, settings):
    settings.QIAO_RATE_LIMITS = settings.QIAO_RATE_LIMITS | {"glossary_propose": "1/3600"}
    services.propose(user, new_term_data)
    with pytest.raises(RateLimited):
        services.propose(
            user, new_term_data | {"term": "qzsb2", "aliases": [], "example": "qzsb2，你定。"}
        )


def test_propose_needs_an_account(new_term_data):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        services.propose(AnonymousUser(), new_term_data)


def test_moderation_rejects_spam_on_its_field(user, new_term_data):
    with pytest.raises(ValidationError) as info:
        services.propose(user, new_term_data | {"notes": "代开发票，加微信"})
    assert list(info.value.message_dict) == ["notes"]
    assert not TermProposal.objects.exists()


def test_moderation_holds_a_suspicious_proposal(user, other_user, moderator, new_term_data):
    proposal = services.propose(user, new_term_data | {"notes": "骂人时会说你妈的"})
    assert proposal.is_hidden
    assert not services.proposals_visible_to(other_user).filter(pk=proposal.pk).exists()
    assert services.get_proposal(user, proposal.pk) == proposal  # the author still sees it
    assert services.get_proposal(moderator, proposal.pk) == proposal
    with pytest.raises(ValidationError):
        services.approve(moderator, proposal)


def test_votes_one_per_person_never_ones_own(user, other_user, make_user, new_term_data):
    proposal = services.propose(user, new_term_data)
    with pytest.raises(ValidationError):
        services.vote(user, proposal, 1)
    services.vote(other_user, proposal, 1)
    services.vote(other_user, proposal, 1)  # again: still one vote
    services.vote(make_user("carol"), proposal, -1)
    proposal.refresh_from_db()
    assert (proposal.up_count, proposal.down_count, proposal.score) == (1, 1, 0)
    services.vote(other_user, proposal, 0)
    proposal.refresh_from_db()
    assert (proposal.up_count, proposal.score) == (0, -1)
    with pytest.raises(ValidationError):
        services.vote(other_user, proposal, 5)


def test_only_moderators_approve(user, other_user, new_term_data):
    proposal = services.propose(user, new_term_data)
    with pytest.raises(PermissionDenied):
        services.approve(other_user, proposal)


def test_an_approved_term_is_live_at_once_with_its_history(user, moderator, new_term_data):
    proposal = services.propose(user, new_term_data)
    detector = detection.get_detector()
    assert services.detect("周六qzsb") == []
    row = services.approve(moderator, proposal, "Nice one")
    assert row.term_id == "zh-qzsb"
    assert detection.get_detector() is not detector
    assert [m.entry.id for m in services.detect("周六爬山？qzsb")] == ["zh-qzsb"]
    assert services.get_entry("zh-qzsb").meaning_en.startswith("An invented test term")
    [revision] = GlossaryRevision.objects.filter(term_id="zh-qzsb")
    assert (
        revision.action == "added"
        and revision.changed_by == moderator
        and revision.proposal == proposal
    )
    assert revision.snapshot["meaning_zh"] == new_term_data["meaning_zh"]
    proposal.refresh_from_db()
    assert proposal.status == "approved" and proposal.reviewed_by == moderator
    with pytest.raises(ValidationError):
        services.approve(moderator, proposal)
    with pytest.raises(ValidationError):
        services.vote(moderator, proposal, 1)


def test_a_better_explanation_overrides_the_shipped_entry(user, moderator):
    current = services.snapshot(services.get_entry("zh-yyds"))
    data = current | {"meaning_en": "The GOAT: nothing beats it (community wording)."}
    proposal = services.propose(user, data, target_term_id="zh-yyds", rationale="Shorter")
    assert proposal.base_snapshot["meaning_en"] == current["meaning_en"]
    services.approve(moderator, proposal)
    entry = services.get_entry("zh-yyds")
    assert entry.meaning_en == "The GOAT: nothing beats it (community wording)."
    assert services.is_community(entry)
    assert [m.entry.meaning_en for m in services.detect("火锅yyds")] == [entry.meaning_en]
    assert GlossaryRevision.objects.get(term_id="zh-yyds").action == "changed"


def test_an_unchanged_improvement_is_refused(user):
    with pytest.raises(ValidationError):
        services.propose(
            user, services.snapshot(services.get_entry("zh-yyds")), target_term_id="zh-yyds"
        )


def test_reject_and_retire(user, moderator, new_term_data):
    proposal = services.propose(user, new_term_data)
    services.reject(moderator, proposal, "Not used widely enough")
    assert proposal.status == "rejected" and proposal.review_note == "Not used widely enough"
    services.retire(moderator, "zh-pofang", "test")
    assert services.detect("又破防了") == []
    with pytest.raises(Http404):
        services.get_entry("zh-pofang")
    assert GlossaryRevision.objects.filter(term_id="zh-pofang", action="retired").exists()
    assert GlossaryEntry.objects.get(term_id="zh-pofang").is_active is False


def test_revisions_are_append_only(moderator):
    revision = GlossaryRevision.objects.create(
        term_id="zh-x", action="added", snapshot={}, changed_by=moderator
    )
    with pytest.raises(TypeError):
        revision.save()
    with pytest.raises(TypeError):
        revision.delete()
    with pytest.raises(TypeError):
        GlossaryRevision.objects.all().delete()


# --- preferences ----------------------------------------------------------------------------


def _request(user=None):
    from django.contrib.auth.models import AnonymousUser
    from django.contrib.sessions.backends.db import SessionStore

    request = RequestFactory().get("/")
    request.user = user or AnonymousUser()
    request.session = SessionStore()
    return request


def test_preferences_on_the_account(user):
    assert services.get_preferences(_request(user)) == services.Preferences()
    services.save_preferences(
        _request(user), mark_slang=False, show_pinyin=True, script="traditional"
    )
    assert ReaderPreferences.objects.get(user=user).script == "traditional"
    assert services.get_preferences(_request(user)) == services.Preferences(
        False, True, "traditional"
    )


def test_preferences_of_visitors_live_in_the_session():
    request = _request()
    services.save_preferences(request, mark_slang=True, show_pinyin=True, script="simplified")
    assert request.session[services.SESSION_KEY]["show_pinyin"] is True
    assert not ReaderPreferences.objects.exists()
    with pytest.raises(ValidationError):
        services.save_preferences(request, mark_slang=True, show_pinyin=True, script="cursive")

"""Moderation pages through the real HTTP stack (Django's test client)."""

import pytest
from django.urls import reverse

from qiao.moderation import services
from qiao.moderation.models import ModerationAction, ModerationCase, Report, Rule, SiteSettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def note(make_note, other_user):
    return make_note(
        other_user, "外国人都是<b>垃圾</b>", body="<script>alert(1)</script>", lang="zh"
    )


@pytest.fixture
def case(note, user):
    return services.file_report(user, "note", note.pk, "hate", "种族歧视").case


def test_moderation_pages_are_404_for_everyone_else(client, client_for, user, case):
    urls = [
        reverse("moderation:queue"),
        reverse("moderation:case", args=[case.pk]),
        reverse("moderation:rules"),
        reverse("moderation:log"),
    ]
    for url in urls:
        assert client.get(url).status_code == 404
        assert client_for(user).get(url).status_code == 404
    assert (
        client_for(user)
        .post(reverse("moderation:act", args=[case.pk]), {"action": "hide", "reason": "x"})
        .status_code
        == 404
    )


def test_queue_shows_escaped_content_history_and_actions(client_for, moderator, case, note):
    response = client_for(moderator).get(reverse("moderation:queue"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html and "<script>alert(1)" not in html
    assert "&lt;b&gt;垃圾&lt;/b&gt;" in html
    assert "Hate or discrimination" in html and "种族歧视" in html
    assert "@bob" in html and "@alice" in html  # author and reporter
    assert "reports filed" in html
    assert "Translation unavailable" in html  # a Chinese note for an English-reading moderator
    for action in ("dismiss", "hide", "delete", "warn", "suspend", "ban"):
        assert f'value="{action}"' in html


def test_queue_shows_a_stored_translation(client_for, moderator, case):
    ModerationCase.objects.filter(pk=case.pk).update(
        translations={"en": {"text": "Foreigners are all trash", "engine": "test"}}
    )
    html = client_for(moderator).get(reverse("moderation:queue")).content.decode()
    assert "Foreigners are all trash" in html and "Translation unavailable" not in html


def test_hide_from_the_queue(client_for, moderator, case, note):
    client = client_for(moderator)
    response = client.post(
        reverse("moderation:act", args=[case.pk]), {"action": "hide", "reason": ""}
    )
    assert response.status_code == 400 and "Say why" in response.content.decode()
    note.refresh_from_db()
    assert not note.is_hidden
    response = client.post(
        reverse("moderation:act", args=[case.pk]),
        {"action": "hide", "reason": "Racist generalisation", "next": reverse("moderation:queue")},
    )
    assert response.status_code == 302 and response["Location"] == reverse("moderation:queue")
    note.refresh_from_db()
    assert note.is_hidden
    assert ModerationAction.objects.get(action="hide").reason == "Racist generalisation"
    assert "Nothing to review" in client.get(reverse("moderation:queue")).content.decode()


def test_unsafe_next_is_ignored(client_for, moderator, case):
    response = client_for(moderator).post(
        reverse("moderation:act", args=[case.pk]),
        {"action": "dismiss", "next": "https://evil.example/"},
    )
    assert response.status_code == 302 and response["Location"] == reverse("moderation:queue")


def test_case_page_lists_reports_and_recent_content(client_for, moderator, case):
    html = client_for(moderator).get(reverse("moderation:case", args=[case.pk])).content.decode()
    assert "The author&#x27;s recent content" in html or "The author's recent content" in html
    assert "种族歧视" in html


def test_report_page(client, client_for, user, note):
    url = (
        reverse("moderation:report", args=["note", note.pk])
        + "?next="
        + reverse("notes:detail", args=[note.pk])
    )
    assert client.get(url).status_code == 302  # sign in first
    page = client_for(user).get(url)
    assert page.status_code == 200 and "Spam or scam" in page.content.decode()
    assert "&lt;b&gt;垃圾&lt;/b&gt;" in page.content.decode()
    bad = client_for(user).post(url, {"reason": "other", "details": ""})
    assert bad.status_code == 400
    done = client_for(user).post(
        url,
        {"reason": "hate", "details": "Racism", "next": reverse("notes:detail", args=[note.pk])},
    )
    assert done.status_code == 302 and done["Location"] == reverse("notes:detail", args=[note.pk])
    assert Report.objects.get().details == "Racism"
    again = client_for(user).post(url, {"reason": "hate"})
    assert again.status_code == 400 and "already reported" in again.content.decode()


def test_report_page_is_404_for_invisible_things(client_for, user, make_note, other_user):
    hidden = make_note(other_user, is_hidden=True)
    assert (
        client_for(user).get(reverse("moderation:report", args=["note", hidden.pk])).status_code
        == 404
    )
    assert (
        client_for(user).get(reverse("moderation:report", args=["glossary", 1])).status_code == 404
    )


def test_moderators_manage_rules(client_for, moderator, no_starter_rules):
    client = client_for(moderator)
    response = client.post(
        reverse("moderation:rules"),
        {
            "form": "rule",
            "type": "keyword",
            "pattern": "草泥马",
            "outcome": "reject",
            "lang": "zh",
            "homophones": "on",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    rule = Rule.objects.get()
    assert rule.created_by == moderator
    checked = client.post(
        reverse("moderation:rules"), {"form": "test", "text": "艹 尼 玛", "lang": "zh"}
    )
    assert "Rejected" in checked.content.decode()
    bad = client.post(
        reverse("moderation:rules"),
        {"form": "rule", "type": "regex", "pattern": "(", "outcome": "hold"},
    )
    assert bad.status_code == 400 and "not a valid regular expression" in bad.content.decode()
    client.post(
        reverse("moderation:rule_edit", args=[rule.pk]),
        {"type": "keyword", "pattern": "草泥马", "outcome": "hold", "lang": "zh"},
    )
    rule.refresh_from_db()
    assert rule.outcome == "hold" and not rule.is_active
    client.post(reverse("moderation:rule_delete", args=[rule.pk]))
    assert not Rule.objects.exists()
    assert ModerationAction.objects.filter(action="rule").count() == 3


def test_surge_switch_is_for_admins(client_for, moderator, admin_user):
    assert (
        client_for(moderator).post(reverse("moderation:surge"), {"surge_mode": "on"}).status_code
        == 403
    )
    assert (
        reverse("moderation:surge")
        not in client_for(moderator).get(reverse("moderation:queue")).content.decode()
    )
    assert (
        reverse("moderation:surge")
        in client_for(admin_user).get(reverse("moderation:queue")).content.decode()
    )
    response = client_for(admin_user).post(
        reverse("moderation:surge"), {"surge_mode": "on", "reason": "wave"}
    )
    assert response.status_code == 302 and SiteSettings.load().surge_mode
    assert (
        "Surge mode on" in client_for(moderator).get(reverse("moderation:queue")).content.decode()
    )


def test_audit_log_page(client_for, moderator, case):
    services.act(moderator, case, "warn", "Mind the rules")
    html = client_for(moderator).get(reverse("moderation:log")).content.decode()
    assert "Warn" in html and "Mind the rules" in html and "@mod" in html


def test_standing_page(client_for, other_user, moderator, case):
    services.act(moderator, case, "suspend", "Cooling off", days=2)
    html = client_for(other_user).get(reverse("moderation:standing")).content.decode()
    assert "suspended until" in html and "Cooling off" in html


def test_report_buttons_on_note_comment_and_profile(
    client, client_for, user, other_user, note, moderator
):
    from qiao.social.models import Comment

    comment = Comment.objects.create(note=note, author=other_user, body="first!")
    page = client_for(user).get(reverse("notes:detail", args=[note.pk])).content.decode()
    assert reverse("moderation:report", args=["note", note.pk]) in page
    assert reverse("moderation:report", args=["comment", comment.pk]) in page
    profile = (
        client_for(user).get(reverse("feeds:profile", args=[other_user.handle])).content.decode()
    )
    assert reverse("moderation:report", args=["user", other_user.pk]) in profile
    own = client_for(other_user).get(reverse("notes:detail", args=[note.pk])).content.decode()
    assert reverse("moderation:report", args=["note", note.pk]) not in own  # not one's own
    assert (
        "/moderation/report/"
        not in client.get(reverse("notes:detail", args=[note.pk])).content.decode()
    )
    assert (
        reverse("moderation:queue")
        in client_for(moderator).get(reverse("feeds:explore")).content.decode()
    )
    assert (
        reverse("moderation:queue")
        not in client_for(user).get(reverse("feeds:explore")).content.decode()
    )

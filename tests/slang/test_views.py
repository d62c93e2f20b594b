"""Glossary pages: browse/search, term page, proposing, voting, review, preferences."""

from __future__ import annotations

import pytest
from django.urls import reverse

from qiao.slang import services
from qiao.slang.models import TermProposal

pytestmark = pytest.mark.django_db


def form_data(data: dict) -> dict:
    return data | {
        "aliases": ", ".join(data["aliases"]),
        "ambiguous": "" if not data["ambiguous"] else "on",
    }


def test_index_lists_and_searches(client):
    page = client.get(reverse("slang:index"))
    assert page.status_code == 200
    assert "yyds" in page.content.decode()
    found = client.get(reverse("slang:index"), {"q": "pofang", "lang": "zh"})
    assert "破防" in found.content.decode()
    assert client.get(reverse("slang:index"), {"lang": "klingon"}).status_code == 400


def test_term_page_in_the_readers_language_with_notes_and_history(client, make_user, make_note):
    author = make_user("chef")
    make_note(author, "这家火锅yyds")
    hidden = make_note(author, "私藏 yyds", visibility="private")
    page = client.get(reverse("slang:term", args=["zh-yyds"]), HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert page.status_code == 200
    assert "The greatest of all time" in html and "永远的神" in html
    assert "这家火锅yyds" in html and hidden.title not in html
    assert "Shipped with Qiao" in html
    assert client.get(reverse("slang:term", args=["zh-nothing"])).status_code == 404


def test_offensive_terms_carry_a_warning(client):
    html = client.get(reverse("slang:term", args=["zh-nmsl"])).content.decode()
    assert "alert-error" in html


def test_propose_needs_sign_in(client):
    response = client.get(reverse("slang:propose"))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_propose_vote_approve_through_the_pages(
    client_for, user, other_user, moderator, new_term_data
):
    response = client_for(user).post(reverse("slang:propose"), form_data(new_term_data))
    proposal = TermProposal.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "slang:proposal", args=[proposal.pk]
    )
    assert (
        "said about weekend plans"
        in client_for(other_user).get(response["Location"]).content.decode()
    )

    client_for(other_user).post(reverse("slang:vote", args=[proposal.pk]), {"value": "1"})
    proposal.refresh_from_db()
    assert proposal.score == 1

    assert (
        client_for(other_user)
        .post(reverse("slang:review", args=[proposal.pk]), {"decision": "approve"})
        .status_code
        == 403
    )
    response = client_for(moderator).post(
        reverse("slang:review", args=[proposal.pk]), {"decision": "approve", "note": "ok"}
    )
    assert response["Location"] == reverse("slang:term", args=["zh-qzsb"])
    assert "whenever I wake up" in client_for(other_user).get(response["Location"]).content.decode()


def test_a_bad_proposal_shows_the_errors_on_its_fields(client_for, user, new_term_data):
    response = client_for(user).post(
        reverse("slang:propose"), form_data(new_term_data | {"meaning_zh": "English only"})
    )
    assert response.status_code == 400
    assert "meaning_zh must be written in Chinese" in response.content.decode()
    assert not TermProposal.objects.exists()


def test_improve_form_starts_from_the_current_entry(client_for, user):
    html = client_for(user).get(reverse("slang:improve", args=["zh-yyds"])).content.decode()
    assert "the GOAT" in html and "永远的神" in html


def test_hidden_proposals_are_404_for_others(client_for, user, other_user, new_term_data):
    proposal = services.propose(user, new_term_data | {"notes": "骂人时会说你妈的"})
    assert proposal.is_hidden
    assert (
        client_for(other_user).get(reverse("slang:proposal", args=[proposal.pk])).status_code == 404
    )
    assert client_for(user).get(reverse("slang:proposal", args=[proposal.pk])).status_code == 200
    assert (
        proposal.term not in client_for(other_user).get(reverse("slang:proposals")).content.decode()
    )


def test_preferences_page_saves_for_visitors_and_redirects_safely(client):
    response = client.post(
        reverse("slang:preferences"),
        {
            "mark_slang": "on",
            "show_pinyin": "on",
            "script": "traditional",
            "next": "https://evil.example/",
        },
    )
    assert response["Location"] == reverse("slang:preferences")
    html = client.get(reverse("slang:preferences")).content.decode()
    assert "<ruby>" in html and "銀" in html  # the preview follows the saved choices
    assert client.post(reverse("slang:preferences"), {"script": "cursive"}).status_code == 400


def test_note_page_marks_slang_and_explains_it(client, make_user, make_note):
    from qiao.social.models import Comment

    author = make_user("chef")
    note = make_note(author, "周末火锅", body="这家火锅yyds，排队两小时也不破防 #火锅")
    Comment.objects.create(note=note, author=author, body="no cap, worth it")
    note.comment_count = 1
    note.save(update_fields=["comment_count"])
    html = client.get(
        reverse("notes:detail", args=[note.pk]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert '<span class="slang slang-playful" data-term-id="zh-yyds">' in html
    assert 'data-term-id="en-no-cap"' in html  # in the comment
    assert 'class="slang-panel"' in html and "The greatest of all time" in html
    assert html.count("slang/slang.js") == 1

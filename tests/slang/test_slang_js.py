"""slang.js in a real headless Chromium (phone size, touch): tap a term, tap a word."""

from __future__ import annotations

from django.urls import reverse

from qiao.slang import services
from tests.social.browser import BROWSER

pytestmark = BROWSER


def test_tap_a_term_for_its_explanation(open_page, make_user, make_note):
    note = make_note(make_user("chef"), "周末火锅", body="这家火锅yyds，<b>真的</b>")
    page = open_page(reverse("notes:detail", args=[note.pk]))
    term = page.locator('.note-body a.slang-term[data-term-id="zh-yyds"]')
    assert term.get_attribute("role") == "button"
    assert term.get_attribute("aria-expanded") == "false"
    term.tap()
    popover = page.locator(".slang-popover")
    popover.wait_for(state="visible")
    assert "The greatest of all time" in popover.inner_text()
    assert "Playful" in popover.inner_text()
    assert popover.locator("a.slang-popover-more").get_attribute("href") == "/glossary/zh-yyds/"
    assert term.get_attribute("aria-expanded") == "true"
    assert page.url.endswith(f"/notes/{note.pk}/")  # the tap did not navigate
    page.keyboard.press("Escape")
    popover.wait_for(state="hidden")
    assert term.get_attribute("aria-expanded") == "false"
    assert page.locator(".note-body b").count() == 0  # user markup stayed text


def test_tap_a_word_for_its_dictionary_entry(open_page, user, make_user, make_note):
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = user
    services.save_preferences(request, mark_slang=True, show_pinyin=True, script="original")
    note = make_note(make_user("chef"), "存钱", body="我去银行存钱")
    page = open_page(reverse("notes:detail", args=[note.pk]), user=user)
    word = page.locator('.note-body .py-word[data-word="银行"]')
    assert word.locator("rt").all_inner_texts() == ["yín", "háng"]
    word.tap()
    popover = page.locator(".slang-popover")
    popover.wait_for(state="visible", timeout=20_000)
    assert "bank" in popover.inner_text()

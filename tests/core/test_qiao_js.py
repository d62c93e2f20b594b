"""qiao.js and the responsive layout in a real headless Chromium against a live server."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from tests.conftest import BROWSER, DESKTOP

pytestmark = BROWSER


@pytest.fixture
def feed(make_user, make_note):
    author = make_user("painter")
    sizes = [(60, 80), (80, 60), (60, 60), (60, 90), (70, 80), (80, 100), (90, 60)]
    return [make_note(author, f"Card {i}", size=sizes[i % len(sizes)]) for i in range(12)]


def column_titles(page) -> list[list[str]]:
    return page.eval_on_selector_all(
        ".masonry > .masonry-col",
        "cols => cols.map(c => [...c.querySelectorAll('.note-card-title')].map(t => t.textContent.trim()))",
    )


def test_masonry_has_two_columns_on_phones_and_five_on_desktops(open_page, feed):
    phone = open_page("/")
    html = phone.request.get(phone.url).text()
    served = [
        re.sub(r"<[^>]+>", "", title).strip()
        for title in re.findall(r'class="note-card-title"[^>]*>(.*?)</h3>', html, re.S)
    ]
    columns = column_titles(phone)
    assert len(columns) == 2
    # The first two cards go left then right (reading order), not down one column.
    assert [columns[0][0], columns[1][0]] == served[:2]
    assert sorted(sum(columns, [])) == sorted(served) and len(served) == len(feed)
    assert phone.is_visible(".tabbar")
    assert not phone.locator(".topbar .hide-mobile").first.is_visible()

    desktop = open_page("/", DESKTOP)
    assert len(column_titles(desktop)) == 5
    assert not desktop.is_visible(".tabbar")


def test_masonry_reflows_when_the_window_narrows_and_places_new_cards(open_page, feed):
    page = open_page("/", DESKTOP)
    assert len(column_titles(page)) == 5
    page.set_viewport_size({"width": 700, "height": 800})
    page.wait_for_function("document.querySelectorAll('.masonry > .masonry-col').length === 3")
    # A card appended by "load more" lands in a column, not loose in the grid.
    page.evaluate(
        """() => {
          const card = document.querySelector('.note-card').cloneNode(true);
          card.querySelector('.note-card-title').textContent = 'Appended';
          document.querySelector('.masonry').appendChild(card);
        }"""
    )
    page.wait_for_function("document.querySelector('.masonry-col .note-card-title') && [...document.querySelectorAll('.masonry-col .note-card-title')].some(t => t.textContent === 'Appended')")
    assert page.eval_on_selector_all(".masonry > .note-card", "cards => cards.length") == 0


def test_character_counter_counts_code_points(open_page):
    page = open_page("/")
    page.evaluate(
        """() => {
          const box = document.createElement('div');
          box.innerHTML = '<form class="form"><textarea id="t" maxlength="10"></textarea></form>';
          document.querySelector('main').appendChild(box);
          Qiao.enhance(box);
        }"""
    )
    assert page.text_content("#t + .counter") == "0/10"
    page.fill("#t", "桥🌉abc")
    assert page.text_content("#t + .counter") == "5/10"


def test_post_sends_the_csrf_token_and_reports_errors(open_page, user):
    page = open_page("/", user=user)
    # A form POST to a web view: the language switch (rejected without the CSRF header).
    page.evaluate("() => Qiao.post('/language', new URLSearchParams({language: 'zh-hans', next: '/'}))")
    page.reload()
    assert page.text_content(".tabbar a[aria-current=page]").strip() == "发现"
    user.refresh_from_db()
    assert user.interface_language == "zh-hans"
    # A JSON answer with an error status rejects with the server's detail and the status.
    failure = page.evaluate(
        "() => Qiao.post('/api/v1/notes/987654321/like').then(() => null, e => ({status: e.status, message: e.message}))"
    )
    assert failure["status"] == 404
    assert failure["message"]


def test_flash_messages_can_be_closed_and_fade(open_page):
    page = open_page("/")
    page.evaluate("() => { Qiao.toast('Saved', 'success'); Qiao.toast('Failed', 'error'); }")
    assert page.is_visible(".message-success") and page.is_visible(".message-error")
    page.wait_for_selector(".message-success", state="detached", timeout=8000)
    assert page.is_visible(".message-error")  # errors wait to be read
    page.click(".message-error .message-close")
    page.wait_for_selector(".messages", state="detached", timeout=2000)


def test_carousel_dots_and_buttons(open_page, make_user, make_note):
    note = make_note(make_user("traveller"), "Three photos", images=3, size=(80, 60))
    page = open_page(reverse("notes:detail", args=[note.pk]), DESKTOP)
    dots = ".carousel-dots > *"
    assert page.eval_on_selector_all(dots, "d => d.length") == 3
    assert page.get_attribute(f"{dots}:nth-child(1)", "class") == "is-active"
    assert page.is_disabled(".carousel-nav[data-dir='-1']")
    page.hover(".carousel")
    page.click(".carousel-nav[data-dir='1']")
    page.wait_for_function("document.querySelector('.carousel-dots > :nth-child(2)').classList.contains('is-active')")
    assert not page.is_disabled(".carousel-nav[data-dir='1']")
    page.focus(".carousel")
    page.keyboard.press("ArrowRight")
    page.wait_for_function("document.querySelector('.carousel-dots > :nth-child(3)').classList.contains('is-active')")
    assert page.is_disabled(".carousel-nav[data-dir='1']")


def test_note_page_hides_the_tab_bar_and_pins_the_actions_on_phones(open_page, make_user, make_note):
    note = make_note(make_user("writer"), "A note", images=1)
    page = open_page(reverse("notes:detail", args=[note.pk]))
    assert not page.is_visible(".tabbar")
    box = page.locator(".note-actions").bounding_box()
    assert box is not None and abs(box["y"] + box["height"] - 844) < 2

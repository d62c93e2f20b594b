"""feeds.js in a real headless Chromium: infinite scroll appends every further page once."""

from __future__ import annotations

from django.urls import reverse

from tests.social.browser import BROWSER

pytestmark = BROWSER


def card_ids(page) -> list[str]:
    return page.eval_on_selector_all(
        "[data-note-card]", "cards => cards.map(c => c.dataset.noteCard)"
    )


def test_scrolling_loads_every_note_once_into_the_columns(open_page, make_user, make_note):
    author = make_user("painter")
    sizes = [(60, 80), (80, 60), (60, 60), (60, 90)]
    notes = [make_note(author, f"Card {i}", size=sizes[i % 4]) for i in range(47)]
    page = open_page(reverse("feeds:explore"))
    assert len(card_ids(page)) == 20
    for _ in range(30):
        if page.locator(".feed-end").count():
            break
        page.mouse.wheel(0, 5000)
        page.wait_for_timeout(200)
    ids = card_ids(page)
    assert sorted(ids, key=int) == sorted((str(n.pk) for n in notes), key=int)
    assert len(ids) == len(set(ids))
    # Every card sits in one of qiao.js's masonry columns, none left loose in the grid.
    assert page.locator(".masonry > [data-note-card]").count() == 0
    assert page.locator(".masonry > .masonry-col").count() == 2
    assert page.evaluate("location.pathname") == "/"  # no page load happened

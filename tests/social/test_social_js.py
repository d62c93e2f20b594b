"""social.js in a real headless Chromium: actions update the page in place, without reloading it."""

from __future__ import annotations

from django.urls import reverse

from qiao.social import services
from qiao.social.models import Board, Collect, Comment, CommentLike, Follow, Like
from tests.social.browser import BROWSER

pytestmark = BROWSER


def mark_page(page) -> None:
    """Set a flag that a page load would wipe out, to prove nothing reloaded."""
    page.evaluate("window.__stillHere = true")


def still_here(page) -> bool:
    return page.evaluate("window.__stillHere === true")


def test_like_collect_and_follow_in_place(open_page, make_user, make_note):
    author, reader = make_user("author"), make_user("reader")
    note = make_note(author, "Night market")
    page = open_page(reverse("notes:detail", args=[note.pk]), user=reader)
    mark_page(page)

    like = page.locator('form[data-social="like"] button')
    like.click()
    page.wait_for_function(
        "() => document.querySelector('form[data-social=like] button').getAttribute('aria-pressed') === 'true'"
    )
    assert like.inner_text().strip() == "1"
    assert Like.objects.filter(user=reader, note=note).exists()
    like.click()
    page.wait_for_function(
        "() => document.querySelector('form[data-social=like] button').getAttribute('aria-pressed') === 'false'"
    )
    assert not Like.objects.exists()

    star = page.locator("[data-collect-toggle]")
    star.click()
    page.wait_for_function(
        "() => document.querySelector('[data-collect-toggle]').getAttribute('aria-pressed') === 'true'"
    )
    assert Collect.objects.filter(user=reader, note=note, board__is_default=True).exists()
    # The toast offers another board; the sheet lists the boards and can make a new one.
    page.locator(".messages button.btn").click()
    page.fill("[data-collect-sheet] input[name=new_board]", "Street food")
    page.locator("[data-collect-sheet] .collect-new button[type=submit]").click()
    page.wait_for_function("() => !document.querySelector('[data-collect-sheet]').open")
    assert Board.objects.get(owner=reader, name="Street food").item_count == 1

    follow = page.locator('form[data-social="follow"] button')
    follow.click()
    page.wait_for_function(
        "() => document.querySelector('form[data-social=follow] button').getAttribute('aria-pressed') === 'true'"
    )
    assert Follow.objects.filter(follower=reader, followee=author).exists()
    assert follow.inner_text().strip() == "Following"
    assert still_here(page)


def test_comment_reply_and_delete_in_place(open_page, make_user, make_note):
    author, reader = make_user("author"), make_user("reader")
    note = make_note(author)
    top = services.add_comment(author, note, "Ask me anything")
    page = open_page(reverse("notes:detail", args=[note.pk]), user=reader)
    mark_page(page)

    page.fill("#comment-form textarea", "Is it <b>spicy</b>?")
    page.click("#comment-form button[type=submit]")
    page.wait_for_selector("[data-comment-list] > li:first-child >> text=Is it <b>spicy</b>?")
    assert page.locator("[data-comment-count]").first.inner_text() == "2"

    thread = page.locator(f"#comment-{top.pk}")
    thread.locator("summary.reply-link").first.click()
    thread.locator("textarea").first.fill("Very")
    thread.locator("form[data-social=comment] button").first.click()
    page.wait_for_selector(f"#comment-{top.pk} [data-replies] > li >> text=Very")
    reply = Comment.objects.get(body="Very")
    assert reply.parent_id == top.pk

    page.on("dialog", lambda dialog: dialog.accept())
    page.locator(f"#comment-{reply.pk} form[data-social=delete-comment] button").click()
    page.wait_for_selector(f"#comment-{reply.pk}", state="detached")
    assert not Comment.objects.filter(pk=reply.pk).exists()
    assert page.locator("[data-comment-count]").first.inner_text() == "2"
    assert still_here(page)


def test_an_error_shows_a_message_and_changes_nothing(open_page, make_user, make_note, settings):
    settings.QIAO_RATE_LIMITS = {**settings.QIAO_RATE_LIMITS, "like": "1/3600"}
    author, reader = make_user("author"), make_user("reader")
    note = make_note(author)
    page = open_page(reverse("notes:detail", args=[note.pk]), user=reader)
    mark_page(page)
    like = page.locator('form[data-social="like"] button')
    like.click()
    page.wait_for_function(
        "() => document.querySelector('form[data-social=like] button').getAttribute('aria-pressed') === 'true'"
    )
    like.click()  # over the limit: 429
    page.wait_for_selector(".message-error >> text=Too many requests")
    assert like.get_attribute("aria-pressed") == "true"
    assert Like.objects.filter(user=reader, note=note).exists()
    assert still_here(page)


def test_without_javascript_the_forms_still_work(browser, live_server, make_user, make_note):
    from django.test import Client

    author, reader = make_user("author"), make_user("reader")
    note = make_note(author)
    client = Client()
    client.force_login(reader)
    context = browser.new_context(java_script_enabled=False)
    context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page = context.new_page()
    page.goto(live_server.url + reverse("notes:detail", args=[note.pk]))
    page.locator('form[data-social="like"] button').click()
    page.wait_for_load_state("load")
    assert page.url.endswith(reverse("notes:detail", args=[note.pk]))
    assert page.locator('form[data-social="like"] button').get_attribute("aria-pressed") == "true"
    page.fill("#comment-form textarea", "No script needed")
    page.click("#comment-form button[type=submit]")
    page.wait_for_load_state("load")
    assert "No script needed" in page.content()
    page.locator("[data-collect-toggle]").click()  # the star opens the board chooser page
    page.fill("input[name=new_board]", "Plain HTML")
    page.locator(".collect-new button[type=submit]").click()
    page.wait_for_load_state("load")
    assert page.url.endswith(reverse("notes:detail", args=[note.pk]))
    assert Board.objects.get(owner=reader, name="Plain HTML").item_count == 1
    context.close()


def test_like_a_comment_then_follow_from_the_followers_page(open_page, make_user, make_note):
    author, reader = make_user("author"), make_user("reader")
    fan = make_user("fan", bio="Dumpling fan")
    note = make_note(author, "Soup dumplings")
    top = services.add_comment(fan, note, "Best in town")
    reply = services.add_comment(author, note, "Thank you!", parent=top)
    services.follow(fan, author)
    page = open_page(reverse("notes:detail", args=[note.pk]), user=reader)
    mark_page(page)

    heart = page.locator(f"#comment-{reply.pk} form[data-social=comment-like] button")
    assert heart.get_attribute("aria-pressed") == "false"
    assert heart.locator("[data-count]").inner_text() == ""
    heart.click()
    page.wait_for_function(
        f"() => document.querySelector('#comment-{reply.pk} form[data-social=comment-like] button')"
        ".getAttribute('aria-pressed') === 'true'"
    )
    assert heart.locator("[data-count]").inner_text() == "1"
    assert CommentLike.objects.filter(user=reader, comment=reply).exists()
    # The reply's heart is its own: the top comment's stays as it was.
    top_heart = page.locator(f"#comment-{top.pk} > form[data-social=comment-like] button")
    assert top_heart.get_attribute("aria-pressed") == "false"
    heart.click()
    page.wait_for_function(
        f"() => document.querySelector('#comment-{reply.pk} form[data-social=comment-like] button')"
        ".getAttribute('aria-pressed') === 'false'"
    )
    assert heart.locator("[data-count]").inner_text() == ""
    assert not CommentLike.objects.exists()
    assert still_here(page)

    # From the author's profile, the Followers count leads to the list; follow the fan there.
    page.goto(page.url.split("/notes/")[0] + reverse("feeds:profile", args=["author"]))
    page.click(f'a[href="{reverse("social:followers", args=["author"])}"]')
    page.wait_for_selector('li[data-person="fan"]')
    mark_page(page)
    row = page.locator('li[data-person="fan"]')
    assert "Dumpling fan" in row.inner_text()
    follow = row.locator('form[data-social="follow"] button')
    follow.click()
    page.wait_for_function(
        "() => document.querySelector('li[data-person=fan] form[data-social=follow] button')"
        ".getAttribute('aria-pressed') === 'true'"
    )
    assert follow.inner_text().strip() == "Following"
    assert Follow.objects.filter(follower=reader, followee=fan).exists()
    assert still_here(page)


def test_a_held_comment_shows_the_notice_and_is_not_added(open_page, make_user, make_note):
    from qiao.moderation.models import Rule

    Rule.objects.create(type="keyword", pattern="holdme", outcome="hold")
    author, reader = make_user("author"), make_user("reader")
    note = make_note(author)
    services.add_comment(author, note, "Ask me anything")
    page = open_page(reverse("notes:detail", args=[note.pk]), user=reader)
    mark_page(page)

    page.fill("#comment-form textarea", "Spam holdme")
    page.click("#comment-form button[type=submit]")
    page.wait_for_selector(".message-warning >> text=Your comment is waiting for a moderator")
    assert Comment.objects.get(body="Spam holdme").is_hidden
    assert page.locator("[data-comment-list] >> text=Spam holdme").count() == 0
    assert page.locator("[data-comment-count]").first.inner_text() == "1"
    assert page.input_value("#comment-form textarea") == ""
    assert still_here(page)

"""End to end, in a real browser against a real server: sign up, post, find, like, comment, switch language."""

import io
import re

import pytest
from PIL import Image, ImageDraw

pytestmark = pytest.mark.browser

PHONE = "+1 202 555 0177"
HANDLE = "e2e_walker"
TITLE = "Morning light on the bridge"


def photo_jpeg() -> bytes:
    """A small real photo-like JPEG: a gradient sky with a sun."""
    image = Image.linear_gradient("L").resize((480, 640)).convert("RGB")
    draw = ImageDraw.Draw(image)
    draw.ellipse((180, 120, 300, 240), fill=(255, 200, 60))
    draw.rectangle((0, 480, 480, 640), fill=(40, 90, 160))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def sign_up(page, phone: str, handle: str, name: str) -> None:
    """The whole sign-up flow; in debug mode the one-time code is shown on the page."""
    page.goto("/accounts/signup/")
    page.fill("input[name=phone]", phone)
    page.click("form.auth-form button[type=submit]")
    page.wait_for_url(re.compile(r"/accounts/verify/$"))
    notice = page.locator(".messages").inner_text()
    code = re.search(r"\b(\d{6})\b", notice)
    assert code, f"no one-time code shown in debug mode: {notice!r}"
    page.fill("input[name=code]", code.group(1))
    page.click("form.auth-form button[type=submit]")
    page.wait_for_url(re.compile(r"/accounts/signup/profile/$"))
    page.fill("input[name=display_name]", name)
    page.fill("input[name=handle]", handle)
    page.click("form.auth-form button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/" not in url)


def test_sign_up_post_find_like_and_comment(page, site):
    sign_up(page, PHONE, HANDLE, "E2E Walker")
    # Signed in: the page links to our own profile and no longer offers to sign in.
    assert page.locator(f"a[href*='/@{HANDLE}']").count() >= 1
    assert page.locator("a[href^='/accounts/login/']").count() == 0

    # Post a note with a photo.
    page.goto("/notes/new/")
    page.set_input_files(
        "input[name=images]", files=[{"name": "bridge.jpg", "mimeType": "image/jpeg", "buffer": photo_jpeg()}]
    )
    page.fill("input[name=title]", TITLE)
    page.fill("textarea[name=body]", "Walked across before work. #sunrise #e2etest")
    page.click("form.note-compose button[type=submit]")
    page.wait_for_url(re.compile(r"/notes/\d+/$"))
    note_url = page.url
    assert page.get_by_role("heading", name=TITLE).is_visible()
    photo = page.locator("img[src*='/media/notes/']").first
    assert photo.is_visible()
    # The photo is really served (decoded by the browser, not a broken image).
    assert photo.evaluate("img => img.complete && img.naturalWidth > 0")

    # Find it in Explore and open it.
    page.goto("/")
    card = page.locator(".note-card", has_text=TITLE)
    assert card.count() == 1
    card.get_by_role("link", name=TITLE).click()
    page.wait_for_url(note_url)

    # Like it: the count goes to 1 and stays after a reload.
    likes = page.locator("form[data-social=like] [data-count]")
    assert likes.inner_text().strip() == "0"
    page.click("form[data-social=like] button[type=submit]")
    page.wait_for_function(
        "() => document.querySelector('form[data-social=like] [data-count]').textContent.trim() === '1'"
    )

    # Comment on it, in both languages: it appears under the note.
    comment = "Beautiful light! 好美的光线 #sunrise"
    page.fill("#comment-form textarea[name=body]", comment)
    page.click("#comment-form button[type=submit]")
    page.locator(".comment", has_text="好美的光线").first.wait_for()

    page.reload()
    assert page.locator("form[data-social=like] [data-count]").inner_text().strip() == "1"
    assert page.locator(".comment", has_text="Beautiful light!").count() == 1


def test_switching_to_chinese_serves_the_chinese_interface(page, site):
    page.goto("/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator(".topbar").get_by_text("Sign in").first.is_visible()

    page.locator(".lang-switch button[value=zh-hans]").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang").lower() == "zh-hans"
    assert page.locator(".topbar").get_by_text("登录").first.is_visible()

    # The choice sticks: the next page is Chinese too, whatever the browser asks for.
    response = page.goto("/accounts/login/")
    assert response.headers.get("content-language") == "zh-hans"
    assert "登录" in page.title()

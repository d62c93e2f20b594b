"""The shared page chrome (base.html) and the error pages of qiao.core."""

from __future__ import annotations

import json
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.backends.db import SessionStore
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client, RequestFactory
from django.urls import reverse
from django.views import defaults

pytestmark = pytest.mark.django_db


def page(client: Client, url: str = "/") -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_anonymous_chrome_links_to_sign_in():
    html = page(Client())
    assert 'href="/static/qiao/qiao.css"' in html
    assert 'src="/static/qiao/qiao.js"' in html
    assert 'class="skip-link" href="#main"' in html
    assert '<main class="main' in html and 'id="main"' in html
    login = reverse("accounts:login")
    # Every tab that needs an account sends the visitor to sign in, then on to the tab.
    assert f'href="{login}?next={reverse("notes:create")}"' in html
    assert f'href="{login}?next={reverse("feeds:following")}"' in html
    assert reverse("accounts:logout") not in html


def test_explore_is_marked_as_the_current_page():
    html = page(Client())
    explore = reverse("feeds:explore")
    assert re.search(rf'<a href="{re.escape(explore)}" aria-current="page">Explore</a>', html)


def test_signed_in_chrome(user, client_for):
    from qiao.notifications.models import Notification

    other = type(user).objects.create_user(phone="+12025550999", handle="carol")
    Notification.objects.create(recipient=user, actor=other, verb=Notification.Verb.FOLLOW)
    Notification.objects.create(recipient=user, actor=other, verb=Notification.Verb.FOLLOW)
    html = page(client_for(user))
    assert reverse("notes:create") in html
    assert f'href="{reverse("feeds:profile", args=[user.handle])}"' in html
    # Sign-out is a POST form with a CSRF token, never a link.
    assert re.search(rf'<form method="post" action="{re.escape(reverse("accounts:logout"))}"><input type="hidden" name="csrfmiddlewaretoken"', html)
    assert '<span class="badge" data-unread>2</span>' in html
    assert "@alice" in html


def test_unread_badge_is_capped(user, make_user, client_for):
    from qiao.notifications.models import Notification

    actor = make_user("dave")
    Notification.objects.bulk_create(
        Notification(recipient=user, actor=actor, verb=Notification.Verb.FOLLOW) for _ in range(100)
    )
    html = page(client_for(user))
    assert '<span class="badge" data-unread>99+</span>' in html


def test_user_text_in_the_chrome_is_escaped(make_user, client_for):
    person = make_user("mallory", display_name='<img src=x onerror="alert(1)">')
    html = page(client_for(person))
    assert "<img src=x" not in html
    assert "&lt;img src=x" in html


def test_letter_avatar_uses_the_first_letter_and_a_colour(make_user, client_for):
    person = make_user("zed", display_name="zhang wei")
    html = page(client_for(person))
    assert re.search(rf'avatar-letter avatar-c{str(person.pk)[-1]}" aria-hidden="true">Z</span>', html)


def test_script_strings_are_valid_json_in_both_languages():
    for language in ("en", "zh-hans"):
        html = Client().get("/", HTTP_ACCEPT_LANGUAGE=language).content.decode()
        raw = re.search(r'<script id="qiao-i18n" type="application/json">(.*?)</script>', html, re.S).group(1)
        strings = json.loads(raw)
        assert "{n}" in strings["image_n"] and "{total}" in strings["image_n"]
    assert strings["close"] == "关闭"


def test_flash_messages_are_rendered_with_their_level():
    from django.contrib.messages import constants
    from django.contrib.messages.storage.base import Message
    from django.template.loader import render_to_string

    messages = [Message(constants.ERROR, "Upload failed <b>x</b>"), Message(constants.SUCCESS, "Saved", extra_tags="note")]
    html = render_to_string("base.html", {"messages": messages}, _request())
    assert '<div class="message message-error" role="alert">Upload failed &lt;b&gt;x&lt;/b&gt;</div>' in html
    assert '<div class="message message-success note" role="status">Saved</div>' in html


# --- Error pages ------------------------------------------------------------------------


def test_not_found_page_uses_the_app_layout():
    response = Client().get("/notes/987654321/")
    html = response.content.decode()
    assert response.status_code == 404
    assert 'class="topbar"' in html and 'class="tabbar"' in html
    assert '<div class="error-code" aria-hidden="true">404</div>' in html
    assert "This page doesn’t exist" in html


def _request(path: str = "/somewhere"):
    request = RequestFactory().get(path)
    request.user = AnonymousUser()
    request.session = SessionStore()
    return request


def test_forbidden_page_offers_sign_in_to_visitors():
    response = defaults.permission_denied(_request("/private"), PermissionDenied("secret detail"))
    html = response.content.decode()
    assert response.status_code == 403
    assert "You can’t do that" in html
    assert f'{reverse("accounts:login")}?next=/private' in html
    assert "secret detail" not in html


def test_bad_request_page_renders_without_request_context():
    response = defaults.bad_request(_request(), SuspiciousOperation("bad host"))
    html = response.content.decode()
    assert response.status_code == 400
    assert "We couldn’t understand that request" in html
    assert "bad host" not in html


def test_csrf_failure_page_explains_what_to_do():
    response = Client(enforce_csrf_checks=True).post(reverse("core:set_language"), {"language": "en"})
    html = response.content.decode()
    assert response.status_code == 403
    assert "This page has expired" in html
    assert "reload the page" in html and "allow cookies" in html


def test_server_error_page_is_self_contained():
    response = defaults.server_error(_request())
    html = response.content.decode()
    assert response.status_code == 500
    assert "Something went wrong on our side" in html
    assert "<style>" in html
    # Nothing that could fail or load: no static files, no reversed URLs, no network.
    assert "/static/" not in html and "http" not in html.replace("http://www.w3.org", "")


def _outage_page(language: str = "en") -> str:
    from django.db import OperationalError
    from django.utils import translation

    from qiao.core import health

    with translation.override(language):
        try:
            raise OperationalError("the database system is shutting down")
        except OperationalError:
            response = health.server_error(RequestFactory().get("/notes/1/"))
    assert response.status_code == 503 and response["Retry-After"]
    return response.content.decode()


def test_outage_page_shares_the_self_contained_layout_of_the_server_error_page():
    outage, error = _outage_page(), defaults.server_error(_request()).content.decode()
    assert '<div class="code" aria-hidden="true">503</div>' in outage
    assert '<div class="code" aria-hidden="true">500</div>' in error
    assert "<title>Briefly unavailable · 桥 Qiao</title>" in outage
    assert "Qiao is briefly unavailable" in outage and "it was not saved" in outage
    assert '<a href="">Try again</a>' in outage and '<a href="/">Back to Explore</a>' in error
    assert "Something went wrong" not in outage and "briefly unavailable" not in error
    # One layout: the same inline styles, and nothing that could fail or load.
    style = re.compile(r"<style>.*?</style>", re.S)
    assert style.search(outage).group() == style.search(error).group()
    assert "/static/" not in outage and "http" not in outage


def test_outage_page_speaks_the_readers_language():
    html = _outage_page("zh-hans")
    assert '<html lang="zh-Hans">' in html
    assert "Qiao is briefly unavailable" not in html and "503" in html


def test_rate_limit_page_uses_the_generic_error_template():
    from django.template.loader import render_to_string

    html = render_to_string("core/error.html", {"status": 429, "message": "Too many requests."}, _request())
    assert '<div class="error-code" aria-hidden="true">429</div>' in html
    assert "Slow down a little" in html and "Too many requests." in html

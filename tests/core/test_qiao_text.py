from django.template import Context, Template
from django.urls import reverse

from qiao.core.templatetags.qiao_text import rich_text


def render(text: str) -> str:
    return Template("{% load qiao_text %}{{ text|rich_text }}").render(Context({"text": text}))


def test_escapes_markup(db):
    html = render('<script>alert("x")</script> & <b>bold</b>')
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;b&gt;bold&lt;/b&gt;" == html


def test_links_hashtags_and_keeps_line_breaks(db):
    html = render("第一行 #旅行#\nline two #Tokyo")
    assert f'<a class="hashtag" href="{reverse("feeds:hashtag", args=["旅行"])}">#旅行#</a>' in html
    assert (
        f'<a class="hashtag" href="{reverse("feeds:hashtag", args=["tokyo"])}">#Tokyo</a>' in html
    )
    assert "<br>line two" in html


def test_mentions_link_only_existing_active_people(make_user):
    make_user("alice")
    make_user("gone", is_active=False)
    html = render("hi @Alice, @gone and @nobody")
    assert (
        f'<a class="mention" href="{reverse("feeds:profile", args=["alice"])}">@Alice</a>' in html
    )
    assert "@gone" in html and "/@gone/" not in html
    assert "@nobody" in html and "/@nobody/" not in html


def test_urls_are_safe_links(db):
    html = render('go https://example.com/?a=1&b="2" now, javascript:alert(1)')
    assert (
        '<a class="link" href="https://example.com/?a=1&amp;b=" rel="nofollow ugc noopener" '
        'target="_blank">https://example.com/?a=1&amp;b=</a>&quot;2&quot; now' in html
    )
    assert "javascript:alert(1)" in html and 'href="javascript' not in html


def test_hashtag_cannot_smuggle_markup(db):
    html = rich_text('#tag"><img src=x onerror=alert(1)>')
    assert "<img" not in html
    assert "onerror" in html and "&lt;img" in html


def test_long_urls_are_shortened_for_display(db):
    url = "https://example.com/" + "a" * 100
    html = rich_text(url)
    assert f'href="{url}"' in html
    assert "…</a>" in html


def test_none_renders_empty(db):
    assert rich_text(None) == ""

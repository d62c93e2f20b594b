"""Rendering user text with slang marks, pinyin and script: escaped first, always."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from qiao.slang.templatetags.slang_tags import render_text

pytestmark = pytest.mark.django_db


def test_terms_are_wrapped_with_their_id_and_a_link():
    html = render_text("这家火锅yyds")
    assert html == (
        '这家火锅<span class="slang slang-playful" data-term-id="zh-yyds">'
        '<a class="slang-term" href="/glossary/zh-yyds/" data-term-id="zh-yyds">yyds</a></span>'
    )


def test_user_text_is_escaped_before_marking():
    html = render_text('<script>alert("x")</script> yyds & <b>no cap</b>')
    assert "<script>" not in html and "<b>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in html
    assert 'data-term-id="zh-yyds"' in html and 'data-term-id="en-no-cap"' in html
    assert "&amp;" in html


def test_hashtags_mentions_and_links_keep_working_and_are_never_marked(make_user):
    make_user("yyds_fan")
    html = render_text("#yyds @yyds_fan https://example.com/yyds 真的yyds\n第二行")
    assert f'<a class="hashtag" href="{reverse("feeds:hashtag", args=["yyds"])}">#yyds</a>' in html
    assert 'class="mention"' in html and 'class="link"' in html
    assert html.count('data-term-id="zh-yyds"') == 2  # span + link, once: only the plain-text yyds
    assert "<br>" in html


def test_marking_can_be_switched_off():
    assert "slang" not in render_text("这家火锅yyds", mark=False)


def test_pinyin_in_ruby_per_word():
    html = render_text("去银行yyds", pinyin=True)
    assert (
        '<span class="py-word" data-word="银行"><ruby>银<rt>yín</rt></ruby><ruby>行<rt>háng</rt></ruby></span>'
        in html
    )
    assert 'data-term-id="zh-yyds"' in html


def test_script_conversion_before_marking():
    html = render_text("这家火锅永远的神", script="traditional")
    assert "這家火鍋" in html and 'data-term-id="zh-yyds"' in html and "永遠的神" in html


def test_slang_text_tag_follows_the_readers_preferences(user):
    from qiao.slang import services

    request = RequestFactory().get("/")
    request.user = user
    services.save_preferences(request, mark_slang=True, show_pinyin=True, script="original")
    request = RequestFactory().get("/")
    request.user = user
    html = Template("{% load slang_tags %}{% slang_text text 'zh' %}").render(
        Context({"request": request, "text": "破防了"})
    )
    assert "<ruby>破<rt>pò</rt></ruby>" in html and 'data-term-id="zh-pofang"' in html


def test_filter_and_explain_panel_escape_glossary_and_user_text():
    html = Template(
        "{% load slang_tags %}{{ text|slang }}{% include 'slang/explain_panel.html' with text=text %}"
    ).render(Context({"text": "<i>yyds</i> 破防了"}))
    assert "<i>" not in html
    assert 'class="slang-panel"' in html
    assert html.count('class="slang-item"') == 2
    assert "slang.js" in html  # the panel brings the popover's assets


def test_explain_panel_renders_nothing_without_slang():
    html = Template("{% include 'slang/explain_panel.html' with text=text %}").render(
        Context({"text": "今天天气不错"})
    )
    assert html.strip() == ""


def test_assets_render_once_per_page():
    html = Template("{% load slang_tags %}{% slang_assets %}{% slang_assets %}").render(Context({}))
    assert html.count("slang.js") == 1
    assert 'id="slang-i18n"' in html and "/api/v1/slang/terms/{id}" in html

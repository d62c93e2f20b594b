"""The search page: results as feed cards, tabs, filters, safe snippets, clear errors, paging."""

import pytest
from django.urls import reverse

from qiao.notes.models import Note
from qiao.search.translate import remember_translation

URL = reverse("search:results")


def test_the_empty_page_has_the_search_box(client):
    response = client.get(URL)
    assert response.status_code == 200
    html = response.content.decode()
    assert 'role="search"' in html and 'name="q"' in html and "Search in any language" in html


def test_results_are_feed_cards_with_marked_escaped_snippets(client, user, post):
    note = post(user, "Hotpot <b>night</b>", "The best hotpot <script>alert(1)</script> in town")
    response = client.get(URL, {"q": "hotpot"})
    html = response.content.decode()
    assert response.status_code == 200
    assert f'data-note-card="{note.pk}"' in html  # the feeds' card
    assert "<mark>hotpot</mark>" in html
    assert (
        "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    )
    assert "<b>night</b>" not in html


def test_tabs_keep_the_query_and_switch_the_type(client, make_user):
    make_user("zw_travels", display_name="张伟")
    html = client.get(URL, {"q": "zhangwei", "type": "users"}).content.decode()
    assert "@zw_travels" in html and "张伟" in html
    assert "?q=zhangwei&amp;type=notes" in html and 'aria-current="page"' in html


def test_hashtags_and_terms_tabs(client, user, post):
    post(user, "Dinner", "#重庆火锅")
    html = client.get(URL, {"q": "huoguo", "type": "hashtags"}).content.decode()
    assert reverse("feeds:hashtag", args=["重庆火锅"]) in html
    assert client.get(URL, {"q": "yyds", "type": "terms"}).status_code == 200


def test_bad_parameters_are_a_400_with_the_reasons(client):
    response = client.get(URL, {"q": "hotpot", "sort": "random", "since": "soon"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Sort by relevance, newest or likes." in html
    assert "Use day, week, month, year" in html


def test_private_notes_never_show_on_the_page(client, client_for, user, other_user, post):
    secret = post(other_user, "Secret hotpot recipe", "my own broth", visibility="private")
    assert f'data-note-card="{secret.pk}"' not in client.get(URL, {"q": "hotpot"}).content.decode()
    assert (
        f'data-note-card="{secret.pk}"'
        not in client_for(user).get(URL, {"q": "hotpot"}).content.decode()
    )
    assert (
        f'data-note-card="{secret.pk}"'
        in client_for(other_user).get(URL, {"q": "hotpot"}).content.decode()
    )


def test_more_results_come_as_fragments_for_infinite_scroll(client, user, post):
    made = [post(user, f"Dumplings {i}", "dumplings") for i in range(25)]
    html = client.get(URL, {"q": "dumplings"}).content.decode()
    assert html.count("data-note-card=") == 20 and "data-feed-next" in html
    next_url = (
        html.split("data-feed-next")[0].rsplit('href="', 1)[1].split('"')[0].replace("&amp;", "&")
    )
    fragment = client.get(next_url + "&fragment=1").content.decode()
    assert "data-feed-page" in fragment and "<html" not in fragment
    assert fragment.count("data-note-card=") == 5 and "data-feed-next" not in fragment
    assert len(made) == 25


def test_a_forged_cursor_is_a_400(client):
    response = client.get(URL, {"q": "x", "cursor": "not-a-cursor"})
    assert response.status_code == 400


def test_the_page_says_what_else_it_searched(client, user, post, settings):
    settings.QIAO_SEARCH_QUERY_TRANSLATION = "background"
    remember_translation("hotpot", "en", "zh", "火锅")
    note = post(user, "重庆火锅", "麻辣")
    html = client.get(URL, {"q": "hotpot"}).content.decode()
    assert "Also searched:" in html and "火锅" in html
    assert f'data-note-card="{note.pk}"' in html


def test_searching_is_rate_limited(client, settings, db):
    settings.QIAO_RATE_LIMITS = {**settings.QIAO_RATE_LIMITS, "search": "2/60"}
    assert client.get(URL, {"q": "a1"}).status_code == 200
    assert client.get(URL, {"q": "a2"}).status_code == 200
    response = client.get(URL, {"q": "a3"})
    assert response.status_code == 429 and response["Retry-After"]


@pytest.mark.parametrize("hidden", [True])
def test_hidden_notes_never_show(client_for, user, post, hidden):
    note = post(user, "Hotpot party", "hotpot")
    Note.objects.filter(pk=note.pk).update(is_hidden=hidden)
    assert (
        f'data-note-card="{note.pk}"'
        not in client_for(user).get(URL, {"q": "hotpot"}).content.decode()
    )

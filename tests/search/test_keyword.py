"""Keyword search on the configured database (SQLite FTS5 here, PostgreSQL full-text when run there)."""

import pytest
from django.db import connection

from qiao.notes.models import Note
from qiao.search import keyword
from qiao.search import text as T


def ids(queries, notes=None, **options):
    notes = notes if notes is not None else Note.objects.all()
    return [
        pk
        for pk, _ in keyword.keyword_search([T.parse_query(q) for q in queries], notes, **options)
    ]


@pytest.fixture
def notes(user, post):
    return {
        "hotpot": post(user, "重庆火锅", "和朋友去吃了麻辣火锅，锅底一绝 #美食"),
        "traditional": post(user, "台北小吃", "我們去吃火鍋吧，真的很好吃"),
        "english": post(user, "Hotpot night", "The best HOTPOT in Chengdu, super spicy broth"),
        "cat": post(user, "My cat", "She knocked everything off the table again #萌宠"),
    }


def test_the_backend_matches_the_database():
    assert keyword.backend() == ("postgresql" if connection.vendor == "postgresql" else "sqlite")


def test_chinese_words_match_inside_longer_jieba_words(notes):
    assert set(ids(["火锅"])) == {notes["hotpot"].pk, notes["traditional"].pk}
    assert ids(["重庆火锅"]) == [notes["hotpot"].pk]


def test_traditional_and_simplified_find_each_other(notes):
    assert set(ids(["火鍋"])) == {notes["hotpot"].pk, notes["traditional"].pk}
    assert ids(["我们"]) == [notes["traditional"].pk]  # 我們 in the note


def test_english_is_case_insensitive_with_prefixes(notes):
    assert ids(["hotpot"]) == [notes["english"].pk]
    assert ids(["HotPo"]) == [notes["english"].pk]
    assert ids(["spicy chengdu"]) == [notes["english"].pk]
    assert ids(["spicy tokyo"]) == []  # every word must match
    assert ids(["spicy tokyo"], any_term=True) == [notes["english"].pk]


def test_pinyin_matches_titles_and_hashtags(notes):
    assert ids(["huoguo"]) == [notes["hotpot"].pk]  # the title 重庆火锅
    assert ids(["chongqing"]) == [notes["hotpot"].pk]
    assert ids(["meishi"]) == [notes["hotpot"].pk]  # #美食
    assert ids(["mengchong"]) == [notes["cat"].pk]  # #萌宠


def test_title_matches_rank_above_body_matches(user, post):
    body_only = post(user, "周末", "周末去了一家火锅店")
    title = post(user, "火锅", "周末很开心")
    assert ids(["火锅"]) == [title.pk, body_only.pk]


def test_only_notes_of_the_given_queryset_match(notes):
    only = Note.objects.filter(pk=notes["traditional"].pk)
    assert ids(["火锅"], only) == [notes["traditional"].pk]


def test_orders_newest_and_most_liked(notes):
    Note.objects.filter(pk=notes["hotpot"].pk).update(like_count=5)
    assert ids(["火锅"], order="newest") == [notes["traditional"].pk, notes["hotpot"].pk]
    assert ids(["火锅"], order="likes") == [notes["hotpot"].pk, notes["traditional"].pk]


def test_queries_that_look_like_syntax_are_plain_words(notes):
    for raw in [
        '"',
        'hotpot" OR "cat',
        "NEAR(hotpot cat)",
        "hotpot AND NOT cat",
        "title:cat",
        "(((",
        "cat*",
    ]:
        assert isinstance(ids([raw]), list)
    assert ids(['hotpot" OR "cat']) == []
    assert ids(["cat*"]) == [notes["cat"].pk]


def test_snippets_mark_the_matches_and_keep_the_text(notes):
    marked = keyword.snippets([T.parse_query("火锅")], [notes["hotpot"].pk, notes["cat"].pk])
    assert set(marked) == {notes["hotpot"].pk}  # the cat note does not match
    title, body = marked[notes["hotpot"].pk]
    assert T.strip_index(title) == f"重庆{T.MARK_OPEN}火锅{T.MARK_CLOSE}"
    assert f"麻辣{T.MARK_OPEN}火锅{T.MARK_CLOSE}" in T.strip_index(body)


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="the ranking window is PostgreSQL's (FTS5 ranks every match inside its index)",
)


@postgres_only
@pytest.mark.parametrize("gin_matches", [0, 10**9], ids=["primary-key-scan", "gin-index"])
def test_postgres_ranks_the_newest_window_of_matches_by_either_path(
    user, other_user, post, monkeypatch, gin_matches
):
    monkeypatch.setattr(keyword, "RANK_WINDOW", 3)
    monkeypatch.setattr(keyword, "GIN_MATCHES", gin_matches)
    oldest_best = post(user, "火锅", "火锅火锅")  # the best match, but outside the window
    body_only = post(user, "周末", "吃火锅")
    secret = post(other_user, "火锅 秘方", "火锅", visibility="private")
    title = post(user, "火锅", "很开心")
    # The window is the 3 newest matches; the private one is cut after the window.
    assert ids(["火锅"], Note.objects.visible_to(user)) == [title.pk, body_only.pk]
    assert ids(["火锅"], Note.objects.visible_to(other_user)) == [secret.pk, title.pk, body_only.pk]
    assert ids(["火锅"], Note.objects.visible_to(user), order="newest") == [title.pk, body_only.pk]
    monkeypatch.setattr(keyword, "RANK_WINDOW", 100)
    assert ids(["火锅"], Note.objects.visible_to(user))[0] == oldest_best.pk


@postgres_only
def test_postgres_estimates_matches_from_statistics(user, post):
    for i in range(5):
        post(user, f"火锅 {i}", "周末")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchdocument")
    expression = T.tsquery_expression([T.parse_query("火锅")])
    assert 1 <= keyword._pg_estimated_matches(expression) <= 50

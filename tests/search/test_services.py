"""The search service: fusion of keyword, translated and semantic lists, visibility, filters, paging."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from qiao.notes.models import Note
from qiao.search import services
from qiao.search.translate import remember_translation
from qiao.social import services as social


def search(viewer, q, **params):
    return services.search(viewer, services.parse_params(q=q, **params))


# --- parameters ---------------------------------------------------------------------------------


def test_parse_params_accepts_the_documented_values():
    params = services.parse_params(
        q="  火锅  ", type="notes", lang="zh", since="week", sort="newest", limit=5
    )
    assert (params.q, params.lang, params.sort, params.limit) == ("火锅", "zh", "newest", 5)
    assert timezone.now() - timedelta(days=7, minutes=1) < params.since_at < timezone.now()
    assert (
        services.parse_params(q="x", since="2025-01-31").since_at.date().isoformat() == "2025-01-31"
    )


def test_parse_params_names_every_bad_parameter():
    with pytest.raises(ValidationError) as caught:
        services.parse_params(
            q=" ", type="boards", lang="xx", since="soon", sort="random", cursor="%%", limit=0
        )
    assert set(caught.value.message_dict) == {
        "q",
        "type",
        "lang",
        "since",
        "sort",
        "cursor",
        "limit",
    }


def test_a_forged_cursor_is_a_validation_error():
    from qiao.core.pagination import encode_cursor

    for forged in (
        encode_cursor([-1]),
        encode_cursor([10**9]),
        encode_cursor(["x"]),
        "bm90IGpzb24",
    ):
        with pytest.raises(ValidationError):
            services.parse_params(q="x", cursor=forged)


# --- notes ----------------------------------------------------------------------------------------


@pytest.fixture
def hotpot(user, other_user, post):
    return {
        "zh": post(other_user, "重庆火锅", "和朋友去吃了麻辣火锅，锅底一绝"),
        "en": post(user, "Hotpot night", "The best hotpot in Chengdu, super spicy broth"),
        "cat": post(user, "My cat", "She knocked everything off the table again"),
    }


def test_a_query_finds_notes_in_its_own_language_first(user, hotpot):
    found = search(user, "hotpot")
    # The Chinese note comes through the dictionary (火锅), after the typed-language match.
    assert [hit.note.pk for hit in found.items] == [hotpot["en"].pk, hotpot["zh"].pk]
    assert found.query_lang == "en"
    assert found.items[0].sources == ["keyword"]
    assert "<mark>hotpot</mark>" in found.items[0].snippet_html


def test_a_cached_query_translation_finds_notes_in_the_other_language(user, hotpot, settings):
    settings.QIAO_SEARCH_QUERY_TRANSLATION = "background"
    remember_translation("hotpot", "en", "zh", "火锅")
    found = search(user, "hotpot")
    assert found.translations == {"zh": "火锅"}
    by_id = {hit.note.pk: hit for hit in found.items}
    assert set(by_id) == {hotpot["en"].pk, hotpot["zh"].pk}
    # One list per language: the translation and the dictionary's 火锅 count once.
    assert by_id[hotpot["zh"].pk].sources == ["translated:zh"]
    assert "<mark>火锅</mark>" in by_id[hotpot["zh"].pk].snippet_html


def test_traditional_chinese_and_pinyin_queries_find_simplified_notes(user, hotpot):
    for q in ("重慶火鍋", "huoguo", "huo guo"):
        found = [hit.note.pk for hit in search(user, q).items]
        assert found[0] == hotpot["zh"].pk, q
        assert hotpot["cat"].pk not in found


def test_semantic_search_crosses_languages(user, other_user, post, embed_all, find):
    english = post(user, "How I learn English", "Tips for learning English vocabulary every day")
    chinese = post(other_user, "学习英语的好方法", "每天背单词，看美剧，坚持一年英语进步很大")
    post(other_user, "周末去爬山", "山顶的风景太美了")
    assert embed_all()["embedded"] == 3
    found = search(user, "learn english")
    by_id = {hit.note.pk: hit for hit in found.items}
    assert chinese.pk in by_id and english.pk in by_id
    assert "semantic" in by_id[chinese.pk].sources
    assert found.items[0].note.pk == english.pk  # keyword + semantic beats the rest
    # The semantic list finds the Chinese note on its own (no shared word at all).
    semantic = services.semantic_candidates("learn english", Note.objects.all())
    assert chinese.pk in {pk for pk, _ in semantic}


@pytest.fixture
def private_world(make_user, post, embed_all):
    """Bob's notes on one topic at every visibility, and Carol who follows him."""
    bob = make_user("bob_writer", read_languages=["zh"])
    carol = make_user("carol", read_languages=["en"])
    social.follow(carol, bob)
    notes = {
        "public": post(bob, "学习英语的好方法", "每天背单词，看美剧", visibility="public"),
        "followers": post(
            bob, "英语学习计划", "每天练习口语和听力，坚持背单词", visibility="followers"
        ),
        "private": post(bob, "我的英语日记", "今天背了五十个英语单词", visibility="private"),
        "hidden": post(bob, "英语学习心得", "背单词的方法分享，每天坚持", visibility="public"),
    }
    Note.objects.filter(pk=notes["hidden"].pk).update(is_hidden=True)
    embed_all()
    return bob, carol, notes


@pytest.mark.parametrize("q", ["英语", "背单词", "learn english vocabulary every day"])
def test_visibility_holds_on_every_path(private_world, user, find, q):
    bob, carol, notes = private_world
    everyone = {n.pk for n in notes.values()}
    stranger = set(find(user, q)) & everyone
    follower = set(find(carol, q)) & everyone
    owner = set(find(bob, q)) & everyone
    anonymous = set(find(None, q)) & everyone
    assert notes["hidden"].pk not in stranger | follower | owner | anonymous
    assert notes["private"].pk not in stranger | follower | anonymous
    assert notes["followers"].pk not in stranger | anonymous
    # And the rules are not just hiding everything: each sees what they may.
    assert notes["public"].pk in stranger and notes["public"].pk in anonymous
    assert notes["followers"].pk in follower
    assert {notes["private"].pk, notes["followers"].pk} <= owner


def test_the_semantic_path_alone_respects_visibility(private_world, user):
    bob, carol, notes = private_world
    q = "learn english vocabulary every day"  # no keyword in the Chinese notes
    for viewer, allowed in (
        (user, {"public"}),
        (carol, {"public", "followers"}),
        (bob, {"public", "followers", "private"}),
    ):
        hits = services.semantic_candidates(
            q, services.visible_notes(viewer, services.parse_params(q=q))
        )
        found = {name for name, note in notes.items() if note.pk in {pk for pk, _ in hits}}
        assert found <= allowed
    owner_hits = {pk for pk, _ in services.semantic_candidates(q, Note.objects.visible_to(bob))}
    assert notes["private"].pk in owner_hits or notes["followers"].pk in owner_hits


def test_unrelated_queries_find_nothing_semantically(user, hotpot, embed_all):
    embed_all()
    assert services.semantic_candidates("quantum chromodynamics lecture", Note.objects.all()) == []


def test_filters_language_and_time(user, hotpot):
    Note.objects.filter(pk=hotpot["en"].pk).update(created_at=timezone.now() - timedelta(days=40))
    post_translation = remember_translation  # the zh note is reached through the cached translation
    post_translation("hotpot", "en", "zh", "火锅")
    from django.test import override_settings

    with override_settings(QIAO_SEARCH_QUERY_TRANSLATION="background"):
        assert {h.note.pk for h in search(user, "hotpot").items} == {
            hotpot["en"].pk,
            hotpot["zh"].pk,
        }
        assert [h.note.pk for h in search(user, "hotpot", lang="zh").items] == [hotpot["zh"].pk]
        assert [h.note.pk for h in search(user, "hotpot", lang="en").items] == [hotpot["en"].pk]
        assert [h.note.pk for h in search(user, "hotpot", since="month").items] == [hotpot["zh"].pk]


def test_sorts_by_newest_and_most_liked(user, post):
    old = post(user, "Hotpot one", "hotpot hotpot hotpot")
    new = post(user, "Another dinner", "we had hotpot")
    Note.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - timedelta(days=2), like_count=9
    )
    assert [h.note.pk for h in search(user, "hotpot").items] == [old.pk, new.pk]
    assert [h.note.pk for h in search(user, "hotpot", sort="newest").items] == [new.pk, old.pk]
    assert [h.note.pk for h in search(user, "hotpot", sort="likes").items] == [old.pk, new.pk]


def test_pages_follow_the_cursor_to_the_end(user, post):
    made = [post(user, f"Dumplings {i}", "dumplings for dinner") for i in range(5)]
    seen, cursor = [], None
    while True:
        found = services.search(user, services.parse_params(q="dumplings", limit=2, cursor=cursor))
        seen += [hit.note.pk for hit in found.items]
        cursor = found.next_cursor
        if not cursor:
            break
    assert sorted(seen) == sorted(n.pk for n in made)
    assert len(seen) == len(set(seen)) == 5


def test_snippets_are_translated_when_a_translation_is_stored(user, hotpot):
    from django.contrib.contenttypes.models import ContentType

    from qiao.translation.memory import text_hash
    from qiao.translation.models import ContentTranslation

    note = hotpot["zh"]
    note_type = ContentType.objects.get_for_model(Note)
    for field, text in (
        ("title", "Chongqing hotpot"),
        ("body", "Went for spicy hotpot with friends; the broth was great"),
    ):
        ContentTranslation.objects.create(
            content_type=note_type, object_id=note.pk, field=field, target_lang="en", source_lang="zh",
            source_hash=text_hash(getattr(note, field)), engine="test", model="test", text=text,
        )  # fmt: skip
    hit = search(user, "火锅").items[0]  # alice reads English
    assert hit.note.pk == note.pk and hit.translated_to == "en"
    assert "spicy" in hit.translated_snippet_html
    assert "<mark>火锅</mark>" in hit.snippet_html  # the original, as found


# --- people, topics, terms ------------------------------------------------------------------------


def test_users_by_handle_name_and_pinyin(make_user):
    zhang = make_user("zw_travels", display_name="张伟")
    make_user("wei_fan", display_name="Wei Fan")
    gone = make_user("zhangwei_old", display_name="张伟", is_active=False)
    for q in ("张伟", "張偉", "zhangwei", "zw_trav", "@zw_travels"):
        assert zhang in [hit.user for hit in services.search_users(q)], q
    assert gone not in [hit.user for hit in services.search_users("张伟")]
    assert services.search_users("zw_travels")[0].user == zhang


def test_hashtags_by_name_and_pinyin_only_when_a_visible_note_uses_them(user, other_user, post):
    post(user, "Dinner", "#重庆火锅 was great")
    post(other_user, "Secret", "#火锅秘方", visibility="private")
    assert [hit.hashtag.name for hit in services.search_hashtags(user, "huoguo")] == ["重庆火锅"]
    assert [hit.hashtag.name for hit in services.search_hashtags(user, "火鍋")] == ["重庆火锅"]
    assert [hit.hashtag.name for hit in services.search_hashtags(other_user, "火锅")] == [
        "火锅秘方",
        "重庆火锅",
    ]  # prefix first


def test_glossary_terms_are_searched_when_the_glossary_exists():
    glossary = pytest.importorskip("qiao.slang.glossary")
    entry = next(e for e in glossary.load_glossary() if e.lang == "zh")
    hits = services.search_terms(entry.term, "en")
    assert hits and hits[0].entry.id == entry.id
    assert hits[0].meaning == entry.meaning_en
    assert services.search_terms("zzqqxxnotaterm") == []

"""The pipeline end to end (with a LibreTranslate-compatible server, and once with the real model)."""

import pytest
from django.core.exceptions import ValidationError
from django.http import Http404

from qiao.notes.models import Note
from qiao.social import services as social
from qiao.translation import services
from qiao.translation.engines import EngineUnavailable, get_engine
from qiao.translation.models import ContentTranslation, TranslationMemory

from .fixtures import post_note_fixture  # noqa: F401
from .helpers import script_share
from .libre import libre_fixture  # noqa: F401


def test_layout_tokens_and_english_parts_survive(libre, db):
    libre.add(
        "zh",
        "en",
        {
            "今天和 ⟦1⟧ 去了新开的咖啡店！": "Today I went to the new café with ⟦1⟧!",
            "拉花是一只小猫": "The latte art was a little cat",
            "这家店太好吃了": "This place is delicious",
        },
    )
    text = "今天和 @alice 去了新开的咖啡店！ 拉花是一只小猫 ☕️\n\n这家店太好吃了 highly recommend this place!\n#探店 #咖啡"
    result = services.translate_text(text, "zh", "en")
    assert result.text == (
        "Today I went to the new café with @alice! The latte art was a little cat ☕️\n\n"
        "This place is delicious highly recommend this place!\n#探店 #咖啡"
    )
    assert result.status == "done"
    assert "highly recommend this place!" not in libre.asked  # already English: never sent
    assert [s.status for s in result.segments] == ["translated", "translated", "translated", "kept"]


def test_a_segment_that_fails_the_checks_is_shown_in_the_original(libre, db):
    libre.add("zh", "en", {"第一句。": "First sentence."})  # the server echoes the second one
    result = services.translate_text("第一句。第二句是中文。", "zh", "en")
    assert result.text == "First sentence. 第二句是中文。"  # English needs the space Chinese did not
    assert result.status == "partial"
    assert result.segments[1].problems == ["not en"]
    assert TranslationMemory.objects.count() == 0  # translate_text stores nothing by itself
    # The refusal is remembered too, so a repeat costs no engine call.
    assert [(e.source_text, e.translation) for e in result.entries] == [("第一句。", "First sentence."), ("第二句是中文。", "")]


def test_nothing_translated_is_unavailable(libre, db):
    result = services.translate_text("完全不认识的句子", "zh", "en")
    assert result.status == "unavailable"
    assert result.text == "完全不认识的句子"


def test_a_lost_placeholder_is_retried_once_without_placeholders(libre, db):
    libre.add(
        "zh",
        "en",
        {
            "我在 ⟦1⟧ 吃了火锅": "I ate hotpot",  # lost the hashtag
            "我在 #成都 吃了火锅": "I ate hotpot in #成都",
        },
    )
    result = services.translate_text("我在 #成都 吃了火锅", "zh", "en")
    assert result.text == "I ate hotpot in #成都"
    assert libre.asked == ["我在 ⟦1⟧ 吃了火锅", "我在 #成都 吃了火锅"]
    assert result.entries[0].translation == "I ate hotpot in ⟦1⟧"  # remembered in placeholder form


def test_the_memory_answers_before_the_engine(libre, db):
    from qiao.translation import memory

    libre.add("zh", "en", {"好看!": "Nice!"})
    first = services.translate_text("好看!", "zh", "en")
    memory.remember(first.entries)
    second = services.translate_text(" 好看! ", "zh", "en")
    assert second.text == " Nice! "
    assert second.segments[0].from_memory
    assert libre.asked == ["好看!"]


def test_traditional_chinese_is_opencc_never_a_model(libre, db):
    assert services.translate_text("头发和汉字", "zh", "zh-Hant").text == "頭髮和漢字"
    assert libre.asked == []
    libre.add("en", "zh", {"Long hair": "长头发"})
    assert services.translate_text("Long hair", "en", "zh-TW").text == "長頭髮"


@pytest.mark.parametrize("target", ["fr", "", "klingon"])
def test_targets_outside_the_platform_languages_are_refused(target):
    with pytest.raises(ValidationError):
        services.parse_target(target)


def test_an_engine_that_is_down_raises_and_stores_nothing(libre, other_user, post_note):
    note = post_note(other_user, title="周末的咖啡店", lang="zh")
    libre.status = 500
    with pytest.raises(EngineUnavailable):
        services.translate_unit(note, "en")
    assert not ContentTranslation.objects.exists()


def test_inline_requests_answer_unavailable_when_the_engine_is_down(libre, settings, user, other_user, post_note):
    settings.QIAO_TRANSLATE_INLINE = True
    note = post_note(other_user, title="周末的咖啡店", lang="zh")
    libre.status = 500
    result = services.request_translation(note, "en", user)
    assert isinstance(result, services.Unavailable)


def test_a_unit_is_a_note_with_its_image_descriptions(libre, other_user, post_note):
    libre.add("zh", "en", {"海边日落": "Sunset by the sea", "夕阳下的沙滩": "The beach at sunset"})
    note = post_note(other_user, title="海边日落", alt_texts=["夕阳下的沙滩", ""], lang="zh")
    unit = services.translate_unit(note, "en")
    assert [(f.field, f.status) for f in unit.fields] == [
        ("title", "done"), ("body", "empty"), ("alt_text", "done"), ("alt_text", "empty")
    ]  # fmt: skip
    assert services.stored_unit(note, "en").as_dict()["items"][2]["text"] == "The beach at sunset"
    assert services.stored_unit(note, "zh") is not None  # already Chinese: nothing to do
    assert services.stored_unit(note, "zh").fields[0].status == "same"


def test_refused_translations_are_stored_as_unavailable_until_retry(libre, settings, other_user, post_note):
    note = post_note(other_user, title="完全不认识的标题", lang="zh")
    unit = services.translate_unit(note, "en")
    assert unit.status == "unavailable"
    assert unit.text(note, "title") == "完全不认识的标题"
    assert services.stored_unit(note, "en").status == "unavailable"
    settings.QIAO_TRANSLATION_RETRY_SECONDS = -1
    assert services.stored_unit(note, "en") is None


def test_units_follow_visibility(user, other_user, post_note):
    hidden = post_note(other_user, title="只给粉丝", visibility=Note.Visibility.FOLLOWERS, lang="zh")
    with pytest.raises(Http404):
        services.get_unit("note", hidden.pk, user)
    assert services.get_unit("note", hidden.pk, other_user) == hidden
    social.follow(user, other_user)
    assert services.get_unit("note", hidden.pk, user) == hidden
    board = social.create_board(other_user, "私密收藏", is_private=True)
    with pytest.raises(Http404):
        services.get_unit("board", board.pk, user)
    comment = social.add_comment(other_user, hidden, "好看")
    with pytest.raises(Http404):
        services.get_unit("comment", comment.pk, None)
    assert services.get_unit("user", "BOB", None) == other_user
    with pytest.raises(Http404):
        services.get_unit("noteimage", hidden.images.get().pk, other_user)


def test_reader_languages(make_user, rf):
    from django.contrib.auth.models import AnonymousUser

    reader = make_user("reader", read_languages=["en"], auto_translate=True)
    both = make_user("both", read_languages=["zh", "en"])
    assert services.reader_target(reader) == "en"
    assert services.reader_target(AnonymousUser(), "zh-hans") == "zh"
    assert services.reads(both, "zh") and services.reads(both, "en")
    assert not services.reads(reader, "zh")
    assert services.reads(reader, "")


def test_pretranslation_targets_are_the_other_reader_languages(other_user, post_note, settings):
    note = post_note(other_user, title="周末的咖啡店", lang="zh")
    assert services.pretranslation_targets(note) == ["en"]
    settings.QIAO_CONTENT_LANGUAGES = ["zh", "en", "ja"]
    assert services.pretranslation_targets(note) == ["en", "ja"]


def test_a_mixed_note_with_the_real_model(settings, small_model, other_user, post_note):
    """The newcomer's case: a Chinese note with English, tags, a mention and emoji, in English."""
    settings.QIAO_TRANSLATION_ENGINE = "llamacpp"
    settings.QIAO_LLAMA_MODEL_PATH = str(small_model)
    settings.QIAO_TRANSLATION_TIMEOUT = 300
    note = post_note(
        other_user,
        title="周末咖啡店打卡 ☕️",
        body="和 @alice 去了一家新开的咖啡店。\nThe latte art was so cute!\n#探店 #咖啡",
        lang="zh",
    )
    unit = services.translate_unit(note, "en", engine=get_engine())
    body = unit.text(note, "body")
    assert unit.engine == "llamacpp" and unit.model == "qwen2.5-0.5b-instruct-q4km"
    lines = body.split("\n")
    assert len(lines) == 3
    assert "@alice" in lines[0]
    assert lines[1] == "The latte art was so cute!"  # English kept as written
    assert lines[2] == "#探店 #咖啡"
    title = unit.text(note, "title")
    assert title.endswith("☕️")
    assert title == "周末咖啡店打卡 ☕️" or script_share(title, "latin") > 0.8


def test_a_remembered_refusal_costs_no_engine_call_until_it_may_be_retried(libre, settings, db):
    from qiao.translation import memory

    memory.remember(services.translate_text("完全不认识的句子", "zh", "en").entries)
    again = services.translate_text("完全不认识的句子", "zh", "en")
    assert again.status == "unavailable" and again.segments[0].problems == [memory.REFUSED]
    assert libre.asked == ["完全不认识的句子"]
    settings.QIAO_TRANSLATION_RETRY_SECONDS = -1
    libre.add("zh", "en", {"完全不认识的句子": "A sentence nobody knows"})
    retried = services.translate_text("完全不认识的句子", "zh", "en")
    memory.remember(retried.entries)
    assert retried.text == "A sentence nobody knows"
    assert TranslationMemory.objects.get().translation == "A sentence nobody knows"


def test_a_long_sentence_left_untranslated_is_retried_clause_by_clause(libre, db):
    sentence = "Dr. Li, who teaches at the university, said the study is still early"
    libre.add(
        "en",
        "zh",
        {  # the whole sentence comes back in English (echo); its clauses do not
            "Dr. Li,": "李博士，",
            "who teaches at the university,": "在大学任教，",
            "said the study is still early": "说这项研究还处于早期。",
        },
    )
    result = services.translate_text(sentence, "en", "zh")
    assert result.text == "李博士，在大学任教，说这项研究还处于早期。"
    assert libre.asked == [sentence, "Dr. Li,", "who teaches at the university,", "said the study is still early"]


def test_a_clause_retry_with_any_bad_clause_keeps_the_original(libre, db):
    sentence = "Dr. Li, who teaches at the university, said the study is still early"
    libre.add("en", "zh", {"Dr. Li,": "李博士，"})  # the other clauses come back in English
    result = services.translate_text(sentence, "en", "zh")
    assert result.text == sentence and result.status == "unavailable"


def test_a_sentence_that_lost_a_number_is_retried_clause_by_clause(libre, db):
    sentence = "In 2016, he moved to Chengdu, and he opened a café"
    libre.add(
        "en",
        "zh",
        {
            sentence: "他搬到了成都，开了一家咖啡馆。",  # the year is gone: refused
            "In 2016,": "2016年，",
            "he moved to Chengdu,": "他搬到了成都，",
            "and he opened a café": "开了一家咖啡馆。",
        },
    )
    result = services.translate_text(sentence, "en", "zh")
    assert result.text == "2016年，他搬到了成都，开了一家咖啡馆。"
    assert result.status == "done"


def test_nmt_engines_get_slang_as_a_placeholder_restored_as_its_rendering(libre, db):
    """LibreTranslate takes no prompt: "yyds" reaches it as a placeholder and comes back as "the GOAT"."""
    libre.add("zh", "en", {"这家火锅⟦1⟧": "This hotpot place is ⟦1⟧"})
    result = services.translate_text("这家火锅yyds", "zh", "en")
    assert result.text == "This hotpot place is the GOAT"
    assert libre.asked == ["这家火锅⟦1⟧"]


def test_a_segment_that_is_all_slang_needs_no_engine_call(libre, db):
    result = services.translate_text("求链接", "zh", "en")
    assert result.text == "Link please"
    assert libre.asked == []


def test_a_chat_model_that_ignores_its_hint_is_asked_again_with_the_rendering(llama_engine, db):
    """The real 0.5B model: whatever it makes of the hint, "yyds" must not survive into English."""
    result = services.translate_text("这家火锅yyds", "zh", "en", engine=llama_engine, use_memory=False)
    assert result.status == "done", result.problems
    assert "yyds" not in result.text.lower()
    assert "goat" in result.text.lower()

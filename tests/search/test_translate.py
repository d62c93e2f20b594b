"""Query translation: cached, queued or inline per settings, and the seam to stored note translations."""


import pytest
from django.core.cache import cache

from qiao.search import translate
from qiao.search.translate import remember_translation, translate_query


@pytest.fixture(autouse=True)
def _clear_cache(db):
    cache.clear()
    yield
    cache.clear()


def test_off_means_no_translation(settings):
    settings.QIAO_SEARCH_QUERY_TRANSLATION = "off"
    assert translate_query("hotpot", "en", "zh") is None


def test_a_cached_translation_is_used_whatever_the_mode(settings):
    remember_translation("hotpot", "en", "zh", "火锅")
    for mode in ("off", "background", "inline"):
        settings.QIAO_SEARCH_QUERY_TRANSLATION = mode
        assert translate_query("hotpot", "en", "zh") == "火锅"
    assert translate_query("hotpot", "en", "en") is None  # same language: nothing to do


def test_background_mode_queues_one_task_per_query(settings, db):
    from django_tasks_db.models import DBTaskResult

    settings.QIAO_SEARCH_QUERY_TRANSLATION = "background"
    assert translate_query("hotpot", "en", "zh") is None
    assert translate_query("hotpot", "en", "zh") is None
    assert translate.pending_translation("hotpot", "en", "zh")
    queued = DBTaskResult.objects.filter(task_path="qiao.search.tasks.translate_query_task")
    assert queued.count() == 1
    assert queued.get().args_kwargs["args"] == ["hotpot", "en", "zh"]


def test_translations_are_rate_limited_per_searcher(settings, db):
    settings.QIAO_SEARCH_QUERY_TRANSLATION = "background"
    settings.QIAO_RATE_LIMITS = {**settings.QIAO_RATE_LIMITS, "search_translate": "2/3600"}
    for word in ("one", "two"):
        translate_query(word, "en", "zh", rate_key="user:1")
    assert translate_query("three", "en", "zh", rate_key="user:1") is None
    assert not translate.pending_translation("three", "en", "zh")
    translate_query("three", "en", "zh", rate_key="user:2")
    assert translate.pending_translation("three", "en", "zh")


def test_a_broken_engine_means_no_translation_and_is_remembered_briefly(settings, db):
    settings.QIAO_SEARCH_QUERY_TRANSLATION = "inline"
    settings.QIAO_TRANSLATION_ENGINE = "libretranslate"
    settings.QIAO_LIBRETRANSLATE_URL = "http://127.0.0.1:9"  # nothing listens there
    settings.QIAO_TRANSLATION_TIMEOUT = 2
    assert translate_query("hotpot", "en", "zh") is None
    assert translate.cached_translation("hotpot", "en", "zh") is None
    assert cache.get(translate._key("done", "hotpot", "en", "zh")) == ""  # a failure, cached


def test_inline_translation_through_the_real_pipeline_feeds_the_search(settings, user, post, small_model):
    from qiao.search import services

    settings.QIAO_SEARCH_QUERY_TRANSLATION = "inline"
    settings.QIAO_TRANSLATION_ENGINE = "llamacpp"
    settings.QIAO_LLAMA_MODEL_PATH = str(small_model)
    settings.QIAO_TRANSLATION_TIMEOUT = 300  # two shared cores can be slow
    note = post(user, "周末吃火锅", "和朋友去吃了麻辣火锅")
    query = "spicy hotpot in chengdu"
    translation = translate_query(query, "en", "zh")
    assert translation and "火锅" in translation
    found = services.search(user, services.parse_params(q=query))
    assert found.translations["zh"] == translation
    assert [hit.note.pk for hit in found.items] == [note.pk]
    assert found.items[0].sources == ["translated:zh"]


def test_stored_note_translation_reads_the_translation_app(user, post):
    from django.contrib.contenttypes.models import ContentType

    from qiao.notes.models import Note
    from qiao.translation.memory import text_hash
    from qiao.translation.models import ContentTranslation

    note = post(user, "重庆火锅", "太辣了")
    assert translate.stored_note_translation(note, "en") is None
    ContentTranslation.objects.create(
        content_type=ContentType.objects.get_for_model(Note), object_id=note.pk, field="title",
        target_lang="en", source_lang="zh", source_hash=text_hash(note.title), engine="t", model="t",
        text="Chongqing hotpot",
    )  # fmt: skip
    ContentTranslation.objects.create(
        content_type=ContentType.objects.get_for_model(Note), object_id=note.pk, field="body",
        target_lang="en", source_lang="zh", source_hash=text_hash("an older text"), engine="t", model="t",
        text="Stale",
    )  # fmt: skip
    assert translate.stored_note_translation(note, "en") is None  # the body's translation is stale

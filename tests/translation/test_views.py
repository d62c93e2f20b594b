"""The Translate button, its web endpoints, the template tags, the page script and the status page."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.template import Context, Template
from django.test import Client
from django.test.utils import CaptureQueriesContext

from qiao.notes.models import Note
from qiao.translation import services

from .fixtures import post_note_fixture  # noqa: F401
from .libre import libre_fixture  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.QIAO_TRANSLATE_INLINE = True
    settings.QIAO_TRANSLATION_PRETRANSLATE = False
    cache.clear()


def client_for(user=None) -> Client:
    client = Client(enforce_csrf_checks=False)
    if user is not None:
        client.force_login(user)
    return client


# --- endpoints ------------------------------------------------------------------------------


def test_translate_returns_items_with_escaped_html(libre, user, other_user, post_note):
    libre.add("zh", "en", {"海边日落": "<script>alert(1)</script> Sunset", "风很大": "Windy <b>day</b>"})
    note = post_note(other_user, title="海边日落", body="风很大 #旅行", lang="zh")
    response = client_for(user).post(f"/translation/note/{note.pk}/", {"target": "en"})
    assert response.status_code == 200
    data = response.json()
    assert data["status"] == "done" and data["engine"] == "libretranslate"
    title, body = data["items"][0], data["items"][1]
    assert title["text"] == "<script>alert(1)</script> Sunset"
    assert title["html"] == "&lt;script&gt;alert(1)&lt;/script&gt; Sunset"
    assert "Windy &lt;b&gt;day&lt;/b&gt;" in body["html"] and 'class="hashtag"' in body["html"]


# The real worker closes its database connection between tasks, which ends the
# enclosing test transaction on PostgreSQL: run this one in real transactions.
@pytest.mark.django_db(transaction=True)
def test_pending_then_poll(libre, settings, user, other_user, post_note):
    settings.QIAO_TRANSLATE_INLINE = False
    note = post_note(other_user, title="海边日落", lang="zh")
    client = client_for(user)
    response = client.post(f"/translation/note/{note.pk}/", {"target": "en"})
    assert response.status_code == 202 and response.json() == {"status": "pending"}
    poll = client.get(f"/translation/note/{note.pk}/status/", {"target": "en"})
    assert poll.status_code == 202
    from .test_tasks import run_worker

    libre.add("zh", "en", {"海边日落": "Sunset by the sea"})
    run_worker()
    poll = client.get(f"/translation/note/{note.pk}/status/", {"target": "en"})
    assert poll.status_code == 200 and poll.json()["items"][0]["text"] == "Sunset by the sea"


def test_a_poll_without_a_request_ends_the_wait(libre, user, other_user, post_note):
    note = post_note(other_user, title="海边日落", lang="zh")
    data = client_for(user).get(f"/translation/note/{note.pk}/status/", {"target": "en"}).json()
    assert data["status"] == "unavailable"


def test_anonymous_readers_may_translate_public_notes(libre, other_user, post_note):
    libre.add("zh", "en", {"海边日落": "Sunset by the sea"})
    note = post_note(other_user, title="海边日落", lang="zh")
    response = Client().post(f"/translation/note/{note.pk}/", {"target": "en"}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.json()["items"][0]["text"] == "Sunset by the sea"


def test_errors_are_json_with_the_right_status(libre, settings, user, other_user, post_note):
    hidden = post_note(other_user, title="只给粉丝", visibility=Note.Visibility.FOLLOWERS, lang="zh")
    client = client_for(user)
    assert client.post(f"/translation/note/{hidden.pk}/", {"target": "en"}).status_code == 404
    assert client.post("/translation/nothing/1/", {"target": "en"}).status_code == 404
    public = post_note(other_user, title="海边日落", lang="zh")
    bad = client.post(f"/translation/note/{public.pk}/", {"target": "xx"})
    assert bad.status_code == 400 and bad.json()["detail"]
    assert client.get(f"/translation/note/{public.pk}/").status_code == 405
    settings.QIAO_RATE_LIMITS = {**settings.QIAO_RATE_LIMITS, "translation_user": "0/3600"}
    limited = client.post(f"/translation/note/{public.pk}/", {"target": "en"})
    assert limited.status_code == 429 and int(limited["Retry-After"]) > 0 and limited.json()["detail"]


def test_the_endpoint_needs_the_csrf_token(user, other_user, post_note):
    note = post_note(other_user, title="海边日落", lang="zh")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post(f"/translation/note/{note.pk}/", {"target": "en"}).status_code == 403


# --- template tags --------------------------------------------------------------------------


def render(source: str, user, rf, **context) -> str:
    request = rf.get("/")
    request.user = user
    request.LANGUAGE_CODE = "en"
    return Template("{% load translation_tags %}" + source).render(Context({"request": request, **context}))


def test_a_reader_who_does_not_read_the_language_gets_a_button(rf, user, other_user, post_note):
    note = post_note(other_user, title="海边<日落>", lang="zh")
    html = render('{% translatable note "title" %}{% translate_button note %}', user, rf, note=note)
    assert '<span class="tr-original" lang="zh-Hans">海边&lt;日落&gt;</span>' in html
    assert f'data-tr-url="/translation/note/{note.pk}/"' in html and 'data-tr-target="en"' in html
    assert ">Translate<" in html and "translation/translate.js" in html
    assert render("{% translate_button note %}", other_user, rf, note=note) == ""  # bob reads Chinese


def test_the_script_is_included_once_per_page(rf, user, other_user, post_note):
    first, second = post_note(other_user, title="第一", lang="zh"), post_note(other_user, title="第二", lang="zh")
    html = render("{% translate_button first %}{% translate_button second %}", user, rf, first=first, second=second)
    assert html.count("translation/translate.js") == 1


def test_auto_translate_shows_the_stored_translation_escaped(libre, rf, make_user, other_user, post_note):
    reader = make_user("reader", read_languages=["en"], auto_translate=True)
    libre.add("zh", "en", {"海边日落": "Sunset <by> the sea", "沙滩": "The <beach>"})
    note = post_note(other_user, title="海边日落", alt_texts=["沙滩"], lang="zh")
    services.translate_unit(note, "en")
    html = render(
        '{% translatable note "title" %}{% for i in note.images.all %}<img {% translatable i "alt_text" as_attr="alt" %}>{% endfor %}'
        "{% translate_button note %}",
        reader, rf, note=note,
    )  # fmt: skip
    assert '<span class="tr-original" lang="zh-Hans" hidden>海边日落</span>' in html
    assert '<span class="tr-translation" lang="en">Sunset &lt;by&gt; the sea</span>' in html
    assert 'alt="The &lt;beach&gt;"' in html and 'data-tr-original="沙滩"' in html
    assert "Show original" in html and "Machine translation, may contain errors." in html
    assert "libretranslate" in html and "data-tr-auto" not in html


def test_auto_translate_without_a_stored_translation_asks_on_load(rf, make_user, other_user, post_note):
    reader = make_user("reader", read_languages=["en"], auto_translate=True)
    note = post_note(other_user, title="海边日落", lang="zh")
    html = render('{% translatable note "title" %}{% translate_button note %}', reader, rf, note=note)
    assert "data-tr-auto" in html and 'data-tr-state="original"' in html


def test_a_mixed_note_in_a_language_the_reader_reads_still_offers_translation(rf, user, other_user, post_note):
    note = post_note(other_user, title="Weekend", body="Great coffee.\n这家店的拉花真的很好看", lang="en")
    assert "data-tr-control" in render("{% translate_button note %}", user, rf, note=note)


# --- Qiao's own pages -----------------------------------------------------------------------


def test_qiao_pages_carry_the_translation_controls(libre, make_user, other_user, post_note):
    from qiao.social import services as social

    reader = make_user("reader", read_languages=["en"], auto_translate=True)
    libre.add("zh", "en", {"海边日落": "Sunset by the sea", "太美了": "So beautiful", "沙滩": "The beach",
                           "爱吃火锅": "Loves hotpot", "周末去哪儿": "Weekend plans"})  # fmt: skip
    note = post_note(other_user, title="海边日落", alt_texts=["沙滩"], lang="zh")
    comment = social.add_comment(other_user, note, "太美了")
    other_user.bio = "爱吃火锅"
    other_user.save()
    board = social.create_board(other_user, "周末去哪儿")
    for unit in (note, comment, other_user, board):
        services.translate_unit(unit, "en")
    client = client_for(reader)

    page = client.get(f"/notes/{note.pk}/").content.decode()
    assert '<span class="tr-translation" lang="en">Sunset by the sea</span>' in page
    assert 'alt="The beach"' in page and '<span class="tr-translation" lang="en">So beautiful</span>' in page
    assert page.count("data-tr-control") == 2 and page.count("translation/translate.js") == 1
    profile = client.get(f"/@{other_user.handle}/").content.decode()
    assert "Loves hotpot" in profile and "data-tr-control" in profile
    assert "Weekend plans" in client.get(f"/@{other_user.handle}/?tab=boards").content.decode()
    assert "Weekend plans" in client.get(f"/@{other_user.handle}/boards/{board.pk}/").content.decode()
    assert "Sunset by the sea" in client.get("/").content.decode()  # the card title in Explore
    # A reader who reads Chinese sees the original and no button.
    page = client_for(other_user).get(f"/notes/{note.pk}/").content.decode()
    assert "data-tr-control" not in page and "Sunset by the sea" not in page


# --- query counts -------------------------------------------------------------------------

#: Comments in Chinese with their English, as the dictionary engine answers them.
COMMENTS = {
    "风景真美": "What a view", "我也想去": "I want to go too", "下次一起去": "Let us go together next time",
    "拍得真好": "Nicely shot", "颜色好漂亮": "Lovely colours", "天气不错": "Nice weather",
    "好安静的地方": "Such a quiet place", "这是哪里": "Where is this", "周末去看看": "Going this weekend",
    "非常喜欢这里": "Love it here", "看起来很舒服": "Looks comfortable", "人多吗": "Is it crowded",
    "门票贵吗": "Are tickets expensive", "推荐一下路线": "Please recommend a route", "晚上也能去吗": "Can we go at night",
}  # fmt: skip


def page_queries(client: Client, url: str) -> tuple[list[str], str]:
    """The SQL of one warm request for ``url``, and the page."""
    client.get(url)  # warm: first-request work (session, content types) is not what is measured
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return [query["sql"] for query in queries.captured_queries], response.content.decode()


@pytest.fixture
def steady_slang(settings):
    """The slang glossary checks its version (a cache read, a rebuild) with the clock, not the data:
    only on the warm-up request here, so the counts compare like with like."""
    settings.QIAO_SLANG_VERSION_CHECK_SECONDS = 3600


def lookups(sql: list[str]) -> int:
    return sum(1 for statement in sql if "translation_contenttranslation" in statement)


@pytest.mark.parametrize("stored", [False, True], ids=["not-stored", "stored"])
@pytest.mark.parametrize("auto", [False, True], ids=["button", "auto-translate"])
def test_the_note_page_queries_do_not_grow_with_its_comments(
    libre, settings, steady_slang, make_user, other_user, post_note, auto, stored
):
    from qiao.social import services as social

    settings.QIAO_RATE_LIMITS = {scope: "1000000/60" for scope in settings.QIAO_RATE_LIMITS}
    libre.add("zh", "en", {"海边日落": "Sunset by the sea", **COMMENTS})
    reader = make_user("reader", read_languages=["en"], auto_translate=auto)
    note = post_note(other_user, title="海边日落", lang="zh")
    texts = list(COMMENTS)

    def comment(body: str, parent=None) -> None:
        made = social.add_comment(other_user, note, body, parent=parent)
        if stored:
            services.translate_unit(made, "en")

    first = social.add_comment(make_user("fan", read_languages=["zh"]), note, "晚上也能去吗")
    comment(texts[0], parent=first)  # a reply: the page looks replies up with the rest
    for text in texts[1:3]:
        comment(text)
    if stored:
        services.translate_unit(note, "en")
        services.translate_unit(first, "en")
    client, urls = client_for(reader), (f"/notes/{note.pk}/", f"/social/notes/{note.pk}/comments")
    few = [page_queries(client, url)[0] for url in urls]
    for text in texts[3:]:
        comment(text)
    (many, html), (more_comments, _html) = (page_queries(client, url) for url in urls)

    assert len(many) == len(few[0]), "\n".join(many)
    assert len(more_comments) == len(few[1]), "\n".join(more_comments)
    # One lookup for the whole page, and none without auto-translate.
    assert lookups(many) == lookups(more_comments) == (1 if auto else 0)
    assert html.count("data-tr-control") == 1 + 15 + 1  # the note, its comments and the reply
    shown = [english for english in COMMENTS.values() if f'lang="en">{english}</span>' in html]
    assert len(shown) == (15 if auto and stored else 0)
    assert html.count("data-tr-auto") == (17 if auto and not stored else 0)


@pytest.mark.parametrize("auto", [False, True], ids=["button", "auto-translate"])
def test_explore_queries_do_not_grow_with_translated_titles(
    libre, steady_slang, make_user, other_user, post_note, auto
):
    titles = COMMENTS  # Chinese titles this time
    libre.add("zh", "en", titles)
    reader = make_user("reader", read_languages=["en"], auto_translate=auto)
    client = client_for(reader)

    def post(texts) -> None:
        for text in texts:
            services.translate_unit(post_note(other_user, title=text, lang="zh"), "en")

    post(list(titles)[:3])
    few, _html = page_queries(client, "/")
    post(list(titles)[3:])
    many, html = page_queries(client, "/")

    assert len(many) == len(few), "\n".join(many)
    assert lookups(many) == (1 if auto else 0)
    shown = [english for english in titles.values() if f'lang="en">{english}</span>' in html]
    assert len(shown) == (15 if auto else 0)


# --- status page ----------------------------------------------------------------------------


def test_the_status_page_is_for_staff_only_and_loads_no_model(settings, small_model, user, make_user):
    from qiao.translation.engines import get_engine, llamacpp

    settings.QIAO_TRANSLATION_ENGINE = "llamacpp"
    settings.QIAO_LLAMA_MODEL_PATH = str(small_model)
    settings.QIAO_LLAMA_CTX = 1024  # a configuration no other test loads
    assert client_for(user).get("/translation/status/").status_code == 404
    assert Client().get("/translation/status/").status_code == 404
    staff = make_user("staffer", is_staff=True)
    response = client_for(staff).get("/translation/status/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'data-health="ok"' in html and 'data-model-file="present"' in html
    assert "qwen2.5-0.5b-instruct-q4km" in html and 'data-worker="never"' in html
    engine = get_engine()
    assert not llamacpp.is_loaded(engine.model_path, engine.n_ctx, engine.n_threads)


def test_the_status_page_shows_the_queue_and_a_missing_model(settings, tmp_path, make_user, other_user, post_note):
    settings.QIAO_TRANSLATION_ENGINE = "llamacpp"
    settings.QIAO_LLAMA_MODEL_PATH = str(tmp_path / "missing.gguf")
    note = post_note(other_user, title="海边日落", lang="zh")
    from qiao.translation import tasks

    tasks.pretranslate.enqueue("note", note.pk)
    html = client_for(make_user("staffer", is_staff=True)).get("/translation/status/").content.decode()
    assert 'data-health="failing"' in html and 'data-model-file="missing"' in html
    assert 'data-queue="default"' in html


# --- the page script in a real browser ------------------------------------------------------

from tests.social.browser import BROWSER  # noqa: E402


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(BROWSER[2].args[0], reason="needs Chromium")
def test_tap_translate_show_original_and_try_again(libre, settings, open_page, make_user, other_user, post_note):
    settings.ROOT_URLCONF = "tests.translation.urls"
    reader = make_user("reader", read_languages=["en"])
    libre.add("zh", "en", {"海边日落": "Sunset by the sea", "风很大": "It was <very> windy", "沙滩": "The beach"})
    note = post_note(other_user, title="海边日落", body="风很大 #旅行", alt_texts=["沙滩"], lang="zh")
    page = open_page(f"/test-translation/{note.pk}/", user=reader)
    button = page.locator("[data-tr-toggle]")
    assert button.inner_text().strip() == "Translate"
    button.click()
    page.wait_for_selector(".note-title .tr-translation:not([hidden])")
    assert page.locator(".note-title").inner_text().strip() == "Sunset by the sea"
    assert page.locator(".note-body").inner_text().strip() == "It was <very> windy #旅行"
    assert page.locator(".note-body .tr-translation a.hashtag").count() == 1
    assert page.locator("img").get_attribute("alt") == "The beach"
    assert "may contain errors" in page.locator("[data-tr-note]").inner_text()
    assert button.inner_text().strip() == "Show original"
    button.click()
    assert page.locator(".note-title").inner_text().strip() == "海边日落"
    assert page.locator("img").get_attribute("alt") == "沙滩"
    # A failing engine ends with "try again", and trying again works.
    other = post_note(other_user, title="明天见", lang="zh")
    libre.status = 500
    page = open_page(f"/test-translation/{other.pk}/", user=reader)
    page.locator("[data-tr-toggle]").click()
    page.wait_for_function("() => document.querySelector('[data-tr-status]').textContent.includes('try again')")
    assert page.locator(".note-title").inner_text().strip() == "明天见"
    libre.status = 200
    libre.add("zh", "en", {"明天见": "See you tomorrow"})
    page.locator("[data-tr-toggle]").click()
    page.wait_for_selector(".note-title .tr-translation:not([hidden])")
    assert page.locator(".note-title").inner_text().strip() == "See you tomorrow"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(BROWSER[2].args[0], reason="needs Chromium")
def test_a_queued_translation_is_polled_until_the_worker_is_done(libre, settings, open_page, make_user, other_user, post_note):
    from .test_tasks import run_worker

    settings.ROOT_URLCONF = "tests.translation.urls"
    settings.QIAO_TRANSLATE_INLINE = False
    reader = make_user("reader", read_languages=["en"])
    libre.add("zh", "en", {"海边日落": "Sunset by the sea"})
    note = post_note(other_user, title="海边日落", lang="zh")
    page = open_page(f"/test-translation/{note.pk}/", user=reader)
    page.locator("[data-tr-toggle]").click()
    page.wait_for_function("() => document.querySelector('[data-tr-control]').dataset.trState === 'working'")
    assert page.locator("[data-tr-status]").inner_text() == "Translating…"
    run_worker()
    page.wait_for_selector(".note-title .tr-translation:not([hidden])")
    assert page.locator(".note-title").inner_text().strip() == "Sunset by the sea"


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(BROWSER[2].args[0], reason="needs Chromium")
def test_no_worker_means_try_again_never_a_stuck_spinner(libre, settings, open_page, make_user, other_user, post_note):
    settings.ROOT_URLCONF = "tests.translation.urls"
    settings.QIAO_TRANSLATE_INLINE = False
    settings.QIAO_TRANSLATION_WAIT_SECONDS = 2
    reader = make_user("reader", read_languages=["en"])
    note = post_note(other_user, title="海边日落", lang="zh")
    page = open_page(f"/test-translation/{note.pk}/", user=reader)
    page.locator("[data-tr-toggle]").click()
    page.wait_for_function(
        "() => document.querySelector('[data-tr-status]').textContent.includes('try again')", timeout=10000
    )
    assert page.locator("[data-tr-toggle]").is_enabled()
    assert page.locator(".note-title").inner_text().strip() == "海边日落"

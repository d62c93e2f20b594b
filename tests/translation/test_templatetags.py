"""The translation template tags: stored translations looked up once per page, and escaped everywhere."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.template import Context, Template
from django.test import Client
from django.test.utils import CaptureQueriesContext

from qiao.social import services as social
from qiao.translation import memory, services
from qiao.translation.models import ContentTranslation
from qiao.translation.templatetags.translation_tags import PageTranslations, prime_translations

from .fixtures import post_note_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

#: A translation that tries to open a script and to break out of an attribute.
HOSTILE = 'Sunset <script>alert(1)</script> " onmouseover="alert(2)'


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.QIAO_TRANSLATION_PRETRANSLATE = False
    settings.QIAO_RATE_LIMITS = {scope: "1000000/60" for scope in settings.QIAO_RATE_LIMITS}
    cache.clear()


def store(obj, field: str, text: str, *, target: str = "en", model: str = "test-model") -> None:
    """A finished translation of ``obj``'s field, stored as the pipeline stores one."""
    ContentTranslation.objects.create(
        content_type=ContentType.objects.get_for_model(obj),
        object_id=obj.pk,
        field=field,
        target_lang=target,
        source_lang="zh",
        source_hash=memory.text_hash(getattr(obj, field)),
        engine="libretranslate",
        model=model,
        text=text,
    )


def render(source: str, user, rf, *, request=None, **context) -> str:
    if request is None:
        request = rf.get("/")
        request.user = user
        request.LANGUAGE_CODE = "en"
    return Template("{% load translation_tags %}" + source).render(Context({"request": request, **context}))


def lookups(queries: CaptureQueriesContext) -> int:
    return sum(1 for query in queries.captured_queries if "translation_contenttranslation" in query["sql"])


# --- one lookup per page ----------------------------------------------------------------------


def test_primed_objects_are_looked_up_together_on_first_need(rf, make_user, other_user, post_note):
    reader = make_user("reader", read_languages=["en"], auto_translate=True)
    note = post_note(other_user, title="海边日落", lang="zh")
    comments = [social.add_comment(other_user, note, text) for text in ("风景真美", "我也想去", "拍得真好")]
    for comment, english in zip(comments, ("What a view", "I want to go too", "Nicely shot"), strict=True):
        store(comment, "body", english)
    request = rf.get("/")
    request.user, request.LANGUAGE_CODE = reader, "en"
    prime_translations(request, comments)
    source = "{% for c in comments %}{% translatable c 'body' %}{% translate_button c %}{% endfor %}"
    with CaptureQueriesContext(connection) as queries:
        html = render(source, reader, rf, request=request, comments=comments)
    assert lookups(queries) == 1 and len(queries.captured_queries) == 1
    assert html.count('data-tr-state="translated"') == 6  # each text and each control
    # An object nobody primed is looked up when it is asked about; the page remembers both.
    with CaptureQueriesContext(connection) as queries:
        render("{% translatable note 'title' %}" + source, reader, rf, request=request, note=note, comments=comments)
    assert lookups(queries) == 1


def test_readers_without_auto_translate_cost_no_lookup(rf, user, other_user, post_note):
    note = post_note(other_user, title="海边日落", lang="zh")
    store(note, "title", "Sunset by the sea")
    with CaptureQueriesContext(connection) as queries:
        html = render("{% translatable note 'title' %}{% translate_button note %}", user, rf, note=note)
    assert lookups(queries) == 0
    assert ">Translate<" in html and "Sunset by the sea" not in html


def test_a_translation_of_older_text_is_never_shown(rf, make_user, other_user, post_note):
    reader = make_user("reader", read_languages=["en"], auto_translate=True)
    note = post_note(other_user, title="海边日落", lang="zh")
    store(note, "title", "Sunset by the sea")
    note.title = "山顶日出"  # edited: the stored translation is of the old title
    found = services.stored_translations([note], "en")
    assert found == {}
    html = render("{% translatable note 'title' %}{% translate_button note %}", reader, rf, note=note)
    assert "Sunset by the sea" not in html and "data-tr-auto" in html


def test_stored_translations_answers_many_kinds_in_one_query(make_user, other_user, post_note):
    note = post_note(other_user, title="海边日落", body="", alt_texts=["沙滩"], lang="zh")
    image = note.images.get()
    comment = social.add_comment(other_user, note, "风景真美")
    board = social.create_board(other_user, "周末去哪儿")
    for obj, field, text in ((note, "title", "Sunset"), (image, "alt_text", "The beach"),
                             (comment, "body", "What a view"), (board, "name", "Weekend plans")):  # fmt: skip
        store(obj, field, text)
    store(comment, "body", "Quelle vue", target="fr")
    with CaptureQueriesContext(connection) as queries:
        found = services.stored_translations([note, image, comment, board, comment, other_user], "en")
    assert len(queries.captured_queries) == 1
    assert {key: {field: item.text for field, item in fields.items()} for key, fields in found.items()} == {
        f"note:{note.pk}": {"title": "Sunset"},
        f"noteimage:{image.pk}": {"alt_text": "The beach"},
        f"comment:{comment.pk}": {"body": "What a view"},
        f"board:{board.pk}": {"name": "Weekend plans"},
    }  # bob's empty bio and the French translation are not asked about


def test_page_translations_without_named_objects_fetch_each_once(other_user, post_note):
    first, second = post_note(other_user, title="第一", lang="zh"), post_note(other_user, title="第二", lang="zh")
    store(second, "title", "Second")
    page = PageTranslations()
    with CaptureQueriesContext(connection) as queries:
        assert page.fields(first, "en") == {}
        assert page.fields(second, "en")["title"].text == "Second"
        assert page.fields(first, "en") == {} and page.fields(second, "en")["title"].text == "Second"
    assert len(queries.captured_queries) == 2


def test_the_tags_work_without_a_request(make_user, other_user, post_note):
    reader = make_user("reader", read_languages=["en"], auto_translate=True)
    note = post_note(other_user, title="海边日落", lang="zh")
    store(note, "title", "Sunset by the sea")
    html = Template("{% load translation_tags %}{% translatable note 'title' %}").render(
        Context({"user": reader, "note": note})
    )
    assert '<span class="tr-translation" lang="en">Sunset by the sea</span>' in html


# --- escaping -------------------------------------------------------------------------------


class Markup(HTMLParser):
    """What a browser would build from a page: its elements with their attributes, and script bodies."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict[str, str | None]]] = []
        self.script_bodies: list[str] = []
        self._in_script = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs) -> None:
        self.elements.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_script and data.strip():
            self.script_bodies.append(data)

    def attributes(self, name: str) -> list[str | None]:
        return [attrs[name] for _tag, attrs in self.elements if name in attrs]


def assert_inert(html: str) -> Markup:
    markup = Markup(html)
    assert "onmouseover" not in {name for _tag, attrs in markup.elements for name in attrs}
    assert not any("alert" in body for body in markup.script_bodies)
    assert "<script>alert(1)</script>" not in html
    return markup


def test_stored_translations_are_escaped_on_every_page(make_user, other_user, post_note):
    reader = make_user("reader", read_languages=["en"], auto_translate=True)
    note = post_note(other_user, title="海边日落", body="风很大 #旅行", alt_texts=['沙滩 "海"'], lang="zh")
    comment = social.add_comment(other_user, note, "风景真美")
    other_user.bio = "爱吃火锅"
    other_user.save()
    board = social.create_board(other_user, "周末去哪儿")
    social.collect(other_user, note, board)
    image = note.images.get()
    for obj, field in ((note, "title"), (note, "body"), (image, "alt_text"), (comment, "body"),
                       (other_user, "bio"), (board, "name")):  # fmt: skip
        store(obj, field, HOSTILE, model='m"<b>odel')
    client = Client()
    client.force_login(reader)
    escaped = "Sunset &lt;script&gt;alert(1)&lt;/script&gt;"

    page = client.get(f"/notes/{note.pk}/").content.decode()
    markup = assert_inert(page)
    assert page.count(escaped) >= 3  # title, body and comment, shown in place
    assert HOSTILE in markup.attributes("alt")  # the image description, whole inside its attribute
    assert HOSTILE in markup.attributes("data-tr-translated")
    assert '沙滩 "海"' in markup.attributes("data-tr-original")
    assert 'm"<b>odel' not in page and "m&quot;&lt;b&gt;odel" in page  # the engine note
    for url in (
        f"/social/notes/{note.pk}/comments",
        "/",
        f"/@{other_user.handle}/",
        f"/@{other_user.handle}/?tab=boards",
        f"/@{other_user.handle}/boards/{board.pk}/",
    ):
        html = client.get(url).content.decode()
        assert_inert(html)
        assert escaped in html, url

"""The seam to the translation pipeline: moderators read cases in their language."""

import json

import pytest
from django.urls import reverse

from qiao.moderation import services
from qiao.moderation.tasks import translate_case_task
from qiao.moderation.translation import shown_translation, translate_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(make_note, other_user, user):
    note = make_note(other_user, "你们都是垃圾", lang="zh")
    return services.file_report(user, "note", note.pk, "harassment").case


@pytest.fixture
def openai_engine(settings, local_server):
    """The translation pipeline's OpenAI-compatible engine, pointed at a local server with a canned answer."""

    def chat(handler, body):
        return (
            200,
            {"choices": [{"message": {"role": "assistant", "content": "You are all trash"}}]},
            {},
        )

    server = local_server({("POST", "/v1/chat/completions"): chat})
    settings.QIAO_TRANSLATION_ENGINE = "openai"
    settings.QIAO_OPENAI_BASE_URL = f"{server.url}/v1"
    settings.QIAO_OPENAI_MODEL = "test-model"
    return server


def test_untranslated_cases_say_so(case):
    assert shown_translation(case, "en").status == "unavailable"
    assert shown_translation(case, "zh").status == "same"


def test_translate_through_the_pipeline_and_keep_it(case, openai_engine):
    shown = translate_case(case, "en")
    assert shown.status == "done" and shown.text == "You are all trash"
    case.refresh_from_db()
    assert case.translations["en"]["text"] == "You are all trash"
    assert shown_translation(case, "en").text == "You are all trash"
    _method, _path, body = openai_engine.requests[-1]
    assert "你们都是垃圾" in json.dumps(body, ensure_ascii=False)


def test_engine_failure_shows_the_original(case, settings):
    settings.QIAO_TRANSLATION_ENGINE = "openai"
    settings.QIAO_OPENAI_BASE_URL = "http://127.0.0.1:9/v1"  # nothing listens
    settings.QIAO_OPENAI_MODEL = "m"
    settings.QIAO_TRANSLATION_TIMEOUT = 2
    assert translate_case(case, "en").status == "unavailable"


def test_translate_button_and_background_task(case, openai_engine, client_for, moderator):
    response = client_for(moderator).post(reverse("moderation:translate", args=[case.pk]))
    assert response.status_code == 302
    html = client_for(moderator).get(reverse("moderation:queue")).content.decode()
    assert "You are all trash" in html and "你们都是垃圾" in html
    case.translations = {}
    case.save()
    assert translate_case_task.call(case.pk) == {"en": "done", "zh": "same"}


@pytest.fixture
def phrasebook_engine(settings, local_server):
    """The OpenAI-compatible engine on a local server that translates from a small phrasebook."""
    phrases = {
        "你们都是垃圾": "You are all trash",
        "看看这个，太过分了": "Look at this, it is too much",
        "上海的早餐": "Breakfast in Shanghai",
        "生煎包最好吃": "Pan-fried buns are the best",
        "滚吧，外地人": "Get lost, outsider",
    }

    def chat(handler, body):
        asked = json.dumps(body, ensure_ascii=False)
        answer = next((en for zh, en in phrases.items() if zh in asked), "?")
        return 200, {"choices": [{"message": {"role": "assistant", "content": answer}}]}, {}

    server = local_server({("POST", "/v1/chat/completions"): chat})
    settings.QIAO_TRANSLATION_ENGINE = "openai"
    settings.QIAO_OPENAI_BASE_URL = f"{server.url}/v1"
    settings.QIAO_OPENAI_MODEL = "test-model"
    return server


def test_report_details_and_context_are_translated_for_the_moderator(
    phrasebook_engine, make_note, make_user, client_for, moderator, settings,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    """An English-only moderator reads a Chinese comment, the note it is on, what it answers and
    what the reporters wrote, each with its translation; a later report is translated on arrival."""
    from qiao.social.models import Comment

    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": ["default", "interactive"],
        }
    }

    author, troll = make_user("local"), make_user("troll")
    note = make_note(author, "上海的早餐", lang="zh")
    parent = Comment.objects.create(note=note, author=author, body="生煎包最好吃", lang="zh")
    reply = Comment.objects.create(
        note=note, author=troll, parent=parent, body="滚吧，外地人", lang="zh"
    )
    with django_capture_on_commit_callbacks(execute=True):
        case = services.file_report(
            make_user("r1"), "comment", reply.pk, "harassment", "看看这个，太过分了"
        ).case
    page = client_for(moderator).get(reverse("moderation:case", args=[case.pk])).content.decode()
    for english in ("Get lost, outsider", "Breakfast in Shanghai", "Pan-fried buns are the best",
                    "Look at this, it is too much"):  # fmt: skip
        assert english in page, english
    assert "Some of what is shown here is not translated yet." not in page

    with django_capture_on_commit_callbacks(execute=True):
        late = services.file_report(make_user("r2"), "comment", reply.pk, "hate", "你们都是垃圾")
    case.refresh_from_db()
    assert case.translations["en"]["extra"][f"report:{late.pk}"] == "You are all trash"
    queue = client_for(moderator).get(reverse("moderation:queue")).content.decode()
    assert "You are all trash" in queue
    asked = [json.dumps(body, ensure_ascii=False) for _m, _p, body in phrasebook_engine.requests]
    assert sum("滚吧，外地人" in text for text in asked) == 1  # the comment itself only once


def test_untranslated_report_details_offer_the_translate_button(case, user, make_user, client_for, moderator):
    services.file_report(make_user("r2"), "note", case.object_id, "hate", "太恶心了，大家快来举报")
    case.refresh_from_db()
    case.translations = {"en": {"text": "You are all trash", "engine": "test"}}
    case.save()
    page = client_for(moderator).get(reverse("moderation:case", args=[case.pk])).content.decode()
    assert "Some of what is shown here is not translated yet." in page

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
    assert translate_case_task.call(case.pk) == {"en": "done"}

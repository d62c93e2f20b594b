"""Glossary-aware translation: the pipeline's engine receives the slang's meaning and rendering.

The engine here is the real OpenAI-compatible engine talking over HTTP to a
local server that plays a model which follows the glossary when it is given one
(the 0.5B test model ignores glossary hints, see docs/glossary.md's benchmark
figures, so it cannot show the effect).
"""

from __future__ import annotations

import pytest

from qiao.translation.engines.openai_compat import OpenAICompatEngine
from qiao.translation.services import translate_text
from tests.translation.conftest import LocalServer

pytestmark = pytest.mark.django_db


def _last_user_message(body: dict) -> str:
    return [m["content"] for m in body["messages"] if m["role"] == "user"][-1]


def _glossary_following_model(handler, body):
    prompt = _last_user_message(body)
    if "yyds" in prompt and "translate as: the GOAT" in prompt:
        text = "This hotpot place is the GOAT"
    elif "yyds" in prompt:
        text = "This hotpot yyds"
    else:
        text = "It is raining"
    return 200, {"choices": [{"message": {"content": f"<translation>{text}</translation>"}}]}, {}


@pytest.fixture
def server():
    server = LocalServer({("POST", "/v1/chat/completions"): _glossary_following_model})
    yield server
    server.close()


def test_slang_meaning_reaches_the_prompt_and_the_translation(server):
    engine = OpenAICompatEngine(f"{server.url}/v1", "test-model", timeout=10)
    result = translate_text("这家火锅yyds", "zh", "en", engine=engine, use_memory=False)
    assert result.text == "This hotpot place is the GOAT"
    prompt = _last_user_message(server.requests[-1][2])
    assert "Glossary for this text:" in prompt
    assert "- yyds: The greatest of all time" in prompt
    assert "(translate as: the GOAT)" in prompt


def test_no_glossary_for_text_without_slang_or_with_ordinary_words(server):
    engine = OpenAICompatEngine(f"{server.url}/v1", "test-model", timeout=10)
    translate_text(
        "雷雨天别出门", "zh", "en", engine=engine, use_memory=False
    )  # 雷 here is thunder
    assert "Glossary" not in _last_user_message(server.requests[-1][2])


def test_community_entries_reach_the_prompt(server, user, moderator, new_term_data):
    from qiao.slang import services

    services.approve(moderator, services.propose(user, new_term_data))
    engine = OpenAICompatEngine(f"{server.url}/v1", "test-model", timeout=10)
    translate_text("周六爬山？qzsb，你定时间。", "zh", "en", engine=engine, use_memory=False)
    assert "(translate as: whenever I wake up)" in _last_user_message(server.requests[-1][2])

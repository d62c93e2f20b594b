"""The LibreTranslate engine against a small real server speaking LibreTranslate's documented API."""

from __future__ import annotations

import pytest

from qiao.translation.engines import (
    EngineError,
    EngineOverQuota,
    EngineTimeout,
    EngineUnavailable,
    UnsupportedLanguagePair,
)
from qiao.translation.engines.libretranslate import LibreTranslateEngine

from .conftest import free_port

API_KEY = "lt-secret"
DICTIONARY = {
    ("zh-Hans", "en"): {"你好": "Hello", "谢谢": "Thank you", "晚安": "Good night"},
    ("en", "zh-Hans"): {"Hello": "你好", "Good night": "晚安"},
}


def languages(codes=("en", "zh-Hans")):
    return [{"code": code, "name": code, "targets": list(codes)} for code in codes]


def libretranslate_routes(codes=("en", "zh-Hans")):
    """GET /languages and POST /translate as documented (q: string or list, api_key, errors as {"error"})."""

    def get_languages(handler, body):
        return 200, languages(codes), {}

    def translate(handler, body):
        body = body or {}
        if body.get("api_key") != API_KEY:
            return 403, {"error": "Invalid API key"}, {}
        q, source, target = body.get("q"), body.get("source"), body.get("target")
        if not q:
            return 400, {"error": "Invalid request: missing q parameter"}, {}
        for code in (source, target):
            if code not in codes:
                return 400, {"error": f"{code} is not supported"}, {}
        if body.get("format", "text") not in ("text", "html"):
            return 400, {"error": "format is not supported"}, {}
        table = DICTIONARY.get((source, target), {})
        if isinstance(q, list):
            return 200, {"translatedText": [table.get(text, text) for text in q]}, {}
        return 200, {"translatedText": table.get(q, q)}, {}

    return {("GET", "/languages"): get_languages, ("POST", "/translate"): translate}


@pytest.fixture
def server(local_server):
    return local_server(libretranslate_routes())


def engine_for(server, **kwargs) -> LibreTranslateEngine:
    return LibreTranslateEngine(
        url=server.url,
        api_key=kwargs.pop("api_key", API_KEY),
        timeout=kwargs.pop("timeout", 5),
        **kwargs,
    )


def test_translates_a_batch_in_one_request_keeping_whitespace_and_empty_segments(server):
    engine = engine_for(server)

    result = engine.translate(["你好", "", "  谢谢\n", "晚安"], "zh", "en")

    assert result == ["Hello", "", "  Thank you\n", "Good night"]
    posts = [body for method, path, body in server.requests if method == "POST"]
    assert posts == [
        {
            "q": ["你好", "谢谢", "晚安"],
            "source": "zh-Hans",
            "target": "en",
            "format": "text",
            "api_key": API_KEY,
        }
    ]


def test_languages_are_fetched_once_and_the_reverse_pair_works(server):
    engine = engine_for(server)

    assert engine.translate(["Hello"], "en", "zh-Hans") == ["你好"]
    assert engine.translate(["Good night"], "en", "zh") == ["晚安"]
    assert [path for method, path, _ in server.requests if method == "GET"] == ["/languages"]


def test_an_older_server_that_calls_chinese_zh(local_server):
    server = local_server(libretranslate_routes(codes=("en", "zh")))
    DICTIONARY[("zh", "en")] = {"你好": "Hello"}
    try:
        assert engine_for(server).translate(["你好"], "zh", "en") == ["Hello"]
    finally:
        del DICTIONARY[("zh", "en")]
    assert server.requests[-1][2]["source"] == "zh"


def test_same_language_and_blank_input_never_reach_the_server(server):
    engine = engine_for(server)

    assert engine.translate(["Hello", " "], "en", "en") == ["Hello", " "]
    assert engine.translate(["", "  "], "zh", "en") == ["", "  "]
    assert server.requests == []


def test_a_pair_the_server_lacks_is_refused_before_translating(server):
    with pytest.raises(UnsupportedLanguagePair, match="cannot translate ja to en"):
        engine_for(server).translate(["こんにちは"], "ja", "en")
    assert [method for method, _, _ in server.requests] == ["GET"]


def test_invalid_language_codes_are_a_programming_error(server):
    with pytest.raises(ValueError, match="ISO 639-1"):
        engine_for(server).translate(["x"], "chinese", "en")


def test_a_wrong_api_key_makes_the_engine_unavailable(server):
    with pytest.raises(EngineUnavailable, match="HTTP 403: Invalid API key"):
        engine_for(server, api_key="wrong").translate(["你好"], "zh", "en")


def error_server(local_server, status, payload, headers=None):
    routes = libretranslate_routes()
    routes[("POST", "/translate")] = lambda handler, body: (status, payload, headers or {})
    return local_server(routes)


def test_429_is_over_quota_with_retry_after(local_server):
    server = error_server(
        local_server, 429, {"error": "Slowdown: 10 per 1 minute"}, {"Retry-After": "30"}
    )

    with pytest.raises(EngineOverQuota, match="Slowdown") as caught:
        engine_for(server).translate(["你好"], "zh", "en")
    assert caught.value.retry_after == 30


def test_500_is_unavailable(local_server):
    server = error_server(local_server, 500, {"error": "Cannot translate text: boom"})

    with pytest.raises(EngineUnavailable, match="HTTP 500: Cannot translate text: boom"):
        engine_for(server).translate(["你好"], "zh", "en")


def test_400_is_an_engine_error_with_the_servers_message(local_server):
    server = error_server(
        local_server, 400, {"error": "Invalid request: request (9000) exceeds text limit (5000)"}
    )

    with pytest.raises(EngineError, match="exceeds text limit") as caught:
        engine_for(server).translate(["你好"], "zh", "en")
    assert not isinstance(caught.value, EngineUnavailable)


def test_an_answer_without_translations_is_an_engine_error(local_server):
    server = error_server(local_server, 200, {"detectedLanguage": {"language": "zh"}})

    with pytest.raises(EngineError, match="without translatedText"):
        engine_for(server).translate(["你好"], "zh", "en")


def test_a_hanging_server_times_out(local_server, release_hanging):
    def hang(handler, body):
        release_hanging.wait(10)
        return 200, {"translatedText": ["late"]}, {}

    routes = libretranslate_routes()
    routes[("POST", "/translate")] = hang
    server = local_server(routes)

    with pytest.raises(EngineTimeout, match="within 0.5 s"):
        engine_for(server, timeout=0.5).translate(["你好"], "zh", "en")


def test_nothing_listening_is_unavailable():
    engine = LibreTranslateEngine(url=f"http://127.0.0.1:{free_port()}", timeout=2)

    with pytest.raises(EngineUnavailable, match="unreachable"):
        engine.translate(["你好"], "zh", "en")
    health = engine.health()
    assert not health.ok and "unreachable" in health.detail


def test_health_reports_the_servers_languages(server):
    health = engine_for(server).health()

    assert health.ok and "2 languages (en, zh-Hans)" in health.detail
    assert health.latency_ms is not None and health.latency_ms >= 0

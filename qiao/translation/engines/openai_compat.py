"""Any OpenAI-compatible chat server: vLLM, Ollama, llama.cpp's server, hosted APIs.

The prompt is the same as the in-process llama.cpp engine's
(:mod:`qiao.translation.prompts`); one request per segment, so a failure
costs one segment and the server can batch concurrent requests itself.
"""

from __future__ import annotations

from typing import Any

import requests
from django.conf import settings

from .. import prompts
from .base import (
    EngineError,
    EngineHealth,
    EngineUnavailable,
    GlossaryHint,
    Stopwatch,
    TranslationEngine,
)
from .http import request_json


class OpenAICompatEngine(TranslationEngine):
    name = "openai"

    def __init__(self, base_url: str, model: str, api_key: str = "", timeout: float = 60.0) -> None:
        self.base_url = base_url.rstrip("/")
        self.model = model
        self.timeout = timeout
        self.session = requests.Session()
        self.session.headers["User-Agent"] = "qiao-translation"
        if api_key:
            self.session.headers["Authorization"] = f"Bearer {api_key}"

    @classmethod
    def settings_kwargs(cls) -> dict[str, Any]:
        return {
            "base_url": settings.QIAO_OPENAI_BASE_URL,
            "model": settings.QIAO_OPENAI_MODEL,
            "api_key": settings.QIAO_OPENAI_API_KEY,
            "timeout": settings.QIAO_TRANSLATION_TIMEOUT,
        }

    def _require_model(self) -> None:
        if not self.model:
            raise EngineUnavailable(
                "QIAO_OPENAI_MODEL is not set: name the model the server should use."
            )

    def _translate(
        self, segments: list[str], source: str, target: str, hints: list[GlossaryHint]
    ) -> list[str]:
        self._require_model()
        return [self._translate_one(text, source, target, hints) for text in segments]

    def _translate_one(self, text: str, source: str, target: str, hints: list[GlossaryHint]) -> str:
        body = request_json(
            self.session,
            "POST",
            f"{self.base_url}/chat/completions",
            engine=self.name,
            timeout=self.timeout,
            json={
                "model": self.model,
                "messages": prompts.build_messages(text, source, target, hints),
                "temperature": 0,
                "max_tokens": prompts.max_output_tokens(text),
                "stop": prompts.STOP,
            },
        )
        try:
            content = body["choices"][0]["message"]["content"] or ""
        except (KeyError, IndexError, TypeError) as error:
            raise EngineError(f"{self.name} answered without a chat completion.") from error
        translation = prompts.clean_output(content, text)
        if not translation:
            raise EngineError(f"{self.name} returned an empty translation.")
        return translation

    def health(self) -> EngineHealth:
        watch = Stopwatch()
        try:
            self._require_model()
            body = request_json(
                self.session,
                "GET",
                f"{self.base_url}/models",
                engine=self.name,
                timeout=min(self.timeout, 10.0),
            )
        except EngineError as error:
            return EngineHealth(False, str(error), watch.ms)
        served = (
            [item.get("id") for item in body.get("data", []) if isinstance(item, dict)]
            if isinstance(body, dict)
            else []
        )
        if served and self.model not in served:
            return EngineHealth(
                False,
                f"{self.base_url} does not serve {self.model} (it has: {', '.join(map(str, served[:10]))}).",
                watch.ms,
            )
        return EngineHealth(True, f"{self.model} at {self.base_url}.", watch.ms)

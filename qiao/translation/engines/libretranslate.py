"""A LibreTranslate-compatible server (``POST /translate``, ``GET /languages``).

A whole batch goes in one request (``q`` as a list). Servers name Chinese
"zh" or, in newer releases, "zh-Hans"; the engine reads ``/languages`` once
and uses whatever code the server offers for each ISO 639-1 language.
"""

from __future__ import annotations

import threading
from typing import Any
from urllib.parse import urlsplit

import requests
from django.conf import settings

from .base import (
    EngineError,
    EngineHealth,
    GlossaryHint,
    Stopwatch,
    TranslationEngine,
    UnsupportedLanguagePair,
)
from .http import request_json

#: Preferred server codes for an ISO 639-1 code, best first (Chinese output is Simplified).
PREFERRED_CODES = {"zh": ("zh-Hans", "zh", "zh-CN")}


class LibreTranslateEngine(TranslationEngine):
    name = "libretranslate"
    glossary_in_prompt = False

    def __init__(self, url: str, api_key: str = "", timeout: float = 60.0) -> None:
        self.url = url.rstrip("/")
        self.api_key = api_key
        self.timeout = timeout
        self.model = urlsplit(self.url).netloc or self.url
        self.session = requests.Session()
        self.session.headers["User-Agent"] = "qiao-translation"
        self._languages: dict[str, set[str]] | None = None
        self._lock = threading.Lock()

    @classmethod
    def settings_kwargs(cls) -> dict[str, Any]:
        return {
            "url": settings.QIAO_LIBRETRANSLATE_URL,
            "api_key": settings.QIAO_LIBRETRANSLATE_API_KEY,
            "timeout": settings.QIAO_TRANSLATION_TIMEOUT,
        }

    def _fetch_languages(self, timeout: float) -> dict[str, set[str]]:
        """``{server code: {target codes}}`` from ``GET /languages``."""
        body = request_json(
            self.session, "GET", f"{self.url}/languages", engine=self.name, timeout=timeout
        )
        if not isinstance(body, list):
            raise EngineError(f"{self.name}: /languages did not return a list.")
        return {
            str(item["code"]): {str(code) for code in item.get("targets", [])}
            for item in body
            if isinstance(item, dict) and "code" in item
        }

    def languages(self) -> dict[str, set[str]]:
        """The server's languages, fetched once per engine instance."""
        with self._lock:
            if self._languages is None:
                self._languages = self._fetch_languages(self.timeout)
            return self._languages

    def server_code(self, code: str, available: dict[str, set[str]] | set[str]) -> str | None:
        """The server's code for ISO 639-1 ``code``, or None if it has none."""
        for candidate in (*PREFERRED_CODES.get(code, ()), code):
            if candidate in available:
                return candidate
        return next((c for c in available if c.split("-")[0].lower() == code), None)

    def _translate(
        self, segments: list[str], source: str, target: str, hints: list[GlossaryHint]
    ) -> list[str]:
        languages = self.languages()
        source_code = self.server_code(source, languages)
        target_code = self.server_code(
            target, languages.get(source_code, set()) if source_code else set()
        )
        if source_code is None or target_code is None:
            raise UnsupportedLanguagePair(
                f"{self.name} at {self.url} cannot translate {source} to {target}."
            )
        payload = {"q": segments, "source": source_code, "target": target_code, "format": "text"}
        if self.api_key:
            payload["api_key"] = self.api_key
        body = request_json(
            self.session,
            "POST",
            f"{self.url}/translate",
            engine=self.name,
            timeout=self.timeout,
            json=payload,
        )
        translated = body.get("translatedText") if isinstance(body, dict) else None
        if isinstance(translated, str) and len(segments) == 1:
            translated = [translated]
        if not isinstance(translated, list) or not all(isinstance(t, str) for t in translated):
            raise EngineError(f"{self.name} answered without translatedText.")
        return translated

    def health(self) -> EngineHealth:
        watch = Stopwatch()
        try:
            languages = self._fetch_languages(min(self.timeout, 10.0))
        except EngineError as error:
            return EngineHealth(False, str(error), watch.ms)
        if not languages:
            return EngineHealth(False, f"{self.url} offers no languages.", watch.ms)
        return EngineHealth(
            True,
            f"{self.url}: {len(languages)} languages ({', '.join(sorted(languages)[:12])}).",
            watch.ms,
        )

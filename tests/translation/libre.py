"""A LibreTranslate-compatible dictionary server on 127.0.0.1, for fast pipeline tests.

It speaks LibreTranslate's documented API (``GET /languages``, ``POST
/translate`` with ``q`` a string or a list) and translates from a phrase table
the test fills in. What it does not know it answers with the text unchanged,
as a weak engine that copies its input would, so the output checks have
something real to refuse. Test modules import the ``libre`` fixture:
``from .libre import libre_fixture  # noqa: F401``.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest


@dataclass
class DictionaryServer:
    url: str
    table: dict[tuple[str, str], dict[str, str]] = field(default_factory=dict)
    asked: list[str] = field(default_factory=list)
    status: int = 200  # set to 500/429 to play an engine that is down or over quota

    def add(self, source: str, target: str, pairs: dict[str, str]) -> None:
        self.table.setdefault((source, target), {}).update(pairs)

    def translate(self, text: str, source: str, target: str) -> str:
        self.asked.append(text)
        return self.table.get((source, target), {}).get(text, text)


@pytest.fixture(name="libre")
def libre_fixture(local_server, settings) -> DictionaryServer:
    """A dictionary server, configured as the site's translation engine."""
    state: dict[str, DictionaryServer] = {}

    def languages(handler, body):
        return 200, [{"code": "zh", "targets": ["en"]}, {"code": "en", "targets": ["zh"]}], {}

    def translate(handler, body):
        server = state["server"]
        if server.status != 200:
            headers = {"Retry-After": "30"} if server.status == 429 else {}
            return server.status, {"error": "unavailable"}, headers
        q = body["q"]
        texts = [q] if isinstance(q, str) else q
        out = [server.translate(text, body["source"], body["target"]) for text in texts]
        return 200, {"translatedText": out[0] if isinstance(q, str) else out}, {}

    http = local_server({("GET", "/languages"): languages, ("POST", "/translate"): translate})
    server = DictionaryServer(http.url)
    state["server"] = server
    settings.QIAO_TRANSLATION_ENGINE = "libretranslate"
    settings.QIAO_LIBRETRANSLATE_URL = http.url
    settings.QIAO_LIBRETRANSLATE_API_KEY = ""
    return server

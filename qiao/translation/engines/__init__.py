"""Translation engines and :func:`get_engine`, which builds the configured one.

Engine modules import their heavy dependencies (llama_cpp, ctranslate2…) only
when used, so choosing one engine never requires the others to be installed.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

from .base import (
    EngineError,
    EngineHealth,
    EngineOverQuota,
    EngineTimeout,
    EngineUnavailable,
    GlossaryHint,
    TranslationEngine,
    UnsupportedLanguagePair,
)

ENGINES: dict[str, str] = {
    "llamacpp": "qiao.translation.engines.llamacpp.LlamaCppEngine",
    "openai": "qiao.translation.engines.openai_compat.OpenAICompatEngine",
    "ctranslate2": "qiao.translation.engines.ctranslate2_engine.CTranslate2Engine",
    "libretranslate": "qiao.translation.engines.libretranslate.LibreTranslateEngine",
}

__all__ = [
    "ENGINES",
    "EngineError",
    "EngineHealth",
    "EngineOverQuota",
    "EngineTimeout",
    "EngineUnavailable",
    "GlossaryHint",
    "TranslationEngine",
    "UnsupportedLanguagePair",
    "engine_class",
    "get_engine",
]


def engine_class(name: str) -> type[TranslationEngine]:
    """The engine class registered under ``name`` (a ``QIAO_TRANSLATION_ENGINE`` value)."""
    try:
        path = ENGINES[name]
    except KeyError:
        known = ", ".join(sorted(ENGINES))
        raise ImproperlyConfigured(
            f'Unknown translation engine "{name}"; choose one of: {known}.'
        ) from None
    return import_string(path)


def get_engine(name: str | None = None) -> TranslationEngine:
    """The engine named ``name`` (default: ``QIAO_TRANSLATION_ENGINE``), built from settings.

    Instances are cached per process and per configuration, so a worker keeps
    one loaded model however often it asks; changed settings give a new engine.
    """
    name = name or settings.QIAO_TRANSLATION_ENGINE
    cls = engine_class(name)
    kwargs = cls.settings_kwargs()
    return _cached_engine(name, tuple(sorted(kwargs.items())))


@lru_cache(maxsize=8)
def _cached_engine(name: str, kwargs: tuple[tuple[str, Any], ...]) -> TranslationEngine:
    return engine_class(name)(**dict(kwargs))

"""The engine interface: translate a batch of segments from one language to another.

Every engine (llama.cpp in-process, an OpenAI-compatible server, CTranslate2,
LibreTranslate) subclasses :class:`TranslationEngine`. Callers only ever catch
:class:`EngineError`: whatever goes wrong inside an engine, the reader gets the
original text and "translation unavailable", never a 500.
"""

from __future__ import annotations

import re
import time
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, ClassVar


@dataclass(frozen=True)
class GlossaryHint:
    """A term the engine should know about, e.g. slang: ("yyds", "the greatest of all time")."""

    term: str
    meaning: str
    target_rendering: str = ""


@dataclass(frozen=True)
class EngineHealth:
    """What an admin page shows: is the engine usable, why not, and how fast it answered."""

    ok: bool
    detail: str
    latency_ms: float | None = None


class EngineError(Exception):
    """The engine could not translate; show the original text instead."""


class EngineUnavailable(EngineError):
    """The engine is down, unreachable, misconfigured or its model is missing."""


class EngineTimeout(EngineError):
    """The engine did not answer within ``QIAO_TRANSLATION_TIMEOUT``."""


class EngineOverQuota(EngineError):
    """The engine refused because of a rate limit or an exhausted quota."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class UnsupportedLanguagePair(EngineError):
    """The engine (or its model) cannot translate between these two languages."""


_LANGUAGE_CODE = re.compile(r"^[a-z]{2}$")


def normalise_language(code: str) -> str:
    """Reduce "zh-Hans", "zh_CN" or "EN" to the ISO 639-1 code engines expect."""
    base = re.split(r"[-_]", (code or "").strip(), maxsplit=1)[0].lower()
    if not _LANGUAGE_CODE.match(base):
        raise ValueError(f'"{code}" is not an ISO 639-1 language code (e.g. "zh", "en").')
    return base


class TranslationEngine(ABC):
    """Translate batches of plain-text segments.

    Subclasses implement :meth:`_translate` (non-empty, stripped segments only)
    and :meth:`health`; this class handles empty segments, surrounding
    whitespace and same-language requests so every engine behaves alike.
    """

    #: Short engine identifier, as in ``QIAO_TRANSLATION_ENGINE``.
    name: ClassVar[str]
    #: What produced the translation (model file, remote model name…): part of
    #: the translation memory key and shown next to translations.
    model: str
    #: Chat models read glossary hints in their prompt; NMT models cannot, so
    #: the pipeline hands them slang as placeholders restored as its rendering.
    glossary_in_prompt: ClassVar[bool] = True

    @classmethod
    @abstractmethod
    def settings_kwargs(cls) -> dict[str, Any]:
        """The constructor arguments, read from Django settings (hashable values only)."""

    def translate(
        self,
        segments: Sequence[str],
        source: str,
        target: str,
        hints: Sequence[GlossaryHint] | None = None,
    ) -> list[str]:
        """Return one translation per segment, in order.

        Raises :class:`EngineError` (or a subclass) when the engine cannot
        translate, and ``ValueError`` for language codes that are not ISO 639-1.
        """
        source, target = normalise_language(source), normalise_language(target)
        segments = list(segments)
        if source == target:
            return segments
        results = list(segments)
        todo = [(i, text) for i, text in enumerate(segments) if text.strip()]
        if not todo:
            return results
        translated = self._translate(
            [text.strip() for _, text in todo], source, target, list(hints or [])
        )
        if len(translated) != len(todo):
            raise EngineError(
                f"{self.name} returned {len(translated)} translations for {len(todo)} segments."
            )
        for (i, text), translation in zip(todo, translated, strict=True):
            lead = text[: len(text) - len(text.lstrip())]
            trail = text[len(text.rstrip()) :]
            results[i] = f"{lead}{translation.strip()}{trail}"
        return results

    @abstractmethod
    def _translate(
        self, segments: list[str], source: str, target: str, hints: list[GlossaryHint]
    ) -> list[str]:
        """Translate non-empty, stripped segments; ``source != target``."""

    @abstractmethod
    def health(self) -> EngineHealth:
        """Check the engine cheaply (no model is loaded by a health check)."""

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}:{self.model}>"


class Stopwatch:
    """Milliseconds since creation, for :class:`EngineHealth` latencies."""

    def __init__(self) -> None:
        self._start = time.perf_counter()

    @property
    def ms(self) -> float:
        return round((time.perf_counter() - self._start) * 1000, 1)

"""Content language detection with lingua, restricted to the platform's languages.

Chinese is reported as "zh" whatever its script. Very short or symbol-only
texts return "" (unknown) rather than a guess.
"""

import re
from functools import lru_cache

from django.conf import settings

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LETTERS = re.compile(r"[^\W\d_]", re.UNICODE)
_NOISE = re.compile(r"(https?://\S+|[#＃][^\s#＃]+|@[\w.\-]+)")

LANGUAGE_NAMES = {
    "zh": "中文",
    "en": "English",
    "ja": "日本語",
    "ko": "한국어",
    "es": "Español",
    "fr": "Français",
    "de": "Deutsch",
    "pt": "Português",
    "ru": "Русский",
    "vi": "Tiếng Việt",
}


def content_languages() -> list[str]:
    return list(settings.QIAO_CONTENT_LANGUAGES)


@lru_cache(maxsize=4)
def _detector(codes: tuple[str, ...]):
    from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

    languages = [Language.from_iso_code_639_1(getattr(IsoCode639_1, code.upper())) for code in codes]
    if len(languages) == 1:
        return None
    return LanguageDetectorBuilder.from_languages(*languages).with_preloaded_language_models().build()


def detect_language(text: str) -> str:
    """Return the ISO 639-1 code of ``text``'s main language, or "" when it cannot tell."""
    cleaned = _NOISE.sub(" ", text or "")
    letters = _LETTERS.findall(cleaned)
    if not letters:
        return ""
    codes = tuple(content_languages())
    han = len(_HAN.findall(cleaned))
    # Han characters carry far more meaning per character than Latin letters.
    if "zh" in codes and han and han * 3 >= len(letters) - han:
        return "zh"
    if len(letters) < 3:
        return ""
    detector = _detector(codes)
    if detector is None:
        return codes[0]
    language = detector.detect_language_of(cleaned)
    if language is None:
        return ""
    return language.iso_code_639_1.name.lower()

"""Glossary-aware translation: slang hints, and checking that a translation carries them.

The slang glossary (``qiao.slang``) knows what "yyds" means and how to say it
in English ("the GOAT"). The pipeline uses that knowledge in three ways:

- :func:`hints_for` finds the glossary terms in a segment and turns them into
  :class:`GlossaryHint` objects. Chat-model engines get them in the prompt.
- :func:`term_placeholders` is for NMT engines, which take no prompt: each
  term becomes a protected placeholder restored as its rendering, so
  "这家火锅yyds" reaches the model as "这家火锅⟦1⟧" and comes back with "the GOAT".
- :func:`conveys` tells whether a translation carries a rendering. When a
  chat model ignored its hint, the pipeline tries once more with the term
  replaced by its rendering in the source (:func:`substitute_terms`), which
  small models follow far better than an instruction.

:func:`conveys` is also the scoring rule of ``qiao slang_benchmark``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from .engines import GlossaryHint
from .protect import PLACEHOLDER, Protected

MAX_HINTS = 6

_SPLIT_RENDERINGS = re.compile(r"\s*(?:/|;|；|,|，|、|\(|\)|（|）|\bor\b)\s*")
_PUNCT = re.compile(r"[^\w\s']+")
_TRIM = " '\"“”.!?…"
#: Words that carry no meaning of their own in a rendering ("the GOAT" is about "GOAT").
EN_STOP_WORDS = frozenset(
    """a an the to of in on at for and or but is are be was were it its it's i you he she we
    they me my your this that so very really just with as by from not no do does did have has had""".split()
)


def hints_for(text: str, source: str, target: str) -> list[GlossaryHint]:
    """Slang terms of ``source`` found in ``text``, explained for a ``target`` reader."""
    if source == target or not text:
        return []
    from django.apps import apps

    if not apps.is_installed("qiao.slang"):  # the slang app is optional
        return []
    from qiao.slang.services import glossary_hints

    return glossary_hints(text, source, target)[:MAX_HINTS]


def renderings(rendering: str) -> list[str]:
    """The alternatives in a rendering: "awesome, well played" → ["awesome", "well played"]."""
    parts = _SPLIT_RENDERINGS.split(rendering or "")
    return [part.strip(_TRIM) for part in parts if part and part.strip(_TRIM)]


def _stem(word: str) -> str:
    """Crude English stemming, enough to match "lying flat" with "lie flat", "vibes" with "vibe"."""
    if word.endswith("ying") and len(word) == 5:  # lying, dying, tying
        return word[:-4] + "ie"
    for suffix in ("ing", "ed", "s"):
        if len(word) > len(suffix) + 2 and word.endswith(suffix):
            stem = word[: -len(suffix)]
            if len(stem) > 2 and stem[-1] == stem[-2] and stem[-1] not in "aeiouls":
                stem = stem[:-1]  # "cutting" → "cut"
            return stem
    return word


def _en_words(text: str) -> list[str]:
    return [_stem(w.strip("'")) for w in _PUNCT.sub(" ", text.casefold()).split() if w.strip("'")]


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)}


def _fold_chinese(text: str) -> str:
    """Simplified, case- and width-folded, without spaces and punctuation."""
    try:
        from qiao.slang.detection import fold
    except ImportError:
        folded = text.casefold()
    else:
        folded = fold(text).text
    return re.sub(r"[\s\W]+", "", folded)


def conveys(translation: str, rendering: str, target: str) -> bool:
    """Does ``translation`` carry one of ``rendering``'s alternatives?

    English: every content word of an alternative (stop words removed, crude
    stemming) is in the translation. Chinese: the alternative is a substring
    after Traditional→Simplified folding, or at least two thirds of its
    character bigrams are there.
    """
    options = renderings(rendering)
    if target == "zh":
        seen = _fold_chinese(translation)
        for option in options:
            wanted = _fold_chinese(option)
            if not wanted:
                continue
            if wanted in seen:
                return True
            grams = _bigrams(wanted)
            if len(wanted) >= 3 and grams and len(grams & _bigrams(seen)) >= 2 * len(grams) / 3:
                return True
        return False
    words = set(_en_words(translation))
    for option in options:
        content = [w for w in _en_words(option) if w not in EN_STOP_WORDS and len(w) >= 2]
        if content and all(w in words for w in content):
            return True
    return False


def missed(translation: str, hints: Sequence[GlossaryHint], target: str) -> list[GlossaryHint]:
    """The hints (with a rendering) whose meaning ``translation`` does not carry."""
    return [h for h in hints if h.target_rendering and not conveys(translation, h.target_rendering, target)]


def short_rendering(hint: GlossaryHint) -> str:
    """The first alternative of the hint's rendering: what stands in for the term."""
    options = renderings(hint.target_rendering)
    return options[0] if options else ""


def _occurrences(text: str, term: str) -> list[tuple[int, int]]:
    """Where ``term`` (as written) occurs in ``text``, case-insensitively, without overlaps."""
    if not term:
        return []
    return [m.span() for m in re.finditer(re.escape(term), text, re.IGNORECASE)]


def _spaced(text: str, start: int, end: int, insert: str) -> str:
    """``insert`` with a space where a Latin word would run into its neighbour ("火锅 the GOAT")."""
    before, after = text[start - 1 : start], text[end : end + 1]
    lead = " " if insert[:1].isascii() and insert[:1].isalnum() and before.isalnum() else ""
    trail = " " if insert[-1:].isascii() and insert[-1:].isalnum() and after.isalnum() else ""
    return f"{lead}{insert}{trail}"


def _replace_terms(text: str, hints: Sequence[GlossaryHint], replacement) -> str:
    """``text`` with each hinted term (longest first) replaced by ``replacement(rendering)``."""
    for hint in sorted(hints, key=lambda h: len(h.term), reverse=True):
        rendering = short_rendering(hint)
        if not rendering:
            continue
        for start, end in reversed(_occurrences(text, hint.term)):
            text = text[:start] + _spaced(text, start, end, replacement(rendering)) + text[end:]
    return text


def substitute_terms(text: str, hints: Sequence[GlossaryHint]) -> str:
    """``text`` with each hinted term replaced by its short rendering in the target language."""
    return _replace_terms(text, hints, lambda rendering: rendering)


def term_placeholders(protected: Protected, hints: Sequence[GlossaryHint]) -> Protected:
    """For NMT engines: each hinted term becomes a placeholder restored as its rendering."""
    tokens = list(protected.tokens)

    def placeholder(rendering: str) -> str:
        tokens.append(rendering)
        return PLACEHOLDER.format(n=len(tokens))

    text = _replace_terms(protected.text, hints, placeholder)
    return replace(protected, text=text, tokens=tuple(tokens))

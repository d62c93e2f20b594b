"""Keep hashtags, mentions, URLs, emoji, numbers and code out of the engine's hands.

:func:`protect` takes one segment and returns what the engine should see:
tokens at the start or end of the segment are set aside and never sent
(``@xiaolu 求链接 🙏`` sends only ``求链接``); tokens inside it become numbered
placeholders (``⟦1⟧``) that LLMs and NMT models alike copy through.
:func:`restore` puts the tokens back and raises :class:`PlaceholderError`
when a placeholder was lost, duplicated or invented, so the caller can retry
or show the original instead of a translation with a missing link.

Slang terms get their own treatment in :mod:`.glossary`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from qiao.core.text import tokenize


PLACEHOLDER = "⟦{n}⟧"
_PLACEHOLDER_RE = re.compile(r"[⟦\[［【]\s*(\d{1,3})\s*[⟧\]］】]")

# Emoji: pictographs and symbols, with their joiners, variation selectors, skin tones
# and keycaps, and flags (pairs of regional indicators).
_EMOJI_CHAR = (
    "\u00a9\u00ae\u203c\u2049\u2122\u2139\u2190-\u21ff\u2300-\u23ff\u24c2\u25a0-\u27bf"
    "\u2900-\u297f\u2b00-\u2bff\u3030\u303d\u3297\u3299\U0001f000-\U0001faff"
)
_EMOJI_RE = re.compile(
    r"(?:[\U0001F1E6-\U0001F1FF]{2}|[#*0-9]\uFE0F?\u20E3"
    rf"|[{_EMOJI_CHAR}][\uFE0E\uFE0F\U0001F3FB-\U0001F3FF]*"
    rf"(?:\u200D[{_EMOJI_CHAR}][\uFE0E\uFE0F\U0001F3FB-\U0001F3FF]*)*)+"
)
_CODE_RE = re.compile(r"`[^`\n]+`")
# Numbers with inner punctuation, which engines like to reformat: "3.5", "12:30",
# "2024-01-05", "1,299", "+86-138". Plain integers ("3个", "4-month-old", "2016") stay
# in the text, where small models translate them far better than around a
# placeholder, and quality.numbers_problem checks that they survive. Digits glued to
# Latin letters ("3pm", "iPhone15") or followed by a multiplier ("1.5万", "3.5k") are
# left to the engine, which converts them.
_NUMBER_RE = re.compile(
    r"(?<![A-Za-z0-9.,:/\-])[+\-−]?\d+(?:[.,:/\-]\d+)+%?(?![A-Za-z0-9%]|[.,:/\-]?\d|[万萬亿億千百十])"
)


class PlaceholderError(ValueError):
    """A translation lost, duplicated or invented a placeholder."""


@dataclass(frozen=True)
class Protected:
    """A segment ready for an engine: ``prefix + text + suffix``, tokens numbered in ``text``."""

    prefix: str
    text: str
    suffix: str
    tokens: tuple[str, ...]

    @property
    def needs_engine(self) -> bool:
        """False when nothing but symbols and numbers is left to translate."""
        plain = _PLACEHOLDER_RE.sub("", self.text)
        return any(char.isalpha() for char in plain)


def _spans(text: str, numbers: bool) -> list[tuple[int, int]]:
    """(start, end) of every token to protect, without overlaps, in order."""
    spans: list[tuple[int, int]] = []
    position = 0
    for token in tokenize(text):
        if token.kind != "text":
            spans.append((position, position + len(token.text)))
        position += len(token.text)
    patterns = [_CODE_RE, _EMOJI_RE] + ([_NUMBER_RE] if numbers else [])
    for pattern in patterns:
        for match in pattern.finditer(text):
            start, end = match.span()
            if all(end <= a or start >= b for a, b in spans):
                spans.append((start, end))
    return sorted(spans)


def _is_token_or_space(text: str, spans: list[tuple[int, int]], start: int, end: int) -> bool:
    covered = set()
    for a, b in spans:
        covered.update(range(a, b))
    return all(i in covered or text[i].isspace() or text[i] in ",，、:：" for i in range(start, end))


def protect(segment: str, *, numbers: bool = True) -> Protected:
    """Set aside leading/trailing tokens and replace inner ones with placeholders."""
    spans = _spans(segment, numbers)
    # Leading tokens (and the spaces between them) are kept out of the engine's input.
    head = 0
    for start, end in spans:
        if _is_token_or_space(segment, spans, head, start):
            head = end
        else:
            break
    tail = len(segment)
    for start, end in reversed(spans):
        if end <= head:
            break
        if _is_token_or_space(segment, spans, end, tail):
            tail = start
        else:
            break
    # Whitespace between the kept-aside tokens and the text stays with them.
    core = segment[head:tail]
    lead_space = len(core) - len(core.lstrip())
    trail_space = len(core) - len(core.rstrip())
    prefix = segment[: head + lead_space]
    suffix = segment[tail - trail_space :] if trail_space else segment[tail:]
    core = core.strip()
    core_start = head + lead_space
    tokens: list[str] = []
    parts: list[str] = []
    position = core_start
    for start, end in spans:
        if start < core_start or end > core_start + len(core):
            continue
        parts.append(segment[position:start])
        tokens.append(segment[start:end])
        parts.append(PLACEHOLDER.format(n=len(tokens)))
        position = end
    parts.append(segment[position : core_start + len(core)])
    return Protected(prefix=prefix, text="".join(parts), suffix=suffix, tokens=tuple(tokens))


def placeholders_in(text: str) -> list[int]:
    """The placeholder numbers found in ``text``, in order (repeats included)."""
    return [int(n) for n in _PLACEHOLDER_RE.findall(text)]


def check_placeholders(translation: str, protected: Protected) -> None:
    """Raise PlaceholderError unless each placeholder appears exactly once."""
    found = Counter(placeholders_in(translation))
    expected = Counter(range(1, len(protected.tokens) + 1))
    if found != expected:
        missing = sorted(expected - found)
        extra = sorted(found - expected)
        raise PlaceholderError(f"placeholders missing {missing}, unexpected {extra}")


def restore(translation: str, protected: Protected) -> str:
    """The translated segment with its tokens back in place (and the set-aside ends)."""
    check_placeholders(translation, protected)
    body = _PLACEHOLDER_RE.sub(lambda m: protected.tokens[int(m.group(1)) - 1], translation)
    return f"{protected.prefix}{body}{protected.suffix}"


def unprotected(protected: Protected) -> str:
    """The engine input with the tokens written out again: for a retry without placeholders."""
    return _PLACEHOLDER_RE.sub(lambda m: protected.tokens[int(m.group(1)) - 1], protected.text)


def tokens_kept(translation: str, protected: Protected) -> bool:
    """True when every inner token appears, as written, in an unprotected translation."""
    counts = Counter(protected.tokens)
    return all(translation.count(token) >= n for token, n in counts.items())

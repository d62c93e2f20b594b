"""Parsing of user text: hashtags, @mentions and links.

Hashtags: ``#topic`` and ``#话题`` alike, also the closed forms ``#话题#`` (as
on Weibo) and ``#话题[话题]#`` (as Xiaohongshu exports them). A tag runs until
whitespace, punctuation or another ``#``. Chinese is written without spaces,
so a ``#`` right after a Chinese character starts a tag (``去#上海#玩``), while
one glued to a Latin word does not (``C#``, ``page#section``).

Mentions: ``@handle`` with a handle of 3–30 ``[a-z0-9_]`` characters, also
right after Chinese text (``谢谢@alice``) but never inside an e-mail address.

:func:`tokenize` splits text into plain, hashtag, mention and URL pieces for
``qiao.core.templatetags.qiao_text.rich_text``; every parser here uses the
same rules, so what is linked is exactly what is stored.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

MAX_HASHTAG = 64

# Scripts written without spaces between words: a tag may start right after them.
_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uac00-\ud7af"
# A word character of a spaced script (Latin, Cyrillic, digits…): \w minus CJK.
_SPACED_WORD = rf"[^\W{_CJK}]"

HASHTAG_RE = re.compile(
    rf"(?<!{_SPACED_WORD})(?<![&/])[#＃]"  # not glued to a word, an HTML entity or a URL
    r"([^\W_][\w\u00b7]*)"  # letters, digits, marks, "_" and "·" in any script
    r"(?:\[话题\])?[#＃]?",  # optional closing form
)
MENTION_RE = re.compile(
    rf"(?<!{_SPACED_WORD})(?<![@＠/.\-])[@＠]([A-Za-z0-9_]{{3,30}})(?![A-Za-z0-9_@＠])"
)
# http(s) links; they stop at whitespace, quotes, angle brackets and CJK text or punctuation.
URL_RE = re.compile(r"https?://[^\s<>\"'`\u3000-\u303f\uff00-\uffef" + _CJK + r"]+", re.IGNORECASE)
_URL_TRAILING = ".,;:!?*'\"…"
_BRACKETS = {")": "(", "]": "[", "}": "{"}

# C0/C1 control characters other than tab and newline, and stray BOMs.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff]")


def normalize_hashtag(tag: str) -> str:
    """The stored form of a tag: NFKC (full-width letters become ASCII), lower-cased, no "#"."""
    return unicodedata.normalize("NFKC", tag).lower().strip("#＃ ")


def _hashtag_name(match: re.Match) -> str | None:
    name = normalize_hashtag(match.group(1))
    if not name or name.isdigit() or len(name) > MAX_HASHTAG:
        return None  # "#1" is a rank, an overlong run is not a tag
    return name


def extract_hashtags(text: str) -> list[str]:
    """Normalised hashtags in order of first appearance, without duplicates."""
    return _unique(token.value for token in tokenize(text) if token.kind == "hashtag")


def extract_mentions(text: str) -> list[str]:
    """Lower-cased handles mentioned in ``text``, without duplicates."""
    return _unique(token.value for token in tokenize(text) if token.kind == "mention")


def _unique(values) -> list[str]:
    return list(dict.fromkeys(values))


def clean_text(text: str | None, *, multiline: bool = False) -> str:
    """User text as stored: control characters removed, line ends normalised, trimmed.

    Browsers send ``\\r\\n``; counting those twice would make length limits
    unfair. Single-line fields lose their line breaks altogether.
    """
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL_RE.sub("", text)
    if not multiline:
        text = " ".join(text.split("\n"))
    return text.strip()


TokenKind = Literal["text", "hashtag", "mention", "url"]


@dataclass(frozen=True)
class Token:
    kind: TokenKind
    text: str  # the characters as written
    value: str = ""  # hashtag name, lower-cased handle or the URL


def _trim_url(url: str) -> str:
    """Drop trailing punctuation and unbalanced closing brackets ("(see https://x.org)")."""
    while url:
        last = url[-1]
        unbalanced = last in _BRACKETS and url.count(last) > url.count(_BRACKETS[last])
        if last not in _URL_TRAILING and not unbalanced:
            break
        url = url[:-1]
    return url


def tokenize(text: str) -> list[Token]:
    """Split ``text`` into plain text, hashtags, mentions and URLs, in order.

    Joining the tokens' ``text`` gives back the input. URLs win over
    hashtags and mentions inside them (``https://x.org/#top``).
    """
    text = text or ""
    spans: list[tuple[int, int, Token]] = []
    taken: list[tuple[int, int]] = []
    for match in URL_RE.finditer(text):
        url = _trim_url(match.group(0))
        if len(url) > len("https://"):
            end = match.start() + len(url)
            spans.append((match.start(), end, Token("url", url, url)))
            taken.append((match.start(), end))

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    for match in HASHTAG_RE.finditer(text):
        name = _hashtag_name(match)
        if name and free(match.start(), match.end()):
            spans.append((match.start(), match.end(), Token("hashtag", match.group(0), name)))
    for match in MENTION_RE.finditer(text):
        if free(match.start(), match.end()):
            spans.append(
                (
                    match.start(),
                    match.end(),
                    Token("mention", match.group(0), match.group(1).lower()),
                )
            )

    tokens: list[Token] = []
    position = 0
    for start, end, token in sorted(spans, key=lambda span: span[0]):
        if start < position:
            continue  # a mention inside a hashtag or the like: the first one wins
        if start > position:
            tokens.append(Token("text", text[position:start]))
        tokens.append(token)
        position = end
    if position < len(text):
        tokens.append(Token("text", text[position:]))
    return tokens

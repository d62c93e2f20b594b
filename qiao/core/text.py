"""Parsing of user text: hashtags and @mentions.

Hashtags: ``#topic`` and ``#话题`` alike, also Xiaohongshu's closed form
``#话题#``. A tag runs until whitespace, punctuation or another ``#``.
Mentions: ``@handle`` with a handle of 3–30 ``[a-z0-9_]`` characters.
"""

import re
import unicodedata

# Letters, digits, marks and underscores in any script; no punctuation.
HASHTAG_RE = re.compile(r"(?<![\w&/])[#＃]([^\W_][\w\u00b7]{0,62})#?", re.UNICODE)
MENTION_RE = re.compile(r"(?<![\w@/.])@([A-Za-z0-9_]{3,30})\b")


def normalize_hashtag(tag: str) -> str:
    return unicodedata.normalize("NFKC", tag).lower().strip("#＃ ")


def extract_hashtags(text: str) -> list[str]:
    """Normalised hashtags in order of first appearance, without duplicates."""
    seen: dict[str, None] = {}
    for match in HASHTAG_RE.finditer(text or ""):
        name = normalize_hashtag(match.group(1))
        if name and not name.isdigit():
            seen.setdefault(name, None)
    return list(seen)


def extract_mentions(text: str) -> list[str]:
    """Lower-cased handles mentioned in ``text``, without duplicates."""
    seen: dict[str, None] = {}
    for match in MENTION_RE.finditer(text or ""):
        seen.setdefault(match.group(1).lower(), None)
    return list(seen)

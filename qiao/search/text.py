"""Turning note text and queries into search words, the same way on both sides.

Chinese has no spaces, so jieba splits it into words. A note's own text is
kept *as written*, its words separated by :data:`SEP` (U+200B, a zero-width
space both full-text engines treat as a word boundary), so the engine's
highlighted snippet is the original text once the separators are removed.
Long jieba words that jieba can also split into shorter dictionary words
(重庆火锅 → 重庆 + 火锅) are stored split, so "火锅" matches them; the whole
word goes into the lower-cased extra words, which also hold jieba's
search-engine sub-words, the Simplified form of Traditional text and pinyin.

Queries go through :func:`parse_query`: normalised, converted to Simplified
Chinese, split by jieba, with Traditional and sub-word alternatives, and
written out as an FTS5 or tsquery expression in which every word is quoted, so
nothing a user types can act as query syntax.
"""

from __future__ import annotations

import logging
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

SEP = "\u200b"
#: Marks around highlighted words in engine output (control characters never stored in text).
MARK_OPEN, MARK_CLOSE = "\x02", "\x03"

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"^[a-z0-9]+$")
_PINYIN_QUERY = re.compile(r"^[a-z]+( [a-z]+){0,5}$")
# Our separator and marks must never come from user text.
_RESERVED = re.compile(f"[{SEP}{MARK_OPEN}{MARK_CLOSE}\x00-\x08\x0b-\x1f\x7f]")

MAX_QUERY_CHARS = 200
MAX_QUERY_WORDS = 12

# Words too common to require in a query of several words (they still count when alone).
STOPWORDS = frozenset(
    [
        "的",
        "了",
        "是",
        "在",
        "和",
        "与",
        "及",
        "也",
        "都",
        "就",
        "吗",
        "呢",
        "吧",
        "啊",
        "呀",
        "哦",
        "嗯",
        "个",
        "这",
        "那",
        "有",
        "我",
        "你",
        "他",
        "她",
        "它",
        "我们",
        "你们",
        "a",
        "an",
        "the",
        "of",
        "to",
        "in",
        "on",
        "at",
        "for",
        "and",
        "or",
        "is",
        "are",
        "was",
        "were",
        "be",
        "am",
        "i",
        "you",
        "he",
        "she",
        "it",
        "we",
        "they",
        "my",
        "your",
        "this",
        "that",
        "with",
        "from",
        "by",
        "as",
        "do",
        "does",
        "did",
    ]
)


@lru_cache(maxsize=1)
def _jieba():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


@lru_cache(maxsize=2)
def _opencc(config: str):
    import opencc

    return opencc.OpenCC(config)


def has_han(text: str) -> bool:
    return bool(_HAN.search(text or ""))


def to_simplified(text: str) -> str:
    """Traditional → Simplified Chinese (OpenCC); text without Han characters is returned as is."""
    return _opencc("t2s").convert(text) if has_han(text) else text


def to_traditional(text: str) -> str:
    return _opencc("s2t").convert(text) if has_han(text) else text


def clean(text: str, *, fold: bool = True) -> str:
    """Text without our reserved characters (separator, marks, controls); NFKC-folded with ``fold``.

    Folding turns full-width letters and digits into ASCII (ｈｏｔｐｏｔ → hotpot), so
    it is done for matching, never for the text shown in snippets.
    """
    text = unicodedata.normalize("NFKC", text or "") if fold else (text or "")
    return _RESERVED.sub(" ", text)


def is_word(token: str) -> bool:
    """True for a token with a letter or digit in it (not spaces or punctuation)."""
    return any(c.isalnum() for c in token) and not any(c.isspace() for c in token)


@lru_cache(maxsize=4096)
def _split_long(word: str) -> tuple[str, ...]:
    """``word`` as consecutive shorter jieba words when they cover it exactly, else ``(word,)``."""
    if len(word) < 3 or not has_han(word):
        return (word,)
    subwords = {w for w in _jieba().cut_for_search(word) if 2 <= len(w) < len(word)}
    parts: list[str] = []
    i = 0
    while i < len(word):
        best = max((w for w in subwords if word.startswith(w, i)), key=len, default=None)
        if best is None:
            return (word,)
        parts.append(best)
        i += len(best)
    return tuple(parts)


def segment(text: str) -> list[str]:
    """``text`` split into words and the spaces and punctuation between them; joined, they are ``text``."""
    tokens: list[str] = []
    for token in _jieba().cut(text):
        tokens.extend(_split_long(token))
    return tokens


def index_text(text: str) -> str:
    """Text as stored for the keyword index: the original, words separated by :data:`SEP`."""
    text = clean(text, fold=False)
    return SEP.join(segment(text)) if text else ""


def strip_index(text: str) -> str:
    return text.replace(SEP, "")


def search_words(text: str) -> list[str]:
    """Lower-cased words for matching: jieba's words and its search-engine sub-words."""
    text = clean(text).lower()
    words: list[str] = []
    for token in _jieba().cut_for_search(text):
        if is_word(token):
            words.append(token)
    return words


def pinyin_forms(text: str) -> list[str]:
    """Toneless pinyin of ``text``'s Chinese words: each word joined ("huoguo") and the whole joined.

    Non-Chinese text gives nothing: its letters are already words.
    """
    if not has_han(text):
        return []
    from pypinyin import lazy_pinyin

    simplified = to_simplified(clean(text))
    words = [w for w in segment(simplified) if has_han(w)]
    forms = ["".join(lazy_pinyin(w)).lower() for w in words]
    whole = "".join(lazy_pinyin(simplified, errors="ignore")).lower()
    whole = re.sub(r"[^a-z0-9]", "", whole)
    if whole and whole not in forms:
        forms.append(whole)
    return [f for f in forms if f]


def name_pinyin(text: str) -> str:
    """Pinyin of a name for lookups: syllables joined and initials ("zhangwei zw")."""
    if not has_han(text):
        return ""
    from pypinyin import Style, lazy_pinyin

    simplified = to_simplified(clean(text))
    joined = "".join(lazy_pinyin(simplified, errors="ignore")).lower()
    initials = "".join(lazy_pinyin(simplified, style=Style.FIRST_LETTER, errors="ignore")).lower()
    return " ".join(dict.fromkeys(re.sub(r"[^a-z0-9]", "", f) for f in (joined, initials) if f))


# --- queries --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """One query word and its alternatives; a document matches the term if it has any of them.

    Each alternative is a tuple of words that must appear in sequence (a phrase).
    """

    word: str
    alternatives: tuple[tuple[str, ...], ...]
    prefix: bool = False


@dataclass(frozen=True)
class ParsedQuery:
    text: str  # as typed, cleaned
    simplified: str  # Traditional Chinese converted to Simplified
    terms: tuple[Term, ...]
    # Extra whole-query alternative: pinyin typed with spaces ("huo guo" → "huoguo").
    joined: str = ""
    highlight_words: tuple[str, ...] = field(default=())

    @property
    def empty(self) -> bool:
        return not self.terms


def normalise_query(text: str) -> str:
    """The query as searched: cleaned, whitespace collapsed, at most MAX_QUERY_CHARS characters."""
    return " ".join(clean(text).split())[:MAX_QUERY_CHARS]


def parse_query(text: str) -> ParsedQuery:
    """Split a query into terms (see the module docstring); stopwords drop out of longer queries."""
    text = normalise_query(text)
    simplified = to_simplified(text)
    words = [t.lower() for t in _jieba().cut(simplified) if is_word(t)]
    words = list(dict.fromkeys(words))
    content = [w for w in words if w not in STOPWORDS]
    words = (content or words)[:MAX_QUERY_WORDS]
    terms = []
    highlight: list[str] = []
    for word in words:
        alternatives: list[tuple[str, ...]] = [(word,)]
        traditional = to_traditional(word)
        if traditional != word:
            alternatives.append((traditional,))
        parts = _split_long(word)
        if len(parts) > 1:
            alternatives.append(parts)
        prefix = bool(_LATIN_WORD.match(word)) and len(word) >= 3 and not word.isdigit()
        terms.append(Term(word, tuple(dict.fromkeys(alternatives)), prefix))
        highlight.extend(w for alt in alternatives for w in alt)
    lowered = text.lower()
    joined = lowered.replace(" ", "") if _PINYIN_QUERY.match(lowered) and " " in lowered else ""
    return ParsedQuery(text, simplified, tuple(terms), joined, tuple(dict.fromkeys(highlight)))


def _fts_string(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def fts5_expression(queries: Iterable[ParsedQuery], *, any_term: bool = False) -> str:
    """An FTS5 MATCH expression: each query's terms AND-ed (OR-ed with ``any_term``), queries OR-ed."""
    clauses = []
    for query in queries:
        parts = []
        for term in query.terms:
            options = []
            for alternative in term.alternatives:
                phrase = " + ".join(_fts_string(w) for w in alternative)
                if term.prefix and len(alternative) == 1:
                    phrase += " *"
                options.append(phrase)
            parts.append("(" + " OR ".join(options) + ")")
        if query.joined:
            parts_expr = (" OR " if any_term else " AND ").join(parts)
            clauses.append(f"(({parts_expr}) OR {_fts_string(query.joined)} *)")
        elif parts:
            clauses.append("(" + (" OR " if any_term else " AND ").join(parts) + ")")
    return " OR ".join(clauses)


def _ts_lexeme(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def tsquery_expression(queries: Iterable[ParsedQuery], *, any_term: bool = False) -> str:
    """The same expression as :func:`fts5_expression`, in PostgreSQL's to_tsquery syntax."""
    clauses = []
    for query in queries:
        parts = []
        for term in query.terms:
            options = []
            for alternative in term.alternatives:
                phrase = " <-> ".join(_ts_lexeme(w) for w in alternative)
                if term.prefix and len(alternative) == 1:
                    phrase += ":*"
                options.append(f"({phrase})")
            parts.append("(" + " | ".join(options) + ")")
        if query.joined:
            parts_expr = (" | " if any_term else " & ").join(parts)
            clauses.append(f"(({parts_expr}) | {_ts_lexeme(query.joined)}:*)")
        elif parts:
            clauses.append("(" + (" | " if any_term else " & ").join(parts) + ")")
    return " | ".join(clauses)

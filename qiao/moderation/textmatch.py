"""Text normalisation and matching for the automatic checks, built to defeat common evasions.

A text is prepared once (:func:`prepare`) into several views:

- ``normalized``: NFKC (full-width → ASCII), case-folded, Traditional →
  Simplified (OpenCC, when installed), invisible characters removed;
- ``compact``: ``normalized`` with everything but letters and digits removed,
  so "傻 逼", "傻😀逼" and "傻.逼" all read "傻逼";
- ``words``: Chinese words from jieba (run on ``compact``, with every rule
  word added to its dictionary so "傻逼真" segments as 傻逼/真);
- ``units``: Latin words (split on anything else, runs of single letters
  merged back: "f u c k" → "fuck", leetspeak undone: "sh1t" → "shit") and Han
  characters, one unit each; and ``phonetic``: the same with every Han
  character written as toneless pinyin (艹尼玛 → cao ni ma).

Latin and pinyin matches are anchored at unit boundaries of the joined units,
so "fu ck" matches "fuck" but "push it" never matches "shit".
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import jieba
from pypinyin import Style, lazy_pinyin

_HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_RE = re.compile(f"[{_HAN}]")
_UNIT_RE = re.compile(f"[{_HAN}]|[^\\W_{_HAN}]+")
_LEET = str.maketrans(
    {"0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", "$": "s"}
)
_LEET_INSIDE_RE = re.compile(r"(?<=[a-z])[@$]+|[@$](?=[a-z]{2})")
_RUN3_RE = re.compile(r"(.)\1{2,}")


@functools.lru_cache(maxsize=1)
def _opencc():
    """OpenCC's Traditional→Simplified converter, or None when it is not installed."""
    try:
        import opencc
    except ImportError:  # optional: without it Traditional text is matched as written
        return None
    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    converter = _opencc()
    return converter.convert(text) if converter is not None and HAN_RE.search(text) else text


def normalize(text: str) -> str:
    """NFKC, case-folded, Simplified, without invisible (format) characters."""
    text = unicodedata.normalize("NFKC", text or "").casefold()
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Cf")
    return to_simplified(text)


def compact(text: str) -> str:
    """Only the letters and digits of an already normalised text."""
    return "".join(ch for ch in text if unicodedata.category(ch)[0] in "LN")


def _deleet(word: str) -> str:
    """Undo leetspeak in a word that has letters ("sh1t" → "shit"); numbers stay numbers."""
    if not any(ch.isalpha() for ch in word) or sum(ch.isdigit() for ch in word) > len(word) / 2:
        return word
    return word.translate(_LEET)


def _units(normalized: str) -> list[str]:
    """Latin words and single Han characters, single letters merged ("f u c k" → "fuck")."""
    text = _LEET_INSIDE_RE.sub(lambda m: m.group(0).translate(_LEET), normalized)
    units: list[str] = []
    letters: list[str] = []

    def flush() -> None:
        if letters:
            units.append("".join(letters))
            letters.clear()

    for match in _UNIT_RE.finditer(text):
        unit = match.group(0)
        if HAN_RE.fullmatch(unit):
            flush()
            units.append(unit)
        elif len(unit) == 1:
            letters.append(unit)
        else:
            flush()
            units.append(_deleet(unit))
    flush()
    return units


def _pinyin(char: str) -> str:
    return lazy_pinyin(char, style=Style.NORMAL, errors="default")[0]


def phonetic_units(units: list[str]) -> list[str]:
    """The units with each Han character as toneless pinyin (in context, for polyphones)."""
    out: list[str] = []
    han_run: list[str] = []

    def flush() -> None:
        if han_run:
            out.extend(lazy_pinyin("".join(han_run), style=Style.NORMAL, errors="default"))
            han_run.clear()

    for unit in units:
        if HAN_RE.fullmatch(unit):
            han_run.append(unit)
        else:
            flush()
            out.append(unit)
    flush()
    return out


@dataclass
class Joined:
    """Units joined into one string, with the offsets where units start and end."""

    text: str
    bounds: frozenset[int]
    # Where units written in Han characters start (in the phonetic view).
    han_starts: frozenset[int] = frozenset()

    @classmethod
    def of(cls, units: Iterable[str], han: Iterable[bool] = ()) -> Joined:
        parts, bounds, han_starts, pos = [], {0}, set(), 0
        flags = iter(han)
        for unit in units:
            if next(flags, False):
                han_starts.add(pos)
            parts.append(unit)
            pos += len(unit)
            bounds.add(pos)
        return cls("".join(parts), frozenset(bounds), frozenset(han_starts))

    def spans(self, needle: str, *, prefix: bool = False) -> Iterator[tuple[int, int]]:
        """Where ``needle`` starts at a unit boundary and (unless ``prefix``) ends at one."""
        if not needle:
            return
        start = self.text.find(needle)
        while start != -1:
            end = start + len(needle)
            if start in self.bounds and (prefix or end in self.bounds):
                yield start, end
            start = self.text.find(needle, start + 1)

    def contains(self, needle: str, *, prefix: bool = False) -> bool:
        return next(self.spans(needle, prefix=prefix), None) is not None

    def contains_sound(self, key: str) -> bool:
        """A Chinese word's pinyin, written in Han characters or as separate Latin syllables.

        One Latin word alone only counts when long ("caonima"): short ones are
        often English ("made" is not 妈的).
        """
        for start, end in self.spans(key):
            if any(start <= h < end for h in self.han_starts):
                return True
            if any(start < b < end for b in self.bounds) or end - start >= 6:
                return True
        return False


def _collapse(unit: str, keep: int) -> str:
    return _RUN3_RE.sub(lambda m: m.group(1) * keep, unit)


@dataclass
class Prepared:
    original: str
    normalized: str
    compact: str
    units: list[str]
    # Latin/Han units joined, with letter runs of 3+ collapsed to 1 and to 2 ("fuuuck", "asss").
    surface: list[Joined] = field(default_factory=list)
    phonetic: Joined | None = None
    # Segmented words, per segmenter (each knows its own rule words).
    _words: dict[int, set[str]] = field(default_factory=dict)

    def words(self, segmenter: Segmenter) -> set[str]:
        key = id(segmenter)
        if key not in self._words:
            has_han = HAN_RE.search(self.compact)
            self._words[key] = set(segmenter.cut(self.compact)) if has_han else set()
        return self._words[key]

    @property
    def has_han(self) -> bool:
        return bool(HAN_RE.search(self.compact))


def prepare(text: str) -> Prepared:
    normalized = normalize(text)
    units = _units(normalized)
    surface = [Joined.of(units)]
    if any(_RUN3_RE.search(u) for u in units):
        surface += [
            Joined.of(_collapse(u, 1) for u in units),
            Joined.of(_collapse(u, 2) for u in units),
        ]
    return Prepared(
        original=text,
        normalized=normalized,
        compact=compact(normalized),
        units=units,
        surface=surface,
        phonetic=Joined.of(phonetic_units(units), (bool(HAN_RE.fullmatch(u)) for u in units))
        if any(HAN_RE.fullmatch(u) for u in units)
        else None,
    )


def pinyin_key(text: str) -> str:
    """A pinyin spelling as matched: lower case, no tones (marks or digits), no spaces."""
    text = unicodedata.normalize("NFKD", text.lower())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^a-z]", "", text.replace("ü", "v").replace("u:", "v"))


def han_pinyin_key(word: str) -> str:
    return "".join(lazy_pinyin(word, style=Style.NORMAL, errors="ignore"))


_base_lock = threading.Lock()


@functools.lru_cache(maxsize=1)
def base_dictionary() -> tuple[dict[str, int], int]:
    """jieba's default dictionary, loaded once per process and copied into each Segmenter."""
    with _base_lock:
        base = jieba.Tokenizer()
        base.initialize()
        return base.FREQ, base.total


class Segmenter:
    """A private jieba tokenizer that knows the rule words (the global one is left alone)."""

    def __init__(self, words: Iterable[str] = ()) -> None:
        self._tokenizer = jieba.Tokenizer()
        self._lock = threading.Lock()
        self._ready = False
        self._words = sorted(set(words))

    def cut(self, text: str) -> list[str]:
        with self._lock:
            if not self._ready:
                freq, total = base_dictionary()
                self._tokenizer.FREQ, self._tokenizer.total = dict(freq), total
                self._tokenizer.initialized = True
                for word in self._words:
                    self._tokenizer.add_word(word, freq=1_000_000)
                self._ready = True
        return self._tokenizer.lcut(text, HMM=False)


# --- matchers ---------------------------------------------------------------------------

WORD_MAX_CHARS = 5


@dataclass(frozen=True)
class Matcher:
    """One compiled pattern: a keyword, a regex or a pinyin spelling."""

    type: str  # "keyword" | "regex" | "pinyin"
    pattern: str
    homophones: bool = True
    _regex: re.Pattern | None = field(default=None, compare=False, repr=False)

    @classmethod
    def build(cls, type: str, pattern: str, homophones: bool = True) -> Matcher:
        regex = re.compile(pattern, re.IGNORECASE) if type == "regex" else None
        if type == "keyword":
            pattern = normalize(pattern).strip()
        return cls(type, pattern, homophones, regex)

    @property
    def han_word(self) -> str | None:
        """The rule as a Chinese word for jieba, when it is one (short, Han only)."""
        if self.type != "keyword":
            return None
        word = self.pattern
        if 1 <= len(word) <= WORD_MAX_CHARS and all(HAN_RE.fullmatch(ch) for ch in word):
            return word
        return None

    def matches(self, prepared: Prepared, segmenter: Segmenter) -> bool:
        if self.type == "regex":
            return bool(
                self._regex.search(prepared.normalized) or self._regex.search(prepared.compact)
            )
        if self.type == "pinyin":
            key = pinyin_key(self.pattern)
            return bool(key) and any(
                joined.contains(key) for joined in (prepared.phonetic, *prepared.surface) if joined
            )
        return self._keyword(prepared, segmenter)

    def _keyword(self, prepared: Prepared, segmenter: Segmenter) -> bool:
        pattern = self.pattern
        if HAN_RE.search(pattern):
            word = self.han_word
            if word is not None:
                if prepared.has_han and word in prepared.words(segmenter):
                    return True
            elif compact(pattern) in prepared.compact:
                return True
            # Homophones: 草泥马 ~ 艹尼玛 ~ "cao ni ma" (two characters or more).
            if not self.homophones or len(compact(pattern)) < 2:
                return False
            key = han_pinyin_key(compact(pattern))
            sounds = [prepared.phonetic] if prepared.phonetic is not None else prepared.surface
            return any(joined.contains_sound(key) for joined in sounds)
        prefix = pattern.endswith("*")
        needle = "".join(_deleet(u) for u in _units(pattern.rstrip("*")))
        return any(joined.contains(needle, prefix=prefix) for joined in prepared.surface)


class MatcherSet:
    """Matchers sharing one segmenter that knows all their Chinese words."""

    def __init__(self, matchers: Iterable[Matcher]) -> None:
        self.matchers = list(matchers)
        self.segmenter = Segmenter(m.han_word for m in self.matchers if m.han_word)

    def matching(self, prepared: Prepared) -> list[int]:
        """Indexes of the matchers that match ``prepared``."""
        return [i for i, m in enumerate(self.matchers) if m.matches(prepared, self.segmenter)]

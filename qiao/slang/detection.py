"""Find glossary terms in a text, fast, with character offsets in the original text.

:class:`Detector` is plain Python (no Django): it folds the text exactly as the
glossary's forms are folded (:func:`fold`: ``glossary.normalise`` character by
character plus OpenCC Traditional→Simplified), keeping a map from every folded
character back to the original, runs one Aho-Corasick automaton
(pyahocorasick) over it, and keeps only candidates that pass the rules below.
``"___"`` gap forms ("it's the ___ for me") are matched with
``glossary.form_regex`` instead.

Rules (documented for contributors in docs/glossary.md, "Detection"):

1. **Latin and digit edges are token edges.** A form that starts (ends) with a
   letter or digit needs a non-alphanumeric character or the text edge before
   (after) it: ``666`` is not in ``2666``, ``cap`` not in ``capital``,
   ``yyds`` not in ``yydsx``. A Chinese character next to it is an edge
   (``火锅yyds``).
2. **Short Chinese terms align with words.** A term of at most two characters
   that starts (ends) with a Chinese character must start (end) on a word
   boundary of jieba's segmentation of the surrounding run of Chinese text
   (dictionary only, no HMM): ``内卷`` is not found in ``国内卷烟``
   (国内/卷烟), ``破防`` is found in ``又破防了``. Longer phrases match as
   substrings.
3. **Ambiguous forms need context.** Every form of an ``ambiguous = true``
   entry (the form is also an ordinary word or number), an English alias that
   drops whole words of its term (``giving`` of ``it's giving``) and a gap form
   whose gap is a word at its edge (``___ era``) count only when one of these
   holds (emoji forms never need context):

   - it stands alone: it is the whole clause, between sentence punctuation,
     Chinese commas or line breaks (``Bet.``, ``88！``, ``典。``), but not
     between ASCII commas (``Blue Ash, Ohio, a suburb``);
   - a form of a Chinese entry is quoted or bracketed (``“卷”``, ``「雷」``);
   - an unambiguous slang term is found within ``CONTEXT_WINDOW`` characters;
   - a Latin form of two or more letters is written in capitals in a text
     that is not shouting (``the GOAT``, but not ``the goat``);
   - a Latin form of a Chinese entry touches a Chinese character (``真nb``,
     ``荧幕CP``): Latin letters inside Chinese text are themselves a marker;
   - a number form of a Chinese entry touches a Chinese character and is not
     followed by a unit or measure word, nor preceded by 第/约/近/共
     (``今天520，`` and ``是996``, but not ``520元`` or ``第56``);
   - it is a predicate: an English form ending its clause right after an
     informal copula or intensifier (``that's cap.``, ``I'm cooked``, ``so
     extra``; not ``the soup was salty``), or a Chinese form right after a
     degree word (``太卷了``, ``有点下头``).

   Single-letter forms (``W``, ``L``) count only written in capitals and
   standing alone.
4. **Overlaps**: the longest match wins, then the earliest.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick

from .glossary import PLACEHOLDER, GlossaryEntry, has_han

#: Characters around an ambiguous form searched for an unambiguous slang term.
CONTEXT_WINDOW = 30
#: Chinese terms up to this many characters must align with jieba's words.
SHORT_HAN_TERM = 2
#: How far the jieba window reaches on each side of a short term.
SEGMENT_REACH = 12

_IGNORED = frozenset([0xFE0E, 0xFE0F, 0x200D, *range(0x1F3FB, 0x1F400)])
_QUOTES = {"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"'}
_HAN_CHAR = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
_ALNUM = re.compile(r"[a-z0-9]")
_LETTERS = re.compile(r"[a-z]")
_DIGITS = re.compile(r"^[0-9]+$")
# Clause edges: sentence and clause punctuation, line breaks.
_CLAUSE_BREAK = set("\n\r.!?;,:。！？；，、：…~～")
# "Stands alone" edges: as above but a comma or colon only next to Chinese ("Blue Ash, Ohio, …").
_ALONE_BREAK = _CLAUSE_BREAK - set(",:")
# What may surround a standalone form inside its clause: spaces, quotes, brackets, emoji.
_FILLER = re.compile(
    r"[\s\"'“”‘’「」『』《》()（）\[\]【】*_\-—–·"
    r"\u2190-\u2bff\u3030\u303d\U0001f000-\U0001faff\ufe0e\ufe0f\u200d]"
)
_OPEN_QUOTES = set("\"'“‘「『《【(（[")
_CLOSE_QUOTES = set("\"'”’」』》】)）]")
# After a number these make it an amount, a date or a rank, not slang (520元, 88岁).
_UNITS = set(
    "元块毛角分个只条件次回遍年月日号天周点时秒岁斤公克米里千万亿百十楼层位名人篇页张本台辆"
    "杯瓶盒包箱家栋套份度倍折级期届趟场集章节行路种类项款辆座间所条支门"
)

# Before an ambiguous form at the end of its clause, these make it a predicate ("that's cap").
# Informal ones only: "the soup was salty" and "they are cooked" stay plain English.
_COPULAS_EN = frozenset(
    [
        "that's",
        "thats",
        "so",
        "it's",
        "i'm",
        "im",
        "you're",
        "we're",
        "they're",
        "lowkey",
        "highkey",
        "kinda",
        "literally",
        "straight",
    ]
)
# Degree words before an ambiguous Chinese form (太卷了, 真上头, 有点下头).
_DEGREE_ZH = ("太", "真", "好", "超", "很", "巨", "贼", "特别", "有点", "非常", "最")


def _fold_char(char: str) -> str:
    """One character as ``glossary.normalise`` folds it (minus the OpenCC step)."""
    if ord(char) in _IGNORED:
        return ""
    folded = unicodedata.normalize("NFKC", char).casefold()
    if folded.isspace():
        return " "
    return "".join(_QUOTES.get(c, c) for c in folded if ord(c) not in _IGNORED)


_FOLD_CACHE: dict[str, str] = {}
# str.translate tables: the characters whose folded form is not one character.
_ONE_TO_ONE: dict[int, str] = {}
_MULTI: set[str] = set()


def _learn(chars: Iterable[str]) -> None:
    for char in chars:
        if char not in _FOLD_CACHE:
            piece = _FOLD_CACHE[char] = _fold_char(char)
            if len(piece) == 1:
                _ONE_TO_ONE[ord(char)] = piece
            else:
                _MULTI.add(char)


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def _to_simplified(text: str) -> str:
    return _t2s().convert(text) if _HAN_CHAR.search(text) else text


@dataclass(frozen=True, slots=True)
class Folded:
    """A folded text and, per folded character, the original span it came from.

    ``starts``/``ends`` are None when every character folded to exactly one
    character: offsets are then the same in both texts (the common case).
    """

    text: str
    starts: tuple[int, ...] | None = None
    ends: tuple[int, ...] | None = None

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        if self.starts is None or self.ends is None:
            return start, end
        return self.starts[start], self.ends[end - 1]


_WHITESPACE_RUN = re.compile(r"\s\s")


def fold(text: str) -> Folded:
    """Fold case, width, quotes, emoji modifiers, whitespace runs and Traditional characters.

    The folded text keeps a map back to ``text`` so matches can be reported
    (and marked up) where they really are.
    """
    chars = set(text)
    _learn(chars)
    if not (chars & _MULTI) and not _WHITESPACE_RUN.search(text):
        folded = text.translate(_ONE_TO_ONE)
        return Folded(_simplified_aligned(folded))
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    cache = _FOLD_CACHE
    for index, char in enumerate(text):
        piece = cache[char]
        if not piece:
            continue
        if piece == " " and out and out[-1] == " ":
            ends[-1] = index + 1
            continue
        for folded_char in piece:
            out.append(folded_char)
            starts.append(index)
            ends.append(index + 1)
    return Folded(_simplified_aligned("".join(out)), tuple(starts), tuple(ends))


def _simplified_aligned(folded: str) -> str:
    simplified = _to_simplified(folded)
    if len(simplified) != len(folded):  # a phrase conversion changed the length: char by char
        simplified = "".join(
            _to_simplified(c) if len(_to_simplified(c)) == 1 else c for c in folded
        )
    return simplified


def fold_form(form: str) -> str:
    """A glossary form folded like the text (and trimmed)."""
    return fold(form).text.strip()


@dataclass(frozen=True, slots=True)
class Match:
    """One term found in a text: ``text[start:end]`` is what was written."""

    start: int
    end: int
    text: str
    entry: GlossaryEntry
    form: str

    @property
    def term_id(self) -> str:
        return self.entry.id


@dataclass(frozen=True, slots=True)
class _Form:
    key: str  # folded form
    entries: tuple[GlossaryEntry, ...]
    ambiguous: bool
    is_emoji: bool
    short_han: bool  # a Chinese term of at most SHORT_HAN_TERM characters


@dataclass(frozen=True, slots=True)
class _Candidate:
    start: int  # in folded text
    end: int
    form: _Form


_WORD = r"[a-z0-9]"
# Ordinary words a glued gap form would otherwise find ("___core").
GAP_STOPWORDS = frozenset({"hardcore", "softcore", "encore", "score", "underscore", "apple core"})


def gap_regex(folded_form: str) -> re.Pattern[str]:
    """A regex for a folded form with ``___`` gaps, tighter than ``glossary.form_regex``.

    A gap inside the form takes one to four words (``it's the ___ for me``); a
    gap at an edge takes one word (``___ era``), or the rest of the word when
    it is glued to the form (``___core`` finds ``cottagecore`` in
    ``我喜欢cottagecore``, not the Chinese before it).
    """
    parts = folded_form.split(PLACEHOLDER)
    pieces: list[str] = []
    for index, part in enumerate(parts):
        if index:
            before, after = parts[index - 1], part
            at_edge = before == "" or after == ""
            glued = (before and not before.endswith(" ")) or (after and not after.startswith(" "))
            if at_edge and glued:
                gap = rf"{_WORD}+?" if before else rf"(?<!{_WORD}){_WORD}+?"
            elif at_edge:
                gap = r"\S+" if before else r"(?<!\S)\S+"
            else:
                gap = r"\S+?(?:\s\S+?){0,3}"
            pieces.append(gap)
        pieces.append(re.escape(part))
    body = "".join(pieces)
    head = r"(?<![a-z0-9])" if _ALNUM.match(folded_form[:1]) else ""
    tail = r"(?![a-z0-9])" if _ALNUM.match(folded_form[-1:]) else ""
    if folded_form.endswith(PLACEHOLDER):
        tail = rf"(?!{_WORD})"
    return re.compile(head + body + tail)


class _GapForm:
    """A form with a ``___`` gap, matched by regex only around its longest literal part.

    Running a gap regex over a whole text is slow (the gap is a lazy run);
    searching a window around each occurrence of the literal part is not.
    """

    REACH = 60

    def __init__(self, raw: str, entry: GlossaryEntry, ambiguous: bool) -> None:
        folded = fold_form(raw)
        self.pattern = gap_regex(folded)
        self.anchor = max((part.strip() for part in folded.split(PLACEHOLDER)), key=len)
        self.form = _Form(raw, (entry,), ambiguous, False, False)

    def find(self, norm: str) -> list[_Candidate]:
        found: dict[tuple[int, int], _Candidate] = {}
        position = norm.find(self.anchor)
        while position != -1:
            left = max(0, position - self.REACH)
            for m in self.pattern.finditer(norm, left):
                if m.start() > position:
                    break
                if m.end() >= position + len(self.anchor) and m.group() not in GAP_STOPWORDS:
                    found.setdefault(
                        (m.start(), m.end()), _Candidate(m.start(), m.end(), self.form)
                    )
            position = norm.find(self.anchor, position + 1)
        return list(found.values())


def form_is_ambiguous(entry: GlossaryEntry, form: str) -> bool:
    """Does this form need context? (rule 3 of the module docstring)

    Besides the forms of ``ambiguous`` entries: an English alias that drops whole
    words of its term ("giving" of "it's giving", "Chinese spy" of "my Chinese
    spy"), and a gap form whose gap is a separate word at its edge ("___ era":
    "the film era" is not slang, "in my villain era" is).
    """
    if entry.ambiguous:
        return True
    folded = fold_form(form)
    if folded.startswith(PLACEHOLDER + " ") or folded.endswith(" " + PLACEHOLDER):
        return True
    if entry.lang != "en" or form == entry.term:
        return False
    words, term_words = folded.split(), fold_form(entry.term).split()
    return len(words) < len(term_words) and any(
        term_words[i : i + len(words)] == words for i in range(len(term_words) - len(words) + 1)
    )


def _is_emoji_form(key: str) -> bool:
    return not any(c.isalnum() for c in key) and any(ord(c) > 0x2000 for c in key)


class Detector:
    """An Aho-Corasick automaton over every form of ``entries``, with the rules above."""

    def __init__(self, entries: Iterable[GlossaryEntry], *, version: str = "") -> None:
        self.version = version
        self.entries: dict[str, GlossaryEntry] = {}
        grouped: dict[str, list[GlossaryEntry]] = {}
        gaps: list[_GapForm] = []
        ambiguous: dict[str, bool] = {}
        for entry in entries:
            self.entries[entry.id] = entry
            for form in entry.forms:
                if PLACEHOLDER in form:
                    gaps.append(_GapForm(form, entry, form_is_ambiguous(entry, form)))
                    continue
                key = fold_form(form)
                if key:
                    grouped.setdefault(key, []).append(entry)
                    ambiguous[key] = ambiguous.get(key, True) and form_is_ambiguous(entry, form)
        self._gaps = gaps
        self._automaton = ahocorasick.Automaton()
        for key, holders in grouped.items():
            han = _HAN_CHAR.findall(key)
            form = _Form(
                key=key,
                entries=tuple(sorted(holders, key=lambda e: e.id)),
                ambiguous=ambiguous[key] and not _is_emoji_form(key),
                is_emoji=_is_emoji_form(key),
                short_han=bool(han) and len(key) <= SHORT_HAN_TERM,
            )
            self._automaton.add_word(key, form)
        if grouped:
            self._automaton.make_automaton()
        self._empty = not grouped

    def __len__(self) -> int:
        return len(self.entries)

    def detect(self, text: str, *, lang: str = "") -> list[Match]:
        """Every term in ``text``, in order, without overlaps.

        ``lang`` ("zh", "en" or "") picks the entry when a form exists in both
        languages (``cat tax``); by default Chinese wins in text with Chinese
        characters.
        """
        if not text:
            return []
        folded = fold(text)
        candidates = self._candidates(folded.text)
        if not candidates:
            return []
        norm = folded.text
        accepted = [c for c in candidates if self._edges_ok(norm, c)]
        plain = [c for c in accepted if not c.form.ambiguous]
        kept = plain + [
            c for c in accepted if c.form.ambiguous and _has_context(norm, folded, text, c, plain)
        ]
        chosen = _resolve_overlaps(kept)
        prefer = lang or ("zh" if has_han(text) else "en")
        matches = []
        for cand in chosen:
            start, end = folded.original_span(cand.start, cand.end)
            while end < len(text) and ord(text[end]) in _IGNORED:  # keep "🔥️" whole
                end += 1
            entry = next((e for e in cand.form.entries if e.lang == prefer), cand.form.entries[0])
            matches.append(Match(start, end, text[start:end], entry, cand.form.key))
        return matches

    def _candidates(self, norm: str) -> list[_Candidate]:
        found: list[_Candidate] = []
        if not self._empty:
            for last, form in self._automaton.iter(norm):
                found.append(_Candidate(last - len(form.key) + 1, last + 1, form))
        for gap in self._gaps:
            found.extend(gap.find(norm))
        return found

    def _edges_ok(self, norm: str, cand: _Candidate) -> bool:
        key = norm[cand.start : cand.end]
        if _ALNUM.match(key[0]) and cand.start > 0 and _ALNUM.match(norm[cand.start - 1]):
            return False
        if _ALNUM.match(key[-1]) and cand.end < len(norm) and _ALNUM.match(norm[cand.end]):
            return False
        if cand.form.short_han:
            return _aligned_with_words(norm, cand.start, cand.end)
        return True


def _aligned_with_words(norm: str, start: int, end: int) -> bool:
    """Do the Chinese edges of ``norm[start:end]`` fall on jieba word boundaries?"""
    left = start
    while left > 0 and start - left < SEGMENT_REACH and _HAN_CHAR.match(norm[left - 1]):
        left -= 1
    right = end
    while right < len(norm) and right - end < SEGMENT_REACH and _HAN_CHAR.match(norm[right]):
        right += 1
    window_start = left
    edges = []
    if _HAN_CHAR.match(norm[start]) and left < start:
        edges.append(start)
    if _HAN_CHAR.match(norm[end - 1]) and right > end:
        edges.append(end)
    if not edges:
        return True
    boundaries = _boundaries(norm[window_start:right])
    return all((edge - window_start) in boundaries for edge in edges)


@lru_cache(maxsize=4096)
def _boundaries(window: str) -> frozenset[int]:
    import jieba

    jieba.setLogLevel(60)
    positions = {0}
    offset = 0
    for word in jieba.cut(window, HMM=False):
        offset += len(word)
        positions.add(offset)
    return frozenset(positions)


def _clause(norm: str, start: int, end: int) -> tuple[int, int]:
    left = start
    while left > 0 and norm[left - 1] not in _CLAUSE_BREAK:
        left -= 1
    right = end
    while right < len(norm) and norm[right] not in _CLAUSE_BREAK:
        right += 1
    return left, right


def _alone_break(norm: str, index: int) -> bool:
    """A clause edge for "stands alone": a comma counts only next to Chinese (NFKC made "，" ",")."""
    char = norm[index]
    if char in _ALONE_BREAK:
        return True
    if char in ",:":
        neighbours = norm[max(0, index - 1) : index] + norm[index + 1 : index + 2]
        return bool(_HAN_CHAR.search(neighbours))
    return False


def _stands_alone(norm: str, start: int, end: int) -> bool:
    left = start
    while left > 0 and not _alone_break(norm, left - 1):
        left -= 1
    right = end
    while right < len(norm) and not _alone_break(norm, right):
        right += 1
    return not _FILLER.sub("", norm[left:start]) and not _FILLER.sub("", norm[end:right])


def _quoted(norm: str, start: int, end: int) -> bool:
    before = norm[start - 1] if start > 0 else ""
    after = norm[end] if end < len(norm) else ""
    if not (before and after and before in _OPEN_QUOTES and after in _CLOSE_QUOTES):
        return False
    outside = (norm[start - 2] if start > 1 else "") + (
        norm[end + 1] if end + 1 < len(norm) else ""
    )
    return not _ALNUM.search(outside)  # "[w]hile" is an edit mark, not a quotation


def _has_context(
    norm: str, folded: Folded, original: str, cand: _Candidate, plain: Sequence[_Candidate]
) -> bool:
    start, end = cand.start, cand.end
    key = norm[start:end]
    a, b = folded.original_span(start, end)
    written = original[a:b]
    chinese = any(e.lang == "zh" for e in cand.form.entries)
    if len(key) == 1 and _LETTERS.match(key):  # "W", "L": only written in capitals, on their own
        return written.isupper() and _stands_alone(norm, start, end)
    if _stands_alone(norm, start, end) or (chinese and _quoted(norm, start, end)):
        return True
    if any(p.end > start - CONTEXT_WINDOW and p.start < end + CONTEXT_WINDOW for p in plain):
        return True
    letters = [c for c in written if c.isalpha()]
    if len(letters) >= 2 and all(c.isupper() for c in letters):
        shouting = [c for c in original if c.isalpha() and c.isascii()]
        if sum(c.isupper() for c in shouting) < 0.6 * len(shouting):
            return True
    if _predicate_slang(norm, start, end, cand.form):
        return True
    if not chinese:
        return False
    before = norm[start - 1] if start > 0 else ""
    after = norm[end] if end < len(norm) else ""
    touches_han = bool(_HAN_CHAR.match(before) or _HAN_CHAR.match(after))
    if _LETTERS.search(key) and not _HAN_CHAR.search(key):
        return touches_han
    if _DIGITS.match(key):
        following = norm[end:].lstrip()[:1]
        return touches_han and following not in _UNITS and before not in ("第", "约", "近", "共")
    return False


def _predicate_slang(norm: str, start: int, end: int, form: _Form) -> bool:
    """ "That's cap." / "it was mid." / 太卷了: a slang predicate after a copula or degree word."""
    key = norm[start:end]
    if _HAN_CHAR.match(key[0]) and any(e.lang == "zh" for e in form.entries):
        return any(norm[max(0, start - len(w)) : start] == w for w in _DEGREE_ZH)
    if not _LETTERS.match(key[0]) or not any(e.lang == "en" for e in form.entries):
        return False
    left, right = _clause(norm, start, end)
    if _FILLER.sub("", norm[end:right]):
        return False  # only at the end of its clause: "that's cap." but not "that's capped at"
    before = norm[left:start].split()
    return bool(before) and before[-1] in _COPULAS_EN


def _resolve_overlaps(candidates: list[_Candidate]) -> list[_Candidate]:
    """Longest first, then earliest; a candidate overlapping a chosen one is dropped."""
    chosen: list[_Candidate] = []
    taken = bytearray(max((c.end for c in candidates), default=0))
    for cand in sorted(candidates, key=lambda c: (-(c.end - c.start), c.start)):
        if any(taken[cand.start : cand.end]):
            continue
        chosen.append(cand)
        taken[cand.start : cand.end] = b"\x01" * (cand.end - cand.start)
    return sorted(chosen, key=lambda c: c.start)


# --- the live detector (Django) ---------------------------------------------------------

VERSION_KEY = "slang:glossary:version"


class _Live:
    detector: Detector | None = None
    version: str = ""
    checked_at: float = 0.0


_live = _Live()


def glossary_version() -> str:
    """The live glossary's version: shipped data version + the community counter."""
    from django.core.cache import cache

    from .glossary import glossary_version as shipped_version

    counter = cache.get(VERSION_KEY)
    if counter is None:
        # Never reuse an old counter after the cache was cleared: start from the clock.
        import time

        cache.add(VERSION_KEY, int(time.time() * 1000), timeout=None)
        counter = cache.get(VERSION_KEY, 0)
    return f"{shipped_version()}+{counter}"


def bump_version() -> None:
    """Call after the community glossary changed: every process rebuilds its detector."""
    from django.core.cache import cache

    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        import time

        cache.set(VERSION_KEY, int(time.time() * 1000), timeout=None)
    _live.checked_at = 0.0
    _live.detector = None


def live_entries() -> list[GlossaryEntry]:
    """Shipped entries with approved community entries on top (same id: the community wins)."""
    from .glossary import load_glossary
    from .models import GlossaryEntry as LiveEntry

    entries = {entry.id: entry for entry in load_glossary()}
    for row in LiveEntry.objects.order_by("pk"):
        if row.is_active:
            entries[row.term_id] = row.to_entry()
        else:  # retired by a moderator: gone from the live glossary, shipped or not
            entries.pop(row.term_id, None)
    return list(entries.values())


def get_detector() -> Detector:
    """The process's detector, rebuilt when the community glossary version changes.

    The version lives in the shared cache; it is read at most every
    ``QIAO_SLANG_VERSION_CHECK_SECONDS`` so detection stays a memory operation.
    """
    import time

    from django.conf import settings

    now = time.monotonic()
    interval = getattr(settings, "QIAO_SLANG_VERSION_CHECK_SECONDS", 2.0)
    if _live.detector is not None and now - _live.checked_at < interval:
        return _live.detector
    version = glossary_version()
    if _live.detector is None or version != _live.version:
        _live.detector = Detector(live_entries(), version=version)
        _live.version = version
    _live.checked_at = now
    return _live.detector


def reset() -> None:
    """Forget the process's detector (tests, and after a change in this process)."""
    _live.detector = None
    _live.version = ""
    _live.checked_at = 0.0

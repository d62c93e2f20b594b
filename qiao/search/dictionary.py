"""Dictionary expansion of short queries between Chinese and English: CC-CEDICT and slang.

A one- or two-word query embeds poorly ("hotpot" and 火锅 are far apart in
e5-small) and its machine translation may be unavailable or slow, so short
queries are also looked up word by word:

- English → Chinese through a reverse index of CC-CEDICT's glosses ("hotpot",
  "hot pot" and "hot-pot" share the key ``hotpot`` → 火锅; one word matches a
  gloss of several only when nothing matches it as written: "makeup" is not
  "make up"). A gloss names many headwords; each is weighed by how common it
  is (the logarithm of its jieba corpus frequency, as word frequencies are
  felt) divided by ``1 +`` the position of the gloss's sense among all the
  word's senses (CC-CEDICT lists the main sense first; 團 "group…" comes
  before 糰 "dumpling", so 团 does not beat 饺子). The best headword is kept,
  with up to two more weighing at least a third as much. The 0.05 % most
  widespread Chinese words (jieba's IDF below MIN_IDF: 不是, 对, 知道…) are
  never an English word's rendering: they would match a good part of all
  notes, like stop words.
  A phrase with no gloss of its own ("bubble tea") matches the shortest
  glosses containing all its words ("bubble milk tea" → 珍珠奶茶); the
  compound's head (Chinese compounds are head-final) is added when its own
  gloss is part of the compound's (奶茶, "milk tea"), as the broader term.
- Chinese → English through the words' first glosses (火锅 → hotpot).
- Pinyin → Chinese ("huoguo", "huo guo", "huǒguō" → 火锅) through the toneless
  readings of CC-CEDICT's words of two syllables or more, unless the letters
  are an English word of the glosses ("beijing" is read as English → 北京).
- Slang: a query that is exactly a form of a glossary term expands to its
  other forms and to its short translation (yyds → 永远的神, "the GOAT").

Stop words are never expanded, and queries of more than MAX_WORDS content
words are not expanded (their translation and embedding do better).

The CC-CEDICT indexes live in an SQLite file in QIAO_SEARCH_DIR, built once
(about ten seconds) by ``qiao search_reindex`` or by a background task queued
on first use, and then read by every process without loading it into memory.
"""

from __future__ import annotations

import fcntl
import gzip
import logging
import math
import os
import re
import sqlite3
import threading
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from . import text as T

logger = logging.getLogger(__name__)

#: Bump when the file's layout or the way it is built changes: a new file is then built.
FORMAT = 2
MAX_WORDS = 4  # content words in a query that is still expanded
MAX_PHRASE = 4  # words in one gloss (longer ones are descriptions, not names)
MAX_HEADWORDS = 3
KEEP_RATIO = 1 / 3
MIN_IDF = 4.0  # see _common_words
MAX_GLOSSES = 3  # English renderings of one Chinese word
PENDING_TTL = 600
BUILDING_KEY = "search:dictionary:building"

# Words that carry no topic: never looked up alone (a longer gloss may hold them: "cup of tea").
STOPWORDS = T.STOPWORDS | frozenset(
    """
    not no so but if all can will just very too what how who when where why which there here
    me him her us them our their its has have had get got some any more most about into up out
    over than then also please thanks
    一个 这个 那个 什么 怎么 怎样 为什么 没有 不 很 太 最 还 又 再 吗 啦 哈 呢 哪 谁 多少
    """.split()
)

_LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")
_PARENS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]")
# Senses that are cross-references or notes, not meanings.
_NOT_A_GLOSS = re.compile(
    r"^(?:(?:old |archaic |obscure |japanese |erhua |also written |see also |see )?variant of|see |"
    r"see also|abbr\.|abbr for|surname |lit\.|fig\.|used in|cl:|also pr\.|taiwan pr\.|"
    r"pr\. |also written|classifier for|\(bound form\)|\(old\)|\(archaic\)|\(onom\.\)|"
    r"radical in chinese characters|kangxi radical|unofficial variant)",
    re.IGNORECASE,
)
_LEADING = re.compile(r"^(?:to|a|an|the)\s+", re.IGNORECASE)
_EN_TOKEN = re.compile(r"[a-z0-9]+")
_PINYIN = re.compile(r"^[a-z]+$")
_SLASHES = re.compile(r"\s*/\s*")


# --- building -------------------------------------------------------------------------------


def _ascii_fold(text: str) -> str:
    """Lower case without diacritics (café → cafe, huǒ → huo)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def gloss_tokens(phrase: str) -> list[str]:
    return _EN_TOKEN.findall(_ascii_fold(phrase))


def clean_glosses(definitions: str) -> list[tuple[int, list[str]]]:
    """CC-CEDICT's "/"-separated senses as (position, renderings), one rendering per ";" piece.

    Cross-references, notes and long descriptions are dropped (their senses
    still count for the positions of the next ones; measure-word notes do not);
    "(…)" qualifiers and a leading "to"/"a"/"the" are removed, and renderings
    with a "sth"/"sb" placeholder dropped, so "to eat; to consume/CL:顿/to eat
    sth/to absorb" gives [(0, ["eat", "consume"]), (2, ["absorb"])].
    """
    senses: list[tuple[int, list[str]]] = []
    position = 0
    for sense in definitions.split("/"):
        sense = sense.strip()
        if not sense or sense.startswith("CL:"):
            continue
        position += 1
        if _NOT_A_GLOSS.match(sense):
            continue
        renderings = []
        for piece in sense.split(";"):
            previous = None
            while previous != piece:  # nested brackets
                previous, piece = piece, _PARENS.sub(" ", piece)
            piece = _LEADING.sub("", piece.strip().lower())
            tokens = gloss_tokens(piece)
            if not tokens or len(tokens) > MAX_PHRASE or {"sth", "sb", "etc"} & set(tokens):
                continue
            renderings.append(" ".join(tokens))
        if renderings:
            senses.append((position - 1, renderings))
    return senses


def _name_prefix(definitions: str) -> str:
    """A proper noun's name: the capitalised words its first sense starts with ("Chengdu …")."""
    first = _PARENS.sub(" ", definitions.split("/")[0]).split(",")[0].split()
    words = []
    for word in first:
        if not word[:1].isupper():
            break
        words.append(word)
    return " ".join(gloss_tokens(" ".join(words[:MAX_PHRASE])))


def pinyin_keys(numbered: str) -> list[str]:
    """Toneless readings of CC-CEDICT's "huo3 guo1" / "lu:4 se4": "huoguo"; "lvse" and "luse"."""
    syllables = re.sub(r"[1-5]", "", numbered.lower()).split()
    if len(syllables) < 2 or not all(re.fullmatch(r"[a-z:]+", s) for s in syllables):
        return []
    joined = "".join(syllables)
    return list(dict.fromkeys([joined.replace("u:", "v"), joined.replace("u:", "u")]))


def _frequencies() -> dict[str, int]:
    jieba = T._jieba()
    return jieba.dt.FREQ


def _common_words() -> set[str]:
    """Chinese words too common to search for on their own: jieba's IDF table below MIN_IDF.

    These are the 0.05 % most widespread words (不是, 对, 知道, 什么…): an English
    word rendered as one of them would match a good part of all notes.
    """
    from jieba.analyse.tfidf import DEFAULT_IDF

    common = set()
    with open(DEFAULT_IDF, encoding="utf-8") as handle:
        for line in handle:
            word, _, idf = line.rstrip().rpartition(" ")
            if word and float(idf) < MIN_IDF:
                common.add(word)
    return common


@lru_cache(maxsize=1)
def _cedict_size() -> int:
    from qiao.slang.learning import cedict_path

    return cedict_path().stat().st_size


def dictionary_path() -> Path:
    """The built file; its name changes with FORMAT and with the CC-CEDICT release (its size)."""
    name = f"cedict-v{FORMAT}-{_cedict_size()}.sqlite3"
    return Path(settings.QIAO_SEARCH_DIR) / "dictionary" / name


SCHEMA = """
CREATE TABLE gloss (
    key TEXT NOT NULL, phrase TEXT NOT NULL, word TEXT NOT NULL, weight REAL NOT NULL
);
CREATE INDEX gloss_key ON gloss (key);
CREATE VIRTUAL TABLE gloss_fts USING fts5(phrase, content='gloss', tokenize='unicode61');
CREATE TABLE vocabulary (token TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE chinese (word TEXT PRIMARY KEY, glosses TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE pinyin (key TEXT NOT NULL, word TEXT NOT NULL, weight REAL NOT NULL);
CREATE INDEX pinyin_key ON pinyin (key);
"""


def _entries(source: Path) -> Iterable[tuple[str, str, str, str]]:
    with gzip.open(source, "rt", encoding="utf-8") as handle:
        for line in handle:
            if line.startswith("#"):
                continue
            match = _LINE.match(line)
            if match:
                yield match.groups()  # traditional, simplified, pinyin, definitions


def build(path: Path | None = None, source: Path | None = None) -> dict[str, int]:
    """Write the dictionary file (atomically); returns its row counts."""
    from qiao.slang.learning import cedict_path

    path = path or dictionary_path()
    source = source or cedict_path()
    frequency = _frequencies()
    common = _common_words()

    def commonness(word: str) -> float:
        return math.log(2 + frequency.get(word, 0))

    # Per Simplified word, its entries (common words' before names'), each a list of
    # (sense position, rendering), and the entry's number of senses.
    entries: dict[str, list[tuple[bool, int, list[tuple[int, str]], int]]] = defaultdict(list)
    first_glosses: dict[str, tuple[bool, list[str]]] = {}
    readings: dict[str, set[str]] = defaultdict(set)
    for order, (_traditional, simplified, numbered, definitions) in enumerate(_entries(source)):
        proper = numbered[:1].isupper()
        senses = clean_glosses(definitions)
        found = [(position, r) for position, sense in senses for r in sense]
        # A name described at length ("Chengdu subprovincial city…") is also found by the name.
        described = not senses or senses[0][0] != 0
        name = _name_prefix(definitions) if proper and described else ""
        if name:
            found.append((-1, name))
        if found:
            count = sum(1 for d in definitions.split("/") if d.strip() and not d.startswith("CL:"))
            entries[simplified].append((proper, order, found, count))
        if senses and (simplified not in first_glosses or first_glosses[simplified][0] > proper):
            # The first two senses of the first common entry: its main meanings.
            first_glosses[simplified] = (proper, [r for _, sense in senses[:2] for r in sense])
        for key in pinyin_keys(numbered):
            readings[key].add(simplified)

    tmp = path.with_suffix(f".tmp{os.getpid()}")
    tmp.unlink(missing_ok=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(tmp)
    try:
        db.executescript(SCHEMA)
        rows, vocabulary = [], set()
        for word, word_entries in entries.items():
            best: dict[str, tuple[str, float]] = {}
            offset = 0  # senses in the word's earlier entries: 團 (group…) before 糰 (dumpling)
            for proper, _, found, count in sorted(word_entries, key=lambda e: e[:2]):
                for position, phrase in found:
                    # Names keep their spaces in the key: "Su Shi" must not answer "sushi".
                    key = phrase if position < 0 else phrase.replace(" ", "")
                    weight = commonness(word) / (1 + offset + max(position, 0))
                    if phrase not in best or best[phrase][1] < weight:
                        best[phrase] = (key, weight)
                    if not proper:  # English words: names' glosses are full of pinyin
                        vocabulary.update(phrase.split())
                offset += count
            if word not in common:  # never an English word's rendering (pinyin still reads it)
                rows += [(key, phrase, word, weight) for phrase, (key, weight) in best.items()]
        db.executemany("INSERT INTO gloss VALUES (?, ?, ?, ?)", rows)
        db.execute("INSERT INTO gloss_fts(gloss_fts) VALUES ('rebuild')")
        db.executemany("INSERT INTO vocabulary VALUES (?)", ((t,) for t in vocabulary))
        db.executemany(
            "INSERT INTO chinese VALUES (?, ?)",
            (
                (word, "\t".join(list(dict.fromkeys(glosses))[:MAX_GLOSSES]))
                for word, (_, glosses) in first_glosses.items()
            ),
        )
        db.executemany(
            "INSERT INTO pinyin VALUES (?, ?, ?)",
            (
                (key, word, commonness(word))
                for key, words in readings.items()
                for word in words
            ),
        )
        db.commit()
        counts = {
            "glosses": len(rows),
            "chinese_words": len(first_glosses),
            "pinyin_readings": len(readings),
        }
    finally:
        db.close()
    os.replace(tmp, path)
    _reader.cache_clear()
    _expand.cache_clear()
    return counts


@contextmanager
def _build_lock(path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(".lock"), "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def ensure_built() -> Path:
    """Build the dictionary file unless it exists (one builder at a time); returns its path."""
    path = dictionary_path()
    if not path.exists():
        with _build_lock(path):
            if not path.exists():
                counts = build(path)
                logger.info("Search dictionary built at %s: %s", path, counts)
    return path


# --- reading --------------------------------------------------------------------------------


class Reader:
    """Read-only lookups in a built dictionary file; one SQLite connection per thread."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()

    @property
    def db(self) -> sqlite3.Connection:
        db = getattr(self._local, "db", None)
        if db is None:
            db = sqlite3.connect(f"file:{self.path}?mode=ro&immutable=1", uri=True)
            self._local.db = db
        return db

    @staticmethod
    def _best(rows: Iterable[tuple[str, float]], limit: int = MAX_HEADWORDS) -> list[str]:
        """The heaviest word and the next ones weighing at least KEEP_RATIO of it."""
        weights: dict[str, float] = {}
        for word, weight in rows:
            weights[word] = max(weight, weights.get(word, 0.0))
        ranked = sorted(weights.items(), key=lambda item: (-item[1], item[0]))
        if not ranked:
            return []
        floor = ranked[0][1] * KEEP_RATIO
        return [word for word, weight in ranked[:limit] if weight >= floor]

    def chinese_for(self, phrase: str) -> list[str]:
        """Chinese words for an English word or phrase ("hot pot", "hotpot", "dumplings").

        A phrase matches its gloss and the same letters written as one word
        ("hot pot" → "hotpot"); one word matches a gloss of several words
        ("kungfu" → "kung fu") only when nothing matches it as written
        ("makeup" is not "make up").
        """
        tokens = gloss_tokens(phrase)
        if not tokens:
            return []
        spellings = [tokens]
        last = tokens[-1]
        if last.endswith("s"):
            for singular in (last[:-3] + "y" if last.endswith("ies") else "", last[:-2], last[:-1]):
                if len(singular) >= 3:
                    spellings.append([*tokens[:-1], singular])
        for words in spellings:
            written = " ".join(words)
            rows = self.db.execute(
                "SELECT word, weight, phrase FROM gloss WHERE key IN (?, ?)",
                ("".join(words), written),
            ).fetchall()
            close = [(w, weight) for w, weight, p in rows if p == written or " " not in p]
            found = self._best(close) or self._best((w, weight) for w, weight, _ in rows)
            if found:
                return found
        return []

    def chinese_containing(self, phrase: str) -> tuple[list[str], str]:
        """Words whose shortest glosses contain every word of ``phrase``, and that gloss."""
        tokens = gloss_tokens(phrase)
        if len(tokens) < 2:
            return [], ""
        match = " AND ".join(f'"{t}"' for t in tokens)
        rows = self.db.execute(
            "SELECT gloss.phrase, gloss.word, gloss.weight FROM gloss_fts "
            "JOIN gloss ON gloss.rowid = gloss_fts.rowid WHERE gloss_fts MATCH ?",
            (match,),
        ).fetchall()
        if not rows:
            return [], ""
        shortest = min(len(p.split()) for p, _, _ in rows)
        if shortest > len(tokens) + 1:  # one extra word at most: "bubble (milk) tea"
            return [], ""
        best = [(w, weight) for p, w, weight in rows if len(p.split()) == shortest]
        words = self._best(best)
        phrase_of = {w: p for p, w, _ in rows if len(p.split()) == shortest}
        return words, phrase_of[words[0]]

    def english_for(self, word: str) -> list[str]:
        """The main English glosses of a Chinese word (Simplified)."""
        row = self.db.execute("SELECT glosses FROM chinese WHERE word = ?", (word,)).fetchone()
        return row[0].split("\t") if row else []

    def is_english(self, word: str) -> bool:
        """True when ``word`` is a word of CC-CEDICT's English glosses."""
        return (
            self.db.execute("SELECT 1 FROM vocabulary WHERE token = ?", (word,)).fetchone()
            is not None
        )

    def read_pinyin(self, letters: str) -> list[str]:
        """Common Chinese words that toneless pinyin spells ("huoguo" → 火锅)."""
        rows = self.db.execute("SELECT word, weight FROM pinyin WHERE key = ?", (letters,))
        return self._best(rows)


@lru_cache(maxsize=1)
def _reader(path: Path) -> Reader:
    return Reader(path)


def reader(*, queue: bool = True) -> Reader | None:
    """The dictionary, or None while it is not built yet (a build is then queued, once)."""
    path = dictionary_path()
    if path.exists():
        return _reader(path)
    if queue:
        _queue_build()
        if path.exists():  # an immediate task backend built it already
            return _reader(path)
    return None


def _queue_build() -> None:
    from django.core.cache import cache

    if not cache.add(BUILDING_KEY, 1, PENDING_TTL):
        return
    try:
        from .tasks import build_dictionary

        build_dictionary.enqueue()
    except Exception:
        logger.exception("Could not queue the search dictionary build")


# --- expanding queries ----------------------------------------------------------------------


@dataclass(frozen=True)
class Expansion:
    """The query in another language (or spelling), as a keyword query, and as words to show."""

    lang: str
    query: T.ParsedQuery
    shown: str


@dataclass(frozen=True)
class _Unit:
    """A piece of the query: a word or dictionary phrase, its language and its renderings."""

    text: str
    lang: str  # "zh" or "en"
    renderings: dict[str, tuple[str, ...]]  # lang → words or phrases in that language


def _fold_pinyin(text: str) -> str:
    return _ascii_fold(text.replace("ü", "v").replace("Ü", "v"))


def _units(words: list[str], lookup: Reader) -> list[_Unit]:
    """Greedy longest dictionary matches over the query's words, at most MAX_PHRASE words each."""
    units: list[_Unit] = []
    i = 0
    while i < len(words):
        unit = None
        for j in range(min(len(words), i + MAX_PHRASE), i, -1):
            piece = words[i:j]
            if any(T.has_han(w) for w in piece):
                if not all(T.has_han(w) for w in piece):
                    continue
                text = "".join(piece)
                english = [] if text in STOPWORDS else lookup.english_for(text)
                if english or j == i + 1:
                    unit = _Unit(text, "zh", {"zh": (text,), "en": tuple(english)})
            else:
                unit = _latin_unit(piece, lookup, whole=j - i == len(words))
                if unit is None and j == i + 1:
                    unit = _Unit(piece[0], "en", {"en": (piece[0],)})
            if unit is not None:
                i = j
                break
        units.append(unit)  # type: ignore[arg-type]  # j == i + 1 always gives a unit
    return units


def _latin_unit(piece: list[str], lookup: Reader, *, whole: bool) -> _Unit | None:
    """A run of Latin words as English (CC-CEDICT glosses) or as pinyin, or None."""
    text = " ".join(piece)
    if len(piece) == 1 and text in STOPWORDS:
        return None
    chinese = lookup.chinese_for(text)
    if chinese:
        return _Unit(text, "en", {"en": (text,), "zh": tuple(chinese)})
    letters = _fold_pinyin("".join(piece))
    english_word = lookup.is_english(letters) or all(lookup.is_english(w) for w in piece)
    if _PINYIN.match(letters) and not english_word:
        hanzi = lookup.read_pinyin(letters)
        if hanzi:
            english = tuple(g for word in hanzi[:1] for g in lookup.english_for(word))
            return _Unit(text, "zh", {"zh": tuple(hanzi), "en": english})
    if whole and len(piece) >= 2:
        chinese, gloss = lookup.chinese_containing(text)
        if chinese:
            broader = _heads(chinese[0], gloss, lookup)
            return _Unit(text, "en", {"en": (text,), "zh": tuple(dict.fromkeys(chinese + broader))})
    return None


def _heads(word: str, gloss: str, lookup: Reader) -> list[str]:
    """The compound's last jieba word when its own gloss is part of the compound's (珍珠奶茶 → 奶茶)."""
    parts = [p for p in T.segment(word) if T.is_word(p)]
    if len(parts) < 2:
        parts = list(T._split_long(word))
    if len(parts) < 2:
        return []
    head = parts[-1]
    gloss_words = set(gloss.split())
    if any(set(g.split()) <= gloss_words for g in lookup.english_for(head)):
        return [head]
    return []


@lru_cache(maxsize=1)
def _slang_forms() -> dict[str, object]:
    """Every form of the glossary's unambiguous terms (normalised) → its entry."""
    try:
        from qiao.slang.glossary import load_glossary, normalise
    except ImportError:
        return {}
    try:
        entries = load_glossary()
    except Exception:
        logger.exception("Could not load the slang glossary for query expansion")
        return {}
    forms: dict[str, object] = {}
    for entry in entries:
        if not entry.ambiguous:  # a form with an everyday meaning too ("cap") is not expanded
            for form in entry.forms:
                forms.setdefault(normalise(form), entry)
    return forms


def _glossary_units(text: str) -> list[_Unit]:
    """The query as a whole slang term: its other forms and its short translation."""
    if not _slang_forms():
        return []
    from qiao.slang.glossary import normalise

    form = normalise(text)
    entry = _slang_forms().get(form)
    if entry is None:
        return []
    other = "en" if entry.lang == "zh" else "zh"
    translation = entry.translation(other)
    if "…" in translation or "..." in translation:
        translation = ""  # a pattern ("有……那味儿"), not words
    renderings = {
        entry.lang: tuple(f for f in entry.forms if normalise(f) != form),
        other: tuple(_LEADING.sub("", t) for t in _SLASHES.split(translation.strip()) if t),
    }
    return [_Unit(text, entry.lang, {k: v for k, v in renderings.items() if v})]


def _term(renderings: tuple[str, ...]) -> T.Term:
    """A keyword term matching any of the renderings (each a word or a phrase)."""
    alternatives: list[tuple[str, ...]] = []
    for rendering in renderings:
        for variant in dict.fromkeys([rendering, T.to_traditional(rendering)]):
            if T.has_han(variant):
                parts = tuple(p for p in T.segment(variant) if T.is_word(p))
                alternatives.append((variant,))
                if len(parts) > 1:
                    alternatives.append(parts)
            else:
                words = tuple(gloss_tokens(variant))  # a phrase, as written ("put on makeup")
                if words:
                    alternatives.append(words)
    alternatives = list(dict.fromkeys(alternatives))
    prefix = any(len(a) == 1 and len(a[0]) >= 4 and a[0].isascii() for a in alternatives)
    return T.Term(renderings[0], tuple(alternatives), prefix)


def _expansion(lang: str, units: list[_Unit], typed: T.ParsedQuery) -> Expansion | None:
    """The query in ``lang``: every unit rendered in it; None when nothing needed rendering."""
    terms, shown, rendered = [], [], False
    for unit in units:
        # A rendering that is a stop word ("something" → 什么) would match half the site.
        words = tuple(w for w in unit.renderings.get(lang, ()) if w.lower() not in STOPWORDS)
        if words and words != (unit.text,):
            rendered = True  # another language, or another spelling (pinyin, a slang form)
        elif not words:
            if unit.lang == "zh" or unit.text in STOPWORDS:
                continue  # Chinese words cannot be in English notes; stop words say nothing
            words = (unit.text,)  # a name or brand may be written as is
        term = _term(words)
        if term.alternatives:
            terms.append(term)
            shown.append(" / ".join(words))
    if not rendered or not terms:
        return None
    highlight = tuple(dict.fromkeys(w for t in terms for a in t.alternatives for w in a))
    query = T.ParsedQuery(
        " ".join(shown), " ".join(shown), tuple(terms), highlight_words=highlight
    )
    if query.terms == typed.terms:
        return None
    return Expansion(lang, query, " ".join(shown))


def expand(text: str) -> tuple[Expansion, ...]:
    """The dictionary renderings of a short query, one per language it reaches.

    Returns nothing for long queries and queries of stop words only; only slang
    is expanded while the CC-CEDICT file is not built yet.
    """
    lookup = reader()
    return _expand(text, lookup.path if lookup else None)


@lru_cache(maxsize=2048)
def _expand(text: str, path: Path | None) -> tuple[Expansion, ...]:
    typed = T.parse_query(text)
    words = [w.lower() for w in T.segment(typed.simplified) if T.is_word(w)]
    content = [w for w in words if w not in STOPWORDS]
    if not content or len(content) > MAX_WORDS:
        return ()
    units = _glossary_units(typed.simplified)
    if not units and path is not None:
        try:
            units = _units(words, _reader(path))
        except sqlite3.Error:
            logger.exception("Search dictionary lookup failed for %r", text)
            return ()
    found = []
    for lang in ("zh", "en"):
        expansion = _expansion(lang, units, typed)
        if expansion is not None:
            found.append(expansion)
    return tuple(found)

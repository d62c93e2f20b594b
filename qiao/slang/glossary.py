"""Load and validate the curated slang glossary shipped in ``qiao/slang/data``.

The glossary is plain TOML (read with the standard library's ``tomllib``) so
that contributors can review a new term in a diff. Loading is strict: a typo in
a field name, a missing pinyin or an example that does not use its own term
fails loudly at load time instead of surfacing later as a wrong explanation.

Run ``python -m qiao.slang.glossary --check`` to validate the data and print
counts by language, tag and register. Django is not needed to load the data.
"""

from __future__ import annotations

import argparse
import datetime
import re
import sys
import tomllib
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parent / "data"

LANGUAGES = ("zh", "en")
REGISTERS = ("neutral", "playful", "rude", "offensive")
PLACEHOLDER = "___"

#: The tag vocabulary is closed so that a typo ("abreviation") cannot create a
#: new, near-empty category on the glossary pages. Add a tag here and in
#: docs/glossary.md when a new one is really needed.
TAGS = frozenset(
    {
        "abbreviation",  # shortened form of a longer word or phrase
        "pinyin-initials",  # letters taken from the pinyin of a Chinese phrase
        "number",  # digits standing for words, usually by sound
        "emoji",  # an emoji (or emoticon) used with a meme meaning
        "homophone",  # a pun on sound
        "loanword",  # borrowed from another language
        "wordplay",  # other puns, blends, deliberate misspellings
        "catchphrase",  # a line from a show, video or post that spread
        "internet-culture",  # general online culture
        "social-media",  # posting, feeds, followers, comments
        "xiaohongshu",  # typical of Xiaohongshu / RedNote posts
        "rednote-2025",  # from the January 2025 TikTok-to-RedNote exchange
        "gaming",
        "work",
        "school",
        "money",
        "shopping",
        "food",
        "travel",
        "romance",
        "friendship",
        "family",
        "fandom",  # idols, fans, shipping
        "acg",  # anime, comics, games subculture (二次元)
        "praise",
        "insult",
        "sarcasm",
        "emotion",
        "mental-state",
        "lifestyle",
        "personality",  # incl. MBTI
        "appearance",
        "greeting",
        "agreement",
        "exclamation",
        "intensifier",
        "aave",  # originated in African American Vernacular English
        "gen-alpha",  # popular mainly with children and young teens
        "brainrot",  # deliberately absurd short-video meme language
        "music",
        "fashion",
        "sports",
        "tech",
        "lgbtq",
    }
)

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
# One pinyin "token" of a term: a Han character, or a run of Latin letters/digits.
_PINYIN_SOURCE_TOKEN = re.compile(
    r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]|[A-Za-z0-9]+"
)
_PINYIN_TEXT = re.compile(r"^[a-zA-Z0-9üÜāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ' ]+$")
_VERSION = re.compile(r"^\d{4}\.\d{1,2}\.\d+$")
_ID = re.compile(r"^(zh|en)-[a-z0-9]+(?:-[a-z0-9]+)*$")
_IGNORED_MARKS = dict.fromkeys(
    [0xFE0E, 0xFE0F, 0x200D, *range(0x1F3FB, 0x1F400)]  # variation selectors, ZWJ, skin tones
)
_QUOTES = str.maketrans({"\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u201c": '"', "\u201d": '"'})
_SPACES = re.compile(r"\s+")
_WORD_CHAR = re.compile(r"[a-z0-9]")
_LATIN = re.compile(r"[A-Za-z]")

_REQUIRED_TEXT = (
    "id",
    "term",
    "lang",
    "literal",
    "meaning_en",
    "meaning_zh",
    "translation_en",
    "translation_zh",
    "register",
    "example",
    "example_translation",
)
_OPTIONAL_TEXT = ("pinyin", "expansion", "notes")
_LIST_FIELDS = ("aliases", "tags", "shared_forms")
_KNOWN_FIELDS = frozenset(_REQUIRED_TEXT + _OPTIONAL_TEXT + _LIST_FIELDS + ("since", "ambiguous"))
_FILE_KEYS = frozenset({"version", "lang", "term"})


class GlossaryError(ValueError):
    """The glossary data is invalid; ``problems`` lists every problem found."""

    def __init__(self, problems: Sequence[str]):
        self.problems = list(problems)
        shown = "\n".join(f"  - {p}" for p in self.problems[:50])
        more = f"\n  … and {len(self.problems) - 50} more" if len(self.problems) > 50 else ""
        super().__init__(f"{len(self.problems)} glossary problem(s):\n{shown}{more}")


@dataclass(frozen=True, slots=True)
class GlossaryEntry:
    """One curated slang term. Field meanings are documented in docs/glossary.md."""

    id: str
    term: str
    lang: str
    aliases: tuple[str, ...]
    literal: str
    meaning_en: str
    meaning_zh: str
    translation_en: str
    translation_zh: str
    register: str
    example: str
    example_translation: str
    tags: tuple[str, ...]
    pinyin: str = ""
    expansion: str = ""
    notes: str = ""
    since: int | None = None
    ambiguous: bool = False
    shared_forms: tuple[str, ...] = ()
    version: str = ""

    @property
    def forms(self) -> tuple[str, ...]:
        """The term and all its aliases, as written."""
        return (self.term, *self.aliases)

    def meaning(self, reader_lang: str) -> str:
        """The explanation for a reader of ``reader_lang`` (English unless "zh")."""
        return self.meaning_zh if reader_lang == "zh" else self.meaning_en

    def translation(self, target_lang: str) -> str:
        """A short rendering to use inside a translation into ``target_lang``."""
        return self.translation_zh if target_lang == "zh" else self.translation_en


def normalise(text: str) -> str:
    """Fold case, width, curly quotes, emoji modifiers and spacing for matching.

    Full-width letters and digits (ｙｙｄｓ, ６６６) become ASCII through NFKC,
    so "YYDS", "ｙｙｄｓ" and "yyds" are the same form.
    """
    text = unicodedata.normalize("NFKC", text).translate(_IGNORED_MARKS).translate(_QUOTES)
    return _SPACES.sub(" ", text.casefold()).strip()


def has_han(text: str) -> bool:
    """True when ``text`` contains at least one Chinese character."""
    return bool(_HAN.search(text))


def pinyin_source(entry: GlossaryEntry) -> str:
    """The text the entry's pinyin spells: the term if it has Han, else the expansion."""
    if has_han(entry.term):
        return entry.term
    if has_han(entry.expansion):
        return entry.expansion
    return ""


def pinyin_tokens(text: str) -> list[str]:
    """Split a term into the units that get one pinyin syllable each.

    Every Han character is one unit; a run of Latin letters or digits ("call",
    "Q", "city") is one unit and is spelled as itself in the pinyin field.
    """
    return _PINYIN_SOURCE_TOKEN.findall(unicodedata.normalize("NFKC", text))


def form_regex(form: str) -> re.Pattern[str]:
    """A regex that finds ``form`` in *normalised* text.

    ``___`` in a form is a gap of one to four words ("it's the ___ for me") or,
    when attached to a word, part of a word ("___core" matches "cottagecore").
    Latin edges must sit on a word boundary so "ate" does not match "late";
    Han edges need no boundary (Chinese has no spaces).
    """
    normal = normalise(form)
    parts = [re.escape(part) for part in normal.split(PLACEHOLDER)]
    body = r"\S+?(?:\s\S+?){0,3}".join(parts)
    head = r"(?<![a-z0-9])" if _WORD_CHAR.match(normal[:1]) else ""
    tail = r"(?![a-z0-9])" if _WORD_CHAR.match(normal[-1:]) else ""
    return re.compile(head + body + tail)


def load_glossary(paths: Iterable[str | Path] | None = None) -> list[GlossaryEntry]:
    """Load and validate glossary files (default: every shipped ``data/*.toml``).

    Results are cached per set of paths; raises ``GlossaryError`` listing every
    problem when any file is invalid.
    """
    return list(_load(_resolve(paths)))


def glossary_version(paths: Iterable[str | Path] | None = None) -> str:
    """The data version shared by the glossary files, e.g. "2026.11.1"."""
    entries = _load(_resolve(paths))
    return entries[0].version if entries else ""


def summarise(entries: Iterable[GlossaryEntry]) -> dict[str, Counter[str]]:
    """Counts by language, by language+register and by language+tag, for reports."""
    by_lang: Counter[str] = Counter()
    by_register: Counter[str] = Counter()
    by_tag: Counter[str] = Counter()
    for entry in entries:
        by_lang[entry.lang] += 1
        by_register[f"{entry.lang}:{entry.register}"] += 1
        by_tag.update(f"{entry.lang}:{tag}" for tag in entry.tags)
    return {"lang": by_lang, "register": by_register, "tag": by_tag}


def _resolve(paths: Iterable[str | Path] | None) -> tuple[Path, ...]:
    if paths is None:
        return tuple(sorted(DATA_DIR.glob("*.toml")))
    return tuple(Path(p).resolve() for p in paths)


@lru_cache(maxsize=8)
def _load(paths: tuple[Path, ...]) -> tuple[GlossaryEntry, ...]:
    problems: list[str] = []
    entries: list[GlossaryEntry] = []
    versions: set[str] = set()
    if not paths:
        raise GlossaryError(["no glossary files found"])
    for path in paths:
        version, file_entries = _read_file(path, problems)
        if version:
            versions.add(version)
        entries.extend(file_entries)
    if len(versions) > 1:
        problems.append(f"files disagree on version: {sorted(versions)}")
    problems.extend(_cross_entry_problems(entries))
    if problems:
        raise GlossaryError(problems)
    return tuple(entries)


def _read_file(path: Path, problems: list[str]) -> tuple[str, list[GlossaryEntry]]:
    try:
        with path.open("rb") as fh:
            data = tomllib.load(fh)
    except OSError as exc:
        problems.append(f"{path.name}: cannot read: {exc}")
        return "", []
    except tomllib.TOMLDecodeError as exc:
        problems.append(f"{path.name}: invalid TOML: {exc}")
        return "", []

    where = path.name
    for key in sorted(set(data) - _FILE_KEYS):
        problems.append(f"{where}: unknown top-level key {key!r}")
    version = data.get("version")
    if not isinstance(version, str) or not _VERSION.match(version):
        problems.append(f"{where}: top-level version must look like '2026.11.1', got {version!r}")
        version = ""
    file_lang = data.get("lang")
    if file_lang is not None and file_lang not in LANGUAGES:
        problems.append(f"{where}: top-level lang must be one of {LANGUAGES}, got {file_lang!r}")
    raw_terms = data.get("term", [])
    if not isinstance(raw_terms, list) or not raw_terms:
        problems.append(f"{where}: no [[term]] entries")
        return version, []

    entries = []
    for index, raw in enumerate(raw_terms, start=1):
        label = f"{where}: term #{index} ({raw.get('id', '?') if isinstance(raw, dict) else '?'})"
        entry = _parse_entry(raw, version, file_lang, label, problems)
        if entry is not None:
            entries.append(entry)
    return version, entries


def _parse_entry(
    raw: Any, version: str, file_lang: str | None, label: str, problems: list[str]
) -> GlossaryEntry | None:
    if not isinstance(raw, dict):
        problems.append(f"{label}: must be a table")
        return None
    found: list[str] = []
    for key in sorted(set(raw) - _KNOWN_FIELDS):
        found.append(f"unknown field {key!r}")
    for key in _REQUIRED_TEXT:
        value = raw.get(key)
        if not isinstance(value, str) or not value.strip():
            found.append(f"{key} is required and must be a non-empty string")
        elif value != value.strip():
            found.append(f"{key} has leading or trailing whitespace")
    for key in _OPTIONAL_TEXT:
        if key in raw and (not isinstance(raw[key], str) or not raw[key].strip()):
            found.append(f"{key} must be a non-empty string when present")
    for key in _LIST_FIELDS:
        value = raw.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            found.append(f"{key} must be a list of non-empty strings")
    since = raw.get("since")
    this_year = datetime.date.today().year
    if since is not None and (not isinstance(since, int) or not 1990 <= since <= this_year):
        found.append(f"since must be a year between 1990 and {this_year}")
    if not isinstance(raw.get("ambiguous", False), bool):
        found.append("ambiguous must be true or false")
    if found:
        problems.extend(f"{label}: {p}" for p in found)
        return None

    entry = GlossaryEntry(
        id=raw["id"],
        term=raw["term"],
        lang=raw["lang"],
        aliases=tuple(raw.get("aliases", [])),
        literal=raw["literal"],
        meaning_en=raw["meaning_en"],
        meaning_zh=raw["meaning_zh"],
        translation_en=raw["translation_en"],
        translation_zh=raw["translation_zh"],
        register=raw["register"],
        example=raw["example"],
        example_translation=raw["example_translation"],
        tags=tuple(raw.get("tags", [])),
        pinyin=raw.get("pinyin", ""),
        expansion=raw.get("expansion", ""),
        notes=raw.get("notes", ""),
        since=since,
        ambiguous=raw.get("ambiguous", False),
        shared_forms=tuple(raw.get("shared_forms", [])),
        version=version,
    )
    found = _entry_problems(entry, file_lang)
    if found:
        problems.extend(f"{label}: {p}" for p in found)
        return None
    return entry


def _entry_problems(entry: GlossaryEntry, file_lang: str | None) -> list[str]:
    found: list[str] = []
    if entry.lang not in LANGUAGES:
        found.append(f"lang must be one of {LANGUAGES}")
    elif file_lang and entry.lang != file_lang:
        found.append(f"lang {entry.lang!r} does not match the file's lang {file_lang!r}")
    if not _ID.match(entry.id) or not entry.id.startswith(f"{entry.lang}-"):
        found.append("id must be a lowercase slug starting with the language, e.g. 'zh-yyds'")
    if entry.register not in REGISTERS:
        found.append(f"register must be one of {REGISTERS}")
    if not entry.tags:
        found.append("at least one tag is required")
    for tag in entry.tags:
        if tag not in TAGS:
            found.append(f"unknown tag {tag!r} (add it to TAGS and docs/glossary.md)")
    if len(set(entry.tags)) != len(entry.tags):
        found.append("duplicate tags")

    seen: set[str] = set()
    for form in entry.forms:
        key = normalise(form)
        if key in seen:
            found.append(f"alias {form!r} is redundant (same as another form after normalising)")
        seen.add(key)
    for form in entry.shared_forms:
        if normalise(form) not in seen:
            found.append(f"shared form {form!r} is not one of the entry's forms")

    found.extend(_pinyin_problems(entry))

    if not any(form_regex(form).search(normalise(entry.example)) for form in entry.forms):
        found.append("example must contain the term or one of its aliases")
    if entry.lang == "zh" and not has_han(entry.example):
        found.append("a Chinese entry's example must be written in Chinese")
    if entry.lang == "en" and has_han(entry.example):
        found.append("an English entry's example must be written in English")
    translation_should_have_han = entry.lang == "en"
    if has_han(entry.example_translation) != translation_should_have_han:
        found.append("example_translation must be in the other language")
    if entry.lang == "en" and not has_han(entry.literal):
        found.append("an English entry's literal gloss must be written in Chinese")
    if entry.lang == "zh" and not _LATIN.search(entry.literal):
        found.append("a Chinese entry's literal gloss must be written in English")
    if not has_han(entry.meaning_zh):
        found.append("meaning_zh must be written in Chinese")
    if not has_han(entry.translation_zh):
        found.append("translation_zh must be written in Chinese")
    return found


def _pinyin_problems(entry: GlossaryEntry) -> list[str]:
    source = pinyin_source(entry)
    if entry.lang == "en":
        return ["English entries take no pinyin"] if entry.pinyin else []
    if not source:
        return (
            ["pinyin given but neither term nor expansion has Chinese characters"]
            if entry.pinyin
            else []
        )
    if not entry.pinyin:
        return ["pinyin is required for Chinese characters (of the term, else of the expansion)"]
    if not _PINYIN_TEXT.match(entry.pinyin):
        return ["pinyin must be tone-marked syllables separated by spaces"]
    expected = len(pinyin_tokens(source))
    got = len(entry.pinyin.split())
    if got != expected:
        return [f"pinyin has {got} syllables but {source!r} needs {expected}"]
    return []


def _cross_entry_problems(entries: Sequence[GlossaryEntry]) -> list[str]:
    problems: list[str] = []
    ids = Counter(entry.id for entry in entries)
    problems.extend(f"duplicate id {i!r}" for i, n in ids.items() if n > 1)

    owners: dict[tuple[str, str], list[GlossaryEntry]] = {}
    for entry in entries:
        for form in entry.forms:
            owners.setdefault((entry.lang, normalise(form)), []).append(entry)
    for (lang, form), holders in owners.items():
        if len(holders) < 2:
            continue
        unshared = [e.id for e in holders if form not in {normalise(f) for f in e.shared_forms}]
        if unshared:
            ids_text = ", ".join(e.id for e in holders)
            problems.append(
                f"{lang} form {form!r} is used by {ids_text}; list it in shared_forms of every "
                f"entry if that is intended (missing in {', '.join(unshared)})"
            )
    return problems


def main(argv: Sequence[str] | None = None) -> int:
    """``--check``: validate the glossary and print counts; exit status 1 on problems."""
    parser = argparse.ArgumentParser(prog="python -m qiao.slang.glossary", description=__doc__)
    parser.add_argument("--check", action="store_true", help="validate and print counts")
    parser.add_argument("paths", nargs="*", type=Path, help="TOML files (default: shipped data)")
    args = parser.parse_args(argv)
    if not args.check:
        parser.print_help()
        return 2
    try:
        entries = load_glossary(args.paths or None)
    except GlossaryError as exc:
        print(exc, file=sys.stderr)
        return 1
    print(f"glossary {glossary_version(args.paths or None)}: {len(entries)} entries, valid")
    for title, counts in summarise(entries).items():
        print(f"\nby {title}:")
        for key, count in sorted(counts.items()):
            print(f"  {key:<32} {count}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

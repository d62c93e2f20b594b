"""Split user text into the pieces a translation engine sees, keeping the exact layout.

:func:`split` cuts a text into lines, sentences and, in mixed-language
sentences, runs of one script ("这家店太好吃了 highly recommend it!"). Every
piece remembers whether it is worth translating; whitespace between pieces is
a piece of its own. Joining the pieces' ``text`` always gives back the input,
so a translation is reassembled in the same layout, line breaks included.

:func:`piece_language` tells which language a piece is written in, so a
reader of English gets the Chinese parts of a mixed note translated and the
English parts kept as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from qiao.core.languages import detect_language
from qiao.core.text import tokenize

# A sentence ends at Chinese 。！？, an ellipsis, or English .!?,
# possibly repeated ("！！", "?!") and followed by closing quotes or brackets,
# emoji and kaomoji-free trailing symbols such as "~".
_CLOSERS = "\"'”’」』）)】]》>"
_ZH_END = r"[。！？!?]+|…+|\.{3,}"
_EMOJI_TAIL = r"(?:[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\uFE0F\u200D]|[~～])*"
_ZH_SENTENCE_END = re.compile(rf"(?:{_ZH_END})[{re.escape(_CLOSERS)}]*{_EMOJI_TAIL}")
# English: a period, "!" or "?" followed by whitespace, then something that starts a sentence.
_EN_SENTENCE_END = re.compile(rf"[.!?]+[{re.escape(_CLOSERS)}]*{_EMOJI_TAIL}(?=\s+\S)")

#: Words whose final period does not end a sentence ("Dr. Li", "e.g. this").
ABBREVIATIONS = frozenset(
    {
        "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "mt", "ft", "vs", "etc", "eg", "ie",
        "cf", "al", "fig", "nos", "vol", "ch", "pp", "approx", "dept", "est", "inc", "ltd", "co",
        "corp", "jan", "feb", "apr", "jul", "aug", "sep", "sept", "oct", "nov", "dec", "tue",
        "tues", "thu", "thur", "thurs", "fri", "pm", "uk", "usa", "eu",
    }
)
_WORD_BEFORE_DOT = re.compile(r"([A-Za-z][A-Za-z.]*)\.$")

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f]")
# A run of at least MIN_LATIN_WORDS Latin words inside Chinese text is a clause of its own.
_LATIN_RUN = re.compile(r"[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f'’\-]*(?:[\s,;:]+[A-Za-z\u00c0-\u024f][A-Za-z\u00c0-\u024f'’\-]*)+[.!?,;:]*")
MIN_LATIN_WORDS = 3
MIN_HAN_CHARS = 2


@dataclass(frozen=True)
class Piece:
    """A slice of the original text; only ``translatable`` pieces go to an engine."""

    text: str
    translatable: bool


def _has_words(text: str) -> bool:
    """True if the text has letters once hashtags, mentions and URLs are set aside."""
    plain = "".join(token.text for token in tokenize(text) if token.kind == "text")
    return any(char.isalpha() for char in plain)


def _is_abbreviation(sentence: str) -> bool:
    """True when ``sentence`` ends in a period that belongs to an abbreviation or an initial."""
    match = _WORD_BEFORE_DOT.search(sentence)
    if not match:
        return False
    word = match.group(1)
    if "." in word:  # "e.g.", "U.S.", "a.m."
        return True
    return word.lower() in ABBREVIATIONS or (len(word) == 1 and word.isupper())


def _inside_token(line: str) -> set[int]:
    """Offsets strictly inside a URL, hashtag or mention: a "?" in a link ends no sentence."""
    inside: set[int] = set()
    position = 0
    for token in tokenize(line):
        if token.kind != "text":
            inside.update(range(position + 1, position + len(token.text)))
        position += len(token.text)
    return inside


def _sentence_spans(line: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence in one line, whitespace between them excluded."""
    ends: set[int] = {match.end() for match in _ZH_SENTENCE_END.finditer(line)}
    for match in _EN_SENTENCE_END.finditer(line):
        only_periods = "!" not in match.group(0) and "?" not in match.group(0)
        if only_periods and _is_abbreviation(line[: match.start() + 1]):
            continue
        ends.add(match.end())
    ends -= _inside_token(line)
    spans: list[tuple[int, int]] = []
    start = 0
    for end in sorted(ends):
        if end <= start or not line[start:end].strip():
            continue
        spans.append((start, end))
        start = end
    if line[start:].strip():
        spans.append((start, len(line)))
    return spans


def _mixed_runs(sentence: str) -> list[str]:
    """Split a sentence into Chinese and Latin runs when it holds a real clause of each."""
    if not _HAN.search(sentence):
        return [sentence]
    plain = sentence
    # Hashtags, mentions and URLs are Latin, but they are not English clauses.
    for token in tokenize(sentence):
        if token.kind != "text":
            plain = plain.replace(token.text, " " * len(token.text), 1)
    cuts: list[tuple[int, int]] = []
    for match in _LATIN_RUN.finditer(plain):
        words = re.findall(r"[A-Za-z\u00c0-\u024f]+", match.group(0))
        if len(words) >= MIN_LATIN_WORDS:
            cuts.append(match.span())
    if not cuts:
        return [sentence]
    runs: list[str] = []
    position = 0
    for start, end in cuts:
        runs.append(sentence[position:start])
        runs.append(sentence[start:end])
        position = end
    runs.append(sentence[position:])
    # Han runs that are too short to be clauses ("在 a very nice place 吃饭") stay joined.
    han_runs = [run for run in runs[::2] if len(_HAN.findall(run)) >= MIN_HAN_CHARS]
    if not han_runs:
        return [sentence]
    return [run for run in runs if run]


def _split_sentence(sentence: str) -> list[Piece]:
    pieces: list[Piece] = []
    for run in _mixed_runs(sentence):
        lead = run[: len(run) - len(run.lstrip())]
        core = run.strip()
        trail = run[len(run.rstrip()) :] if core else ""
        if lead:
            pieces.append(Piece(lead, False))
        if core:
            pieces.append(Piece(core, _has_words(core)))
        if trail:
            pieces.append(Piece(trail, False))
    return pieces


_FENCED_CODE = re.compile(r"```.*?(?:```|$)", re.DOTALL)


def split(text: str) -> list[Piece]:
    """Cut ``text`` into lines, sentences and single-script runs; ``"".join`` restores it.

    Fenced code blocks (```) are kept whole and never translated.
    """
    pieces: list[Piece] = []
    position = 0
    for match in _FENCED_CODE.finditer(text or ""):
        pieces += _split_prose(text[position : match.start()])
        pieces.append(Piece(match.group(0), False))
        position = match.end()
    pieces += _split_prose((text or "")[position:])
    return _merge_plain(pieces)


def _split_prose(text: str) -> list[Piece]:
    pieces: list[Piece] = []
    for line in re.split(r"(\r\n|\r|\n)", text):
        if not line:
            continue
        if line in ("\n", "\r\n", "\r") or not line.strip():
            pieces.append(Piece(line, False))
            continue
        position = 0
        for start, end in _sentence_spans(line):
            if start > position:
                pieces.append(Piece(line[position:start], False))
            pieces.extend(_split_sentence(line[start:end]))
            position = end
        if position < len(line):
            pieces.append(Piece(line[position:], False))
    return pieces


def _merge_plain(pieces: list[Piece]) -> list[Piece]:
    """Join neighbouring untranslatable pieces, so the layout between sentences is one piece."""
    merged: list[Piece] = []
    for piece in pieces:
        if merged and not piece.translatable and not merged[-1].translatable:
            merged[-1] = Piece(merged[-1].text + piece.text, False)
        else:
            merged.append(piece)
    return merged


def script_counts(text: str) -> tuple[int, int]:
    """(Han characters, Latin letters) in ``text``."""
    return len(_HAN.findall(text)), len(_LATIN_LETTER.findall(text))


def piece_language(text: str, default: str) -> str:
    """The language a piece is written in: its script first, lingua for Latin text, else ``default``."""
    plain = "".join(token.text for token in tokenize(text) if token.kind == "text")
    han, latin = script_counts(plain)
    if han >= MIN_HAN_CHARS and han * 3 >= latin:
        return "zh"
    if han == 0 and latin == 0:
        return default
    return detect_language(plain) or default


#: Target languages written without spaces between sentences.
UNSPACED_LANGUAGES = frozenset({"zh", "ja"})
_NO_SPACE_BEFORE = set(",.;:!?)]}”’\"'…，。；：！？）」』】》、")
_HORIZONTAL_SPACE = re.compile(r"[ \t\u3000]+")


def reassemble(texts: list[str], translated: set[int], target: str) -> str:
    """Join pieces after translation, fixing the spacing a change of script needs.

    Chinese writes sentences back to back ("好吃。下次再来！"); English needs a
    space between them ("Delicious. Next time again!"). So a space is added
    where a translated piece meets its neighbour with none in a spaced target,
    and the spaces between two translated sentences are dropped in Chinese.
    """
    spaced = target not in UNSPACED_LANGUAGES
    out: list[str] = []
    for index, text in enumerate(texts):
        if not text:
            continue
        touches_translation = index in translated or (index - 1) in translated
        if spaced and out and touches_translation:
            before = out[-1]
            if before and not before[-1].isspace() and not text[0].isspace() and text[0] not in _NO_SPACE_BEFORE:
                out.append(" ")
        if (
            not spaced
            and _HORIZONTAL_SPACE.fullmatch(text)
            and (index - 1) in translated
            and (index + 1) in translated
        ):
            continue
        out.append(text)
    return "".join(out)

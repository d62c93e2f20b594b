"""The shipped slang glossary: loads, is big enough, is valid, and is ours."""

from __future__ import annotations

import csv
import os
import re
import textwrap
import unicodedata
from pathlib import Path

import pytest
from pypinyin import Style, pinyin

from qiao.slang import glossary
from qiao.slang.glossary import (
    GlossaryEntry,
    GlossaryError,
    form_regex,
    glossary_version,
    has_han,
    load_glossary,
    normalise,
    pinyin_source,
    pinyin_tokens,
    summarise,
)

REQUIRED_TERMS = {
    "zh": [
        "yyds",
        "xswl",
        "nsdd",
        "u1s1",
        "dddd",
        "666",
        "520",
        "996",
        "88",
        "🐶",
        "🍋",
        "🌚",
        "破防",
        "躺平",
        "内卷",
        "打工人",
        "凡尔赛",
        "种草",
        "拔草",
        "吃瓜",
        "社死",
        "绝绝子",
        "emo",
    ],
    "en": ["no cap", "it's giving", "slay", "rizz"],
}

# pypinyin is a dictionary, not an oracle: a few slang readings (deliberate
# mispronunciations such as 栓Q, rare characters) legitimately differ. Allow up to
# 2% of checked entries to disagree; the failure message lists every mismatch.
PINYIN_MISMATCH_TOLERANCE = 0.02

# Spans long enough that a match means copying, not coincidence. Six English
# words is stricter than needed (short acronym expansions such as "if you know
# you know" stay below it); rephrase if a common phrase trips it.
COPY_WORDS = 6
COPY_HAN_CHARS = 12

# Fields whose text we wrote and which must not come from third-party data.
OUR_TEXT_FIELDS = (
    "literal",
    "meaning_en",
    "meaning_zh",
    "translation_en",
    "translation_zh",
    "example",
    "example_translation",
    "notes",
)


@pytest.fixture(scope="module")
def entries() -> list[GlossaryEntry]:
    return load_glossary()


def forms_by_lang(entries: list[GlossaryEntry]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {"zh": set(), "en": set()}
    for entry in entries:
        found[entry.lang].update(normalise(form) for form in entry.forms)
    return found


# --- the shipped data ------------------------------------------------------


def test_shipped_glossary_loads_with_a_version(entries):
    assert entries
    assert all(isinstance(e, GlossaryEntry) for e in entries)
    assert re.fullmatch(r"\d{4}\.\d{1,2}\.\d+", glossary_version())
    assert {e.version for e in entries} == {glossary_version()}


def test_loading_is_cached_and_entries_are_frozen(entries):
    assert load_glossary()[0] is load_glossary()[0]
    with pytest.raises(AttributeError):
        entries[0].term = "changed"  # type: ignore[misc]


def test_glossary_meets_the_size_targets(entries):
    counts = summarise(entries)["lang"]
    assert counts["zh"] >= 300
    assert counts["en"] >= 150


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_required_terms_are_present(entries, lang):
    present = forms_by_lang(entries)[lang]
    missing = [t for t in REQUIRED_TERMS[lang] if normalise(t) not in present]
    assert not missing, f"missing required {lang} terms: {missing}"


def test_every_register_and_a_spread_of_tags_are_used(entries):
    assert {e.register for e in entries} == set(glossary.REGISTERS)
    used_tags = {tag for e in entries for tag in e.tags}
    for tag in ("pinyin-initials", "number", "emoji", "gaming", "work", "romance", "food"):
        assert tag in used_tags


def test_reader_language_picks_the_right_explanation(entries):
    yyds = next(e for e in entries if e.id == "zh-yyds")
    assert yyds.meaning("en") == yyds.meaning_en
    assert yyds.meaning("zh") == yyds.meaning_zh
    assert "GOAT" in yyds.translation("en")
    assert yyds.forms[0] == "yyds"


def test_pinyin_agrees_with_pypinyin(entries):
    checked = 0
    mismatches = []
    for entry in entries:
        source = pinyin_source(entry)
        if not source:
            continue
        checked += 1
        problem = pinyin_mismatch(source, entry.pinyin)
        if problem:
            mismatches.append(f"{entry.id} {source!r}: ours {entry.pinyin!r}; {problem}")
    assert checked >= 250
    report = "\n".join(mismatches)
    assert len(mismatches) <= PINYIN_MISMATCH_TOLERANCE * checked, f"pinyin mismatches:\n{report}"


def test_glossary_text_is_not_copied_from_third_party_data(entries):
    shared = shared_data_dir()
    if shared is None:
        pytest.skip("../shared/data is not present (set QIAO_SHARED_DATA_DIR to check)")
    theirs = third_party_texts(shared)
    assert theirs, "expected third-party texts in the shared data directory"
    index = CopyIndex(theirs)
    copies = []
    for entry in entries:
        for field in OUR_TEXT_FIELDS:
            text = getattr(entry, field)
            span = index.copied_span(text)
            if span:
                copies.append(f"{entry.id}.{field}: {span!r}")
    assert not copies, "text copied from third-party data:\n" + "\n".join(copies)


def test_command_line_check_prints_counts(capsys):
    assert glossary.main(["--check"]) == 0
    out = capsys.readouterr().out
    assert "valid" in out
    assert "zh:pinyin-initials" in out
    assert "en:playful" in out


# --- the copy detector itself ----------------------------------------------


def test_copy_index_finds_long_shared_spans_only():
    index = CopyIndex(
        [
            "When someone says a thing is the best there is in the whole world",
            "这是一个用来测试的很长很长的中文句子没有别的意思",
            "bye-bye",
        ]
    )
    assert index.copied_span("Honestly a thing is the best there is in the whole world, yes")
    assert index.copied_span("他说：用来测试的很长很长的中文句子。")
    assert index.copied_span("A thing is the best.") is None
    assert index.copied_span("bye-bye") is None  # a short gloss is a fact, not a copy
    assert index.copied_span("用来测试的句子") is None


# --- validation ------------------------------------------------------------

GOOD_ZH = """
[[term]]
id = "zh-test-word"
term = "测试"
aliases = ["ceshi"]
lang = "zh"
pinyin = "cè shì"
literal = "measure, try"
meaning_en = "A test."
meaning_zh = "测试用的词条。"
translation_en = "test"
translation_zh = "测试"
register = "neutral"
example = "这只是一个测试。"
example_translation = "This is only a test."
tags = ["internet-culture"]
"""

GOOD_EN = """
[[term]]
id = "en-test-word"
term = "testy"
aliases = []
lang = "en"
literal = "爱测试的"
meaning_en = "A test word."
meaning_zh = "测试用的英文词条。"
translation_en = "test"
translation_zh = "测试"
register = "playful"
example = "That was so testy."
example_translation = "那太测试了。"
tags = ["internet-culture"]
"""


def write_glossary(tmp_path: Path, body: str, name: str = "test.toml") -> Path:
    path = tmp_path / name
    path.write_text('version = "2026.11.1"\n' + textwrap.dedent(body), encoding="utf-8")
    return path


def problems_for(tmp_path: Path, body: str) -> str:
    with pytest.raises(GlossaryError) as excinfo:
        load_glossary([write_glossary(tmp_path, body)])
    return "\n".join(excinfo.value.problems)


def test_a_valid_custom_file_loads(tmp_path):
    loaded = load_glossary([write_glossary(tmp_path, GOOD_ZH + GOOD_EN)])
    assert [e.id for e in loaded] == ["zh-test-word", "en-test-word"]
    assert loaded[0].aliases == ("ceshi",)
    assert loaded[1].pinyin == ""


@pytest.mark.parametrize(
    ("broken", "message"),
    [
        (GOOD_ZH.replace('meaning_en = "A test."\n', ""), "meaning_en is required"),
        (GOOD_ZH.replace('register = "neutral"', 'register = "spicy"'), "register must be one of"),
        (GOOD_ZH.replace('pinyin = "cè shì"\n', ""), "pinyin is required"),
        (GOOD_ZH.replace('pinyin = "cè shì"', 'pinyin = "cè"'), "pinyin has 1 syllables"),
        (GOOD_ZH.replace("这只是一个测试。", "这只是一个例子。"), "example must contain the term"),
        (GOOD_ZH.replace('"internet-culture"', '"internet-cultur"'), "unknown tag"),
        (GOOD_ZH.replace('lang = "zh"', 'lang = "zh"\ncolour = "red"'), "unknown field 'colour'"),
        (GOOD_ZH.replace('["ceshi"]', '["CESHI", "ｃｅｓｈｉ"]'), "redundant"),
        (GOOD_ZH.replace('id = "zh-test-word"', 'id = "Test Word"'), "id must be a lowercase slug"),
        (GOOD_ZH.replace("tags = [", "since = 1850\ntags = ["), "since must be a year"),
        (GOOD_EN.replace("That was so testy.", "那太testy了。"), "must be written in English"),
        (GOOD_EN.replace("aliases = []", 'aliases = []\npinyin = "cè shì"'), "take no pinyin"),
        (
            GOOD_ZH.replace('meaning_zh = "测试用的词条。"', 'meaning_zh = "A test entry."'),
            "meaning_zh",
        ),
        (GOOD_ZH + GOOD_ZH, "duplicate id 'zh-test-word'"),
        ("[[term\n", "invalid TOML"),
    ],
)
def test_validation_catches_broken_entries(tmp_path, broken, message):
    assert message in problems_for(tmp_path, broken)


def test_every_problem_is_reported_at_once(tmp_path):
    broken = GOOD_ZH.replace('register = "neutral"', 'register = "x"').replace(
        '"internet-culture"', '"nope"'
    )
    problems = problems_for(tmp_path, broken)
    assert "register" in problems and "unknown tag" in problems


def test_the_same_form_in_two_entries_needs_explicit_sharing(tmp_path):
    other = (
        GOOD_ZH.replace("zh-test-word", "zh-test-other")
        .replace('term = "测试"', 'term = "测验"')
        .replace('pinyin = "cè shì"', 'pinyin = "cè yàn"')
        .replace("这只是一个测试。", "这只是一个测验。")
        .replace('"ceshi"', '"ｃｅＳＨＩ"')
    )
    assert "form 'ceshi' is used by zh-test-word, zh-test-other" in problems_for(
        tmp_path, GOOD_ZH + other
    )

    shared = 'aliases = ["ceshi"]\nshared_forms = ["ceshi"]'
    allowed = GOOD_ZH.replace('aliases = ["ceshi"]', shared) + other.replace(
        'aliases = ["ｃｅＳＨＩ"]', 'aliases = ["ｃｅＳＨＩ"]\nshared_forms = ["ceshi"]'
    )
    assert len(load_glossary([write_glossary(tmp_path, allowed, "shared.toml")])) == 2


def test_the_same_form_in_two_languages_is_fine(tmp_path):
    en = GOOD_EN.replace("aliases = []", 'aliases = ["ceshi"]')
    assert len(load_glossary([write_glossary(tmp_path, GOOD_ZH + en)])) == 2


def test_file_level_lang_and_version_are_checked(tmp_path):
    path = tmp_path / "en.toml"
    path.write_text('version = "v1"\nlang = "en"\n' + GOOD_ZH, encoding="utf-8")
    with pytest.raises(GlossaryError) as excinfo:
        load_glossary([path])
    problems = "\n".join(excinfo.value.problems)
    assert "version must look like" in problems
    assert "does not match the file's lang 'en'" in problems


def test_command_line_check_fails_on_a_broken_file(tmp_path, capsys):
    path = write_glossary(tmp_path, GOOD_ZH.replace('register = "neutral"', 'register = "x"'))
    assert glossary.main(["--check", str(path)]) == 1
    assert "register must be one of" in capsys.readouterr().err


# --- matching helpers ------------------------------------------------------


def test_normalise_folds_case_width_quotes_and_emoji_modifiers():
    assert normalise("ＹＹＤＳ") == "yyds"
    assert normalise("６６６") == "666"
    assert normalise("It’s  GIVING") == "it's giving"
    assert normalise("👍🏻") == normalise("👍")
    assert normalise("❤️") == normalise("❤")


def test_form_regex_respects_word_boundaries_and_gaps():
    assert form_regex("ate").search(normalise("She ATE that.")) is not None
    assert form_regex("ate").search(normalise("I was late")) is None
    assert form_regex("666").search("2666") is None
    assert form_regex("666").search("太666了") is not None
    gap = form_regex("it's the ___ for me")
    assert gap.search(normalise("It’s the confidence for me")) is not None
    assert gap.search(normalise("it's the way he talks for me")) is not None
    assert form_regex("___core").search("cottagecore summer") is not None


def test_pinyin_tokens_count_han_and_latin_runs():
    assert pinyin_tokens("打call") == ["打", "call"]
    assert pinyin_tokens("city不city") == ["city", "不", "city"]
    assert has_han("i人") and not has_han("yyds")


# --- helpers ---------------------------------------------------------------

_TONES = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü", "aaaaeeeeiiiioooouuuuvvvvv")


def pinyin_mismatch(source: str, ours: str) -> str:
    """Explain how ``ours`` disagrees with pypinyin's readings of ``source``, or "".

    Each Han character accepts pypinyin's phrase-aware reading and any of its
    dictionary heteronyms; a toneless syllable (neutral tone) matches any tone
    of the same syllable. Latin runs must be spelled as written.
    """
    tokens = pinyin_tokens(source)
    syllables = ours.lower().split()
    if len(tokens) != len(syllables):
        return f"{len(syllables)} syllables for {len(tokens)} tokens"
    han = [t for t in tokens if has_han(t)]
    in_context = iter(reading[0] for reading in pinyin("".join(han), style=Style.TONE))
    for token, syllable in zip(tokens, syllables, strict=True):
        if not has_han(token):
            if syllable != unicodedata.normalize("NFKC", token).lower():
                return f"{token!r} should be spelled as itself, got {syllable!r}"
            continue
        accepted = {next(in_context)} | set(pinyin(token, style=Style.TONE, heteronym=True)[0])
        if syllable in accepted:
            continue
        if syllable == syllable.translate(_TONES) and syllable in {
            a.translate(_TONES) for a in accepted
        }:
            continue  # neutral tone
        return f"{token} read {syllable!r}, pypinyin has {sorted(accepted)}"
    return ""


def shared_data_dir() -> Path | None:
    """The shared third-party data directory next to the repository, if present."""
    configured = os.environ.get("QIAO_SHARED_DATA_DIR")
    candidate = (
        Path(configured) if configured else Path(__file__).resolve().parents[3] / "shared" / "data"
    )
    return candidate if candidate.is_dir() else None


def third_party_texts(shared: Path) -> list[str]:
    """Every text cell of the third-party slang files we were allowed to consult."""
    texts: list[str] = []
    for path in sorted((shared / "cc_cedict_slang").glob("*.tsv")):
        with path.open(encoding="utf-8") as fh:
            for row in csv.reader(fh, delimiter="\t"):
                texts.extend(row)
                if len(row) >= 4:
                    texts.extend(part for part in row[3].split("/") if part)
    for path in sorted((shared / "slang_en_genz").glob("*.csv")):
        with path.open(encoding="utf-8-sig", errors="replace") as fh:
            for row in csv.reader(fh):
                texts.extend(row)
    return [t for t in texts if t.strip()]


_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_HAN_CHAR = re.compile(r"[\u3400-\u9fff]")


class CopyIndex:
    """Finds spans of our text that also occur in third-party text.

    A copy is a 6-word English span, a 12-character Chinese span, or a whole
    string of five or more words / eight or more Han characters that equals a
    third-party cell. Shorter overlaps are glosses ("bye-bye"), i.e. facts.
    """

    def __init__(self, texts: list[str]):
        self.word_spans: set[tuple[str, ...]] = set()
        self.han_spans: set[str] = set()
        self.whole: set[str] = set()
        for text in texts:
            words = _WORD.findall(normalise(text))
            self.word_spans.update(self._word_grams(words))
            han = "".join(_HAN_CHAR.findall(text))
            self.han_spans.update(
                han[i : i + COPY_HAN_CHARS] for i in range(len(han) - COPY_HAN_CHARS + 1)
            )
            self.whole.add(self._key(text))

    @staticmethod
    def _word_grams(words: list[str]) -> list[tuple[str, ...]]:
        return [tuple(words[i : i + COPY_WORDS]) for i in range(len(words) - COPY_WORDS + 1)]

    @staticmethod
    def _key(text: str) -> str:
        return " ".join(_WORD.findall(normalise(text))) + "".join(_HAN_CHAR.findall(text))

    def copied_span(self, text: str) -> str | None:
        words = _WORD.findall(normalise(text))
        for gram in self._word_grams(words):
            if gram in self.word_spans:
                return " ".join(gram)
        han = "".join(_HAN_CHAR.findall(text))
        for i in range(len(han) - COPY_HAN_CHARS + 1):
            if han[i : i + COPY_HAN_CHARS] in self.han_spans:
                return han[i : i + COPY_HAN_CHARS]
        long_enough = len(words) >= 5 or len(han) >= 8
        if long_enough and self._key(text) in self.whole:
            return text
        return None

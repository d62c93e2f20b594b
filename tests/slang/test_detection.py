"""Detection: offsets in the original text, folding, segmentation and context rules, speed."""

from __future__ import annotations

import time

import pytest

from qiao.slang import detection
from qiao.slang.detection import Detector, fold, gap_regex
from qiao.slang.glossary import load_glossary


@pytest.fixture(scope="module")
def detector() -> Detector:
    return Detector(load_glossary())


def found(detector: Detector, text: str) -> list[tuple[str, str]]:
    return [(m.text, m.entry.id) for m in detector.detect(text)]


def test_offsets_point_into_the_original_text(detector):
    text = "这家火锅yyds，我一周能来三次。"
    [match] = detector.detect(text)
    assert (match.start, match.end, match.entry.id) == (4, 8, "zh-yyds")
    assert text[match.start : match.end] == "yyds"


@pytest.mark.parametrize(
    "text, written",
    [
        ("這家火鍋YYDS！", "YYDS"),  # Traditional characters, capitals
        ("ｙｙｄｓ真的", "ｙｙｄｓ"),  # full-width letters
        ("永遠的神", "永遠的神"),  # a Traditional alias
    ],
)
def test_case_width_and_script_insensitive(detector, text, written):
    assert found(detector, text) == [(written, "zh-yyds")]


def test_offsets_survive_characters_that_fold_to_nothing_or_to_two(detector):
    # The variation selector disappears in folding, "ß" becomes "ss", the double space collapses.
    text = "ß  ok 🔥\ufe0f no  cap"
    matches = detector.detect(text)
    assert [(text[m.start : m.end], m.entry.id) for m in matches] == [
        ("🔥\ufe0f", "en-fire"),
        ("no  cap", "en-no-cap"),
    ]


@pytest.mark.parametrize("text", ["2666", "6666x", "capital", "yydsx", "demo day", "abcyyds"])
def test_latin_and_digit_terms_must_be_whole_tokens(detector, text):
    assert found(detector, text) == []


def test_latin_term_next_to_chinese_is_a_token(detector):
    assert found(detector, "火锅yyds啊") == [("yyds", "zh-yyds")]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("国内卷烟市场", []),  # 内卷 across 国内/卷烟
        ("突破防线", []),  # 破防 across 突破/防线
        ("现在太内卷了", [("内卷", "zh-neijuan")]),
        ("又破防了", [("破防", "zh-pofang")]),
    ],
)
def test_short_chinese_terms_align_with_words(detector, text, expected):
    assert found(detector, text) == expected


def test_longer_chinese_phrases_match_as_substrings(detector):
    assert ("打工人", "zh-dagongren") in found(detector, "早安打工人们")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("I am 88 years old", []),
        ("我先下线了，88！", [("88", "zh-88")]),  # stands alone
        ("转了520元", []),  # an amount
        ("今天520，他送了花", [("520", "zh-520")]),
        ("That's cap.", [("cap", "en-cap")]),  # a predicate
        ("The price cap was raised.", []),
        ("the goat on the farm", []),
        ("my mom's fried rice is the GOAT", [("GOAT", "en-goat")]),  # capitals
        ("这款面膜太雷了", [("雷", "zh-lei")]),  # after a degree word
        ("雷雨天别出门", []),
        ("真nb", [("nb", "zh-nb")]),  # Latin inside Chinese
        ("the soup was salty", []),
        ("Blue Ash, Ohio, a suburb", []),
        ('eber said "[w]hile I was', []),
        ("Free dessert? W", [("W", "en-w")]),
        (
            "这件羽绒服yyds，姐妹们冲！",
            [("yyds", "zh-yyds"), ("姐妹们", "zh-jms"), ("冲", "zh-chong")],
        ),
    ],
)
def test_ambiguous_forms_need_context(detector, text, expected):
    assert found(detector, text) == expected


def test_clipped_english_alias_needs_context(detector):
    assert found(detector, "in giving an extra grant") == []
    assert found(detector, "This outfit? It's giving main character.")[0] == (
        "It's giving",
        "en-its-giving",
    )


def test_gap_forms(detector):
    assert found(detector, "it's the shoes for me") == [
        ("it's the shoes for me", "en-its-the-x-for-me")
    ]
    assert found(detector, "我喜欢cottagecore风格") == [("cottagecore", "en-core")]
    assert found(detector, "hardcore fans") == []
    assert found(detector, "the analog film era") == []  # "___ era" needs context
    assert found(detector, "I'm in my villain era") == [("in my villain era", "en-era")]


def test_gap_regex_takes_one_word_at_an_edge():
    pattern = gap_regex("___ era")
    assert pattern.search("so this is my villain era").group() == "villain era"


def test_overlaps_resolve_longest_first(detector):
    # "吃瓜群众" contains "吃瓜": one match, the longer term.
    assert found(detector, "我们都是吃瓜群众") == [("吃瓜群众", "zh-chigua-qunzhong")]


def test_fold_keeps_a_map_to_the_original():
    folded = fold("Ａ  Ｂ")
    assert folded.text == "a b"
    assert folded.original_span(2, 3) == (3, 4)


def test_a_form_in_both_languages_follows_the_text(detector):
    zh = [m.entry.lang for m in detector.detect("交猫税啦 cat tax") if m.text == "cat tax"]
    en = [m.entry.lang for m in detector.detect("Here is the cat tax") if m.text == "cat tax"]
    assert zh == ["zh"] and en == ["en"]


def test_detection_is_fast(detector):
    """Well under a few milliseconds for 1,000 characters of ordinary text (measured: ~0.3 ms)."""
    note = (
        "周末和朋友去了一家新开的面馆，汤头很浓，面也筋道，价格公道。"
        "We walked along the river afterwards and talked for hours. "
    )
    text = (note * 20)[:1000]
    detector.detect(text)
    started = time.perf_counter()
    for _ in range(50):
        detector.detect(text)
    per_call_ms = (time.perf_counter() - started) * 1000 / 50
    assert per_call_ms < 5, per_call_ms


@pytest.mark.django_db
def test_live_detector_is_rebuilt_when_the_version_changes(settings):
    settings.QIAO_SLANG_VERSION_CHECK_SECONDS = 0
    first = detection.get_detector()
    assert detection.get_detector() is first
    detection.bump_version()
    assert detection.get_detector() is not first

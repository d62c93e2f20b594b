"""Normalisation and evasion-resistant matching (no database)."""

import pytest

from qiao.moderation.textmatch import Matcher, MatcherSet, normalize, pinyin_key, prepare


def matches(matcher: Matcher, text: str) -> bool:
    return bool(MatcherSet([matcher]).matching(prepare(text)))


def test_normalize_full_width_case_traditional_and_invisible_characters():
    assert normalize("ＦＵＣＫ") == "fuck"
    assert normalize("這個") == "这个"  # OpenCC is a dependency
    assert normalize("a\u200bb") == "ab"


@pytest.mark.parametrize(
    "text",
    [
        "草泥马",
        "艹尼玛",
        "草 泥 马",
        "草😀泥😀马",
        "cao ni ma",
        "CaoNiMa",
        "ｃａｏ ｎｉ ｍａ",
        "草.泥.马",
    ],
)
def test_chinese_word_catches_homophones_pinyin_and_inserted_characters(text):
    assert matches(Matcher.build("keyword", "草泥马"), text)


def test_homophones_can_be_switched_off():
    assert not matches(Matcher.build("keyword", "草泥马", homophones=False), "艹尼玛")
    assert matches(Matcher.build("keyword", "草泥马", homophones=False), "草 泥 马")


def test_chinese_word_rule_matches_segmented_words_not_substrings():
    rule = Matcher.build("keyword", "滚")
    assert matches(rule, "你给我滚")
    assert not matches(rule, "页面滚动很流畅")  # 滚动 (scroll) is another word


def test_rule_words_guide_segmentation():
    rule = Matcher.build("keyword", "傻逼")
    assert matches(rule, "你这个傻逼真是")  # default jieba would cut 傻/逼真
    assert not matches(rule, "这张照片非常逼真")


def test_long_chinese_phrases_match_as_substrings():
    assert matches(Matcher.build("keyword", "这是一个测试短语"), "前面这是一个测试短语后面")


def test_traditional_text_matches_simplified_rule():
    assert matches(Matcher.build("keyword", "傻逼"), "這個傻逼")


@pytest.mark.parametrize(
    "text", ["f u c k", "F.U.C.K", "ｆｕｃｋ", "fu ck off", "fuuuuck", "fucking"]
)
def test_latin_prefix_rule_catches_spacing_case_width_and_repeats(text):
    assert matches(Matcher.build("keyword", "fuck*"), text)


def test_latin_matches_are_anchored_at_word_boundaries():
    rule = Matcher.build("keyword", "shit")
    assert matches(rule, "sh1t happens")
    assert not matches(rule, "push it real good")
    assert not matches(rule, "shitake")  # no "*": whole words only


def test_pinyin_rules_match_han_homophones_and_latin():
    rule = Matcher.build("pinyin", "sha bi")
    for text in ("煞笔", "沙比", "傻逼", "shabi", "SHA BI"):
        assert matches(rule, text), text
    assert not matches(rule, "山川")


def test_pinyin_key_strips_tones_and_spaces():
    assert pinyin_key("cǎo nǐ mǎ") == "caonima"
    assert pinyin_key("cao3 ni3 ma3") == "caonima"


def test_regex_rules_see_normalised_and_compact_text():
    rule = Matcher.build("regex", r"加微信")
    assert matches(rule, "加 微 信 abc123")
    assert not matches(rule, "微信支付")


def test_short_english_words_are_not_mistaken_for_pinyin():
    rule = Matcher.build("keyword", "妈的")
    assert not matches(rule, "Spicy jerky made of tofu")
    assert matches(rule, "ma de, so annoying")
    assert matches(rule, "码的")  # a homophone in characters


def test_each_matcher_set_segments_with_its_own_words():
    prepared = prepare("你这个傻逼真是")
    assert not MatcherSet([Matcher.build("keyword", "滚")]).matching(prepared)  # segments first
    assert MatcherSet([Matcher.build("keyword", "傻逼")]).matching(prepared) == [0]

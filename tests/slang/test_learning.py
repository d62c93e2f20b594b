"""Learning aids: word-aware pinyin, CC-CEDICT, Simplified/Traditional."""

from __future__ import annotations

import pytest

from qiao.slang import learning


def test_pinyin_follows_the_word():
    assert learning.char_pinyin("我去银行") == ["wǒ", "qù", "yín", "háng"]
    assert learning.char_pinyin("长城") == ["cháng", "chéng"]
    assert learning.char_pinyin("长大")[0] == "zhǎng"
    assert learning.char_pinyin("行走")[0] == "xíng"


def test_segment_offsets_cover_the_text_and_skip_non_chinese():
    text = "周末去银行，then home"
    words = learning.segment(text)
    assert "".join(w.text for w in words) == text
    assert [w.pinyin for w in words if w.text == "银行"] == [("yín", "háng")]
    assert all(not w.pinyin for w in words if w.text.strip() in {"then", "home", "，"})


def test_traditional_text_is_read_as_its_simplified_words():
    assert learning.char_pinyin("銀行") == ["yín", "háng"]


@pytest.mark.parametrize(
    "text, script, expected",
    [
        ("头发干净", "traditional", "頭髮乾淨"),
        ("頭髮乾淨", "simplified", "头发干净"),
        ("头发", "original", "头发"),
    ],
)
def test_convert_script(text, script, expected):
    assert learning.convert_script(text, script) == expected


def test_convert_script_rejects_unknown_scripts():
    with pytest.raises(ValueError):
        learning.convert_script("头发", "klingon")


@pytest.mark.parametrize(
    "numbered, marked",
    [
        ("yin2 hang2", "yín háng"),
        ("lu:4", "lǜ"),
        ("ma5", "ma"),
        ("gou3", "gǒu"),
        ("Zhong1 guo2", "Zhōng guó"),
        ("xue2", "xué"),
    ],
)
def test_numbered_pinyin_to_tone_marks(numbered, marked):
    assert learning.numbered_to_marks(numbered) == marked


@pytest.fixture(scope="module")
def cedict():
    return learning.cedict()


def test_cedict_keeps_every_reading(cedict):
    readings = [entry.pinyin for entry in cedict.lookup("行")]
    assert "háng" in readings and "xíng" in readings
    assert cedict.lookup("银行")[0].definitions[0] == "bank"
    assert not any(d.startswith("CL:") for d in cedict.lookup("银行")[0].definitions)


def test_lookup_finds_traditional_and_falls_back_to_characters(cedict):
    assert learning.lookup("銀行")[0].simplified == "银行"
    assert learning.lookup("貓")[0].simplified == "猫"
    per_char = learning.lookup("猫狗猫")  # not a word: one entry per character
    assert [e.simplified for e in per_char] == ["猫", "狗", "猫"]
    assert learning.lookup("hello") == []


def test_cedict_is_loaded_once(cedict):
    assert learning.cedict_loaded()
    assert learning.cedict() is cedict
    assert cedict.stats.entries > 100_000


def test_annotate_converts_and_glosses():
    shown, words = learning.annotate("我去银行", script="traditional")
    assert shown == "我去銀行"
    bank = next(w for w in words if w.text == "銀行")
    assert bank.pinyin == ["yín", "háng"]
    assert bank.glosses[0]["definitions"][0] == "bank"

"""Glossary-aware translation: hints, renderings, substitution and NMT placeholders."""

import pytest

from qiao.translation.engines import GlossaryHint
from qiao.translation.glossary import (
    conveys,
    hints_for,
    missed,
    renderings,
    substitute_terms,
    term_placeholders,
)
from qiao.translation.protect import protect, restore

GOAT = GlossaryHint("yyds", "The greatest of all time.", "the GOAT")
AWESOME = GlossaryHint("666", "Awesome, well played.", "awesome, well played")
NO_CAP = GlossaryHint("no cap", "No lie, for real.", "不骗你 / 说真的")


@pytest.mark.django_db  # the live glossary includes approved community entries
def test_glossary_hints_come_from_the_slang_glossary():
    hints = hints_for("这家火锅yyds", "zh", "en")
    assert [h.term for h in hints] == ["yyds"]
    assert hints[0].target_rendering
    assert hints_for("这家火锅yyds", "zh", "zh") == []
    assert hints_for("今天天气不错", "zh", "en") == []


@pytest.mark.django_db
def test_number_slang_gets_a_hint():
    assert [h.term for h in hints_for("这波操作太666了", "zh", "en")] == ["666"]


def test_renderings_split_alternatives():
    assert renderings("awesome, well played") == ["awesome", "well played"]
    assert renderings("不骗你 / 说真的") == ["不骗你", "说真的"]
    assert renderings("") == []


@pytest.mark.parametrize(
    "translation, hint, target, expected",
    [
        ("This hotpot place is the GOAT.", GOAT, "en", True),
        ("This hotpot yyds.", GOAT, "en", False),
        ("That move was awesome!", AWESOME, "en", True),
        ("Nice play, well played.", AWESOME, "en", True),
        ("这是城里最好吃的拉面，真的不骗你。", NO_CAP, "zh", True),
        ("這是城裡最好吃的拉麵，不騙你。", NO_CAP, "zh", True),  # Traditional folds to Simplified
        ("这是城里最好吃的拉面，没有帽子。", NO_CAP, "zh", False),
    ],
)
def test_conveys(translation, hint, target, expected):
    assert conveys(translation, hint.target_rendering, target) is expected


def test_missed_lists_the_hints_a_translation_ignored():
    assert missed("This hotpot yyds, so 666", [GOAT, AWESOME], "en") == [GOAT, AWESOME]
    assert missed("This hotpot place is the GOAT", [GOAT], "en") == []
    assert missed("anything", [GlossaryHint("x", "y")], "en") == []  # no rendering: nothing to miss


def test_substitution_writes_the_rendering_where_the_term_was():
    assert substitute_terms("这家火锅yyds", [GOAT]) == "这家火锅 the GOAT"
    assert substitute_terms("这家火锅YYDS！", [GOAT]) == "这家火锅 the GOAT！"
    assert substitute_terms("太666了", [AWESOME]) == "太 awesome 了"
    assert substitute_terms("this ramen slaps, no cap", [NO_CAP]) == "this ramen slaps, 不骗你"
    assert substitute_terms("nothing here", [GOAT]) == "nothing here"


def test_nmt_placeholders_come_back_as_the_rendering():
    protected = term_placeholders(protect("@lin 这家火锅yyds，去了#成都 两次"), [GOAT])
    assert "yyds" not in protected.text
    engine_output = protected.text.replace("这家火锅", "This hotpot place is ").replace("，去了", ", went to ").replace("两次", " twice")
    assert restore(engine_output, protected).startswith("@lin This hotpot place is the GOAT")
    assert "#成都" in restore(engine_output, protected)

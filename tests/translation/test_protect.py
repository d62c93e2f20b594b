"""Protected tokens come back exactly; lost or invented placeholders are caught."""

import pytest

from qiao.translation.protect import (
    PlaceholderError,
    placeholders_in,
    protect,
    restore,
    tokens_kept,
    unprotected,
)


def test_tokens_at_the_ends_are_kept_aside_and_never_sent():
    protected = protect("@xiaolu 有人知道这条裙子在哪儿买吗？求链接 🙏")
    assert protected.text == "有人知道这条裙子在哪儿买吗？求链接"
    assert protected.prefix == "@xiaolu "
    assert protected.suffix == " 🙏"
    assert restore("Does anyone know where to buy this dress? Link please", protected) == (
        "@xiaolu Does anyone know where to buy this dress? Link please 🙏"
    )


def test_inner_tokens_become_numbered_placeholders_and_come_back_unchanged():
    protected = protect("我在 #上海 吃了 🍜 花了 12.5 元 https://example.com/x 好吃")
    assert protected.tokens == ("#上海", "🍜", "12.5", "https://example.com/x")
    assert placeholders_in(protected.text) == [1, 2, 3, 4]
    translated = "In ⟦1⟧ I had ⟦2⟧ for ⟦3⟧ yuan ⟦4⟧ delicious"
    assert restore(translated, protected) == "In #上海 I had 🍜 for 12.5 yuan https://example.com/x delicious"


@pytest.mark.parametrize(
    "token",
    ["#话题#", "#topic", "@alice_01", "https://example.com/a?b=1", "`rm -rf /`", "👍🏻", "👨‍👩‍👧", "🇨🇳", "2024-01-05", "12:30"],
)
def test_each_kind_of_token_is_protected(token):
    protected = protect(f"今天 {token} 很好")
    assert token in protected.tokens
    assert token not in protected.text


def test_numbers_with_a_multiplier_are_left_to_the_engine():
    assert protect("粉丝 10万 了，3k 赞").tokens == ()


def test_a_segment_of_only_tokens_needs_no_engine():
    protected = protect("#探店 #咖啡 @alice 😍")
    assert not protected.needs_engine
    assert restore(protected.text, protected) == "#探店 #咖啡 @alice 😍"


@pytest.mark.parametrize(
    "output",
    [
        "In I had ⟦2⟧",  # lost ⟦1⟧
        "In ⟦1⟧ I had ⟦2⟧ ⟦2⟧",  # duplicated
        "In ⟦1⟧ I had ⟦2⟧ ⟦3⟧",  # invented
    ],
)
def test_lost_duplicated_or_invented_placeholders_fail(output):
    protected = protect("我在 #上海 吃了 🍜 好吃")
    with pytest.raises(PlaceholderError):
        restore(output, protected)


def test_bracket_variants_of_placeholders_are_accepted():
    protected = protect("我在 #上海 吃了 🍜 好吃")
    assert restore("In [1] I had ［2］, tasty", protected) == "In #上海 I had 🍜, tasty"


def test_unprotected_text_for_a_retry_and_its_check():
    protected = protect("我在 #上海 吃了 🍜 好吃")
    assert unprotected(protected) == "我在 #上海 吃了 🍜 好吃"
    assert tokens_kept("In #上海 I had 🍜, tasty", protected)
    assert not tokens_kept("In Shanghai I had noodles, tasty", protected)



import pytest

from qiao.core.text import (
    Token,
    clean_text,
    extract_hashtags,
    extract_mentions,
    normalize_hashtag,
    tokenize,
)


@pytest.mark.parametrize(
    ("text", "tags"),
    [
        ("#topic", ["topic"]),
        ("#话题", ["话题"]),
        ("#话题# rest", ["话题"]),
        ("今天去#上海#玩了", ["上海"]),  # no spaces in Chinese: a tag may follow a Han character
        ("#旅行[话题]# #美食[话题]#", ["旅行", "美食"]),  # Xiaohongshu's exported form
        ("#a##b#", ["a", "b"]),
        ("mixed #Travel #旅行 #travel", ["travel", "旅行"]),  # normalised and deduplicated
        ("＃ＡＢＣ full width", ["abc"]),
        ("#tag, #another.", ["tag", "another"]),
        ("#咖啡，很好喝", ["咖啡"]),  # Chinese punctuation ends a tag
    ],
)
def test_extract_hashtags(text, tags):
    assert extract_hashtags(text) == tags


@pytest.mark.parametrize(
    "text",
    [
        "C# and F# are languages",
        "page#section",
        "&#39; is an entity",
        "https://example.com/#top and http://x.org/a#b",
        "#1 in the charts",
        "#_underscore",
        "# spaced",
        "#" + "x" * 65,  # longer than a tag may be: not a tag, rather than a truncated one
        "",
    ],
)
def test_not_hashtags(text):
    assert extract_hashtags(text) == []


def test_hashtag_of_max_length_is_kept():
    assert extract_hashtags("#" + "x" * 64) == ["x" * 64]


def test_normalize_hashtag():
    assert normalize_hashtag("＃ＴＯＫＹＯ") == "tokyo"
    assert normalize_hashtag("#Café") == "café"


@pytest.mark.parametrize(
    ("text", "handles"),
    [
        ("hi @Alice and @bob_2", ["alice", "bob_2"]),
        ("谢谢@alice的推荐", ["alice"]),
        ("@alice.", ["alice"]),
        ("＠carol", ["carol"]),
        ("@alice @ALICE", ["alice"]),
    ],
)
def test_extract_mentions(text, handles):
    assert extract_mentions(text) == handles


@pytest.mark.parametrize(
    "text",
    [
        "mail me at bob@example.com",
        "@ab is too short",
        "@" + "a" * 31,
        "@carol@mastodon.social",
        "https://example.com/@alice",
    ],
)
def test_not_mentions(text):
    assert extract_mentions(text) == []


def test_tokenize_round_trips_and_classifies():
    text = "看 https://example.com/a_(b)). #旅行# @alice 好"
    tokens = tokenize(text)
    assert "".join(token.text for token in tokens) == text
    assert [t for t in tokens if t.kind != "text"] == [
        Token("url", "https://example.com/a_(b)", "https://example.com/a_(b)"),
        Token("hashtag", "#旅行#", "旅行"),
        Token("mention", "@alice", "alice"),
    ]


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("(see https://example.com/x)", "https://example.com/x"),
        ("https://example.com/x, then", "https://example.com/x"),
        ("链接https://example.com/x。很好", "https://example.com/x"),
        ('"https://example.com/q?a=1&b=2"', "https://example.com/q?a=1&b=2"),
    ],
)
def test_url_boundaries(text, url):
    assert [t.value for t in tokenize(text) if t.kind == "url"] == [url]


def test_clean_text():
    assert clean_text("  a\r\nb\x00c\u200b  ", multiline=True) == "a\nbc\u200b"
    assert clean_text("one\ntwo\r\nthree") == "one two three"
    assert clean_text(None) == ""

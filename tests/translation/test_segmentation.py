"""Segmentation keeps the exact layout and cuts where sentences and languages change."""

import pytest

from qiao.translation.segmentation import Piece, piece_language, reassemble, split


def texts(pieces: list[Piece], translatable: bool = True) -> list[str]:
    return [p.text for p in pieces if p.translatable == translatable]


@pytest.mark.parametrize(
    "text",
    [
        "今天天气很好。我们去公园吧！\n\n  明天见…\n",
        "Dr. Li said hi.  We went to the U.S. on Monday!\r\nIt took 3.5 hours... Amazing?",
        "\n\n   \n",
        "",
        "#探店 #咖啡 @alice 😍",
        "这家店太好吃了 highly recommend this place! 真的",
        "```\ndef f():\n    return 1\n```",
    ],
)
def test_joining_the_pieces_gives_back_the_text(text):
    assert "".join(p.text for p in split(text)) == text


def test_chinese_sentences_split_after_their_punctuation_and_closing_marks():
    pieces = split("她说：“太好看了！”真的吗？好吧。")
    assert texts(pieces) == ["她说：“太好看了！”", "真的吗？", "好吧。"]


def test_english_sentences_respect_abbreviations_initials_and_decimals():
    pieces = split("Dr. Li met J. Smith at 3.5 p.m. in the U.S. today. Then they left! Did they? Yes.")
    assert texts(pieces) == [
        "Dr. Li met J. Smith at 3.5 p.m. in the U.S. today.",
        "Then they left!",
        "Did they?",
        "Yes.",
    ]


def test_lines_and_blank_lines_are_kept_as_layout():
    pieces = split("第一行\n\n第二行。第三句。\n")
    assert texts(pieces) == ["第一行", "第二行。", "第三句。"]
    assert texts(pieces, translatable=False) == ["\n\n", "\n"]


def test_a_question_mark_inside_a_link_does_not_end_a_sentence():
    pieces = split("看这里 https://example.com/a?b=1 很好")
    assert texts(pieces) == ["看这里 https://example.com/a?b=1 很好"]


def test_lines_of_only_tags_and_emoji_are_not_sent_to_an_engine():
    pieces = split("好吃！\n#探店 #咖啡 😍")
    assert texts(pieces) == ["好吃！"]
    assert pieces[-1] == Piece("\n#探店 #咖啡 😍", False)


def test_an_english_clause_inside_a_chinese_sentence_is_a_piece_of_its_own():
    pieces = split("这家店太好吃了 highly recommend this place to everyone! 真的")
    assert texts(pieces) == ["这家店太好吃了", "highly recommend this place to everyone!", "真的"]


def test_a_short_english_name_stays_inside_its_chinese_sentence():
    assert texts(split("今天去了 Central Park 好开心")) == ["今天去了 Central Park 好开心"]


@pytest.mark.parametrize(
    ("text", "default", "expected"),
    [
        ("今天去了 Central Park 好开心", "en", "zh"),
        ("highly recommend this place to everyone!", "zh", "en"),
        ("I love 火锅 so much, it is the best food", "zh", "en"),
        ("#旅行 @alice 😍", "zh", "zh"),
        ("OK", "zh", "zh"),
    ],
)
def test_piece_language(text, default, expected):
    assert piece_language(text, default) == expected


def test_fenced_code_blocks_are_never_translated():
    pieces = split("看这段代码：\n```\nprint('你好')\n```\n好用！")
    assert texts(pieces) == ["看这段代码：", "好用！"]
    assert "```\nprint('你好')\n```" in texts(pieces, translatable=False)[0]


def _translate_pieces(text: str, translations: dict[str, str]) -> tuple[list[str], set[int]]:
    """The pieces of ``text`` with some replaced, as the pipeline would, and which were."""
    pieces = split(text)
    outputs, translated = [], set()
    for index, piece in enumerate(pieces):
        if piece.text in translations:
            outputs.append(translations[piece.text])
            translated.add(index)
        else:
            outputs.append(piece.text)
    return outputs, translated


def test_reassembled_english_sentences_get_the_space_chinese_did_not_need():
    outputs, translated = _translate_pieces(
        "太好吃了。下次还来！", {"太好吃了。": "So tasty.", "下次还来！": "Coming again!"}
    )
    assert reassemble(outputs, translated, "en") == "So tasty. Coming again!"


def test_reassembled_chinese_sentences_drop_the_space_english_needed():
    outputs, translated = _translate_pieces(
        "So tasty. Coming again!", {"So tasty.": "太好吃了。", "Coming again!": "下次还来！"}
    )
    assert reassemble(outputs, translated, "zh") == "太好吃了。下次还来！"


def test_reassembly_keeps_line_breaks_and_untranslated_parts_as_written():
    text = "太好吃了。\n\n#火锅 @xiaolu"
    outputs, translated = _translate_pieces(text, {"太好吃了。": "So tasty."})
    assert reassemble(outputs, translated, "en") == "So tasty.\n\n#火锅 @xiaolu"
    assert reassemble(*_translate_pieces(text, {}), "en") == text


def test_reassembly_adds_no_space_before_punctuation():
    assert reassemble(["So tasty", "!"], {0}, "en") == "So tasty!"

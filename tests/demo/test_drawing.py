"""Demo pictures: right sizes, deterministic, captions drawn, and no failure without a CJK font."""

import io

import pytest
from PIL import Image, ImageChops, ImageFont

from qiao.demo import drawing
from qiao.demo.drawing import MOTIFS, PALETTES, RATIOS, can_draw, draw_avatar, draw_picture, jpeg_bytes


def _differs(a: Image.Image, b: Image.Image, box=None) -> bool:
    if box:
        a, b = a.crop(box), b.crop(box)
    return ImageChops.difference(a, b).getbbox() is not None


@pytest.mark.parametrize(("ratio", "size"), [("3:4", (720, 960)), ("1:1", (720, 720)), ("4:3", (960, 720))])
def test_pictures_have_the_asked_aspect_ratio(ratio, size):
    picture = draw_picture("TACOS", "sand", ratio, "bowl")
    assert picture.size == size and picture.mode == "RGB"


def test_every_motif_and_palette_draws():
    for motif in MOTIFS:
        assert draw_picture("x", "berry", "1:1", motif).size == RATIOS["1:1"]
    for palette in PALETTES:
        assert draw_picture("x", palette, "1:1", "dots").size == RATIOS["1:1"]


def test_the_same_arguments_give_the_same_picture():
    assert not _differs(draw_picture("洱海", "ocean", "4:3", "mountains"), draw_picture("洱海", "ocean", "4:3", "mountains"))
    assert _differs(draw_picture("洱海", "ocean", "4:3", "mountains"), draw_picture("苍山", "ocean", "4:3", "mountains"))


def test_the_caption_is_drawn_in_the_upper_part(monkeypatch):
    width, height = RATIOS["3:4"]
    with_word = draw_picture("HELLO", "sky", "3:4", "speech")
    monkeypatch.setattr(drawing, "can_draw", lambda font, text: False)
    without = draw_picture("HELLO", "sky", "3:4", "speech")
    assert _differs(with_word, without, (0, int(height * 0.1), width, int(height * 0.38)))
    assert not _differs(with_word, without, (0, int(height * 0.45), width, height))


def test_chinese_captions_are_drawn_when_a_cjk_font_exists():
    if drawing.cjk_font_path() is None:
        pytest.skip("no CJK font on this machine (e.g. apt-get install fonts-noto-cjk)")
    font = drawing.load_font(80)
    assert can_draw(font, "火锅 hot pot")


def test_without_a_cjk_font_pictures_still_draw_and_skip_what_the_font_cannot(monkeypatch):
    monkeypatch.setattr(drawing, "cjk_font_path", lambda: None)
    drawing.load_font.cache_clear()
    try:
        default = drawing.load_font(80)
        assert not can_draw(default, "火锅")
        assert can_draw(default, "TACOS 2")
        picture = draw_picture("火锅", "chili", "3:4", "bowl")
        assert picture.size == RATIOS["3:4"]
        assert draw_avatar("陈", ("#ff4d2e", "#ffb347")).size == (256, 256)
    finally:
        drawing.load_font.cache_clear()


def test_can_draw_tells_missing_glyphs_apart():
    default = ImageFont.load_default(size=40)
    assert can_draw(default, "Qiao")
    assert not can_draw(default, "桥")


def test_avatars_and_jpeg_encoding():
    avatar = draw_avatar("M", ("#e0c3fc", "#8ec5fc"))
    assert avatar.size == (256, 256)
    data = jpeg_bytes(avatar)
    with Image.open(io.BytesIO(data)) as decoded:
        assert decoded.format == "JPEG" and decoded.size == (256, 256)

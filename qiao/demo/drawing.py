"""Pictures for demo content, drawn with Pillow: no photos are shipped or downloaded.

A picture is a two-colour gradient, a few soft circles, a simple white motif
(a bowl, mountains, a cat…) and one big caption word. Chinese captions need a
CJK font; we look for common ones (Noto CJK, WenQuanYi, PingFang, Microsoft
YaHei) and otherwise use Pillow's own font, leaving out any word that font
cannot draw. Drawing never fails for want of a font.
"""

from __future__ import annotations

import io
import math
import random
import zlib
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageChops, ImageDraw, ImageFilter, ImageFont

Font = ImageFont.FreeTypeFont | ImageFont.ImageFont

PALETTES: dict[str, tuple[str, str]] = {
    "berry": ("#ff2442", "#ff8fa3"),
    "chili": ("#c1121f", "#ff7b00"),
    "cream": ("#f4e3c1", "#e0a96d"),
    "dumpling": ("#f6efe2", "#d9b88f"),
    "ember": ("#7f1d1d", "#f97316"),
    "forest": ("#14532d", "#65a30d"),
    "ice": ("#dbeafe", "#60a5fa"),
    "ink": ("#1f2937", "#6b7280"),
    "latte": ("#6f4e37", "#d8b894"),
    "lavender": ("#6d5dfc", "#c4b5fd"),
    "mint": ("#0f766e", "#5eead4"),
    "night": ("#0f172a", "#7c3aed"),
    "ocean": ("#0c4a6e", "#38bdf8"),
    "peach": ("#fb7185", "#fed7aa"),
    "sand": ("#b45309", "#fde68a"),
    "sky": ("#1d4ed8", "#93c5fd"),
    "sunset": ("#be185d", "#fbbf24"),
    "tea": ("#3f6212", "#d9f99d"),
}

RATIOS: dict[str, tuple[int, int]] = {"3:4": (720, 960), "1:1": (720, 720), "4:3": (960, 720)}

# Font files with Chinese glyphs, by file name, in the usual font folders of
# Debian/Ubuntu, Fedora, macOS and Windows. Bold first: captions are big.
CJK_FONT_NAMES = (
    "NotoSansCJK-Bold.ttc",
    "NotoSansCJKsc-Bold.otf",
    "NotoSansSC-Bold.otf",
    "NotoSansCJK-Regular.ttc",
    "NotoSansCJKsc-Regular.otf",
    "NotoSerifCJK-Bold.ttc",
    "wqy-zenhei.ttc",
    "wqy-microhei.ttc",
    "PingFang.ttc",
    "Hiragino Sans GB.ttc",
    "msyhbd.ttc",
    "msyh.ttc",
    "simhei.ttf",
    "DroidSansFallbackFull.ttf",
)
FONT_DIRS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
    "/System/Library/Fonts",
    "/Library/Fonts",
    "C:/Windows/Fonts",
)


@lru_cache(maxsize=1)
def cjk_font_path() -> str | None:
    """The first CJK font file found on this machine, or None."""
    wanted = {name.lower(): rank for rank, name in enumerate(CJK_FONT_NAMES)}
    best: tuple[int, str] | None = None
    for folder in FONT_DIRS:
        root = Path(folder).expanduser()
        if not root.is_dir():
            continue
        try:
            for path in root.rglob("*"):
                rank = wanted.get(path.name.lower())
                if rank is not None and (best is None or rank < best[0]):
                    best = (rank, str(path))
        except OSError:
            continue
    return best[1] if best else None


@lru_cache(maxsize=32)
def load_font(size: int, cjk: bool = True) -> Font:
    """A TrueType font of ``size`` px: a CJK one when found (and wanted), else Pillow's default."""
    if cjk and (path := cjk_font_path()):
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            pass
    try:
        return ImageFont.load_default(size=size)
    except TypeError:  # Pillow < 10.1: a small bitmap font is all there is
        return ImageFont.load_default()


def can_draw(font: Font, text: str) -> bool:
    """False when ``font`` would draw any character of ``text`` as a missing-glyph box."""
    def mask(char: str) -> bytes:
        return bytes(font.getmask(char)) if char.strip() else b""

    # A private-use code point has no glyph in any font: its mask is the "tofu" box.
    tofu = mask("\U0010fffd")
    return all(not char.strip() or char.isascii() or mask(char) != tofu for char in text)


def _hex(color: str) -> tuple[int, int, int]:
    color = color.lstrip("#")
    return int(color[0:2], 16), int(color[2:4], 16), int(color[4:6], 16)


def _luminance(rgb: tuple[int, int, int]) -> float:
    r, g, b = rgb
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def gradient(size: tuple[int, int], top: str, bottom: str, diagonal: bool = False) -> Image.Image:
    """A smooth two-colour gradient, top to bottom (or corner to corner)."""
    mask = Image.linear_gradient("L")
    if diagonal:
        # The mean of a vertical and a horizontal ramp runs corner to corner.
        mask = ImageChops.add(mask, mask.transpose(Image.Transpose.ROTATE_90), scale=2)
    mask = mask.resize(size, Image.Resampling.BILINEAR)
    return Image.composite(Image.new("RGB", size, _hex(bottom)), Image.new("RGB", size, _hex(top)), mask)


def _seed(*parts: str) -> int:
    return zlib.crc32("\x1f".join(parts).encode())


def _fit_font(draw: ImageDraw.ImageDraw, text: str, max_width: int, max_size: int) -> Font:
    size = max_size
    while size > 24:
        font = load_font(size)
        left, _top, right, _bottom = draw.textbbox((0, 0), text, font=font)
        if right - left <= max_width:
            return font
        size = int(size * 0.88)
    return load_font(size)


# --- motifs: simple white line drawings, centred on (cx, cy) with scale s -------------


def _bowl(d: ImageDraw.ImageDraw, cx: int, cy: int, s: int, ink) -> None:
    d.chord((cx - s, cy - s // 2, cx + s, cy + s), 0, 180, fill=ink)
    d.rounded_rectangle((cx - s // 3, cy + s - s // 12, cx + s // 3, cy + s + s // 8), s // 16, fill=ink)
    for dx in (-s // 2, 0, s // 2):
        d.arc((cx + dx - s // 8, cy - s, cx + dx + s // 8, cy - s // 3), 250, 110, fill=ink, width=max(4, s // 20))


def _mountains(d, cx, cy, s, ink) -> None:
    d.polygon([(cx - s * 1.6, cy + s), (cx - s // 2, cy - s * 0.7), (cx + s // 2, cy + s)], fill=ink)
    d.polygon([(cx - s // 4, cy + s), (cx + s * 0.7, cy - s), (cx + s * 1.7, cy + s)], fill=ink)
    d.ellipse((cx + s, cy - s * 1.3, cx + s * 1.4, cy - s * 0.9), fill=ink)


def _cat(d, cx, cy, s, ink) -> None:
    d.ellipse((cx - s, cy - s * 0.8, cx + s, cy + s), fill=ink)
    d.polygon([(cx - s, cy - s * 0.2), (cx - s * 0.85, cy - s * 1.3), (cx - s * 0.3, cy - s * 0.75)], fill=ink)
    d.polygon([(cx + s, cy - s * 0.2), (cx + s * 0.85, cy - s * 1.3), (cx + s * 0.3, cy - s * 0.75)], fill=ink)


def _cat_face(d, cx, cy, s, face) -> None:
    for ex in (-s * 0.4, s * 0.4):
        d.ellipse((cx + ex - s * 0.12, cy - s * 0.1, cx + ex + s * 0.12, cy + s * 0.14), fill=face)
    d.polygon([(cx - s * 0.1, cy + s * 0.3), (cx + s * 0.1, cy + s * 0.3), (cx, cy + s * 0.42)], fill=face)


def _book(d, cx, cy, s, ink) -> None:
    d.polygon([(cx, cy - s * 0.6), (cx - s * 1.3, cy - s * 0.8), (cx - s * 1.3, cy + s * 0.8), (cx, cy + s)], fill=ink)
    d.polygon([(cx, cy - s * 0.6), (cx + s * 1.3, cy - s * 0.8), (cx + s * 1.3, cy + s * 0.8), (cx, cy + s)], fill=ink)


def _city(d, cx, cy, s, ink) -> None:
    rng = random.Random(cx * 31 + cy)
    x = cx - s * 1.6
    while x < cx + s * 1.6:
        w = s * rng.uniform(0.25, 0.45)
        h = s * rng.uniform(0.6, 2.0)
        d.rectangle((x, cy + s - h, x + w, cy + s), fill=ink)
        x += w + s * 0.06


def _cup(d, cx, cy, s, ink) -> None:
    d.rounded_rectangle((cx - s * 0.8, cy - s * 0.6, cx + s * 0.6, cy + s), s // 6, fill=ink)
    d.arc((cx + s * 0.3, cy - s * 0.3, cx + s * 1.1, cy + s * 0.5), 270, 90, fill=ink, width=max(6, s // 8))
    for dx in (-s // 3, s // 6):
        d.arc((cx + dx - s // 8, cy - s * 1.3, cx + dx + s // 8, cy - s * 0.75), 250, 110, fill=ink, width=max(4, s // 20))


def _flame(d, cx, cy, s, ink) -> None:
    d.ellipse((cx - s * 0.7, cy - s * 0.1, cx + s * 0.7, cy + s), fill=ink)
    d.polygon([(cx - s * 0.68, cy + s * 0.35), (cx, cy - s * 1.3), (cx + s * 0.68, cy + s * 0.35)], fill=ink)


def _hanger(d, cx, cy, s, ink) -> None:
    w = max(6, s // 10)
    d.line([(cx - s * 1.4, cy + s * 0.8), (cx, cy - s * 0.2), (cx + s * 1.4, cy + s * 0.8), (cx - s * 1.4, cy + s * 0.8)],
           fill=ink, width=w, joint="curve")
    d.arc((cx - s * 0.25, cy - s * 0.9, cx + s * 0.25, cy - s * 0.35), 180, 90, fill=ink, width=w)


def _leaf(d, cx, cy, s, ink) -> None:
    d.ellipse((cx - s * 0.55, cy - s, cx + s * 0.55, cy + s), fill=ink)
    d.line([(cx, cy - s * 0.8), (cx, cy + s * 1.3)], fill=(0, 0, 0, 0), width=max(4, s // 18))


def _snow(d, cx, cy, s, ink) -> None:
    w = max(6, s // 10)
    for angle in range(0, 180, 30):
        dx, dy = math.cos(math.radians(angle)) * s, math.sin(math.radians(angle)) * s
        d.line([(cx - dx, cy - dy), (cx + dx, cy + dy)], fill=ink, width=w)


def _speech(d, cx, cy, s, ink) -> None:
    d.rounded_rectangle((cx - s * 1.4, cy - s * 0.8, cx + s * 1.4, cy + s * 0.7), s // 3, fill=ink)
    d.polygon([(cx - s * 0.6, cy + s * 0.6), (cx - s * 0.9, cy + s * 1.2), (cx - s * 0.1, cy + s * 0.6)], fill=ink)


def _sun(d, cx, cy, s, ink) -> None:
    d.ellipse((cx - s * 0.6, cy - s * 0.6, cx + s * 0.6, cy + s * 0.6), fill=ink)
    for k in range(12):
        a = math.radians(k * 30)
        d.line(
            [(cx + math.cos(a) * s * 0.8, cy + math.sin(a) * s * 0.8), (cx + math.cos(a) * s * 1.15, cy + math.sin(a) * s * 1.15)],
            fill=ink,
            width=max(5, s // 12),
        )


def _dots(d, cx, cy, s, ink) -> None:
    rng = random.Random(cx + cy)
    for _ in range(9):
        r = s * rng.uniform(0.12, 0.3)
        x, y = cx + s * rng.uniform(-1.5, 1.5), cy + s * rng.uniform(-0.8, 0.9)
        d.ellipse((x - r, y - r, x + r, y + r), fill=ink)


MOTIFS = {
    "bowl": _bowl,
    "mountains": _mountains,
    "cat": _cat,
    "book": _book,
    "city": _city,
    "cup": _cup,
    "flame": _flame,
    "hanger": _hanger,
    "leaf": _leaf,
    "snow": _snow,
    "speech": _speech,
    "sun": _sun,
    "dots": _dots,
}


def draw_picture(word: str, palette: str = "berry", ratio: str = "3:4", motif: str = "dots") -> Image.Image:
    """One demo picture; the same arguments always give the same picture."""
    size = RATIOS.get(ratio, RATIOS["3:4"])
    top, bottom = PALETTES.get(palette, PALETTES["berry"])
    width, height = size
    rng = random.Random(_seed(word, palette, ratio, motif))
    image = gradient(size, top, bottom, diagonal=rng.random() < 0.5).convert("RGBA")

    # Soft light circles for depth, blurred at a quarter of the size (blurring is the slow part).
    small = (width // 4, height // 4)
    glow = Image.new("RGBA", small, (0, 0, 0, 0))
    g = ImageDraw.Draw(glow)
    for _ in range(5):
        r = rng.randint(small[0] // 8, small[0] // 3)
        x, y = rng.randint(0, small[0]), rng.randint(0, small[1])
        g.ellipse((x - r, y - r, x + r, y + r), fill=(255, 255, 255, rng.randint(25, 60)))
    glow = glow.filter(ImageFilter.GaussianBlur(small[0] // 30)).resize(size, Image.Resampling.BILINEAR)
    image.alpha_composite(glow)

    # The motif, white and translucent, in the lower half.
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    d = ImageDraw.Draw(layer)
    scale = min(width, height) // 6
    cx, cy = width // 2, int(height * 0.64)
    ink = (255, 255, 255, 215)
    MOTIFS.get(motif, _dots)(d, cx, cy, scale, ink)
    if motif == "cat":
        _cat_face(d, cx, cy, scale, (*_hex(bottom), 255))
    image.alpha_composite(layer)

    # The caption: big, centred in the upper third, with a soft shadow for contrast.
    text_layer = Image.new("RGBA", size, (0, 0, 0, 0))
    t = ImageDraw.Draw(text_layer)
    font = _fit_font(t, word, int(width * 0.82), int(min(width, height) * 0.2))
    if word and can_draw(font, word):
        left, top_, right, bottom_ = t.textbbox((0, 0), word, font=font)
        x = (width - (right - left)) // 2 - left
        y = int(height * 0.24) - (bottom_ - top_) // 2 - top_
        light = _luminance(_hex(top)) > 170
        fill = (40, 30, 30, 255) if light else (255, 255, 255, 255)
        # The shadow is blurred only around the text.
        box = t.textbbox((x + 4, y + 6), word, font=font)
        pad = 16
        region = (max(0, box[0] - pad), max(0, box[1] - pad), min(width, box[2] + pad), min(height, box[3] + pad))
        shadow = Image.new("RGBA", (region[2] - region[0], region[3] - region[1]), (0, 0, 0, 0))
        ImageDraw.Draw(shadow).text(
            (x + 4 - region[0], y + 6 - region[1]), word, font=font, fill=(0, 0, 0, 70 if not light else 30)
        )
        text_layer.alpha_composite(shadow.filter(ImageFilter.GaussianBlur(6)), dest=region[:2])
        t.text((x, y), word, font=font, fill=fill)
    image.alpha_composite(text_layer)
    return image.convert("RGB")


def draw_avatar(glyph: str, colors: tuple[str, str], size: int = 256) -> Image.Image:
    """A round-friendly square avatar: a diagonal gradient with one glyph (a letter or a character)."""
    image = gradient((size, size), colors[0], colors[1], diagonal=True)
    d = ImageDraw.Draw(image)
    font = load_font(int(size * 0.5))
    if glyph and can_draw(font, glyph):
        left, top, right, bottom = d.textbbox((0, 0), glyph, font=font)
        x = (size - (right - left)) // 2 - left
        y = (size - (bottom - top)) // 2 - top
        d.text((x, y), glyph, font=font, fill=(255, 255, 255))
    return image


def jpeg_bytes(image: Image.Image, quality: int = 85) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=quality, optimize=True)
    return buffer.getvalue()


__all__ = ["PALETTES", "RATIOS", "MOTIFS", "draw_avatar", "draw_picture", "jpeg_bytes", "load_font", "can_draw"]

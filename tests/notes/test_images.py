import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from qiao.notes.images import MAX_SIDE, THUMBNAIL_WIDTH, process_image, process_images

from .conftest import photo_bytes, png_header_only, upload


def reopen(content_file) -> Image.Image:
    content_file.seek(0)
    image = Image.open(io.BytesIO(content_file.read()))
    image.load()
    return image


@pytest.mark.parametrize(
    ("fmt", "mode", "color", "out_format"),
    [
        ("JPEG", "RGB", (10, 20, 30), "JPEG"),
        ("PNG", "RGB", (10, 20, 30), "JPEG"),
        ("WEBP", "RGB", (10, 20, 30), "JPEG"),
        ("PNG", "RGBA", (10, 20, 30, 128), "WEBP"),  # transparency is kept
        ("WEBP", "RGBA", (10, 20, 30, 0), "WEBP"),
        ("PNG", "L", 128, "JPEG"),
        ("PNG", "P", 3, "JPEG"),
    ],
)
def test_accepts_real_photos(fmt, mode, color, out_format):
    result = process_image(upload(photo_bytes(fmt, (300, 200), color, mode=mode), name="x"))
    image = reopen(result.image)
    assert image.format == out_format
    assert image.size == (300, 200) == (result.width, result.height)
    assert result.image.name.endswith(".webp" if out_format == "WEBP" else ".jpg")
    assert ("A" in image.getbands()) == (out_format == "WEBP")


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"just some text, honestly\n" * 20, "notes.jpg"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>',
            "x.svg",
        ),
        (photo_bytes("GIF"), "anim.gif"),
        (photo_bytes("BMP"), "old.bmp"),
        (photo_bytes("TIFF"), "scan.tiff"),
        (b"<html><body>hi</body></html>", "page.png"),
    ],
)
def test_rejects_what_is_not_jpeg_png_or_webp(data, name):
    with pytest.raises(ValidationError) as error:
        process_image(upload(data, name=name))
    assert error.value.code == "image_format"
    assert "JPEG, PNG or WebP" in error.value.messages[0]


def test_rejects_truncated_jpeg():
    data = photo_bytes("JPEG", (400, 300), quality=95)
    with pytest.raises(ValidationError) as error:
        process_image(upload(data[: len(data) // 2]))
    assert error.value.code == "image_corrupt"


def test_rejects_empty_file():
    with pytest.raises(ValidationError) as error:
        process_image(upload(b""))
    assert error.value.code == "image_empty"


def test_rejects_too_many_bytes(settings):
    data = photo_bytes("PNG", (200, 200))
    settings.QIAO_MAX_IMAGE_BYTES = len(data) - 1
    with pytest.raises(ValidationError) as error:
        process_image(upload(data))
    assert error.value.code == "image_too_large"
    # Also when the upload does not know its size (a plain stream).
    with pytest.raises(ValidationError):
        process_image(io.BytesIO(data))


def test_rejects_decompression_bomb_from_its_header():
    bomb = png_header_only(20000, 20000)
    assert len(bomb) < 200
    with pytest.raises(ValidationError) as error:
        process_image(upload(bomb, name="bomb.png"))
    assert error.value.code == "image_too_many_pixels"


def test_pillow_bomb_guard_is_also_handled(settings):
    # Even with Qiao's own cap out of the way, Pillow's DecompressionBombError is a 4xx, not a 500.
    settings.QIAO_MAX_IMAGE_PIXELS = 10**12
    with pytest.raises(ValidationError) as error:
        process_image(upload(png_header_only(30000, 30000), name="bomb.png"))
    assert error.value.code == "image_too_many_pixels"


def test_pixel_cap_follows_settings(settings):
    settings.QIAO_MAX_IMAGE_PIXELS = 100 * 100 - 1
    with pytest.raises(ValidationError):
        process_image(upload(photo_bytes("JPEG", (100, 100))))
    settings.QIAO_MAX_IMAGE_PIXELS = 100 * 100
    assert process_image(upload(photo_bytes("JPEG", (100, 100)))).width == 100


def gps_jpeg(size=(120, 80), orientation: int | None = None) -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 15"  # Model
    if orientation:
        exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (31.0, 14.0, 1.5)
    gps[3], gps[4] = "E", (121.0, 28.0, 9.25)
    buffer = io.BytesIO()
    Image.new("RGB", size, (90, 140, 200)).save(
        buffer,
        "JPEG",
        exif=exif.tobytes(),
        comment=b"taken at home",
        xmp=b"<x:xmpmeta>secret</x:xmpmeta>",
    )
    return buffer.getvalue()


def test_strips_all_metadata_including_gps():
    source = Image.open(io.BytesIO(gps_jpeg()))
    assert source.getexif().get_ifd(0x8825)  # the fixture really carries GPS, XMP and a comment
    assert b"secret" in gps_jpeg() and b"taken at home" in gps_jpeg()
    result = process_image(upload(gps_jpeg()))
    for stored in (result.image, result.thumbnail):
        image = reopen(stored)
        assert dict(image.getexif()) == {}
        assert not image.getexif().get_ifd(0x8825)
        assert not {"exif", "xmp", "comment", "XML:com.adobe.xmp"} & set(image.info)
        stored.seek(0)
        raw = stored.read()
        assert b"PhoneMaker" not in raw and b"secret" not in raw and b"taken at home" not in raw


def test_applies_exif_orientation():
    # Orientation 6: the camera was turned; the stored photo must be upright (portrait).
    result = process_image(upload(gps_jpeg(size=(120, 80), orientation=6)))
    assert (result.width, result.height) == (80, 120)
    assert reopen(result.image).size == (80, 120)


def test_caps_long_side_and_makes_thumbnail():
    result = process_image(upload(photo_bytes("JPEG", (MAX_SIDE * 2, MAX_SIDE))))
    assert (result.width, result.height) == (MAX_SIDE, MAX_SIDE // 2)
    thumb = reopen(result.thumbnail)
    assert thumb.width == THUMBNAIL_WIDTH
    assert thumb.height == THUMBNAIL_WIDTH // 2


def test_small_photo_keeps_its_size_and_thumbnail_is_not_enlarged():
    result = process_image(upload(photo_bytes("JPEG", (100, 150))))
    assert reopen(result.thumbnail).size == (100, 150)


def test_names_are_random_not_the_uploaders():
    first = process_image(upload(name="../../etc/passwd.jpg"))
    second = process_image(upload(name="../../etc/passwd.jpg"))
    assert "passwd" not in first.image.name and "/" not in first.image.name
    assert first.image.name != second.image.name
    assert first.thumbnail.name != first.image.name


def test_process_images_names_the_bad_photo():
    with pytest.raises(ValidationError) as error:
        process_images([upload(), upload(b"nope", name="b.jpg")])
    assert error.value.messages[0].startswith("Photo 2:")


@pytest.mark.parametrize("icc_ok", [True, False])
def test_icc_profile_is_converted_away_and_broken_profiles_do_not_fail(icc_ok):
    from PIL import ImageCms

    icc = (
        ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
        if icc_ok
        else b"not a profile"
    )
    data = photo_bytes("JPEG", (50, 50), (200, 100, 50), icc_profile=icc, quality=100)
    assert Image.open(io.BytesIO(data)).info.get("icc_profile") == icc
    result = process_image(upload(data))
    image = reopen(result.image)
    assert "icc_profile" not in image.info
    r, g, b = image.getpixel((25, 25))
    assert abs(r - 200) < 8 and abs(g - 100) < 8 and abs(b - 50) < 8

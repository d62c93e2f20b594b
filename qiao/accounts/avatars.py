"""Avatar images: checked by content, re-encoded (no EXIF, no GPS) and cropped square."""

import io
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

AVATAR_SIZE = 256
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP", "GIF"}


def max_avatar_bytes() -> int:
    return min(settings.QIAO_MAX_IMAGE_BYTES, 10 * 1024 * 1024)


def make_avatar(upload) -> ContentFile:
    """Turn an uploaded file into a 256×256 JPEG, or raise ValidationError.

    The file's name and declared type are ignored: only what Pillow can decode
    counts, and the re-encoded copy carries none of the original's metadata.
    """
    limit = max_avatar_bytes()
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            _("This image is too large. The limit is %(mb)d MB.") % {"mb": limit // (1024 * 1024)},
            code="too_large",
        )
    unreadable = ValidationError(
        _("This file isn't an image we can read. Upload a JPEG, PNG or WebP photo."),
        code="not_image",
    )
    try:
        upload.seek(0)
        with Image.open(upload) as image:
            if image.format not in ALLOWED_FORMATS:
                raise unreadable
            if image.width * image.height > settings.QIAO_MAX_IMAGE_PIXELS:
                raise ValidationError(_("This image has too many pixels."), code="too_many_pixels")
            image.load()
            image = ImageOps.exif_transpose(image)
            image = _flatten(image)
            square = ImageOps.fit(image, (AVATAR_SIZE, AVATAR_SIZE), Image.Resampling.LANCZOS)
    except ValidationError:
        raise
    except (
        UnidentifiedImageError,
        Image.DecompressionBombError,
        OSError,
        SyntaxError,
        ValueError,
    ) as exc:
        raise unreadable from exc
    out = io.BytesIO()
    square.save(out, format="JPEG", quality=88, optimize=True)
    return ContentFile(out.getvalue(), name=f"{uuid.uuid4().hex}.jpg")


def _flatten(image: Image.Image) -> Image.Image:
    """RGB on a white background (JPEG has no transparency)."""
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")

"""Checking and re-encoding uploaded photos.

An upload is judged by its content, never by its name or declared type: only
JPEG, PNG and WebP that Pillow can fully decode are accepted. The declared
dimensions are checked against ``settings.QIAO_MAX_IMAGE_PIXELS`` before any
pixel is decoded, so a small file claiming to be 20000×20000 (a decompression
bomb) costs nothing. Accepted images are turned upright (EXIF orientation),
converted to sRGB, capped at ``MAX_SIDE`` and re-encoded from pixels, which
drops all metadata (EXIF with GPS, XMP, comments). What gets stored has a
random name; the uploader's file name is never used.
"""

from __future__ import annotations

import io
import uuid
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError

ACCEPTED_FORMATS = ("JPEG", "PNG", "WEBP")
ACCEPT_ATTRIBUTE = "image/jpeg,image/png,image/webp"
MAX_SIDE = 2048
THUMBNAIL_WIDTH = 540
# Very tall images (long screenshots) get a thumbnail at most this tall; cards crop anyway.
THUMBNAIL_MAX_HEIGHT = 1440
JPEG_QUALITY = 85
WEBP_QUALITY = 85

_SRGB = ImageCms.createProfile("sRGB")


@dataclass(frozen=True)
class ProcessedImage:
    """A checked, re-encoded photo and its feed thumbnail, ready for NoteImage."""

    image: ContentFile
    thumbnail: ContentFile
    width: int
    height: int
    content_type: str


def _read_limited(upload: IO[bytes]) -> bytes:
    """Read the whole upload, refusing more than QIAO_MAX_IMAGE_BYTES without reading it all."""
    limit = settings.QIAO_MAX_IMAGE_BYTES
    too_big = ValidationError(
        _("This photo is larger than %(mb)s MB.") % {"mb": round(limit / 1024 / 1024, 1)},
        code="image_too_large",
    )
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise too_big
    if hasattr(upload, "seek"):
        upload.seek(0)
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise too_big
    if not data:
        raise ValidationError(_("This photo is empty."), code="image_empty")
    return data


def _unsupported() -> ValidationError:
    return ValidationError(
        _("This file is not a photo we can use. Please upload a JPEG, PNG or WebP image."),
        code="image_format",
    )


def _open_checked(data: bytes) -> Image.Image:
    """Open ``data`` as JPEG/PNG/WebP and check its declared size; nothing is decoded yet."""
    try:
        image = Image.open(io.BytesIO(data), formats=ACCEPTED_FORMATS)
    except Image.DecompressionBombError as exc:
        raise _too_many_pixels() from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise _unsupported() from exc
    width, height = image.size
    if width < 1 or height < 1:
        raise _unsupported()
    if width * height > settings.QIAO_MAX_IMAGE_PIXELS:
        raise _too_many_pixels()
    return image


def _too_many_pixels() -> ValidationError:
    megapixels = settings.QIAO_MAX_IMAGE_PIXELS // 1_000_000
    return ValidationError(
        _("This photo has too many pixels (at most %(mp)s megapixels).") % {"mp": megapixels},
        code="image_too_many_pixels",
    )


def _decode(image: Image.Image) -> Image.Image:
    """Decode the pixels, using JPEG draft mode to skip detail that would be scaled away."""
    if image.format in ("JPEG", "MPO"):
        scale = MAX_SIDE / max(image.size)
        if scale < 1:
            image.draft(None, (max(1, int(image.width * scale)), max(1, int(image.height * scale))))
    try:
        image.load()
    except Image.DecompressionBombError as exc:
        raise _too_many_pixels() from exc
    except (OSError, SyntaxError, ValueError, EOFError) as exc:
        # Truncated or corrupt data: Pillow refuses it since LOAD_TRUNCATED_IMAGES is off.
        raise ValidationError(
            _("This photo is damaged or incomplete. Please try another file."), code="image_corrupt"
        ) from exc
    return image


def _has_alpha(image: Image.Image) -> bool:
    if image.mode in ("RGBA", "LA", "PA") or (image.mode == "P" and "transparency" in image.info):
        alpha = image.convert("RGBA").getchannel("A")
        return alpha.getextrema()[0] < 255
    return False


def _to_srgb(image: Image.Image, alpha: bool) -> Image.Image:
    """Pixels in sRGB (RGB or RGBA), converting from an embedded ICC profile when there is one."""
    mode = "RGBA" if alpha else "RGB"
    icc = image.info.get("icc_profile")
    if image.mode not in ("RGB", "RGBA", "CMYK", "L"):
        image = image.convert(mode)
    if icc:
        try:
            source = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            return ImageCms.profileToProfile(image, source, _SRGB, outputMode=mode)
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: use the pixels as they are
    return image.convert(mode) if image.mode != mode else image


def _encode(image: Image.Image, alpha: bool) -> tuple[bytes, str, str]:
    """Encode bare pixels (no metadata at all): JPEG, or WebP when transparency matters."""
    image.info = {}
    buffer = io.BytesIO()
    if alpha:
        image.save(buffer, format="WEBP", quality=WEBP_QUALITY, method=4)
        return buffer.getvalue(), "webp", "image/webp"
    image.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    return buffer.getvalue(), "jpg", "image/jpeg"


def process_image(upload: IO[bytes]) -> ProcessedImage:
    """Check one uploaded photo and return it re-encoded with its thumbnail.

    Raises ValidationError with a message the uploader can act on.
    """
    data = _read_limited(upload)
    source = _open_checked(data)
    try:
        decoded = _decode(source)
        upright = ImageOps.exif_transpose(decoded)
        alpha = _has_alpha(upright)
        pixels = _to_srgb(upright, alpha)
        if max(pixels.size) > MAX_SIDE:
            pixels.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
        thumb = pixels.copy()
        thumb.thumbnail((THUMBNAIL_WIDTH, THUMBNAIL_MAX_HEIGHT), Image.Resampling.LANCZOS)
        image_bytes, extension, content_type = _encode(pixels, alpha)
        thumb_bytes, _ext, _type = _encode(thumb, alpha)
    finally:
        source.close()
    token = uuid.uuid4().hex
    return ProcessedImage(
        image=ContentFile(image_bytes, name=f"{token}.{extension}"),
        thumbnail=ContentFile(thumb_bytes, name=f"{token}-thumb.{extension}"),
        width=pixels.width,
        height=pixels.height,
        content_type=content_type,
    )


def process_images(uploads: list[IO[bytes]]) -> list[ProcessedImage]:
    """Process every upload before anything is stored; one bad photo rejects the lot.

    The error names the photo by position ("Photo 2: …") so the uploader knows which.
    """
    processed = []
    for number, upload in enumerate(uploads, start=1):
        try:
            processed.append(process_image(upload))
        except ValidationError as exc:
            message = _("Photo %(n)d: %(error)s") % {"n": number, "error": " ".join(exc.messages)}
            raise ValidationError(message, code=exc.code or "image") from exc
    return processed

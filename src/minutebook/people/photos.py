"""Councillors' photos: checked, then re-drawn, before they are kept.

Why re-draw: the public site serves the photo from its own origin, so it must be an
image and nothing else. Pillow decodes the upload (refusing anything that is not a JPEG
or PNG, or is too big to decode safely), and a fresh JPEG is written from the pixels:
no camera metadata (a home's GPS position), no trailing bytes, no other format hidden
in it. It is also made no bigger than a page needs.
"""

from __future__ import annotations

import io
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.forms import ValidationError
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PHOTO_MB = 5
#: Decoding more pixels than this is refused (a small file can expand enormously).
MAX_PIXELS = 40_000_000
#: The longest side of the kept photo, in pixels.
KEPT_SIZE = 800
ALLOWED_FORMATS = {"JPEG", "PNG"}


def clean_photo(upload: Any) -> ContentFile[bytes]:
    """The upload as a fresh JPEG, or a ``ValidationError`` saying what is wrong."""
    if upload.size > MAX_PHOTO_MB * 1024 * 1024:
        raise ValidationError(f"The photo must be smaller than {MAX_PHOTO_MB} MB.")
    try:
        with Image.open(upload) as image:
            if image.format not in ALLOWED_FORMATS:
                raise ValidationError("The photo must be a JPEG or PNG.")
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ValidationError("The photo is too large: use one under 40 megapixels.")
            image.load()
            picture = ImageOps.exif_transpose(image).convert("RGB")
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, SyntaxError) as exc:
        raise ValidationError("The photo must be a JPEG or PNG.") from exc
    picture.thumbnail((KEPT_SIZE, KEPT_SIZE))
    out = io.BytesIO()
    picture.save(out, format="JPEG", quality=85, optimize=True)
    return ContentFile(out.getvalue(), name="photo.jpg")


def forget_photo_on_commit(name: str) -> None:
    """Delete a replaced photo's file once the new record is committed (never before:
    a rolled-back save must keep the photo it still points to)."""
    transaction.on_commit(lambda: default_storage.delete(name))

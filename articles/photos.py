"""People's photos: what an upload becomes before it is stored, and which stored files are served.

An upload must be a JPEG, PNG or WebP image of at most MAX_BYTES and MAX_PIXELS. It is stored
re-encoded as a JPEG at most MAX_SIDE pixels on its longer side, which also drops whatever the
file carried besides the picture (EXIF: the camera, the place and time it was taken), under a
name made from its content: a name never comes back with other content, so browsers may keep
a photo for a year.
"""

import hashlib
import io
import re

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from PIL import Image, ImageOps, UnidentifiedImageError

FOLDER = "personnes/"  # Person.photo's upload_to
MAX_BYTES = 5 * 1024 * 1024
MAX_PIXELS = 40_000_000  # decoding is what costs memory, not the size of the file
MAX_SIDE = 800  # twice the largest the page shows, for sharp screens
ACCEPTED_FORMATS = {"JPEG", "PNG", "WEBP"}
JPEG_QUALITY = 85

# What the site serves: names the storage may have given a photo (ours, or an earlier upload kept
# under its own name), with the content type of their extension; anything else is not found.
SERVED_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]*\.(jpe?g|png|webp)", re.IGNORECASE)
CONTENT_TYPES = {"jpg": "image/jpeg", "jpeg": "image/jpeg", "png": "image/png", "webp": "image/webp"}


def prepared(upload: UploadedFile) -> ContentFile:
    """The photo to store for `upload`, or a ValidationError saying in French what is wrong."""
    if upload.size > MAX_BYTES:
        megabytes = f"{upload.size / 1024 / 1024:.1f}".replace(".", ",")
        raise ValidationError(f"Cette photo pèse {megabytes} Mo : choisissez-en une de 5 Mo au plus.")
    upload.seek(0)
    try:
        image = Image.open(upload)
    except Image.DecompressionBombError:  # a header announcing billions of pixels: refused unread
        raise ValidationError("Cette image est trop grande : réduisez-la à 40 millions de pixels au plus.") from None
    except (UnidentifiedImageError, OSError):
        raise ValidationError("Ce fichier n’est pas une image : choisissez une photo JPEG, PNG ou WebP.") from None
    if image.format not in ACCEPTED_FORMATS:
        raise ValidationError("Choisissez une photo au format JPEG, PNG ou WebP.")
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise ValidationError(
            f"Cette image est trop grande ({width} × {height} pixels) : réduisez-la à 40 millions de pixels au plus."
        )
    try:
        picture = _resized(image)
    except (OSError, ValueError, Image.DecompressionBombError):
        raise ValidationError("Cette image est illisible ou abîmée : choisissez une autre photo.") from None
    data = io.BytesIO()
    picture.save(data, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    content = data.getvalue()
    return ContentFile(content, name=hashlib.sha256(content).hexdigest()[:24] + ".jpg")


def _resized(image: Image.Image) -> Image.Image:
    image = ImageOps.exif_transpose(image)  # a phone's portrait stays upright once EXIF is gone
    image.thumbnail((MAX_SIDE, MAX_SIDE), Image.Resampling.LANCZOS)
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        flat = Image.new("RGB", image.size, "white")
        flat.paste(image, mask=image.getchannel("A"))
        return flat
    return image.convert("RGB")


def content_type(name: str) -> str | None:
    """The content type to serve the stored photo `name` (no folder) with; None: not served."""
    if not SERVED_NAME.fullmatch(name):
        return None
    return CONTENT_TYPES[name.rsplit(".", 1)[1].lower()]

"""Small real images made with Pillow, for the tests that upload or serve a photo."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def image_bytes(size: tuple[int, int] = (4, 4), image_format: str = "PNG", mode: str = "RGB", **save) -> bytes:
    data = io.BytesIO()
    Image.new(mode, size, "teal").save(data, image_format, **save)
    return data.getvalue()


def upload(content: bytes | None = None, name: str = "portrait.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, image_bytes() if content is None else content)

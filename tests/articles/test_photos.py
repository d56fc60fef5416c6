"""People's photos: what an upload becomes, and how the site serves what its storage holds."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

from articles import photos
from tests.images import image_bytes, upload

pytestmark = pytest.mark.django_db


def announcing(size: tuple[int, int]) -> bytes:
    """A tiny PNG whose header claims `size`: what a decompression bomb looks like before it is read."""
    png = bytearray(image_bytes((4, 4), "PNG"))
    header = struct.pack(">II", *size) + png[24:29]  # width, height, then depth, colour, etc.
    png[16:29] = header
    png[29:33] = struct.pack(">I", zlib.crc32(b"IHDR" + header))
    return bytes(png)


def stored(content: bytes, name: str = "abc123.jpg") -> str:
    return default_storage.save(photos.FOLDER + name, ContentFile(content))


def test_a_stored_photo_is_served_as_an_image_cached_for_a_year(client):
    content = image_bytes(image_format="JPEG")
    name = stored(content)
    response = client.get("/media/" + name)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == content
    assert response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"


@pytest.mark.parametrize(
    "path",
    [
        "/media/personnes/../../immuno_site/settings.py",
        "/media/personnes/..%2F..%2Fmanage.py",
        "/media/personnes/%2e%2e%2fsecret.png",
        "/media/personnes/.hidden.png",
        "/media/personnes/notes.txt",
        "/media/personnes/page.html",
        "/media/personnes/image.svg",
        "/media/personnes/absent.jpg",
        "/media/autre/photo.jpg",
    ],
)
def test_nothing_but_a_stored_photo_is_served(client, path, settings):
    (settings.MEDIA_ROOT / "personnes").mkdir()
    (settings.MEDIA_ROOT / "personnes" / "notes.txt").write_text("privé")
    (settings.MEDIA_ROOT / "personnes" / "page.html").write_text("<script>alert(1)</script>")
    (settings.MEDIA_ROOT / "personnes" / "image.svg").write_text("<svg onload='alert(1)'/>")
    (settings.MEDIA_ROOT / "secret.png").write_bytes(image_bytes())
    response = client.get(path)
    assert response.status_code == 404


def test_a_post_to_a_photo_is_refused(client):
    name = stored(image_bytes(image_format="JPEG"))
    assert client.post("/media/" + name).status_code == 405


def test_an_upload_is_stored_smaller_as_a_jpeg_without_its_metadata():
    exif = Image.Exif()
    exif[0x010F] = "Appareil de Claire"  # Make
    big = image_bytes((2400, 1200), "JPEG", exif=exif.tobytes())
    photo = photos.prepared(upload(big, "IMG_2024-vacances.jpg"))
    image = Image.open(io.BytesIO(photo.read()))
    assert image.format == "JPEG"
    assert image.size == (800, 400)
    assert not image.getexif()
    assert photo.name.endswith(".jpg") and "vacances" not in photo.name


def test_the_same_picture_gets_the_same_name_and_another_picture_another():
    first = photos.prepared(upload(image_bytes((10, 10))))
    again = photos.prepared(upload(image_bytes((10, 10))))
    other = photos.prepared(upload(image_bytes((12, 10))))
    assert first.name == again.name != other.name


def test_a_transparent_png_is_flattened_on_white():
    photo = photos.prepared(upload(image_bytes((8, 8), "PNG", mode="RGBA")))
    assert Image.open(io.BytesIO(photo.read())).mode == "RGB"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.4 pas une image", "Ce fichier n’est pas une image"),
        (image_bytes((4, 4), "GIF"), "Choisissez une photo au format JPEG, PNG ou WebP."),
        (b"x" * (photos.MAX_BYTES + 1), "Cette photo pèse 5,0 Mo : choisissez-en une de 5 Mo au plus."),
        (image_bytes((8000, 6000), "PNG", mode="1"), "Cette image est trop grande (8000 × 6000 pixels)"),
        (announcing((20_000, 20_000)), "Cette image est trop grande : réduisez-la"),
    ],
)
def test_an_upload_that_is_not_a_photo_we_keep_is_refused_in_french(content, message):
    with pytest.raises(ValidationError) as refusal:
        photos.prepared(upload(content))
    assert message in refusal.value.messages[0]

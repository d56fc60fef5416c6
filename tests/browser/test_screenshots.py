"""Screenshots for a person to look at (artifacts/screenshots/); each also checks what it shows."""

import math
import struct
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.reader import choose_rating, send_opinion
from tests.browser.viewports import DESKTOP, PHONE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def png_size(path: Path) -> tuple[int, int]:
    """Width and height of the image, read from the PNG header."""
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", header[16:24])


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_the_whole_article_is_captured_at_phone_and_desktop_widths(new_context, screenshots, article, viewport):
    width = viewport["width"]
    page = new_context(viewport=viewport).new_page()
    page.goto(article.get_absolute_url())
    path = screenshots / f"article-{width}px.png"
    path.unlink(missing_ok=True)  # what is checked below is this run's capture
    page.screenshot(path=str(path), full_page=True)

    assert png_size(path) == (width, page.evaluate("document.documentElement.scrollHeight"))
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_the_feedback_block_is_captured_thanking_the_reader(page: Page, screenshots, article):
    page.goto(article.get_absolute_url())
    choose_rating(page, 5)
    send_opinion(page)
    block = page.locator("section#avis")
    expect(block.get_by_text("Merci pour votre retour.")).to_be_visible()
    path = screenshots / "feedback-thanks.png"
    path.unlink(missing_ok=True)
    block.screenshot(path=str(path))

    box = block.bounding_box()
    # The capture holds every device pixel the block touches, its fractional edges included.
    touched = [math.ceil(box[a] + box[d]) - math.floor(box[a]) for a, d in (("x", "width"), ("y", "height"))]
    assert png_size(path) == tuple(touched)

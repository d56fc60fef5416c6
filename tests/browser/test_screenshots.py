"""Screenshots for a person to look at (artifacts/screenshots/); each also checks what it shows."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.reader import choose_rating, send_opinion

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [390, 1280])
def test_the_whole_article_is_captured_at_phone_and_desktop_widths(new_context, screenshots, article, width: int):
    page = new_context(viewport={"width": width, "height": 844}).new_page()
    page.goto(article.get_absolute_url())
    path = screenshots / f"article-{width}px.png"
    page.screenshot(path=str(path), full_page=True)

    assert path.stat().st_size > 0
    assert page.evaluate("document.documentElement.scrollWidth") <= width


def test_the_feedback_block_is_captured_thanking_the_reader(page: Page, screenshots, article):
    page.goto(article.get_absolute_url())
    choose_rating(page, 5)
    send_opinion(page)
    block = page.locator("section#avis")
    expect(block.get_by_text("Merci pour votre retour.")).to_be_visible()
    path = screenshots / "feedback-thanks.png"
    block.screenshot(path=str(path))

    assert path.stat().st_size > 0

"""The page follows the reader's media settings: reduced motion and printing."""

import pytest
from playwright.sync_api import Page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SCROLL_BEHAVIOR = "getComputedStyle(document.documentElement).scrollBehavior"
HIDDEN_IN_PRINT = ["header.site-header", "footer.site-footer", "section#avis", "nav.toc", "a.skip-link"]


def display_of(page: Page, selector: str) -> str:
    return page.locator(selector).evaluate("el => getComputedStyle(el).display")


def test_sommaire_links_scroll_smoothly_unless_the_reader_asks_for_reduced_motion(page: Page, article):
    page.goto(article.get_absolute_url())
    page.emulate_media(reduced_motion="no-preference")
    assert page.evaluate(SCROLL_BEHAVIOR) == "smooth"

    page.emulate_media(reduced_motion="reduce")
    assert page.evaluate(SCROLL_BEHAVIOR) == "auto"


def test_printing_keeps_the_article_and_drops_the_site_furniture(page: Page, article):
    page.goto(article.get_absolute_url())
    assert all(display_of(page, selector) != "none" for selector in HIDDEN_IN_PRINT[:-1])

    page.emulate_media(media="print")

    assert {selector: display_of(page, selector) for selector in HIDDEN_IN_PRINT} == dict.fromkeys(
        HIDDEN_IN_PRINT, "none"
    )
    assert display_of(page, "article h1") == "block"
    assert display_of(page, "article .conclusion") == "block"

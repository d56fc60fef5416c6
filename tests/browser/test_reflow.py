"""WCAG 1.4.10 and 1.4.4: at 320 px wide or with text at 200 %, nothing needs horizontal scrolling."""

import pytest
from playwright.sync_api import Page

from tests.browser.reader import send_opinion
from tests.browser.viewports import DESKTOP, NARROWEST

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# {article}: the test's own article
PAGES = [
    "/",
    "{article}",
    "/accessibilite/",
    "/a-propos/",
    "/mentions-legales/",
    "/confidentialite/",
    "/cette-page-n-existe-pas/",
    "/recherche/?q=ricochet",
]


def overflow(page: Page) -> int:
    """How many CSS pixels the page is wider than the window (0 when nothing scrolls sideways)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


@pytest.mark.parametrize("path", PAGES)
def test_a_320_px_wide_window_never_scrolls_sideways(new_context, article, site_pages, path: str):
    page = new_context(viewport=NARROWEST).new_page()
    page.goto(path.format(article=article.get_absolute_url()))

    assert page.evaluate("document.documentElement.clientWidth") == NARROWEST["width"]
    assert overflow(page) <= 0


def test_the_feedback_errors_fit_a_320_px_wide_window(new_context, article):
    page = new_context(viewport=NARROWEST, java_script_enabled=False).new_page()
    page.goto(article.get_absolute_url())
    send_opinion(page)
    page.locator(".error-summary").wait_for()

    assert overflow(page) <= 0


@pytest.mark.parametrize("path", PAGES)
def test_text_at_200_percent_never_scrolls_sideways(new_context, article, site_pages, path: str):
    page = new_context(viewport=DESKTOP).new_page()
    page.goto(path.format(article=article.get_absolute_url()))
    body_size = page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)")
    # Chromium has no text-only zoom to drive; doubling the root size scales every rem-sized text.
    page.evaluate("document.documentElement.style.fontSize = '200%'")

    assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") == 2 * body_size
    assert overflow(page) <= 0

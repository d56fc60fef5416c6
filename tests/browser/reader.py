"""What a reader does on an article page, in the words of the page."""

from playwright.sync_api import Page


def choose_rating(page: Page, stars: int) -> None:
    """Click the visible star label, as a reader does (the radio itself is visually hidden)."""
    page.locator(f"label[for=id_rating_{stars - 1}]").click()


def write_comment(page: Page, text: str) -> None:
    page.get_by_label("Votre commentaire (facultatif)").fill(text)


def send_opinion(page: Page) -> None:
    page.get_by_role("button", name="Envoyer mon avis").click()


def footer_top(page: Page) -> float:
    """The footer's distance from the top of the document, whatever the scroll position."""
    return page.locator("footer.site-footer").evaluate("f => f.getBoundingClientRect().top + window.scrollY")

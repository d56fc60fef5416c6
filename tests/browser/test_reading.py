import pytest
from playwright.sync_api import Page, expect

from tests.factories import H2S

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reader_follows_the_home_page_link_to_the_article(page: Page, live_server, article):
    page.goto("/")
    page.get_by_role("link", name=article.title).click()

    expect(page).to_have_url(f"{live_server.url}{article.get_absolute_url()}")
    expect(page.get_by_role("heading", level=1)).to_have_text(article.title)


def test_every_sommaire_link_brings_its_section_into_view(page: Page, live_server, article):
    page.goto(article.get_absolute_url())
    sommaire = page.get_by_role("navigation", name="Sommaire")
    expect(sommaire.get_by_role("link")).to_have_text(H2S)

    for heading in H2S:
        link = sommaire.get_by_role("link", name=heading)
        anchor = link.get_attribute("href")
        link.click()

        expect(page).to_have_url(f"{live_server.url}{article.get_absolute_url()}{anchor}")
        target = page.locator(anchor)
        expect(target).to_have_text(heading)
        expect(target).to_be_in_viewport()

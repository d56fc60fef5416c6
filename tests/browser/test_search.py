"""The search form in the header: it works without JavaScript and fits a phone."""

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SMALL_PHONE = {"width": 375, "height": 667}


def test_a_reader_without_javascript_searches_from_the_header_and_reaches_the_article(page_without_js: Page, article):
    page_without_js.goto("/")
    search = page_without_js.get_by_role("search")
    search.get_by_role("searchbox", name="Rechercher un article").fill("RICOCHET")
    search.get_by_role("button", name="Rechercher").click()

    expect(page_without_js.get_by_role("heading", level=1)).to_have_text("1 résultat pour « RICOCHET »")
    expect(page_without_js.get_by_role("searchbox", name="Rechercher un article")).to_have_value("RICOCHET")
    expect(page_without_js.locator("main mark").first).to_have_text("ricochet")
    page_without_js.get_by_role("link", name=article.title).click()
    expect(page_without_js.get_by_role("heading", level=1)).to_have_text(article.title)


def test_on_a_phone_the_header_holds_the_site_name_and_a_usable_search_form(new_context, article):
    page = new_context(viewport=SMALL_PHONE).new_page()
    page.goto("/")
    field = page.get_by_role("searchbox", name="Rechercher un article")
    button = page.get_by_role("button", name="Rechercher")

    assert field.bounding_box()["width"] >= 150
    assert button.bounding_box()["height"] >= 44  # a target a thumb can hit
    assert button.bounding_box()["x"] + button.bounding_box()["width"] <= SMALL_PHONE["width"]
    field.fill("ricochet")
    field.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("1 résultat pour « ricochet »")

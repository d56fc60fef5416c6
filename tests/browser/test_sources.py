"""An article's citations and its list of sources, in a real browser, on a phone's width."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.accessibility import assert_no_axe_violation
from tests.factories import ArticleFactory, SectionFactory, SourceFactory, publish_now

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE_375 = {"width": 375, "height": 667}


@pytest.fixture
def cited(db):
    article = ArticleFactory(
        published=False, introduction="La rougeole est très contagieuse[^1].", conclusion="Vaccinez-vous[^2]."
    )
    SectionFactory(article=article, heading="Deux doses", body="Deux doses protègent[^1]. " + "Un texte. " * 150)
    SourceFactory(article=article, position=1, title="Calendrier des vaccinations 2024 " * 4)
    SourceFactory(article=article, position=2, url="https://www.example.fr/" + "tres-longue-adresse-" * 10)
    publish_now(article)
    return article


def test_a_citation_leads_to_its_source_and_back_without_javascript_on_a_phone(new_context, cited):
    page: Page = new_context(java_script_enabled=False, viewport=PHONE_375).new_page()
    page.goto(cited.get_absolute_url())
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    page.get_by_role("link", name="Source 2", exact=True).click()
    expect(page).to_have_url(f"{cited.get_absolute_url()}#source-2")
    expect(page.locator("#source-2")).to_be_in_viewport()

    page.get_by_role("link", name="Retour au texte : citation de la source 2").click()
    expect(page).to_have_url(f"{cited.get_absolute_url()}#citation-3")
    expect(page.locator("#citation-3")).to_be_in_viewport()

    page.locator("#source-1").get_by_role("link", name="Retour à la citation 2 de la source 1").click()
    expect(page.locator("#citation-2")).to_be_in_viewport()


def test_axe_finds_no_violation_on_an_article_with_sources(new_context, cited):
    page: Page = new_context(viewport=PHONE_375).new_page()
    page.goto(cited.get_absolute_url())
    expect(page.get_by_role("heading", level=2, name="Sources")).to_be_visible()
    assert_no_axe_violation(page)

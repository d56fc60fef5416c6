"""Thématiques in a browser: a topic's page, and an article with its breadcrumb and its
suggestions « Dans la même thématique »; axe-core finds no violation on either."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.accessibility import assert_no_axe_violation
from tests.factories import ArticleWithSectionsFactory, TopicFactory, in_topics, publish_now

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def vaccination(db):
    topic = TopicFactory(name="Vaccination", slug="vaccination", description="Les vaccins, à tout âge.")
    for title in ("Le calendrier des vaccins", "Le vaccin contre la grippe"):
        publish_now(in_topics(ArticleWithSectionsFactory(published=False, title=title), topic))
    return topic


def test_axe_finds_no_violation_on_a_topics_page(page: Page, vaccination):
    page.goto("/themes/vaccination/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Vaccination")
    expect(page.get_by_role("link", name="Le vaccin contre la grippe")).to_be_visible()
    assert_no_axe_violation(page)


def test_axe_finds_no_violation_on_an_article_with_its_breadcrumb_and_suggestions(page: Page, vaccination):
    article = in_topics(ArticleWithSectionsFactory(published=False, title="Le ROR"), vaccination)
    publish_now(article)
    page.goto(article.get_absolute_url())
    breadcrumb = page.get_by_role("navigation", name="Fil d’Ariane")
    expect(breadcrumb.get_by_role("listitem")).to_have_count(3)
    expect(breadcrumb.get_by_role("link", name="Le ROR")).to_have_attribute("aria-current", "page")
    breadcrumb.get_by_role("link", name="Vaccination").focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{page.url.split('/articles/')[0]}/themes/vaccination/")
    page.go_back()
    suggestions = page.get_by_role("complementary", name="Dans la même thématique")
    expect(suggestions.get_by_role("link")).to_have_text(["Le vaccin contre la grippe", "Le calendrier des vaccins"])
    assert_no_axe_violation(page)

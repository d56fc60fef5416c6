"""The overdue medical reviews in the real admin: the index's count leads to the filtered list,
both pages pass axe in the light and dark themes."""

from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect

from tests.browser.accessibility import assert_no_axe_violation_in_either_theme
from tests.browser.editor import REVIEWERS, log_in, member
from tests.factories import ArticleFactory
from tests.reviews import reviewed, today
from tests.seed import seed_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_reviewer_follows_the_overdue_count_from_the_index_to_the_articles(new_context):
    reviewed(seed_article(), today() + timedelta(days=365))  # whether an earlier test's flush removed it or not
    ArticleFactory(title="Relecture en attente")
    reviewed(ArticleFactory(title="Relecture à jour"), today() + timedelta(days=30))
    member(REVIEWERS, "dr-martin")
    page: Page = log_in(new_context().new_page(), "dr-martin")

    link = page.get_by_role("link", name="1 article en relecture médicale en retard")
    expect(link).to_be_visible()
    assert_no_axe_violation_in_either_theme(page)

    link.click()
    expect(page.get_by_role("link", name="Relecture en attente", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Relecture à jour", exact=True)).to_have_count(0)
    expect(page.locator("#result_list")).to_contain_text("En retard : relecture en attente")
    assert_no_axe_violation_in_either_theme(page)

"""The admin's preview in a real browser: the frame loads (its headers let the site frame it) and
lays the article out at the width the editor picked."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.editor import log_in
from tests.factories import ArticleFactory, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_editor_reads_the_draft_in_a_phone_wide_frame_then_a_computer_wide_one(page: Page):
    draft = ArticleFactory(published=False, title="Le rhume des foins")
    log_in(page, StaffFactory().username)
    page.goto(f"/admin/articles/article/{draft.pk}/change/")
    page.get_by_role("link", name="Aperçu").click()

    frame = page.frame_locator("iframe[title*='téléphone']")
    expect(frame.get_by_role("heading", level=1)).to_have_text("Le rhume des foins")
    assert frame.locator("html").evaluate("html => html.clientWidth") == 375

    page.get_by_role("link", name="Ordinateur (1280 px)").click()
    frame = page.frame_locator("iframe[title*='ordinateur']")
    expect(frame.get_by_role("heading", level=1)).to_have_text("Le rhume des foins")
    assert frame.locator("html").evaluate("html => html.clientWidth") in range(1260, 1281)  # less a scroll bar

"""An editor changes the article in the admin; readers see the change once it is published."""

import pytest
from playwright.sync_api import Page, expect

from tests.browser.editor import change_url, log_in, opened_section, section
from tests.factories import H2S, H3S, StaffFactory, publish_now

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def editor_page(page: Page) -> Page:
    editor = StaffFactory(username="redactrice")
    return log_in(page, editor.username)


def test_an_editor_edits_and_reorders_sections_and_readers_see_it_once_published(
    editor_page: Page, new_context, article
):
    reader = new_context().new_page()
    reader.goto(article.get_absolute_url())  # now in the page cache, which the editor's save must not leave stale
    page = editor_page
    page.goto(change_url(article))

    first = opened_section(page, H2S[0])
    first.get_by_label("Titre").fill("Qu’est-ce que la vaccination, en bref ?")
    rewritten = opened_section(page, H3S[0])
    rewritten.get_by_label("Texte").fill("Un paragraphe réécrit par la rédaction.")
    moved = section(page, H3S[1])
    moved.locator("h3").drag_to(rewritten.locator("h3"))
    page.get_by_role("button", name="Enregistrer", exact=True).click()
    expect(page.locator(".messagelist .success")).to_be_visible()

    reader.reload()
    expect(reader.get_by_role("navigation", name="Sommaire").get_by_role("link").first).to_have_text(H2S[0])
    publish_now(article)  # the approval itself is driven through the admin in test_editorial_loop.py
    reader.reload()
    expect(reader.get_by_role("navigation", name="Sommaire").get_by_role("link").first).to_have_text(
        "Qu’est-ce que la vaccination, en bref ?"
    )
    expect(reader.locator("article h3").nth(0)).to_have_text(H3S[1])
    expect(reader.locator("article h3").nth(1)).to_have_text(H3S[0])
    expect(reader.locator("article section.section").nth(2)).to_contain_text("Un paragraphe réécrit par la rédaction.")


def test_the_add_article_form_fills_the_slug_from_the_title(editor_page: Page):
    page = editor_page
    page.goto("/admin/articles/article/add/")
    page.get_by_label("Titre").first.type("Comment prévenir l’hypertension ?")

    expect(page.locator("#id_slug")).to_have_value("comment-prevenir-lhypertension")

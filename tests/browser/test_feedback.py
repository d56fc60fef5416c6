import pytest
from playwright.sync_api import Page, expect

from articles import publishing
from feedback.models import Feedback
from tests.browser.reader import choose_rating, footer_top, send_opinion, write_comment

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

THANKS = "Merci pour votre retour."


def mark_window(page: Page) -> None:
    """A marker that only survives if the page is not reloaded."""
    page.evaluate("window.sansRechargement = true")


def still_same_window(page: Page) -> bool:
    return page.evaluate("window.sansRechargement === true")


def test_with_javascript_the_thank_you_replaces_the_form_without_a_reload(page: Page, article):
    page.goto(article.get_absolute_url())
    mark_window(page)
    choose_rating(page, 4)
    write_comment(page, "Très clair, merci.")
    send_opinion(page)

    block = page.locator("section#avis")
    expect(block.get_by_text(THANKS)).to_be_visible()
    expect(block.get_by_role("button", name="Envoyer mon avis")).to_have_count(0)
    assert still_same_window(page)
    expect(block.locator("[data-feedback-thanks]")).to_be_focused()
    expect(block.get_by_role("status").filter(has_text=THANKS)).to_have_count(1)
    saved = Feedback.objects.get()
    assert (saved.rating, saved.comment, saved.spam_reason) == (4, "Très clair, merci.", "")


def test_the_thank_you_takes_the_place_of_the_form_without_moving_what_follows(page: Page, article):
    page.goto(article.get_absolute_url())
    choose_rating(page, 5)
    before = footer_top(page)
    send_opinion(page)

    expect(page.get_by_text(THANKS)).to_be_visible()
    assert footer_top(page) == before


def test_without_javascript_the_form_posts_and_the_page_comes_back_thanking(
    page_without_js: Page, live_server, article
):
    page = page_without_js
    page.goto(article.get_absolute_url())
    choose_rating(page, 3)
    write_comment(page, "Utile.")
    with page.expect_response(lambda r: f"/avis/{article.slug}/" in r.url) as posted:
        send_opinion(page)

    assert posted.value.status == 303
    expect(page).to_have_url(f"{live_server.url}{article.get_absolute_url()}#avis")
    expect(page.locator("section#avis").get_by_text(THANKS)).to_be_visible()
    assert Feedback.objects.get().rating == 3


def test_with_javascript_a_missing_rating_is_explained_and_focused_and_the_comment_kept(page: Page, article):
    page.goto(article.get_absolute_url())
    mark_window(page)
    write_comment(page, "J’ai oublié la note.")
    send_opinion(page)

    block = page.locator("section#avis")
    expect(block.locator(".error-summary")).to_contain_text("Choisissez une note de 1 à 5 étoiles.")
    expect(block.locator("fieldset.rating")).to_contain_text("Choisissez une note de 1 à 5 étoiles.")
    expect(page.get_by_label("Votre commentaire (facultatif)")).to_have_value("J’ai oublié la note.")
    expect(page.locator("#id_rating_0")).to_be_focused()
    assert still_same_window(page)
    assert not Feedback.objects.exists()


def test_without_javascript_a_missing_rating_is_explained_and_the_comment_kept(page_without_js: Page, article):
    page = page_without_js
    page.goto(article.get_absolute_url())
    write_comment(page, "J’ai oublié la note.")
    with page.expect_response(lambda r: f"/avis/{article.slug}/" in r.url) as posted:
        send_opinion(page)

    assert posted.value.status == 400
    expect(page).to_have_title(f"Erreur : {article.title} · Infos santé")
    expect(page.locator(".error-summary")).to_contain_text("Choisissez une note de 1 à 5 étoiles.")
    expect(page.locator("fieldset.rating")).to_contain_text("Choisissez une note de 1 à 5 étoiles.")
    expect(page.get_by_label("Votre commentaire (facultatif)")).to_have_value("J’ai oublié la note.")
    assert not Feedback.objects.exists()


def test_the_character_counter_counts_down_as_the_reader_types(page: Page, article):
    page.goto(article.get_absolute_url())
    counter = page.locator("#id_comment_counter")
    expect(counter).to_have_text("Il vous reste 1 000 caractères sur 1 000.")
    write_comment(page, "Bonjour")

    expect(counter).to_have_text("Il vous reste 993 caractères sur 1 000.")


@pytest.mark.parametrize(
    ("length", "counter_text"),
    [(1000, "Il vous reste 0 caractère sur 1 000."), (1001, "Vous avez 1 caractère en trop.")],
)
def test_the_character_counter_counts_emoji_and_line_breaks_as_the_server_does(
    page: Page, article, length, counter_text
):
    page.goto(article.get_absolute_url())
    choose_rating(page, 4)
    comment = "👍" * (length - 2) + "\n🩺"
    write_comment(page, f"  {comment}\n ")
    expect(page.locator("#id_comment_counter")).to_have_text(counter_text)
    send_opinion(page)

    block = page.locator("section#avis")
    if length <= 1000:
        expect(block.get_by_text(THANKS)).to_be_visible()
        assert Feedback.objects.get().comment == comment
    else:
        expect(block.locator(".error-summary")).to_contain_text("Votre commentaire fait 1\u00a0001 caractères")
        assert not Feedback.objects.exists()


def test_with_javascript_a_reader_is_told_why_when_the_article_was_unpublished_meanwhile(page: Page, article):
    page.goto(article.get_absolute_url())
    choose_rating(page, 2)
    publishing.unpublish(article, None)
    send_opinion(page)

    expect(page.locator("[data-feedback-status]")).to_have_text(
        "Cet article n’est pas ou plus publié : votre avis ne peut pas être envoyé."
    )
    assert not Feedback.objects.exists()

"""An opinion sent from a page opened before its article was renamed: the form posts to the old
address, and the opinion reaches the article all the same (a 301 would turn the post into a GET)."""

import pytest

from feedback.models import Feedback
from tests.factories import ArticleFactory, publish_now
from tests.html import soup, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def renamed():
    article = ArticleFactory(slug="vaccins")
    ArticleFactory(slug="autre-article")
    article.slug = "les-vaccins"
    article.save()
    publish_now(article)
    return article


def test_an_opinion_posted_to_the_old_address_is_stored_once_for_the_article_and_thanked(
    client, renamed, post_feedback
):
    response = post_feedback(slug="vaccins", rating="5", comment="Merci.")
    assert (response.status_code, response["Location"]) == (303, "/articles/les-vaccins/#avis")
    saved = Feedback.objects.get()
    assert (saved.article_id, saved.rating, saved.comment) == (renamed.pk, 5, "Merci.")
    block = soup(client.get(response["Location"])).find(id="avis")
    assert "Merci pour votre retour." in text_of(block)


def test_the_script_gets_the_thank_you_for_an_opinion_posted_to_the_old_address(renamed, post_feedback):
    response = post_feedback(slug="vaccins", json=True, rating="3")
    assert response.json()["ok"] is True
    assert Feedback.objects.get().article_id == renamed.pk


def test_an_opinion_with_errors_at_the_old_address_comes_back_with_a_form_posting_to_the_new_one(
    renamed, post_feedback
):
    response = post_feedback(slug="vaccins", rating=None, comment="Sans note.")
    assert response.status_code == 400
    form = soup(response).find("form", attrs={"data-feedback-form": True})
    assert form["action"] == "/avis/les-vaccins/#avis"
    assert "Sans note." in text_of(form)
    assert not Feedback.objects.exists()


def test_the_article_page_answered_at_the_old_address_names_the_address_now_as_canonical(
    renamed, post_feedback, settings
):
    settings.SITE_URL = "https://sante.example.fr"
    response = post_feedback(slug="vaccins", rating=None)
    assert response.status_code == 400
    assert soup(response).find("link", rel="canonical")["href"] == "https://sante.example.fr/articles/les-vaccins/"

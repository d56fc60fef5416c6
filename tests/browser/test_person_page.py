"""An author's page in a browser: its photo shows, and axe-core finds no violation."""

import pytest
from django.core.files.base import ContentFile
from playwright.sync_api import Page, expect

from articles.models import ArticleAuthor
from tests.browser.accessibility import assert_no_axe_violation
from tests.factories import ArticleFactory, PersonFactory, publish_now
from tests.images import image_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_axe_finds_no_violation_on_a_persons_page_with_a_photo_and_articles(page: Page):
    person = PersonFactory(
        name="Dr Claire Martin", credentials="Docteur en médecine", rpps="10101234567", bio="Oncologue.\n\nChercheuse."
    )
    person.photo.save("portrait.jpg", ContentFile(image_bytes((300, 300), "JPEG")), save=False)
    person.photo_alt = "Claire Martin, souriante"
    person.save()
    article = ArticleFactory(published=False, title="L’immunothérapie")
    ArticleAuthor.objects.create(article=article, person=person)
    publish_now(article)

    page.goto(person.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("Dr Claire Martin")
    photo = page.get_by_role("img", name="Claire Martin, souriante")
    expect(photo).to_be_visible()
    assert photo.evaluate("img => img.naturalWidth") == 300
    expect(page.get_by_role("link", name="L’immunothérapie")).to_be_visible()

    assert_no_axe_violation(page)


def test_axe_finds_no_violation_on_the_page_of_a_person_without_articles(page: Page):
    person = PersonFactory()
    page.goto(person.get_absolute_url())
    expect(page.get_by_text("Aucun article relu par cette personne n’est en ligne pour le moment.")).to_be_visible()

    assert_no_axe_violation(page)

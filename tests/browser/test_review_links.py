"""A review link in real browsers: an editor makes one in the admin, a clinician with no account
and no session opens it, then it stops working once revoked or expired."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from articles import review_links
from articles.models import ReviewLink
from tests.browser.editor import log_in
from tests.factories import ArticleFactory, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BANNER = "Version non publiée – aperçu pour relecture"
INVALID = "Ce lien de relecture n’est plus valide"


def test_a_clinician_reads_the_draft_through_the_link_until_the_editor_revokes_it(page: Page, new_context):
    draft = ArticleFactory(published=False, title="L’eczéma de l’enfant")
    log_in(page, StaffFactory().username)
    page.goto(f"/admin/articles/article/{draft.pk}/change/")
    page.get_by_role("button", name="Créer un lien de relecture").click()
    expect(page.locator(".messagelist .success")).to_contain_text("Lien de relecture créé")
    address = page.get_by_label("Adresse du lien n°").input_value()

    clinician = new_context().new_page()  # another browser profile: no cookie, no session
    assert clinician.context.cookies() == []
    response = clinician.goto(address)
    assert response.status == 200 and response.headers["referrer-policy"] == "no-referrer"
    expect(clinician.locator(".draft-banner strong")).to_have_text(BANNER)
    expect(clinician.get_by_role("heading", level=1)).to_have_text("L’eczéma de l’enfant")
    expect(clinician.locator("#avis")).to_have_count(0)

    page.get_by_role("button", name="Révoquer").click()
    expect(page.locator(".messagelist")).to_contain_text("révoqué : son adresse ne fonctionne plus")
    assert clinician.reload().status == 404
    expect(clinician.get_by_role("heading", level=1)).to_have_text(INVALID)
    expect(clinician.get_by_text("L’eczéma de l’enfant")).to_have_count(0)


def test_an_expired_link_shows_the_invalid_link_page(new_context):
    draft = ArticleFactory(published=False, title="L’asthme à l’effort")
    link = review_links.create(draft, StaffFactory())
    ReviewLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - timedelta(minutes=1))

    clinician = new_context().new_page()
    assert clinician.goto(review_links.link_path(link)).status == 404
    expect(clinician.get_by_role("heading", level=1)).to_have_text(INVALID)
    expect(clinician.get_by_text("L’asthme à l’effort")).to_have_count(0)

"""The "Tableau de bord des avis" in the real admin, for a writer: axe finds nothing on the
dashboard and an article's page, in either theme, and a comment is triaged without JavaScript."""

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from articles.models import Revision
from feedback import ratings
from tests.browser.accessibility import assert_no_axe_violation_in_either_theme
from tests.browser.editor import WRITERS, log_in, member
from tests.factories import ArticleFactory, FeedbackFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_writer_reads_the_dashboard_and_triages_a_comment(new_context):
    article = ArticleFactory(title="La grippe")
    revision = Revision.objects.live().get(article=article)
    for rating in (5, 4, 4, 2):
        ratings.record(article.pk, revision.pk, timezone.localdate(), rating)
    FeedbackFactory(article=article, comment="Il manque les symptômes chez l’enfant.", revision=revision)
    member(WRITERS, "redactrice")
    page: Page = log_in(new_context().new_page(), "redactrice")

    page.get_by_role("link", name="Tableau de bord des avis").click()
    expect(page.get_by_role("img", name="Évolution de la note moyenne, semaine par semaine")).to_be_visible()
    assert_no_axe_violation_in_either_theme(page)

    page.get_by_role("link", name="La grippe").click()
    expect(page.get_by_role("heading", name="Satisfaction par version")).to_be_visible()
    assert_no_axe_violation_in_either_theme(page)

    # Triage is a plain form: the same page without JavaScript (axe itself needs scripts).
    url = page.url
    page = log_in(new_context(java_script_enabled=False).new_page(), "redactrice")
    page.goto(url)
    page.get_by_role("button", name="Marquer comme traité").click()
    expect(page.get_by_text("marqué comme traité")).to_be_visible()
    expect(page.get_by_text("Aucun commentaire à trier.")).to_be_visible()

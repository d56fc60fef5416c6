"""What `migrate` alone leaves: the site's texts and its three pages, in French, with the facts
the privacy policy states matching the code and settings they describe."""

import pytest
from django.conf import settings

from feedback.models import COMMENT_MAX_LENGTH
from site_pages.models import SitePage, SiteTexts
from tests.site_pages.defaults import PAGES

pytestmark = pytest.mark.django_db


def page(slug: str) -> SitePage:
    return SitePage.objects.get(slug=slug)


def test_migrate_leaves_the_site_texts_with_their_defaults():
    texts = SiteTexts.objects.get()
    assert texts.disclaimer == "Ces informations ne remplacent pas l’avis d’un professionnel de santé."
    assert texts.urgency == "En cas d’urgence, appelez le 15 ou le 112"
    assert texts.site_name == "Infos santé"
    assert "À compléter" in texts.publisher


def test_migrate_leaves_the_three_pages_in_footer_order_rendered_to_html():
    pages = list(SitePage.objects.all())
    assert [(p.title, p.slug, p.footer_position) for p in pages] == PAGES
    assert [p.slug for p in pages] == ["a-propos", "mentions-legales", "confidentialite"]
    for saved in pages:
        assert saved.body_html.count("<h2 id=") >= 4
        assert "##" not in saved.body_html and "**" not in saved.body_html


def test_who_we_are_explains_the_medical_review_the_four_eyes_rule_and_how_to_report_an_error():
    body = page("a-propos").body
    for passage in (
        "relecteur médical",
        "Rien n’est publié sans cette approbation",
        "quatre yeux",
        "Liens d’intérêts",
        "Signaler une erreur",
        "Donnez-nous votre avis !",
    ):
        assert passage in body


def test_the_legal_notice_marks_what_the_publisher_must_complete():
    legal = page("mentions-legales")
    for heading in ("Éditeur du site", "Directeur de la publication", "Hébergeur", "Contact"):
        assert f"## {heading}" in legal.body
    assert legal.placeholders >= 10
    assert "<strong>[À compléter]</strong>" in legal.body_html


def test_the_privacy_policy_states_what_the_feedback_code_does():
    body = page("confidentialite").body
    assert f"`{settings.FEEDBACK_SENT_COOKIE}`" in body
    assert f"{COMMENT_MAX_LENGTH:,}".replace(",", " ") + " caractères" in body
    minutes = settings.FEEDBACK_RATE_WINDOW // 60
    assert f"{settings.FEEDBACK_RATE_LIMIT} toutes les {minutes} minutes" in body
    assert f"{minutes} minutes" in body.split("## Combien de temps")[1]
    assert settings.FEEDBACK_DUPLICATE_WINDOW == 3600 and "pendant une heure" in body
    for fact in ("votre note", "votre commentaire", "la date et l’heure de l’envoi", "HMAC", "un an"):
        assert fact in body
    assert "pas votre adresse IP" in body
    assert "masqués" in body and "supprimer" in body and "CNIL" in body

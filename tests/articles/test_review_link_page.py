"""/relecture/<token>/: what a clinician without an account reads through a review link."""

from datetime import timedelta

import pytest
from django.core import signing
from django.core.cache import cache
from django.utils import timezone

from articles import page_cache, review_links
from articles.models import ReviewLink
from tests.factories import ArticleFactory, ArticleWithSectionsFactory, StaffFactory
from tests.html import soup, text_of

pytestmark = pytest.mark.django_db

BANNER = "Version non publiée – aperçu pour relecture"
INVALID = "Ce lien de relecture n’est plus valide"


@pytest.fixture
def draft():
    return ArticleWithSectionsFactory(published=False, title="Les allergies alimentaires")


@pytest.fixture
def link(draft, staff) -> ReviewLink:
    return review_links.create(draft, staff)


def url(link: ReviewLink) -> str:
    return review_links.link_path(link)


def test_the_address_is_under_relecture_with_the_token():
    assert review_links.link_path(ReviewLink(pk=3, created_at=timezone.now())).startswith("/relecture/")


def test_a_clinician_without_an_account_reads_the_unpublished_article_under_a_banner(client, link):
    response = client.get(url(link))
    assert response.status_code == 200
    page = soup(response)
    assert page.find("h1").get_text() == "Les allergies alimentaires"
    assert text_of(page.select_one(".draft-banner strong")) == BANNER
    assert len(page.select("article section.section")) == len(link.revision.sections)


def test_the_page_is_read_only_without_the_feedback_form(client, link):
    page = soup(client.get(url(link)))
    assert page.find(id="avis") is None
    assert [form["action"] for form in page.find_all("form")] == ["/recherche/"]  # the header's search only
    assert not page.select("script[src*='feedback']")


def test_the_page_is_never_indexed_kept_or_sent_on_as_a_referrer(client, link):
    response = client.get(url(link))
    assert soup(response).find("meta", attrs={"name": "robots"})["content"] == "noindex, nofollow"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Referrer-Policy"] == "no-referrer"
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_the_page_cache_never_stores_it(client, link):
    path = url(link)
    client.get(path)
    client.get(path)
    assert cache.get(f"articles:page:{path}") is None
    assert not any(path in key for key in page_cache._process_pages)
    review_links.revoke(link, link.created_by)
    assert INVALID in text_of(soup(client.get(path)))


def test_it_shows_the_frozen_revision_even_after_the_working_copy_changes(client, link, draft):
    draft.title = "Les allergies alimentaires, version remaniée"
    draft.save()
    section = draft.sections.first()
    section.heading = "Un titre réécrit"
    section.save()
    review_links.create(draft, link.created_by)  # a newer link shows the newer copy; this one does not move
    page = soup(client.get(url(link)))
    assert page.find("h1").get_text() == "Les allergies alimentaires"
    assert "Un titre réécrit" not in text_of(page)


def test_a_link_to_a_published_article_shows_the_frozen_copy_not_the_live_one(client, staff):
    article = ArticleFactory(title="En ligne")
    link = review_links.create(article, staff)
    article.title = "Modifiée après le lien"
    article.save()
    page = soup(client.get(url(link)))
    assert page.find("h1").get_text() == "En ligne"
    assert text_of(page.select_one(".draft-banner strong")) == BANNER


def test_a_teaser_to_a_draft_is_shown_marked_as_not_yet_published(client, link):
    page = soup(client.get(url(link)))
    assert page.select("aside.teaser-pending")


def test_the_page_costs_three_queries(client, link, django_assert_num_queries):
    client.get("/")  # the live articles' map, shared by every page, is already made
    # the link with its revision, the teasers' targets, the live version's last medical review
    with django_assert_num_queries(3):
        assert client.get(url(link)).status_code == 200


def invalid_tokens(link: ReviewLink) -> dict[str, str]:
    token = review_links.make_token(link)
    return {
        "altered": token[:-2] + "xy",
        "other salt": signing.TimestampSigner().sign_object(link.pk),
        "unknown": review_links.make_token(ReviewLink(pk=424_242, created_at=timezone.now())),
        "garbage": "n-importe-quoi",
    }


@pytest.mark.parametrize("kind", ["altered", "other salt", "unknown", "garbage", "revoked", "expired"])
def test_a_link_that_no_longer_opens_gets_the_same_french_page_whatever_the_reason(client, link, kind):
    if kind == "revoked":
        review_links.revoke(link, StaffFactory())
        token = review_links.make_token(link)
    elif kind == "expired":
        ReviewLink.objects.filter(pk=link.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
        token = review_links.make_token(link)
    else:
        token = invalid_tokens(link)[kind]
    response = client.get(f"/relecture/{token}/")
    assert response.status_code == 404
    page = soup(response)
    assert page.find("h1").get_text() == INVALID
    assert "Les allergies alimentaires" not in text_of(page)
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex, nofollow"
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert response["Cache-Control"] == "private, no-store"
    assert response["Referrer-Policy"] == "no-referrer"
    # The same page for every reason: nothing tells whether the link ever existed.
    assert token not in response.content.decode()
    assert response.content == client.get("/relecture/rien/").content


def test_a_post_to_a_review_link_is_refused(client, link):
    assert client.post(url(link)).status_code == 405
    assert client.generic("OPTIONS", url(link)).status_code == 405

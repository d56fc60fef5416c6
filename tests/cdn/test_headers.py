"""What a CDN may keep: readers' pages for a while, named by what they show; nothing personal."""

import time
from datetime import timedelta
from urllib.parse import urlencode

import pytest
from django.core.signing import get_cookie_signer
from django.http import HttpResponse
from django.test import RequestFactory
from django.utils import timezone

from articles import publishing, review_links
from articles.models import ArticleAuthor
from cdn.headers import keep_private, must_stay_private, share, shared_cache_control
from feedback.sent import SALT as SENT_SALT
from feedback.spam import sign_shown_at
from tests.factories import (
    ArticleFactory,
    ArticleWithSectionsFactory,
    PersonFactory,
    SectionFactory,
    SitePageFactory,
    StaffFactory,
    TopicFactory,
    in_topics,
    publish_now,
)

pytestmark = pytest.mark.django_db

SHARED = "public, max-age=0, s-maxage=3600, stale-if-error=21600"


@pytest.fixture(autouse=True)
def _cdn_settings(settings):
    settings.CDN_MAX_AGE = 3600
    settings.CDN_STALE_IF_ERROR = 21_600


def directives(response) -> dict[str, str | None]:
    parts = (part.strip().partition("=") for part in response["Cache-Control"].split(","))
    return {name: value or None for name, _, value in parts}


def surrogate_keys(response) -> list[str]:
    keys = response["Surrogate-Key"].split(" ")
    assert response["Cache-Tag"].split(",") == keys  # Cloudflare's header names the same keys
    return keys


def assert_private(response) -> None:
    assert {"private", "no-store"} <= set(directives(response)), response["Cache-Control"]
    assert "Surrogate-Key" not in response and "Cache-Tag" not in response


def test_the_home_page_may_be_kept_by_a_cdn_under_the_list_key(client):
    ArticleFactory()
    for _ in ("made", "from the page cache"):
        response = client.get("/")
        assert response["Cache-Control"] == SHARED
        assert surrogate_keys(response) == ["site", "list"]
        assert "Cookie" in response["Vary"]
        assert "Set-Cookie" not in response


def test_a_revalidated_page_keeps_its_headers(client):
    ArticleFactory()
    etag = client.get("/")["ETag"]
    response = client.get("/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert response["Cache-Control"] == SHARED
    assert surrogate_keys(response) == ["site", "list"]


def test_an_article_names_itself_the_articles_it_teases_and_its_people_once_each(client):
    teased, other = ArticleFactory(), ArticleFactory()
    author, reviewer = PersonFactory(), PersonFactory()
    article = ArticleFactory(published=False)
    SectionFactory(article=article, read_also=teased)
    SectionFactory(article=article, read_also=other)
    SectionFactory(article=article, read_also=teased)
    ArticleAuthor.objects.create(article=article, person=author, position=1)
    ArticleAuthor.objects.create(article=article, person=reviewer, position=2)
    publish_now(article)
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert response["Cache-Control"] == SHARED
    keys = surrogate_keys(response)
    assert len(keys) == len(set(keys))
    assert set(keys) == {
        "site",
        f"article-{article.pk}",
        f"article-{teased.pk}",
        f"article-{other.pk}",
        f"person-{author.pk}",
        f"person-{reviewer.pk}",
    }
    assert "Set-Cookie" not in response  # no CSRF cookie: the feedback form has no token


def test_an_article_teasing_a_draft_is_named_by_it_so_the_teaser_shows_once_it_goes_live(client):
    draft = ArticleFactory(published=False)
    article = ArticleFactory(published=False)
    SectionFactory(article=article, read_also=draft)
    publish_now(article)
    assert f"article-{draft.pk}" in surrogate_keys(client.get(article.get_absolute_url()))


def test_the_site_pages_and_the_accessibility_statement_are_kept_under_the_site_key(client):
    page = SitePageFactory(slug="qui-sommes-nous-bis")
    response = client.get("/qui-sommes-nous-bis/")
    assert response["Cache-Control"] == SHARED
    assert surrogate_keys(response) == ["site", f"page-{page.slug}"]
    response = client.get("/accessibilite/")
    assert response["Cache-Control"] == SHARED
    assert surrogate_keys(response) == ["site"]


def test_a_person_page_is_kept_under_the_person_and_the_lists(client):
    person = PersonFactory()
    response = client.get(f"/auteurs/{person.slug}/")
    assert response["Cache-Control"] == SHARED
    assert surrogate_keys(response) == ["site", f"person-{person.pk}", "list"]


def test_a_topic_page_is_kept_under_its_topic_and_the_lists(client):
    topic = TopicFactory()
    publish_now(in_topics(ArticleFactory(published=False), topic))
    response = client.get(f"/themes/{topic.slug}/")
    assert response["Cache-Control"] == SHARED
    assert surrogate_keys(response) == ["site", f"topic-{topic.pk}", "list"]


def test_a_scheduled_end_caps_how_long_the_cdn_keeps_the_article_and_the_lists(client):
    article = ArticleFactory()
    publishing.unpublish(article, StaffFactory(), at=timezone.now() + timedelta(seconds=90))
    for path in (article.get_absolute_url(), "/"):
        kept = directives(client.get(path))
        assert 85 <= int(kept["s-maxage"]) <= 90
        assert "stale-if-error" not in kept  # never served past the end, not even when the site is down


def test_a_scheduled_publication_caps_the_lists_and_leaves_some_grace_when_there_is_time(client, settings):
    ArticleFactory()
    coming = ArticleFactory(published=False)
    revision = publish_now(coming)
    revision.go_live_at = timezone.now() + timedelta(hours=2)
    revision.save()
    publishing.invalidate_article(coming.pk)
    kept = directives(client.get("/"))
    assert kept["s-maxage"] == "3600"
    assert 3590 <= int(kept["stale-if-error"]) <= 3600  # two hours left: one kept, one of grace at most


@pytest.mark.parametrize(
    ("valid_until", "expected"),
    [
        (None, "public, max-age=0, s-maxage=600, stale-if-error=900"),
        (1000 + 60.9, "public, max-age=0, s-maxage=60"),
        (1000 + 700.5, "public, max-age=0, s-maxage=600, stale-if-error=100"),
        (1000 - 5, "public, max-age=0, s-maxage=0"),
    ],
)
def test_the_time_a_cdn_keeps_a_page_never_reaches_past_its_next_switch(valid_until, expected):
    assert shared_cache_control(valid_until, seconds=600, stale_if_error=900, now=1000) == expected


def test_a_missing_page_is_kept_a_minute_under_keys_any_publication_purges(client):
    response = client.get("/articles/pas-encore-publie/")
    assert response.status_code == 404
    assert response["Cache-Control"] == "public, max-age=0, s-maxage=60"
    assert surrogate_keys(response) == ["site", "list"]
    assert "Cookie" in response["Vary"]


def test_a_missing_page_is_not_kept_past_a_scheduled_publication(client):
    coming = ArticleFactory(published=False)
    revision = publish_now(coming)
    revision.go_live_at = timezone.now() + timedelta(seconds=20)
    revision.save()
    publishing.invalidate_article(coming.pk)
    response = client.get(coming.get_absolute_url())
    assert response.status_code == 404
    assert 15 <= int(directives(response)["s-maxage"]) <= 20


def test_a_server_error_is_never_kept(client, monkeypatch):
    def broken(slug):
        raise RuntimeError("database gone")

    monkeypatch.setattr("articles.views.live.lookup", broken)
    client.raise_request_exception = False
    response = client.get(ArticleFactory().get_absolute_url())
    assert response.status_code == 500
    assert_private(response)


@pytest.mark.parametrize("cookie", ["sessionid", "csrftoken", "avis_envoyes", "_autre"])
def test_a_page_asked_for_with_any_cookie_is_private(client, cookie):
    article = ArticleFactory()
    client.get(article.get_absolute_url())  # the shared page is in the page cache
    client.cookies[cookie] = "0123456789abcdefghijklmnopqrstuv"
    assert_private(client.get(article.get_absolute_url()))
    assert_private(client.get("/"))


def test_a_reader_who_sent_an_opinion_gets_a_private_page(client):
    article = ArticleFactory()
    client.cookies["avis_envoyes"] = get_cookie_signer(salt="avis_envoyes" + SENT_SALT).sign(str(article.pk))
    response = client.get(article.get_absolute_url())
    assert "Merci pour votre retour." in response.content.decode()
    assert_private(response)


def test_sending_an_opinion_sets_a_cookie_on_a_private_answer(client):
    article = ArticleWithSectionsFactory()
    body = urlencode({"rating": "4", "comment": "", "shown_at": sign_shown_at(time.time() - 30)})
    response = client.post(
        f"/avis/{article.slug}/",
        body,
        content_type="application/x-www-form-urlencoded",
        headers={"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"},
    )
    assert response.status_code == 303 and "avis_envoyes" in response.cookies
    assert_private(response)


def test_staff_pages_review_links_and_previews_are_private(staff_client, staff):
    article = ArticleWithSectionsFactory()
    draft = ArticleWithSectionsFactory(published=False)
    assert_private(staff_client.get(article.get_absolute_url()))
    assert_private(staff_client.get("/"))
    for path in (
        "/admin/",
        f"/admin/articles/article/{draft.pk}/change/",
        f"/admin/articles/article/{draft.pk}/apercu/contenu/",
    ):
        response = staff_client.get(path)
        assert response.status_code == 200, path
        assert_private(response)
    link = review_links.create(draft, staff)
    staff_client.logout()
    staff_client.cookies.clear()
    response = staff_client.get(review_links.link_path(link))
    assert response.status_code == 200
    assert_private(response)


def test_the_admin_sign_in_page_sets_its_csrf_cookie_on_a_private_answer(client):
    response = client.get("/admin/login/")
    assert "csrftoken" in response.cookies
    assert_private(response)


def test_a_redirect_nobody_said_a_cdn_may_keep_is_private(client):
    response = client.get("/?page=1")
    assert response.status_code == 301
    assert_private(response)


def test_a_head_request_gets_the_headers_of_the_page(client):
    ArticleFactory()
    response = client.head("/")
    assert response["Cache-Control"] == SHARED
    assert surrogate_keys(response) == ["site", "list"]


def test_whatever_a_view_says_a_response_setting_a_cookie_is_private():
    request = RequestFactory().get("/")
    response = share(HttpResponse("page"), ["site", "article:3"], time.time() + 3600)
    assert not must_stay_private(request, response)
    response.set_cookie("suivi", "1")
    assert must_stay_private(request, response)
    assert_private(keep_private(response))


def test_photos_keep_their_year_long_cache_for_every_client():
    request = RequestFactory().get("/media/personnes/x.jpg", HTTP_COOKIE="sessionid=abc")
    response = HttpResponse(b"jpeg")
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    assert not must_stay_private(request, response)

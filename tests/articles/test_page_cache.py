"""The shared page cache: what a reader gets, what cannot be forced past it or stuffed into it."""

import time

import pytest
from django.core.cache import cache
from django.core.signing import get_cookie_signer

from articles import page_cache, publishing
from feedback.sent import SALT as SENT_SALT
from tests.factories import ArticleFactory, SectionFactory, publish_now

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    article = ArticleFactory(title="Les vaccins")
    SectionFactory(article=article, heading="Comment ça marche ?", body="Un **paragraphe**.")
    publish_now(article)
    return article


def test_a_cached_page_is_served_with_every_security_header_and_a_fresh_form_stamp(client, article):
    client.get(article.get_absolute_url())
    response = client.get(article.get_absolute_url())
    assert not hasattr(response.wsgi_request, "session")  # answered before the per-user middleware
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "camera=()" in response["Permissions-Policy"]
    assert b"__feedback_shown_at__" not in response.content
    assert b"Les vaccins" in response.content


@pytest.mark.parametrize("cookie", ["x", "0123456789abcdefghijklmnopqrstuv"])
def test_a_junk_session_cookie_gets_the_shared_page_without_a_query(client, article, django_assert_num_queries, cookie):
    client.get(article.get_absolute_url())
    client.cookies["sessionid"] = cookie
    with django_assert_num_queries(1 if len(cookie) > 8 else 0):  # a well-formed key is looked up once
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert b"Les vaccins" in response.content
    # The shared page, but no CDN keeps it: a cache keyed on the cookie would hold a copy for one browser.
    assert response["Cache-Control"] == "private, no-store"


def test_a_forged_sent_cookie_gets_the_shared_page(client, article, django_assert_num_queries):
    client.get(article.get_absolute_url())
    client.cookies["avis_envoyes"] = f"{article.pk}:forged"
    with django_assert_num_queries(0):
        response = client.get(article.get_absolute_url())
    assert "Merci pour votre retour." not in response.content.decode()


def test_a_reader_who_sent_an_opinion_gets_a_private_page_with_the_thanks(client, article):
    client.get(article.get_absolute_url())
    signed = get_cookie_signer(salt="avis_envoyes" + SENT_SALT).sign(str(article.pk))
    client.cookies["avis_envoyes"] = signed
    response = client.get(article.get_absolute_url())
    assert "Merci pour votre retour." in response.content.decode()
    assert response["Cache-Control"] == "private, no-store"
    assert "ETag" not in response


def test_staff_pages_are_private_and_never_stored(staff_client):
    article = ArticleFactory()
    SectionFactory(article=article, read_also=ArticleFactory(published=False))
    publish_now(article)
    response = staff_client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    assert "Cookie" in response["Vary"]


def test_the_etag_of_one_page_gets_no_304_on_another(client, article):
    etag = client.get(article.get_absolute_url())["ETag"]
    other = ArticleFactory()
    draft = ArticleFactory(published=False)
    assert client.get(other.get_absolute_url(), HTTP_IF_NONE_MATCH=etag).status_code == 200
    assert client.get("/articles/nexiste-pas/", HTTP_IF_NONE_MATCH=etag).status_code == 404
    assert client.get(draft.get_absolute_url(), HTTP_IF_NONE_MATCH=etag).status_code == 404
    assert client.get("/?page=zzz", HTTP_IF_NONE_MATCH=etag).status_code == 404


def test_an_etag_is_compared_whole(client, article):
    etag = client.get(article.get_absolute_url())["ETag"]
    assert client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=f'W/"x", {etag}').status_code == 304
    assert client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=etag[:-2] + '"').status_code == 200
    assert client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=f"{etag}x").status_code == 200


def test_a_first_visit_with_a_current_etag_gets_304_once_the_page_is_made_again(client, article):
    etag = client.get(article.get_absolute_url())["ETag"]
    publishing.invalidate_site()  # e.g. a database restore: this page is made again, the same
    assert client.get(article.get_absolute_url(), HTTP_IF_NONE_MATCH=etag).status_code == 304


@pytest.mark.parametrize("value", ["zzz", "0", "-1", "02", "2.0", "", "999", "1e3"])
def test_the_home_page_refuses_what_is_not_one_of_its_pages(client, value):
    ArticleFactory.create_batch(21)  # two pages
    response = client.get(f"/?page={value}")
    assert response.status_code == 404
    assert cache.get(f"articles:page:/?page={value}") is None


def test_page_one_of_the_home_page_is_its_bare_address(client):
    response = client.get("/?page=1")
    assert response.status_code == 301
    assert response["Location"] == "/"


def test_a_real_second_page_is_cached(client, django_assert_num_queries):
    ArticleFactory.create_batch(21)
    client.get("/?page=2")
    with django_assert_num_queries(0):
        assert client.get("/?page=2").status_code == 200


def test_a_page_number_on_an_article_is_ignored_and_stores_nothing(client, article, django_assert_num_queries):
    client.get(article.get_absolute_url())
    for value in ("2", "abc", "7"):
        with django_assert_num_queries(0):
            response = client.get(f"{article.get_absolute_url()}?page={value}")
        assert response.status_code == 200
        assert cache.get(f"articles:page:{article.get_absolute_url()}?page={value}") is None


def test_with_a_version_memo_a_change_from_another_server_is_seen_once_the_memo_expires(
    client, article, settings, monkeypatch
):
    settings.PAGE_VERSION_MEMO_SECONDS = 1
    clock = [time.monotonic()]  # the versions read so far were read at the real time
    monkeypatch.setattr(page_cache.time, "monotonic", lambda: clock[0])
    client.get(article.get_absolute_url())
    seen_here = dict(page_cache._memo)
    article.title = "Titre changé ailleurs"
    article.save()
    publish_now(article)
    page_cache._memo.update(seen_here)  # published by another server: this one has not read it yet
    clock[0] += 0.5
    assert "Titre changé ailleurs" not in client.get(article.get_absolute_url()).content.decode()
    clock[0] += 0.6
    assert "Titre changé ailleurs" in client.get(article.get_absolute_url()).content.decode()


def test_with_a_version_memo_a_save_on_this_server_is_seen_at_once(client, article, settings):
    settings.PAGE_VERSION_MEMO_SECONDS = 1
    client.get(article.get_absolute_url())
    article.title = "Titre changé ici"
    article.save()
    publish_now(article)
    assert "Titre changé ici" in client.get(article.get_absolute_url()).content.decode()


def test_markdown_is_rendered_when_saved_not_when_read(client, article, monkeypatch):
    def fail(text, *_):
        raise AssertionError("rendered on a page view")

    monkeypatch.setattr("articles.revisions.render_markdown", fail)
    response = client.get(article.get_absolute_url())
    assert "Un <strong>paragraphe</strong>." in response.content.decode()


def test_a_cached_page_is_refused_to_a_host_the_site_does_not_serve(client, article):
    client.get(article.get_absolute_url())
    assert client.get(article.get_absolute_url(), HTTP_HOST="attaquant.example").status_code == 400


def test_a_signed_in_page_reads_the_session_once(staff_client, article, monkeypatch):
    from django.contrib.sessions.backends.cached_db import SessionStore

    staff_client.get(article.get_absolute_url())
    loads = []
    original = SessionStore.load
    monkeypatch.setattr(SessionStore, "load", lambda self: loads.append(1) or original(self))
    response = staff_client.get(article.get_absolute_url())
    assert response["Cache-Control"] == "private, no-store"
    assert len(loads) == 1


def test_a_page_not_yet_cached_is_looked_for_once(client, article, monkeypatch):
    lookups = []
    stored_page = page_cache._stored_page
    monkeypatch.setattr(page_cache, "_stored_page", lambda *args: lookups.append(args) or stored_page(*args))
    assert client.get(article.get_absolute_url()).status_code == 200
    assert len(lookups) == 1
    client.get(f"{article.get_absolute_url()}?page=2")  # the middleware's key is not the article's
    assert len(lookups) == 3


def test_a_deploys_migrate_makes_every_cached_page_stale(client, article, django_assert_num_queries):
    from django.core.management.sql import emit_post_migrate_signal

    client.get(article.get_absolute_url())
    with django_assert_num_queries(0):  # kept
        client.get(article.get_absolute_url())
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    with django_assert_num_queries(3):  # made again by the code that just migrated (maps included)
        client.get(article.get_absolute_url())


def test_a_page_kept_by_a_server_of_the_release_before_content_types_is_served_as_html(client, article):
    """During a deploy, a server still running the code before StoredPage.content_type may keep a
    page after migrate made the others stale: that page lacks the field."""
    path = article.get_absolute_url()
    first = client.get(path)
    kept = page_cache._process_pages[f"articles:page:{path}"]
    earlier = page_cache.StoredPage.__new__(page_cache.StoredPage)
    for name in ("tags", "versions", "valid_until", "digest", "content"):
        object.__setattr__(earlier, name, getattr(kept, name))
    page_cache._process_pages[f"articles:page:{path}"] = earlier
    again = client.get(path)
    assert again["Content-Type"] == "text/html; charset=utf-8"
    assert again.content == first.content

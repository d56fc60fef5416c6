"""While the database does not answer, readers get the last kept copy of a page, never past the end
of an article it shows, or a French 503 page; the outage is logged once."""

import logging
import time
from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.utils import timezone

from articles import page_cache, publishing, stale
from feedback.spam import SHOWN_AT_PLACEHOLDER, sign_shown_at
from operations import outages
from scripts.gunicorn_server import free_port
from tests.factories import ArticleFactory, SitePageFactory, StaffFactory, publish_now
from tests.html import soup, text_of
from tests.outage import database_unreachable, use_redis

pytestmark = pytest.mark.django_db

UNAVAILABLE = "Le site est momentanément indisponible. Réessayez dans quelques minutes."


@pytest.fixture
def later(monkeypatch):
    """Move the clocks (wall and Django's) on by some seconds, as if time had passed."""

    def move(seconds: float) -> None:
        wall, now = time.time() + seconds, timezone.now() + timedelta(seconds=seconds)
        monkeypatch.setattr(page_cache.time, "time", lambda: wall)
        monkeypatch.setattr(timezone, "now", lambda: now)

    return move


def assert_served_stale(response) -> None:
    assert response.status_code == 200
    assert response["X-Served-Stale"] == "database-unavailable"
    # Neither a CDN nor the browser keeps it: the current page is back with the database.
    assert response["Cache-Control"] == "private, no-store"
    assert "Surrogate-Key" not in response and "ETag" not in response


def assert_unavailable(response) -> None:
    assert response.status_code == 503
    assert UNAVAILABLE in text_of(soup(response))
    assert response["Retry-After"] == "60"
    assert "no-store" in response["Cache-Control"]


def test_a_page_past_its_usual_lifetime_is_served_as_kept_while_the_database_is_down(client, article, later):
    first = client.get(article.get_absolute_url())
    later(settings.PAGE_CACHE_SECONDS + 60)
    with database_unreachable():
        response = client.get(article.get_absolute_url())
    assert_served_stale(response)
    assert text_of(soup(response).h1) == article.title
    # The feedback form on it gets a fresh stamp, as on any served page, so a reader can still post.
    assert SHOWN_AT_PLACEHOLDER.encode() not in response.content
    assert soup(response).find("input", attrs={"name": "shown_at"})["value"]
    assert len(response.content) == len(first.content)


def test_a_copy_older_than_the_stale_window_is_not_served(client, article, later):
    client.get(article.get_absolute_url())
    later(settings.PAGE_CACHE_SECONDS + settings.PAGE_STALE_SECONDS + 60)
    with database_unreachable():
        assert_unavailable(client.get(article.get_absolute_url()))


def test_a_list_page_is_not_served_past_the_end_of_an_article_it_lists(client, article, later):
    publishing.unpublish(article, StaffFactory(), at=timezone.now() + timedelta(hours=1))
    client.get("/")
    later(1800)
    with database_unreachable():
        assert article.title in client.get("/").content.decode()
    outages.reset()
    later(3600)
    with database_unreachable():
        assert_unavailable(client.get("/"))


def test_a_list_page_kept_before_an_article_it_lists_was_withdrawn_is_not_served(client, article):
    client.get("/")
    publishing.unpublish(article, StaffFactory())
    with database_unreachable():
        assert_unavailable(client.get("/"))


def test_a_copy_is_not_served_when_the_cache_lost_what_is_live(client, article, later, settings):
    # Evicted, or written while Redis was away and dropped on its return (resilient_cache).
    client.get(article.get_absolute_url())
    cache.delete(stale._live_version_key(article.pk))
    later(settings.PAGE_CACHE_SECONDS + 60)
    with database_unreachable():
        assert_unavailable(client.get(article.get_absolute_url()))


def test_a_list_page_is_served_as_kept_after_another_article_was_published(client, article):
    client.get("/")
    ArticleFactory(title="Publié après la copie")
    with database_unreachable():
        response = client.get("/")
    assert_served_stale(response)
    assert "Publié après la copie" not in response.content.decode()
    assert article.title in response.content.decode()


def test_a_site_page_is_served_as_kept_not_answered_404(client, later):
    page = SitePageFactory(title="Mentions légales")
    publishing.invalidate_site()
    assert client.get(f"/{page.slug}/").status_code == 200
    later(settings.PAGE_CACHE_SECONDS + 60)
    with database_unreachable():
        response = client.get(f"/{page.slug}/")
    assert_served_stale(response)
    assert text_of(soup(response).h1) == "Mentions légales"


def test_a_copy_is_not_served_past_the_end_date_known_when_it_was_made(client, article, later, settings):
    settings.PAGE_CACHE_SECONDS = 600  # the copy is no longer current half an hour on
    publishing.unpublish(article, StaffFactory(), at=timezone.now() + timedelta(hours=1))
    client.get(article.get_absolute_url())
    later(1800)
    with database_unreachable():
        assert_served_stale(client.get(article.get_absolute_url()))
    outages.reset()
    later(3600)
    with database_unreachable():
        assert_unavailable(client.get(article.get_absolute_url()))


def test_the_end_date_kept_with_a_copy_holds_without_publishings_record(client, article, later):
    """An article published before that record existed, or whose record the cache evicted."""
    publishing.unpublish(article, StaffFactory(), at=timezone.now() + timedelta(hours=1))
    client.get(article.get_absolute_url())
    cache.delete(stale._live_version_key(article.pk))
    later(3600)
    with database_unreachable():
        assert_unavailable(client.get(article.get_absolute_url()))


def test_a_copy_is_not_served_past_an_end_date_set_after_it_was_made(client, article, later):
    client.get(article.get_absolute_url())
    publishing.unpublish(article, StaffFactory(), at=timezone.now() + timedelta(hours=1))
    later(3600)
    with database_unreachable():
        assert_unavailable(client.get(article.get_absolute_url()))


def test_a_copy_of_an_article_withdrawn_since_is_not_served(client, article):
    client.get(article.get_absolute_url())
    publishing.unpublish(article, StaffFactory())
    with database_unreachable():
        assert_unavailable(client.get(article.get_absolute_url()))


def test_a_copy_of_a_version_corrected_since_is_not_served(client, article):
    """The corrected version's window ended at the correction: its copy ends with it."""
    client.get(article.get_absolute_url())
    article.title = "Titre corrigé"
    article.save()
    publish_now(article)
    with database_unreachable():
        assert_unavailable(client.get(article.get_absolute_url()))


def test_a_reader_with_a_session_the_cache_does_not_hold_gets_the_kept_copy(client, article, later):
    client.get(article.get_absolute_url())
    later(settings.PAGE_CACHE_SECONDS + 60)
    client.cookies[settings.SESSION_COOKIE_NAME] = "s" * 32  # expired, or a bot's: read from the database
    with database_unreachable():
        assert_served_stale(client.get(article.get_absolute_url()))
        assert_served_stale(client.get(article.get_absolute_url()))


def test_a_reader_who_sent_an_opinion_gets_the_kept_copy_too(client, article, later):
    client.get(article.get_absolute_url())
    client.post(
        f"/avis/{article.slug}/",
        f"rating=4&shown_at={sign_shown_at(time.time() - 30)}",
        content_type="application/x-www-form-urlencoded",
        headers={"Sec-Fetch-Site": "same-origin"},
    )
    assert settings.FEEDBACK_SENT_COOKIE in client.cookies  # their pages are made for them
    later(settings.PAGE_CACHE_SECONDS + 60)
    with database_unreachable():
        assert_served_stale(client.get(article.get_absolute_url()))


def test_with_the_cache_down_too_only_this_processs_copies_that_show_no_article_are_served(
    client, article, later, settings
):
    """What publishing recorded since the copy was made is in the cache: unknown, it is not guessed."""
    client.get(article.get_absolute_url())
    client.get("/")
    client.get("/themes/")
    later(settings.PAGE_CACHE_SECONDS + 60)
    use_redis(settings, f"redis://127.0.0.1:{free_port()}/0")  # refused
    with database_unreachable():
        assert_unavailable(client.get(article.get_absolute_url()))
        assert_unavailable(client.get("/"))  # it lists the article
        assert_served_stale(client.get("/themes/"))  # names no article


def test_a_page_never_kept_gets_the_french_503_page(client, article):
    with database_unreachable():
        response = client.get(article.get_absolute_url())
    assert_unavailable(response)
    assert soup(response).html["lang"] == "fr"


@pytest.mark.parametrize("path", ["/nexiste-pas/", "/articles/nexiste-pas/", "/nulle/part/ailleurs"])
def test_an_address_not_kept_gets_the_503_page_not_a_404_nor_a_500(client, path):
    with database_unreachable():
        assert_unavailable(client.get(path))


@pytest.fixture
def server():
    """A client that gets what a browser would from the server: the error page, not the exception
    (the test client raises what a view raised even when a handler answered it)."""
    return Client(raise_request_exception=False)


def test_a_search_gets_the_503_page_not_a_500(server, caplog):
    with database_unreachable():
        assert_unavailable(server.get("/recherche/?q=vaccin"))
    assert "Internal Server Error" not in caplog.text and "Traceback" not in caplog.text


def test_a_signed_in_editor_gets_the_503_page_from_the_checks_made_before_any_view(server, caplog):
    # The second-factor check reads the user before the view runs, out of reach of a view's handling.
    server.force_login(StaffFactory(is_superuser=True))
    assert server.get("/admin/").status_code == 200
    with database_unreachable():
        for address in ("/admin/", "/admin/articles/article/"):
            assert_unavailable(server.get(address))
    assert "Internal Server Error" not in caplog.text and "Traceback" not in caplog.text


def test_while_its_retry_time_has_not_come_the_database_is_not_tried(client, article, later):
    client.get(article.get_absolute_url())
    later(settings.PAGE_CACHE_SECONDS + 60)
    with database_unreachable() as broken:
        tries = []
        connect = broken.get_new_connection
        broken.get_new_connection = lambda params: tries.append(params) or connect(params)
        for _ in range(3):
            assert_served_stale(client.get(article.get_absolute_url()))
        assert_unavailable(client.get("/articles/jamais-vu/"))
    assert len(tries) == 1


@pytest.mark.django_db(transaction=True)
def test_the_outage_is_logged_once_and_its_end_when_a_connection_is_made_again(client, caplog, outage_clock):
    article = ArticleFactory()
    caplog.set_level(logging.INFO)
    with database_unreachable():
        for _ in range(5):
            client.get(article.get_absolute_url())
            outage_clock(outages.RETRY_SECONDS[-1])  # each request tries the database again
    connection.close()  # the site's next request connects afresh
    assert client.get(article.get_absolute_url()).status_code == 200
    assert not outages.is_down(outages.DATABASE)
    lines = [record.getMessage() for record in caplog.records if record.levelno >= logging.WARNING]
    assert len(lines) == 2, lines
    assert lines[0].startswith("outage start: database unavailable (OperationalError: ")
    assert lines[1].startswith("outage end: database available again after ")
    assert "(5 failed tries;" in lines[1]
    assert "Traceback" not in caplog.text


def test_the_end_of_the_outage_is_noticed_on_a_connection_kept_open(client, article, outage_clock):
    """SQLite's connection, or PostgreSQL's between requests, is not made again after a failed query."""
    with database_unreachable():
        assert_unavailable(client.get(article.get_absolute_url()))
    assert outages.is_down(outages.DATABASE)
    outage_clock(outages.RETRY_SECONDS[0])
    assert client.get(article.get_absolute_url()).status_code == 200
    assert not outages.is_down(outages.DATABASE)

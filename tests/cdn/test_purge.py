"""Publishing tells the CDN to forget exactly the pages it changed, once committed, and never
loses a purge the CDN did not take. A real HTTP endpoint on a free port stands for the CDN."""

import io
import logging
import re
import socket
import time

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from articles import publishing
from articles.models import Revision
from cdn import purge
from cdn.models import PendingPurge
from tests.cdn.receiver import Receiver
from tests.factories import (
    ArticleFactory,
    PersonFactory,
    SectionFactory,
    StaffFactory,
    TopicFactory,
    in_topics,
    publish_now,
)

pytestmark = pytest.mark.django_db(transaction=True)

TOKEN = "jeton-de-purge"


@pytest.fixture
def receiver(settings, monkeypatch):
    receiver = Receiver()
    settings.CDN_PURGE_URL, settings.CDN_PURGE_TOKEN, settings.CDN_PURGE_API = receiver.url, TOKEN, "keys"
    settings.CDN_MAX_AGE = 3600
    settings.PAGE_VERSION_MEMO_SECONDS = 0
    monkeypatch.setattr(purge, "BACKOFF_SECONDS", 0.01)
    yield receiver
    purge.wait(30)
    receiver.close()


def settled() -> None:
    """This process's background purge is done."""
    purge.wait(30)


def approve(article) -> Revision:
    """The real path: a writer submits, another account approves and publishes."""
    publishing.submit(article, StaffFactory())
    return publishing.approve_and_publish(article, StaffFactory(), publishing.Approval(scope=Revision.Scope.MINOR))


def test_publishing_purges_the_article_and_the_lists_once_with_the_token(receiver, client):
    teased = ArticleFactory(published=False)
    teasing = ArticleFactory(published=False)
    SectionFactory(article=teasing, read_also=teased)
    publish_now(teasing)
    settled()
    receiver.calls.clear()
    shown = {path: set(client.get(path)["Surrogate-Key"].split()) for path in ("/", teasing.get_absolute_url())}

    approve(teased)
    settled()
    assert receiver.keys() == [[f"article-{teased.pk}", "list"]]
    call = receiver.calls[0]
    assert call.headers["Authorization"] == f"Bearer {TOKEN}"
    assert call.headers["Surrogate-Key"] == f"article-{teased.pk} list"
    assert call.headers["Content-Type"] == "application/json"
    # The new article reaches the home page and the page that teases it.
    assert all(shown[path] & set(receiver.keys()[0]) for path in shown)
    assert not PendingPurge.objects.exists()


def test_an_article_in_a_topic_purges_the_topic_pages_too(receiver, client):
    topic = TopicFactory()
    article = in_topics(ArticleFactory(published=False), topic)
    approve(article)
    settled()
    assert receiver.keys() == [[f"article-{article.pk}", "list", f"topic-{topic.pk}"]]
    assert f"topic-{topic.pk}" in client.get(f"/themes/{topic.slug}/")["Surrogate-Key"].split()


def test_nothing_is_sent_before_the_commit_nor_for_a_change_rolled_back(receiver):
    article = ArticleFactory(published=False)
    with transaction.atomic():
        publish_now(article)
        time.sleep(0.3)
        assert receiver.calls == []
    receiver.wait_for(1)
    settled()
    assert receiver.keys() == [[f"article-{article.pk}", "list"]]

    other = ArticleFactory(published=False)
    with pytest.raises(RuntimeError), transaction.atomic():
        publish_now(other)
        raise RuntimeError("the editor's save failed after publishing")
    time.sleep(0.3)
    settled()
    assert len(receiver.calls) == 1
    assert not PendingPurge.objects.exists()


def test_a_person_change_purges_their_key_and_a_site_change_every_page(receiver):
    person = PersonFactory()
    publishing.person_changed(person)
    settled()
    publishing.invalidate_site()
    settled()
    assert receiver.keys() == [[f"person-{person.pk}"], ["site", "list"]]


def test_the_first_try_waits_until_every_server_process_has_the_new_version(receiver, settings):
    settings.PAGE_VERSION_MEMO_SECONDS = 0.5
    article = ArticleFactory(published=False)
    before_commit = time.time()
    publish_now(article)  # committed at once: no transaction around it
    receiver.wait_for(1)
    assert receiver.calls[0].at - before_commit >= 0.5


def test_a_failing_cdn_is_tried_again_with_back_off(receiver, caplog):
    receiver.fail(2)
    article = ArticleFactory(published=False)
    publish_now(article)
    settled()
    assert receiver.keys() == [[f"article-{article.pk}", "list"]] * 3
    assert not PendingPurge.objects.exists()
    assert [r.getMessage() for r in caplog.records if r.name == "cdn.purge"] == [
        "CDN purge try 1 of 3 failed: HTTP 503 Service Unavailable",
        "CDN purge try 2 of 3 failed: HTTP 503 Service Unavailable",
    ]


def test_a_purge_that_still_fails_is_logged_and_kept_and_the_publication_stands(receiver, client, caplog):
    receiver.fail(3)
    article = ArticleFactory(published=False)
    approve(article)
    settled()
    assert len(receiver.calls) == 3
    assert client.get(article.get_absolute_url()).status_code == 200
    kept = PendingPurge.objects.get()
    assert kept.keys == [f"article-{article.pk}", "list"]
    assert (kept.attempts, kept.last_error) == (1, "HTTP 503 Service Unavailable")
    [error] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert "CDN purge failed after 3 tries" in error.getMessage()
    assert "1 purge(s) kept" in error.getMessage() and f"article-{article.pk}" in error.getMessage()

    call_command("purge_pending", stdout=(out := io.StringIO()))
    assert receiver.keys()[-1] == [f"article-{article.pk}", "list"]
    assert not PendingPurge.objects.exists()
    assert "1 purge(s) envoyée(s) au CDN." in out.getvalue()


def test_a_refused_connection_is_kept_and_the_command_fails_until_the_cdn_answers(receiver, settings):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        settings.CDN_PURGE_URL = f"http://127.0.0.1:{closed.getsockname()[1]}/purge"
    person = PersonFactory()
    publishing.person_changed(person)
    settled()
    kept = PendingPurge.objects.get()
    assert "Connection refused" in kept.last_error
    with pytest.raises(CommandError, match=re.escape("1 purge(s) toujours en attente")):
        call_command("purge_pending", stdout=io.StringIO())
    assert PendingPurge.objects.get().attempts == 2

    settings.CDN_PURGE_URL = receiver.url
    call_command("purge_pending", stdout=io.StringIO())
    assert receiver.keys() == [[f"person-{person.pk}"]]
    assert not PendingPurge.objects.exists()


def test_a_cdn_answering_too_late_counts_as_a_failure(receiver, monkeypatch):
    monkeypatch.setattr(purge, "TIMEOUT_SECONDS", 0.2)
    receiver.fail(3, delay=1)
    publishing.invalidate_site()
    settled()
    assert len(receiver.calls) == 3
    assert "timed out" in PendingPurge.objects.get().last_error


def test_a_refusal_is_not_tried_again_but_kept(receiver):
    receiver.fail(5, status=401)
    publishing.invalidate_site()
    settled()
    assert len(receiver.calls) == 1
    assert PendingPurge.objects.get().last_error == "HTTP 401 Unauthorized"


def test_the_next_purge_sends_the_ones_left_pending(receiver):
    receiver.fail(3)
    first = ArticleFactory(published=False)
    publish_now(first)
    settled()
    second = ArticleFactory(published=False)
    publish_now(second)
    settled()
    assert receiver.keys()[-1] == [f"article-{first.pk}", "list", f"article-{second.pk}"]
    assert not PendingPurge.objects.exists()


def test_the_editor_does_not_wait_for_a_slow_cdn(receiver):
    receiver.fail(1, delay=3)
    article = ArticleFactory(published=False)
    started = time.monotonic()
    approve(article)
    assert time.monotonic() - started < 2  # the CDN takes 3 s to answer the first try
    settled()
    assert len(receiver.calls) == 2 and not PendingPurge.objects.exists()


@pytest.mark.parametrize(
    ("api", "body_key", "auth_header", "auth_value"),
    [("fastly", "surrogate_keys", "Fastly-Key", TOKEN), ("cloudflare", "tags", "Authorization", f"Bearer {TOKEN}")],
)
def test_fastly_and_cloudflare_get_the_keys_as_their_apis_take_them(
    receiver, settings, api, body_key, auth_header, auth_value
):
    settings.CDN_PURGE_API = api
    publishing.invalidate_site()
    settled()
    [call] = receiver.calls
    assert call.body == {body_key: ["site", "list"]}
    assert call.headers[auth_header] == auth_value


def test_without_a_purge_address_nothing_is_kept_or_sent(settings):
    settings.CDN_PURGE_URL = ""
    publishing.invalidate_site()
    settled()
    assert not PendingPurge.objects.exists()
    call_command("purge_pending", stdout=(out := io.StringIO()))
    assert "CDN_PURGE_URL n’est pas défini" in out.getvalue()

"""The site under gunicorn keeps serving when its cache or its database goes away, and loses no
opinion sent meanwhile.

The shared PostgreSQL and Redis are never stopped: the site reaches each through a proxy of the
test's own (scripts/fault_harness.py), and its cache is a redis-server of the test's own. Cutting
a proxy is, for the site, a stopped server ("refuse": connections closed, new ones refused) or a
hung one ("blackhole": connections accepted, nothing answered). The database behind the proxy is
this test's (pytest-django's test_<name>), so rows are committed (`transaction=True`) and read
here directly, past the proxy, even while the site cannot reach them.
"""

import os
import re
import secrets
import time
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.test import override_settings

from articles import publishing
from articles.models import Article
from feedback.models import Feedback
from scripts.fault_harness import BLACKHOLE, REFUSE, Answer, Client, FaultySite, faulty_site
from tests.factories import ArticleWithSectionsFactory
from tests.shared_services import database_url, needs_shared_services

WORKERS = 2
THANKS = "Merci pour votre retour"
# The longest retry back-off (10 s) and a margin: how soon a server finds a part back.
RECOVERY_SECONDS = 20

pytestmark = [
    needs_shared_services("the fault test"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def site(transactional_db, tmp_path, static_root, settings) -> Iterator[FaultySite]:
    env = {
        **os.environ,
        "DJANGO_ENV": "development",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "WEB_CONCURRENCY": str(WORKERS),
        # The rate limit and the duplicate check stay on: they live in the cache and must not
        # turn its absence into refused opinions. The limit is high enough for the test's posts.
        "FEEDBACK_RATE_LIMIT": "1000",
        "FEEDBACK_RATE_WINDOW": str(10**9),
        "FEEDBACK_MIN_SECONDS": "0",
        "LOG_LEVEL": "WARNING",
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
    }
    with faulty_site(env, database_url(), tmp_path / "site") as running:
        with the_sites_cache(running):  # as a deploy's migrate does, in the site's own cache
            publishing.record_live_versions()
        yield running


def the_sites_cache(site: FaultySite):
    """This test process's cache made the site's (its own redis-server, its key prefix)."""
    shared = {**settings.CACHES["default"], "LOCATION": site.redis.url, "KEY_PREFIX": site.cache_prefix}
    return override_settings(CACHES={"default": shared})


def editor_account(username: str) -> tuple[str, str]:
    """A staff account the server can check (the test settings hash with MD5 only)."""
    password = secrets.token_urlsafe(16)
    hashed = PBKDF2PasswordHasher().encode(password, PBKDF2PasswordHasher().salt())
    get_user_model().objects.create(username=username, password=hashed, is_staff=True, is_superuser=True)
    return username, password


def signed_in(site: FaultySite, username: str, password: str) -> Client:
    editor = site.client()
    login = editor.get("/admin/login/?next=/admin/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login.text)
    assert login.status == 200 and token, login.text[:500]
    form = {"csrfmiddlewaretoken": token.group(1), "username": username, "password": password, "next": "/admin/"}
    answer = editor.request("POST", "/admin/login/?next=/admin/", form)
    assert (answer.status, answer.headers.get("Location")) == (302, "/admin/"), answer.text[:500]
    return editor


def stored(marker: str) -> list[str]:
    return sorted(Feedback.objects.filter(comment__contains=marker).values_list("comment", flat=True))


def log_tail(site: FaultySite) -> str:
    return site.logs()[-3000:]


def test_with_the_cache_away_readers_posters_and_editors_are_served_and_each_worker_logs_it_once(article, site):
    marker = f"cache-{secrets.token_hex(4)}"
    editor = signed_in(site, *editor_account("redactrice-avant-panne"))
    acknowledged = []

    for mode in (BLACKHOLE, REFUSE):  # a hung Redis, then one that stopped, in one outage
        site.cache.cut(mode)
        pages = [site.get(path) for path in ("/", article.get_absolute_url()) * 2]
        assert [page.status for page in pages] == [200] * 4, f"{mode}: {[p.text[:200] for p in pages]}"
        assert article.title in pages[1].text

        comment = f"Avis {marker} {mode} sans script"
        answer = site.post_opinion(article.slug, comment)
        assert answer.status == 303, f"{mode}: {answer.status} {answer.text[:300]}"
        acknowledged.append(comment)
        comment = f"Avis {marker} {mode} avec script"
        answer = site.post_opinion(article.slug, comment, as_json=True)
        assert answer.status == 200 and answer.json()["ok"], f"{mode}: {answer.status} {answer.text[:300]}"
        acknowledged.append(comment)

        admin = editor.get("/admin/")
        assert admin.status == 200 and "Articles et avis des lecteurs" in admin.text, f"{mode}: {admin.status}"
        newcomer = signed_in(site, *editor_account(f"relectrice-{mode}"))
        assert newcomer.get("/admin/").status == 200

        assert site.health() == 200
        assert site.health_detail().get("cache") == "down", site.health_detail()

    assert stored(marker) == sorted(acknowledged)
    # One line when the outage starts in a worker, not one per request.
    starts = site.logs().count("outage start: cache unavailable")
    assert 1 <= starts <= WORKERS, log_tail(site)

    site.restore()
    site.wait_for("the cache back", lambda detail: detail.get("cache") == "up", RECOVERY_SECONDS)
    assert "outage end: cache available again" in site.logs()


def published_meanwhile(site: FaultySite, title: str) -> Article:
    """An article published by another server of the site, as the admin's approval does: its rows
    in the database, and the versions of the pages it changes moved on in the site's cache."""
    with the_sites_cache(site):
        newer = ArticleWithSectionsFactory(title=title)
        publishing.invalidate_article(newer.pk)
    return newer


def once_served_stale(site: FaultySite, path: str) -> Answer:
    """`path` once the server finds its kept copy no longer current: each worker trusts the
    versions it last read for PAGE_VERSION_MEMO_SECONDS (1 s)."""
    deadline = time.monotonic() + 5
    while True:
        page = site.get(path)
        if "X-Served-Stale" in page.headers or time.monotonic() > deadline:
            return page
        time.sleep(0.2)


def probe_until_healthy(site: FaultySite, in_a_row: int = 4 * WORKERS) -> None:
    """Poll /healthz as a load balancer does until it answers 200 `in_a_row` times: each worker
    tries the parts again at its own retry time, and a probe that reaches the database replays
    the spool."""
    deadline, streak = time.monotonic() + RECOVERY_SECONDS, 0
    while streak < in_a_row:
        assert time.monotonic() < deadline, f"/healthz not steadily 200 within {RECOVERY_SECONDS} s\n{log_tail(site)}"
        streak = streak + 1 if site.health() == 200 else 0
        time.sleep(0.1)


def test_with_the_database_away_kept_pages_are_served_and_opinions_are_stored_once_it_is_back(article, site):
    marker = f"base-{secrets.token_hex(4)}"
    kept = ["/", article.get_absolute_url()]
    assert [site.get(path).status for path in kept * 2] == [200] * 4  # the second time from the cache
    # Published by another server just before the outage: the home page kept no longer lists everything.
    newer = published_meanwhile(site, "Le rappel du vaccin contre la grippe")

    site.database.cut(REFUSE)
    home = once_served_stale(site, "/")
    assert home.status == 200, home.text[:300]
    assert home.headers.get("X-Served-Stale") == "database-unavailable"
    assert article.title in home.text and newer.title not in home.text
    page = site.get(article.get_absolute_url())
    assert page.status == 200 and article.title in page.text
    never_kept = site.get(newer.get_absolute_url())
    assert never_kept.status == 503, never_kept.text[:300]
    assert '<html lang="fr"' in never_kept.text and "indisponible" in never_kept.text

    acknowledged = []
    for n in range(3):
        comment = f"Avis {marker} sans script {n}"
        answer = site.post_opinion(article.slug, comment)
        assert answer.status == 200 and THANKS in answer.text, f"{answer.status} {answer.text[:300]}"
        acknowledged.append(comment)
    for n in range(2):
        comment = f"Avis {marker} avec script {n}"
        answer = site.post_opinion(article.slug, comment, as_json=True)
        assert answer.status == 200 and answer.json()["ok"], f"{answer.status} {answer.text[:300]}"
        assert THANKS in answer.json()["message"]
        acknowledged.append(comment)
    assert stored(marker) == []  # they wait in the spool

    assert site.health() == 200  # the cache still answers: the site is serving
    detail = site.health_detail()
    assert detail.get("database") == "down", detail
    assert detail.get("feedback_spool_pending") == len(acknowledged), detail

    site.cache.cut(REFUSE)
    assert site.health() == 503  # neither answers: nothing to serve from

    site.restore()
    probe_until_healthy(site)
    assert stored(marker) == sorted(acknowledged), log_tail(site)  # each once: none lost, none doubled
    detail = site.health_detail()
    assert (detail.get("database"), detail.get("feedback_spool_pending")) == ("up", 0), detail


def test_with_the_database_away_an_editor_gets_the_french_unavailable_page_not_an_error(site):
    editor = signed_in(site, *editor_account("redactrice-base"))
    assert editor.get("/admin/").status == 200

    site.database.cut(REFUSE)
    admin = editor.get("/admin/")
    assert admin.status == 503, f"{admin.status} {admin.text[:300]}\n{log_tail(site)}"
    assert '<html lang="fr"' in admin.text and "indisponible" in admin.text

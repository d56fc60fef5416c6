"""With Redis away the cache answers as for keys it does not hold, tries Redis again only at the
outage's retry times, and leaves nothing stale behind once Redis is back."""

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis
from django.conf import settings
from django.core.cache import cache

from articles.models import Section
from operations import outages, resilient_cache
from scripts.fault_harness import DROP, REFUSE
from tests.factories import SectionFactory, publish_now
from tests.manage_process import manage
from tests.outage import use_redis


def run_async(coroutine):
    """Run `coroutine` to its end in a thread of its own: the browser tests leave an event loop
    running in the main thread, where asyncio.run() refuses to start another."""
    with ThreadPoolExecutor(1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


def test_with_redis_url_the_site_uses_this_cache_and_gives_up_on_a_silent_redis_after_redis_timeout():
    show = "from django.conf import settings as s; c = s.CACHES['default']; print(c['BACKEND'], c['OPTIONS'])"
    env = {"REDIS_URL": "redis://127.0.0.1:6390/2", "REDIS_TIMEOUT": "0.2"}
    result = manage("shell", "-v", "0", "-c", show, unset=("DJANGO_", "REDIS_"), **env)
    assert result.stdout.strip() == (
        "operations.resilient_cache.ResilientRedisCache {'socket_connect_timeout': 0.2, 'socket_timeout': 0.2}"
    ), result.stderr


def test_every_call_answers_as_for_a_missing_key_while_redis_refuses_connections(redis_nowhere):
    assert cache.get("page", "absente") == "absente"
    assert cache.get_many(["a", "b"]) == {}
    assert cache.add("a", 1) is False
    assert cache.set("a", 1) is None
    assert cache.set_many({"a": 1, "b": 2}) == []
    assert cache.touch("a") is False
    assert cache.delete("a") is False
    assert cache.delete_many(["a", "b"]) is None
    assert cache.has_key("a") is False and "a" not in cache
    assert cache.get_or_set("a", lambda: "calculée") == "calculée"
    for missing_key in (cache.incr, cache.decr, cache.incr_version, cache.decr_version):
        with pytest.raises(ValueError):
            missing_key("a")
    assert cache.clear() is False
    assert run_async(cache.aget("a", "absente")) == "absente"
    assert run_async(cache.aget_or_set("a", "calculée")) == "calculée"
    assert outages.is_down(outages.CACHE)


def test_a_redis_that_never_answers_costs_a_call_the_timeout_then_answers_as_a_miss(settings, silent_redis):
    # Before redis-py's own 5 s: a reset, unless the timeout came first.
    cut = threading.Timer(3, silent_redis.cut, [REFUSE])
    cut.start()
    use_redis(settings, f"redis://127.0.0.1:{silent_redis.port}/0")
    try:
        assert cache.get("page", "absente") == "absente"
    finally:
        cut.cancel()
        cut.join()
    assert outages.report()["down"]["cache"]["error"].startswith("TimeoutError")


def test_redis_is_tried_again_only_when_the_outage_retry_time_comes(redis_proxy, outage_clock):
    redis_proxy.cut(DROP)
    before = redis_proxy.accepted
    assert cache.get("a") is None
    assert redis_proxy.accepted == before + 1
    for _ in range(20):
        cache.get("a")
        cache.set("a", 1)
    assert redis_proxy.accepted == before + 1, "no connection while the outage's retry time has not come"
    outage_clock(outages.RETRY_SECONDS[0])
    cache.get("a")
    assert redis_proxy.accepted == before + 2


def test_the_cache_serves_again_once_redis_is_back(redis_proxy, outage_clock):
    redis_proxy.cut(DROP)
    cache.set("a", "avant")
    redis_proxy.restore()
    outage_clock(outages.RETRY_SECONDS[0])
    cache.set("a", "après")
    assert cache.get("a") == "après"
    assert not outages.is_down(outages.CACHE)


@pytest.mark.django_db
def test_an_article_published_while_redis_was_away_is_not_served_old_once_it_is_back(
    client, redis_proxy, outage_clock, settings
):
    settings.PAGE_VERSION_MEMO_SECONDS = 0  # every request reads the versions in Redis
    section = SectionFactory(heading="Le traitement d’avant")
    publish_now(section.article)
    page = section.article.get_absolute_url()
    assert "Le traitement d’avant" in client.get(page).content.decode()  # now kept in Redis

    redis_proxy.cut(DROP)
    Section.objects.filter(pk=section.pk).update(heading="Le traitement d’après")
    publish_now(section.article)  # its new versions never reach Redis
    during = client.get(page)
    assert during.status_code == 200 and "Le traitement d’après" in during.content.decode()

    redis_proxy.restore()
    outage_clock(outages.RETRY_SECONDS[0])
    after = client.get(page).content.decode()
    assert "Le traitement d’après" in after and "Le traitement d’avant" not in after


@pytest.mark.django_db
def test_an_editor_who_logged_out_while_redis_was_away_stays_logged_out_once_it_is_back(
    client, staff, redis_proxy, outage_clock
):
    client.force_login(staff)
    assert client.get("/admin/").status_code == 200  # the session is now kept in Redis too
    session_cookie = client.cookies[settings.SESSION_COOKIE_NAME].value

    redis_proxy.cut(DROP)
    assert client.post("/admin/logout/").status_code == 200
    redis_proxy.restore()
    outage_clock(outages.RETRY_SECONDS[0])

    client.cookies[settings.SESSION_COOKIE_NAME] = session_cookie  # as whoever copied the cookie
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/")


def test_past_too_many_missed_writes_every_key_of_the_site_goes_and_no_other(redis_proxy, outage_clock, monkeypatch):
    monkeypatch.setattr(resilient_cache, "MISSED_KEYS_MAX", 3)
    cache.set("gardée", "avant")
    raw = redis.Redis.from_url(settings.REDIS_URL)
    raw.set("autre-appli:1:clé", "à elle")
    raw.set("sans-préfixe", "à elle")

    redis_proxy.cut(DROP)
    for number in range(4):
        cache.set(f"clé{number}", number)
    redis_proxy.restore()
    outage_clock(outages.RETRY_SECONDS[0])

    assert cache.get("gardée") is None
    assert raw.get("autre-appli:1:clé") == "à elle".encode() and raw.get("sans-préfixe") == "à elle".encode()


def test_once_redis_is_back_the_missed_keys_are_deleted_once_and_later_writes_kept(redis_proxy, outage_clock, caplog):
    redis_proxy.cut(DROP)
    cache.set("a", "pendant")
    redis_proxy.restore()
    outage_clock(outages.RETRY_SECONDS[0])
    cache.get("a")
    cache.set("a", "après")
    assert cache.get("a") == "après"
    assert [r.getMessage() for r in caplog.records if r.name == resilient_cache.__name__] == [
        "cache back: the keys written while it was unavailable deleted (1)"
    ]

"""With Redis down the rate limit and the duplicate check count in the database; with the
database down too they let the post through (feedback/limits.py says why open beats closed)."""

import logging
import threading

import pytest

from feedback import limits
from feedback.models import LastComment, PostCount
from operations import outages
from scripts.fault_harness import DROP, REFUSE
from tests.factories import ArticleFactory
from tests.outage import DATABASE_REFUSED

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.FEEDBACK_RATE_LIMIT = 3
    settings.FEEDBACK_DUPLICATE_WINDOW = 3600


def posts(client: str, count: int) -> list[bool]:
    return [limits.over_rate_limit(client) for _ in range(count)]


def test_with_redis_down_the_rate_limit_still_refuses_the_post_over_the_limit(redis_nowhere):
    assert posts("a", 4) == [False, False, False, True]
    assert PostCount.objects.get(client="a").posts == 4


def test_with_redis_down_the_same_comment_twice_is_still_a_duplicate(redis_nowhere):
    article_id = ArticleFactory().pk
    assert limits.is_duplicate("a", article_id, "Très clair") is False
    assert limits.is_duplicate("a", article_id, "Très clair") is True
    assert LastComment.objects.filter(client="a", article_id=article_id).exists()


def test_with_redis_skipped_until_its_retry_time_the_limits_do_not_try_it(redis_proxy):
    redis_proxy.cut(DROP)
    posts("a", 1)
    tried = redis_proxy.accepted
    posts("a", 5)
    limits.is_duplicate("a", ArticleFactory().pk, "Très clair")
    assert redis_proxy.accepted == tried
    assert PostCount.objects.get(client="a").posts == 6


def test_once_redis_is_back_the_limits_count_in_it_again(redis_proxy, outage_clock):
    redis_proxy.cut(DROP)
    posts("a", 2)
    redis_proxy.restore()
    outage_clock(outages.RETRY_SECONDS[0])
    assert posts("a", 4) == [False, False, False, True]  # Redis's count, from before the outage
    assert PostCount.objects.get(client="a").posts == 2


@pytest.mark.parametrize("check", ["rate limit", "duplicate check"])
def test_a_redis_that_never_answers_costs_a_post_its_timeout_then_the_database_counts(settings, silent_redis, check):
    article_id = ArticleFactory().pk
    # redis-py's own timeout is 5 s: the server goes after 3, failing the test (a reset, not a
    # timeout) unless REDIS_TIMEOUT reached the client.
    cut = threading.Timer(3, silent_redis.cut, [REFUSE])
    cut.start()
    settings.REDIS_URL = f"redis://127.0.0.1:{silent_redis.port}/0"
    settings.REDIS_TIMEOUT = 0.2
    try:
        if check == "rate limit":
            assert limits.over_rate_limit("a") is False
        else:
            assert limits.is_duplicate("a", article_id, "Très clair") is False
    finally:
        cut.cancel()
        cut.join()
    assert outages.report()["down"]["cache"]["error"].startswith("TimeoutError")
    assert (PostCount if check == "rate limit" else LastComment).objects.filter(client="a").exists()


def test_with_redis_and_the_database_down_every_post_goes_through(redis_nowhere, database_down):
    assert posts("a", 10) == [False] * 10
    assert [limits.is_duplicate("a", 1, "Très clair") for _ in range(2)] == [False, False]
    assert outages.report()["fallbacks"] == {
        "rate limit on database": 10,
        "rate limit open": 10,
        "duplicate check on database": 2,
        "duplicate check open": 2,
    }


def test_without_redis_the_database_down_lets_every_post_through(settings, database_down):
    settings.REDIS_URL = ""
    assert posts("a", 10) == [False] * 10
    assert outages.is_down(outages.DATABASE)


def test_with_the_database_found_down_posts_go_through_without_waiting_for_it_before_its_retry_time(
    settings, database_down
):
    settings.REDIS_URL = ""
    assert posts("a", 5) == [False] * 5
    assert limits.is_duplicate("a", 1, "Très clair") is False
    assert database_down.tries == 1, "one connection attempt, then the posts go through at once"
    assert outages.report()["down"]["database"]["error"] == f"OperationalError: {DATABASE_REFUSED}"


def test_once_the_database_answers_again_the_limits_count_in_it_and_its_outage_ends(
    settings, database_down, outage_clock
):
    settings.REDIS_URL = ""
    posts("a", 2)
    database_down.back()
    outage_clock(outages.RETRY_SECONDS[0])
    assert posts("a", 4) == [False, False, False, True]  # the posts let through are not counted
    assert not outages.is_down(outages.DATABASE)


def test_each_fallback_is_logged_once_per_outage_not_per_post(redis_nowhere, database_down, caplog, outage_clock):
    caplog.set_level(logging.WARNING, logger=limits.__name__)
    database_down.back()  # at first Redis alone is down
    article_id = ArticleFactory().pk
    for _ in range(5):
        limits.over_rate_limit("a")
        limits.is_duplicate("a", article_id, "Très clair")
    database_down.down = True
    outage_clock(outages.RETRY_SECONDS[0])  # the cache is tried again, and fails again
    for _ in range(5):
        limits.over_rate_limit("a")
        limits.is_duplicate("a", article_id, "Très clair")
    end = "being unavailable (counted, not logged again this outage)"
    assert [record.getMessage() for record in caplog.records if record.name == limits.__name__] == [
        f"feedback limits: rate limit on database, the cache {end}",
        f"feedback limits: duplicate check on database, the cache {end}",
        f"feedback limits: rate limit open, the database {end}",
        f"feedback limits: duplicate check open, the database {end}",
    ]

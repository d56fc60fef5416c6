"""The rate limit: exactly FEEDBACK_RATE_LIMIT posts per client per FEEDBACK_RATE_WINDOW seconds."""

import os
import threading
import time

import pytest
import redis
from django.conf import settings
from django.core.cache import cache
from django.db import connections

from feedback.limits import over_rate_limit
from feedback.models import PostCount

pytestmark = pytest.mark.django_db

WINDOW = 600


@pytest.fixture(autouse=True)
def _limit_of_three(settings):
    settings.FEEDBACK_RATE_LIMIT = 3
    settings.FEEDBACK_RATE_WINDOW = WINDOW


@pytest.fixture
def start() -> int:
    """The start of a window still to come, so Redis keys expire in real time after the test."""
    return (int(time.time()) // WINDOW + 1) * WINDOW


def posts(client: str, count: int, now: float) -> list[bool]:
    return [over_rate_limit(client, now=now) for _ in range(count)]


def test_a_client_may_post_exactly_the_limit_and_not_one_more(counter_store, start):
    assert posts("a", 4, start) == [False, False, False, True]


def test_every_post_over_the_limit_is_refused(counter_store, start):
    assert posts("a", 6, start)[3:] == [True, True, True]


def test_the_count_lasts_until_its_window_ends_and_not_a_second_longer(counter_store, start):
    posts("a", 3, start)
    assert over_rate_limit("a", now=start + WINDOW - 0.001) is True
    assert posts("a", 4, start + WINDOW) == [False, False, False, True]


def test_a_window_starts_on_a_multiple_of_its_length(counter_store, start):
    posts("a", 3, start - 1)
    assert over_rate_limit("a", now=start) is False


def test_each_client_has_its_own_count(counter_store, start):
    posts("a", 3, start)
    assert over_rate_limit("b", now=start) is False
    assert over_rate_limit("a", now=start) is True


def test_a_limit_of_zero_lets_every_post_through(counter_store, settings, start):
    settings.FEEDBACK_RATE_LIMIT = 0
    assert not any(posts("a", 20, start))


def test_a_window_of_zero_lets_every_post_through(counter_store, settings, start):
    settings.FEEDBACK_RATE_WINDOW = 0
    assert not any(posts("a", 20, start))


def test_a_limit_of_one_refuses_the_second_post(counter_store, settings, start):
    settings.FEEDBACK_RATE_LIMIT = 1
    assert posts("a", 2, start) == [False, True]


def test_a_cleared_cache_does_not_reset_the_count_on_the_laptop(settings, start):
    settings.REDIS_URL = ""
    posts("a", 3, start)
    cache.clear()
    assert over_rate_limit("a", now=start) is True


def test_the_counts_of_ended_windows_are_deleted_when_a_new_window_starts(settings, start):
    settings.REDIS_URL = ""
    posts("a", 2, start)
    posts("b", 1, start + WINDOW)
    assert list(PostCount.objects.values_list("client", "posts")) == [("b", 1)]


def test_a_new_client_leaves_the_counts_of_the_current_window_alone(settings, start):
    settings.REDIS_URL = ""
    posts("a", 2, start)
    posts("b", 1, start + WINDOW - 1)
    assert sorted(PostCount.objects.values_list("client", "posts")) == [("a", 2), ("b", 1)]


@pytest.mark.django_db(transaction=True)
def test_forty_posts_at_once_from_one_client_let_exactly_the_limit_through(counter_store, settings):
    settings.FEEDBACK_RATE_LIMIT = 10
    barrier = threading.Barrier(40)
    refused = []

    def post() -> None:
        barrier.wait()
        try:
            refused.append(over_rate_limit("flood"))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=post) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert refused.count(False) == 10
    assert refused.count(True) == 30


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="Redis store: set REDIS_URL to test it")
def test_redis_drops_a_count_when_its_window_ends(start):
    posts("a", 2, start)
    key = cache.make_key(f"feedback:posts:a:{start}")
    assert redis.Redis.from_url(settings.REDIS_URL).expiretime(key) == start + WINDOW

"""The duplicate check: the same comment again from one client on one article within the window."""

import os
import time

import pytest
import redis
from django.conf import settings
from django.core.cache import cache

from feedback.limits import is_duplicate
from feedback.models import LastComment
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

WINDOW = 3600


@pytest.fixture(autouse=True)
def _one_hour(settings):
    settings.FEEDBACK_DUPLICATE_WINDOW = WINDOW


@pytest.fixture
def article_id() -> int:
    return ArticleFactory().pk


@pytest.fixture
def now() -> int:
    """Real time, so Redis keys (which expire in real time) are still there during the test."""
    return int(time.time()) + 1


def test_the_same_comment_twice_is_a_duplicate(counter_store, article_id, now):
    assert is_duplicate("a", article_id, "Très clair", now=now) is False
    assert is_duplicate("a", article_id, "Très clair", now=now + 1) is True


def test_a_third_identical_comment_is_a_duplicate_too(counter_store, article_id, now):
    for _ in range(2):
        is_duplicate("a", article_id, "Très clair", now=now)
    assert is_duplicate("a", article_id, "Très clair", now=now) is True


def test_only_the_last_comment_is_remembered(counter_store, article_id, now):
    is_duplicate("a", article_id, "Très clair", now=now)
    is_duplicate("a", article_id, "Un peu long", now=now)
    assert is_duplicate("a", article_id, "Très clair", now=now) is False


def test_the_same_comment_on_another_article_is_not_a_duplicate(counter_store, article_id, now):
    is_duplicate("a", article_id, "Très clair", now=now)
    assert is_duplicate("a", ArticleFactory().pk, "Très clair", now=now) is False


def test_the_same_comment_from_another_client_is_not_a_duplicate(counter_store, article_id, now):
    is_duplicate("a", article_id, "Très clair", now=now)
    assert is_duplicate("b", article_id, "Très clair", now=now) is False


def test_the_comment_is_remembered_until_the_window_ends(counter_store, article_id, now):
    is_duplicate("a", article_id, "Très clair", now=now)
    assert is_duplicate("a", article_id, "Très clair", now=now + WINDOW - 0.001) is True


def test_the_comment_is_forgotten_when_the_window_ends(counter_store, article_id, now):
    is_duplicate("a", article_id, "Très clair", now=now)
    assert is_duplicate("a", article_id, "Très clair", now=now + WINDOW) is False


def test_each_repeat_starts_the_window_again(counter_store, article_id, now):
    is_duplicate("a", article_id, "Très clair", now=now)
    is_duplicate("a", article_id, "Très clair", now=now + WINDOW - 1)
    assert is_duplicate("a", article_id, "Très clair", now=now + 2 * WINDOW - 2) is True


def test_empty_comments_are_never_duplicates(counter_store, article_id, now):
    is_duplicate("a", article_id, "", now=now)
    assert is_duplicate("a", article_id, "", now=now) is False


def test_a_window_of_zero_turns_the_check_off(counter_store, settings, article_id, now):
    settings.FEEDBACK_DUPLICATE_WINDOW = 0
    is_duplicate("a", article_id, "Très clair", now=now)
    assert is_duplicate("a", article_id, "Très clair", now=now) is False


def test_a_cleared_cache_does_not_forget_the_last_comment_on_the_laptop(settings, article_id, now):
    settings.REDIS_URL = ""
    is_duplicate("a", article_id, "Très clair", now=now)
    cache.clear()
    assert is_duplicate("a", article_id, "Très clair", now=now) is True


def test_forgotten_comments_are_deleted_from_the_database(settings, article_id, now):
    settings.REDIS_URL = ""
    is_duplicate("a", article_id, "Très clair", now=now)
    is_duplicate("b", article_id, "Très clair", now=now + 1)
    is_duplicate("c", article_id, "Très clair", now=now + WINDOW)
    assert sorted(LastComment.objects.values_list("client", flat=True)) == ["b", "c"]


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="Redis store: set REDIS_URL to test it")
def test_redis_drops_a_remembered_comment_when_its_window_ends(article_id, now):
    is_duplicate("a", article_id, "Très clair", now=now)
    key = cache.make_key(f"feedback:lastcomment:a:{article_id}")
    assert redis.Redis.from_url(settings.REDIS_URL).expiretime(key) == now + WINDOW

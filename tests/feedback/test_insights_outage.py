"""The dashboard's sums kept in the cache are not read stale after a Redis outage."""

import pytest

from feedback import insights, ratings
from feedback.models import Feedback
from operations import outages
from scripts.fault_harness import DROP
from tests.feedback.test_dashboard import opinions

pytestmark = pytest.mark.django_db


def test_a_rebuild_made_while_redis_was_away_is_seen_once_it_is_back(
    article, redis_proxy, outage_clock, django_capture_on_commit_callbacks
):
    opinions(article, 1, 1, days_ago=10)
    site, _ = insights.site_ranking(None)  # the days before yesterday are now summed and kept
    assert site.count == 2

    redis_proxy.cut(DROP)
    Feedback.objects.create(article=article, rating=5)
    with django_capture_on_commit_callbacks(execute=True):
        ratings.rebuild()  # the two counts made by hand are no opinions: gone; its notice never reaches Redis
    redis_proxy.restore()
    outage_clock(outages.RETRY_SECONDS[0])

    site, _ = insights.site_ranking(None)
    assert (site.count, site.average) == (1, 5.0)

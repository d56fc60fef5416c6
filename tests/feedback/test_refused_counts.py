"""Posts refused without being stored are counted per day in the database, shown to editors."""

import threading
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.db import connections
from django.utils import timezone

from feedback.models import RefusedPost
from tests.html import soup, text_of

pytestmark = pytest.mark.django_db

LIST = "/admin/feedback/feedback/"


def refusal_rows(response) -> list[str]:
    return [text_of(tr) for tr in soup(response).select(".refused-posts tbody tr")]


def refused(reason: RefusedPost.Reason) -> int:
    return sum(RefusedPost.objects.filter(reason=reason).values_list("count", flat=True))


def test_the_list_header_shows_the_refusals_of_today_and_of_the_last_30_days(staff_client):
    today = timezone.localdate()
    for days_ago, reason, count in [
        (0, RefusedPost.Reason.RATE_LIMIT, 3),
        (29, RefusedPost.Reason.RATE_LIMIT, 4),
        (30, RefusedPost.Reason.RATE_LIMIT, 100),
        (1, RefusedPost.Reason.HONEYPOT, 2),
        (0, RefusedPost.Reason.INVALID, 1),
    ]:
        RefusedPost.objects.create(day=today - timedelta(days=days_ago), reason=reason, count=count)
    assert refusal_rows(staff_client.get(LIST)) == [
        "Trop d’envois 3 7",
        "Champ piège rempli 0 2",
        "Envoyé trop vite 0 0",
        "Formulaire invalide 1 1",
    ]


def test_the_view_counts_each_kind_of_refusal_and_a_cleared_cache_keeps_them(post_feedback, settings):
    settings.FEEDBACK_RATE_LIMIT = 1
    post_feedback(rating=None)
    post_feedback(site_web="x", rating="99")
    post_feedback(shown_at="", rating="99")
    post_feedback()
    post_feedback()
    cache.clear()
    assert [refused(reason) for reason in RefusedPost.Reason] == [1, 1, 1, 1]


def test_an_invalid_post_is_counted_once(post_feedback):
    assert post_feedback(rating="0").status_code == 400
    assert refused(RefusedPost.Reason.INVALID) == 1


def test_a_refusal_adds_to_the_count_of_the_day():
    RefusedPost.objects.create(day=timezone.localdate(), reason=RefusedPost.Reason.TIMER, count=5)
    RefusedPost.objects.create(day=timezone.localdate() - timedelta(days=1), reason=RefusedPost.Reason.TIMER, count=9)
    RefusedPost.objects.record(RefusedPost.Reason.TIMER)
    assert RefusedPost.objects.get(day=timezone.localdate()).count == 6


@pytest.mark.django_db(transaction=True)
def test_forty_refusals_at_once_are_all_counted():
    barrier = threading.Barrier(40)

    def refuse() -> None:
        barrier.wait()
        try:
            RefusedPost.objects.record(RefusedPost.Reason.RATE_LIMIT)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=refuse) for _ in range(40)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert refused(RefusedPost.Reason.RATE_LIMIT) == 40

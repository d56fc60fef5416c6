"""When a live article's medical review is overdue: pending, or past its next review date."""

from datetime import UTC, date, datetime, timedelta

import pytest
from django.utils import timezone

from articles import publishing, review_due
from tests.factories import ArticleFactory, StaffFactory, publish_now
from tests.reviews import reviewed, today
from tests.seed import seed_article

pytestmark = pytest.mark.django_db


def overdue_ids(day: date | None = None) -> set[int]:
    return set(review_due.overdue(day).values_list("article_id", flat=True))


def test_the_seed_article_is_overdue_as_its_medical_review_is_pending():
    assert seed_article().pk in overdue_ids()


def test_an_article_published_without_a_medical_reviewer_is_overdue():
    article = ArticleFactory()
    assert article.pk in overdue_ids()


def test_an_article_whose_next_review_was_due_yesterday_is_overdue():
    article = ArticleFactory()
    reviewed(article, today() - timedelta(days=1))
    assert article.pk in overdue_ids()


def test_an_article_whose_next_review_is_due_today_is_not_overdue_yet():
    article = ArticleFactory()
    reviewed(article, today())
    assert article.pk not in overdue_ids()


def test_an_article_whose_next_review_is_later_is_up_to_date():
    article = ArticleFactory()
    reviewed(article, today() + timedelta(days=200))
    assert article.pk not in overdue_ids()
    assert article.pk in overdue_ids(today() + timedelta(days=201))


def test_an_article_never_published_is_never_overdue():
    draft = ArticleFactory(published=False)
    assert draft.pk not in overdue_ids()


@pytest.mark.parametrize("take_down", [publishing.unpublish, publishing.archive])
def test_an_unpublished_or_archived_article_is_not_overdue(take_down):
    article = ArticleFactory()
    reviewed(article, today() - timedelta(days=30))
    take_down(article, StaffFactory())
    assert article.pk not in overdue_ids()


def test_an_older_version_past_its_date_does_not_count_once_a_reviewed_one_is_live():
    article = ArticleFactory()
    reviewed(article, today() - timedelta(days=30))
    article.title = "Nouveau titre"
    article.save()
    publish_now(article)
    reviewed(article, today() + timedelta(days=365))
    assert article.pk not in overdue_ids()


def test_today_is_the_local_date_of_the_site(monkeypatch, settings):
    settings.TIME_ZONE = "Europe/Paris"
    article = ArticleFactory()
    reviewed(article, date(2100, 1, 1))
    # 23:30 in London on 1 January is already 2 January in Paris: the review of the 1st is overdue.
    monkeypatch.setattr(timezone, "now", lambda: datetime(2100, 1, 1, 23, 30, tzinfo=UTC))
    assert article.pk in overdue_ids()

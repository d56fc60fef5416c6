"""Each opinion names the version of the article the reader was reading, and is counted per day."""

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import revisions
from articles.models import Revision
from feedback import ratings
from feedback.models import DailyRating, Feedback
from tests.factories import ArticleFactory, publish_now
from tests.html import soup

pytestmark = pytest.mark.django_db


def new_version(article, title: str) -> Revision:
    """Publish a change of the article: the version readers read from now on."""
    article.title = title
    article.save()
    return publish_now(article)


def live_revision(article) -> Revision:
    return Revision.objects.live().get(article=article)


def test_the_cached_page_carries_the_live_version_in_the_form(client, article):
    first = live_revision(article)
    field = soup(client.get(article.get_absolute_url())).find("input", attrs={"name": "version_lue"})
    assert field["value"] == str(first.pk) and field["type"] == "hidden"
    second = new_version(article, "La vaccination, mise à jour")
    field = soup(client.get(article.get_absolute_url())).find("input", attrs={"name": "version_lue"})
    assert field["value"] == str(second.pk)


def test_the_opinion_names_the_version_posted_with_it(article, post_feedback):
    first = live_revision(article)
    new_version(article, "La vaccination, mise à jour")
    # A reader who loaded the page before the new version went live sends the old one's id.
    assert post_feedback(version_lue=str(first.pk)).status_code == 303
    assert Feedback.objects.get().revision == first


def test_without_a_version_the_opinion_names_the_live_one(article, post_feedback):
    post_feedback()
    assert Feedback.objects.get().revision == live_revision(article)


@pytest.mark.parametrize("posted", ["abc", "-1", "0", "99999999999999999999999999", "1e3", " 1"])
def test_a_malformed_version_is_replaced_by_the_live_one(article, post_feedback, posted):
    assert post_feedback(version_lue=posted).status_code == 303
    assert Feedback.objects.get().revision == live_revision(article)


def test_a_version_of_another_article_is_replaced_by_the_live_one(article, post_feedback):
    other = live_revision(ArticleFactory())
    post_feedback(version_lue=str(other.pk))
    assert Feedback.objects.get().revision == live_revision(article)


def test_a_version_never_live_is_replaced_by_the_live_one(article, post_feedback):
    article.title = "Brouillon jamais publié"
    article.save()
    draft = revisions.snapshot(article, None)
    assert draft.go_live_at is None
    post_feedback(version_lue=str(draft.pk))
    assert Feedback.objects.get().revision == live_revision(article)


def test_a_version_scheduled_for_later_is_replaced_by_the_live_one(article, post_feedback):
    article.title = "Programmée"
    article.save()
    scheduled = revisions.snapshot(article, None)
    Revision.objects.filter(pk=scheduled.pk).update(go_live_at=timezone.now() + timedelta(days=1))
    post_feedback(version_lue=str(scheduled.pk))
    assert Feedback.objects.get().revision == live_revision(article)


def queries_of(post) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert post().status_code == 303
    return len(captured)


def test_the_live_version_posted_costs_no_query_and_another_one_query(article, post_feedback):
    live, other = live_revision(article), live_revision(ArticleFactory())
    post_feedback(comment="Pour chauffer le processus.")
    without = queries_of(lambda: post_feedback(comment="Un."))
    assert queries_of(lambda: post_feedback(comment="Deux.", version_lue=str(live.pk))) == without
    assert queries_of(lambda: post_feedback(comment="Trois.", version_lue=str(other.pk))) == without + 1


def test_each_opinion_adds_to_its_day_and_version(article, post_feedback):
    post_feedback(rating="5")
    post_feedback(rating="4", comment="Autre chose.")
    post_feedback(rating="1", comment="Encore autre chose.")
    row = DailyRating.objects.get()
    assert (row.article_id, row.revision, row.day) == (article.pk, live_revision(article), timezone.localdate())
    assert (row.count, row.rating_sum) == (3, 10)
    assert [row.rated_1, row.rated_2, row.rated_3, row.rated_4, row.rated_5] == [1, 0, 0, 1, 1]


def test_spam_is_stored_but_not_counted(post_feedback):
    post_feedback(site_web="http://spam.example")
    assert Feedback.objects.get().spam_reason == Feedback.SpamReason.HONEYPOT
    assert not DailyRating.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_opinions_are_all_counted():
    article = ArticleFactory()
    revision = live_revision(article)
    today = timezone.localdate()

    def post(rating: int) -> None:
        try:
            ratings.store(Feedback(article=article, revision=revision, rating=rating))
        finally:
            connection.close()

    threads = [threading.Thread(target=post, args=(n % 5 + 1,)) for n in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    row = DailyRating.objects.get(day=today)
    assert (row.count, row.rating_sum) == (20, 60)


def test_older_opinions_get_the_version_live_when_they_arrived(article):
    first = live_revision(article)
    second = new_version(article, "Deuxième version")
    now = timezone.now()
    switch = now - timedelta(days=5)
    Revision.objects.filter(pk=first.pk).update(go_live_at=now - timedelta(days=10), ends_at=switch)
    Revision.objects.filter(pk=second.pk).update(go_live_at=switch)
    before = opinion_at(article, now - timedelta(days=11))
    during_first = opinion_at(article, now - timedelta(days=7))
    at_the_switch = opinion_at(article, switch)  # [go_live_at, ends_at): the new version's
    during_second = opinion_at(article, now - timedelta(days=1))
    assert ratings.attribute_by_window() == 3
    found = {f.pk: f.revision_id for f in Feedback.objects.all()}
    assert found == {
        before.pk: None,
        during_first.pk: first.pk,
        at_the_switch.pk: second.pk,
        during_second.pk: second.pk,
    }


def opinion_at(article, at) -> Feedback:
    feedback = Feedback.objects.create(article=article, rating=4)
    Feedback.objects.filter(pk=feedback.pk).update(created_at=at)
    feedback.created_at = at
    return feedback


def test_the_rebuild_gives_the_counts_the_posts_made(article, post_feedback):
    for rating in (5, 4, 4, 2):
        post_feedback(rating=str(rating), comment=f"Avis {rating} {Feedback.objects.count()}")
    yesterday = opinion_at(article, timezone.now() - timedelta(days=1))
    Feedback.objects.filter(pk=yesterday.pk).update(revision=live_revision(article))
    post_feedback(site_web="rempli")  # spam: never counted
    kept = sorted(DailyRating.objects.values_list("day", "count", "rating_sum", "rated_4"))
    ratings.rebuild()
    rebuilt = sorted(DailyRating.objects.values_list("day", "count", "rating_sum", "rated_4"))
    assert rebuilt[1:] == kept and rebuilt[0] == (timezone.localdate() - timedelta(days=1), 1, 4, 1)


def test_a_rebuild_from_a_day_keeps_the_days_before(article):
    old = timezone.localdate() - timedelta(days=400)
    DailyRating.objects.create(article=article, day=old, count=3, rating_sum=12, rated_4=3)
    opinion_at(article, timezone.now())
    ratings.rebuild(since=timezone.localdate() - timedelta(days=30))
    assert sorted(DailyRating.objects.values_list("day", "count")) == [(old, 3), (timezone.localdate(), 1)]

"""Which version of an article an opinion is about, and the daily counts the dashboard reads.

The article page is cached whole and shared by every reader, but it is made from one live
version: the form carries that version's id (`version_lue`). The server believes it only if the
version belongs to the article and has been live (a forged or stale id costs one query and
falls back to the version live now, which is what the reader most likely read).

Each stored opinion that is not spam adds one to the row of `DailyRating` for its article, version
and day, in the transaction that stores it: one INSERT … ON CONFLICT DO UPDATE, atomic on
PostgreSQL and SQLite alike, so concurrent posts never lose a count. An opinion an editor deletes
is taken off its row in the transaction that deletes it (`delete`). `rebuild` makes the rows again
from the opinions themselves (history, or after opinions were deleted outside the admin).
"""

from collections import Counter
from datetime import date, datetime, time

from django.db import connection, transaction
from django.db.models import Count, F, Q, Sum, Value
from django.db.models.functions import Greatest, TruncDate
from django.utils import timezone

from articles.models import Revision
from feedback import insights
from feedback.models import DailyRating, Feedback

FIELD = "version_lue"
BATCH = 5_000


def revision_read(article_id: int, live_revision_id: int | None, posted: str | None) -> int | None:
    """The version the reader says they read, if it is one of this article's that has been live;
    else the version live now (`live_revision_id`)."""
    if not posted or posted == str(live_revision_id) or not posted.isdigit() or len(posted) > 18:
        return live_revision_id
    known = Revision.objects.filter(pk=int(posted), article_id=article_id, go_live_at__lte=timezone.now()).values_list(
        "pk", flat=True
    )
    return next(iter(known), live_revision_id)


def store(feedback: Feedback, received_at: datetime | None = None) -> Feedback:
    """Save a new opinion and count it, both or neither; one that waited in the spool at the time
    it was posted (`received_at`), which the field's auto_now_add would set to now."""
    with transaction.atomic():
        feedback.save()
        if received_at is not None:
            Feedback.objects.filter(pk=feedback.pk).update(created_at=received_at)
            feedback.created_at = received_at
        if not feedback.spam_reason:
            record(feedback.article_id, feedback.revision_id, timezone.localdate(feedback.created_at), feedback.rating)
    return feedback


def record(article_id: int, revision_id: int | None, day: date, rating: int) -> None:
    ones = [int(rating == n) for n in range(1, 6)]
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO feedback_dailyrating (article_id, revision_id, day, count, rating_sum, "
            "rated_1, rated_2, rated_3, rated_4, rated_5) VALUES (%s, %s, %s, 1, %s, %s, %s, %s, %s, %s) "
            "ON CONFLICT (article_id, revision_id, day) DO UPDATE SET "
            "count = feedback_dailyrating.count + 1, "
            "rating_sum = feedback_dailyrating.rating_sum + excluded.rating_sum, "
            "rated_1 = feedback_dailyrating.rated_1 + excluded.rated_1, "
            "rated_2 = feedback_dailyrating.rated_2 + excluded.rated_2, "
            "rated_3 = feedback_dailyrating.rated_3 + excluded.rated_3, "
            "rated_4 = feedback_dailyrating.rated_4 + excluded.rated_4, "
            "rated_5 = feedback_dailyrating.rated_5 + excluded.rated_5",
            [article_id, revision_id, connection.ops.adapt_datefield_value(day), rating, *ones],
        )


def delete(opinions) -> int:
    """Delete `opinions` (a queryset) and take the ones that counted off their daily rows, both or
    neither, so the dashboard stops counting an opinion as soon as an editor deletes it."""
    with transaction.atomic():
        taken: Counter = Counter()
        for article_id, revision_id, created_at, rating in opinions.filter(spam_reason="").values_list(
            "article_id", "revision_id", "created_at", "rating"
        ):
            key = (article_id, revision_id, timezone.localdate(created_at))
            taken[(*key, "count")] += 1
            taken[(*key, "rating_sum")] += rating
            taken[(*key, f"rated_{rating}")] += 1
        deleted, _ = opinions.delete()
        for key in {key[:3] for key in taken}:
            article_id, revision_id, day = key
            row = DailyRating.objects.filter(article_id=article_id, revision_id=revision_id, day=day).order_by("pk")
            # Never below zero, should the rows be out of step with the opinions (a deletion by hand).
            changes = {
                field: Greatest(F(field) - taken[(*key, field)], Value(0))
                for field in _COUNTED
                if (*key, field) in taken
            }
            # Rows written by `record` never split a key, except for opinions with no version: take
            # them off the first row (the counts are sums, see DailyRating).
            DailyRating.objects.filter(pk__in=row.values("pk")[:1]).update(**changes)
    transaction.on_commit(insights.forget_settled)
    return deleted


_COUNTED = ("count", "rating_sum", *(f"rated_{n}" for n in range(1, 6)))


def attribute_by_window(feedback_model=Feedback, revision_model=Revision) -> int:
    """Give each opinion without a version the one whose live window [go_live_at, ends_at) held
    the moment it arrived. The models are parameters so that a migration can pass its own."""
    updated = 0
    windows = revision_model.objects.filter(go_live_at__isnull=False).values_list(
        "pk", "article_id", "go_live_at", "ends_at"
    )
    for pk, article_id, go_live_at, ends_at in windows.iterator():
        within = Q(created_at__gte=go_live_at) & (Q() if ends_at is None else Q(created_at__lt=ends_at))
        updated += feedback_model.objects.filter(within, article_id=article_id, revision__isnull=True).update(
            revision_id=pk
        )
    return updated


def rebuild(since: date | None = None, feedback_model=Feedback, daily_model=DailyRating) -> int:
    """Make the daily rows again from the opinions, from `since` (a day) or for all time.

    Rows before `since` are kept: after `purge_feedback`, the counts of the opinions it deleted
    stay (they are anonymous numbers), and only `since` = None forgets them.
    """
    opinions = feedback_model.objects.filter(spam_reason="")
    rows = daily_model.objects.all()
    if since is not None:
        opinions = opinions.filter(created_at__gte=timezone.make_aware(datetime.combine(since, time.min)))
        rows = rows.filter(day__gte=since)
    grouped = (
        opinions.annotate(day=TruncDate("created_at"))
        .values("article_id", "revision_id", "day")
        .order_by()
        .annotate(
            count=Count("id"),
            rating_sum=Sum("rating"),
            **{f"rated_{n}": Count("id", filter=Q(rating=n)) for n in range(1, 6)},
        )
    )
    made = 0
    with transaction.atomic():
        rows.delete()
        batch = []
        for row in grouped.iterator(chunk_size=BATCH):
            batch.append(daily_model(**row))
            if len(batch) == BATCH:
                made += len(daily_model.objects.bulk_create(batch))
                batch = []
        made += len(daily_model.objects.bulk_create(batch))
    if daily_model is DailyRating:  # not from a migration: the sums kept of past days are stale
        transaction.on_commit(insights.forget_settled)
    return made

"""When an article's medical review is overdue: the one rule the admin and `overdue_reviews` read.

An article's review is overdue when it is live now and its live revision either has no medical
reviewer (its review is pending: it was never published after a complete medical review) or
was due for its next review before today, the local date of `settings.TIME_ZONE`. Articles that
are not live (drafts, unpublished, archived, scheduled for later) are never overdue: readers do
not see them.
"""

from datetime import date

from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.utils import timezone

from articles.models import Revision, RevisionQuerySet

# The answers of annotate(), on each article.
LIVE, REVIEWER, NEXT_REVIEW_ON, OVERDUE = "review_live", "review_reviewer_id", "review_next_on", "review_overdue"


def overdue(today: date | None = None) -> RevisionQuerySet:
    """The live revisions whose review is overdue (one per article at most)."""
    today = today or timezone.localdate()
    return Revision.objects.live().filter(Q(reviewer__isnull=True) | Q(next_review_on__lt=today))


def annotate(articles: QuerySet, today: date | None = None) -> QuerySet:
    """The articles, each with its live revision's review in the same query: whether it is live
    (LIVE), its reviewer's id (REVIEWER), its next review date (NEXT_REVIEW_ON), whether it is
    overdue (OVERDUE)."""
    live = Revision.objects.live().filter(article=OuterRef("pk"))
    return articles.annotate(**{
        LIVE: Exists(live),
        REVIEWER: Subquery(live.values("reviewer_id")[:1]),
        NEXT_REVIEW_ON: Subquery(live.values("next_review_on")[:1]),
        OVERDUE: Exists(overdue(today).filter(article=OuterRef("pk"))),
    })  # fmt: skip


def describe(reviewer_id: int | None, next_review_on: date | None) -> str:
    """A live revision's next review, as editors read it in the admin and in the reminders."""
    if reviewer_id is None:
        return "relecture en attente"
    if next_review_on is None:
        return "aucune relecture prévue"
    return f"prévue le {next_review_on:%d/%m/%Y}"

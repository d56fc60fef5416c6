"""Medical reviews set straight on live revisions, as publication records them (articles.publishing)."""

from datetime import date, timedelta

from django.utils import timezone

from articles.models import Article, Person, Revision
from tests.factories import PersonFactory


def today() -> date:
    return timezone.localdate()


def reviewed(article: Article, next_review_on: date, reviewer: Person | None = None) -> Revision:
    """The article's live revision after a complete medical review whose next one is due on `next_review_on`."""
    revision = Revision.objects.live().get(article=article)
    revision.reviewer = reviewer or PersonFactory()
    revision.reviewed_on = next_review_on - timedelta(days=365)
    revision.next_review_on = next_review_on
    revision.save(update_fields=["reviewer", "reviewed_on", "next_review_on"])
    return revision

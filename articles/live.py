"""What readers see now: the one place reader pages read published content from.

`Revision.objects.live()` is the "live now" query; this module adds the per-process map of the
live articles (titles and addresses for teasers and lists) that every page can use without a
query. The map is remade when `articles.publishing` moves the lists' version on, and at the
next scheduled publication or end of publication, so no page shows a switch late.

`lookup` tells what an article address is now: a live page, an earlier address of a renamed
article (`Moved`), or nothing.
"""

import time
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Q, Subquery
from django.urls import reverse
from django.utils import timezone

from articles import revisions
from articles.models import Page, Revision, Teaser
from articles.page_cache import LISTS, versions

LIST_FIELDS = ("article_id", "title", "slug", "summary", "first_published_at", "updated_at")
# Who wrote and who reviewed each live article, for the people's pages: the authors' ids alone
# are read from the version's `content` (a JSON key, never the whole text), its reviewer's column.
PEOPLE_FIELDS = ("content__authors", "reviewer_id")
# Its topics' ids, in the editors' order, read the same way: the lists of a topic and the
# suggestions "Dans la même thématique" need nothing more.
TOPIC_FIELDS = ("content__topics",)
# Not the text as typed (`content`): the page needs its HTML only.
PAGE_FIELDS = (
    "id",
    "article_id",
    "title",
    "slug",
    "summary",
    "rendered",
    "first_published_at",
    "updated_at",
    "updates",
    "people",
    "reviewed_on",
    "next_review_on",
    "topics",
)


@dataclass(frozen=True, slots=True)
class LiveArticle:
    pk: int
    title: str
    slug: str
    summary: str
    first_published_at: datetime
    updated_at: datetime
    author_ids: tuple[int, ...] = ()
    reviewer_id: int | None = None
    topic_ids: tuple[int, ...] = ()
    # The live version and the end of its window (the editors' "Dépublier le", or the switch to a
    # version scheduled after it): a copy of a page kept for a database outage never outlives it.
    revision_id: int | None = None
    ends_at: datetime | None = None

    def get_absolute_url(self) -> str:
        return reverse("articles:detail", kwargs={"slug": self.slug})

    def teaser(self) -> Teaser:
        return Teaser(self.pk, self.title, self.slug)


@dataclass(frozen=True, slots=True)
class LiveMap:
    articles: tuple[LiveArticle, ...]  # last updated first
    by_pk: dict[int, LiveArticle]
    teasers: dict[int, Teaser]
    valid_until: float | None  # epoch seconds of the next scheduled switch, if any
    lists_version: int
    by_topic: dict[int, tuple[LiveArticle, ...]]  # each last updated first

    def written_by(self, person_id: int) -> list[LiveArticle]:
        return [a for a in self.articles if person_id in a.author_ids]

    def reviewed_by(self, person_id: int) -> list[LiveArticle]:
        return [a for a in self.articles if a.reviewer_id == person_id]

    def is_current(self, lists_version: int) -> bool:
        return lists_version == self.lists_version and (self.valid_until is None or time.time() < self.valid_until)


_map: list[LiveMap] = []


def live_map() -> LiveMap:
    (lists_version,) = versions((LISTS,))  # read before the rows: a change after it remakes the map
    if _map and _map[0].is_current(lists_version):
        return _map[0]
    now = timezone.now()
    # The live revisions and those scheduled to be: one query gives the map and its next switch.
    rows = (
        Revision.objects.filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now), go_live_at__isnull=False)
        .order_by("-updated_at", "-article_id")
        .values_list(*LIST_FIELDS, *PEOPLE_FIELDS, *TOPIC_FIELDS, "go_live_at", "ends_at", "id")
    )
    articles, switches, by_topic = [], [], defaultdict(list)
    for *fields, author_ids, reviewer_id, topic_ids, go_live_at, ends_at, revision_id in rows:
        if go_live_at <= now:
            article = LiveArticle(
                *fields, tuple(author_ids or ()), reviewer_id, tuple(topic_ids or ()), revision_id, ends_at
            )
            articles.append(article)
            for topic_id in article.topic_ids:
                by_topic[topic_id].append(article)
        else:
            switches.append(go_live_at)
        if ends_at is not None:
            switches.append(ends_at)
    valid_until = min(switches).timestamp() if switches else None
    by_pk = {a.pk: a for a in articles}
    fresh = LiveMap(
        tuple(articles),
        by_pk,
        {pk: a.teaser() for pk, a in by_pk.items()},
        valid_until,
        lists_version,
        {pk: tuple(found) for pk, found in by_topic.items()},
    )
    _map[:] = [fresh]
    return fresh


@dataclass(frozen=True, slots=True)
class Moved:
    """An address a live article had in an earlier published version: readers go on to `slug`."""

    slug: str

    def get_absolute_url(self) -> str:
        return reverse("articles:detail", kwargs={"slug": self.slug})


def lookup(slug: str) -> Page | Moved | None:
    """What readers find at an article address, in one query: the live page whose address it is
    now; else, if it was the published address of an article that is live under another one, that
    address (`Moved`: the article was renamed, however many times); else nothing.

    Only published addresses count (never a working copy's, nor a version never put live), and an
    address belongs to the article that published it last: one taken up by another article leads
    to that article. The last one to have it is found through the (slug, go_live_at) index."""
    now = timezone.now()
    last_owner = Revision.objects.filter(slug=slug, go_live_at__lte=now).order_by("-go_live_at", "-id")
    live_rows = Revision.objects.live(now).filter(
        Q(slug=slug) | Q(article_id=Subquery(last_owner.values("article_id")[:1]))
    )
    rows = list(live_rows.only(*PAGE_FIELDS))
    here = next((revision for revision in rows if revision.slug == slug), None)
    if here is not None:
        return revisions.page(here, live_map().teasers)
    return Moved(rows[0].slug) if rows else None


def page_for_slug(slug: str) -> Page | None:
    """The live page whose address this is now (not an earlier address of it: see `lookup`)."""
    found = lookup(slug)
    return found if isinstance(found, Page) else None


def page_at_any_address(slug: str) -> Page | None:
    """The live page at this address or at an address it had before, for what must reach the
    article whichever address it was posted to (a reader's opinion sent from an old page)."""
    found = lookup(slug)
    if isinstance(found, Moved):
        found = lookup(found.slug)
    return found if isinstance(found, Page) else None


def live_window(article_id: int) -> tuple[int, datetime | None] | None:
    """The article's live version now and the end of its window (None: no end), or None when no
    version of it is live."""
    return Revision.objects.live().filter(article_id=article_id).values_list("id", "ends_at").first()


def article_ids() -> set[int]:
    return set(live_map().teasers)

"""What /sitemap.xml lists: each address a search engine should know, with the date it last
changed where the site keeps one, read from what readers see (live articles, never a working copy)."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.urls import reverse
from django.utils import timezone

from articles import topics
from articles.live import LiveMap
from articles.models import Person
from seo.addresses import absolute
from site_pages.models import SitePage


@dataclass(frozen=True, slots=True)
class Entry:
    location: str
    last_modified: datetime | None = None

    @property
    def lastmod(self) -> str:
        """In Paris time, as the JSON-LD writes `dateModified`."""
        return timezone.localtime(self.last_modified).isoformat() if self.last_modified else ""


def home_and_articles(known: LiveMap) -> list[Entry]:
    """The home page (changed with its newest article) and each live article at its "Mis à jour le"
    date, the one its page and its JSON-LD `dateModified` show."""
    newest = known.articles[0].updated_at if known.articles else None
    home = Entry(absolute(reverse("articles:home")), newest)
    return [home, *(Entry(absolute(a.get_absolute_url()), a.updated_at) for a in known.articles)]


def site_pages(known: LiveMap) -> list[Entry]:
    rows = SitePage.objects.order_by("footer_position", "title").values_list("slug", "updated_at")
    pages = [Entry(absolute(reverse("site_pages:page", kwargs={"slug": slug})), updated) for slug, updated in rows]
    return [*pages, Entry(absolute(reverse("accessibility")))]


def people_ids(known: LiveMap) -> set[int]:
    """Who wrote or last reviewed a live article: the people whose page has something to show."""
    return {pk for a in known.articles for pk in (*a.author_ids, a.reviewer_id) if pk is not None}


def people(known: LiveMap) -> list[Entry]:
    ids = people_ids(known)
    slugs = Person.objects.filter(pk__in=ids).order_by("slug").values_list("slug", flat=True) if ids else []
    return [Entry(absolute(reverse("articles:person", kwargs={"slug": slug}))) for slug in slugs]


def thematiques(known: LiveMap) -> list[Entry]:
    """The list of thématiques, and each one's page dated by the newest "Mis à jour le" of its live
    articles (a topic with none has nothing to show yet: left out). Topic edits move the lists'
    version on, which the sitemap's page depends on."""
    newest = {pk: max(a.updated_at for a in found) for pk, found in known.by_topic.items() if found}
    listed = [Entry(absolute(reverse("articles:topics")), max(newest.values(), default=None))]
    for topic in topics.topics_map().topics:
        if topic.pk in newest:
            listed.append(Entry(absolute(reverse("articles:topic", kwargs={"slug": topic.slug})), newest[topic.pk]))
    return listed


# The sitemap's parts, in order.
PARTS: tuple[Callable[[LiveMap], list[Entry]], ...] = (home_and_articles, thematiques, site_pages, people)


def entries(known: LiveMap) -> list[Entry]:
    return [entry for part in PARTS for entry in part(known)]

"""The Atom feed of new and updated articles (/flux.xml): the live articles, last "Mis à jour le"
first, with full addresses from SITE_URL."""

from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed

from articles.live import LiveArticle, LiveMap
from articles.models import Person
from seo.addresses import absolute
from site_pages.site_wide import site_wide

ENTRIES = 20


def title() -> str:
    """The feed's title, also the name of its link in every page's head."""
    return f"{site_wide().name} : articles nouveaux et mis à jour"


@dataclass(frozen=True, slots=True)
class FeedEntry:
    article: LiveArticle
    authors: str  # their names, « A », « A et B », « A, B et C »; empty if none


def entries(known: LiveMap) -> list[FeedEntry]:
    """The ENTRIES last updated live articles, with their authors' names (one query)."""
    articles = known.articles[:ENTRIES]
    ids = {pk for article in articles for pk in article.author_ids}
    names = dict(Person.objects.filter(pk__in=ids).values_list("pk", "name")) if ids else {}
    return [FeedEntry(a, _in_words([names[pk] for pk in a.author_ids if pk in names])) for a in articles]


def _in_words(names: list[str]) -> str:
    return f"{', '.join(names[:-1])} et {names[-1]}" if len(names) > 1 else "".join(names)


class LatestArticles(Feed):
    feed_type = Atom1Feed
    language = "fr"

    def get_object(self, request, known: LiveMap) -> LiveMap:
        return known

    def title(self) -> str:
        return title()

    def subtitle(self) -> str:
        return f"Les articles de santé publiés ou mis à jour récemment sur {site_wide().name}."

    def link(self) -> str:
        return absolute(reverse("articles:home"))

    def feed_url(self) -> str:
        return absolute(reverse("seo:feed"))

    def author_name(self) -> str:
        site = site_wide()
        return site.known_publisher or site.name

    def items(self, known: LiveMap) -> list[FeedEntry]:
        return entries(known)

    def item_title(self, entry: FeedEntry) -> str:
        return entry.article.title

    def item_description(self, entry: FeedEntry) -> str:
        return entry.article.summary

    def item_link(self, entry: FeedEntry) -> str:
        return absolute(entry.article.get_absolute_url())

    def item_guid(self, entry: FeedEntry) -> str:
        """An id that a rename does not change, so feed readers never take a renamed article for a
        new one (a tag URI, RFC 4151: the site's host and the article's first publication)."""
        host = urlsplit(settings.SITE_URL).hostname
        return f"tag:{host},{entry.article.first_published_at:%Y-%m-%d}:article:{entry.article.pk}"

    # In Paris time, as the pages, the JSON-LD and the sitemap write them.
    def item_pubdate(self, entry: FeedEntry) -> datetime:
        return timezone.localtime(entry.article.first_published_at)

    def item_updateddate(self, entry: FeedEntry) -> datetime:
        return timezone.localtime(entry.article.updated_at)

    def item_author_name(self, entry: FeedEntry) -> str | None:
        return entry.authors or None

"""Thématiques as readers see them: the topics, each topic's live articles, an article's
breadcrumb and its suggestions "Dans la même thématique".

The topics (name, address, description) are a per-process map, one query, made again when the
lists' version moves on: at every publication and every change of a topic
(`publishing.topic_changed`). Which live articles belong to a topic comes from the map of live
articles (`articles.live`), which reads each live version's topic ids. An article's page reads
neither query: its breadcrumb comes from the topic cards kept with its live version, its
suggestions from the live map.
"""

import heapq
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from django.urls import reverse

from articles import live
from articles.live import LiveArticle
from articles.models import Page, Topic
from articles.page_cache import LISTS, versions

SUGGESTIONS = 3


@dataclass(frozen=True, slots=True)
class TopicEntry:
    pk: int
    name: str
    slug: str
    description: str

    def get_absolute_url(self) -> str:
        return reverse("articles:topic", kwargs={"slug": self.slug})


@dataclass(frozen=True, slots=True)
class TopicsMap:
    topics: tuple[TopicEntry, ...]  # by name, accents and case aside
    by_slug: dict[str, TopicEntry]
    lists_version: int


_map: list[TopicsMap] = []


def _sort_key(name: str) -> str:
    """« Éducation » between « Diabète » and « Foie », as a French reader looks for it."""
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()


def topics_map() -> TopicsMap:
    (lists_version,) = versions((LISTS,))  # read before the rows: a change after it remakes the map
    if _map and _map[0].lists_version == lists_version:
        return _map[0]
    entries = sorted(
        (TopicEntry(*row) for row in Topic.objects.values_list("pk", "name", "slug", "description")),
        key=lambda entry: (_sort_key(entry.name), entry.name),
    )
    fresh = TopicsMap(tuple(entries), {entry.slug: entry for entry in entries}, lists_version)
    _map[:] = [fresh]
    return fresh


def topic_for_slug(slug: str) -> TopicEntry | None:
    return topics_map().by_slug.get(slug)


def live_articles(topic_id: int) -> tuple[LiveArticle, ...]:
    """The topic's live articles, last updated first."""
    return live.live_map().by_topic.get(topic_id, ())


@dataclass(frozen=True, slots=True)
class TopicCount:
    topic: TopicEntry
    live_articles: int


def with_counts() -> list[TopicCount]:
    """Every topic, with how many live articles it holds (a topic with none included)."""
    by_topic = live.live_map().by_topic
    return [TopicCount(entry, len(by_topic.get(entry.pk, ()))) for entry in topics_map().topics]


def suggestions(
    topic_ids: Iterable[int],
    excluded: Iterable[int],
    by_topic: Mapping[int, Sequence[LiveArticle]],
    limit: int = SUGGESTIONS,
) -> list[LiveArticle]:
    """At most `limit` live articles sharing one of `topic_ids`, last updated first, none of
    `excluded` (the article itself, the articles its "À lire aussi" already show). Reads only as
    far down each topic's list as it needs to."""
    excluded, chosen = set(excluded), []
    lists = [by_topic.get(pk, ()) for pk in dict.fromkeys(topic_ids)]
    for article in heapq.merge(*lists, key=lambda a: (a.updated_at, a.pk), reverse=True):
        if article.pk not in excluded:
            excluded.add(article.pk)  # an article in two of the topics comes once
            chosen.append(article)
            if len(chosen) == limit:
                break
    return chosen


def page_suggestions(page: Page) -> list[LiveArticle]:
    return suggestions((card["id"] for card in page.topics), (page.pk, *page.teaser_targets), live.live_map().by_topic)


@dataclass(frozen=True, slots=True)
class Crumb:
    name: str
    url: str


def breadcrumb(page: Page) -> list[Crumb]:
    """Accueil › the article's first topic › the article; Accueil › the article without a topic."""
    crumbs = [Crumb("Accueil", reverse("articles:home"))]
    if page.topics:
        first = page.topics[0]
        crumbs.append(Crumb(first["name"], reverse("articles:topic", kwargs={"slug": first["slug"]})))
    return [*crumbs, Crumb(page.title, page.get_absolute_url())]


def topics_breadcrumb(entry: TopicEntry | None = None) -> list[Crumb]:
    """Accueil › Thématiques, then the topic on its own page."""
    crumbs = [Crumb("Accueil", reverse("articles:home")), Crumb("Thématiques", reverse("articles:topics"))]
    return [*crumbs, Crumb(entry.name, entry.get_absolute_url())] if entry else crumbs

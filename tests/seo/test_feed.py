"""The Atom feed at /flux.xml: the live articles, last "Mis à jour le" first, with full addresses."""

import xml.etree.ElementTree as ET
from datetime import datetime, timedelta

import pytest

from articles import publishing
from articles.models import Article, ArticleAuthor, Revision
from seo.feed import ENTRIES
from tests.factories import ArticleFactory, PersonFactory, publish_now

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def feed(client, **headers) -> ET.Element:
    response = client.get("/flux.xml", **headers)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    return ET.fromstring(response.content)  # noqa: S314 - the site's own feed, made by this test


def entries(root: ET.Element) -> list[ET.Element]:
    return root.findall(f"{ATOM}entry")


def link(element: ET.Element) -> str:
    return element.find(f"{ATOM}link[@rel='alternate']").get("href")


def only_these(*articles: Article) -> None:
    """The feed holds the test's articles only (the seed article is taken down)."""
    for other in Article.objects.exclude(pk__in=[a.pk for a in articles]):
        publishing.unpublish(other, None)


def dated(article: Article, updated: datetime) -> None:
    Revision.objects.live().filter(article=article).update(updated_at=updated)
    publishing.invalidate_article(article.pk)


def test_it_is_a_french_atom_feed_with_the_site_s_own_addresses(client, site_url):
    root = feed(client, HTTP_HOST="localhost")
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    assert root.findtext(f"{ATOM}title") == "Infos santé : articles nouveaux et mis à jour"
    assert "publiés ou mis à jour" in root.findtext(f"{ATOM}subtitle")
    assert root.find(f"{ATOM}link[@rel='self']").get("href") == f"{site_url}/flux.xml"
    assert link(root) == f"{site_url}/"


def test_its_entries_are_the_live_articles_last_updated_first_with_their_dates(client, site_url):
    old, recent, middle = ArticleFactory(title="Ancien"), ArticleFactory(title="Récent"), ArticleFactory(title="Moyen")
    ArticleFactory(title="Brouillon", published=False)
    only_these(old, recent, middle)
    now = Revision.objects.live().get(article=recent).updated_at
    for article, days in ((old, 30), (recent, 0), (middle, 7)):
        dated(article, now - timedelta(days=days))
    found = entries(feed(client))
    assert [e.findtext(f"{ATOM}title") for e in found] == ["Récent", "Moyen", "Ancien"]
    for entry, article, days in zip(found, (recent, middle, old), (0, 7, 30), strict=True):
        live = Revision.objects.live().get(article=article)
        assert datetime.fromisoformat(entry.findtext(f"{ATOM}updated")) == now - timedelta(days=days)
        assert datetime.fromisoformat(entry.findtext(f"{ATOM}published")) == live.first_published_at
        assert link(entry) == f"{site_url}{article.get_absolute_url()}"
        assert entry.findtext(f"{ATOM}summary") == live.summary


def test_it_holds_the_last_twenty(client):
    articles = ArticleFactory.create_batch(ENTRIES + 2)
    titles = [e.findtext(f"{ATOM}title") for e in entries(feed(client))]
    assert titles == [a.title for a in reversed(articles)][:ENTRIES]


def test_an_entry_names_its_authors_and_keeps_its_id_when_the_article_is_renamed(client):
    article = ArticleFactory(published=False, slug="grippe")
    for position, name in enumerate(["Léa Petit", "Karim Haddad"], start=1):
        ArticleAuthor.objects.create(article=article, person=PersonFactory(name=name), position=position)
    publish_now(article)
    (entry,) = [e for e in entries(feed(client)) if link(e).endswith("/articles/grippe/")]
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Léa Petit et Karim Haddad"
    article.slug = "la-grippe"
    article.save()
    publish_now(article)
    (renamed,) = [e for e in entries(feed(client)) if link(e).endswith("/articles/la-grippe/")]
    assert renamed.findtext(f"{ATOM}id") == entry.findtext(f"{ATOM}id")


def test_it_is_served_from_the_cache_until_an_article_is_published(client, django_assert_num_queries):
    feed(client)
    with django_assert_num_queries(0):
        feed(client)
    ArticleFactory(title="Tout nouveau")
    assert entries(feed(client))[0].findtext(f"{ATOM}title") == "Tout nouveau"

"""sitemap.xml: the live articles at their "Mis à jour le" date, the home page, the site's own
pages and the people who wrote or reviewed them; nothing a reader cannot read."""

import json
import xml.etree.ElementTree as ET
from datetime import datetime

import pytest
from django.contrib.auth.models import Group

from articles import publishing
from articles.models import Article, ArticleAuthor, Revision
from tests.factories import (
    ArticleFactory,
    PersonFactory,
    ReviewerFactory,
    SitePageFactory,
    WriterFactory,
    publish_now,
)
from tests.html import soup

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def sitemap(client, **headers) -> dict[str, str | None]:
    """Each address listed, with its lastmod (None when it has none)."""
    response = client.get("/sitemap.xml", **headers)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml; charset=utf-8"
    root = ET.fromstring(response.content)  # noqa: S314 - the site's own sitemap, made by this test
    return {url.findtext("s:loc", namespaces=NS): url.findtext("s:lastmod", namespaces=NS) for url in root}


def edit(article: Article, user, **fields) -> None:
    for name, value in fields.items():
        setattr(article, name, value)
    article.save()
    publishing.record_save(article, user)
    publishing.submit(article, user)


def test_it_lists_live_articles_only_at_the_site_s_own_address(client, site_url):
    live = ArticleFactory(slug="vaccins")
    ArticleFactory(slug="brouillon", published=False)
    gone = ArticleFactory(slug="retire")
    publishing.unpublish(gone, None)
    listed = sitemap(client, HTTP_HOST="localhost")
    assert f"{site_url}{live.get_absolute_url()}" in listed
    assert f"{site_url}/articles/brouillon/" not in listed
    assert f"{site_url}/articles/retire/" not in listed
    assert all(location.startswith(f"{site_url}/") for location in listed)


def test_an_article_s_lastmod_is_its_mis_a_jour_le_date_which_a_minor_correction_keeps(client, site_url):
    writer = WriterFactory()
    writer.groups.add(Group.objects.get(name="Rédacteurs"))
    reviewer = ReviewerFactory()
    article = ArticleFactory(slug="grippe")
    edit(article, writer, title="La grippe, mise à jour")
    publishing.approve_and_publish(
        article, reviewer, publishing.Approval(scope=Revision.Scope.COMPLETE, substantive=True, change_note="Neuf")
    )
    updated = Revision.objects.live().get(article=article).updated_at
    edit(article, writer, title="La grippe, mise à jour sans coquille")
    publishing.approve_and_publish(article, reviewer, publishing.Approval(scope=Revision.Scope.MINOR))

    lastmod = sitemap(client)[f"{site_url}/articles/grippe/"]
    assert datetime.fromisoformat(lastmod) == updated
    page = soup(client.get("/articles/grippe/"))
    (script,) = page.find_all("script", type="application/ld+json")
    (web_page,) = [node for node in json.loads(script.string)["@graph"] if node["@type"] == "MedicalWebPage"]
    assert web_page["dateModified"] == lastmod
    assert page.find("meta", property="article:modified_time")["content"] == lastmod


def test_the_home_page_is_dated_by_its_newest_article(client, site_url):
    ArticleFactory()
    newest = ArticleFactory()
    listed = sitemap(client)
    assert datetime.fromisoformat(listed[f"{site_url}/"]) == Revision.objects.live().get(article=newest).updated_at


def test_it_lists_the_site_s_pages_with_their_date_and_the_accessibility_statement(client, site_url):
    page = SitePageFactory(slug="nous-contacter")
    listed = sitemap(client)
    assert datetime.fromisoformat(listed[f"{site_url}/nous-contacter/"]) == page.updated_at
    assert f"{site_url}/accessibilite/" in listed


def test_it_lists_the_people_of_live_articles_only(client, site_url):
    author = PersonFactory(slug="lea-petit")
    draft_author = PersonFactory(slug="karim-haddad")
    PersonFactory(slug="sans-article")
    live = ArticleFactory(published=False)
    ArticleAuthor.objects.create(article=live, person=author)
    publish_now(live)
    draft = ArticleFactory(published=False)
    ArticleAuthor.objects.create(article=draft, person=draft_author)
    listed = sitemap(client)
    assert f"{site_url}/auteurs/lea-petit/" in listed
    assert f"{site_url}/auteurs/karim-haddad/" not in listed
    assert f"{site_url}/auteurs/sans-article/" not in listed


def test_it_is_served_from_the_cache_until_an_article_is_published(client, site_url, django_assert_num_queries):
    sitemap(client)
    with django_assert_num_queries(0):
        sitemap(client)
    article = ArticleFactory(slug="nouveau")
    assert f"{site_url}{article.get_absolute_url()}" in sitemap(client)


def test_it_lists_the_thematiques_with_live_articles_dated_by_their_newest(client, site_url):
    from tests.factories import TopicFactory, in_topics

    cancers = TopicFactory(slug="cancers")
    TopicFactory(slug="vide")  # no live article: nothing to show yet
    older, newer = ArticleFactory(published=False), ArticleFactory(published=False)
    for article in (older, newer):
        publish_now(in_topics(article, cancers))
    ArticleFactory(published=False, slug="brouillon-en-cancers")  # a draft counts for nothing
    listed = sitemap(client)
    newest = Revision.objects.live().get(article=newer).updated_at
    assert datetime.fromisoformat(listed[f"{site_url}/themes/cancers/"]) == newest
    assert datetime.fromisoformat(listed[f"{site_url}/themes/"]) == newest
    assert f"{site_url}/themes/vide/" not in listed

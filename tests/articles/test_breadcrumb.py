"""The breadcrumb above an article: Accueil › its first thématique › the article."""

import pytest

from articles.models import ArticleTopic
from tests.factories import ArticleFactory, TopicFactory, in_topics, publish_now
from tests.html import soup, text_of

pytestmark = pytest.mark.django_db


def breadcrumb(client, article):
    return soup(client.get(article.get_absolute_url())).find("nav", attrs={"aria-label": "Fil d’Ariane"})


def crumbs(nav) -> list[tuple[str, str, str | None]]:
    return [(text_of(a), a["href"], a.get("aria-current")) for a in nav.select("ol > li > a")]


def test_the_breadcrumb_leads_home_then_to_the_articles_first_topic(client):
    first, second = TopicFactory(name="Vaccination", slug="vaccination"), TopicFactory(name="Enfants")
    article = in_topics(ArticleFactory(published=False, title="Le ROR", slug="ror"), first, second)
    publish_now(article)
    nav = breadcrumb(client, article)
    assert crumbs(nav) == [
        ("Accueil", "/", None),
        ("Vaccination", "/themes/vaccination/", None),
        ("Le ROR", "/articles/ror/", "page"),
    ]
    assert text_of(nav) == "Accueil › Vaccination › Le ROR"
    assert all(separator["aria-hidden"] == "true" for separator in nav.select(".breadcrumb-separator"))
    assert nav.find("ol") is not None
    # Before the main content, so that « Aller au contenu » skips it with the header.
    assert nav.find_parent("main") is None and nav.find_next_sibling("main") is not None


def test_the_editors_order_decides_the_topic_the_breadcrumb_shows(client):
    first, second = TopicFactory(name="Vaccination"), TopicFactory(name="Enfants")
    article = in_topics(ArticleFactory(published=False), first, second)
    publish_now(article)
    ArticleTopic.objects.filter(article=article, topic=second).update(position=0)
    publish_now(article)
    assert [name for name, _, _ in crumbs(breadcrumb(client, article))][1] == "Enfants"


def test_an_article_without_a_topic_has_home_then_itself(client):
    article = ArticleFactory(title="Sans thématique")
    assert text_of(breadcrumb(client, article)) == "Accueil › Sans thématique"


def test_the_preview_shows_the_working_copys_first_topic(staff_client):
    article = in_topics(ArticleFactory(published=False), TopicFactory(name="Allergies"))
    preview = soup(staff_client.get(f"/admin/articles/article/{article.pk}/apercu/contenu/"))
    assert "Allergies" in text_of(preview.find("nav", attrs={"aria-label": "Fil d’Ariane"}))


def test_the_thematique_pages_have_their_own_breadcrumb(client):
    topic = TopicFactory(name="Allergies", slug="allergies")
    index = soup(client.get("/themes/")).find("nav", attrs={"aria-label": "Fil d’Ariane"})
    assert crumbs(index) == [("Accueil", "/", None), ("Thématiques", "/themes/", "page")]
    page = soup(client.get(topic.get_absolute_url())).find("nav", attrs={"aria-label": "Fil d’Ariane"})
    assert crumbs(page)[-1] == ("Allergies", "/themes/allergies/", "page")

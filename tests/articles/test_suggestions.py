"""« Dans la même thématique »: up to three live articles sharing a topic, after the article."""

from datetime import UTC, datetime, timedelta

import pytest

from articles import publishing, topics
from articles.live import LiveArticle
from tests.factories import ArticleFactory, SectionFactory, TopicFactory, in_topics, publish_now
from tests.html import soup, text_of

T0 = datetime(2025, 1, 1, tzinfo=UTC)


def live(pk: int, days: int, *topic_ids: int) -> LiveArticle:
    return LiveArticle(pk, f"Article {pk}", f"article-{pk}", "", T0, T0 + timedelta(days=days), (), None, topic_ids)


def by_topic(*articles: LiveArticle) -> dict[int, list[LiveArticle]]:
    """As the live map holds them: each topic's articles, last updated first."""
    found: dict[int, list[LiveArticle]] = {}
    for article in sorted(articles, key=lambda a: (a.updated_at, a.pk), reverse=True):
        for pk in article.topic_ids:
            found.setdefault(pk, []).append(article)
    return found


def pks(articles) -> list[int]:
    return [a.pk for a in articles]


def test_the_newest_updates_of_the_articles_topics_come_first_and_three_at_most():
    index = by_topic(live(1, 1, 10), live(2, 5, 10), live(3, 3, 20), live(4, 4, 10, 20), live(5, 2, 20), live(6, 9, 30))
    assert pks(topics.suggestions([10, 20], [], index)) == [2, 4, 3]


def test_never_the_article_itself_nor_an_article_it_already_teases():
    index = by_topic(live(1, 9, 10), live(2, 8, 10), live(3, 7, 10), live(4, 6, 10), live(5, 5, 10))
    assert pks(topics.suggestions([10], [1, 2], index)) == [3, 4, 5]


def test_an_article_in_two_shared_topics_comes_once():
    index = by_topic(live(1, 9, 10, 20), live(2, 1, 20))
    assert pks(topics.suggestions([10, 20], [], index)) == [1, 2]


def test_no_topic_or_no_other_article_in_it_gives_no_suggestion():
    index = by_topic(live(1, 9, 10))
    assert topics.suggestions([], [], index) == []
    assert topics.suggestions([10], [1], index) == []
    assert topics.suggestions([99], [], index) == []


def suggested(client, article) -> list[str]:
    block = soup(client.get(article.get_absolute_url())).find("aside", class_="suggestions")
    return [text_of(a) for a in block.select("li a")] if block else []


@pytest.mark.django_db
def test_the_page_suggests_live_articles_of_its_topics_never_a_draft_nor_itself(client):
    vaccins, grippe, autre = TopicFactory(), TopicFactory(), TopicFactory()
    article = in_topics(ArticleFactory(published=False, title="Le ROR"), vaccins, grippe)
    publish_now(article)
    for title, chosen in [("Vaccins 1", vaccins), ("Grippe 1", grippe), ("Ailleurs", autre), ("Vaccins 2", vaccins)]:
        publish_now(in_topics(ArticleFactory(published=False, title=title), chosen))
    in_topics(ArticleFactory(published=False, title="Brouillon"), vaccins)
    taken_down = in_topics(ArticleFactory(published=False, title="Dépublié"), vaccins)
    publish_now(taken_down)
    publishing.unpublish(taken_down, None)
    assert suggested(client, article) == ["Vaccins 2", "Grippe 1", "Vaccins 1"]
    page = soup(client.get(article.get_absolute_url()))
    block = page.find("aside", class_="suggestions")
    assert text_of(block.find("h2")) == "Dans la même thématique"
    assert block["aria-labelledby"] == block.find("h2")["id"]


@pytest.mark.django_db
def test_an_article_already_teased_on_the_page_is_not_suggested_again(client):
    topic = TopicFactory()
    teased = publish_now(in_topics(ArticleFactory(published=False, title="Déjà en « À lire aussi »"), topic))
    other = in_topics(ArticleFactory(published=False, title="Autre"), topic)
    publish_now(other)
    article = in_topics(ArticleFactory(published=False), topic)
    SectionFactory(article=article, read_also_id=teased.article_id)
    publish_now(article)
    page = soup(client.get(article.get_absolute_url()))
    assert [text_of(a) for a in page.select("aside.teaser a")] == ["Déjà en « À lire aussi »"]
    assert suggested(client, article) == ["Autre"]


@pytest.mark.django_db
def test_the_suggestions_follow_the_trust_block_and_the_health_notice_and_precede_the_feedback(client):
    topic = TopicFactory()
    publish_now(in_topics(ArticleFactory(published=False), topic))
    article = publish_now(in_topics(ArticleFactory(published=False), topic)).article
    page = soup(client.get(article.get_absolute_url()))
    order = [
        element.get("id") or element.get("class")[0]
        for element in page.select("section.trust, div.health-notice, aside.suggestions, #avis")
    ]
    assert order == ["trust", "health-notice", "suggestions", "avis"]


@pytest.mark.django_db
def test_an_article_alone_in_its_topic_shows_no_suggestion_block(client):
    article = publish_now(in_topics(ArticleFactory(published=False), TopicFactory())).article
    assert soup(client.get(article.get_absolute_url())).find("aside", class_="suggestions") is None


@pytest.mark.django_db
def test_a_new_article_in_the_topic_reaches_the_cached_pages_that_suggest_it_and_leaves_them(client):
    topic = TopicFactory()
    article = publish_now(in_topics(ArticleFactory(published=False), topic)).article
    assert suggested(client, article) == []  # now in the page cache
    newcomer = in_topics(ArticleFactory(published=False, title="Nouveau venu"), topic)
    publish_now(newcomer)
    assert suggested(client, article) == ["Nouveau venu"]
    newcomer.title = "Nouveau venu, retitré"
    newcomer.save()
    publish_now(newcomer)
    assert suggested(client, article) == ["Nouveau venu, retitré"]
    publishing.unpublish(newcomer, None)
    assert suggested(client, article) == []


@pytest.mark.django_db
def test_the_article_page_with_topics_and_suggestions_still_costs_one_query_warm_and_three_fresh(
    client, django_assert_num_queries
):
    topic = TopicFactory()
    for _ in range(5):
        publish_now(in_topics(ArticleFactory(published=False), topic))
    article = publish_now(in_topics(ArticleFactory(published=False), topic)).article
    other = publish_now(in_topics(ArticleFactory(published=False), topic)).article
    with django_assert_num_queries(3):  # the live revision, the map of live articles, the site's texts
        assert len(suggested(client, article)) == 3
    with django_assert_num_queries(1):  # the live revision
        response = client.get(other.get_absolute_url())
    assert "Accueil" in text_of(soup(response).find("nav"))

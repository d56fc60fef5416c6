"""The thématiques as readers find them: /themes/, a topic's page, and the home page's list."""

import pytest

from articles import publishing
from articles.models import Article, ArticleTopic
from articles.views import ARTICLES_PER_PAGE
from tests.factories import ArticleFactory, TopicFactory, in_topics, publish_now
from tests.html import soup, text_of

pytestmark = pytest.mark.django_db


def live_in(*topics, **fields) -> Article:
    article = in_topics(ArticleFactory(published=False, **fields), *topics)
    publish_now(article)
    return article


def card_titles(response) -> list[str]:
    return [text_of(a) for a in soup(response).select(".article-list h2 a")]


@pytest.fixture
def vaccination(db):
    return TopicFactory(name="Vaccination", slug="vaccination", description="Les vaccins, de l’enfance à l’âge adulte.")


def test_a_topics_page_lists_its_live_articles_last_updated_first(client, vaccination):
    live_in(vaccination, title="Le calendrier des vaccins")
    ArticleFactory(title="Hors sujet")
    live_in(vaccination, title="Le vaccin contre la grippe")
    in_topics(ArticleFactory(published=False, title="Brouillon sur les vaccins"), vaccination)
    response = client.get("/themes/vaccination/")
    assert response.status_code == 200
    page = soup(response)
    assert text_of(page.find("h1")) == "Vaccination"
    assert text_of(page.select_one(".topic-description")) == "Les vaccins, de l’enfance à l’âge adulte."
    assert card_titles(response) == ["Le vaccin contre la grippe", "Le calendrier des vaccins"]
    assert page.title.get_text().startswith("Vaccination ·")


def test_an_article_taken_down_leaves_its_topics_page(client, vaccination):
    article = live_in(vaccination, title="Bientôt dépublié")
    assert card_titles(client.get("/themes/vaccination/")) == ["Bientôt dépublié"]
    publishing.unpublish(article, None)
    assert card_titles(client.get("/themes/vaccination/")) == []


def test_a_topic_without_live_articles_still_has_its_page_saying_so(client, vaccination):
    in_topics(ArticleFactory(published=False), vaccination)
    response = client.get("/themes/vaccination/")
    assert response.status_code == 200
    text = text_of(soup(response).find("main"))
    assert "Aucun article de cette thématique n’est en ligne pour le moment." in text
    assert not soup(response).select(".article-list li")


def test_an_unknown_topic_is_a_404_in_french(client):
    response = client.get("/themes/nexiste-pas/")
    assert response.status_code == 404
    assert text_of(soup(response).find("h1")) == "Page introuvable"


def test_a_topics_page_lists_twenty_articles_a_page_like_the_home_page(client, vaccination):
    for number in range(ARTICLES_PER_PAGE + 3):
        live_in(vaccination, title=f"Vaccin n° {number}")
    first = soup(client.get("/themes/vaccination/"))
    assert len(first.select(".article-list > li")) == ARTICLES_PER_PAGE
    assert text_of(first.find(class_="page-count")) == "Page 1 sur 2"
    older = first.select_one('nav.pagination a[rel="next"]')
    second = client.get("/themes/vaccination/" + older["href"])
    assert card_titles(second) == ["Vaccin n° 2", "Vaccin n° 1", "Vaccin n° 0"]
    assert soup(second).title.get_text().startswith("Vaccination, page 2")
    assert client.get("/themes/vaccination/?page=1").headers["Location"] == "/themes/vaccination/"
    for wrong in ("3", "0", "deux", "-1", "1.5"):
        assert client.get(f"/themes/vaccination/?page={wrong}").status_code == 404, wrong


def test_the_thematiques_page_lists_every_topic_with_its_description_and_live_articles(client, vaccination):
    allergies = TopicFactory(name="Allergies", slug="allergies", description="Pollens, aliments, médicaments.")
    TopicFactory(name="Éducation thérapeutique", slug="education", description="")
    live_in(vaccination)
    live_in(vaccination, allergies)
    in_topics(ArticleFactory(published=False), allergies)
    page = soup(client.get("/themes/"))
    cards = page.select(".topic-cards > li")
    assert [text_of(card.find("h2")) for card in cards] == ["Allergies", "Éducation thérapeutique", "Vaccination"]
    assert [card.find("a")["href"] for card in cards] == [
        "/themes/allergies/",
        "/themes/education/",
        "/themes/vaccination/",
    ]
    assert text_of(cards[0]) == "Allergies Pollens, aliments, médicaments. 1 article en ligne"
    assert text_of(cards[1]) == "Éducation thérapeutique Aucun article en ligne pour le moment"
    assert text_of(cards[2]).endswith("2 articles en ligne")


def test_the_thematiques_page_says_when_there_is_none(client):
    assert "Aucune thématique n’est encore proposée." in text_of(soup(client.get("/themes/")).find("main"))


def test_the_home_page_shows_the_thematiques_under_the_latest_articles(client, vaccination):
    live_in(vaccination, title="Le dernier mis à jour")
    page = soup(client.get("/"))
    assert card_titles(client.get("/"))[0] == "Le dernier mis à jour"
    section = page.find("section", attrs={"aria-labelledby": "thematiques"})
    assert text_of(section.find("h2")) == "Thématiques"
    assert [(text_of(a), a["href"]) for a in section.select(".topic-list a")] == [
        ("Vaccination", "/themes/vaccination/")
    ]
    assert "(1 article)" in text_of(section)
    assert section.find("a", href="/themes/")


def test_a_publication_in_a_topic_reaches_its_cached_pages(client, vaccination):
    assert card_titles(client.get("/themes/vaccination/")) == []
    client.get("/themes/")
    live_in(vaccination, title="Tout nouveau")
    assert card_titles(client.get("/themes/vaccination/")) == ["Tout nouveau"]
    assert "1 article en ligne" in text_of(soup(client.get("/themes/")).find("main"))


@pytest.mark.parametrize("count", [1, 60])
def test_home_and_topic_pages_cost_three_queries_in_a_fresh_process_and_none_after(
    client, django_assert_num_queries, vaccination, count
):
    for _ in range(count):
        live_in(vaccination)
    # The map of live articles, the map of the topics, the map of the site's texts and pages.
    with django_assert_num_queries(3):
        client.get("/")
    paths = ["/themes/", "/themes/vaccination/", *(["/?page=2", "/themes/vaccination/?page=3"] if count > 20 else [])]
    for path in paths:
        with django_assert_num_queries(0):  # not in the page cache: made from the maps in memory
            assert client.get(path).status_code == 200, path
    publish_now(ArticleFactory())
    with django_assert_num_queries(2):  # a list changed: both maps are made again
        client.get("/themes/vaccination/")


def test_a_topics_page_in_a_fresh_process_costs_three_queries(client, django_assert_num_queries, vaccination):
    live_in(vaccination)
    with django_assert_num_queries(3):
        assert client.get("/themes/vaccination/").status_code == 200
    with django_assert_num_queries(0):
        assert client.get("/themes/nexiste-pas/").status_code == 404


def test_the_article_leaves_a_topic_its_new_version_leaves(client, vaccination):
    other = TopicFactory(slug="autre")
    article = live_in(vaccination, title="Change de thématique")
    assert card_titles(client.get("/themes/vaccination/")) == ["Change de thématique"]
    ArticleTopic.objects.filter(article=article).update(topic=other)
    publish_now(article)
    assert card_titles(client.get("/themes/vaccination/")) == []
    assert card_titles(client.get("/themes/autre/")) == ["Change de thématique"]
